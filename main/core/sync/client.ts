// The laptop's half of the sync protocol (shared/sync.ts; issue 16): one `syncOnce` pulls what
// colleagues changed, then pushes what waits in the outbox.
//
// Pull before push: a change still in the outbox when a colleague's change of the same field
// arrives is the concurrent edit that makes a conflict (apply.ts); pushing first would hide it.
// Pull pages are applied each in one transaction that also moves the cursor, so a page is applied
// once, however the answers are lost or repeated. A new laptop (no cursor yet) starts from the
// snapshot, then pulls from the position the snapshot reflects.
//
// Push batches are stable: the batch's id and its last outbox seq are stored before it is sent,
// and a retry — after a lost answer, a crash, a refused clock — sends the same rows under the same
// id, which the server does not write twice. Outbox rows go only once the server has answered (or
// once they came back in a pull: apply.ts), and their stamps then become their fields' clocks.
//
// Every database step runs through `exclusive` (the app passes Kysely's connection lock, so no
// handler's transaction is open on the connection meanwhile); the network waits run outside it.
import { randomUUID } from 'node:crypto';
import type SQLite from 'better-sqlite3';
import {
  MAX_PULL_LIMIT, MAX_PUSH_CHANGES, type Change, type JoinResponse, type PullResponse, type PushResponse, type SnapshotResponse,
  type SyncErrorBody, type SyncErrorCode,
} from '../../../shared/sync.ts';
import { applyChanges, type ApplyResult } from './apply.ts';

export interface FetchResponse { ok: boolean; status: number; json(): Promise<unknown>; }
export type FetchLike = (url: string, init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string }) => Promise<FetchResponse>;

/** What can go wrong, as the UI names it (errors.sync_<code>). */
export type SyncFailure = SyncErrorCode | 'network' | 'not_configured' | 'bad_response';

export class SyncError extends Error {
  readonly code: SyncFailure;
  readonly status: number | null;
  constructor(code: SyncFailure, message: string, status: number | null = null, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'SyncError';
    this.code = code;
    this.status = status;
  }
  get messageKey(): string {
    return `errors.sync_${this.code}`;
  }
}

export interface SyncConfig {
  server_url: string | null;
  device_token: string | null;
  user_id: string | null;
  /** The invited colleague's name, until this laptop's user has become them (adopt.ts). */
  user_name: string | null;
  workspace_id: string | null;
  workspace_name: string | null;
  pull_cursor: string | null;
  snapshot_done: number;
  push_batch: string | null;
  push_upto: number | null;
  last_sync_at: number | null;
  last_error: string | null;
}

export interface SyncOptions {
  sqlite: SQLite.Database;
  fetch: FetchLike;
  /** Default: the stored server url and device token (sync_config). */
  url?: string;
  token?: string;
  now?: () => number;
  pushLimit?: number;
  pullLimit?: number;
  /** Runs a database step with the connection to itself (default: directly). */
  exclusive?: <T>(fn: () => T) => Promise<T>;
  /** After pulling, before pushing (a database step): joining's adoption of the invited user
   * waits for the team's rows, so a users row a colleague already sent is reused, not re-sent. */
  beforePush?: () => void;
}

export interface SyncReport {
  pushed: number;
  pulled: number;
  conflicts: number;
  /** Tables whose rows the pull changed (derived state to refresh). */
  tables: string[];
}

export function readConfig(sqlite: SQLite.Database): SyncConfig {
  return sqlite.prepare('SELECT * FROM sync_config WHERE id = 1').get() as SyncConfig;
}

function setConfig(sqlite: SQLite.Database, values: Partial<SyncConfig>): void {
  const keys = Object.keys(values);
  if (!keys.length) return;
  sqlite.prepare(`UPDATE sync_config SET ${keys.map((k) => `${k} = @${k}`).join(', ')} WHERE id = 1`).run(values);
}

/** Outbox rows to send: one row per field change, a row image ('*') per inserted row, a tombstone. */
interface OutboxRow { seq: number; tbl: string; row_id: string; col: string | null; val: unknown; hlc: string; }

/** The wire form of outbox rows: a row image becomes one change per column, under its one stamp. */
export function toChanges(rows: readonly OutboxRow[]): Change[] {
  const out: Change[] = [];
  const value = (v: unknown): Change['val'] | undefined =>
    v === null || typeof v === 'string' || typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : undefined; // blobs do not sync
  for (const r of rows) {
    if (r.col === '*') {
      for (const [col, v] of Object.entries(JSON.parse(String(r.val)) as Record<string, unknown>)) {
        const val = value(v);
        if (val !== undefined) out.push({ tbl: r.tbl, row: r.row_id, col, val, hlc: r.hlc });
      }
    } else {
      const val = r.col === null ? null : value(r.val);
      if (val !== undefined) out.push({ tbl: r.tbl, row: r.row_id, col: r.col, val, hlc: r.hlc });
    }
  }
  return out;
}

