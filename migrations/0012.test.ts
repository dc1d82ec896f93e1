// 0012_first_page_cache on a real v11 database: the cache tables start empty at epoch 0, and the
// epoch moves on exactly when a firm is added, removed, renamed, deleted or made a lead — by any
// program writing to the file — and not when a firm is edited otherwise.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, closeDatabase } from '../main/core/db/open.ts';
import { tempDir } from '../main/core/test-helpers.ts';
import { attachCapture } from '../main/core/sync/capture.ts';
import { databaseAt } from './old-database.ts';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true }); });

describe('0012_first_page_cache', () => {
  it('counts the writes that can change the first page, and only those', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const file = path.join(dir, 'k.sqlite');
    await databaseAt(file, '0011_phone_search', 0);
    const open = await openDatabase(file);
    await closeDatabase(open);

    const sqlite = new SQLite(file);
    attachCapture(sqlite); // a writer to synced tables needs the change-capture clock (0015)
    try {
      const epoch = () => (sqlite.prepare('SELECT n FROM first_page_epoch').get() as { n: number }).n;
      expect(epoch()).toBe(0);
      expect(sqlite.prepare('SELECT count(*) AS n FROM first_page_cache').get()).toEqual({ n: 0 });
      const steps: [string, number][] = [
        [`INSERT INTO firms (id, name, created_at, updated_at) VALUES ('g1', 'Nová s.r.o.', 1, 1)`, 1],
        [`UPDATE firms SET website = 'https://nova.cz', updated_at = 2 WHERE id = 'g1'`, 0],
        [`UPDATE firms SET name = name, website = 'https://nova.cz/x' WHERE id = 'g1'`, 0],
        [`UPDATE firms SET name = 'Novější s.r.o.' WHERE id = 'g1'`, 1],
        [`UPDATE firms SET is_lead = 1 WHERE id = 'g1'`, 1],
        [`UPDATE firms SET deleted_at = 5 WHERE id = 'g1'`, 1],
        [`DELETE FROM firms WHERE id = 'g1'`, 1],
      ];
      for (const [statement, moves] of steps) {
        const before = epoch();
        sqlite.exec(statement);
        expect(epoch() - before, statement).toBe(moves);
      }
    } finally {
      sqlite.close();
    }
  });
});
