// Where a firm is in a list, by its integer rid: a typed array while rids are dense (SQLite
// hands out max + 1), else a Map. The lists are up to every firm (100k): a Map of that many
// keys regrows its table a dozen times as it fills, and filling and probing one took ~50 ms
// (a 100k-row export made two); the typed array is one allocation and one store per firm, ~5 ms.

export class RidIndex {
  /** Positions by rid − min (the rids' span only: a list of a few thousand firms from the end
   * of the table is not an array over every rid). */
  private readonly dense: Int32Array | null = null;
  private readonly min: number = 0;
  private readonly sparse: Map<number, number> | null = null;

  /** The list's rids by position (`ridAt(i)`, i < length). A rid listed twice: its first position. */
  constructor(length: number, ridAt: (i: number) => number) {
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < length; i++) {
      const rid = ridAt(i);
      if (rid < min) min = rid;
      if (rid > max) max = rid;
    }
    // Backwards, so that the first position of a repeated rid is the one kept.
    if (length === 0 || max - min <= 4 * length + 65_536) {
      const dense = new Int32Array(length === 0 ? 0 : max - min + 1).fill(-1);
      for (let i = length - 1; i >= 0; i--) dense[ridAt(i) - min] = i;
      this.dense = dense;
      this.min = length === 0 ? 0 : min;
    } else {
      const sparse = new Map<number, number>();
      for (let i = length - 1; i >= 0; i--) sparse.set(ridAt(i), i);
      this.sparse = sparse;
    }
  }

  /** The position of this rid in the list, or -1 when it is not there. */
  get(rid: number): number {
    if (this.dense) {
      const at = rid - this.min;
      return at >= 0 && at < this.dense.length ? this.dense[at]! : -1;
    }
    return this.sparse!.get(rid) ?? -1;
  }
}
