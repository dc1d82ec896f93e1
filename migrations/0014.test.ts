// 0014_imports on a real database as 0013 left it: its firms stay, the import tables start
// empty, and their checks refuse an unknown kind, mode or change type.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, closeDatabase } from '../main/core/db/open.ts';
import { tempDir } from '../main/core/test-helpers.ts';
import { databaseAt } from './old-database.ts';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true }); });

describe('0014_imports', () => {
  it('adds empty import tables beside the existing data, with their checks', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const file = path.join(dir, 'k.sqlite');
    await databaseAt(file, '0013_data_protection', 0);
    const open = await openDatabase(file);
    try {
      const q = (s: string) => open.sqlite.prepare(s).all();
      expect(q(`SELECT name FROM firms`)).toEqual([{ name: 'Pekárna Novák' }]);
      for (const t of ['imports', 'import_changes', 'import_mappings']) expect(q(`SELECT count(*) AS n FROM ${t}`)).toEqual([{ n: 0 }]);
      const user = (q(`SELECT id FROM users LIMIT 1`)[0] as { id: string }).id;
      const add = (kind: string, mode: string) => open.sqlite.prepare(`INSERT INTO imports (id, kind, file_name, format, mode, user_id, created_at, updated_at)
        VALUES (?, ?, 'a.csv', 'csv', ?, ?, 1, 1)`).run(`${kind}-${mode}`, kind, mode, user);
      expect(() => add('invoices', 'create')).toThrow(/CHECK/);
      expect(() => add('firms', 'replace')).toThrow(/CHECK/);
      add('firms', 'both');
      expect(() => open.sqlite.prepare(`INSERT INTO import_changes (import_id, tbl, row_id, op, stamp) VALUES ('firms-both', 'firms', 'f1', 'delete', 1)`).run()).toThrow(/CHECK/);
      open.sqlite.prepare(`INSERT INTO import_changes (import_id, tbl, row_id, op, stamp) VALUES ('firms-both', 'firms', 'f1', 'update', 1)`).run();
      expect(() => open.sqlite.prepare(`INSERT INTO import_changes (import_id, tbl, row_id, op, stamp) VALUES ('nope', 'firms', 'f1', 'insert', 1)`).run()).toThrow(/FOREIGN KEY/);
    } finally {
      await closeDatabase(open);
    }
  });
});
