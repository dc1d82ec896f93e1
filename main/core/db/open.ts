// Opening the database: the guards (not a database, another program's, newer than this app,
// damaged) before anything is written, pragmas, a verified backup before migrating, the
// migrations themselves (each in its own transaction, migrate.ts), and the local user of this
// laptop. `readonly` opens for commands that only read (find, export's reading).
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { DEFAULT_MIGRATION_TABLE, type Migration } from 'kysely/migration';
import { migrations } from '../../../migrations/index.ts';
import { AppError } from '../../../shared/errors.ts';
import type { Database } from './schema.ts';
import { uuidv7 } from '../util/ids.ts';
import { osUserName } from '../app/profile.ts';
import { inExecutionOrder, MigrationFailed, runMigrations } from './migrate.ts';
import {
  BackupVerifyFailed, clearFailedAttempt, defaultBackupDir, fingerprint, noteFailedAttempt, pruneBackups, reusableBackup, takeBackup,
} from './backup.ts';
import { withStatementCache } from './statement-cache.ts';
import { attachCapture, checkFileIdentity, loadDevice, type CaptureOptions } from '../sync/capture.ts';
import { checkInBackground, checkNow, checkTables, dbDamaged, dbErrorData, dbUnreadable, type BackgroundCheck } from './integrity.ts';

export interface OpenDb {
  path: string;
  sqlite: SQLite.Database;
  db: Kysely<Database>;
  schemaVersion: number;
  localUserId: string;
  /** The backup taken before this open migrated the file (or the one an earlier failed attempt took). */
  backupPath: string | null;
  /** Opened with `readonly`: nothing can be written through this handle. */
  readonly: boolean;
  /**
   * Settles when the integrity check has passed (rejects with `db_damaged` if it failed). Already
   * settled unless the check runs in the background; writers await it (the dispatcher does).
   */
  integrity: Promise<void>;
}

export interface OpenOptions {
  /** Where backups go; default: `backups/` beside the database file. */
  backupDir?: string;
  /** Backups kept per database; older ones are removed after a successful migration. */
  keepBackups?: number;
  /** Name of the local user when the database is new; default: the OS account name. */
  localUserName?: string;
  /** Statements at least this slow are reported (default 50 ms). */
  slowQueryMs?: number;
  onSlowQuery?: (entry: SlowQuery) => void;
  /**
   * Only read: no pragma that writes, no migration (an older file is refused with
   * `db_needs_migration`), no integrity check (nothing can be damaged further by reading).
   */
  readonly?: boolean;
  /**
   * The integrity check of a read-write open (see integrity.ts): `sync` (default) before anything
   * else, `background` on its own thread while reads go on and writes wait for it, or `only` the
   * named tables (and their indexes) for a short write that touches nothing else.
   */
  integrityCheck?: 'sync' | 'background' | { only: string[] };
  /** The change-capture clock's wall time and allowed drift (tests inject them). */
  capture?: CaptureOptions;
  /** The migrations to apply; default: the app's registry (tests pass their own). */
  migrations?: Record<string, Migration>;
}

export interface SlowQuery { ms: number; sql: string; error?: string }

function defaultSlowLog(entry: SlowQuery): void {
  console.warn(`[kartoteka] ${entry.error ? 'query failed' : 'slow query'} (${entry.ms.toFixed(1)} ms): ${entry.sql.replace(/\s+/g, ' ').slice(0, 300)}${entry.error ? ` — ${entry.error}` : ''}`);
}

const settled = Promise.resolve();

