// XLSX details the sample workbook does not cover: a title above the header, a preview's row
// limit, and numbers as Excel shows them.
import { describe, expect, it } from 'vitest';
import { readSource } from './index.ts';
import { XLSX_PARTS, zipStored } from './fuzz-support.ts';
import { numberText } from './xlsx.ts';

const sheet = (rows: string) => zipStored({ ...XLSX_PARTS, 'xl/worksheets/sheet1.xml':
  `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>` });
const str = (ref: string, s: string) => `<c r="${ref}" t="inlineStr"><is><t>${s}</t></is></c>`;
const num = (ref: string, n: string) => `<c r="${ref}"><v>${n}</v></c>`;

describe('XLSX', () => {
  it('skips a title row above the header, keeping sheet row numbers', async () => {
    const t = await readSource(sheet(`<row r="1">${str('A1', 'Odběratelé 2026')}</row><row r="3">${str('A3', 'Firma')}${str('B3', 'IČO')}</row>`
      + `<row r="4">${str('A4', 'Alfa')}${num('B4', '25596641')}</row><row r="5">${str('A5', 'Beta')}${num('B5', '0.30000000000000004')}</row>`), 'a.xlsx');
    expect([t.headers, t.rows]).toEqual([['Firma', 'IČO'], [{ line: 4, cells: ['Alfa', '25596641'] }, { line: 5, cells: ['Beta', '0.3'] }]]);
    expect(t.warnings).toEqual([{ line: 1, messageKey: 'errors.import_title_skipped' }]);
  });

  it('reads at most maxRows rows', async () => {
    const rows = Array.from({ length: 10 }, (_, i) => `<row r="${i + 1}">${str(`A${i + 1}`, `r${i}`)}${num(`B${i + 1}`, String(i))}</row>`).join('');
    const t = await readSource(sheet(rows), 'a.xlsx', { maxRows: 3 });
    expect(t.rows.map((r) => r.line)).toEqual([2, 3, 4]);
  });

  it('writes numbers as Excel shows them', () => {
    expect([numberText(0.1 + 0.2), numberText(25596641), numberText(1e21), numberText(-1234.5), numberText(1 / 3), numberText(NaN)])
      .toEqual(['0.3', '25596641', '1000000000000000000000', '-1234.5', '0.333333333333333', '']);
  });
});