const width = (r: OutboxRow) => (r.col === '*' ? Object.keys(JSON.parse(String(r.val)) as object).length : 1);

const locks = new WeakMap<SQLite.Database, Promise<unknown>>();

/** One sync round; concurrent calls on one connection run one after the other. */
export function syncOnce(opts: SyncOptions): Promise<SyncReport> {
  const before = locks.get(opts.sqlite) ?? Promise.resolve();
  const run = before.catch(() => undefined).then(() => syncRound(opts));
  locks.set(opts.sqlite, run);
  return run;
}

async function syncRound(opts: SyncOptions): Promise<SyncReport> {
  const { sqlite } = opts;
  const now = opts.now ?? Date.now;
  const db = opts.exclusive ?? (async <T>(fn: () => T) => fn());
  const config = await db(() => readConfig(sqlite));
  const base = (opts.url ?? config.server_url ?? '').replace(/\/+$/, '');
  const token = opts.token ?? config.device_token;
  if (!base || !token) throw new SyncError('not_configured', 'this laptop has not joined a workspace');
  const report: SyncReport = { pushed: 0, pulled: 0, conflicts: 0, tables: [] };
  const tables = new Set<string>();
  const took = (r: ApplyResult) => {
    report.pulled += r.written + r.deleted;
    report.conflicts += r.conflicts;
    for (const t of r.tables) tables.add(t);
  };
  try {
    const call = <T>(method: 'GET' | 'POST', path: string, body?: unknown) => request<T>(opts.fetch, base, token, method, path, body);

    // A new laptop: the current state first, page by page, then the log from where it stood.
    if (!config.snapshot_done) {
      let after: string | null = null;
      let cursor: string | null = null;
      for (;;) {
        const page: SnapshotResponse = await call<SnapshotResponse>('GET', `/v1/snapshot?limit=${opts.pullLimit ?? MAX_PULL_LIMIT}${after ? `&after=${encodeURIComponent(after)}` : ''}`);
        cursor ??= page.cursor;
        took(await db(() => applyChanges(sqlite, page.changes, { now, deferParked: true })));
        if (!page.next) break;
        after = page.next;
      }
      took(await db(() => applyChanges(sqlite, [], { now })));
      await db(() => setConfig(sqlite, { snapshot_done: 1, pull_cursor: cursor }));
    }

    for (;;) {
      const after = (await db(() => readConfig(sqlite))).pull_cursor;
      const page = await call<PullResponse>('GET', `/v1/pull?limit=${opts.pullLimit ?? MAX_PULL_LIMIT}${after ? `&after=${encodeURIComponent(after)}` : ''}`);
      const applied = await db(() => sqlite.transaction(() => {
        // Another round moved the cursor meanwhile: this page is old news.
        if (readConfig(sqlite).pull_cursor !== after) return null;
        const r = applyChanges(sqlite, page.changes, { now });
        setConfig(sqlite, { pull_cursor: page.cursor });
        return r;
      })());
      if (applied) took(applied);
      if (!page.more || !applied) break;
    }

    if (opts.beforePush) await db(opts.beforePush);
    for (;;) {
      const batch = await db(() => sqlite.transaction(() => nextBatch(sqlite, opts.pushLimit ?? MAX_PUSH_CHANGES))());
      if (!batch) break;
      await call<PushResponse>('POST', '/v1/push', { batch: batch.id, changes: batch.changes });
      await db(() => sqlite.transaction(() => acknowledge(sqlite, batch.id, batch.upto))());
      report.pushed += batch.changes.length;
    }
    await db(() => setConfig(sqlite, { last_sync_at: now(), last_error: null }));
  } catch (e) {
    const err = e instanceof SyncError ? e : new SyncError('internal', e instanceof Error ? e.message : String(e));
    await db(() => setConfig(sqlite, { last_error: err.code })).catch(() => undefined);
    throw err;
  } finally {
    report.tables = [...tables].sort();
  }
  return report;
}

