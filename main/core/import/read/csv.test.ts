// CSV reading: encodings told apart on short real text, delimiters, quoting, line numbers,
// limits.
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { detectEncoding } from './encoding.ts';
import { ReadError, readSource } from './index.ts';

const csv = (text: string, options = {}) => readSource(Buffer.from(text, 'utf8'), 'a.csv', options);
async function fails(p: Promise<unknown>): Promise<ReadError> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(ReadError);
  return e as ReadError;
}

describe('encoding', () => {
  const CZECH = ['Jiří Šťastný', 'Žaneta Řeháková', 'Ťápal Ondřej', 'Dvořák a syn, s.r.o.', 'Příjmení;Jméno\r\nČerný;Ludvík', 'Škoda Auto a.s.'];
  const HUNGARIAN = ['Kovács Ödön', 'Szőlőskert Bt., Győr', 'Szűcs Erzsébet', 'Árvíztűrő tükörfúrógép'];
  const RUSSIAN = ['Иван Петров', 'Щукина Юлия Эдуардовна', 'ООО "Ромашка", Москва', 'Фамилия;Имя;Отчество', 'ёжик в тумане'];

  it('tells Windows-1250 from ISO-8859-2 on a few Czech and Hungarian words (the same text either way is fine)', () => {
    for (const text of [...CZECH, ...HUNGARIAN]) {
      for (const [enc, name] of [['win1250', 'windows-1250'], ['iso-8859-2', 'iso-8859-2']] as const) {
        const guess = detectEncoding(iconv.encode(text, enc));
        expect(iconv.decode(iconv.encode(text, enc), guess.name), `${text} in ${name} read as ${guess.name}`).toBe(text);
        expect(['windows-1250', 'iso-8859-2']).toContain(guess.name);
      }
    }
    // Where the two pages differ (š ž ť Š Ž Ť), the right one is named.
    expect(detectEncoding(iconv.encode('Jiří Šťastný', 'win1250')).name).toBe('windows-1250');
    expect(detectEncoding(iconv.encode('Jiří Šťastný', 'iso-8859-2')).name).toBe('iso-8859-2');
  });

  it('tells Windows-1251 from KOI8-R on a few Russian words', () => {
    for (const text of RUSSIAN) {
      expect(detectEncoding(iconv.encode(text, 'win1251')).name, text).toBe('windows-1251');
      expect(detectEncoding(iconv.encode(text, 'koi8-r')).name, text).toBe('koi8-r');
    }
  });

  it('prefers UTF-8 whenever the bytes are valid UTF-8, and reads BOMs and UTF-16', () => {
    expect(detectEncoding(Buffer.from('Jiří Šťastný;Иван', 'utf8'))).toMatchObject({ name: 'utf-8', confidence: 100 });
    expect(detectEncoding(Buffer.from('\uFEFFJiří', 'utf8')).name).toBe('utf-8-bom');
    expect(detectEncoding(iconv.encode('\uFEFFJiří', 'utf-16le')).name).toBe('utf-16le');
    expect(detectEncoding(iconv.encode('\uFEFFJiří', 'utf-16be')).name).toBe('utf-16be');
    expect(detectEncoding(iconv.encode('Jméno;Příjmení\r\nJiří;Novák', 'utf-16le')).name).toBe('utf-16le');
  });

  it('looks where the letters are: a long plain-ASCII start does not blind it', () => {
    const text = `${'ID;Phone;Zip\r\n'}${'12345678;+420 222 333 444;110 00\r\n'.repeat(20_000)}Šťastný;Žaneta;Ťápal\r\n`;
    expect(detectEncoding(iconv.encode(text, 'iso-8859-2')).name).toBe('iso-8859-2');
    expect(detectEncoding(iconv.encode(text.replace('Šťastný;Žaneta;Ťápal', 'Щукина;Жуков;Юлия'), 'koi8-r')).name).toBe('koi8-r');
  });

  it('lists its candidates with confidences, the chosen first', () => {
    const g = detectEncoding(iconv.encode('Jiří Šťastný a Žaneta Řeháková', 'win1250'));
    expect(g.candidates[0]).toEqual({ name: 'windows-1250', confidence: g.confidence });
    expect(g.candidates.map((c) => c.name).sort()).toEqual(['iso-8859-2', 'koi8-r', 'windows-1250', 'windows-1251']);
    expect(g.confidence).toBeGreaterThan(g.candidates[1]!.confidence);
  });

  it('reads a file in the encoding the user chose', async () => {
    const bytes = iconv.encode('Jméno;Město\r\nŠárka;Plzeň\r\n', 'win1250');
    const t = await readSource(bytes, 'a.csv', { encoding: 'windows-1250' });
    expect(t.rows[0]!.cells).toEqual(['Šárka', 'Plzeň']);
    expect(t.encoding).toMatchObject({ name: 'windows-1250', confidence: 100 });
    const utf16 = await readSource(iconv.encode('\uFEFFJméno\tMěsto\r\nŠárka\tPlzeň', 'utf-16le'), 'a.txt');
    expect([utf16.delimiter, utf16.rows[0]!.cells]).toEqual(['\t', ['Šárka', 'Plzeň']]);
  });
});

