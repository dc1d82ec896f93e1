// 0007_covering_indexes on a real v6 database with data: everything kept, and the hot look-ups
// (a firm's last done contact, of any kind and of one kind; a segment's live members; a
// currency's sales by firm) answered from the index alone — no table row read per entry.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, closeDatabase } from '../main/core/db/open.ts';
import { tempDir } from '../main/core/test-helpers.ts';
import { migrations } from './index.ts';

const F1 = '01900000-0000-7000-8000-0000000000f1';
const CALL = '00000000-0000-7000-8000-000000000001';
const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true }); });

async function v6Database(): Promise<string> {
  const dir = tempDir();
  dirs.push(dir);
  const file = path.join(dir, 'k.sqlite');
  const sqlite = new SQLite(file);
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) });
  const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateTo('0006_printing');
  if (error) throw error;
  sqlite.exec(`
    INSERT INTO users VALUES ('u1', 'Eva', NULL, 1, 1, 1, NULL);
    INSERT INTO firms (id, name, is_customer, owner_id, created_at, updated_at) VALUES ('${F1}', 'Pekárna Novák', 1, 'u1', 1, 1);
    INSERT INTO segments (id, kind, name, created_at, updated_at) VALUES ('s1', 'category', 'A', 1, 1);
    INSERT INTO segment_members (id, segment_id, firm_id, created_at, updated_at) VALUES ('m1', 's1', '${F1}', 1, 1);
    INSERT INTO contacts (id, firm_id, status, at, kind_id, referent_id, summary, created_at, updated_at)
      VALUES ('c1', '${F1}', 'done', 100, '${CALL}', 'u1', 'Telefonát', 1, 1),
             ('c2', '${F1}', 'done', 200, '${CALL}', 'u1', 'Telefonát', 1, 1),
             ('c3', '${F1}', 'planned', 300, '${CALL}', 'u1', 'Plán', 1, 1);
    INSERT INTO sales (id, firm_id, source, date, amount, currency, created_at, updated_at)
      VALUES ('x1', '${F1}', 'manual', '2026-01-02', 1000, 'CZK', 1, 1), ('x2', '${F1}', 'manual', '2026-02-03', 500, 'CZK', 1, 1);
  `);
  await db.destroy();
  return file;
}

/** The query plan's lines, to see which index answers and whether it covers the query. */
const plan = (sqlite: SQLite.Database, query: string) =>
  (sqlite.prepare(`EXPLAIN QUERY PLAN ${query}`).all() as { detail: string }[]).map((r) => r.detail).join('\n');

const LAST_ANY = `SELECT max(c.at) FROM contacts c INDEXED BY contacts_done_firm_at WHERE c.firm_id = '${F1}' AND c.status = 'done' AND c.deleted_at IS NULL`;
const LAST_KIND = `SELECT max(c.at) FROM contacts c INDEXED BY contacts_done_firm_kind WHERE c.firm_id = '${F1}' AND c.kind_id = '${CALL}'
  AND c.status = 'done' AND c.deleted_at IS NULL`;
const MEMBERS = `SELECT m.firm_id FROM segment_members m WHERE m.segment_id = 's1' AND m.deleted_at IS NULL`;
const REVENUE = `SELECT firm_id, sum(amount) AS total FROM sales INDEXED BY sales_currency_firm WHERE currency = 'CZK' AND date >= '2026-01-01'
  AND deleted_at IS NULL GROUP BY firm_id`;

describe('0007_covering_indexes', () => {
  it('keeps a v6 database’s data and answers the hot look-ups from the indexes alone', async () => {
    const file = await v6Database();
    const before = new SQLite(file, { readonly: true });
    // Before: the partial indexes are used, but every entry sends SQLite to the table row.
    expect(plan(before, LAST_ANY)).not.toMatch(/COVERING INDEX/);
    expect(plan(before, MEMBERS)).toMatch(/USING INDEX segment_members_live/);
    expect(plan(before, MEMBERS)).not.toMatch(/COVERING INDEX/);
    before.close();

    const open = await openDatabase(file);
    expect(open.backupPath).toBeTruthy();
    const q = (s: string) => open.sqlite.prepare(s).all() as Record<string, unknown>[];
    expect(q('SELECT id, name FROM firms')).toEqual([{ id: F1, name: 'Pekárna Novák' }]);
    expect(q('SELECT id FROM contacts ORDER BY id').map((r) => r.id)).toEqual(['c1', 'c2', 'c3']);

    expect(plan(open.sqlite, LAST_ANY)).toMatch(/COVERING INDEX contacts_done_firm_at/);
    expect(plan(open.sqlite, LAST_KIND)).toMatch(/COVERING INDEX contacts_done_firm_kind/);
    expect(plan(open.sqlite, MEMBERS)).toMatch(/COVERING INDEX segment_members_live/);
    expect(plan(open.sqlite, REVENUE)).toMatch(/COVERING INDEX sales_currency_firm/);
    // Grouped in index order: no sorting of the sales.
    expect(plan(open.sqlite, REVENUE)).not.toMatch(/TEMP B-TREE/);
    // And the answers are the data's.
    expect(q(LAST_ANY)).toEqual([{ 'max(c.at)': 200 }]);
    expect(q(LAST_KIND)).toEqual([{ 'max(c.at)': 200 }]);
    expect(q(MEMBERS)).toEqual([{ firm_id: F1 }]);
    expect(q(REVENUE)).toEqual([{ firm_id: F1, total: 1500 }]);
    await closeDatabase(open);
  });
});
