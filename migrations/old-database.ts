// Test support: a database file exactly as an older version of the app left it — migrated by
// Kysely's Migrator (as every user's file was until migrations got their own transactions),
// with a firm and `contacts` contacts in it; and the damage the issue describes.
import fs from 'node:fs';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import { migrations } from './index.ts';

export async function databaseAt(file: string, lastMigration: string, contacts = 10): Promise<void> {
  await migratedTo(file, lastMigration, (sqlite) => seedContacts(sqlite, contacts), { wal: true });
}

/** A new database file migrated by Kysely's Migrator up to `lastMigration`, then given its data. */
export async function migratedTo(file: string, lastMigration: string, seed: (sqlite: SQLite.Database) => void,
  opts: { wal?: boolean } = {}): Promise<void> {
  const sqlite = new SQLite(file);
  if (opts.wal) sqlite.pragma('journal_mode = WAL');
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) });
  try {
    const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateTo(lastMigration);
    if (error) throw error;
    // The seed stands for rows an older app wrote, before change capture (0015) existed: when
    // the file already has its triggers, they are told not to capture (as for demo data).
    sqlite.function('sync_capturing', { deterministic: false }, () => 0);
    sqlite.function('hlc_next', { deterministic: false }, () => { throw new Error('the seed is not captured'); });
    seed(sqlite);
  } finally {
    await db.destroy();
  }
}

function seedContacts(sqlite: SQLite.Database, contacts: number): void {
  const kind = (sqlite.prepare(`SELECT id FROM codes WHERE list = 'contact_kind' AND code = 'call'`).get() as { id: string }).id;
  sqlite.exec(`
    INSERT INTO users (id, name, email, is_local, created_at, updated_at, deleted_at) VALUES ('u1', 'Eva', NULL, 1, 1, 1, NULL);
    INSERT INTO firms (id, name, is_customer, owner_id, created_at, updated_at) VALUES ('f1', 'Pekárna Novák', 1, 'u1', 1, 1);
  `);
  sqlite.prepare(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
    INSERT INTO contacts (id, firm_id, status, at, kind_id, referent_id, summary, created_at, updated_at)
    SELECT 'k' || i, 'f1', 'done', i, ?, 'u1', 'Hovor č. ' || i, 1, 1 FROM n`).run(contacts, kind);
}

/** The schema as SQLite keeps it, one statement a line, stable order. */
export function schemaOf(file: string): string {
  const db = new SQLite(file, { readonly: true });
  const rows = db.prepare(`SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL
    AND name NOT LIKE 'sqlite_%' ORDER BY type, name`).all() as { sql: string }[];
  db.close();
  return rows.map((r) => `${r.sql.replace(/\s+/g, ' ').trim()};`).join('\n');
}

export function appliedOf(file: string): string[] {
  const db = new SQLite(file, { readonly: true });
  const rows = db.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as { name: string }[];
  db.close();
  return rows.map((r) => r.name);
}

/** Four KB of fixed pseudo-random bytes over a whole page in the middle of the file. */
export function damage(file: string): void {
  const size = fs.statSync(file).size;
  const offset = Math.floor(size / 2 / 4096) * 4096;
  let x = 12345;
  const junk = Buffer.alloc(4096, 0).map(() => { x = (x * 1103515245 + 12345) & 0x7fffffff; return x >> 16; });
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, junk, 0, junk.length, offset);
  fs.closeSync(fd);
  const raw = new SQLite(file, { readonly: true });
  // Which page lies in the middle moves with the schema; one the check cannot even read
  // ("malformed") is damage noticed too.
  let verdict: unknown;
  try { verdict = raw.pragma('quick_check', { simple: true }); } catch (e) { verdict = String(e); } finally { raw.close(); }
  if (verdict === 'ok') throw new Error('the test damage went unnoticed by quick_check: pick another page');
}
