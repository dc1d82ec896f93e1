// Export file formats for mailing: pure Node, no database. The mailing core hands rows in; a file
// comes out on the stream.
//
// Presets (ExportFormat, shared/types.ts):
//  excel-cz    Windows-1250, ';', CRLF, decimal comma — a Czech Excel opens it with a double-click.
//              A character the code page cannot hold is never written as '?': UnencodableError.
//  excel-utf8  UTF-8 with BOM, ';', CRLF, decimal comma.
//  csv         RFC 4180: UTF-8 without BOM, ',', CRLF, decimal point.
//  outlook     Outlook contacts CSV (UTF-8 with BOM, ','), Outlook's own column names, country names.
//  google      Google Contacts CSV (UTF-8, ','), Google's current column names, country names.
//  xlsx        exceljs streaming writer; typed columns; bold frozen header with an autofilter.
//  vcard3/4    one .vcf with every row (RFC 2426 / RFC 6350), UTF-8, CRLF, folded at 75 octets.
// Every CSV-type preset and XLSX neutralise formula-like strings (OWASP CSV injection, text.ts).
// Dates are written as the local calendar day (YYYY-MM-DD in text formats, real dates in XLSX).
import type { Rows } from './sink.ts';
import type { Currency, ExportFormat, Locale } from '../../../../shared/types.ts';
// The writers are imported when a file of their kind is written: exceljs (~600 modules) and
// iconv-lite's code pages would otherwise load with every start of the worker and the CLI.
const csv = () => import('./csv.ts');

export type { ExportFormat };
export { wordSafeHeader, wordSafeHeaders, neutraliseFormula } from './text.ts';

/** An amount of money: a number in XLSX (formatted in its currency), `text` in the text formats. */
export interface MoneyCell { money: number; currency: Currency; text: string }
export type Cell = string | number | Date | MoneyCell | null;

/** One export column: `key` is the ExportColumn key (firmName, email, field:…), `header` what the file shows. */
export interface ColumnSpec { key: string; header: string; type: 'text' | 'id' | 'number' | 'date' }

/**
 * The excel-cz preset met characters Windows-1250 cannot hold (Cyrillic, most emoji…). Nothing was
 * written to the stream; the caller should name the rows and suggest the UTF-8 preset.
 */
export class UnencodableError extends Error {
  /** 1-based data rows (the header is not counted), the first 20 at most. */
  rows: number[];
  /** The distinct characters that could not be encoded, the first 20 at most. */
  chars: string[];
  /** How many data rows had such characters in all. */
  count: number;

  constructor(rows: number[], chars: string[], count = rows.length) {
    super(`Windows-1250 cannot hold ${chars.map((c) => JSON.stringify(c)).join(', ')} (rows ${rows.join(', ')}${count > rows.length ? ', …' : ''})`);
    this.name = 'UnencodableError';
    this.rows = rows;
    this.chars = chars;
    this.count = count;
  }
}

/** MIME type and file extension (without the dot) of each preset. */
export const EXPORT_FILE_TYPES: Record<ExportFormat, { mime: string; extension: string }> = {
  'excel-cz': { mime: 'text/csv; charset=windows-1250', extension: 'csv' },
  'excel-utf8': { mime: 'text/csv; charset=utf-8', extension: 'csv' },
  csv: { mime: 'text/csv; charset=utf-8', extension: 'csv' },
  outlook: { mime: 'text/csv; charset=utf-8', extension: 'csv' },
  google: { mime: 'text/csv; charset=utf-8', extension: 'csv' },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' },
  vcard3: { mime: 'text/vcard; charset=utf-8', extension: 'vcf' },
  vcard4: { mime: 'text/vcard; charset=utf-8', extension: 'vcf' },
};

/**
 * Writes one export to `out` and ends it. `rows` are aligned to `columns` (a missing cell is
 * empty). `mergeNames` gives Word-safe headers (CSV presets and XLSX; Outlook, Google and vCard
 * have fixed names). Rejects with UnencodableError for excel-cz when a row cannot be encoded —
 * then nothing has been written and `out` is left open for the caller to discard.
 */
export async function writeExport(
  input: { format: ExportFormat; columns: ColumnSpec[]; rows: Rows; mergeNames: boolean; locale?: Locale; sheetName?: string },
  out: NodeJS.WritableStream,
): Promise<{ mime: string; extension: string }> {
  const { format, columns, rows, mergeNames, locale } = input;
  switch (format) {
    case 'excel-cz': {
      const bad = await (await csv()).writeExcelCz({ columns, rows, mergeNames }, out);
      if (bad) throw new UnencodableError(bad.rows, bad.chars, bad.count);
      break;
    }
    case 'excel-utf8':
      await (await csv()).writeUtf8Csv({ columns, rows, mergeNames }, out, { delimiter: ';', bom: true, decimalComma: true });
      break;
    case 'csv':
      await (await csv()).writeUtf8Csv({ columns, rows, mergeNames }, out, { delimiter: ',', bom: false, decimalComma: false });
      break;
    case 'outlook':
    case 'google':
      await (await csv()).writeContactsCsv({ columns, rows, mergeNames, locale }, out, format);
      break;
    case 'xlsx':
      await (await import('./xlsx.ts')).writeXlsx({ columns, rows, mergeNames, sheetName: input.sheetName }, out);
      break;
    case 'vcard3':
      await (await import('./vcard.ts')).writeVcard({ columns, rows }, out, '3.0');
      break;
    case 'vcard4':
      await (await import('./vcard.ts')).writeVcard({ columns, rows }, out, '4.0');
      break;
    default: {
      const never: never = format;
      throw new Error(`unknown export format ${String(never)}`);
    }
  }
  return { ...EXPORT_FILE_TYPES[format] };
}
