// The import's reading layer (issue 15): a file's bytes → one table of text cells with the line
// each row came from, which program wrote it, and a suggested mapping of its columns onto the
// import targets (shared/import-targets.ts). Pure: no database, no electron — the pipeline
// (dry run, apply, undo) calls it, and so can a test or the CLI.
//
//   csv.ts     CSV: encoding (encoding.ts), delimiter, quoting, physical line numbers
//   xlsx.ts    XLSX through exceljs (imported lazily)
//   vcard.ts   vCard 2.1 / 3.0 / 4.0 as rows with synthetic column names
//   names.ts   column names in cs/en/hu/ru, Outlook's, Google's, vCard's and our presets'
//   mapping.ts flavor, source key, suggested mapping
import { readCsv } from './csv.ts';
import { readVcard } from './vcard.ts';
import { detectFlavor, sourceKey } from './mapping.ts';
import { ReadError, type ReadOptions, type ReadTable, type SourceFormat, type SourceTable } from './types.ts';

export type { EncodingGuess } from './encoding.ts';
export type { ReadOptions, ReadWarning, SourceFlavor, SourceFormat, SourceRow, SourceTable } from './types.ts';
export { MAX_CELL_CHARS, MAX_COLUMNS, ReadError } from './types.ts';
export { suggestMapping } from './mapping.ts';

/** Files bigger than this are refused before anything is decoded. */
export const MAX_FILE_BYTES = 60 * 1024 * 1024;

/** The format by the file's first bytes (a zip is a workbook, "BEGIN:VCARD" a vCard), else by
 * its name; an old binary .xls is named as such. */
export function sniffFormat(bytes: Uint8Array, fileName: string): SourceFormat {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5 || bytes[2] === 7)) return 'xlsx';
  // The OLE2 container of .xls (and .doc): not a format we read.
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) throw new ReadError('errors.import_xls_old', null);
  if (ext === 'xlsx' || ext === 'xlsm') return 'xlsx';
  if (ext === 'vcf' || ext === 'vcard') return 'vcard';
  if (ext === 'xls') throw new ReadError('errors.import_xls_old', null);
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 2048)).replace(/\0/g, '');
  if (/^\uFEFF?\s*BEGIN:VCARD/i.test(head)) return 'vcard';
  return 'csv';
}

/** Reads a file into a table. Throws ReadError for input that cannot be read. */
export async function readSource(bytes: Uint8Array, fileName: string, options: ReadOptions = {}): Promise<SourceTable> {
  if (bytes.length === 0) throw new ReadError('errors.import_file_empty', null);
  if (bytes.length > MAX_FILE_BYTES) throw new ReadError('errors.import_too_big', null, { max: MAX_FILE_BYTES / 1024 / 1024 });
  const format = sniffFormat(bytes, fileName);
  let read: ReadTable;
  try {
    read = format === 'xlsx' ? await (await import('./xlsx.ts')).readXlsx(bytes, options)
      : format === 'vcard' ? readVcard(bytes, options)
      : readCsv(bytes, options);
  } catch (e) {
    if (e instanceof ReadError) throw e;
    // A reader's own bug must not surface as a crash of the wizard: the file is "unreadable"
    // (a RangeError from a string too long for V8 lands here too). The cause stays attached:
    // the fuzz tests require that no input gets here.
    const wrapped = new ReadError(format === 'xlsx' ? 'errors.import_xlsx_unreadable' : 'errors.import_not_text', null);
    wrapped.cause = e;
    throw wrapped;
  }
  const { flavorHint, ...table } = read;
  const flavor = detectFlavor(table.headers, flavorHint);
  return { ...table, flavor, sourceKey: sourceKey(flavor, table.headers) };
}
