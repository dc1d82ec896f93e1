// Our own small migration runner: each migration and its bookkeeping row commit together, in one
// explicit transaction, or not at all.
//
// Why not Kysely's Migrator: for SQLite it runs migrations without a transaction (the adapter
// reports no transactional DDL), so every statement commits on its own, and a migration killed
// halfway leaves a file that fails at every later start ("table reminders already exists").
// SQLite's DDL is transactional, so nothing stops us from wrapping it.
//
// The bookkeeping stays exactly Kysely's (existing files were migrated by its Migrator, and the
// schema snapshot pins the two tables' DDL): `kysely_migration(name, timestamp)` with ISO
// timestamps that strictly increase (Kysely orders executed migrations by them), and
// `kysely_migration_lock` with its one row. The lock row is only created, as the Migrator does:
// with a single SQLite connection, `BEGIN IMMEDIATE` is the lock (a second process waits on
// SQLite's busy timeout, then sees the migration already done and skips it).
import { sql, type Kysely } from 'kysely';
import { DEFAULT_MIGRATION_LOCK_TABLE, DEFAULT_MIGRATION_TABLE, MIGRATION_LOCK_ID, type Migration } from 'kysely/migration';

export class MigrationFailed extends Error {
  readonly migration: string;
  constructor(migration: string, cause: unknown) {
    super(`Migration ${migration} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'MigrationFailed';
    this.migration = migration;
  }
}

/** The names applied to this database, in the order Kysely's Migrator recorded them. */
export async function appliedMigrations(db: Kysely<any>): Promise<string[]> {
  const table = await sql<{ n: number }>`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = ${DEFAULT_MIGRATION_TABLE}`.execute(db);
  if (!table.rows[0]?.n) return [];
  const rows = await sql<{ name: string; timestamp: string }>`SELECT name, timestamp FROM ${sql.table(DEFAULT_MIGRATION_TABLE)}`.execute(db);
  return inExecutionOrder(rows.rows);
}

/** Kysely's order of executed migrations: by timestamp, then by name. */
export function inExecutionOrder(rows: readonly { name: string; timestamp: string }[]): string[] {
  return rows
    .map((r) => ({ name: r.name, at: new Date(r.timestamp).getTime() }))
    .sort((a, b) => a.at - b.at || a.name.localeCompare(b.name))
    .map((r) => r.name);
}

/**
 * Runs the migrations not yet applied, in name order; returns the names it ran. `afterEach` is told
 * of each one after it committed (openDatabase reloads the change-capture device there).
 */
export async function runMigrations(db: Kysely<any>, migrations: Record<string, Migration>, afterEach?: (name: string) => void): Promise<string[]> {
  const names = Object.keys(migrations).sort();
  await ensureBookkeeping(db);
  // As Kysely's Migrator: what ran must be the first of ours, in order (the caller has already
  // refused names this app does not know).
  const before = await appliedMigrations(db);
  if (before.some((n, i) => names[i] !== n)) {
    throw new Error(`corrupted migrations: applied ${before.join(', ')}, expected a prefix of ${names.join(', ')}`);
  }
  const ran: string[] = [];
  for (const name of names) {
    // One connection for the whole transaction: Kysely's SQLite driver has one anyway, and
    // holding it keeps any other query of this process out of the migration's transaction.
    const did = await db.connection().execute(async (conn) => {
      await sql`BEGIN IMMEDIATE`.execute(conn);
      try {
        // Re-read under the write lock: another process may have migrated meanwhile.
        const applied = await appliedMigrations(conn);
        if (applied.includes(name)) {
          await sql`COMMIT`.execute(conn);
          return false;
        }
        await migrations[name]!.up(conn);
        const last = await sql<{ t: string | null }>`SELECT max(timestamp) AS t FROM ${sql.table(DEFAULT_MIGRATION_TABLE)}`.execute(conn);
        const lastAt = last.rows[0]?.t ? new Date(last.rows[0].t).getTime() : 0;
        const at = Math.max(Date.now(), (Number.isNaN(lastAt) ? 0 : lastAt) + 1);
        await conn.insertInto(DEFAULT_MIGRATION_TABLE).values({ name, timestamp: new Date(at).toISOString() }).execute();
        await sql`COMMIT`.execute(conn);
        return true;
      } catch (e) {
        // SQLite may already have rolled back on its own (e.g. after SQLITE_FULL); a second
        // ROLLBACK would then hide the real error behind "no transaction is active".
        await sql`ROLLBACK`.execute(conn).catch(() => undefined);
        throw new MigrationFailed(name, e);
      }
    });
    if (did) {
      ran.push(name);
      afterEach?.(name);
    }
  }
  return ran;
}

/** Kysely's two bookkeeping tables and the lock row, created as its Migrator creates them. */
async function ensureBookkeeping(db: Kysely<any>): Promise<void> {
  await db.schema.createTable(DEFAULT_MIGRATION_TABLE).ifNotExists()
    .addColumn('name', 'varchar(255)', (col) => col.notNull().primaryKey())
    .addColumn('timestamp', 'varchar(255)', (col) => col.notNull())
    .execute();
  await db.schema.createTable(DEFAULT_MIGRATION_LOCK_TABLE).ifNotExists()
    .addColumn('id', 'varchar(255)', (col) => col.notNull().primaryKey())
    .addColumn('is_locked', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
  await sql`INSERT OR IGNORE INTO ${sql.table(DEFAULT_MIGRATION_LOCK_TABLE)} (id, is_locked) VALUES (${MIGRATION_LOCK_ID}, 0)`.execute(db);
}
