// The statement cache Kysely's driver prepares through: the same text gives the same statement,
// a statement still being iterated is never handed out again, the least recently used goes first.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test-helpers.ts';
import { withStatementCache } from './statement-cache.ts';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true }); });

function database(): SQLite.Database {
  const dir = tempDir();
  dirs.push(dir);
  const db = new SQLite(path.join(dir, 'c.sqlite'));
  db.exec('CREATE TABLE t (n INTEGER); INSERT INTO t VALUES (1), (2), (3)');
  return db;
}

describe('withStatementCache', () => {
  it('reuses a statement by its text, and prepares afresh while the cached one is busy', () => {
    const sqlite = database();
    const cached = withStatementCache(sqlite);
    const a = cached.prepare('SELECT n FROM t ORDER BY n');
    expect(cached.prepare('SELECT n FROM t ORDER BY n')).toBe(a);
    const iter = (a as SQLite.Statement).iterate();
    iter.next(); // a streamed read in progress
    const b = cached.prepare('SELECT n FROM t ORDER BY n');
    expect(b).not.toBe(a);
    expect((b as SQLite.Statement).all()).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    iter.return?.();
    expect(cached.prepare('SELECT n FROM t ORDER BY n')).toBe(a);
    cached.close();
    expect(sqlite.open).toBe(false);
  });

  it('keeps at most `max` statements, dropping the least recently used', () => {
    const sqlite = database();
    const cached = withStatementCache(sqlite, 2);
    const one = cached.prepare('SELECT 1');
    const two = cached.prepare('SELECT 2');
    expect(cached.prepare('SELECT 1')).toBe(one); // now the most recent
    cached.prepare('SELECT 3'); // drops SELECT 2
    expect(cached.prepare('SELECT 1')).toBe(one);
    expect(cached.prepare('SELECT 2')).not.toBe(two);
    cached.close();
  });

  it('a cached statement sees a schema change (SQLite re-prepares it)', () => {
    const sqlite = database();
    const cached = withStatementCache(sqlite);
    const insert = cached.prepare('INSERT INTO t (n) VALUES (?)') as SQLite.Statement;
    sqlite.exec('CREATE TABLE log (n INTEGER); CREATE TRIGGER t_log AFTER INSERT ON t BEGIN INSERT INTO log VALUES (NEW.n); END');
    (cached.prepare('INSERT INTO t (n) VALUES (?)') as SQLite.Statement).run(7);
    expect(cached.prepare('INSERT INTO t (n) VALUES (?)')).toBe(insert);
    expect(sqlite.prepare('SELECT n FROM log').all()).toEqual([{ n: 7 }]);
    cached.close();
  });
});
