import { describe, expect, it } from 'vitest';
import { fileType, formatBytes, formatIsoDate, parseIsoDate, todayIso } from './card-format.ts';

describe('card formatting', () => {
  it('formats sizes in the user\'s language with B for bytes', () => {
    expect(formatBytes(14, 'en')).toBe('14\u00a0B');
    expect(formatBytes(14, 'ru')).toBe('14\u00a0Б');
    expect(formatBytes(1536, 'cs')).toMatch(/^1,5\s?kB$/);
    expect(formatBytes(25 * 1024 * 1024, 'en')).toMatch(/^25\s?MB$/);
  });

  it('reads YYYY-MM-DD as a local calendar day and refuses impossible dates', () => {
    const d = parseIsoDate('2025-03-09')!;
    expect([d.getFullYear(), d.getMonth(), d.getDate()]).toEqual([2025, 2, 9]);
    expect(parseIsoDate('2025-02-30')).toBeNull();
    expect(formatIsoDate('2025-03-09', 'cs')).toBe('09.03.2025');
    expect(todayIso(new Date(2025, 0, 5, 23, 30).getTime())).toBe('2025-01-05');
  });

  it('names a file type by its extension, else by the MIME subtype', () => {
    expect(fileType('nabídka.final.PDF', 'application/pdf')).toBe('PDF');
    expect(fileType('README', 'text/plain')).toBe('PLAIN');
    expect(fileType('x', '')).toBe('—');
  });
});
