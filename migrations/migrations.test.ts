import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, closeDatabase } from '../main/core/db/open.ts';
import { tempDir } from '../main/core/test-helpers.ts';
import { migrations, LATEST_SCHEMA_VERSION } from './index.ts';
import { databaseAt } from './old-database.ts';

const dirs: string[] = [];
const fresh = () => { const d = tempDir(); dirs.push(d); return path.join(d, 'k.sqlite'); };
afterEach(() => { for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true }); });

/** The schema as SQLite keeps it, one statement a line, stable order: what a snapshot compares. */
function schemaOf(file: string): string {
  const db = new SQLite(file, { readonly: true });
  const rows = db.prepare(`SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL
    AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'firm_search_%' ORDER BY type, name`).all() as { sql: string }[];
  db.close();
  return `${rows.map((r) => `${r.sql.replace(/\s+/g, ' ').trim()};`).join('\n')}\n`;
}

describe('migrations', () => {
  it('from empty to latest matches the checked-in schema snapshot', async () => {
    const file = fresh();
    const open = await openDatabase(file);
    expect(open.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(open.sqlite.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(open.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(open.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    await closeDatabase(open);
    // To accept an intended schema change: npx vitest run migrations -u, and review the diff.
    await expect(schemaOf(file)).toMatchFileSnapshot('./schema.snapshot.sql');
  });

  it('are registered in order, and each one runs on the database the previous one left', async () => {
    const names = Object.keys(migrations);
    expect(names).toEqual([...names].sort());
    expect(names.every((n) => /^\d{4}_[a-z0-9_]+$/.test(n))).toBe(true);
  });

  it('0001_initial: seeds the built-in code lists with ids fixed across laptops', async () => {
    const a = await openDatabase(fresh());
    const b = await openDatabase(fresh());
    const codes = (o: typeof a) => o.sqlite.prepare('SELECT id, list, code FROM codes ORDER BY id').all();
    expect(codes(a)).toEqual(codes(b));
    expect(a.sqlite.prepare(`SELECT count(*) AS n FROM codes WHERE list = 'contact_kind'`).get()).toEqual({ n: 6 });
    expect(a.localUserId).not.toBe(b.localUserId); // but every laptop has its own user
    await closeDatabase(a);
    await closeDatabase(b);
  });

  it('refuses a database written by a newer app, and leaves it untouched', async () => {
    const file = fresh();
    await closeDatabase(await openDatabase(file));
    const raw = new SQLite(file);
    // A rollback-journal file (a newer app may well choose another journal mode): the guard
    // must look before it sets WAL, or it changes the file it then says it did not change.
    raw.pragma('journal_mode = DELETE');
    raw.prepare(`INSERT INTO kysely_migration (name, timestamp) VALUES ('9999_from_the_future', '2030-01-01')`).run();
    raw.close();
    const before = fs.readFileSync(file);
    const mtime = fs.statSync(file).mtimeMs;
    await expect(openDatabase(file)).rejects.toMatchObject({ data: { code: 'db_too_new', params: { migrations: '9999_from_the_future' } } });
    await expect(openDatabase(file, { readonly: true })).rejects.toMatchObject({ data: { code: 'db_too_new' } });
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.statSync(file).mtimeMs).toBe(mtime);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['k.sqlite']);
  });

  it('backs the database up, verified, before running pending migrations', async () => {
    const file = fresh();
    await databaseAt(file, '0001_initial');
    const open = await openDatabase(file);
    expect(open.backupPath).toBeTruthy();
    expect(path.dirname(open.backupPath!)).toBe(path.join(path.dirname(file), 'backups'));
    // Verified under a temporary name, then renamed: nothing else is left in the folder (no
    // -wal/-shm from the read-only verification, no partial copy).
    expect(fs.readdirSync(path.dirname(open.backupPath!))).toEqual([path.basename(open.backupPath!)]);
    const copy = new SQLite(open.backupPath!, { readonly: true });
    expect(copy.prepare('SELECT name FROM firms').get()).toEqual({ name: 'Pekárna Novák' });
    expect(copy.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'reminders'`).get()).toEqual({ n: 0 });
    copy.close();
    expect(fs.readdirSync(path.dirname(open.backupPath!))).toEqual([path.basename(open.backupPath!)]);
    await closeDatabase(open);
    // Nothing pending on the next open: no new backup.
    const again = await openDatabase(file);
    expect(again.backupPath).toBeNull();
    await closeDatabase(again);
  });

  it('refuses another program’s SQLite database instead of migrating into it, untouched', async () => {
    const file = fresh();
    const other = new SQLite(file);
    other.exec(`CREATE TABLE songs (title TEXT); INSERT INTO songs VALUES ('Holubí dům')`);
    other.close();
    const before = fs.readFileSync(file);
    await expect(openDatabase(file)).rejects.toMatchObject({ data: { code: 'db_unreadable', messageKey: 'errors.db_foreign' } });
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['k.sqlite']);
  });

  it('does not back up a brand-new file (nothing to lose)', async () => {
    const open = await openDatabase(fresh());
    expect(open.backupPath).toBeNull();
    await closeDatabase(open);
  });
});
