// Opening the database: pragmas, the guard against a newer schema, a backup before
// migrating, the migrations themselves, and the local user of this laptop.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { Migrator, DEFAULT_MIGRATION_TABLE } from 'kysely/migration';
import { migrations, LATEST_SCHEMA_VERSION } from '../../../migrations/index.ts';
import { AppError } from '../../../shared/errors.ts';
import type { Database } from './schema.ts';
import { uuidv7 } from '../util/ids.ts';

export interface OpenDb {
  path: string;
  sqlite: SQLite.Database;
  db: Kysely<Database>;
  schemaVersion: number;
  localUserId: string;
  /** The backup taken before this open migrated the file, if it did. */
  backupPath: string | null;
}

export interface OpenOptions {
  /** Where backups go; default: `backups/` beside the database file. */
  backupDir?: string;
  /** Backups kept per database; older ones are removed after a new one is verified. */
  keepBackups?: number;
  /** Name of the local user when the database is new; default: the OS account name. */
  localUserName?: string;
  /** Statements at least this slow are reported (default 50 ms). */
  slowQueryMs?: number;
  onSlowQuery?: (entry: SlowQuery) => void;
}

export interface SlowQuery { ms: number; sql: string; error?: string }

function defaultSlowLog(entry: SlowQuery): void {
  console.warn(`[kartoteka] ${entry.error ? 'query failed' : 'slow query'} (${entry.ms.toFixed(1)} ms): ${entry.sql.replace(/\s+/g, ' ').slice(0, 300)}${entry.error ? ` — ${entry.error}` : ''}`);
}

export async function openDatabase(file: string, opts: OpenOptions = {}): Promise<OpenDb> {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const existed = fs.existsSync(file) && fs.statSync(file).size > 0;
  const sqlite = new SQLite(file);
  try {
    sqlite.pragma('journal_mode = WAL');
    // FULL: a logged contact survives a power cut (WAL + NORMAL could lose the last commits).
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');

    const applied = appliedMigrations(sqlite);
    const unknown = applied.filter((name) => !Object.hasOwn(migrations, name));
    if (unknown.length > 0) {
      throw new AppError({
        code: 'db_too_new', messageKey: 'errors.db_too_new',
        params: { file, migrations: unknown.join(', ') },
      });
    }
    const pending = Object.keys(migrations).filter((name) => !applied.includes(name));
    let backupPath: string | null = null;
    if (pending.length > 0 && existed && hasUserTables(sqlite)) {
      backupPath = await backupBeforeMigration(sqlite, file, applied.length, opts);
    }

    const db = new Kysely<Database>({
      dialect: new SqliteDialect({ database: sqlite }),
      // The slow-query log: one line per statement slower than the threshold, with its SQL.
      log(event) {
        const ms = event.queryDurationMillis;
        if (event.level === 'error' || ms >= (opts.slowQueryMs ?? 50)) {
          (opts.onSlowQuery ?? defaultSlowLog)({ ms, sql: event.query.sql, error: event.level === 'error' ? String(event.error) : undefined });
        }
      },
    });
    if (pending.length > 0) {
      const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
      const { error, results } = await migrator.migrateToLatest();
      if (error) {
        const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? '?';
        throw new Error(`Migration ${failed} failed: ${String(error)}`, { cause: error });
      }
    }
    sqlite.pragma(`user_version = ${LATEST_SCHEMA_VERSION}`);
    const localUserId = await ensureLocalUser(db, opts.localUserName);
    return { path: file, sqlite, db, schemaVersion: LATEST_SCHEMA_VERSION, localUserId, backupPath };
  } catch (e) {
    sqlite.close();
    throw e;
  }
}

function appliedMigrations(sqlite: SQLite.Database): string[] {
  const table = sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?`)
    .get(DEFAULT_MIGRATION_TABLE);
  if (!table) return [];
  return (sqlite.prepare(`SELECT name FROM ${DEFAULT_MIGRATION_TABLE} ORDER BY name`).all() as { name: string }[])
    .map((r) => r.name);
}

function hasUserTables(sqlite: SQLite.Database): boolean {
  return !!sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' LIMIT 1`).get();
}

/** Copies the database with SQLite's online backup, verifies the copy, then prunes old ones. */
async function backupBeforeMigration(sqlite: SQLite.Database, file: string, fromVersion: number, opts: OpenOptions): Promise<string> {
  const dir = opts.backupDir ?? path.join(path.dirname(path.resolve(file)), 'backups');
  fs.mkdirSync(dir, { recursive: true });
  const base = path.basename(file).replace(/\.[^.]+$/, '');
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const target = path.join(dir, `${base}-${stamp}-before-v${fromVersion + 1}.sqlite`);
  await sqlite.backup(target);
  const copy = new SQLite(target, { readonly: true });
  try {
    const check = copy.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`Backup ${target} failed its integrity check: ${String(check)}`);
  } finally {
    copy.close();
  }
  const keep = opts.keepBackups ?? 5;
  const ours = fs.readdirSync(dir).filter((f) => f.startsWith(`${base}-`) && f.endsWith('.sqlite')).sort();
  for (const old of ours.slice(0, Math.max(0, ours.length - keep))) fs.rmSync(path.join(dir, old), { force: true });
  return target;
}

async function ensureLocalUser(db: Kysely<Database>, name?: string): Promise<string> {
  const existing = await db.selectFrom('users').select('id').where('is_local', '=', 1)
    .where('deleted_at', 'is', null).executeTakeFirst();
  if (existing) return existing.id;
  const now = Date.now();
  const id = uuidv7(now);
  let osName = 'me';
  try { osName = os.userInfo().username || osName; } catch { /* no passwd entry: keep 'me' */ }
  await db.insertInto('users').values({
    id, name: name ?? osName, email: null, is_local: 1, created_at: now, updated_at: now, deleted_at: null,
  }).execute();
  return id;
}

export async function closeDatabase(open: OpenDb): Promise<void> {
  await open.db.destroy(); // closes the better-sqlite3 handle too
}
