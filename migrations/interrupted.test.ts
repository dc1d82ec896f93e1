// Issue 13, "never lose the database": a migration that fails or is killed halfway leaves the file
// exactly at the version before it, and the next start migrates it; a failed start neither takes
// a second backup nor prunes the good one, and its error names that backup. Real files, a real
// child process killed inside a migration's transaction.
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, closeDatabase } from '../main/core/db/open.ts';
import { listBackups } from '../main/core/db/backup.ts';
import { tempDir } from '../main/core/test-helpers.ts';
import { migrations, LATEST_SCHEMA_VERSION } from './index.ts';
import { appliedOf, databaseAt, schemaOf } from './old-database.ts';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true }); });
const fileIn = (name = 'kartoteka.sqlite') => { const d = tempDir(); dirs.push(d); return path.join(d, name); };

/** The real migrations, with 0003_selling failing after all of its statements ran. */
const failingIn0003 = {
  ...migrations,
  '0003_selling': {
    async up(db: Kysely<any>) {
      await migrations['0003_selling']!.up(db);
      await sql`INSERT INTO no_such_table VALUES (1)`.execute(db);
    },
  },
};

describe('an interrupted migration', () => {
  it('that fails halfway leaves the file exactly at the previous version, and the next start migrates it', async () => {
    const file = fileIn();
    await databaseAt(file, '0002_firm_card', 50);
    const v2 = schemaOf(file);
    await expect(openDatabase(file, { migrations: failingIn0003 })).rejects.toMatchObject({
      data: { code: 'db_migration_failed', messageKey: 'errors.db_migration_failed', params: { migration: '0003_selling' } },
    });
    expect(schemaOf(file)).toBe(v2); // no `reminders` table left behind from the failed step
    expect(appliedOf(file)).toEqual(['0001_initial', '0002_firm_card']);

    const open = await openDatabase(file);
    expect(open.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(open.sqlite.prepare('SELECT count(*) AS n FROM contacts').get()).toEqual({ n: 50 });
    await closeDatabase(open);
    expect(appliedOf(file)).toEqual(Object.keys(migrations));
  });

  it('killed inside a migration leaves the previous version, and the next start migrates it', async () => {
    const file = fileIn();
    await databaseAt(file, '0002_firm_card', 20_000);
    const v2 = schemaOf(file);
    const child = spawn(process.execPath, [path.join(import.meta.dirname, '..', 'main', 'core', 'db', 'interrupted-child.fixture.ts'), file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d) => { out += d; if (out.includes('inside 0003')) resolve(); });
      child.stderr.on('data', (d) => { out += d; });
      child.on('exit', () => reject(new Error(`the child ended before migration 0003: ${out}`)));
    });
    child.kill('SIGKILL'); // every statement of 0003 has run, its transaction is still open
    expect(await exited).toBe('SIGKILL');

    expect(schemaOf(file)).toBe(v2);
    expect(appliedOf(file)).toEqual(['0001_initial', '0002_firm_card']);
    const open = await openDatabase(file);
    expect(open.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(open.sqlite.prepare('SELECT count(*) AS n FROM contacts').get()).toEqual({ n: 20_000 });
    await closeDatabase(open);
  }, 120_000);

  it('never backs up or prunes after a failed attempt: the good backup survives every retry and is named', async () => {
    const file = fileIn();
    await databaseAt(file, '0002_firm_card');
    const dir = path.join(path.dirname(file), 'backups');
    // Five older backups of this database, as earlier migrations left them.
    fs.mkdirSync(dir);
    const older = [1, 2, 3, 4, 5].map((i) => path.join(dir, `kartoteka-2026-0${i}-01T10-00-00-000Z-before-v2.sqlite`));
    for (const f of older) fs.copyFileSync(file, f);

    const named: unknown[] = [];
    for (let attempt = 0; attempt < 7; attempt++) {
      const e = await openDatabase(file, { migrations: failingIn0003 }).catch((err) => err);
      named.push(e.data.params.backup);
    }
    const backups = listBackups(file, dir);
    expect(backups).toHaveLength(6); // the five older ones and one taken before the first attempt
    const good = backups[0]!;
    expect(named).toEqual(Array(7).fill(good));
    const copy = new SQLite(good, { readonly: true });
    expect(copy.prepare('SELECT name FROM kysely_migration ORDER BY name').all()).toEqual([{ name: '0001_initial' }, { name: '0002_firm_card' }]);
    expect(copy.prepare('SELECT count(*) AS n FROM contacts').get()).toEqual({ n: 10 });
    copy.close();

    // The fixed app migrates, reusing that backup, and only then prunes (keeps 5, the newest first).
    const open = await openDatabase(file);
    expect(open.backupPath).toBe(good);
    await closeDatabase(open);
    expect(listBackups(file, dir)).toEqual([good, ...older.slice(1).reverse()]);
  }, 60_000);

  it('takes a fresh backup when the file changed after a failed attempt', async () => {
    const file = fileIn();
    await databaseAt(file, '0002_firm_card');
    const first = await openDatabase(file, { migrations: failingIn0003 }).catch((e) => e.data.params.backup);
    // An older app (at version 2) wrote to the file meanwhile: that backup no longer holds it.
    const raw = new SQLite(file);
    raw.prepare(`UPDATE firms SET name = 'Pekárna Nováková' WHERE id = 'f1'`).run();
    raw.close();
    const open = await openDatabase(file);
    expect(open.backupPath).not.toBe(first);
    const copy = new SQLite(open.backupPath!, { readonly: true });
    expect(copy.prepare(`SELECT name FROM firms`).get()).toEqual({ name: 'Pekárna Nováková' });
    copy.close();
    await closeDatabase(open);
  });
});

describe('migration bookkeeping stays Kysely’s', () => {
  it('continues a file Kysely’s Migrator migrated, and Kysely’s Migrator sees ours as complete', async () => {
    const file = fileIn();
    await databaseAt(file, '0001_initial');
    await closeDatabase(await openDatabase(file));
    const sqlite = new SQLite(file);
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) });
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    const seen = await migrator.getMigrations();
    expect(seen.map((m) => [m.name, m.executedAt instanceof Date])).toEqual(Object.keys(migrations).map((n) => [n, true]));
    const { error, results } = await migrator.migrateToLatest();
    expect(error).toBeUndefined();
    expect(results).toEqual([]);
    expect(sqlite.prepare('SELECT id, is_locked FROM kysely_migration_lock').all()).toEqual([{ id: 'migration_lock', is_locked: 0 }]);
    await db.destroy();
  });
});
