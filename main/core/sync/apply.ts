// Applying pulled changes to this laptop's file (issue 16): one transaction per batch, field by
// field, last writer wins by clock stamp (the packed stamps compare as strings).
//
// What a field's clock is here: `sync_fields` (migration 0016) holds the stamp of the value the
// server has — the last remote value applied, or the last local one the server acknowledged — and
// a change still waiting in the outbox counts with its own, later stamp. A remote change wins when
// its stamp is after both.
//
// Conflicts: a remote change to a field that has a change of another value waiting in the outbox
// is recorded, whichever wins. Both are concurrent: the waiting change has not reached the server,
// so its author could not have seen it; and this laptop never saw the remote one before (the pull
// delivers each logged change once — the cursor moves in the transaction that applies it — and a
// change this device sent comes back before any change made after seeing it, acknowledging it:
// `ownEcho` below). Equal values are no conflict. A deletion meeting an edit is recorded as kind
// 'deleted': the record stays deleted.
//
// Capture is off while applying (the changes were captured where they were made); the search
// index's triggers fire as for any write. The caller refreshes what lives in memory (the firm
// list) from `tables`.
import type SQLite from 'better-sqlite3';
import type { Change, SyncValue } from '../../../shared/sync.ts';
import { clockOf, deviceId, withoutCaptureSync } from './capture.ts';
import { ClockDriftError } from './hlc.ts';
import { LOCAL_ONLY_COLUMNS } from './local-only.ts';

/** `col` of a tombstone in sync_fields and sync_parked. */
const TOMBSTONE = '';

export interface ApplyOptions {
  /** Epoch ms for conflict records (default Date.now). */
  now?: () => number;
  /** A snapshot's pages: rows parked for a missing parent wait until its last page (the snapshot
   * comes in table order, children often before their parents — retrying every parked row after
   * every page made a first sync quadratic); then one call with no changes and this false. */
  deferParked?: boolean;
}

export interface ApplyResult {
  /** Field values written (rows inserted count their fields). */
  written: number;
  /** Rows deleted by tombstones. */
  deleted: number;
  /** Changes that lost to a later value, were this device's own, or met a deleted row. */
  skipped: number;
  conflicts: number;
  /** Tables whose rows changed: what derived state (the firm list) must follow. */
  tables: Set<string>;
}

interface TableInfo { key: string; columns: Set<string>; }
interface Pending { seq: number; col: string | null; val: unknown; hlc: string; }

