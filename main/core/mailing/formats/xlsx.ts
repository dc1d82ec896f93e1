// XLSX through exceljs' streaming writer: each row is committed (serialised and released) as soon as
// it is added, so memory does not grow with the row count.
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import type { Cell, ColumnSpec, MoneyCell } from './index.ts';
import type { Currency } from '../../../../shared/types.ts';
import { eachRow, type Rows } from './sink.ts';
import { headerRow, isoDate, neutraliseFormulaKeepNumbers } from './text.ts';

export interface XlsxInput {
  columns: ColumnSpec[];
  rows: Rows;
  mergeNames: boolean;
  /** The sheet's tab: the selection's name (made one Excel accepts); "Export" without one. */
  sheetName?: string;
}

/**
 * A worksheet name Excel opens: at most 31 characters, none of : \ / ? * [ ], not starting or
 * ending with an apostrophe, not the reserved "History"; empty becomes "Export".
 */
export function sheetNameFor(name: string | undefined): string {
  let s = (name ?? '').normalize('NFC').replace(/[:\\/?*[\]\u0000-\u001f]+/g, ' ').replace(/\s+/g, ' ').trim();
  const chars = [...s]; // 31 UTF-16 units (Excel's count), never half a surrogate pair
  while (chars.join('').length > 31) chars.pop();
  s = chars.join('').replace(/^'+|'+$/g, '').trim();
  return !s || s.toLowerCase() === 'history' ? 'Export' : s;
}

/** Excel number formats of the amounts: the currency's sign where each country writes it, the
 * separators of the Excel that opens the file ("1 234,50 Kč" in a Czech one). */
const MONEY_FMT: Record<Currency, string> = {
  CZK: '#,##0.00 "Kč"', EUR: '#,##0.00 "€"', HUF: '#,##0.00 "Ft"', RUB: '#,##0.00 "₽"', PLN: '#,##0.00 "zł"',
  USD: '"$"#,##0.00', GBP: '"£"#,##0.00',
};

const isMoney = (cell: Cell): cell is MoneyCell => cell !== null && typeof cell === 'object' && !(cell instanceof Date);

/** The number formats of a row's money cells by column, or null (most rows: none). */
function moneyFormats(row: Cell[]): (string | undefined)[] | null {
  let fmts: (string | undefined)[] | null = null;
  for (let i = 0; i < row.length; i++) {
    const c = row[i];
    if (c != null && isMoney(c)) (fmts ??= [])[i] = MONEY_FMT[c.currency];
  }
  return fmts;
}

/** Rows looked at to size the columns before the first row is committed (column widths go first in the sheet XML). */
const SAMPLE_ROWS = 200;
/** How often (rows) to look whether the zip stream has fallen behind. */
const CHECK_EVERY = 100;
/** Committed sheet XML allowed to wait for the zip compressor before we pause. */
const MAX_PENDING = 1024 * 1024;

const DATE_FMT = 'yyyy-mm-dd';
const TEXT_FMT = '@';

// Characters XML 1.0 cannot carry (a raw one would corrupt the file).
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * A string as a cell holds it: formula neutralising (text.ts; phone-like values kept), line breaks as Excel stores them
 * inside a cell (LF), characters XML cannot carry dropped.
 */
function cellString(s: string): string {
  let v = s;
  XML_INVALID.lastIndex = 0;
  if (XML_INVALID.test(v)) { XML_INVALID.lastIndex = 0; v = v.replace(XML_INVALID, ''); }
  v = neutraliseFormulaKeepNumbers(v); // after dropping, so "\u0001=…" cannot slip through
  if (v.includes('\r')) v = v.replace(/\r\n?/g, '\n');
  return v;
}

/**
 * An Excel date has no time zone: it is the wall-clock date. exceljs turns a JS Date into a serial
 * number by its UTC value, so the local calendar day is moved to UTC midnight first.
 */
function excelDate(d: Date): Date {
  return new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()));
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function typedValue(cell: Cell, type: ColumnSpec['type']): string | number | Date | null {
  if (cell === null || cell === undefined) return null;
  if (isMoney(cell)) return Number.isFinite(cell.money) ? cell.money : cellString(cell.text);
  switch (type) {
    case 'number':
      if (typeof cell === 'number') return Number.isFinite(cell) ? cell : null;
      if (cell instanceof Date) return excelDate(cell);
      return cellString(String(cell));
    case 'date': {
      if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? null : excelDate(cell);
      if (typeof cell === 'string') {
        const m = ISO_DAY.exec(cell);
        if (m) return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
        return cellString(cell);
      }
      return cell;
    }
    default: // 'text' and 'id': always text, so IČO "00123456" keeps its zeros
      if (typeof cell === 'string') return cellString(cell);
      if (cell instanceof Date) return isoDate(cell);
      return String(cell);
  }
}

