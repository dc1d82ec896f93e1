// Issue 13, "never lose the database": backups pruned by their exact name, damaged and foreign
// files refused before anything is written, read-only opens that cannot change a file. Real
// SQLite files throughout; "untouched" is checked byte for byte.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, closeDatabase } from './open.ts';
import { listBackups } from './backup.ts';
import { DbClient } from './client.ts';
import { createCore } from '../dispatcher.ts';
import { tempDir } from '../test-helpers.ts';
import { damage, databaseAt } from '../../../migrations/old-database.ts';
import { migrations } from '../../../migrations/index.ts';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true }); });
const fileIn = (name = 'kartoteka.sqlite') => { const d = tempDir(); dirs.push(d); return path.join(d, name); };
const LAST = Object.keys(migrations).at(-1)!;

/** A current database with data, closed cleanly (no -wal), as the app leaves it. */
async function currentDatabase(file: string, contacts = 4000): Promise<void> {
  await databaseAt(file, LAST, contacts);
  await closeDatabase(await openDatabase(file));
  fs.rmSync(path.join(path.dirname(file), 'backups'), { recursive: true, force: true });
}

const snapshot = (file: string) => ({ bytes: fs.readFileSync(file), mtime: fs.statSync(file).mtimeMs });
function expectUntouched(file: string, before: ReturnType<typeof snapshot>): void {
  expect(fs.readFileSync(file).equals(before.bytes)).toBe(true);
  expect(fs.statSync(file).mtimeMs).toBe(before.mtime);
}

describe('backups', () => {
  const stamped = (name: string, month: number) => `${name}-2026-${String(month).padStart(2, '0')}-01T10-00-00-000Z-before-v2.sqlite`;

  it('are pruned by their exact stamped name: another database’s backups and the one just taken survive', async () => {
    const file = fileIn('kartoteka.sqlite');
    await databaseAt(file, '0001_initial');
    const dir = path.join(path.dirname(file), 'backups');
    fs.mkdirSync(dir);
    // `kartoteka-old.sqlite` sorts after `kartoteka-2026…`, `kartoteka-2025.sqlite` before it:
    // a `kartoteka-` prefix match took both for ours, and deleted the backup just taken.
    const others = [1, 2, 3, 4, 5].flatMap((m) => [stamped('kartoteka-old', m), stamped('kartoteka-2025', m)]);
    const ours = [1, 2, 3].map((m) => stamped('kartoteka', m));
    for (const f of [...others, ...ours]) fs.writeFileSync(path.join(dir, f), 'a backup');
    const open = await openDatabase(file, { keepBackups: 2 });
    await closeDatabase(open);
    expect(fs.existsSync(open.backupPath!)).toBe(true);
    expect(listBackups(file, dir)).toEqual([open.backupPath, path.join(dir, ours[2]!)]);
    for (const f of others) expect(fs.existsSync(path.join(dir, f)), f).toBe(true);
  });

  it('never delete the newest, even when the clock went back', async () => {
    const file = fileIn();
    await databaseAt(file, '0001_initial');
    const dir = path.join(path.dirname(file), 'backups');
    fs.mkdirSync(dir);
    const future = path.join(dir, 'kartoteka-2099-01-01T00-00-00-000Z-before-v2.sqlite');
    fs.writeFileSync(future, 'a backup');
    const open = await openDatabase(file, { keepBackups: 1 });
    await closeDatabase(open);
    expect(fs.existsSync(future)).toBe(true);
    expect(fs.existsSync(open.backupPath!)).toBe(true);
  });

  it('of a damaged file fail their verification: refused with db_damaged, no copy left under any name', async () => {
    const file = fileIn();
    await databaseAt(file, '0001_initial', 4000);
    damage(file);
    const before = snapshot(file);
    await expect(openDatabase(file)).rejects.toMatchObject({ data: { code: 'db_damaged', messageKey: 'errors.db_damaged' } });
    expect(fs.readdirSync(path.join(path.dirname(file), 'backups'))).toEqual([]);
    expectUntouched(file, before);
  });
});

describe('a damaged file', () => {
  it('is refused read-write, untouched, with the way back', async () => {
    const file = fileIn();
    await currentDatabase(file);
    damage(file);
    const before = snapshot(file);
    const e = await openDatabase(file).catch((err) => err);
    expect(e.data).toMatchObject({ code: 'db_damaged', messageKey: 'errors.db_damaged', params: { file, backups: path.join(path.dirname(file), 'backups') } });
    expect(String(e.data.params.detail)).not.toBe('');
    expectUntouched(file, before);
  });

  it('checked in the background (the app): reads go on, every write is refused, the file is untouched', async () => {
    const file = fileIn();
    await currentDatabase(file);
    damage(file);
    const before = snapshot(file);
    const open = await openDatabase(file, { integrityCheck: 'background' });
    const core = createCore(open);
    const read = await core.dispatch('app.info', {});
    expect(read.envelope.ok).toBe(true);
    const write = await core.dispatch('firms.create', { name: 'Nová firma', kinds: ['customer'] });
    expect(write.envelope).toMatchObject({ ok: false, error: { code: 'db_damaged', messageKey: 'errors.db_damaged' } });
    await expect(open.integrity).rejects.toMatchObject({ data: { code: 'db_damaged' } });
    await closeDatabase(open);
    expectUntouched(file, before);
  });

  it('a sound file checked in the background takes writes once the check passed', async () => {
    const file = fileIn();
    await currentDatabase(file);
    const open = await openDatabase(file, { integrityCheck: 'background' });
    const core = createCore(open);
    const write = await core.dispatch('firms.create', { name: 'Nová firma', kinds: ['customer'] });
    expect(write.envelope).toMatchObject({ ok: true });
    await expect(open.integrity).resolves.toBeUndefined();
    await closeDatabase(open);
  });
});

describe('a file that is no database', () => {
  it('is refused by the worker with db_unreadable (not "internal"), untouched', async () => {
    const file = fileIn();
    fs.writeFileSync(file, Buffer.alloc(64 * 1024, 'Toto není databáze. '));
    const before = snapshot(file);
    await expect(DbClient.open({ dbPath: file })).rejects.toMatchObject({
      data: { code: 'db_unreadable', messageKey: 'errors.db_unreadable', params: { file } },
    });
    await expect(openDatabase(file, { readonly: true })).rejects.toMatchObject({ data: { code: 'db_unreadable' } });
    expectUntouched(file, before);
  }, 120_000);
});

describe('read-only opens', () => {
  it('never migrate: an older file is refused with db_needs_migration, untouched', async () => {
    const file = fileIn();
    await databaseAt(file, '0002_firm_card');
    const raw = new SQLite(file);
    raw.pragma('journal_mode = DELETE');
    raw.close();
    const before = snapshot(file);
    await expect(openDatabase(file, { readonly: true })).rejects.toMatchObject({
      data: { code: 'db_needs_migration', messageKey: 'errors.db_needs_migration', params: { version: 2, latest: Object.keys(migrations).length } },
    });
    expectUntouched(file, before);
  });

  it('read a current file and cannot write to it', async () => {
    const file = fileIn();
    await currentDatabase(file);
    const open = await openDatabase(file, { readonly: true });
    expect(open.readonly).toBe(true);
    expect(open.sqlite.prepare('SELECT count(*) AS n FROM contacts').get()).toEqual({ n: 4000 });
    expect(() => open.sqlite.prepare(`UPDATE firms SET name = 'x'`).run()).toThrow(/readonly/);
    await closeDatabase(open);
  });
});
