// 0016: the laptop's sync state (issue 16), all of it this laptop's own (local-only.ts says why).
//
// sync_fields — the clock of every field's current value as far as syncing knows it: the stamp of
//   the last remote value applied, or of the last local value the server acknowledged. A field
//   with a change still in the outbox has, in effect, the later of this and the outbox stamp
//   (apply.ts). `col = ''` is the row's tombstone: the row was deleted at that stamp, and field
//   changes arriving later for it are dropped (a deleted record stays deleted). Never written by
//   local edits themselves: the outbox holds those until the push is acknowledged, when their
//   stamps move here — so a remote change older than a value this laptop sent never overwrites it.
// sync_parked — fields of rows that could not be inserted yet: a row whose fields arrive split
//   over two pull pages (NOT NULL columns missing), or before the row it refers to (a snapshot is
//   in key order, not in foreign-key order). Each apply retries them; a tombstone drops them.
// sync_conflicts — a remote change that overwrote (or lost to) a concurrent local edit of another
//   value, or an edit that met a deletion ('deleted'): both values with their stamps (the stamp
//   names the device and the time), until the user keeps one.
// sync_config — one row: where the server is, this device's token, who it acts as, the pull
//   cursor, the batch being pushed (its id and last outbox seq, so a retry after a lost answer
//   sends the same batch under the same id), the outcome of the last sync, and the newest stamp
//   ever received (`clock_high`): the clock resumes after it at the next open even when the outbox
//   is empty and the wall clock went back — an edit made after seeing a change still wins.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `CREATE TABLE sync_fields (
      tbl TEXT NOT NULL,
      row_id TEXT NOT NULL,
      col TEXT NOT NULL,
      hlc TEXT NOT NULL CHECK (length(hlc) = 34),
      PRIMARY KEY (tbl, row_id, col)
    ) WITHOUT ROWID`,
    `CREATE TABLE sync_parked (
      tbl TEXT NOT NULL,
      row_id TEXT NOT NULL,
      col TEXT NOT NULL,
      val,
      hlc TEXT NOT NULL,
      PRIMARY KEY (tbl, row_id, col)
    ) WITHOUT ROWID`,
    `CREATE TABLE sync_conflicts (
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('field', 'deleted')),
      tbl TEXT NOT NULL,
      row_id TEXT NOT NULL,
      col TEXT,
      local_val,
      local_hlc TEXT,
      remote_val,
      remote_hlc TEXT NOT NULL,
      remote_user TEXT,
      created_at INTEGER NOT NULL,
      resolved_at INTEGER,
      resolution TEXT CHECK (resolution IN ('mine', 'theirs', 'restored', 'dismissed'))
    )`,
    // One record per pair of clashing changes, however often the remote one is delivered.
    `CREATE UNIQUE INDEX sync_conflicts_pair ON sync_conflicts (tbl, row_id, coalesce(col, ''), coalesce(local_hlc, ''), remote_hlc)`,
    `CREATE INDEX sync_conflicts_open ON sync_conflicts (resolved_at, tbl, row_id)`,
    `CREATE TABLE sync_config (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      server_url TEXT,
      device_token TEXT,
      user_id TEXT,
      user_name TEXT,
      workspace_id TEXT,
      workspace_name TEXT,
      pull_cursor TEXT,
      snapshot_done INTEGER NOT NULL DEFAULT 0,
      push_batch TEXT,
      push_upto INTEGER,
      last_sync_at INTEGER,
      last_error TEXT,
      clock_high TEXT
    )`,
    `INSERT INTO sync_config (id) VALUES (1)`,
  ];
  for (const s of statements) await sql.raw(s).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Downgrades are not supported: restore the backup taken before the upgrade.');
}
