// Reading a CSV export of invoice or order lines from accounting — pure, no database here, so
// every rule is unit-tested on its own (csv.test.ts). What the file may look like:
//  - columns separated by `;` (what Czech, Hungarian and Russian Excel writes), `,` or a tab,
//    detected from the first line; an Excel `sep=;` line is honoured;
//  - a header line naming the columns in Czech, English, Hungarian or Russian (any order, extra
//    columns ignored), or no header at all: then the columns are, in this order, date, firm (IČO or
//    name), amount, currency, product, document number;
//  - dates as 2026-03-15, 15.3.2026 / 15. 3. 2026, or the Hungarian 2026.03.15.;
//  - amounts as parseMoney reads them: "12 500,50" or "12500.50"; a lone separator before exactly
//    three digits is read the Czech way in a `;` or tab file (decimal comma, so "1,250" has too many
//    decimals and is refused) and the English way in a `,` file;
//  - UTF-8 text (a byte-order mark is dropped); the renderer decodes windows-1250 bytes before sending.
// Line numbers are 1-based physical lines of the file as an editor shows them, the header line
// (and a `sep=` line) included; a quoted value spanning lines is reported at the line it starts on.
import Papa from 'papaparse';
import type { Currency, ImportProblem } from '../../../shared/types.ts';
import { CURRENCIES } from '../../../shared/types.ts';
import { parseMoney } from '../../../shared/money.ts';
import { normalizeIco } from '../../../shared/validation.ts';
import { fold } from '../duplicates/normalize.ts';