export async function openDatabase(file: string, opts: OpenOptions = {}): Promise<OpenDb> {
  const all = opts.migrations ?? migrations;
  const latest = Object.keys(all).length;
  const readonly = opts.readonly ?? false;
  const backupDir = opts.backupDir ?? defaultBackupDir(file);
  // Before SQLite opens it: the state an earlier failed migration may have noted.
  const before = fingerprint(file);
  const existed = before !== null && before.size > 0;
  if (!readonly) fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  let sqlite: SQLite.Database;
  try {
    sqlite = new SQLite(file, { readonly, fileMustExist: readonly });
  } catch (e) {
    throw dbUnreadable(file, (e as Error).message, backupDir);
  }
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
    // The slow-query log: one line per statement slower than the threshold, with its SQL.
    log(event) {
      const ms = event.queryDurationMillis;
      if (event.level === 'error' || ms >= (opts.slowQueryMs ?? 50)) {
        (opts.onSlowQuery ?? defaultSlowLog)({ ms, sql: event.query.sql, error: event.level === 'error' ? String(event.error) : undefined });
      }
    },
  });
  let backupPath: string | null = null;
  let check: BackgroundCheck | null = null;
  try {
    // Look before touching: reading the schema proves the header and the first pages, and the
    // guards below refuse before any pragma or migration has written a byte.
    let applied: string[];
    let userTables: boolean;
    try {
      sqlite.pragma('busy_timeout = 5000');
      applied = appliedNames(sqlite);
      userTables = hasUserTables(sqlite);
    } catch (e) {
      throw new AppError(dbErrorData(e, file, backupDir) ?? dbUnreadable(file, (e as Error).message, backupDir).data);
    }
    const unknown = applied.filter((name) => !Object.hasOwn(all, name));
    if (unknown.length > 0) {
      throw new AppError({ code: 'db_too_new', messageKey: 'errors.db_too_new', params: { file, migrations: unknown.join(', ') } });
    }
    if (applied.length === 0 && userTables) {
      // Tables, but none of ours: another program's database (a mistyped --db), not to be migrated into.
      throw new AppError({ code: 'db_unreadable', messageKey: 'errors.db_foreign', params: { file } });
    }
    const pending = Object.keys(all).filter((name) => !applied.includes(name));

    if (readonly) {
      if (pending.length > 0) {
        throw new AppError({ code: 'db_needs_migration', messageKey: 'errors.db_needs_migration', params: { file, version: applied.length, latest } });
      }
      // The capture functions too, so a write tried here is refused as read-only, not as "no such function".
      attachCapture(sqlite);
      const localUserId = await findLocalUser(db);
      if (!localUserId) throw new AppError({ code: 'db_needs_migration', messageKey: 'errors.db_needs_migration', params: { file, version: applied.length, latest } });
      return { path: file, sqlite, db, schemaVersion: latest, localUserId, backupPath: null, readonly, integrity: settled };
    }

    const mode = opts.integrityCheck ?? 'sync';
    const migrating = pending.length > 0 && existed && userTables;
    // A sync check comes before the pragmas below, which may write (journal_mode): a damaged
    // file is refused untouched. Migrating checks through its backup's verification instead.
    if (existed && userTables && !migrating && mode !== 'background') {
      const problems = mode === 'sync' ? checkNow(sqlite) : checkTables(sqlite, mode.only);
      if (problems.length) throw dbDamaged(file, problems.join('; '), backupDir);
    }
    sqlite.pragma('journal_mode = WAL');
    // FULL: a logged contact survives a power cut (WAL + NORMAL could lose the last commits).
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    // Change capture (issue 16): every write to a synced table through this connection is
    // stamped by this device's clock; the file's device id is read here and after 0015 creates it.
    attachCapture(sqlite, opts.capture);

    if (migrating) {
      backupPath = reusableBackup(file, backupDir, before);
      if (!backupPath) {
        try {
          backupPath = await takeBackup(sqlite, file, backupDir, applied.length + 1);
        } catch (e) {
          if (e instanceof BackupVerifyFailed) throw dbDamaged(file, e.message, backupDir);
          throw e;
        }
      }
    }
    if (pending.length > 0) {
      try {
        await runMigrations(db as Kysely<any>, all, () => loadDevice(sqlite));
      } catch (e) {
        const failed = e instanceof MigrationFailed ? e : new MigrationFailed('?', e);
        const error = new AppError({
          code: 'db_migration_failed', messageKey: 'errors.db_migration_failed',
          params: { file, migration: failed.migration, detail: String((failed.cause as Error)?.message ?? failed.cause).slice(0, 300), backup: backupPath ?? '—' },
        });
        sqlite.close();
        if (backupPath) noteFailedAttempt(file, backupDir, backupPath);
        throw error;
      }
      if (migrating) {
        clearFailedAttempt(file, backupDir);
        pruneBackups(file, backupDir, opts.keepBackups ?? 5, backupPath);
      }
    }
    if (sqlite.pragma('user_version', { simple: true }) !== latest) sqlite.pragma(`user_version = ${latest}`);
    const localUserId = (await findLocalUser(db)) ?? await createLocalUser(db, opts.localUserName);

    let integrity = settled;
    if (existed && userTables && !migrating && mode === 'background') {
      check = checkInBackground(file);
      integrity = check.result.then((problems) => {
        if (problems.length) {
          const error = dbDamaged(file, problems.join('; '), backupDir);
          console.error(`[kartoteka] ${file} failed its integrity check, writes are refused: ${problems.join('; ')}`);
          throw error;
        }
        // Like every write, the device id's waits for the check (writers await `integrity`). A
        // failure here is logged, not a reason to refuse writes: the next open tries again.
        try {
          if (sqlite.open) checkFileIdentity(sqlite, file);
        } catch (e) {
          console.error(`[kartoteka] could not check the device id of ${file}: ${(e as Error).message}`);
        }
      });
      integrity.catch(() => undefined); // awaited by writers; never an unhandled rejection
    } else {
      // A restored backup or a copied file is another file: it gets a new device id (capture.ts).
      checkFileIdentity(sqlite, file);
    }
    const open: OpenDb = { path: file, sqlite, db, schemaVersion: latest, localUserId, backupPath, readonly, integrity };
    if (check) checks.set(open, check);
    return open;
  } catch (e) {
    check?.stop();
    if (sqlite.open) sqlite.close();
    // E.g. the online backup reading a damaged page: the file's fault, said so.
    const data = e instanceof AppError ? null : dbErrorData(e, file, backupDir);
    throw data ? new AppError(data) : e;
  }
}

const checks = new WeakMap<OpenDb, BackgroundCheck>();

/** Raw reads, not through Kysely: a failure here is an answer, not a line in the query log. */
function appliedNames(sqlite: SQLite.Database): string[] {
  const table = sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(DEFAULT_MIGRATION_TABLE);
  if (!table) return [];
  return inExecutionOrder(sqlite.prepare(`SELECT name, timestamp FROM ${DEFAULT_MIGRATION_TABLE}`).all() as { name: string; timestamp: string }[]);
}

function hasUserTables(sqlite: SQLite.Database): boolean {
  return !!sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' LIMIT 1`).get();
}

async function findLocalUser(db: Kysely<Database>): Promise<string | null> {
  const existing = await db.selectFrom('users').select('id').where('is_local', '=', 1)
    .where('deleted_at', 'is', null).executeTakeFirst();
  return existing?.id ?? null;
}

async function createLocalUser(db: Kysely<Database>, name?: string): Promise<string> {
  const now = Date.now();
  const id = uuidv7(now);
  // The OS account's name until the user gives theirs (app/profile.ts asks on first start).
  await db.insertInto('users').values({
    id, name: name ?? osUserName(), email: null, is_local: 1, created_at: now, updated_at: now, deleted_at: null,
  }).execute();
  return id;
}

export async function closeDatabase(open: OpenDb): Promise<void> {
  checks.get(open)?.stop();
  await open.db.destroy(); // closes the better-sqlite3 handle too
}
