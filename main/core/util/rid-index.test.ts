import { describe, expect, it } from 'vitest';
import { RidIndex } from './rid-index.ts';

/** What RidIndex must answer: a rid's first position in the list, -1 for any other rid. */
function expectIndexes(rids: number[]): void {
  const index = new RidIndex(rids.length, (i) => rids[i]!);
  const first = new Map<number, number>();
  rids.forEach((rid, i) => { if (!first.has(rid)) first.set(rid, i); });
  const lo = Math.min(0, ...rids);
  const hi = Math.max(0, ...rids);
  for (const rid of [...rids, lo - 1, lo, 0, 1, 7, hi, hi + 1, 2 ** 40]) expect(index.get(rid), `rid ${rid}`).toBe(first.get(rid) ?? -1);
}

describe('RidIndex', () => {
  it('finds each rid at its first position, dense or sparse, and nothing else', () => {
    expectIndexes([]);
    expectIndexes([5]);
    expectIndexes([3, 1, 2, 3, 1]);
    expectIndexes([100_000, 100_002, 99_999]); // a span far from 0
    expectIndexes([1, 1_000_000_000, 2]); // sparse: a Map
    expectIndexes([-3, 4, -3]);
    let seed = 7;
    const next = () => (seed = (seed * 48271) % 2147483647);
    for (let k = 0; k < 50; k++) {
      const base = next() % 1_000_000;
      const spread = k % 2 ? 100 : 10_000_000;
      expectIndexes(Array.from({ length: 1 + (next() % 60) }, () => base + (next() % spread)));
    }
  });
});
