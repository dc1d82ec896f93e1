// What every handler gets: the database (inside a transaction for writes), who "me" is on this
// laptop, a clock, and the in-memory firm-list order.
import type { Kysely, Transaction } from 'kysely';
import type SQLite from 'better-sqlite3';
import type { Database } from './db/schema.ts';
import type { FirmListIndex } from './firms/list-index.ts';
import type { PeopleCounts } from './mailing/people-counts.ts';
import type { FirmFacts } from './mailing/firm-facts.ts';
import { AppError } from '../../shared/errors.ts';
import type { JobHandle, Jobs } from './jobs.ts';
import type { FetchLike } from './sync/client.ts';

export interface Ctx {
  db: Kysely<Database> | Transaction<Database>;
  /** The acting user: the laptop's own user (tests may act as a colleague). Private notes,
   * "mine" and authorship are relative to this id. */
  localUserId: string;
  dbPath: string;
  /** Where attachment files live, by SHA-256 (a folder beside the database file). */
  filesDir: string;
  schemaVersion: number;
  now: () => number;
  firmList: FirmListIndex;
  /** Warm per-firm people and consent counts for selection counts; absent in one-off contexts
   * (CLI export, bench's direct export), which then count in SQL. */
  peopleCounts?: PeopleCounts;
  /** Warm per-firm facts (last done contact per kind, first own e-mail) for selection counts;
   * absent on read-only opens (CLI) and one-off contexts, which ask SQL. */
  firmFacts?: FirmFacts;
  /** Write handlers only: runs `fn` once the transaction has committed (never after a rollback)
   * — for what lies outside the database, like removing a file no row names any more. */
  afterCommit?: (fn: () => void) => void;
  /** After joining a team: the laptop's own user is now the invited colleague (sync/adopt.ts). */
  setLocalUser?: (id: string) => void;
  /** Write handlers only: runs `fn` when the transaction rolled back instead — to undo a
   * connection setting a bulk write changed (import/handlers.ts). */
  afterRollback?: (fn: () => void) => void;
  /** The connection itself, for what must run outside any transaction after a commit (an
   * erasure's WAL checkpoint, privacy/erase.ts). Absent in one-off contexts. */
  sqlite?: SQLite.Database;
  /** The running jobs (jobs.cancel reaches them here). */
  jobs?: Jobs;
  /** This request's job, when it carries one: long loops call `step` after each batch. */
  job?: JobHandle;
  /** How sync reaches the server (default: the global fetch); tests pass the model server's. */
  syncFetch?: FetchLike;
  /** Other in-memory state derived from the data, refreshed after a sync's pull changed `tables`. */
  afterSync?: (tables: readonly string[]) => void;
}

type RefTable = 'firms' | 'people' | 'users' | 'codes' | 'contacts' | 'segments' | 'field_defs' | 'notes' | 'tasks' | 'attachments'
  | 'pipeline_stages' | 'opportunities' | 'sales' | 'contact_rules' | 'topics' | 'selections';

/** Checks that an id the UI sent points at a live row (and, for codes, at the right list);
 * a dangling id becomes a field error instead of a foreign-key crash. */
export async function requireRef(ctx: Ctx, table: RefTable, id: string, field: string, codeList?: string): Promise<void> {
  let q = ctx.db.selectFrom(table).select('id').where('id', '=', id).where('deleted_at', 'is', null);
  if (codeList) q = (q as any).where('list', '=', codeList);
  const row = await q.executeTakeFirst();
  if (!row) throw new AppError({ code: 'validation', messageKey: 'errors.unknown_ref', field });
}

export function notFound(field = 'id'): AppError {
  return new AppError({ code: 'not_found', messageKey: 'errors.not_found', field });
}

export const stamps = (now: number) => ({ created_at: now, updated_at: now, deleted_at: null });
