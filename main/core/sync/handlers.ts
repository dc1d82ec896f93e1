// The sync channels (issue 16): status, "sync now", joining a workspace, and the conflicts to
// decide. The network never waits inside a transaction: database steps take the connection
// through Kysely's lock one at a time (`exclusive`), so handlers keep answering meanwhile.
import { sql } from 'kysely';
import type SQLite from 'better-sqlite3';
import { AppError } from '../../../shared/errors.ts';
import type { SyncConflict } from '../../../shared/sync-status.ts';
import type { Handler } from '../handler-types.ts';
import type { Ctx } from '../context.ts';
import { join, readConfig, syncOnce, SyncError, type FetchLike } from './client.ts';
import { syncedTable } from './apply.ts';
import { adoptUser } from './adopt.ts';
import { trashHandlers } from '../trash/handlers.ts';

function connection(ctx: Ctx): SQLite.Database {
  if (!ctx.sqlite) throw new AppError({ code: 'internal', messageKey: 'errors.internal', params: { detail: 'sync needs the connection' } });
  return ctx.sqlite;
}

/** Runs a synchronous database step while no other request uses the connection. */
const exclusive = (ctx: Ctx) => <T>(fn: () => T): Promise<T> => ctx.db.connection().execute(async () => fn());

const fetchOf = (ctx: Ctx): FetchLike => ctx.syncFetch ?? ((url, init) => globalThis.fetch(url, init));

function asAppError(e: unknown): unknown {
  if (e instanceof SyncError) return new AppError({ code: e.code === 'forbidden' ? 'forbidden' : 'validation', messageKey: e.messageKey });
  return e;
}

const status: Handler<'sync.status'> = async (_input, ctx) => {
  const sqlite = connection(ctx);
  return exclusive(ctx)(() => {
    const c = readConfig(sqlite);
    return {
      configured: !!(c.server_url && c.device_token),
      serverUrl: c.server_url,
      workspaceName: c.workspace_name,
      waiting: sqlite.prepare('SELECT count(*) FROM sync_outbox').pluck().get() as number,
      lastSyncAt: c.last_sync_at,
      lastError: c.last_error ? `errors.sync_${c.last_error}` : null,
      openConflicts: sqlite.prepare('SELECT count(*) FROM sync_conflicts WHERE resolved_at IS NULL').pluck().get() as number,
    };
  });
};

const now: Handler<'sync.now'> = async (_input, ctx) => {
  try {
    const sqlite = connection(ctx);
    // The first sync after joining, once the team's rows are in: this laptop's user becomes the
    // invited colleague (adopt.ts), before anything it wrote goes out under its placeholder.
    let adopted = false;
    const beforePush = () => {
      const c = readConfig(sqlite);
      if (!c.user_id || !adoptUser(sqlite, c.user_id, c.user_name ?? '', ctx.now())) return;
      adopted = true;
      ctx.setLocalUser?.(c.user_id);
    };
    const report = await syncOnce({ sqlite, fetch: fetchOf(ctx), now: ctx.now, exclusive: exclusive(ctx), beforePush });
    if (adopted) report.tables = [...new Set([...report.tables, 'users', 'firms'])].sort();
    ctx.afterSync?.(report.tables);
    return { pushed: report.pushed, pulled: report.pulled, conflicts: report.conflicts, tables: report.tables };
  } catch (e) {
    throw asAppError(e);
  }
};

const joinWorkspace: Handler<'sync.join'> = async (input, ctx) => {
  try {
    const res = await join(connection(ctx), fetchOf(ctx), input.url, input.code, input.deviceName, exclusive(ctx));
    return { workspaceName: res.workspace.name, userId: res.user.id };
  } catch (e) {
    throw asAppError(e);
  }
};

interface ConflictRow {
  id: number; kind: 'field' | 'deleted'; tbl: string; row_id: string; col: string | null; local_val: unknown; local_hlc: string | null;
  remote_val: unknown; remote_hlc: string; remote_user: string | null; remote_user_name?: string | null; created_at: number; resolved_at: number | null; resolution: SyncConflict['resolution'];
}

const msOf = (hlc: string) => parseInt(hlc.slice(0, 12), 16);
const scalar = (v: unknown): SyncConflict['localValue'] => (v === null || typeof v === 'string' || typeof v === 'number' ? v : null);

