import { describe, expect, it } from 'vitest';
import { formatFieldValue, longDate, shortDate, shortInstant } from './dates.ts';

describe('dates', () => {
  it('have one short form per language, the same on screens and paper', () => {
    expect(['cs', 'en', 'hu', 'ru'].map((l) => shortDate('2026-07-17', l as 'cs'))).toEqual(['17.07.2026', '17/07/2026', '2026. 07. 17.', '17.07.2026']);
    expect(shortDate('2026-02-30', 'cs')).toBe('2026-02-30'); // not a day: shown as it is
    expect(shortInstant(new Date(2026, 6, 17, 9, 5).getTime(), 'cs', true)).toBe('17.07.2026 9:05');
    expect(shortInstant(new Date(2026, 6, 17, 9, 5).getTime(), 'en', true)).toBe('17/07/2026 09:05');
  });
  it('write a letter\'s date in words, months in the right case', () => {
    expect(longDate('2026-11-29', 'cs')).toBe('29. listopadu 2026');
    expect(longDate('2026-11-29', 'ru')).toBe('29 ноября 2026 г.');
    expect(longDate('2026-11-29', 'hu')).toBe('2026. november 29.');
    expect(longDate('2026-11-29', 'en')).toBe('29 November 2026');
  });
  it('show user fields\' numbers and dates in the language', () => {
    expect(formatFieldValue('date', '2026-07-17', 'ru')).toBe('17.07.2026');
    expect(formatFieldValue('number', 1250.5, 'cs').replace(/\s/g, ' ')).toBe('1 250,5');
    expect(formatFieldValue('number', 1250.5, 'en')).toBe('1,250.5');
    expect(formatFieldValue('text', 'x', 'cs')).toBe('x');
    expect(formatFieldValue('number', null, 'cs')).toBe('');
  });
});
