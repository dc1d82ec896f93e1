import { describe, expect, it } from 'vitest';
import { base64ToBytes, safeFileName } from './download.ts';

describe('download helpers', () => {
  it('decodes base64 to the exact bytes (Windows-1250 ř is 0xF8)', () => {
    const bytes = Buffer.from([0x50, 0xf8, 0xed, 0x6a, 0x65, 0x6d, 0x3b, 0x0d, 0x0a, 0x00, 0xff]);
    expect([...base64ToBytes(bytes.toString('base64'))]).toEqual([...bytes]);
    expect(base64ToBytes('').length).toBe(0);
  });

  it('keeps file names to a name, never a path', () => {
    expect(safeFileName('Zákazníci A – 2026-05-01.csv')).toBe('Zákazníci A – 2026-05-01.csv');
    expect(safeFileName('../../etc/passwd')).toBe('_.._etc_passwd');
    expect(safeFileName('a:b*c?.xlsx')).toBe('a_b_c_.xlsx');
    expect(safeFileName('...')).toBe('export');
  });
});
