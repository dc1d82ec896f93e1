// 0008_other_countries on a real v7 database with data: firms get the country of their
// registered address, a patronymic typed into a Cyrillic first name moves to its own column, the
// search triggers are 0001's plus the patronymic — and searching the patronymic finds the firm.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, closeDatabase } from '../main/core/db/open.ts';
import { createCore } from '../main/core/dispatcher.ts';
import { tempDir } from '../main/core/test-helpers.ts';
import { databaseAt } from './old-database.ts';
import { splitLegacyPatronymic } from './0008_other_countries.ts';
import { NEW_PHONES } from './0011_phone_search.ts';

const F = (n: number) => `01900000-0000-7000-8000-0000000000f${n}`;
const CZ_FIRM = 'f1';
const P = (n: number) => `01900000-0000-7000-8000-0000000000a${n}`;
const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true }); });

// The search triggers (0012's first-page ones are not about search).
const triggers = (sqlite: SQLite.Database) => Object.fromEntries((sqlite.prepare(`SELECT name, sql FROM sqlite_master
  WHERE type = 'trigger' AND substr(name, 1, 11) <> 'first_page_' AND substr(name, 1, 5) <> 'sync_' ORDER BY name`).all() as { name: string; sql: string }[]).map((r) => [r.name, r.sql]));
const searchRows = (sqlite: SQLite.Database) => sqlite.prepare('SELECT rowid, name, ids, people, emails, phones, places FROM firm_search ORDER BY rowid').all();

/** A database exactly as version 7 of the app left it (with its firm 'f1', "Pekárna Novák"),
 * plus Hungarian and Russian firms and people. */
async function v7Database(): Promise<{ file: string; triggers: Record<string, string>; search: unknown[] }> {
  const dir = tempDir();
  dirs.push(dir);
  const file = path.join(dir, 'k.sqlite');
  await databaseAt(file, '0007_covering_indexes', 0);
  const sqlite = new SQLite(file);
  sqlite.exec(`
    INSERT INTO firms (id, name, is_customer, owner_id, created_at, updated_at) VALUES
      ('${F(2)}', 'Kővágó Kft.', 1, 'u1', 1, 1), ('${F(3)}', 'ООО «Ромашка»', 1, 'u1', 1, 1), ('${F(4)}', 'Bez adresy', 1, 'u1', 1, 1);
    INSERT INTO addresses (id, firm_id, kind, city, country, sort, created_at, updated_at) VALUES
      ('a1', 'f1', 'registered', 'Hořice', 'CZ', 0, 1, 1),
      ('a2', '${F(2)}', 'delivery', 'Wien', 'AT', 0, 1, 1),
      ('a3', '${F(2)}', 'registered', 'Budapest', 'HU', 1, 1, 1),
      ('a4', '${F(3)}', 'postal', 'Москва', 'RU', 0, 1, 1);
    INSERT INTO people (id, firm_id, first_name, last_name, gender, is_main, created_at, updated_at) VALUES
      ('${P(1)}', '${F(3)}', 'Алексей Петрович', 'Лебедев', 'male', 1, 1, 7),
      ('${P(2)}', '${F(3)}', 'Анна Мария', 'Смирнова', 'female', 0, 1, 7),
      ('${P(3)}', 'f1', 'Jan Petrovič', 'Novák', 'male', 1, 1, 7);
  `);
  const before = { triggers: triggers(sqlite), search: searchRows(sqlite) };
  sqlite.close();
  return { file, ...before };
}

describe('0008_other_countries', () => {
  it('gives firms their registered address’s country and moves typed-in patronymics to their own column', async () => {
    const { file, search } = await v7Database();
    const open = await openDatabase(file);
    expect(open.backupPath).toBeTruthy();
    const q = (s: string) => open.sqlite.prepare(s).all();
    expect(q('SELECT id, country, vat_id FROM firms ORDER BY id')).toEqual([
      { id: F(2), country: 'HU', vat_id: null }, // the registered address, not the first one
      { id: F(3), country: 'RU', vat_id: null }, // no registered address: the first one
      { id: F(4), country: 'CZ', vat_id: null }, // none at all: what the app assumed so far
      { id: CZ_FIRM, country: 'CZ', vat_id: null },
    ]);
    expect(q('SELECT id, first_name, patronymic, updated_at FROM people ORDER BY id')).toEqual([
      { id: P(1), first_name: 'Алексей', patronymic: 'Петрович', updated_at: 7 },
      { id: P(2), first_name: 'Анна Мария', patronymic: '', updated_at: 7 }, // a double first name stays
      { id: P(3), first_name: 'Jan Petrovič', patronymic: '', updated_at: 7 }, // Latin script: not touched
    ]);
    expect(q(`SELECT name, variants FROM letter_templates ORDER BY name`)).toEqual([
      { name: 'Dopis (česky)', variants: '[]' }, { name: 'Letter (English)', variants: '[]' },
    ]);
    // The search rows read the same (0008 needed no rebuild; 0011 rebuilds them with its
    // triggers, which put an empty patronymic between the names), and the index is sound.
    const words = (rows: unknown[]) => (rows as { people: string | null }[]).map((r) => ({ ...r, people: r.people?.replace(/ +/g, ' ') }));
    expect(words(searchRows(open.sqlite))).toEqual(words(search));
    open.sqlite.prepare(`INSERT INTO firm_search(firm_search, rank) VALUES ('integrity-check', 1)`).run();
    await closeDatabase(open);
  });

  it('rebuilds the search triggers exactly as 0001 made them, the patronymic aside, and they index it', async () => {
    const { file, triggers: before } = await v7Database();
    const open = await openDatabase(file);
    const after = triggers(open.sqlite);
    expect(Object.keys(after)).toEqual(Object.keys(before));
    for (const [name, sqlText] of Object.entries(after)) {
      // (0011 changed the phones since: undone too.)
      const undone = sqlText.replaceAll(`p.first_name || ' ' || p.patronymic || ' ' || p.last_name`, `p.first_name || ' ' || p.last_name`)
        .replaceAll(NEW_PHONES, `c.value || ' ' || replace(replace(c.value, ' ', ''), '+', '')`);
      expect(undone, name).toBe(before[name]);
      if (name !== 'firms_ad') expect(sqlText, name).toContain('p.patronymic');
    }

    // A patronymic saved through the app is found by the firm list's search and by `find`.
    const core = createCore(open);
    const call = async (channel: string, input: unknown) => {
      const r = (await core.dispatch(channel as never, input)).envelope;
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      return r.value as any;
    };
    await call('people.create', { firmId: F(2), firstName: 'Olga', patronymic: 'Ивановна', lastName: 'Петрова', gender: 'female' });
    const names = async (q: string) => (await call('firms.list', { q, locale: 'cs' })).rows.map((r: { name: string }) => r.name);
    expect(await names('Ивановна')).toEqual(['Kővágó Kft.']);
    expect(await names('ивановн')).toEqual(['Kővágó Kft.']);
    expect(await names('Петрович')).toEqual(['ООО «Ромашка»']);
    await closeDatabase(open);
  });

  it('splits only a Cyrillic first name that ends in a patronymic', () => {
    expect(splitLegacyPatronymic('Иван Ильич')).toEqual(['Иван', 'Ильич']);
    expect(splitLegacyPatronymic('Анна  Сергеевна')).toEqual(['Анна', 'Сергеевна']);
    expect(splitLegacyPatronymic('Ольга')).toBeNull();
    expect(splitLegacyPatronymic('Анна Мария')).toBeNull();
    expect(splitLegacyPatronymic('Ivan Petrovič')).toBeNull();
  });
});
