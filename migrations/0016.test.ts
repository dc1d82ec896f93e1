// 0016_sync_state on a real database as 0015 left it: the sync tables arrive empty, the one
// config row says "not joined" (the laptop works alone, as before), and a conflict pair is one row.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, closeDatabase } from '../main/core/db/open.ts';
import { tempDir } from '../main/core/test-helpers.ts';
import { databaseAt } from './old-database.ts';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true }); });

describe('0016_sync_state', () => {
  it('adds empty sync state, unjoined, and keeps one record per conflicting pair', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const file = path.join(dir, 'k.sqlite');
    await databaseAt(file, '0015_change_capture', 3);
    const open = await openDatabase(file);
    try {
      const q = (s: string) => open.sqlite.prepare(s).all();
      expect(q('SELECT server_url, device_token, pull_cursor, snapshot_done, push_batch FROM sync_config')).toEqual([
        { server_url: null, device_token: null, pull_cursor: null, snapshot_done: 0, push_batch: null },
      ]);
      for (const t of ['sync_fields', 'sync_parked', 'sync_conflicts']) expect(q(`SELECT * FROM ${t}`)).toEqual([]);
      const add = open.sqlite.prepare(`INSERT OR IGNORE INTO sync_conflicts (kind, tbl, row_id, col, local_val, local_hlc, remote_val, remote_hlc, created_at)
        VALUES ('field', 'firms', 'f1', 'name', 'a', '000000000001-0000-aaaaaaaaaaaaaaaa', 'b', '000000000002-0000-bbbbbbbbbbbbbbbb', 1)`);
      add.run();
      add.run();
      expect(q('SELECT count(*) AS n FROM sync_conflicts')).toEqual([{ n: 1 }]);
      expect(() => open.sqlite.exec(`INSERT INTO sync_config (id) VALUES (2)`)).toThrow(/CHECK/);
    } finally {
      await closeDatabase(open);
    }
  });
});
