// 0006_printing on a real v5 database with data: everything kept, the built-in label formats and
// starter templates seeded (grids that fit the A4 sheet), the settings table empty, names unique.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, closeDatabase } from '../main/core/db/open.ts';
import { createCore } from '../main/core/dispatcher.ts';
import { tempDir } from '../main/core/test-helpers.ts';
import { migrations } from './index.ts';

const F1 = '01900000-0000-7000-8000-0000000000f1';
const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true }); });

async function v5Database(): Promise<string> {
  const dir = tempDir();
  dirs.push(dir);
  const file = path.join(dir, 'k.sqlite');
  const sqlite = new SQLite(file);
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) });
  const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateTo('0005_salutations');
  if (error) throw error;
  sqlite.exec(`
    INSERT INTO users VALUES ('u1', 'Eva', NULL, 1, 1, 1, NULL);
    INSERT INTO firms (id, name, is_customer, owner_id, created_at, updated_at) VALUES ('${F1}', 'Pekárna Novák', 1, 'u1', 1, 1);
  `);
  await db.destroy();
  return file;
}

describe('0006_printing', () => {
  it('keeps a v5 database’s data and adds templates, label formats and settings', async () => {
    const file = await v5Database();
    const open = await openDatabase(file);
    expect(open.backupPath).toBeTruthy();
    const q = (s: string) => open.sqlite.prepare(s).all() as Record<string, unknown>[];
    const run = (s: string) => open.sqlite.prepare(s).run();
    expect(q('SELECT id, name FROM firms')).toEqual([{ id: F1, name: 'Pekárna Novák' }]);
    expect(q('SELECT count(*) AS n FROM settings')).toEqual([{ n: 0 }]);

    const formats = q('SELECT * FROM label_formats ORDER BY id');
    expect(formats.map((f) => `${f.columns}x${f.rows}`)).toEqual(['3x7', '3x8', '2x8', '3x10', '2x7']);
    for (const f of formats) {
      expect(f.built_in).toBe(1);
      const width = (f.margin_left_mm as number) * 2 + (f.columns as number) * (f.label_width_mm as number);
      const height = (f.margin_top_mm as number) * 2 + (f.rows as number) * (f.label_height_mm as number);
      expect(width, String(f.name)).toBeCloseTo(210, 1);
      expect(height, String(f.name)).toBeCloseTo(297, 1);
    }
    expect(q(`SELECT language FROM letter_templates ORDER BY id`)).toEqual([{ language: 'cs' }, { language: 'en' }]);
    expect(() => run(`INSERT INTO letter_templates (id, name, created_at, updated_at) VALUES ('t9', 'Dopis (česky)', 1, 1)`)).toThrow(/UNIQUE/);
    expect(() => run(`INSERT INTO label_formats (id, name, columns, rows, label_width_mm, label_height_mm, created_at, updated_at)
      VALUES ('l9', 'x', 9, 1, 10, 10, 1, 1)`)).toThrow(/CHECK/);

    const core = createCore(open);
    const list = (await core.dispatch('labelFormats.list', {})).envelope;
    expect(list.ok && (list.value as unknown[]).length).toBe(5);
    await closeDatabase(open);
  });
});
