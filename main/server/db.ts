// The server's connection to PostgreSQL: Kysely's Postgres dialect over a `pg` pool, and the
// server's own migrations (run at every start and by the admin commands; each runs once).
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import { Migrator, type MigrationProvider } from 'kysely/migration';
import { serverMigrations } from './migrations/index.ts';
import type { ServerDatabase } from './schema.ts';

export type ServerDb = Kysely<ServerDatabase>;

export interface OpenedServerDb { db: ServerDb; close(): Promise<void> }

/** `poolSize`: connections kept; pushes to one workspace wait for each other anyway, so a
 * handful serves many devices. */
export async function openServerDb(url: string, opts: { poolSize?: number; migrate?: boolean } = {}): Promise<OpenedServerDb> {
  const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10 });
  // An idle connection dropped by the server (restart, network) must not crash the process.
  pool.on('error', () => {});
  const db = new Kysely<ServerDatabase>({ dialect: new PostgresDialect({ pool }) });
  try {
    if (opts.migrate !== false) await migrateServerDb(db);
  } catch (e) {
    await db.destroy();
    throw e;
  }
  return { db, close: () => db.destroy() };
}

export async function migrateServerDb(db: ServerDb): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => serverMigrations };
  // Its own bookkeeping tables, so a database shared with anything else stays readable.
  const migrator = new Migrator({
    db, provider, migrationTableName: 'kartoteka_migration', migrationLockTableName: 'kartoteka_migration_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`the server database could not be migrated${failed ? ` (${failed.migrationName})` : ''}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
