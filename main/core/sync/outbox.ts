// Reading the outbox (migration 0015) as the sync protocol's field changes (shared/sync.ts).
// The outbox holds three kinds of row, as the triggers write them:
//   col '*'   an INSERT's row image: `val` is a JSON object of every captured column — one
//             change per column, all with the row's stamp;
//   col name  an UPDATE of that column: `val` is its new value, as SQLite held it;
//   col NULL  a DELETE: a tombstone (`val` NULL).
// The sync client pushes what `readOutbox` returns and, once the server has it, deletes the
// outbox rows up to the last `seq` it pushed.
import type SQLite from 'better-sqlite3';
import type { Change, SyncValue } from '../../../shared/sync.ts';

/** An outbox row as stored. */
export interface OutboxRow {
  seq: number;
  tbl: string;
  row_id: string;
  col: string | null;
  val: unknown;
  hlc: string;
}

/** `col` of an INSERT's row image. */
export const ROW_IMAGE = '*';

function value(v: unknown, where: string): SyncValue {
  if (v === null || typeof v === 'string' || typeof v === 'number') return v;
  // Outbox values come from synced columns, which hold no blobs; a bigint would only come from a
  // connection in safe-integer mode. Either would be silently wrong on the wire: say so.
  throw new Error(`sync outbox: ${where} holds a ${typeof v === 'object' ? 'blob' : typeof v}, which does not sync`);
}

/** Turns outbox rows into the protocol's field changes, in the rows' order. */
export function expandOutbox(rows: readonly OutboxRow[]): Change[] {
  const changes: Change[] = [];
  for (const r of rows) {
    if (r.col === ROW_IMAGE) {
      const image = JSON.parse(value(r.val, `seq ${r.seq}`) as string) as Record<string, unknown>;
      for (const [col, v] of Object.entries(image)) {
        changes.push({ tbl: r.tbl, row: r.row_id, col, val: value(v, `seq ${r.seq}, ${col}`), hlc: r.hlc });
      }
    } else {
      changes.push({ tbl: r.tbl, row: r.row_id, col: r.col, val: r.col === null ? null : value(r.val, `seq ${r.seq}`), hlc: r.hlc });
    }
  }
  return changes;
}

/**
 * Up to `limit` outbox rows after `afterSeq`, in order, each with its field changes (a row image
 * gives several). Pushing row by row keeps the acknowledged position a `seq`.
 */
export function readOutbox(sqlite: SQLite.Database, afterSeq: number, limit: number): { seq: number; changes: Change[] }[] {
  const rows = sqlite.prepare('SELECT seq, tbl, row_id, col, val, hlc FROM sync_outbox WHERE seq > ? ORDER BY seq LIMIT ?')
    .all(afterSeq, limit) as OutboxRow[];
  return rows.map((r) => ({ seq: r.seq, changes: expandOutbox([r]) }));
}