describe('delimiters and quoting', () => {
  it('finds ; , TAB and |', async () => {
    for (const d of [';', ',', '\t', '|']) {
      const t = await csv(`Firma${d}Město${d}PSČ\r\nAlfa${d}Brno${d}602 00\r\n`);
      expect([t.delimiter, t.headers, t.rows[0]!.cells], JSON.stringify(d)).toEqual([d, ['Firma', 'Město', 'PSČ'], ['Alfa', 'Brno', '602 00']]);
    }
  });

  it('follows Excel\'s "sep=" line and skips it', async () => {
    const t = await csv('sep=|\r\nFirma|Obrat;Pozn\r\nAlfa|1,5;x\r\n');
    expect([t.delimiter, t.headers, t.rows]).toEqual(['|', ['Firma', 'Obrat;Pozn'], [{ line: 3, cells: ['Alfa', '1,5;x'] }]]);
  });

  it('picks ";" in a Czech Excel file whose every row holds a decimal comma', async () => {
    const t = await csv('Firma;Obrat\r\nAlfa;1234,5\r\nBeta;99,9\r\nGama;0,5\r\n');
    expect(t.delimiter).toBe(';');
    expect(t.rows.map((r) => r.cells)).toEqual([['Alfa', '1234,5'], ['Beta', '99,9'], ['Gama', '0,5']]);
  });

  it('picks ";" when every row holds an unquoted comma in an address', async () => {
    const t = await csv('Název;Adresa\r\nAlfa;Praha 1, Nové Město\r\nBeta;Brno, střed\r\n');
    expect([t.delimiter, t.rows[0]!.cells]).toEqual([';', ['Alfa', 'Praha 1, Nové Město']]);
  });

  it('is not misled by commas inside quoted cells', async () => {
    const t = await csv('"Firma";"Adresa"\r\n"Alfa, s.r.o.";"Praha 1, Nové Město"\r\n"Beta";"Brno, střed"\r\n');
    expect([t.delimiter, t.rows[0]!.cells]).toEqual([';', ['Alfa, s.r.o.', 'Praha 1, Nové Město']]);
  });

  it('numbers rows by the physical line they start on, through quoted line breaks of every kind', async () => {
    const t = await csv('a;b\r\n"1\r\nx";2\r\n"3\ny\nz";4\n"5\rw";6\r\n7;8\r\n\r\n\r\n');
    expect(t.rows).toEqual([
      { line: 2, cells: ['1\r\nx', '2'] },
      { line: 4, cells: ['3\ny\nz', '4'] },
      { line: 7, cells: ['5\rw', '6'] },
      { line: 9, cells: ['7', '8'] },
    ]);
  });

  it('skips blank lines and Excel\'s empty ";;;" rows, also before the header', async () => {
    const t = await csv('\r\n;;\r\nJméno;Příjmení;Obec\r\nJan;Novák;Praha\r\n\r\n;;\r\nEva;Malá;Brno\r\n\r\n');
    expect(t.headers).toEqual(['Jméno', 'Příjmení', 'Obec']);
    expect(t.rows).toEqual([{ line: 4, cells: ['Jan', 'Novák', 'Praha'] }, { line: 7, cells: ['Eva', 'Malá', 'Brno'] }]);
  });

  it('skips a title and its date line above the header, with a warning each', async () => {
    const t = await csv('Seznam zákazníků;;\r\nk 1. 1. 2026;;\r\n;;\r\nFirma;IČO;Obec\r\nAlfa;12345678;Brno\r\n');
    expect([t.headers, t.rows]).toEqual([['Firma', 'IČO', 'Obec'], [{ line: 5, cells: ['Alfa', '12345678', 'Brno'] }]]);
    expect(t.warnings).toEqual([{ line: 1, messageKey: 'errors.import_title_skipped' }, { line: 2, messageKey: 'errors.import_title_skipped' }]);
    // A one-column file keeps its first line as the header.
    const single = await csv('E-mail\r\na@b.cz\r\nc@d.cz\r\n');
    expect([single.headers, single.rows.length, single.warnings]).toEqual([['E-mail'], 2, []]);
  });

  it('pads short rows, and warns of a row wider than its header', async () => {
    const t = await csv('a;b;c\r\n1\r\n1;2;3;4\r\n');
    expect(t.headers).toEqual(['a', 'b', 'c', '']);
    expect(t.rows.map((r) => r.cells)).toEqual([['1', '', '', ''], ['1', '2', '3', '4']]);
    expect(t.warnings).toEqual([{ line: 3, messageKey: 'errors.import_row_wider', params: { found: 4, expected: 3 } }]);
  });

  it('keeps "" as a quote and text after a closing quote', async () => {
    const t = await csv('a;b\r\n"Pekárna ""U Čápa""";"Praha" 1\r\n');
    expect(t.rows[0]!.cells).toEqual(['Pekárna "U Čápa"', 'Praha 1']);
  });

  it('reads at most maxRows rows', async () => {
    const t = await csv('a\r\n1\r\n2\r\n3\r\n', { maxRows: 2 });
    expect(t.rows.map((r) => r.cells[0])).toEqual(['1', '2']);
  });
});

