// 0005_salutations on a real v4 database with data: every person kept, the new salutation and
// addressee columns empty ('' = use the rule's suggestion), and the app reads and writes them.
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
const P1 = '01900000-0000-7000-8000-0000000000a1';
const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true }); });

/** A database exactly as version 4 of the app left it. */
async function v4Database(): Promise<string> {
  const dir = tempDir();
  dirs.push(dir);
  const file = path.join(dir, 'k.sqlite');
  const sqlite = new SQLite(file);
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) });
  const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateTo('0004_mailing');
  if (error) throw error;
  sqlite.exec(`
    INSERT INTO users VALUES ('u1', 'Eva', NULL, 1, 1, 1, NULL);
    INSERT INTO firms (id, name, is_customer, owner_id, created_at, updated_at) VALUES ('${F1}', 'Pekárna Novák', 1, 'u1', 1, 1);
    INSERT INTO people (id, firm_id, title_before, first_name, last_name, gender, is_main, created_at, updated_at)
      VALUES ('${P1}', '${F1}', 'Ing.', 'Jan', 'Novák', 'male', 1, 1, 1);
  `);
  await db.destroy();
  return file;
}

describe('0005_salutations', () => {
  it('keeps a v4 database’s people and adds empty salutation and addressee columns the app uses', async () => {
    const file = await v4Database();
    const open = await openDatabase(file);
    expect(open.backupPath).toBeTruthy();
    const q = (s: string) => open.sqlite.prepare(s).all();
    expect(q('SELECT id, first_name, last_name, salutation, addressee FROM people'))
      .toEqual([{ id: P1, first_name: 'Jan', last_name: 'Novák', salutation: '', addressee: '' }]);
    // NOT NULL: "no stored value" is '' and never NULL.
    expect(() => open.sqlite.prepare(`UPDATE people SET salutation = NULL`).run()).toThrow(/NOT NULL/);

    const core = createCore(open);
    const card = async () => {
      const r = (await core.dispatch('firms.get', { id: F1 })).envelope;
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      return (r.value as { people: { salutation: string; addressee: string }[] }).people[0]!;
    };
    expect(await card()).toMatchObject({ salutation: '', addressee: '' });
    const upd = await core.dispatch('people.update', {
      id: P1, firmId: F1, titleBefore: 'Ing.', firstName: 'Jan', lastName: 'Novák', gender: 'male',
      salutation: '  Milý Honzo ', addressee: 'Ing. Jan Novák, jednatel',
    });
    expect(upd.envelope.ok).toBe(true);
    expect(await card()).toMatchObject({ salutation: 'Milý Honzo', addressee: 'Ing. Jan Novák, jednatel' });
    await closeDatabase(open);
  });
});