/** The batch to send: the one sent before and not answered, else the next rows of the outbox. */
function nextBatch(sqlite: SQLite.Database, limit: number): { id: string; upto: number; changes: Change[] } | null {
  const config = readConfig(sqlite);
  if (config.push_batch && config.push_upto !== null) {
    const rows = sqlite.prepare('SELECT seq, tbl, row_id, col, val, hlc FROM sync_outbox WHERE seq <= ? ORDER BY seq').all(config.push_upto) as OutboxRow[];
    // Everything in it came back through a pull meanwhile: the server has it all.
    if (rows.length) return { id: config.push_batch, upto: config.push_upto, changes: toChanges(rows) };
    setConfig(sqlite, { push_batch: null, push_upto: null });
  }
  const rows: OutboxRow[] = [];
  let n = 0;
  for (const r of sqlite.prepare('SELECT seq, tbl, row_id, col, val, hlc FROM sync_outbox ORDER BY seq').iterate() as Iterable<OutboxRow>) {
    const w = width(r);
    if (rows.length && n + w > limit) break;
    rows.push(r);
    n += w;
  }
  if (!rows.length) return null;
  const id = randomUUID();
  const upto = rows.at(-1)!.seq;
  setConfig(sqlite, { push_batch: id, push_upto: upto });
  return { id, upto, changes: toChanges(rows) };
}

/** The server has the batch: its stamps become the fields' clocks, its rows leave the outbox. */
function acknowledge(sqlite: SQLite.Database, id: string, upto: number): void {
  if (readConfig(sqlite).push_batch !== id) return;
  const setField = sqlite.prepare(`INSERT INTO sync_fields (tbl, row_id, col, hlc) VALUES (?, ?, ?, ?)
    ON CONFLICT (tbl, row_id, col) DO UPDATE SET hlc = excluded.hlc WHERE excluded.hlc > sync_fields.hlc`);
  const rows = sqlite.prepare('SELECT seq, tbl, row_id, col, val, hlc FROM sync_outbox WHERE seq <= ? ORDER BY seq').all(upto) as OutboxRow[];
  for (const c of toChanges(rows)) setField.run(c.tbl, c.row, c.col ?? '', c.hlc);
  // A deleted row's field clocks are of no use any more: its tombstone decides.
  for (const r of rows) if (r.col === null) sqlite.prepare(`DELETE FROM sync_fields WHERE tbl = ? AND row_id = ? AND col <> ''`).run(r.tbl, r.row_id);
  // The outbox's newest stamp was what a restart resumed the clock after: kept, so an edit after
  // a restart with the wall clock set back is still after this device's sent ones.
  const newest = rows.reduce((m, r) => (r.hlc > m ? r.hlc : m), '');
  if (newest) sqlite.prepare(`UPDATE sync_config SET clock_high = ? WHERE id = 1 AND (clock_high IS NULL OR clock_high < ?)`).run(newest, newest);
  sqlite.prepare('DELETE FROM sync_outbox WHERE seq <= ?').run(upto);
  setConfig(sqlite, { push_batch: null, push_upto: null });
}

function connectionDropped(e: unknown): boolean {
  const cause = (e as { cause?: { code?: string } } | null)?.cause;
  return ['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED'].includes(cause?.code ?? '');
}

async function request<T>(fetch: FetchLike, base: string, token: string | null, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  let res: FetchResponse | undefined;
  const init = {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  };
  for (let attempt = 0; !res; attempt++) {
    try {
      res = await fetch(`${base}${path}`, init);
    } catch (e) {
      // A kept-alive connection the server (or a proxy) closed while this laptop was applying a
      // page: the request never reached it. Every request is safe to repeat (a push by its batch
      // id), so once more on a fresh connection before calling the server unreachable.
      if (attempt === 0 && connectionDropped(e)) continue;
      throw new SyncError('network', e instanceof Error ? e.message : String(e), null, e);
    }
  }
  let data: unknown;
  try {
    data = await res.json();
  } catch {
    throw new SyncError(res.ok ? 'bad_response' : statusCode(res.status), `HTTP ${res.status}: not JSON`, res.status);
  }
  if (!res.ok) {
    const err = (data as SyncErrorBody | null)?.error;
    throw new SyncError(err && KNOWN.has(err.code) ? err.code : statusCode(res.status), err?.message ?? `HTTP ${res.status}`, res.status);
  }
  return data as T;
}

const KNOWN = new Set<string>(['unauthorized', 'revoked', 'invite_invalid', 'clock_ahead', 'invalid', 'forbidden', 'internal']);
const statusCode = (status: number): SyncFailure => (status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : status >= 500 ? 'internal' : 'bad_response');

/** An invite code becomes this laptop's device token (stored with who it now acts as). */
export async function join(sqlite: SQLite.Database, fetch: FetchLike, url: string, code: string, deviceName: string,
  exclusive: <T>(fn: () => T) => Promise<T> = async (fn) => fn()): Promise<JoinResponse> {
  const base = url.replace(/\/+$/, '');
  const res = await request<JoinResponse>(fetch, base, null, 'POST', '/v1/join', { code, deviceName });
  await exclusive(() => setConfig(sqlite, {
    server_url: base, device_token: res.token, user_id: res.user.id, user_name: res.user.name, workspace_id: res.workspace.id, workspace_name: res.workspace.name,
    pull_cursor: null, snapshot_done: 0, last_error: null,
  }));
  return res;
}
