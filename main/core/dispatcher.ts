// The one door into the core: check the channel, validate the input against the contract
// (the renderer is untrusted), run the handler — writes inside one transaction, so a failed
// write leaves nothing half-done — and answer with an {ok, value | error} envelope plus the
// tables a successful write changed.
import { contract, isChannelName, TABLES, type ChannelName, type Table } from '../../shared/contract.ts';
import { AppError, fromZodIssues, type AppErrorData, type Envelope } from '../../shared/errors.ts';
import type { Ctx } from './context.ts';
import { handlers } from './handlers.ts';
import type { OpenDb } from './db/open.ts';
import { dbErrorData } from './db/integrity.ts';
import { firmFacts } from './mailing/firm-facts.ts';
import { PeopleCounts } from './mailing/people-counts.ts';
import { FirmListIndex } from './firms/list-index.ts';
import { filesDirFor } from './attachments/store.ts';
import { Jobs } from './jobs.ts';
import type { ProgressEvent } from '../../shared/contract.ts';
import type { FetchLike } from './sync/client.ts';

export interface DispatchResult {
  envelope: Envelope<unknown>;
  changed: Table[];
}

export interface Core {
  dispatch(channel: string, input: unknown): Promise<DispatchResult>;
  readonly open: OpenDb;
}

export interface CoreOptions {
  now?: () => number;
  /** Handlers slower than this are logged with their channel (default 200 ms). */
  slowHandlerMs?: number;
  log?: (line: string) => void;
  /** Act as this user instead of the laptop's own (tests of what colleagues see). */
  actAs?: string;
  /** Attachment files folder; defaults to `files/` beside the database file. */
  filesDir?: string;
  /** Where jobs report progress (the worker posts it to the windows). */
  onProgress?: (e: ProgressEvent) => void;
  /** How sync reaches the server (tests: the model server). */
  syncFetch?: FetchLike;
}

export function createCore(open: OpenDb, opts: CoreOptions = {}): Core {
  // SQLite's own page cache (default 2 MB) in front of the OS's: the core answers from a file of
  // gigabytes (dataset L: 2.7 GB) with random seeks into firms, contacts and their indexes, and
  // each page missing here is a system call and a copy. 128 MB (a cap, filled only as pages are
  // read) halves the CPU time of selection counts, the neglected clients and exports at L.
  open.sqlite.pragma('cache_size = -131072');
  const base: Ctx = {
    db: open.db, localUserId: opts.actAs ?? open.localUserId, dbPath: open.path, schemaVersion: open.schemaVersion,
    // Joining a team makes the invited colleague this laptop's user (sync/adopt.ts): later requests act as them.
    setLocalUser: (id: string) => { open.localUserId = id; if (!opts.actAs) base.localUserId = id; },
    filesDir: opts.filesDir ?? filesDirFor(open.path),
    now: opts.now ?? Date.now, firmList: new FirmListIndex(open.db, open.sqlite), peopleCounts: new PeopleCounts(),
    // Their TEMP triggers need a writable connection; a read-only one (CLI) counts in SQL.
    ...(open.readonly ? {} : { firmFacts: firmFacts(open.sqlite) }),
    jobs: new Jobs(opts.onProgress), sqlite: open.sqlite, syncFetch: opts.syncFetch,
    // A sync's pull wrote in its own transactions: the in-memory state follows as after a write.
    afterSync: (tables) => afterWrite(tables.filter((t): t is Table => (TABLES as readonly string[]).includes(t))),
  };
  const log = opts.log ?? ((line: string) => console.warn(line));

  async function dispatch(channel: string, input: unknown): Promise<DispatchResult> {
    if (!isChannelName(channel)) {
      return fail({ code: 'unknown_channel', messageKey: 'errors.unknown_channel', params: { channel: String(channel).slice(0, 80) } });
    }
    const def = contract[channel];
    const parsed = def.input.safeParse(input ?? {});
    if (!parsed.success) return fail(fromZodIssues(parsed.error.issues));
    const handler = handlers[channel] as (input: unknown, ctx: Ctx) => Promise<unknown>;
    // Registered before anything waits, so a cancel sent right after the request finds it.
    // (`jobs.cancel` names the job it stops: it is not one.)
    const jobId = channel === 'jobs.cancel' ? undefined : (parsed.data as { job?: unknown }).job;
    const job = typeof jobId === 'string' ? base.jobs!.start(jobId) : undefined;
    const started = performance.now();
    const rolledBack: (() => void)[] = [];
    try {
      let value: unknown;
      if (def.kind === 'write') {
        // Never write to a file that failed (or has not yet passed) its integrity check.
        await open.integrity;
        const committed: (() => void)[] = [];
        value = await open.db.transaction().execute((trx) => handler(parsed.data, {
          ...base, db: trx, afterCommit: (fn) => committed.push(fn), afterRollback: (fn) => rolledBack.push(fn), job,
        }));
        rolledBack.length = 0;
        afterWrite(def.writes);
        for (const fn of committed) {
          try { fn(); } catch (e) { log(`[kartoteka] ${channel}: after the commit: ${e instanceof Error ? e.message : String(e)}`); }
        }
      } else {
        value = await handler(parsed.data, job ? { ...base, job } : base);
      }
      return { envelope: { ok: true, value }, changed: changedBy(channel, value, def.writes) };
    } catch (e) {
      for (const fn of rolledBack.splice(0)) {
        try { fn(); } catch (e2) { log(`[kartoteka] ${channel}: after the rollback: ${e2 instanceof Error ? e2.message : String(e2)}`); }
      }
      if (e instanceof AppError) return fail(e.data);
      // A damaged or vanished file is the user's to act on, not a bug: say so, in one line.
      const dbError = dbErrorData(e, open.path);
      if (dbError) {
        log(`[kartoteka] ${channel} failed: ${e instanceof Error ? e.message : String(e)}`);
        return fail(dbError);
      }
      log(`[kartoteka] ${channel} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      return fail({ code: 'internal', messageKey: 'errors.internal' });
    } finally {
      job?.end();
      const ms = performance.now() - started;
      if (ms >= (opts.slowHandlerMs ?? 200)) log(`[kartoteka] slow handler ${channel as ChannelName}: ${ms.toFixed(1)} ms`);
    }
  }

  function afterWrite(tables: readonly Table[]): void {
    if (tables.includes('users')) base.firmList.reloadAll();
    else if (tables.includes('firms') || tables.includes('addresses')) base.firmList.markStale();
    // Selection counts sum per-firm people and consent kept warm: dropped when either changes.
    if (tables.includes('people') || tables.includes('subscriptions')) base.peopleCounts?.markStale();
  }

  return { dispatch, open };
}

function fail(error: AppErrorData): DispatchResult {
  return { envelope: { ok: false, error }, changed: [] };
}

/** The tables a request changed, for the windows to re-read. Sync's channels are reads for the
 * dispatcher (no transaction across the network) but write what they pulled: they say which. */
function changedBy(channel: ChannelName, value: unknown, writes: readonly Table[]): Table[] {
  if (channel === 'sync.join') return ['users', 'firms'];
  if (channel === 'sync.now') {
    const tables = (value as { tables?: unknown }).tables;
    return Array.isArray(tables) ? tables.filter((t): t is Table => (TABLES as readonly string[]).includes(t as string)) : [];
  }
  return [...writes];
}
