// 0003_selling on a real v2 database with data: everything kept, the pipeline and the lost
// reasons seeded with fixed ids, existing attachments and contacts untouched.
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

/** A database exactly as version 2 of the app left it. */
async function v2Database(): Promise<string> {
  const dir = tempDir();
  dirs.push(dir);
  const file = path.join(dir, 'k.sqlite');
  const sqlite = new SQLite(file);
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) });
  const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateTo('0002_firm_card');
  if (error) throw error;
  const kind = (sqlite.prepare(`SELECT id FROM codes WHERE list = 'contact_kind' AND code = 'call'`).get() as { id: string }).id;
  sqlite.exec(`
    INSERT INTO users VALUES ('u1', 'Eva', NULL, 1, 1, 1, NULL);
    INSERT INTO firms (id, name, is_customer, owner_id, created_at, updated_at) VALUES ('${F1}', 'Pekárna Novák', 1, 'u1', 1, 1);
    INSERT INTO tasks (id, firm_id, title, assignee_id, author_id, created_at, updated_at) VALUES ('t1', '${F1}', 'Zavolat', 'u1', 'u1', 1, 1);
    INSERT INTO attachments (id, firm_id, folder, name, mime, size, sha256, author_id, created_at, updated_at)
      VALUES ('a1', '${F1}', '', 'nabidka.pdf', 'application/pdf', 3, '${'a'.repeat(64)}', 'u1', 1, 1);
  `);
  sqlite.prepare(`INSERT INTO contacts (id, firm_id, status, at, kind_id, referent_id, summary, created_at, updated_at)
    VALUES ('k1', '${F1}', 'planned', 100, ?, 'u1', 'Schůzka', 1, 1)`).run(kind);
  await db.destroy();
  return file;
}

describe('0003_selling', () => {
  it('keeps a v2 database’s data and seeds the pipeline and lost reasons', async () => {
    const file = await v2Database();
    const open = await openDatabase(file);
    expect(open.backupPath).toBeTruthy();
    const q = (s: string) => open.sqlite.prepare(s).all();
    expect(q('SELECT id, name, opportunity_id, doc_kind FROM attachments')).toEqual([{ id: 'a1', name: 'nabidka.pdf', opportunity_id: null, doc_kind: null }]);
    expect(q('SELECT id, status, summary FROM contacts')).toEqual([{ id: 'k1', status: 'planned', summary: 'Schůzka' }]);
    expect(q('SELECT id, title FROM tasks')).toEqual([{ id: 't1', title: 'Zavolat' }]);
    // Fixed ids: every laptop seeds the same stages and reasons, so a later sync merges them.
    expect(q('SELECT id, code, outcome, probability FROM pipeline_stages ORDER BY sort')).toEqual([
      { id: '00000000-0000-7000-8003-000000000001', code: 'lead', outcome: 'open', probability: 10 },
      { id: '00000000-0000-7000-8003-000000000002', code: 'rfi', outcome: 'open', probability: 20 },
      { id: '00000000-0000-7000-8003-000000000003', code: 'offer', outcome: 'open', probability: 40 },
      { id: '00000000-0000-7000-8003-000000000004', code: 'negotiation', outcome: 'open', probability: 70 },
      { id: '00000000-0000-7000-8003-000000000005', code: 'won', outcome: 'won', probability: 100 },
      { id: '00000000-0000-7000-8003-000000000006', code: 'lost', outcome: 'lost', probability: 0 },
    ]);
    expect(q(`SELECT code FROM codes WHERE list = 'lost_reason' ORDER BY sort`).map((r) => (r as { code: string }).code))
      .toEqual(['price', 'competitor', 'no_budget', 'no_decision', 'timing', 'other']);
    for (const table of ['reminders', 'contact_rules', 'opportunities', 'opportunity_users', 'opportunity_lines', 'sales', 'sales_imports']) {
      expect(q(`SELECT count(*) AS n FROM ${table}`), table).toEqual([{ n: 0 }]);
    }
    // Amounts are integers: a fractional one is refused by nothing in SQL, so the contract must
    // refuse it (see shared/contract.ts minorUnits); here: the column really is INTEGER.
    const cols = q(`SELECT name, type FROM pragma_table_info('sales') WHERE name IN ('amount', 'currency')`);
    expect(cols).toEqual([{ name: 'amount', type: 'INTEGER' }, { name: 'currency', type: 'TEXT' }]);
    // And the app works on it: the card opens with the new counts.
    const card = await createCore(open).dispatch('firms.get', { id: F1 });
    expect(card.envelope).toMatchObject({ ok: true, value: { counts: { openTasks: 1, openOpportunities: 0, sales: 0 } } });
    await closeDatabase(open);
  });
});
