import { describe, expect, it } from 'vitest';
import { uuidv7 } from './ids.ts';

describe('uuidv7', () => {
  it('is a version 7, variant 10 UUID carrying its millisecond', () => {
    const now = Date.UTC(2026, 11, 8, 1, 2, 3, 456);
    const id = uuidv7(now);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(now);
  });

  it('keeps 200k ids of one millisecond strictly increasing and unique (an import stamps them all with one time)', () => {
    const now = Date.UTC(2026, 11, 8, 1, 0, 0, 0);
    let previous = uuidv7(now);
    const seen = new Set([previous]);
    for (let i = 0; i < 200_000; i++) {
      const id = uuidv7(now);
      expect(id > previous).toBe(true);
      seen.add(id);
      previous = id;
    }
    expect(seen.size).toBe(200_001);
  });

  it('orders ids of later milliseconds after earlier ones', () => {
    const a = uuidv7(1_000_000);
    const b = uuidv7(1_000_001);
    expect(b > a).toBe(true);
  });
});