const tableCache = new WeakMap<SQLite.Database, Map<string, TableInfo | null>>();
const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** A synced table (one with capture triggers) and its synced columns; null for anything else. */
export function syncedTable(sqlite: SQLite.Database, tbl: string): TableInfo | null {
  let cache = tableCache.get(sqlite);
  if (!cache) tableCache.set(sqlite, (cache = new Map()));
  if (cache.has(tbl)) return cache.get(tbl)!;
  const trigger = sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?`).get(`sync_${tbl}_insert`);
  let info: TableInfo | null = null;
  if (trigger) {
    const key = tbl === 'settings' ? 'key' : 'id';
    const cols = (sqlite.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(tbl) as string[])
      .filter((c) => c !== key && !Object.hasOwn(LOCAL_ONLY_COLUMNS, `${tbl}.${c}`));
    info = { key, columns: new Set(cols) };
  }
  cache.set(tbl, info);
  return info;
}

export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'bigint' || typeof b === 'bigint') return Number(a) === Number(b);
  return false;
}

/** The outbox rows of one row, and what they say: the latest waiting value of each field. */
class RowPending {
  entries: Pending[];
  constructor(entries: Pending[]) { this.entries = entries; }
  get tombstone(): Pending | undefined {
    return this.entries.findLast((e) => e.col === null);
  }
  field(col: string): { val: unknown; hlc: string } | undefined {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const e = this.entries[i]!;
      if (e.col === col) return { val: e.val, hlc: e.hlc };
      if (e.col === '*') {
        const image = JSON.parse(String(e.val)) as Record<string, unknown>;
        if (Object.hasOwn(image, col)) return { val: image[col], hlc: e.hlc };
      }
    }
    return undefined;
  }
  fields(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const e of this.entries) {
      if (e.col === '*') Object.assign(out, JSON.parse(String(e.val)));
      else if (e.col !== null) out[e.col] = e.val;
    }
    return out;
  }
  get maxHlc(): string | undefined {
    return this.entries.reduce<string | undefined>((m, e) => (m === undefined || e.hlc > m ? e.hlc : m), undefined);
  }
}

const rowKey = (tbl: string, row: string) => `${tbl}\u0000${row}`;

/**
 * Applies a batch of remote changes (in log order) in one transaction — a savepoint when the
 * caller has one open. The local clock observes every remote stamp, so an edit made after this
 * always wins over what was applied.
 */
/** Prepared statements by their text, per connection: an INSERT or UPDATE of a synced table
 * compiles every trigger it fires (search index, capture), and preparing one per pulled field
 * was most of a first sync's time. SQLite re-prepares a kept statement after a schema change. */
const statements = new WeakMap<SQLite.Database, Map<string, SQLite.Statement>>();
function cached(sqlite: SQLite.Database, text: string): SQLite.Statement {
  let m = statements.get(sqlite);
  if (!m) statements.set(sqlite, (m = new Map()));
  let st = m.get(text);
  if (!st) { st = sqlite.prepare(text); m.set(text, st); }
  return st;
}

/** Bookkeeping that every save of a record touches: the later stamp wins as for any field, but
 * two saves of one record are no decision for the user — the fields that differ are recorded. */
const QUIET_COLUMNS = new Set(['updated_at']);
/** What moving a record to the Trash writes besides `deleted_at`: not an edit of the record. */
const TRASH_COLUMNS = new Set(['updated_at', 'deleted_at', 'trash_id']);

export function applyChanges(sqlite: SQLite.Database, changes: readonly Change[], opts: ApplyOptions = {}): ApplyResult {
  const now = opts.now ?? Date.now;
  const result: ApplyResult = { written: 0, deleted: 0, skipped: 0, conflicts: 0, tables: new Set() };
  if (changes.length === 0 && (opts.deferParked || !sqlite.prepare('SELECT 1 FROM sync_parked LIMIT 1').get())) return result;
  const me = deviceId(sqlite);
  const clock = clockOf(sqlite);
  if (!me || !clock) throw new Error('applyChanges: the file has no device id (migration 0015)');

  const getField = sqlite.prepare('SELECT hlc FROM sync_fields WHERE tbl = ? AND row_id = ? AND col = ?').pluck();
  const setField = sqlite.prepare(`INSERT INTO sync_fields (tbl, row_id, col, hlc) VALUES (?, ?, ?, ?)
    ON CONFLICT (tbl, row_id, col) DO UPDATE SET hlc = excluded.hlc WHERE excluded.hlc > sync_fields.hlc`);
  const clearFields = sqlite.prepare(`DELETE FROM sync_fields WHERE tbl = ? AND row_id = ? AND col <> ''`);
  const conflict = sqlite.prepare(`INSERT OR IGNORE INTO sync_conflicts
    (kind, tbl, row_id, col, local_val, local_hlc, remote_val, remote_hlc, created_at, remote_user) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  // Who made each pulled change (the server's log knows the pushing device's user): a conflict
  // names the colleague, not only their device. A row image's fields share one stamp.
  const userOf = new Map<string, string>();
  for (const c of changes as readonly (Change & { user?: string })[]) if (c.user) userOf.set(c.hlc, c.user);
  const openNotice = sqlite.prepare(`SELECT 1 FROM sync_conflicts WHERE tbl = ? AND row_id = ? AND col = 'deleted_at' AND kind = 'deleted' AND resolved_at IS NULL`);
  const parkedOf = sqlite.prepare('SELECT col, val, hlc FROM sync_parked WHERE tbl = ? AND row_id = ?');
  const park = sqlite.prepare(`INSERT INTO sync_parked (tbl, row_id, col, val, hlc) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (tbl, row_id, col) DO UPDATE SET val = excluded.val, hlc = excluded.hlc WHERE excluded.hlc > sync_parked.hlc`);
  const unpark = sqlite.prepare('DELETE FROM sync_parked WHERE tbl = ? AND row_id = ?');

  // The outbox entries of the rows this batch touches, read once.
  const touched = new Set(changes.map((c) => rowKey(c.tbl, c.row)));
  const pending = new Map<string, RowPending>();
  for (const r of sqlite.prepare('SELECT seq, tbl, row_id, col, val, hlc FROM sync_outbox ORDER BY seq').iterate() as Iterable<Pending & { tbl: string; row_id: string }>) {
    const k = rowKey(r.tbl, r.row_id);
    if (!touched.has(k)) continue;
    let p = pending.get(k);
    if (!p) pending.set(k, (p = new RowPending([])));
    p.entries.push({ seq: r.seq, col: r.col, val: r.val, hlc: r.hlc });
  }
  const ownStamps = new Set<string>();
  for (const p of pending.values()) for (const e of p.entries) ownStamps.add(e.hlc);
  const acknowledged: number[] = [];

  // Rows missing here: all their fields in this batch, gathered at the row's first change.
  const byRow = new Map<string, Change[]>();
  for (const c of changes) {
    const k = rowKey(c.tbl, c.row);
    let list = byRow.get(k);
    if (!list) byRow.set(k, (list = []));
    list.push(c);
  }
  const consumed = new Set<Change>();

  const rowExists = (t: TableInfo, tbl: string, row: string) =>
    !!cached(sqlite, `SELECT 1 FROM ${q(tbl)} WHERE ${q(t.key)} = ?`).get(row);

  /** Inserts a row from its fields, or parks them when it cannot be inserted yet. */
  function insertRow(t: TableInfo, tbl: string, row: string, fields: Map<string, { val: SyncValue; hlc: string }>): boolean {
    const cols = [...fields.keys()];
    try {
      sqlite.transaction(() => {
        cached(sqlite, `INSERT INTO ${q(tbl)} (${[t.key, ...cols].map(q).join(', ')}) VALUES (${['?', ...cols.map(() => '?')].join(', ')})`)
          .run(row, ...cols.map((c) => fields.get(c)!.val));
      })();
    } catch (e) {
      if (!(e instanceof Error && 'code' in e && String(e.code).startsWith('SQLITE_CONSTRAINT'))) throw e;
      for (const [c, f] of fields) park.run(tbl, row, c, f.val, f.hlc);
      return false;
    }
    unpark.run(tbl, row);
    for (const [c, f] of fields) setField.run(tbl, row, c, f.hlc);
    result.written += cols.length;
    result.tables.add(tbl);
    return true;
  }

  /**
   * Deletes a row for a tombstone. A row something here still refers to — a child added on this
   * or a third laptop while the parent was deleted for good elsewhere — stays (a foreign key
   * refuses it): the batch must not fail for it, or the sync would be stuck for good. The
   * tombstone is kept, so the row takes no more edits.
   */
  function deleteRow(t: TableInfo, tbl: string, row: string): boolean {
    try {
      sqlite.transaction(() => { cached(sqlite, `DELETE FROM ${q(tbl)} WHERE ${q(t.key)} = ?`).run(row); })();
      return true;
    } catch (e) {
      if (e instanceof Error && 'code' in e && e.code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return false;
      throw e;
    }
  }

  function gather(tbl: string, row: string, t: TableInfo, list: readonly Change[]): Map<string, { val: SyncValue; hlc: string }> {
    const fields = new Map<string, { val: SyncValue; hlc: string }>();
    const take = (col: string, val: SyncValue, hlc: string) => {
      if (!t.columns.has(col)) return;
      const had = fields.get(col);
      if (!had || hlc > had.hlc) fields.set(col, { val, hlc });
    };
    for (const p of parkedOf.all(tbl, row) as { col: string; val: SyncValue; hlc: string }[]) take(p.col, p.val, p.hlc);
    for (const c of list) {
      if (c.col === null) continue;
      if (c.col === '*') for (const [col, val] of Object.entries(JSON.parse(String(c.val)) as Record<string, SyncValue>)) take(col, val, c.hlc);
      else take(c.col, c.val, c.hlc);
    }
    return fields;
  }

  function applyOne(c: Change): void {
    const t = syncedTable(sqlite, c.tbl);
    if (!t) { result.skipped++; return; } // a table this version does not have (a newer colleague's)
    const k = rowKey(c.tbl, c.row);
    const p = pending.get(k);
    const own = c.hlc.slice(18) === me || ownStamps.has(c.hlc);

    if (own) {
      // This device's change, back from the server: the server has it — as good as an answer to
      // the push whose answer may have been lost. Its outbox rows go; its stamp is the field's.
      if (p) {
        for (const e of p.entries) if (e.hlc === c.hlc) acknowledged.push(e.seq);
        p.entries = p.entries.filter((e) => e.hlc !== c.hlc);
      }
      setField.run(c.tbl, c.row, c.col ?? TOMBSTONE, c.hlc);
      result.skipped++;
      return;
    }

    const tomb = getField.get(c.tbl, c.row, TOMBSTONE) as string | undefined;
    const localTomb = p?.tombstone;
    if (c.col === null) {
      setField.run(c.tbl, c.row, TOMBSTONE, c.hlc);
      unpark.run(c.tbl, c.row);
      const exists = rowExists(t, c.tbl, c.row);
      const edits = p?.entries.filter((e) => e.col !== null) ?? [];
      if (exists && edits.length && !localTomb) {
        // Edited here, deleted there: the record goes, the notice keeps what was being edited.
        const image = cached(sqlite, `SELECT * FROM ${q(c.tbl)} WHERE ${q(t.key)} = ?`).get(c.row) as Record<string, unknown>;
        conflict.run('deleted', c.tbl, c.row, null, JSON.stringify(image), p!.maxHlc ?? null, null, c.hlc, now(), userOf.get(c.hlc) ?? null);
        result.conflicts++;
      }
      if (exists && deleteRow(t, c.tbl, c.row)) {
        result.deleted++;
        result.tables.add(c.tbl);
      } else result.skipped++;
      clearFields.run(c.tbl, c.row);
      return;
    }

    if (tomb !== undefined || localTomb) {
      // A deleted record stays deleted. Deleted here and not yet sent: the editor never saw it.
      if (localTomb && (c.col === '*' || t.columns.has(c.col))) {
        conflict.run('deleted', c.tbl, c.row, c.col === '*' ? null : c.col, null, localTomb.hlc, c.val, c.hlc, now(), userOf.get(c.hlc) ?? null);
        result.conflicts++;
      }
      result.skipped++;
      return;
    }

    if (!rowExists(t, c.tbl, c.row)) {
      // A new row: inserted once, from all of its fields in this batch (and any parked before).
      const list = byRow.get(k)!.filter((x) => x.col !== null && !consumed.has(x));
      for (const x of list) consumed.add(x);
      if (!insertRow(t, c.tbl, c.row, gather(c.tbl, c.row, t, list))) result.skipped += list.length;
      return;
    }

    const fields = c.col === '*' ? Object.entries(JSON.parse(String(c.val)) as Record<string, SyncValue>) : [[c.col, c.val] as const];
    for (const [col, val] of fields) applyField(t, c.tbl, c.row, col, val, c.hlc, p);
  }

  function applyField(t: TableInfo, tbl: string, row: string, col: string, val: SyncValue, hlc: string, p: RowPending | undefined): void {
    if (!t.columns.has(col)) { result.skipped++; return; }
    const known = getField.get(tbl, row, col) as string | undefined;
    const local = p?.field(col);
    // A colleague moved to the Trash a record this laptop edited meanwhile: both changes apply
    // (the edit is kept, in the Trash), and a notice offers to restore it (handlers.ts).
    // And the other way round: a colleague edited a record this laptop has just moved to the
    // Trash — it stays there (with their edit), with the same notice. One open notice per record.
    const trashedHere = p?.field('deleted_at');
    const notice = col === 'deleted_at' && val !== null && !local && p && p.entries.some((e) => e.col !== null && e.col !== '*' && !TRASH_COLUMNS.has(e.col))
      ? p.entries.reduce((m, e) => (e.hlc > m ? e.hlc : m), p.entries[0]!.hlc)
      : !TRASH_COLUMNS.has(col) && trashedHere && trashedHere.val !== null ? trashedHere.hlc : null;
    if (notice && !openNotice.get(tbl, row)) {
      conflict.run('deleted', tbl, row, 'deleted_at', null, notice, col === 'deleted_at' ? val : trashedHere!.val as never, hlc, now(), userOf.get(hlc) ?? null);
      result.conflicts++;
    }
    if (local && !QUIET_COLUMNS.has(col) && !sameValue(local.val, val)) {
      conflict.run('field', tbl, row, col, local.val as never, local.hlc, val, hlc, now(), userOf.get(hlc) ?? null);
      result.conflicts++;
    }
    const clock = local && (!known || local.hlc > known) ? local.hlc : known;
    if (clock === undefined || hlc > clock) {
      cached(sqlite, `UPDATE ${q(tbl)} SET ${q(col)} = ? WHERE ${q(t.key)} = ?`).run(val, row);
      result.written++;
      result.tables.add(tbl);
    } else result.skipped++;
    setField.run(tbl, row, col, hlc);
  }

  /** Rows parked before: inserted once what they lacked (their parent, their other fields) is here. */
  function retryParked(): void {
    for (let round = 0; round < 20; round++) {
      let progress = false;
      const rows = sqlite.prepare('SELECT DISTINCT tbl, row_id FROM sync_parked').all() as { tbl: string; row_id: string }[];
      for (const { tbl, row_id } of rows) {
        const t = syncedTable(sqlite, tbl);
        if (!t || getField.get(tbl, row_id, TOMBSTONE) !== undefined) { unpark.run(tbl, row_id); continue; }
        if (rowExists(t, tbl, row_id)) {
          const p = pending.get(rowKey(tbl, row_id));
          for (const f of parkedOf.all(tbl, row_id) as { col: string; val: SyncValue; hlc: string }[]) applyField(t, tbl, row_id, f.col, f.val, f.hlc, p);
          unpark.run(tbl, row_id);
          progress = true;
        } else if (insertRow(t, tbl, row_id, gather(tbl, row_id, t, []))) progress = true;
      }
      if (!progress) return;
    }
  }

  sqlite.transaction(() => {
    withoutCaptureSync(sqlite, () => {
      // The clock first: an edit made after this batch is after every stamp in it. A stamp far
      // ahead of this laptop's wall clock was accepted by the server (which refuses clocks too far
      // ahead of its own): this laptop's clock is the one behind, so it is taken all the same.
      if (changes.length > 0) {
        let newest = changes[0]!.hlc;
        for (const c of changes) if (c.hlc > newest) newest = c.hlc;
        try { clock.receive(newest); } catch (e) { if (e instanceof ClockDriftError) { clock.observe(newest); clock.now(); } else throw e; }
        sqlite.prepare(`UPDATE sync_config SET clock_high = ? WHERE id = 1 AND (clock_high IS NULL OR clock_high < ?)`).run(newest, newest);
      }
      for (const c of changes) if (!consumed.has(c)) applyOne(c);
      if (!opts.deferParked) retryParked();
      for (let i = 0; i < acknowledged.length; i += 500) {
        const part = acknowledged.slice(i, i + 500);
        sqlite.prepare(`DELETE FROM sync_outbox WHERE seq IN (${part.map(() => '?').join(',')})`).run(...part);
      }
    });
  })();
  return result;
}
