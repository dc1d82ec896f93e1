// Erasing must not leave erased values waiting in the outbox (issue 16 + data protection): a
// person created, edited or erased before the laptop synced would otherwise still have their
// name in `sync_outbox` — in the file, and on its way to the server. So an erasure (and "delete
// for good") compacts the pending changes: a change to a field that a later pending change of
// the same field supersedes takes the later value, and every pending change to a row that was
// later removed loses its value (its tombstone follows). Harmless for syncing: the server keeps
// the latest stamp's value of each field, and a later change from this device always has the
// later stamp. The stamps stay — the order of changes is not personal data. An INSERT's row
// image (col '*') counts as one change of each of its columns: its values are compacted alike.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { ROW_IMAGE } from './outbox.ts';

/** Rewrites superseded pending values (a row image's too); returns how many rows it changed. */
export async function supersedePending(db: Kysely<Database>): Promise<number> {
  const rows = (await sql<{ seq: number; tbl: string; row_id: string; col: string | null; val: unknown }>`
    SELECT seq, tbl, row_id, col, val FROM sync_outbox ORDER BY seq DESC`.execute(db)).rows;
  const latest = new Map<string, unknown>();
  const removed = new Set<string>();
  /** The value a pending change of `col` should hold now; undefined: its own (the latest). */
  const superseded = (row: string, col: string, val: unknown): unknown => {
    if (removed.has(row)) return null;
    const key = `${row}\u0000${col}`;
    if (latest.has(key)) return latest.get(key);
    latest.set(key, val);
    return undefined;
  };
  let n = 0;
  for (const r of rows) {
    const row = `${r.tbl}\u0000${r.row_id}`;
    let value: unknown;
    if (r.col === null) {
      removed.add(row);
      continue;
    } else if (r.col === ROW_IMAGE) {
      // An INSERT's row image: each of its columns as if it were a change of its own.
      const image = JSON.parse(r.val as string) as Record<string, unknown>;
      let changed = false;
      for (const [col, v] of Object.entries(image)) {
        const now = superseded(row, col, v);
        if (now !== undefined && !Object.is(now, v)) {
          image[col] = now;
          changed = true;
        }
      }
      if (!changed) continue;
      value = JSON.stringify(image);
    } else {
      value = superseded(row, r.col, r.val);
      if (value === undefined || Object.is(value, r.val)) continue;
    }
    await sql`UPDATE sync_outbox SET val = ${value as never} WHERE seq = ${r.seq}`.execute(db);
    n++;
  }
  return n;
}