function displayLength(v: string | number | Date | null): number {
  if (v === null) return 0;
  if (v instanceof Date) return 10;
  const s = typeof v === 'number' ? String(v) : v;
  let max = 0;
  for (const part of s.split('\n')) max = Math.max(max, part.length);
  return max;
}

function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/**
 * Back-pressure. A committed row is serialised into the sheet's part stream, which exceljs pipes
 * into the zip archiver without waiting for it; if rows come faster than zlib compresses, that
 * XML would pile up in memory. So we wait for the part stream's consumer to drain whenever more
 * than MAX_PENDING bytes wait (exceljs 4 internals: the worksheet's `stream.pipes[0]`; if that
 * shape ever changes we fall back to yielding to the event loop).
 */
async function catchUp(sheet: ExcelJS.Worksheet): Promise<void> {
  const pipe = (sheet as unknown as { stream?: { pipes?: NodeJS.EventEmitter[] } }).stream?.pipes?.[0] as
    (NodeJS.EventEmitter & { _writableState?: { length?: number } }) | undefined;
  const pending = pipe?._writableState?.length;
  if (typeof pending === 'number') {
    if (pending > MAX_PENDING) await once(pipe!, 'drain');
  } else {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

export async function writeXlsx(input: XlsxInput, out: NodeJS.WritableStream): Promise<void> {
  const { columns } = input;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out as unknown as import('node:stream').Stream, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Kartoteka';
  const sheet = workbook.addWorksheet(sheetNameFor(input.sheetName), { views: [{ state: 'frozen', ySplit: 1 }] });
  const headers = headerRow(columns, input.mergeNames);

  const rowIter = eachRow(input.rows)[Symbol.asyncIterator]();
  // Size the columns from the header and the first rows, then commit everything row by row.
  const sample: (string | number | Date | null)[][] = [];
  const sampleFormats: ((string | undefined)[] | null)[] = [];
  let pending: Cell[][] = [];
  while (sample.length < SAMPLE_ROWS) {
    const next = await rowIter.next();
    if (next.done) break;
    for (const row of next.value) {
      if (sample.length < SAMPLE_ROWS) {
        sample.push(columns.map((c, i) => typedValue(row[i] ?? null, c.type)));
        sampleFormats.push(moneyFormats(row));
      }
      else pending.push(row);
    }
  }
  sheet.columns = columns.map((c, i) => {
    const fixed = c.type === 'date' ? 12 : c.type === 'number' ? 12 : 0;
    let longest = headers[i].length + 3; // the autofilter button needs room
    for (const r of sample) longest = Math.max(longest, displayLength(r[i]));
    const width = Math.min(60, Math.max(8, fixed, longest + 2));
    const numFmt = c.type === 'date' ? DATE_FMT : c.type === 'number' ? undefined : TEXT_FMT;
    return { width, style: numFmt ? { numFmt } : {} } as Partial<ExcelJS.Column>;
  });

  const header = sheet.addRow(headers);
  header.font = { bold: true };
  header.commit();

  let count = 0;
  const add = async (values: (string | number | Date | null)[], fmts: (string | undefined)[] | null) => {
    const r = sheet.addRow(values); // cells take the column's number format…
    if (fmts) fmts.forEach((f, i) => { if (f && typeof values[i] === 'number') r.getCell(i + 1).numFmt = f; }); // …money its currency's
    r.commit();
    if (++count % CHECK_EVERY === 0) await catchUp(sheet);
  };
  for (let i = 0; i < sample.length; i++) await add(sample[i]!, sampleFormats[i]!);
  for (const row of pending) await add(columns.map((c, i) => typedValue(row[i] ?? null, c.type)), moneyFormats(row));
  pending = [];
  for (;;) {
    const next = await rowIter.next();
    if (next.done) break;
    for (const row of next.value) await add(columns.map((c, i) => typedValue(row[i] ?? null, c.type)), moneyFormats(row));
  }

  if (columns.length) sheet.autoFilter = `A1:${columnLetter(columns.length)}${count + 1}`;
  sheet.commit();
  await workbook.commit(); // finalises the zip and ends `out`
}