/** The columns a problem can point at (the import screen translates them). */
export const IMPORT_FIELDS = ['date', 'firm', 'amount', 'currency', 'product', 'documentNo'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

export const MAX_PRODUCT = 200;
export const MAX_DOCUMENT_NO = 60;
const MAX_AMOUNT = 1e14;

/** One data line, read as far as it could be; `problems` lists what is wrong with it. */
export interface CsvLine {
  line: number;
  date: string | null;
  /** IČO as stored on firms (8 digits, leading zeros kept or restored), when the line gives one. */
  ico: string | null;
  /** The firm's name, when the line gives one (or a firm value that is not an IČO). */
  name: string | null;
  /** What the line said about the firm, for messages. */
  firmText: string;
  amount: number | null;
  currency: Currency | null;
  product: string;
  documentNo: string | null;
  problems: ImportProblem[];
}

export interface ParsedCsv {
  delimiter: ';' | ',' | '\t';
  hasHeader: boolean;
  /** Problems of the file as a whole (a missing column, an unreadable line). */
  problems: ImportProblem[];
  lines: CsvLine[];
}

// Logical columns. The firm is either one column (IČO or name, whatever the line holds) or an IČO
// column and a name column side by side.
type Column = 'date' | 'firm' | 'ico' | 'name' | 'amount' | 'currency' | 'product' | 'documentNo';

const ALIASES: Record<Column, string[]> = {
  date: [
    'datum', 'date', 'datum dokladu', 'datum vystaveni', 'datum uskutecneni', 'duzp', 'datum objednavky', 'datum prodeje',
    'invoice date', 'order date', 'document date', 'issue date', 'sale date',
    'kelt', 'kelte', 'datuma', 'szamla kelte', 'teljesites', 'teljesites datuma', 'bizonylat datuma',
    'дата', 'дата документа', 'дата счета', 'дата продажи', 'дата заказа',
  ],
  firm: [
    'firma', 'ico nazev', 'ico nebo nazev', 'ic nebo nazev', 'odberatel', 'zakaznik', 'klient', 'partner', 'obchodni partner',
    'firm', 'customer', 'client', 'company', 'buyer',
    'ceg', 'vevo', 'ugyfel', 'partner neve',
    'фирма', 'компания', 'клиент', 'покупатель', 'контрагент', 'организация',
  ],
  ico: [
    'ico', 'ic', 'ico firmy', 'ico odberatele', 'identifikacni cislo', 'company id', 'company number', 'registration number', 'reg no',
    'cegjegyzekszam', 'torzsszam',
    'ико', 'ичо',
  ],
  name: [
    'nazev', 'nazev firmy', 'jmeno', 'nazev odberatele', 'name', 'firm name', 'company name', 'customer name',
    'nev', 'cegnev', 'vevo neve', 'ugyfel neve',
    'название', 'наименование', 'название фирмы', 'наименование организации', 'наименование контрагента',
  ],
  amount: [
    'castka', 'suma', 'celkem', 'cena', 'hodnota', 'castka celkem', 'cena celkem', 'fakturovano',
    'amount', 'total', 'value', 'price', 'sum', 'net', 'gross',
    'osszeg', 'vegosszeg', 'ertek', 'ar', 'brutto', 'netto',
    'сумма', 'итого', 'стоимость', 'цена', 'сумма итого',
  ],
  currency: ['mena', 'currency', 'cur', 'ccy', 'curr', 'penznem', 'deviza', 'валюта'],
  product: [
    'produkt', 'zbozi', 'polozka', 'nazev polozky', 'popis', 'predmet', 'sluzba', 'text',
    'product', 'item', 'description', 'article', 'service',
    'termek', 'termek neve', 'megnevezes', 'tetel', 'leiras', 'szolgaltatas',
    'товар', 'продукт', 'наименование товара', 'номенклатура', 'описание', 'услуга', 'позиция',
  ],
  documentNo: [
    'doklad', 'cislo dokladu', 'c dokladu', 'cislo', 'faktura', 'cislo faktury', 'c faktury', 'objednavka', 'cislo objednavky',
    'document', 'document no', 'document number', 'doc no', 'doc', 'number', 'no', 'invoice', 'invoice no', 'invoice number', 'order no', 'order number',
    'bizonylat', 'bizonylatszam', 'bizonylat szama', 'szamla', 'szamlaszam', 'szamla szama', 'sorszam',
    'номер документа', 'номер', 'документ', 'номер счета', 'счет', 'номер накладной', 'номер заказа',
  ],
};

/** Header text as compared: folded (case, diacritics), punctuation as spaces ("Č. dokladu" → "c dokladu"). */
export function headerKey(text: string): string {
  return fold(text).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

const BY_ALIAS = new Map<string, Column>();
for (const [column, names] of Object.entries(ALIASES) as [Column, string[]][]) {
  for (const n of names) {
    const key = headerKey(n);
    if (BY_ALIAS.has(key)) throw new Error(`Header alias "${n}" is listed twice`);
    BY_ALIAS.set(key, column);
  }
}

export function columnOf(header: string): Column | null {
  return BY_ALIAS.get(headerKey(header)) ?? null;
}

/** 2026-03-15 (a time after it is ignored), 15.3.2026 / 15. 3. 2026, 2026.03.15. → ISO date; null if not a real day. */
export function parseCsvDate(text: string): string | null {
  const s = text.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(s);
  let y: number, mo: number, d: number;
  if (m) { y = Number(m[1]); mo = Number(m[2]); d = Number(m[3]); }
  else if ((m = /^(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})$/.exec(s))) { d = Number(m[1]); mo = Number(m[2]); y = Number(m[3]); }
  else if ((m = /^(\d{4})\.\s*(\d{1,2})\.\s*(\d{1,2})\.?$/.exec(s))) { y = Number(m[1]); mo = Number(m[2]); d = Number(m[3]); }
  else return null;
  if (y < 1900 || y > 2999 || mo < 1 || mo > 12 || d < 1) return null;
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const CURRENCY_SIGNS: Record<string, Currency> = {
  'kc': 'CZK', 'czk': 'CZK', '€': 'EUR', 'eur': 'EUR', 'euro': 'EUR', 'ft': 'HUF', 'huf': 'HUF',
  '₽': 'RUB', 'руб': 'RUB', 'руб.': 'RUB', 'р.': 'RUB', 'rub': 'RUB', 'rur': 'RUB', '$': 'USD', 'usd': 'USD',
  'zł': 'PLN', 'zl': 'PLN', 'pln': 'PLN', '£': 'GBP', 'gbp': 'GBP',
};

/** "CZK", "czk", "Kč", "€", "Ft", "руб." → an offered ISO code; null for anything else. */
export function parseCurrency(text: string): Currency | null {
  const s = text.trim();
  const upper = s.toUpperCase();
  if ((CURRENCIES as readonly string[]).includes(upper)) return upper as Currency;
  return CURRENCY_SIGNS[fold(s)] ?? CURRENCY_SIGNS[s.toLowerCase()] ?? null;
}

/** A firm value that is an IČO: 1–8 digits (spaces allowed; Excel drops leading zeros, they are
 * restored) or a Czech company VAT id CZ + 8 digits. Returns the IČO as firms store it. */
export function icoOf(text: string): string | null {
  const s = text.replace(/\s+/g, '');
  if (/^\d{1,8}$/.test(s)) return normalizeIco(s);
  const vat = /^CZ(\d{8})$/i.exec(s);
  return vat ? vat[1]! : null;
}

/** The separator of the first non-empty line: the most frequent of `;`, tab, `,` outside quotes
 * (ties go to `;`, which is what Excel writes in our languages). */
export function detectDelimiter(firstLine: string): ';' | ',' | '\t' {
  const counts = { ';': 0, '\t': 0, ',': 0 };
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === ';' || ch === '\t' || ch === ',')) counts[ch]++;
  }
  let best: ';' | ',' | '\t' = ';';
  for (const d of ['\t', ','] as const) if (counts[d] > counts[best]) best = d;
  return best;
}

