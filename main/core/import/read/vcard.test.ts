// vCard details the samples do not cover: refusals with their line, odd folding and
// quoted-printable, numbering of repeated e-mails and phones.
import { describe, expect, it } from 'vitest';
import { ReadError, readSource, type SourceTable } from './index.ts';

const vcf = (lines: string[], eol = '\r\n') => readSource(Buffer.from(lines.join(eol) + eol, 'utf8'), 'a.vcf');
const cardOf = (t: SourceTable, i = 0) => Object.fromEntries(t.headers.map((h, k) => [h, t.rows[i]!.cells[k]]).filter(([, v]) => v !== ''));

describe('vCard', () => {
  it('refuses a card left open, naming the line of its BEGIN', async () => {
    const e = await vcf(['BEGIN:VCARD', 'VERSION:3.0', 'FN:A', 'END:VCARD', '', 'BEGIN:VCARD', 'VERSION:3.0', 'FN:B']).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ReadError);
    expect(e).toMatchObject({ messageKey: 'errors.import_vcard_unclosed', line: 6, params: { line: 6 } });
  });

  it('refuses a value over 100k characters, naming the property\'s line', async () => {
    const long = 'x'.repeat(60_000);
    const e = await vcf(['BEGIN:VCARD', 'VERSION:3.0', 'FN:A', `NOTE:${long}`, ` ${long}`, 'END:VCARD']).catch((x: unknown) => x);
    expect(e).toMatchObject({ messageKey: 'errors.import_cell_too_long', line: 4 });
  });

  it('refuses a file without cards', async () => {
    await expect(readSource(Buffer.from('FN:Nikdo\r\n'), 'a.vcf')).rejects.toMatchObject({ messageKey: 'errors.import_vcard_none', line: null });
  });

  it('unfolds lines continued by a space or a TAB, with LF line ends too', async () => {
    const t = await vcf(['BEGIN:VCARD', 'VERSION:3.0', 'FN:Jan', ' a Marie', '\t Nováčkovi', 'N:Nováček;Jan;;;', 'END:VCARD'], '\n');
    expect(cardOf(t)).toMatchObject({ 'FN': 'Jana Marie Nováčkovi', 'N.family': 'Nováček' });
  });

  it('decodes quoted-printable with soft line breaks and keeps a broken escape as it is', async () => {
    const t = await vcf(['BEGIN:VCARD', 'VERSION:2.1', 'N;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Proch=C3=A1zka;Ji=',
      '=C5=99=C3=AD', 'NOTE;QUOTED-PRINTABLE:100=ZZ% jist=C3=A9', 'END:VCARD']);
    expect(cardOf(t)).toEqual({ 'N.family': 'Procházka', 'N.given': 'Jiří', 'NOTE': '100=ZZ% jisté' });
  });

  it('does not let a stray soft line break swallow END:VCARD', async () => {
    const t = await vcf(['BEGIN:VCARD', 'VERSION:2.1', 'FN;ENCODING=QUOTED-PRINTABLE:Jan=', 'END:VCARD', 'BEGIN:VCARD', 'FN:Eva', 'END:VCARD']);
    expect(t.rows.map((r) => [r.line, r.cells[0]])).toEqual([[1, 'Jan='], [5, 'Eva']]);
  });

  it('reads quoted-printable without a CHARSET as UTF-8, else as the Czech code page', async () => {
    const t = await vcf(['BEGIN:VCARD', 'VERSION:2.1', 'FN;ENCODING=QUOTED-PRINTABLE:=C5=A0imon', 'TITLE;ENCODING=QUOTED-PRINTABLE:=9Aofe=F8', 'END:VCARD']);
    expect(cardOf(t)).toEqual({ 'FN': 'Šimon', 'TITLE': 'šofeř' });
  });

  it('numbers repeated e-mails and phones per type, ignores groups and binaries', async () => {
    const t = await vcf(['BEGIN:VCARD', 'VERSION:3.0', 'FN:X', 'item1.TEL;type=CELL:1', 'item2.TEL;TYPE=cell:2', 'TEL;TYPE=work,voice:3',
      'TEL;TYPE=FAX:4', 'TEL:5', 'EMAIL;TYPE=home:a@b.cz', 'EMAIL;TYPE=home:c@d.cz', 'LOGO;ENCODING=b:AAAA', 'KEY;ENCODING=b:BBBB',
      'X-SOMETHING:y', 'END:VCARD']);
    expect(cardOf(t)).toEqual({ 'FN': 'X', 'TEL;CELL': '1', 'TEL;CELL 2': '2', 'TEL;WORK': '3', 'TEL;FAX': '4', 'TEL': '5', 'EMAIL;HOME': 'a@b.cz', 'EMAIL;HOME 2': 'c@d.cz' });
  });

  it('takes the work address, and the columns of all cards in one header', async () => {
    const t = await vcf(['BEGIN:VCARD', 'VERSION:3.0', 'FN:A', 'ADR;TYPE=home:;;Domácí 1;Kolín;;280 02;', 'ADR;TYPE=work:;;Pracovní 2;Praha;;110 00;CZ', 'END:VCARD',
      'BEGIN:VCARD', 'VERSION:3.0', 'FN:B', 'BDAY:19800512', 'END:VCARD']);
    expect(t.headers).toEqual(['FN', 'ADR.street', 'ADR.city', 'ADR.postalCode', 'ADR.country', 'BDAY']);
    expect(t.rows.map((r) => r.cells)).toEqual([['A', 'Pracovní 2', 'Praha', '110 00', 'CZ', ''], ['B', '', '', '', '', '1980-05-12']]);
  });

  it('skips a card embedded in another (2.1 AGENT) and text outside cards', async () => {
    const t = await vcf(['Podpis z e-mailu', 'BEGIN:VCARD', 'VERSION:2.1', 'FN:Šéf', 'AGENT:', 'BEGIN:VCARD', 'FN:Asistentka', 'END:VCARD',
      'TITLE:ředitel', 'END:VCARD', 'END:VCARD', 'nesmysl']);
    expect(t.rows).toEqual([{ line: 2, cells: ['Šéf', 'ředitel'] }]);
  });
});
