// The CLI on database files it cannot use: one clear line naming the file and the way back,
// never a stack trace nor "internal: errors.internal", and the file left as it was.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../core/test-helpers.ts';
import { openDatabase, closeDatabase } from '../core/db/open.ts';
import { damage, databaseAt } from '../../migrations/old-database.ts';
import { migrations } from '../../migrations/index.ts';
import { describeDbError } from './db-errors.ts';
import { runCli } from './test-run.ts';

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const LAST = Object.keys(migrations).at(-1)!;

const run = (...args: string[]) => runCli(dir, args);

async function current(name: string): Promise<string> {
  const file = path.join(dir, name);
  await databaseAt(file, LAST, 3000);
  await closeDatabase(await openDatabase(file));
  return file;
}

const noStack = (text: string) => expect(text).not.toMatch(/^\s+at /m);

describe('the CLI on a database it cannot use', () => {
  it('find on a damaged search index says so in one line, and changes nothing', async () => {
    const file = await current('fts.sqlite');
    const raw = new SQLite(file);
    raw.unsafeMode(true); // FTS5 shadow tables are write-protected otherwise
    raw.prepare(`UPDATE firm_search_data SET block = zeroblob(length(block)) WHERE id > 10`).run();
    raw.close();
    const before = fs.readFileSync(file);
    const r = run('--db', file, 'find', 'novak');
    expect(r.code).toBe(1);
    expect(r.err).toContain(`kartoteka: ${file} is damaged (fts5: corruption`);
    expect(r.err).toContain('Run "kartoteka check"');
    expect(r.err).not.toContain('errors.internal');
    noStack(r.err);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    // …and check, where that line sends the user, finds it (integrity_check alone does not).
    const c = run('--db', file, 'check');
    expect(c.code).toBe(1);
    expect(c.out).toContain('problem: search index: fts5: corruption');
  }, 180_000);

  it('find on a file that is no database names it and the remedy', () => {
    const file = path.join(dir, 'notes.sqlite');
    fs.writeFileSync(file, 'Meeting notes, not a database.\n'.repeat(500));
    const r = run('--db', file, 'find', 'novak');
    expect(r.code).toBe(1);
    expect(r.err).toContain(`kartoteka: ${file} cannot be read as a database (file is not a database); the file was not changed.`);
    noStack(r.err);
  }, 120_000);

  it('find on an older file asks for "kartoteka migrate" instead of migrating it', async () => {
    const file = path.join(dir, 'v2.sqlite');
    await databaseAt(file, '0002_firm_card');
    const r = run('--db', file, 'find', 'novak');
    expect(r.code).toBe(1);
    expect(r.err).toContain(`has schema version 2, this Kartoteka needs ${Object.keys(migrations).length}. Run "kartoteka migrate"`);
    const raw = new SQLite(file, { readonly: true });
    expect(raw.prepare('SELECT count(*) AS n FROM kysely_migration').get()).toEqual({ n: 2 });
    raw.close();
  }, 120_000);

  it('export on an older file asks for "kartoteka migrate" and writes nothing', async () => {
    const file = path.join(dir, 'v2-export.sqlite');
    await databaseAt(file, '0002_firm_card');
    const before = fs.readFileSync(file);
    const where = path.join(dir, 'where.json');
    fs.writeFileSync(where, JSON.stringify({ op: 'and', items: [] }));
    const out = path.join(dir, 'x.csv');
    const r = run('--db', file, 'export', '--where', where, '--format', 'csv', '--out', out);
    expect(r.code).toBe(1);
    expect(r.err).toContain('Run "kartoteka migrate"');
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  }, 120_000);

  it('check on a damaged file points to the newest backup', async () => {
    const file = path.join(dir, 'old.sqlite');
    await databaseAt(file, '0001_initial', 4000);
    const open = await openDatabase(file); // migrates, so there is a backup
    await closeDatabase(open);
    damage(file);
    const r = run('--db', file, 'check');
    expect(r.code).toBe(1);
    expect(r.out).toContain(`To recover: close Kartoteka and run: kartoteka --db "${file}" restore "${open.backupPath}"`);
  }, 120_000);
});

describe('describeDbError', () => {
  it('names the backup of a failed migration and leaves other errors alone', () => {
    expect(describeDbError({ code: 'db_migration_failed', messageKey: 'errors.db_migration_failed', params: { file: '/d/k.sqlite', migration: '0003_selling', detail: 'disk full', backup: '/d/backups/k-x.sqlite' } }, '/d/k.sqlite'))
      .toBe('updating /d/k.sqlite failed at 0003_selling: disk full. The database was left exactly as it was. The backup taken before the update: /d/backups/k-x.sqlite');
    expect(describeDbError({ code: 'validation', messageKey: 'errors.required' }, '/d/k.sqlite')).toBeNull();
  });
});