const clip = (s: string, n = 60) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

const problem = (line: number, field: ImportField | '', messageKey: string, params?: Record<string, string | number>): ImportProblem =>
  (params ? { line, field, messageKey, params } : { line, field, messageKey });

interface RawRow { line: number; cells: string[]; error: boolean }

function readRows(text: string, delimiter: string): RawRow[] {
  const rows: RawRow[] = [];
  let line = 1;
  let cursor = 0;
  Papa.parse<string[]>(text, {
    delimiter, newline: '\n', quoteChar: '"', skipEmptyLines: false,
    step: (r) => {
      const end = r.meta.cursor;
      rows.push({ line, cells: r.data, error: r.errors.length > 0 });
      // The next row starts on the line after every line break this one spanned.
      for (let i = cursor; i < end; i++) if (text.charCodeAt(i) === 10) line++;
      cursor = end;
    },
  });
  return rows;
}

/** Reads the file into lines with their values and problems. The database-dependent checks
 * (which firm, which document numbers are already in) are the importer's. */
export function parseSalesCsv(content: string): ParsedCsv {
  let text = content.replace(/\r\n?/g, '\n');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const problems: ImportProblem[] = [];

  // Excel's "sep=;" line names the separator.
  let firstLineNo = 1;
  let delimiter: ';' | ',' | '\t' | null = null;
  const sep = /^sep=(.)\n/i.exec(text);
  if (sep && (sep[1] === ';' || sep[1] === ',' || sep[1] === '\t')) {
    delimiter = sep[1];
    text = text.slice(sep[0].length);
    firstLineNo = 2;
  }
  let firstLine = '';
  for (let at = 0; at < text.length && firstLine.trim() === '';) {
    const end = text.indexOf('\n', at);
    firstLine = text.slice(at, end < 0 ? text.length : end);
    at = end < 0 ? text.length : end + 1;
  }
  delimiter ??= detectDelimiter(firstLine);
  const locale = delimiter === ',' ? 'en' : 'cs';

  const rows = readRows(text, delimiter)
    .map((r) => ({ ...r, line: r.line + firstLineNo - 1, cells: r.cells.map((c) => c.trim()) }))
    .filter((r) => r.cells.some((c) => c !== ''));

  // A header: at least two known column names, or one where the first cell is not a date.
  const first = rows[0];
  let map: Partial<Record<Column, number>> = {};
  let hasHeader = false;
  if (first) {
    const found = first.cells.map(columnOf);
    const known = found.filter((c) => c !== null).length;
    if (known >= 2 || (known === 1 && parseCsvDate(first.cells[0] ?? '') === null)) {
      hasHeader = true;
      found.forEach((c, i) => { if (c && map[c] === undefined) map[c] = i; });
      const missing: ImportField[] = [];
      if (map.date === undefined) missing.push('date');
      if (map.firm === undefined && map.ico === undefined && map.name === undefined) missing.push('firm');
      if (map.amount === undefined) missing.push('amount');
      if (map.currency === undefined) missing.push('currency');
      if (map.documentNo === undefined) missing.push('documentNo');
      for (const f of missing) problems.push(problem(first.line, f, 'errors.import_missing_column'));
    }
  }
  if (!hasHeader) map = { date: 0, firm: 1, amount: 2, currency: 3, product: 4, documentNo: 5 };
  const dataRows = hasHeader ? rows.slice(1) : rows;
  // With a header, a missing column is one problem of the file, not one per line.
  const headerBroken = problems.length > 0;

  const lines: CsvLine[] = [];
  const currencies = new Map<string, Currency | null>();
  const dates = new Map<string, string | null>();
  for (const row of dataRows) {
    const out: CsvLine = {
      line: row.line, date: null, ico: null, name: null, firmText: '', amount: null, currency: null, product: '', documentNo: null, problems: [],
    };
    lines.push(out);
    if (row.error) {
      out.problems.push(problem(row.line, '', 'errors.import_csv'));
      continue;
    }
    if (headerBroken) continue;
    const cell = (c: Column): string | undefined => {
      const i = map[c];
      return i === undefined ? undefined : row.cells[i];
    };
    // Present and non-empty, else a problem: a cell past the end of a short line is a missing column.
    const need = (c: Column, field: ImportField): string | null => {
      const v = cell(c);
      if (v === undefined) out.problems.push(problem(row.line, field, 'errors.import_missing_column'));
      else if (v === '') out.problems.push(problem(row.line, field, 'errors.import_empty'));
      return v ? v : null;
    };

    const date = need('date', 'date');
    if (date !== null) {
      out.date = dates.has(date) ? dates.get(date)! : dates.set(date, parseCsvDate(date)).get(date)!;
      if (out.date === null) out.problems.push(problem(row.line, 'date', 'errors.import_date', { value: clip(date) }));
    }

    const firm = map.firm !== undefined ? cell('firm') ?? '' : '';
    const icoText = map.ico !== undefined ? cell('ico') ?? '' : '';
    const nameText = map.name !== undefined ? cell('name') ?? '' : '';
    if (firm) {
      out.ico = icoOf(firm);
      out.name = firm;
    }
    if (icoText) out.ico = icoOf(icoText) ?? out.ico;
    if (nameText) out.name = nameText;
    // An IČO column holding a name is still worth a try by name.
    if (icoText && !out.ico && !out.name) out.name = icoText;
    out.firmText = icoText || nameText || firm;
    if (!out.firmText) {
      // Past the end of a short line (every firm column) is a missing column; a blank cell is an empty value.
      const short = (['firm', 'ico', 'name'] as const).every((c) => map[c] === undefined || cell(c) === undefined);
      out.problems.push(problem(row.line, 'firm', short ? 'errors.import_missing_column' : 'errors.import_empty'));
    }

    const amountText = need('amount', 'amount');
    const currencyText = need('currency', 'currency');
    if (currencyText !== null) {
      // A file holds a handful of distinct currencies and dates: each is read once.
      out.currency = currencies.has(currencyText) ? currencies.get(currencyText)! : currencies.set(currencyText, parseCurrency(currencyText)).get(currencyText)!;
      if (!out.currency) out.problems.push(problem(row.line, 'currency', 'errors.import_currency', { value: clip(currencyText) }));
    }
    if (amountText !== null) {
      // Every offered currency has two decimals, so an amount is checked even when the currency is not.
      const amount = parseMoney(amountText, out.currency ?? 'CZK', locale);
      if (amount === null || Math.abs(amount) > MAX_AMOUNT) out.problems.push(problem(row.line, 'amount', 'errors.import_amount', { value: clip(amountText) }));
      else out.amount = amount;
    }

    out.product = cell('product') ?? '';
    if (out.product.length > MAX_PRODUCT) out.problems.push(problem(row.line, 'product', 'errors.too_long', { max: MAX_PRODUCT }));

    const doc = need('documentNo', 'documentNo');
    if (doc !== null) {
      if (doc.length > MAX_DOCUMENT_NO) out.problems.push(problem(row.line, 'documentNo', 'errors.too_long', { max: MAX_DOCUMENT_NO }));
      else out.documentNo = doc;
    }
  }

  // The same document number twice in one file is a mistake in the export, never two sales.
  const firstSeen = new Map<string, number>();
  for (const l of lines) {
    if (l.documentNo === null) continue;
    const seen = firstSeen.get(l.documentNo);
    if (seen === undefined) firstSeen.set(l.documentNo, l.line);
    else l.problems.push(problem(l.line, 'documentNo', 'errors.import_duplicate_document', { documentNo: clip(l.documentNo), first: seen }));
  }

  return { delimiter, hasHeader, problems, lines };
}
