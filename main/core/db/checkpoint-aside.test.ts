import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test-helpers.ts';
import { holdCheckpoints } from './checkpoint-aside.ts';

let dir = '';
afterEach(() => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });

describe('checkpoint aside', () => {
  it('holds the automatic checkpoint during a bulk write, then checkpoints the whole WAL from another thread', async () => {
    dir = tempDir();
    const file = path.join(dir, 'k.sqlite');
    const db = new SQLite(file);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
    const release = holdCheckpoints(db, file);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    db.transaction(() => { for (let i = 0; i < 20_000; i++) insert.run(`row ${i} `.repeat(20)); })();
    // Nothing was checkpointed at the commit: the WAL still holds the pages (more than 1,000).
    const walPages = fs.statSync(`${file}-wal`).size / 4096;
    expect(walPages).toBeGreaterThan(1000);
    const answer = await release(true);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(answer).toMatchObject({ ok: true, result: { busy: 0 } });
    expect(answer!.result!.checkpointed).toBe(answer!.result!.log);
    expect(answer!.result!.log).toBeGreaterThan(1000);
    // The rows are in the main file: a copy of it alone (no WAL) has them all.
    fs.copyFileSync(file, path.join(dir, 'copy.sqlite'));
    const copy = new SQLite(path.join(dir, 'copy.sqlite'), { readonly: true });
    expect(copy.prepare('SELECT count(*) FROM t').pluck().get()).toBe(20_000);
    copy.close();
    db.close();
  });

  it('after a rollback only turns the automatic checkpoint back on', async () => {
    dir = tempDir();
    const file = path.join(dir, 'k.sqlite');
    const db = new SQLite(file);
    db.pragma('journal_mode = WAL');
    const release = holdCheckpoints(db, file);
    expect(await release(false)).toBeNull();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(await release(true)).toBeNull();
    db.close();
  });
});
