// The sample files, made as the programs that write them do (samples/make-samples.ts): the
// encoding, delimiter and flavor each is recognised by, every cell decoded exactly, and the
// line each row starts on.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSource, suggestMapping, type SourceTable } from './index.ts';
import { CZECH_ROWS, GOOGLE_LEGACY_ROWS, GOOGLE_ROWS, HUNGARIAN_ROWS, OUTLOOK_CS_ROWS, OUTLOOK_EN_ROWS, RUSSIAN_ROWS, textSamples } from './samples/make-samples.ts';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'samples');
const sample = (name: string) => readSource(fs.readFileSync(path.join(dir, name)), name);
const lines = (t: SourceTable) => t.rows.map((r) => r.line);

describe('sample files', () => {
  it('are what make-samples.ts writes, byte for byte', () => {
    for (const [name, bytes] of Object.entries(textSamples())) {
      expect(Buffer.compare(fs.readFileSync(path.join(dir, name)), Buffer.from(bytes)), name).toBe(0);
    }
  });

  it('Czech Excel: Windows-1250, ";", quoted cells with ";", quotes and a line break', async () => {
    const t = await sample('excel-cz-1250.csv');
    expect([t.format, t.encoding?.name, t.delimiter, t.flavor]).toEqual(['csv', 'windows-1250', ';', 'generic']);
    expect([t.headers, ...t.rows.map((r) => r.cells)]).toEqual(CZECH_ROWS);
    // The second data row's note holds a line break: the next row starts a line later.
    expect(lines(t)).toEqual([2, 3, 5, 6]);
    expect(t.rows[1]!.cells[9]).toBe('Schůzka v úterý\nv 10:00 u nich; parkování ve dvoře');
    expect(t.warnings).toEqual([]);
  });

  it('Hungarian: ISO-8859-2 (told from Windows-1250 by Š and Ľ)', async () => {
    const t = await sample('hungarian-8859-2.csv');
    expect([t.encoding?.name, t.delimiter, t.flavor]).toEqual(['iso-8859-2', ';', 'generic']);
    expect([t.headers, ...t.rows.map((r) => r.cells)]).toEqual(HUNGARIAN_ROWS);
    expect(lines(t)).toEqual([2, 3, 4]);
  });

  it('Russian: Windows-1251 and KOI8-R', async () => {
    for (const [name, encoding] of [['russian-1251.csv', 'windows-1251'], ['russian-koi8r.csv', 'koi8-r']]) {
      const t = await sample(name!);
      expect([t.encoding?.name, t.delimiter], name).toEqual([encoding, ';']);
      expect([t.headers, ...t.rows.map((r) => r.cells)], name).toEqual(RUSSIAN_ROWS);
    }
    // Same headers, same flavor: the same key to remember a mapping by, whatever the encoding.
    expect((await sample('russian-1251.csv')).sourceKey).toBe((await sample('russian-koi8r.csv')).sourceKey);
  });

  it('Outlook in English: UTF-8, ",", every cell quoted, a note over two lines', async () => {
    const t = await sample('outlook-en.csv');
    expect([t.encoding?.name, t.delimiter, t.flavor]).toEqual(['utf-8', ',', 'outlook']);
    expect([t.headers, ...t.rows.map((r) => r.cells)]).toEqual(OUTLOOK_EN_ROWS);
    expect(lines(t)).toEqual([2, 4]);
  });

  it('Outlook in Czech: Windows-1250, ";"', async () => {
    const t = await sample('outlook-cs-1250.csv');
    expect([t.encoding?.name, t.delimiter, t.flavor]).toEqual(['windows-1250', ';', 'outlook']);
    expect([t.headers, ...t.rows.map((r) => r.cells)]).toEqual(OUTLOOK_CS_ROWS);
  });

  it('Google Contacts: UTF-8 with LF, Czech and Cyrillic names', async () => {
    const t = await sample('google.csv');
    expect([t.encoding?.name, t.delimiter, t.flavor]).toEqual(['utf-8', ',', 'google']);
    expect([t.headers, ...t.rows.map((r) => r.cells)]).toEqual(GOOGLE_ROWS);
    // The formatted address spans three lines.
    expect(lines(t)).toEqual([2, 5]);
  });

  it('Google\'s older CSV: UTF-16 LE with a BOM, the old column names', async () => {
    const t = await sample('google-legacy-utf16.csv');
    expect([t.encoding?.name, t.delimiter, t.flavor]).toEqual(['utf-16le', ',', 'google']);
    expect([t.headers, ...t.rows.map((r) => r.cells)]).toEqual(GOOGLE_LEGACY_ROWS);
    expect(lines(t)).toEqual([2, 3]);
  });

  it('vCard 3.0: folded lines, escapes, groups, several e-mails, a photo skipped', async () => {
    const t = await sample('contacts-3.0.vcf');
    expect([t.format, t.encoding?.name, t.delimiter, t.flavor]).toEqual(['vcard', 'utf-8', null, 'generic']);
    const card = Object.fromEntries(t.headers.map((h, i) => [h, t.rows[0]!.cells[i]]));
    expect(card).toEqual({
      'FN': 'Ing. Kateřina Procházková', 'N.family': 'Procházková', 'N.given': 'Kateřina', 'N.prefix': 'Ing.',
      'ORG': 'Procházka & Partneři, s.r.o.', 'ORG.unit': 'Obchod', 'TITLE': 'obchodní ředitelka',
      'EMAIL': 'katerina@prochazka.cz', 'EMAIL;WORK': 'obchod@prochazka.cz', 'EMAIL;WORK 2': 'info@prochazka.cz',
      'TEL;CELL': '+420 777 123 456', 'TEL;WORK': '+420 222 111 000',
      'ADR.street': 'Karlovo náměstí 7', 'ADR.city': 'Praha 2', 'ADR.postalCode': '120 00', 'ADR.country': 'Česká republika',
      'CATEGORIES': 'VIP, Praha, centrum',
      'NOTE': 'Dlouhá poznámka, která se nevejde na jeden řádek a musí být zalomená podle RFC 2426; pokračuje mezerou.\nDruhý řádek.',
    });
    expect(t.headers.some((h) => h.startsWith('PHOTO'))).toBe(false);
    expect(lines(t)).toEqual([1, 25, 32]);
    expect(t.rows[1]!.cells[t.headers.indexOf('FN')]).toBe('Horváth Zoltán');
    // The third card has an organisation but no name: read, with a warning naming its line.
    expect(t.warnings).toEqual([{ line: 32, messageKey: 'errors.import_vcard_no_name' }]);
  });

  it('vCard 2.1 from Outlook: quoted-printable in Windows-1250 and UTF-8, soft line breaks, bare types', async () => {
    const t = await sample('outlook-2.1.vcf');
    expect([t.format, t.flavor]).toEqual(['vcard', 'outlook']);
    const card = Object.fromEntries(t.headers.map((h, i) => [h, t.rows[0]!.cells[i]]));
    expect(card).toEqual({
      'FN': 'Přemysl Růžička', 'N.family': 'Růžička', 'N.given': 'Přemysl', 'ORG': 'Růžička – zahradnictví', 'TITLE': 'majitel',
      'EMAIL': 'premysl@ruzicka.cz', 'TEL;WORK': '+420 465 123 456', 'TEL;CELL': '+420 608 765 432',
      'ADR.street': 'Třebovská 1234/56', 'ADR.city': 'Česká Třebová', 'ADR.postalCode': '560 02', 'ADR.country': 'Česká republika',
      'NOTE': 'Objednává sazenice každé jaro.\nPlatí včas.',
    });
    expect(lines(t)).toEqual([1]);
  });

  it('vCard 4.0: quoted type lists, tel: URIs, a firm\'s own card', async () => {
    const t = await sample('contacts-4.0.vcf');
    const card = (i: number) => Object.fromEntries(t.headers.map((h, k) => [h, t.rows[i]!.cells[k]]));
    expect(card(0)).toMatchObject({
      'FN': 'Ольга Николаевна Кузнецова', 'N.family': 'Кузнецова', 'N.given': 'Ольга', 'N.additional': 'Николаевна',
      'ORG': 'ООО «Берёзка»', 'TITLE': 'директор', 'EMAIL;WORK': 'olga@berezka.ru', 'TEL;WORK': '+7-812-555-1234', 'TEL;CELL': '+7-921-000-0000',
      'ADR.street': 'Садовая ул., 5', 'ADR.city': 'Санкт-Петербург', 'ADR.postalCode': '190000', 'ADR.country': 'Россия', 'GENDER': 'F',
    });
    expect(card(1)).toMatchObject({ 'FN': 'Берёзка', 'ORG': 'ООО «Берёзка»', 'URL': 'https://berezka.ru', 'KIND': 'org', 'N.family': '' });
    expect(lines(t)).toEqual([1, 14]);
  });

  it('XLSX: the first sheet, dates, numbers without float noise, rich text, formulas, links', async () => {
    const t = await sample('workbook.xlsx');
    expect([t.format, t.encoding, t.delimiter, t.sheets]).toEqual(['xlsx', null, null, ['Firmy', 'Lidé']]);
    expect(t.headers).toEqual(['Název firmy', 'IČO', 'Založeno', 'Obrat', 'Sleva', 'Poznámka', 'Web']);
    expect(t.rows).toEqual([
      { line: 2, cells: ['Šťastný & syn s.r.o.', '25596641', '2019-03-15', '1234567.5', '0.3', 'Dobrý zákazník', 'stastny.cz'] },
      // Row 3 is empty: skipped, and the next keeps its own number.
      { line: 4, cells: ['Žluťoučký kůň, a.s.', '00012345', '2001-12-31 14:30', '2469135', '1000000000000000000000', 'řádek 1\nřádek 2', ''] },
    ]);
    const people = await readSource(fs.readFileSync(path.join(dir, 'workbook.xlsx')), 'x.xlsx', { sheet: 'Lidé' });
    expect([people.headers, people.rows]).toEqual([['Jméno', 'Příjmení'], [{ line: 2, cells: ['Věra', 'Nová'] }]]);
    await expect(readSource(fs.readFileSync(path.join(dir, 'workbook.xlsx')), 'x.xlsx', { sheet: 'Nic' }))
      .rejects.toMatchObject({ messageKey: 'errors.import_sheet_missing', params: { sheet: 'Nic' } });
  });

  it('suggest a people mapping that takes each file\'s names, firm, address and channels', async () => {
    const targets = async (name: string) => {
      const t = await sample(name);
      const m = suggestMapping(t, 'people');
      return Object.fromEntries(t.headers.map((h, i) => [h, m[i]]).filter(([, v]) => v));
    };
    expect(await targets('excel-cz-1250.csv')).toEqual({
      'Firma': 'firm.name', 'IČ': 'firm.ico', 'Ulice': 'address.street', 'Město': 'address.city', 'PSČ': 'address.postalCode',
      'Křestní jméno': 'person.firstName', 'Příjmení': 'person.lastName', 'E-mail': 'person.email', 'Telefon': 'person.phone', 'Poznámka': 'person.note',
    });
    expect(await targets('hungarian-8859-2.csv')).toEqual({
      'Cég neve': 'firm.name', 'Adószám': 'firm.ico', 'Cím': 'address.street', 'Város': 'address.city', 'Irsz': 'address.postalCode',
      'Vezetéknév': 'person.lastName', 'Keresztnév': 'person.firstName', 'E-mail': 'person.email', 'Mobil': 'person.mobile',
    });
    expect(await targets('russian-koi8r.csv')).toEqual({
      'Организация': 'firm.name', 'ИНН': 'firm.ico', 'Адрес': 'address.street', 'Город': 'address.city', 'Индекс': 'address.postalCode',
      'Фамилия': 'person.lastName', 'Имя': 'person.firstName', 'Отчество': 'person.patronymic', 'Телефон': 'person.phone', 'Теги': 'tags',
    });
    expect(await targets('outlook-cs-1250.csv')).toEqual({
      'Oslovení': 'person.titleBefore', 'Jméno': 'person.firstName', 'Příjmení': 'person.lastName', 'Titul za jménem': 'person.titleAfter',
      'Společnost': 'firm.name', 'Funkce': 'person.jobTitle', 'Ulice (zaměstnání)': 'address.street', 'Město (zaměstnání)': 'address.city',
      'PSČ (zaměstnání)': 'address.postalCode', 'Země/oblast (zaměstnání)': 'address.country', 'Telefon do zaměstnání': 'person.phone',
      'Mobilní telefon': 'person.mobile', 'E-mailová adresa': 'person.email', 'Poznámky': 'person.note', 'Kategorie': 'tags',
    });
    expect(await targets('google-legacy-utf16.csv')).toEqual({
      'Given Name': 'person.firstName', 'Family Name': 'person.lastName', 'Name Prefix': 'person.titleBefore', 'Name Suffix': 'person.titleAfter',
      'Group Membership': 'tags', 'E-mail 1 - Value': 'person.email', 'Phone 1 - Value': 'person.phone',
      'Organization 1 - Name': 'firm.name', 'Organization 1 - Title': 'person.jobTitle',
    });
    expect(await targets('outlook-2.1.vcf')).toEqual({
      'N.family': 'person.lastName', 'N.given': 'person.firstName', 'ORG': 'firm.name', 'TITLE': 'person.jobTitle', 'EMAIL': 'person.email',
      'TEL;WORK': 'person.phone', 'TEL;CELL': 'person.mobile', 'ADR.street': 'address.street', 'ADR.city': 'address.city',
      'ADR.postalCode': 'address.postalCode', 'ADR.country': 'address.country', 'NOTE': 'person.note',
    });
  });
});