const list: Handler<'sync.conflicts.list'> = async (input, ctx) => {
  const sqlite = connection(ctx);
  const rows = await exclusive(ctx)(() => sqlite.prepare(`SELECT c.*, (SELECT u.name FROM users u WHERE u.id = c.remote_user) AS remote_user_name FROM sync_conflicts c
    WHERE (@all OR resolved_at IS NULL) AND (@tbl IS NULL OR tbl = @tbl) AND (@row IS NULL OR row_id = @row) ORDER BY id DESC LIMIT 1000`)
    .all({ all: input.includeResolved ? 1 : 0, tbl: input.tbl ?? null, row: input.rowId ?? null }) as ConflictRow[]);
  return rows.map((r) => ({
    id: r.id, kind: r.kind, tbl: r.tbl, rowId: r.row_id, col: r.col,
    localValue: scalar(r.local_val), localAt: r.local_hlc ? msOf(r.local_hlc) : null,
    remoteValue: scalar(r.remote_val), remoteAt: msOf(r.remote_hlc), remoteDevice: r.remote_hlc.slice(18), remoteUserName: r.remote_user_name ?? null,
    createdAt: r.created_at, resolvedAt: r.resolved_at, resolution: r.resolution,
  }));
};

const resolve: Handler<'sync.conflicts.resolve'> = async (input, ctx) => {
  const row = (await sql<ConflictRow>`SELECT * FROM sync_conflicts WHERE id = ${input.id}`.execute(ctx.db)).rows[0];
  if (!row || row.resolved_at !== null) throw new AppError({ code: 'not_found', messageKey: 'errors.sync_conflict_gone', field: 'id' });
  let resolution: 'mine' | 'theirs' | 'dismissed' | 'restored' = input.keep;
  if (row.kind === 'deleted' && row.col === 'deleted_at') {
    // Moved to the Trash by a colleague while edited here: "keep mine" restores it from the Trash
    // (a new change: restored on every laptop at the next sync), "theirs" leaves it there.
    if (input.keep === 'mine') {
      const t = syncedTable(connection(ctx), row.tbl);
      const current = t && (await sql<{ deleted_at: number | null; trash_id: string | null }>`SELECT deleted_at, trash_id FROM ${sql.table(row.tbl)} WHERE ${sql.ref(t.key)} = ${row.row_id}`.execute(ctx.db)).rows[0];
      if (!current) throw new AppError({ code: 'not_found', messageKey: 'errors.sync_conflict_gone', field: 'id' });
      if (current.deleted_at !== null) {
        const entry = current.trash_id ? (await sql<{ id: string }>`SELECT id FROM trash WHERE id = ${current.trash_id} AND deleted_at IS NULL`.execute(ctx.db)).rows[0] : undefined;
        if (entry) await trashHandlers['trash.restore']({ id: entry.id }, ctx);
        else await sql`UPDATE ${sql.table(row.tbl)} SET deleted_at = NULL WHERE ${sql.ref(t.key)} = ${row.row_id}`.execute(ctx.db);
      }
      resolution = 'restored';
    } else resolution = 'dismissed';
  } else if (row.kind === 'deleted') {
    // The record was deleted: bringing it back would not reach colleagues, whose laptops keep it
    // deleted — so only the notice can be dismissed.
    if (input.keep === 'mine') throw new AppError({ code: 'validation', messageKey: 'errors.sync_restore_unavailable', field: 'keep' });
    resolution = 'dismissed';
  } else {
    const t = syncedTable(connection(ctx), row.tbl);
    if (!t || !row.col || !t.columns.has(row.col)) throw new AppError({ code: 'not_found', messageKey: 'errors.sync_conflict_gone', field: 'id' });
    const value = input.keep === 'mine' ? row.local_val : row.remote_val;
    // Written again with a new stamp, after every one this laptop has seen: it wins at every
    // laptop at the next sync. (A value already there records nothing: it is already everyone's.)
    await sql`UPDATE ${sql.table(row.tbl)} SET ${sql.ref(row.col)} = ${value as never} WHERE ${sql.ref(t.key)} = ${row.row_id}`.execute(ctx.db);
  }
  await sql`UPDATE sync_conflicts SET resolved_at = ${ctx.now()}, resolution = ${resolution} WHERE id = ${row.id}`.execute(ctx.db);
  return { id: row.id, resolution };
};

export const syncHandlers = {
  'sync.status': status,
  'sync.now': now,
  'sync.join': joinWorkspace,
  'sync.conflicts.list': list,
  'sync.conflicts.resolve': resolve,
};
