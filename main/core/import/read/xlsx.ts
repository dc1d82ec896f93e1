// XLSX through exceljs, imported when a workbook is read (its ~600 modules would otherwise load
// with every start of the worker and the CLI). One sheet: the first, or the one asked for.
// Cells become the text the user sees: dates as YYYY-MM-DD (with the time when it is not
// midnight), numbers without binary noise (0.1 + 0.2 is "0.3"), rich text flattened, a formula
// as its cached result, a hyperlink as its text.
import { MAX_CELL_CHARS, MAX_COLUMNS, ReadError, type ReadOptions, type ReadTable } from './types.ts';
import { TableBuilder } from './table.ts';

type Workbook = import('exceljs').Workbook;

export async function readXlsx(bytes: Uint8Array, options: ReadOptions = {}): Promise<ReadTable> {
  if (bytes.length === 0) throw new ReadError('errors.import_file_empty', null);
  const { default: ExcelJS } = await import('exceljs');
  const wb: Workbook = new ExcelJS.Workbook();
  try {
    // exceljs wants a Node Buffer (JSZip underneath).
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
  } catch {
    throw new ReadError('errors.import_xlsx_unreadable', null);
  }
  let sheets: string[];
  try {
    sheets = wb.worksheets.map((w) => w.name);
  } catch {
    throw new ReadError('errors.import_xlsx_unreadable', null);
  }
  if (sheets.length === 0) throw new ReadError('errors.import_xlsx_unreadable', null);
  const sheet = options.sheet !== undefined ? wb.worksheets.find((w) => w.name === options.sheet) : wb.worksheets[0];
  if (!sheet) throw new ReadError('errors.import_sheet_missing', null, { sheet: options.sheet ?? '' });

  const table = new TableBuilder(options.maxRows);
  let more = true;
  try {
    sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      if (!more) return;
      const values = row.values as unknown[]; // 1-based: values[0] is empty
      const count = Array.isArray(values) ? values.length - 1 : 0;
      if (count > MAX_COLUMNS) throw new ReadError('errors.import_too_many_columns', rowNumber, { max: MAX_COLUMNS });
      const cells: string[] = [];
      for (let c = 1; c <= count; c++) {
        const text = cellText(values[c]);
        if (text.length > MAX_CELL_CHARS) throw new ReadError('errors.import_cell_too_long', rowNumber, { max: MAX_CELL_CHARS });
        cells.push(text);
      }
      more = table.add(cells, rowNumber);
    });
  } catch (e) {
    if (e instanceof ReadError) throw e;
    throw new ReadError('errors.import_xlsx_unreadable', null);
  }
  return { format: 'xlsx', encoding: null, delimiter: null, sheets, ...table.finish() };
}

const pad = (n: number) => (n < 10 ? '0' : '') + n;

/** A cell value as exceljs hands it, as text. */
export function cellText(v: unknown, depth = 0): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberText(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return dateText(v);
  if (typeof v !== 'object' || depth > 3) return '';
  const o = v as Record<string, unknown>;
  if (Array.isArray(o.richText)) return o.richText.map((r: { text?: unknown }) => (typeof r?.text === 'string' ? r.text : '')).join('');
  if ('formula' in o || 'sharedFormula' in o) return cellText(o.result, depth + 1);
  if ('hyperlink' in o || 'text' in o) return cellText(o.text, depth + 1);
  if (typeof o.error === 'string') return o.error; // #N/A, #REF!…
  return '';
}

/** Dates in a sheet are calendar values: exceljs gives them as UTC instants. */
function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const day = `${String(d.getUTCFullYear()).padStart(4, '0')}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const h = d.getUTCHours(), m = d.getUTCMinutes();
  return h || m ? `${day} ${pad(h)}:${pad(m)}` : day;
}

/** 15 significant digits, what Excel shows, then the shortest form: 0.30000000000000004 → "0.3",
 * 12345678 stays "12345678" (an IČO), 1e21 written out in full. */
export function numberText(n: number): string {
  if (!Number.isFinite(n)) return '';
  const rounded = Number(n.toPrecision(15));
  const s = String(rounded);
  if (!/e/i.test(s)) return s;
  return rounded.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
}
