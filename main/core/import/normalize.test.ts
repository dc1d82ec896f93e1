// The pure pieces of a row's normalisation: names in one cell, days and times as people write them.
import { describe, expect, it } from 'vitest';
import { parseDay, parseInstant, splitFullName } from './normalize.ts';

describe('normalising cells', () => {
  it('splits a full name with titles, a Russian name with its patronymic, a Hungarian one family first', () => {
    expect(splitFullName('Ing. Jan Novák, Ph.D.')).toEqual({ titleBefore: 'Ing.', firstName: 'Jan', patronymic: '', lastName: 'Novák', titleAfter: 'Ph.D.' });
    expect(splitFullName('prof. Ing. Eva Marie Dvořáková CSc.')).toMatchObject({ titleBefore: 'prof. Ing.', firstName: 'Eva Marie', lastName: 'Dvořáková', titleAfter: 'CSc.' });
    expect(splitFullName('Иванов Иван Петрович')).toMatchObject({ lastName: 'Иванов', firstName: 'Иван', patronymic: 'Петрович' });
    expect(splitFullName('dr. Kovács Anna', true)).toMatchObject({ titleBefore: 'dr.', lastName: 'Kovács', firstName: 'Anna' });
    expect(splitFullName('Novák')).toMatchObject({ lastName: 'Novák', firstName: '' });
    expect(splitFullName('   ')).toMatchObject({ lastName: '' });
  });

  it('reads days in the ways our languages write them, and refuses impossible ones', () => {
    expect(['2026-03-05', '5. 3. 2026', '05.03.2026', '2026. 03. 05.', '5/3/2026'].map(parseDay)).toEqual(Array(5).fill('2026-03-05'));
    expect(['2026-02-30', '31. 4. 2026', '2026-13-01', 'zítra', '', '1. 1. 1800'].map(parseDay)).toEqual(Array(6).fill(null));
    expect(parseInstant('5. 3. 2026 14:30')).toBe(new Date(2026, 2, 5, 14, 30).getTime());
    expect(parseInstant('2026-03-05T08:05')).toBe(new Date(2026, 2, 5, 8, 5).getTime());
    expect(parseInstant('2026-03-05 25:00')).toBeNull();
  });
});