describe('refusals', () => {
  it('an unclosed quote names the line its cell starts on', async () => {
    const e = await fails(csv('a;b\r\n1;2\r\n3;"open\r\n4;5\r\n'));
    expect([e.messageKey, e.line]).toEqual(['errors.import_unclosed_quote', 3]);
  });

  it('more than 500 columns, and a cell over 100k characters, name their line', async () => {
    const wide = await fails(csv(`a;b\r\n1;2\r\n${Array.from({ length: 501 }, (_, i) => i).join(';')}\r\n`));
    expect([wide.messageKey, wide.line, wide.params]).toEqual(['errors.import_too_many_columns', 3, { max: 500 }]);
    const long = await fails(csv(`a;b\r\n1;2\r\n\r\n3;${'x'.repeat(100_001)}\r\n`));
    expect([long.messageKey, long.line]).toEqual(['errors.import_cell_too_long', 4]);
    const longQuoted = await fails(csv(`a;b\r\n1;"${'y\n'.repeat(60_000)}"\r\n`));
    expect([longQuoted.messageKey, longQuoted.line]).toEqual(['errors.import_cell_too_long', 2]);
  });

  it('empty files, binaries and old .xls', async () => {
    expect((await fails(readSource(new Uint8Array(0), 'a.csv'))).messageKey).toBe('errors.import_file_empty');
    expect((await fails(csv('\r\n\r\n;;;\r\n'))).messageKey).toBe('errors.import_file_empty');
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0, 0, 0, 1, 0, 8, 6, 0, 0, 0]);
    expect((await fails(readSource(png, 'photo.csv'))).messageKey).toBe('errors.import_not_text');
    const ole = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    expect((await fails(readSource(ole, 'stary.xls'))).messageKey).toBe('errors.import_xls_old');
  });
});

describe('source key', () => {
  it('is the same for the same headers (as normalised) and flavor, different otherwise', async () => {
    const a = await csv('Jméno;Příjmení\r\nJan;Novák\r\n');
    const b = await csv('JMENO,prijmeni\nEva,Malá\n');
    const c = await csv('Jméno;Příjmení;Obec\r\nJan;Novák;Praha\r\n');
    expect(a.sourceKey).toBe(b.sourceKey);
    expect(a.sourceKey).not.toBe(c.sourceKey);
    expect(a.sourceKey.startsWith(`${a.flavor}:`)).toBe(true);
  });
});
