// The CSV-type presets: Excel (Czech, Windows-1250), Excel (UTF-8), RFC 4180 CSV, Outlook and Google contacts.
import iconv from 'iconv-lite';
import type { Cell, ColumnSpec } from './index.ts';
import type { Locale } from '../../../../shared/types.ts';
import { ChunkedText, endStream, rowTexts, writeChunk, writeUtf8Rows, type Rows } from './sink.ts';
import { cellText, headerRow, neutraliseFormulaKeepNumbers, safeCellText, wordSafeHeaders } from './text.ts';

export interface CsvInput {
  columns: ColumnSpec[];
  rows: Rows;
  mergeNames: boolean;
  /** The export language: the address books' country column is a country's name in it. */
  locale?: Locale;
}

const CRLF = '\r\n';
const BOM = '\uFEFF';

/** RFC 4180 quoting: a value holding the delimiter, a quote, CR or LF is quoted, quotes doubled. */
function quoter(delimiter: string): (s: string) => string {
  const needs = delimiter === ',' ? /[",\r\n]/ : delimiter === ';' ? /[";\r\n]/ : new RegExp(`["\\r\\n${delimiter.replace(/[\\^\]-]/g, '\\$&')}]`);
  return (s) => (needs.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
}

function line(values: string[], delimiter: string, quote: (s: string) => string): string {
  let s = '';
  for (let i = 0; i < values.length; i++) s += (i ? delimiter : '') + quote(values[i]);
  return s + CRLF;
}

/** Quotes, CR or LF anywhere in a line: some cell of it needs quoting. */
const QUOTE_OR_BREAK = /["\r\n]/;

/** One data row, without its line end (the writers add CRLF). Most rows need no quoting at all:
 * the cells are joined as they are, a cell holding the delimiter found by indexOf, quotes and
 * line breaks by one test of the whole line — a regular expression per row instead of one per
 * cell (100k rows × 9 cells). */
function rowText(row: Cell[], width: number, delimiter: string, decimalComma: boolean, quote: (s: string) => string): string {
  // Joined from an array: one flat string, not a chain of partial concatenations per cell.
  const texts = new Array<string>(width);
  let plain = true;
  for (let i = 0; i < width; i++) {
    const text = safeCellText(row[i] ?? null, decimalComma);
    if (plain && text.indexOf(delimiter) >= 0) plain = false;
    texts[i] = text;
  }
  if (plain) {
    const s = texts.join(delimiter);
    if (!QUOTE_OR_BREAK.test(s)) return s;
  }
  let s = '';
  for (let i = 0; i < width; i++) s += (i ? delimiter : '') + quote(safeCellText(row[i] ?? null, decimalComma));
  return s;
}

// ---- UTF-8 presets: excel-utf8 (BOM, ';', decimal comma) and csv (no BOM, ',') -----------------------

export async function writeUtf8Csv(
  input: CsvInput, out: NodeJS.WritableStream, opts: { delimiter: string; bom: boolean; decimalComma: boolean },
): Promise<void> {
  const { delimiter, decimalComma } = opts;
  const quote = quoter(delimiter);
  const width = input.columns.length;
  const head = (opts.bom ? BOM : '') + line(headerRow(input.columns, input.mergeNames), delimiter, quote);
  await writeUtf8Rows(out, head, input.rows, (row) => rowText(row, width, delimiter, decimalComma, quote), CRLF);
  await endStream(out);
}

// ---- excel-cz: Windows-1250, ';', CRLF, decimal comma ----------------------------------------------

const WIN1250 = 'win1250';

/** Matches the first character Windows-1250 cannot hold (iconv-lite would silently write '?'). */
const NOT_WIN1250: RegExp = (() => {
  const bytes = Buffer.alloc(256);
  for (let i = 0; i < 256; i++) bytes[i] = i;
  const chars = [...iconv.decode(bytes, WIN1250)].filter((c) => c !== '\uFFFD');
  const cls = chars.map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
  return new RegExp(`[^${cls}]`, 'gu');
})();

export function win1250Unencodable(s: string): string[] {
  NOT_WIN1250.lastIndex = 0;
  return s.match(NOT_WIN1250) ?? [];
}

export interface Unencodable { rows: number[]; chars: string[]; count: number }

const LIST_AT_MOST = 20;

/**
 * Writes the excel-cz preset. Nothing reaches `out` until every row is known to be encodable: a row
 * with a character outside Windows-1250 (Cyrillic, most emoji…) stops the export and the function
 * returns the offending 1-based data rows and characters instead — never a '?'. The file is
 * therefore held in memory (encoded, ~1 byte a character) until the end.
 */
export async function writeExcelCz(input: CsvInput, out: NodeJS.WritableStream): Promise<Unencodable | null> {
  const delimiter = ';';
  const quote = quoter(delimiter);
  const width = input.columns.length;
  let headers = headerRow(input.columns, input.mergeNames);
  // Headers are ours, not the user's data: one the code page cannot hold is written Word-safe instead.
  if (headers.some((h) => win1250Unencodable(h).length)) headers = wordSafeHeaders(headers);

  const encoded: Buffer[] = [];
  const text = new ChunkedText((t) => { encoded.push(iconv.encode(t, WIN1250)); });
  text.push(line(headers, delimiter, quote));

  const bad: Unencodable = { rows: [], chars: [], count: 0 };
  const badChars = new Set<string>();
  let rowNo = 0;
  for await (const lines of rowTexts(input.rows, (row) => rowText(row, width, delimiter, true, quote) + CRLF)) {
    for (const l of lines) {
      rowNo++;
      NOT_WIN1250.lastIndex = 0;
      if (NOT_WIN1250.test(l)) {
        bad.count++;
        if (bad.rows.length < LIST_AT_MOST) bad.rows.push(rowNo);
        for (const ch of win1250Unencodable(l)) {
          if (badChars.size < LIST_AT_MOST) badChars.add(ch);
        }
      }
      // After the first bad row only the scan goes on (to name the rows); nothing more is kept.
      if (bad.count === 0) text.push(l);
    }
  }
  if (bad.count) {
    bad.chars = [...badChars];
    return bad;
  }
  text.flush();
  for (const buf of encoded) await writeChunk(out, buf);
  await endStream(out);
  return null;
}

// ---- Outlook and Google contacts -------------------------------------------------------------------

type Get = (key: string) => string;

interface ContactLayout {
  headers: string[];
  values: (get: Get) => string[];
}

function personName(get: Get): string {
  const name = [get('titleBefore'), get('firstName'), get('lastName')].filter(Boolean).join(' ');
  if (!name) return '';
  const after = get('titleAfter');
  return after ? `${name}, ${after}` : name;
}

/** The person's own email/phone first; the firm's as the second one (or the first for firm rows). */
function primarySecondary(get: Get, own: string, firm: string): [string, string] {
  const a = get(own);
  const b = get(firm);
  if (!a) return [b, ''];
  return [a, b && b !== a ? b : ''];
}

/** Outlook and Google read the country as a name ("Czechia", "Česko"), not as a code: Outlook
 * puts "CZ" into Country/Region as it stands. The name in the export language; a code the
 * platform does not know stays as it is. */
function countryNames(locale: Locale): (code: string) => string {
  const names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' });
  const cache = new Map<string, string>();
  return (code) => {
    if (!/^[A-Za-z]{2}$/.test(code)) return code;
    let name = cache.get(code);
    if (name === undefined) {
      try { name = names.of(code.toUpperCase()) ?? code; } catch { name = code; }
      cache.set(code, name);
    }
    return name;
  };
}

/** Outlook's own CSV column names (English Outlook export/import). */
const OUTLOOK: ContactLayout = {
  headers: [
    'Title', 'First Name', 'Last Name', 'Suffix', 'Company', 'Job Title',
    'Business Street', 'Business City', 'Business Postal Code', 'Business Country/Region',
    'Business Phone', 'Company Main Phone', 'E-mail Address', 'E-mail 2 Address', 'Web Page',
  ],
  values: (get) => {
    const [email1, email2] = primarySecondary(get, 'email', 'firmEmail');
    return [
      get('titleBefore'), get('firstName'), get('lastName'), get('titleAfter'), get('firmName'), get('jobTitle'),
      get('street'), get('city'), get('postalCode'), get('country'),
      get('phone'), get('firmPhone'), email1, email2, get('website'),
    ];
  },
};

/** Google Contacts' CSV column names as Google Contacts exports them today (the names its import
 * reads first; the older "Given Name", "Organization 1 - Name", "… - Type" are its legacy set).
 * A firm row has no person's name: Google files it under the organization. */
const GOOGLE: ContactLayout = {
  headers: [
    'First Name', 'Middle Name', 'Last Name', 'Name Prefix', 'Name Suffix',
    'Organization Name', 'Organization Title',
    'E-mail 1 - Label', 'E-mail 1 - Value', 'E-mail 2 - Label', 'E-mail 2 - Value',
    'Phone 1 - Label', 'Phone 1 - Value', 'Phone 2 - Label', 'Phone 2 - Value',
    'Address 1 - Label', 'Address 1 - Street', 'Address 1 - City', 'Address 1 - Postal Code', 'Address 1 - Country',
    'Website 1 - Label', 'Website 1 - Value',
  ],
  values: (get) => {
    const [email1, email2] = primarySecondary(get, 'email', 'firmEmail');
    const [phone1, phone2] = primarySecondary(get, 'phone', 'firmPhone');
    const work = (v: string) => (v ? 'Work' : '');
    const street = get('street'), city = get('city'), postal = get('postalCode'), country = get('country');
    return [
      get('firstName'), '', get('lastName'), get('titleBefore'), get('titleAfter'),
      get('firmName'), get('jobTitle'),
      work(email1), email1, work(email2), email2,
      work(phone1), phone1, work(phone2), phone2,
      work(street + city + postal + country), street, city, postal, country,
      work(get('website')), get('website'),
    ];
  },
};

export async function writeContactsCsv(input: CsvInput, out: NodeJS.WritableStream, kind: 'outlook' | 'google'): Promise<void> {
  const layout = kind === 'outlook' ? OUTLOOK : GOOGLE;
  const delimiter = ',';
  const quote = quoter(delimiter);
  const index = new Map<string, number>();
  input.columns.forEach((c, i) => { if (!index.has(c.key)) index.set(c.key, i); });
  let row: Cell[] = [];
  const country = countryNames(input.locale ?? 'en');
  const get: Get = (key) => {
    const i = index.get(key);
    const v = i === undefined ? '' : cellText(row[i] ?? null, false);
    return key === 'country' ? country(v) : v;
  };
  // Outlook's import wizard needs the BOM to read UTF-8; Google prefers the file without one.
  const head = (kind === 'outlook' ? BOM : '') + line(layout.headers, delimiter, quote);
  await writeUtf8Rows(out, head, input.rows, (r) => {
    row = r;
    return line(layout.values(get).map(neutraliseFormulaKeepNumbers), delimiter, quote);
  });
  await endStream(out);
}
