// 0013_data_protection on a real database as 0011 left it, with an export already logged: the log
// is kept (who was in that old export is not known — it was never recorded), exports from now on
// record their rows, and the erasure record refuses an unknown kind.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, closeDatabase } from '../main/core/db/open.ts';
import { createCore } from '../main/core/dispatcher.ts';
import { tempDir } from '../main/core/test-helpers.ts';
import { databaseAt } from './old-database.ts';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true }); });

describe('0013_data_protection', () => {
  it('keeps the export log, records who is in new exports, and records erasures without data', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const file = path.join(dir, 'k.sqlite');
    await databaseAt(file, '0011_phone_search', 0);
    const old = new SQLite(file);
    old.exec(`INSERT INTO export_log (id, user_id, selection_id, selection_name, format, rows, excluded, file_name, at, created_at, updated_at)
      VALUES ('e1', 'u1', NULL, 'Staré', 'csv', 1, 0, 'stare.csv', 1, 1, 1)`);
    old.close();

    const open = await openDatabase(file);
    try {
      const q = (s: string) => open.sqlite.prepare(s).all();
      expect(q(`SELECT id, selection_name FROM export_log`)).toEqual([{ id: 'e1', selection_name: 'Staré' }]);
      expect(q(`SELECT count(*) AS n FROM export_rows`)).toEqual([{ n: 0 }]);
      expect(() => open.sqlite.prepare(`INSERT INTO erasures (id, kind, entity_id, user_id, at, created_at, updated_at)
        VALUES ('x', 'contact', 'f1', 'u1', 1, 1, 1)`).run()).toThrow(/CHECK/);

      const core = createCore(open);
      const env = (await core.dispatch('exports.run', { recipients: 'firms', columns: ['firmName'], format: 'csv', name: 'Nové' })).envelope;
      if (!env.ok) throw new Error(JSON.stringify(env.error));
      const logId = (env.value as { logId: string }).logId;
      const firm = open.sqlite.prepare(`SELECT rid FROM firms WHERE id = 'f1'`).get() as { rid: number };
      const rec = open.sqlite.prepare(`SELECT export_id, firm_rids, person_ids FROM export_rows`).all() as { export_id: string; firm_rids: Buffer; person_ids: string }[];
      expect(rec.map((r) => ({ exportId: r.export_id, rids: [r.firm_rids.readDoubleLE(0)], bytes: r.firm_rids.length, people: r.person_ids })))
        .toEqual([{ exportId: logId, rids: [firm.rid], bytes: 8, people: '[]' }]);
    } finally {
      await closeDatabase(open);
    }
  });
});
