// What the readers' fuzz tests share: the one acceptable way to fail (a ReadError with an
// errors.import_* key and, where the line is knowable, the line), a sane table otherwise, and a
// minimal zip writer for workbooks with broken XML inside a valid container.
import { expect } from 'vitest';
import zlib from 'node:zlib';
import { ReadError, readSource } from './index.ts';

export const SEED = 20261207;

/** Errors that are about one place in the file: they must say which line. */
const LINE_KEYS = new Set(['errors.import_unclosed_quote', 'errors.import_cell_too_long', 'errors.import_vcard_unclosed']);
const CSV_LINE_KEYS = new Set([...LINE_KEYS, 'errors.import_too_many_columns']);

/** Reads `bytes`; either a table whose rows are well formed or a ReadError — nothing else. */
export async function readsOrRefuses(bytes: Uint8Array, fileName: string): Promise<'read' | string> {
  let table;
  try {
    table = await readSource(bytes, fileName);
  } catch (e) {
    if (!(e instanceof ReadError)) throw new Error(`not a ReadError: ${String(e)}`, { cause: e });
    expect(e.messageKey).toMatch(/^errors\.import_[a-z_]+$/);
    // readSource wraps a reader's unexpected exception (with its cause) so the wizard survives
    // it; the readers themselves must never throw one.
    expect(e.cause, `a reader threw ${String(e.cause)}`).toBeUndefined();
    const keys = fileName.endsWith('.csv') ? CSV_LINE_KEYS : LINE_KEYS;
    if (keys.has(e.messageKey)) expect(Number.isInteger(e.line) && e.line! >= 1, `${e.messageKey} without its line`).toBe(true);
    return e.messageKey;
  }
  let previous = 0;
  for (const row of table.rows) {
    expect(row.line).toBeGreaterThan(previous);
    previous = row.line;
    expect(row.cells).toHaveLength(table.headers.length);
    for (const c of row.cells) expect(typeof c).toBe('string');
  }
  expect(table.sourceKey.startsWith(`${table.flavor}:`)).toBe(true);
  return 'read';
}

/** A zip of stored (uncompressed) entries, CRCs right: a valid container for whatever is inside. */
export function zipStored(files: Record<string, string | Uint8Array>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(0x0800, 6); local.writeUInt16LE(0, 8);
    local.writeUInt32LE(0, 10); local.writeUInt32LE(crc, 14); local.writeUInt32LE(data.length, 18); local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26); local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(0, 10); central.writeUInt32LE(0, 12); central.writeUInt32LE(crc, 16); central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24); central.writeUInt16LE(nameBytes.length, 28); central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(Object.keys(files).length, 8); end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(centralSize, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

/** The parts of the smallest workbook Excel opens: one sheet, shared strings, a number, a date. */
export const XLSX_PARTS: Record<string, string> = {
  '[Content_Types].xml': '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    + '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    + '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    + '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
  '_rels/.rels': '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    + '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
  'xl/workbook.xml': '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    + 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Firmy" sheetId="1" r:id="rId1"/></sheets></workbook>',
  'xl/_rels/workbook.xml.rels': '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    + '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    + '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
  'xl/sharedStrings.xml': '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3">'
    + '<si><t>Firma</t></si><si><t>IČO</t></si><si><t>Šťastný s.r.o.</t></si></sst>',
  'xl/worksheets/sheet1.xml': '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    + '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
    + '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>25596641</v></c></row></sheetData></worksheet>',
};
