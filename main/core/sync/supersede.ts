// Erasing must not leave erased values waiting in the outbox (issue 16 + data protection): a
// person created, edited or erased before the laptop synced would otherwise still have their
// name in `sync_outbox` — in the file, and on its way to the server. So an erasure (and "delete
// for good") compacts the pending changes: a change to a field that a later pending change of
// the same field supersedes takes the later value, and every pending change to a row that was
// later removed loses its value (its tombstone follows). Harmless for syncing: the server keeps
// the latest stamp's value of each field, and a later change from this device always has the
// later stamp. The stamps stay — the order of changes is not personal data.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** Rewrites superseded pending values; returns how many rows it changed. */
export async function supersedePending(db: Kysely<Database>): Promise<number> {
  const rows = (await sql<{ seq: number; tbl: string; row_id: string; col: string | null; val: unknown }>`
    SELECT seq, tbl, row_id, col, val FROM sync_outbox ORDER BY seq DESC`.execute(db)).rows;
  const latest = new Map<string, unknown>();
  const removed = new Set<string>();
  let n = 0;
  for (const r of rows) {
    const row = `${r.tbl}\u0000${r.row_id}`;
    if (r.col === null) {
      removed.add(row);
      continue;
    }
    const key = `${row}\u0000${r.col}`;
    let value: unknown;
    if (removed.has(row)) value = null;
    else if (latest.has(key)) value = latest.get(key);
    else {
      latest.set(key, r.val);
      continue;
    }
    if (Object.is(value, r.val)) continue;
    await sql`UPDATE sync_outbox SET val = ${value as never} WHERE seq = ${r.seq}`.execute(db);
    n++;
  }
  return n;
}
