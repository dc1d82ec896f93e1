// The copy under a writer that checkpoints after every commit (wal_autocheckpoint = 1): if
// the frozen-file copy's read-lock-0 reasoning were wrong, a checkpoint would write into the main
// file while it is being copied and the copy would mix two states. Each copy must pass
// integrity_check and hold a consecutive run of committed rows: nothing half, nothing invented.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test-helpers.ts';
import { copyAndVerify, CopyFailed } from './copy-thread.ts';

const open: SQLite.Database[] = [];
afterEach(() => { for (const db of open.splice(0)) db.close(); });

function database(dir: string): { file: string; db: SQLite.Database } {
  const file = path.join(dir, 'kartoteka.sqlite');
  const db = new SQLite(file);
  open.push(db);
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE log (n INTEGER PRIMARY KEY, body TEXT NOT NULL); CREATE INDEX log_body ON log(body);
    CREATE TABLE meta (id INTEGER PRIMARY KEY, total INTEGER NOT NULL); INSERT INTO meta VALUES (1, 0)`);
  // Enough pages that copying them takes a while next to the commits.
  db.transaction(() => { for (let n = 1; n <= 20_000; n++) write(db, n); })();
  return { file, db };
}

/** One commit's worth: a new row, an old row rewritten, and the total — all on scattered pages
 * (random bodies spread the index updates), so a copy mixing two states breaks an invariant. */
function write(db: SQLite.Database, n: number): void {
  const body = () => `${Math.random().toString(36).slice(2)} řádek `.repeat(8);
  db.prepare('INSERT INTO log (n, body) VALUES (?, ?)').run(n, body());
  db.prepare('UPDATE log SET body = ? WHERE n = ?').run(body(), 1 + Math.floor(Math.random() * n));
  db.prepare('UPDATE meta SET total = total + 1 WHERE id = 1').run();
}

function inspect(file: string): { integrity: string; count: number; max: number; total: number } {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const { count, max, total } = db.prepare('SELECT count(*) AS count, max(n) AS max, (SELECT total FROM meta) AS total FROM log').get() as { count: number; max: number; total: number };
    return { integrity: String(db.pragma('integrity_check', { simple: true })), count, max, total };
  } finally { db.close(); }
}

async function copiesDuringWrites(forceBackupApi: boolean): Promise<string[]> {
  const dir = tempDir();
  const { file, db } = database(dir);
  db.pragma('wal_autocheckpoint = 1');
  const commit = db.transaction((n: number) => write(db, n));
  let committed = 20_000;
  let writing = true;
  const writer = (async () => {
    while (writing) {
      commit(committed + 1);
      committed++;
      await new Promise((r) => setImmediate(r));
    }
  })();
  const how: string[] = [];
  try {
    for (let i = 0; i < 8; i++) {
      const before = committed;
      const target = path.join(dir, `copy-${i}.sqlite`);
      how.push((await copyAndVerify(file, target, { forceBackupApi })).how);
      const after = committed;
      const got = inspect(target);
      expect(got.integrity).toBe('ok');
      expect(got.count).toBe(got.max); // rows 1..max, none missing inside
      expect(got.total).toBe(got.count); // the total and the rows from the same commit
      expect(got.max).toBeGreaterThanOrEqual(before);
      expect(got.max).toBeLessThanOrEqual(after);
      expect(fs.existsSync(`${target}-wal`)).toBe(false);
    }
  } finally {
    writing = false;
    await writer;
  }
  return how;
}

describe('copyAndVerify', () => {
  it('copies the frozen main file while a writer commits and checkpoints after every commit', async () => {
    const how = await copiesDuringWrites(false);
    // Commits land between event-loop turns here, so the WAL is empty at the read's start at
    // least sometimes; a retry that kept failing would fall back to the backup API, still sound.
    expect(how).toContain('file');
  }, 120_000);

  it('falls back to SQLite’s online backup with the same guarantees', async () => {
    expect(await copiesDuringWrites(true)).toEqual(Array(8).fill('backup-api'));
  }, 120_000);

  it('refuses a copy whose pages are damaged, naming the check', async () => {
    const dir = tempDir();
    const { file, db } = database(dir);
    db.close();
    open.length = 0;
    // Overwrite the middle of the file: b-tree pages of the table or its index.
    const fd = fs.openSync(file, 'r+');
    try { fs.writeSync(fd, Buffer.alloc(4096 * 8, 0x5a), 0, 4096 * 8, Math.floor(fs.statSync(file).size / 8192) * 4096); } finally { fs.closeSync(fd); }
    const error = await copyAndVerify(file, path.join(dir, 'copy.sqlite')).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(CopyFailed);
    expect((error as CopyFailed).code).toMatch(/^SQLITE_CORRUPT/);
  }, 60_000);
});
