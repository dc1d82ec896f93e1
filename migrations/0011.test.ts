// 0011_phone_search on a real v10 database with phone numbers in it: the search triggers are
// 0008's with the phones' digits added, every firm's search row is rebuilt, and numbers saved
// before the upgrade are found however they are typed — as are numbers saved after it.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, closeDatabase } from '../main/core/db/open.ts';
import { createCore } from '../main/core/dispatcher.ts';
import { tempDir } from '../main/core/test-helpers.ts';
import { databaseAt } from './old-database.ts';
import { NEW_PHONES } from './0011_phone_search.ts';

const F = (n: number) => `01900000-0000-7000-8000-0000000000f${n}`;
const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true }); });

// The search triggers (0012's first-page ones are not about search).
const triggers = (sqlite: SQLite.Database) => Object.fromEntries((sqlite.prepare(`SELECT name, sql FROM sqlite_master
  WHERE type = 'trigger' AND substr(name, 1, 11) <> 'first_page_' AND substr(name, 1, 5) <> 'sync_' ORDER BY name`).all() as { name: string; sql: string }[]).map((r) => [r.name, r.sql]));

/** A database as version 10 left it: 'f1' "Pekárna Novák" with a Czech number, a Hungarian firm
 * with a number in its trunk form, a Russian one, and a deleted firm with a number. */
async function v10Database(): Promise<{ file: string; triggers: Record<string, string> }> {
  const dir = tempDir();
  dirs.push(dir);
  const file = path.join(dir, 'k.sqlite');
  await databaseAt(file, '0010_user_profile', 0);
  const sqlite = new SQLite(file);
  sqlite.exec(`
    INSERT INTO firms (id, name, is_customer, owner_id, created_at, updated_at, deleted_at) VALUES
      ('${F(2)}', 'Kővágó Kft.', 1, 'u1', 1, 1, NULL), ('${F(3)}', 'ООО «Ромашка»', 1, 'u1', 1, 1, NULL),
      ('${F(4)}', 'Smazaná s.r.o.', 1, 'u1', 1, 1, 5);
    INSERT INTO channels (id, firm_id, kind, value, created_at, updated_at) VALUES
      ('c1', 'f1', 'phone', '+420 576 880 700', 1, 1),
      ('c2', 'f1', 'email', 'info@novak.cz', 1, 1),
      ('c3', '${F(2)}', 'phone', '06 1 234 5678', 1, 1),
      ('c4', '${F(3)}', 'phone', '8 (495) 123-45-67', 1, 1),
      ('c5', '${F(4)}', 'phone', '576 111 222', 1, 1);
  `);
  const before = triggers(sqlite);
  sqlite.close();
  return { file, triggers: before };
}

async function opened(file: string) {
  const open = await openDatabase(file);
  const core = createCore(open);
  const call = async (channel: string, input: unknown) => {
    const r = (await core.dispatch(channel as never, input)).envelope;
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.value as any;
  };
  const names = async (q: string) => (await call('firms.list', { q, locale: 'cs' })).rows.map((r: { name: string }) => r.name);
  return { open, call, names };
}

describe('0011_phone_search', () => {
  it('makes the phone numbers of an existing database findable in any spelling', async () => {
    const { file } = await v10Database();
    const { open, names } = await opened(file);
    expect(open.backupPath).toBeTruthy();
    for (const q of ['576880700', '576 880 700', '+420576880700', '+420 576-880-700', '00420 576 880 700', '(576) 880 700']) {
      expect(await names(q), q).toEqual(['Pekárna Novák']);
    }
    for (const q of ['06 1 234 5678', '0612345678', '1 234 5678', '+36 1 234 5678', '0036 1 234 5678']) {
      expect(await names(q), q).toEqual(['Kővágó Kft.']);
    }
    for (const q of ['8 (495) 123-45-67', '84951234567', '495 123 45 67', '+7 495 123-45-67']) {
      expect(await names(q), q).toEqual(['ООО «Ромашка»']);
    }
    // Other columns read as before; a deleted firm stays out of the index.
    expect(await names('info@novak')).toEqual(['Pekárna Novák']);
    expect(await names('576 111 222')).toEqual([]);
    expect(open.sqlite.prepare(`SELECT count(*) AS n FROM firm_search`).get()).toEqual({ n: 3 });
    open.sqlite.prepare(`INSERT INTO firm_search(firm_search, rank) VALUES ('integrity-check', 1)`).run();
    await closeDatabase(open);
  });

  it('rebuilds the search triggers as 0008 made them but for the phones, and they index new numbers', async () => {
    const { file, triggers: before } = await v10Database();
    const { open, call, names } = await opened(file);
    const after = triggers(open.sqlite);
    expect(Object.keys(after)).toEqual(Object.keys(before));
    for (const [name, sqlText] of Object.entries(after)) {
      if (name === 'firms_ad') { expect(sqlText).toBe(before[name]); continue; }
      expect(sqlText, name).toContain(NEW_PHONES);
      // Without the phones' new expression, the trigger is what it was.
      const undone = sqlText.replaceAll(NEW_PHONES, `c.value || ' ' || replace(replace(c.value, ' ', ''), '+', '')`);
      expect(undone, name).toBe(before[name]);
    }
    const { id } = await call('firms.create', {
      name: 'Nová s.r.o.', kinds: ['customer'], channels: [{ kind: 'phone', value: '+420 602 11 22 33' }],
    });
    expect(id).toBeTruthy();
    expect(await names('602112233')).toEqual(['Nová s.r.o.']);
    expect(await names('+420602112233')).toEqual(['Nová s.r.o.']);
    await closeDatabase(open);
  });
});
