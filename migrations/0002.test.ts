// 0002_firm_card on a real v1 database with data: everything kept, the new columns defaulted.
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

/** A database exactly as version 1 of the app left it. */
async function v1Database(): Promise<string> {
  const dir = tempDir();
  dirs.push(dir);
  const file = path.join(dir, 'k.sqlite');
  const sqlite = new SQLite(file);
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) });
  const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateTo('0001_initial');
  if (error) throw error;
  const kind = (sqlite.prepare(`SELECT id FROM codes WHERE list = 'contact_kind' AND code = 'call'`).get() as { id: string }).id;
  sqlite.exec(`
    INSERT INTO users VALUES ('u1', 'Eva', NULL, 1, 1, 1, NULL);
    INSERT INTO firms (id, name, is_customer, ico, owner_id, created_at, updated_at)
      VALUES ('${F1}', 'Strojírny Dvořák', 1, '25596641', 'u1', 1, 1);
    INSERT INTO firms (id, name, is_prospect, created_at, updated_at, deleted_at) VALUES ('f2', 'Smazaná', 1, 1, 1, 5);
    INSERT INTO addresses (id, firm_id, kind, city, created_at, updated_at) VALUES ('a1', '${F1}', 'registered', 'Hořice', 1, 1);
    INSERT INTO people (id, firm_id, last_name, is_main, created_at, updated_at) VALUES ('p1', '${F1}', 'Novák', 1, 1, 1);
    INSERT INTO channels (id, firm_id, person_id, kind, value, created_at, updated_at) VALUES ('c1', '${F1}', 'p1', 'email', 'novak@dvorak.cz', 1, 1);
  `);
  sqlite.prepare(`INSERT INTO contacts (id, firm_id, person_id, status, at, kind_id, referent_id, summary, created_at, updated_at)
    VALUES ('k1', '${F1}', 'p1', 'done', 100, ?, 'u1', 'Úvodní schůzka', 1, 1)`).run(kind);
  await db.destroy();
  return file;
}

describe('0002_firm_card', () => {
  it('keeps a v1 database’s data and defaults the new columns', async () => {
    const file = await v1Database();
    const open = await openDatabase(file);
    expect(open.backupPath).toBeTruthy(); // v1 data was backed up before migrating
    const q = (s: string) => open.sqlite.prepare(s).all();
    expect(q('SELECT id, name, ico, owner_id, is_lead, merged_into_id, deleted_at FROM firms ORDER BY rid')).toEqual([
      { id: F1, name: 'Strojírny Dvořák', ico: '25596641', owner_id: 'u1', is_lead: 0, merged_into_id: null, deleted_at: null },
      { id: 'f2', name: 'Smazaná', ico: null, owner_id: null, is_lead: 0, merged_into_id: null, deleted_at: 5 },
    ]);
    expect(q('SELECT id, last_name, is_main, reports_to_id, merged_into_id FROM people')).toEqual([
      { id: 'p1', last_name: 'Novák', is_main: 1, reports_to_id: null, merged_into_id: null },
    ]);
    expect(q('SELECT id, summary FROM contacts')).toEqual([{ id: 'k1', summary: 'Úvodní schůzka' }]);
    expect(q('SELECT value FROM channels')).toEqual([{ value: 'novak@dvorak.cz' }]);
    for (const table of ['segments', 'segment_members', 'field_defs', 'field_values', 'notes', 'tasks', 'changes', 'merges']) {
      expect(q(`SELECT count(*) AS n FROM ${table}`), table).toEqual([{ n: 0 }]);
    }
    // And the app works on it: the old firm is listed, found and opens with the new card parts.
    const core = createCore(open);
    const list = await core.dispatch('firms.list', { q: 'dvorak', locale: 'cs' });
    expect(list.envelope).toMatchObject({ ok: true, value: { total: 1, rows: [{ id: F1, city: 'Hořice' }] } });
    const card = await core.dispatch('firms.get', { id: F1 });
    expect(card.envelope).toMatchObject({ ok: true, value: {
      firm: { isLead: false, mergedIntoId: null }, segments: [], fields: [],
      people: [{ id: 'p1', reportsToId: null, fields: [] }],
      counts: { people: 1, contacts: 1, notes: 0, openTasks: 0, attachments: 0 },
      completeness: { missing: ['phone', 'segment'] },
    } });
    await closeDatabase(open);
  });
});
