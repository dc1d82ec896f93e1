import { describe, expect, it } from 'vitest';
import type { ExportColumn } from '../../shared/types.ts';
import { EXPORT_COLUMNS } from '../../shared/types.ts';
import { exportColumn } from '../../shared/contract.ts';
import { addColumn, availableColumns, defaultColumns, idsExcelSpoils, isExportColumn, moveColumn, pruneColumns, removeColumn, stepColumn } from './columns.ts';

const F1 = '0190a1b2-0000-7000-8000-0000000000f1';
const F2 = '0190a1b2-0000-7000-8000-0000000000f2';
const cols: ExportColumn[] = ['firmName', 'ico', 'city', 'email'];

describe('export columns', () => {
  it('moves a column by dragging, up and down; out of range changes nothing', () => {
    expect(moveColumn(cols, 0, 2)).toEqual(['ico', 'city', 'firmName', 'email']);
    expect(moveColumn(cols, 3, 0)).toEqual(['email', 'firmName', 'ico', 'city']);
    expect(stepColumn(cols, 1, -1)).toEqual(['ico', 'firmName', 'city', 'email']);
    expect(stepColumn(cols, 1, 1)).toEqual(['firmName', 'city', 'ico', 'email']);
    expect(stepColumn(cols, 0, -1)).toEqual(cols);
    expect(stepColumn(cols, 3, 1)).toEqual(cols);
    expect(moveColumn(cols, 5, 0)).toEqual(cols);
  });

  it('adds each column once, removes by position', () => {
    expect(addColumn(cols, 'phone')).toEqual([...cols, 'phone']);
    expect(addColumn(cols, 'ico')).toEqual(cols);
    expect(addColumn(cols, `field:${F1}`)).toEqual([...cols, `field:${F1}`]);
    expect(addColumn(cols, 'field:nonsense' as ExportColumn)).toEqual(cols);
    expect(removeColumn(cols, 1)).toEqual(['firmName', 'city', 'email']);
  });

  it('offers the rest: person columns and person fields only for people', () => {
    const fields = [{ id: F1, entity: 'firm' }, { id: F2, entity: 'person' }];
    const forFirms = availableColumns(cols, 'firms', fields);
    expect(forFirms).not.toContain('firstName');
    expect(forFirms).not.toContain('ico');
    expect(forFirms).toContain('salutation');
    expect(forFirms).toContain(`field:${F1}`);
    expect(forFirms).not.toContain(`field:${F2}`);
    const forPeople = availableColumns(cols, 'people', fields);
    expect(forPeople).toContain('firstName');
    expect(forPeople).toContain(`field:${F2}`);
    expect(forPeople.length + cols.length).toBe(EXPORT_COLUMNS.length + 2);
  });

  it('starts with columns the contract accepts, and forgets deleted fields', () => {
    for (const r of ['firms', 'people'] as const) for (const c of defaultColumns(r)) expect(exportColumn.safeParse(c).success, c).toBe(true);
    expect(isExportColumn(`field:${F1}`)).toBe(true);
    expect(isExportColumn('nope')).toBe(false);
    expect(pruneColumns(['ico', `field:${F1}`, `field:${F2}`], new Set([F2]))).toEqual(['ico', `field:${F2}`]);
  });

  it('names the id columns whose leading zeros Excel drops from a double-clicked CSV, only for the Excel CSV presets', () => {
    expect(idsExcelSpoils('excel-cz', ['firmName', 'ico', 'city', 'dic'])).toEqual(['ico', 'dic']);
    expect(idsExcelSpoils('excel-utf8', ['vatId'])).toEqual(['vatId']);
    expect(idsExcelSpoils('excel-cz', ['firmName', 'companyIds', 'postalCode'])).toEqual([]);
    for (const f of ['xlsx', 'csv', 'outlook', 'google', 'vcard3', 'vcard4'] as const) expect(idsExcelSpoils(f, ['ico'])).toEqual([]);
  });
});
