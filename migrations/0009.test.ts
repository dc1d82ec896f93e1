// 0009_codes_trash on a real v7 database with data: free-text industries become one code list
// entry per industry (the same ids on every laptop), merge snapshots follow the column, and what
// users had deleted lands in the trash — merged records not — with a deleted person's e-mail
// tombstoned too, so it no longer finds the firm; restoring brings it back.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, closeDatabase } from '../main/core/db/open.ts';
import { createCore } from '../main/core/dispatcher.ts';
import { tempDir } from '../main/core/test-helpers.ts';
import type { TrashPage } from '../shared/types.ts';
import { migratedTo } from './old-database.ts';

const id = (n: number) => `01900000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;
const [F1, F2, F3, F4, FD, FM, P, PM, C, T, N] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map(id);
const CALL = '00000000-0000-7000-8000-000000000001';
const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true }); });

async function v7Database(): Promise<string> {
  const dir = tempDir();
  dirs.push(dir);
  const file = path.join(dir, 'k.sqlite');
  const snapshot = JSON.stringify({
    version: 1, entity: 'firm', stamp: 5, survivorName: 'Pekárna', mergedName: 'Pekárna 2',
    before: { firms: [{ id: F3, rid: 3, name: 'Pekárna', industry: 'Pekařství', updated_at: 4 }, { id: FM, rid: 6, name: 'Pekárna 2', industry: null }] },
    inserted: { changes: [] },
  });
  await migratedTo(file, '0007_covering_indexes', (sqlite) => {
    sqlite.exec(`
      INSERT INTO users VALUES ('u1', 'Eva', NULL, 1, 1, 1, NULL);
      INSERT INTO firms (id, name, industry, created_at, updated_at, deleted_at, merged_into_id) VALUES
        ('${F1}', 'Stavby Novák', 'Stavebnictví', 1, 1, NULL, NULL), ('${F2}', 'Stavby Dvořák', ' stavebnictví ', 1, 2, NULL, NULL),
        ('${F4}', 'Stavby Zeman', 'Stavebnictví', 1, 1, NULL, NULL), ('${F3}', 'Pekárna', 'Pekařství', 1, 5, NULL, NULL),
        ('${FD}', 'Smazaná s.r.o.', '', 1, 9, 9, NULL), ('${FM}', 'Pekárna 2', NULL, 1, 5, 5, '${F3}');
      INSERT INTO people (id, firm_id, first_name, last_name, created_at, updated_at, deleted_at, merged_into_id) VALUES
        ('${P}', '${F1}', 'Jana', 'Bartošová', 1, 7, 7, NULL), ('${PM}', '${F1}', 'Jan', 'Novák', 1, 8, 8, '${P}');
      INSERT INTO channels (id, firm_id, person_id, kind, value, created_at, updated_at) VALUES
        ('ch1', '${F1}', '${P}', 'email', 'jana.bartosova@stavby.cz', 1, 1), ('ch2', '${F1}', NULL, 'phone', '+420 777 111 222', 1, 1);
      INSERT INTO contacts (id, firm_id, status, at, kind_id, referent_id, summary, created_at, updated_at, deleted_at)
        VALUES ('${C}', '${F1}', 'done', 1, '${CALL}', 'u1', 'Telefonát', 1, 6, 6);
      INSERT INTO tasks (id, firm_id, title, assignee_id, author_id, created_at, updated_at, deleted_at)
        VALUES ('${T}', '${F1}', 'Poslat ceník', 'u1', 'u1', 1, 4, 4);
      INSERT INTO notes (id, firm_id, title, at, author_id, visibility, created_at, updated_at, deleted_at)
        VALUES ('${N}', '${F1}', 'Poznámka', 1, 'u1', 'everyone', 1, 3, 3);
      INSERT INTO merges (id, entity, survivor_id, merged_id, user_id, snapshot, created_at, updated_at)
        VALUES ('m1', 'firm', '${F3}', '${FM}', 'u1', '${snapshot}', 5, 5);
    `);
    // Before: the deleted person's e-mail still finds the firm (the bug this version fixes).
    expect(sqlite.prepare(`SELECT rowid FROM firm_search WHERE firm_search MATCH '"bartosova"*'`).all()).toHaveLength(1);
  });
  return file;
}

describe('0009_codes_trash', () => {
  it('turns industries into a code list, follows with merge snapshots, and fills the trash', async () => {
    const file = await v7Database();
    const open = await openDatabase(file);
    expect(open.backupPath).toBeTruthy();
    const q = (s: string, ...p: unknown[]) => open.sqlite.prepare(s).all(...p) as Record<string, unknown>[];

    // One entry per industry, named by its most used spelling, alphabetical; firms point at it.
    const industries = q(`SELECT id, label, built_in, sort, retired_at FROM codes WHERE list = 'industry' ORDER BY sort`);
    expect(industries.map((r) => r.label)).toEqual(['Pekařství', 'Stavebnictví']);
    expect(industries.every((r) => r.built_in === 0 && r.retired_at === null)).toBe(true);
    const [bakery, building] = industries.map((r) => r.id as string);
    expect(q(`SELECT id, industry_id, updated_at FROM firms WHERE merged_into_id IS NULL ORDER BY id`)).toEqual([
      { id: F1, industry_id: building, updated_at: 1 }, { id: F2, industry_id: building, updated_at: 2 },
      { id: F3, industry_id: bakery, updated_at: 5 }, { id: F4, industry_id: building, updated_at: 1 }, { id: FD, industry_id: null, updated_at: 9 },
    ]);
    expect(q(`SELECT name FROM pragma_table_info('firms') WHERE name LIKE 'industry%'`)).toEqual([{ name: 'industry_id' }]);
    const snap = JSON.parse(q(`SELECT snapshot FROM merges`)[0]!.snapshot as string);
    expect(snap.before.firms).toEqual([
      { id: F3, rid: 3, name: 'Pekárna', industry_id: bakery, updated_at: 4 }, { id: FM, rid: 6, name: 'Pekárna 2', industry_id: null },
    ]);

    // The trash: what users deleted, of unknown authorship, when they deleted it; merged records are not there.
    expect(q(`SELECT kind, entity_id, user_id, at FROM trash ORDER BY at`)).toEqual([
      { kind: 'note', entity_id: N, user_id: null, at: 3 }, { kind: 'task', entity_id: T, user_id: null, at: 4 },
      { kind: 'contact', entity_id: C, user_id: null, at: 6 }, { kind: 'person', entity_id: P, user_id: null, at: 7 },
      { kind: 'firm', entity_id: FD, user_id: null, at: 9 },
    ]);
    expect(q(`SELECT id FROM trash`).every((r) => /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/.test(r.id as string))).toBe(true);
    const personTrash = q(`SELECT id FROM trash WHERE kind = 'person'`)[0]!.id;
    expect(q(`SELECT trash_id FROM people WHERE id = ?`, P)).toEqual([{ trash_id: personTrash }]);
    expect(q(`SELECT trash_id FROM people WHERE id = ?`, PM)).toEqual([{ trash_id: null }]);
    // The deleted person's e-mail went with them, and out of the firm's search row.
    expect(q(`SELECT id, deleted_at, trash_id FROM channels ORDER BY id`)).toEqual([
      { id: 'ch1', deleted_at: 7, trash_id: personTrash }, { id: 'ch2', deleted_at: null, trash_id: null },
    ]);
    expect(q(`SELECT rowid FROM firm_search WHERE firm_search MATCH '"bartosova"*'`)).toEqual([]);
    expect(q(`SELECT rowid FROM firm_search WHERE firm_search MATCH '"777"*'`)).toHaveLength(1);

    // Through the app: listed, and restoring the person brings the e-mail back into search.
    const core = createCore(open);
    const call = async (channel: string, input: unknown) => {
      const { envelope } = await core.dispatch(channel, input);
      if (!envelope.ok) throw new Error(JSON.stringify(envelope.error));
      return envelope.value;
    };
    const page = await call('trash.list', { locale: 'cs' }) as TrashPage;
    expect(page.rows.map((r) => [r.kind, r.name, r.userName])).toEqual([
      ['firm', 'Smazaná s.r.o.', null], ['person', 'Jana Bartošová', null], ['contact', 'Telefonát', null],
      ['task', 'Poslat ceník', null], ['note', 'Poznámka', null],
    ]);
    await call('trash.restore', { id: personTrash });
    expect((await call('firms.list', { q: 'jana.bartosova@stavby.cz' }) as { rows: { id: string }[] }).rows.map((r) => r.id)).toEqual([F1]);
    await closeDatabase(open);
  });

  it('gives the same industry the same id on every laptop', async () => {
    const ids = async () => {
      const open = await openDatabase(await v7Database());
      const rows = open.sqlite.prepare(`SELECT id, code FROM codes WHERE list = 'industry' ORDER BY id`).all();
      await closeDatabase(open);
      return rows;
    };
    expect(await ids()).toEqual(await ids());
  });
});
