// 0004_mailing on a real v3 database with data: everything kept, the mailing tables empty and
// guarded by their constraints (one subject per subscription, one live subscription per topic
// and subject, one live selection per name), and the consent lookups served by their indexes.
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

/** A database exactly as version 3 of the app left it. */
async function v3Database(): Promise<string> {
  const dir = tempDir();
  dirs.push(dir);
  const file = path.join(dir, 'k.sqlite');
  const sqlite = new SQLite(file);
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) });
  const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateTo('0003_selling');
  if (error) throw error;
  sqlite.exec(`
    INSERT INTO users VALUES ('u1', 'Eva', NULL, 1, 1, 1, NULL);
    INSERT INTO firms (id, name, is_customer, owner_id, created_at, updated_at) VALUES ('${F1}', 'Pekárna Novák', 1, 'u1', 1, 1);
    INSERT INTO people (id, firm_id, last_name, is_main, created_at, updated_at) VALUES ('${P1}', '${F1}', 'Novák', 1, 1, 1);
    INSERT INTO addresses (id, firm_id, kind, city, postal_code, created_at, updated_at) VALUES ('a1', '${F1}', 'registered', 'Hořice', '50801', 1, 1);
    INSERT INTO channels (id, firm_id, person_id, kind, value, created_at, updated_at) VALUES ('c1', '${F1}', '${P1}', 'email', 'jan@novak.cz', 1, 1);
    INSERT INTO sales (id, firm_id, source, date, amount, currency, created_at, updated_at) VALUES ('s1', '${F1}', 'manual', '2026-01-15', 1250000, 'CZK', 1, 1);
  `);
  await db.destroy();
  return file;
}

describe('0004_mailing', () => {
  it('keeps a v3 database’s data and adds the mailing tables, guarded by their constraints', async () => {
    const file = await v3Database();
    const open = await openDatabase(file);
    expect(open.backupPath).toBeTruthy();
    const q = (s: string) => open.sqlite.prepare(s).all();
    const run = (s: string) => open.sqlite.prepare(s).run();
    expect(q('SELECT id, name FROM firms')).toEqual([{ id: F1, name: 'Pekárna Novák' }]);
    expect(q('SELECT id, value FROM channels')).toEqual([{ id: 'c1', value: 'jan@novak.cz' }]);
    expect(q('SELECT id, amount FROM sales')).toEqual([{ id: 's1', amount: 1250000 }]);
    for (const table of ['topics', 'subscriptions', 'selections', 'export_log']) expect(q(`SELECT count(*) AS n FROM ${table}`), table).toEqual([{ n: 0 }]);

    run(`INSERT INTO topics (id, name, created_at, updated_at) VALUES ('t1', 'Ceník', 1, 1)`);
    const sub = (id: string, subject: string, extra = '') => `INSERT INTO subscriptions (id, topic_id, person_id, firm_id, subscribed_at, created_at, updated_at${extra ? ', deleted_at' : ''})
      VALUES ('${id}', 't1', ${subject}, 1, 1, 1${extra ? `, ${extra}` : ''})`;
    // A subscription belongs to exactly one subject: a person or a lead.
    expect(() => run(sub('x', `NULL, NULL`))).toThrow(/CHECK/);
    expect(() => run(sub('x', `'${P1}', '${F1}'`))).toThrow(/CHECK/);
    run(sub('s1', `'${P1}', NULL`));
    expect(() => run(sub('s2', `'${P1}', NULL`))).toThrow(/UNIQUE/);
    // A tombstone does not count: the subject may subscribe again.
    run(`UPDATE subscriptions SET deleted_at = 2 WHERE id = 's1'`);
    run(sub('s2', `'${P1}', NULL`));
    run(sub('s3', `NULL, '${F1}'`));
    expect(() => run(sub('s4', `NULL, '${F1}'`))).toThrow(/UNIQUE/);
    // Subscriptions point at real rows.
    expect(() => run(sub('s5', `'nobody', NULL`))).toThrow(/FOREIGN KEY/);

    const selection = (id: string, name: string) => run(`INSERT INTO selections (id, name, recipients, where_json, columns_json, format, created_at, updated_at)
      VALUES ('${id}', '${name}', 'firms', '{"op":"and","items":[]}', '["firmName"]', 'csv', 1, 1)`);
    selection('q1', 'Odběratelé');
    expect(() => selection('q2', 'Odběratelé')).toThrow(/UNIQUE/);
    run(`UPDATE selections SET deleted_at = 2 WHERE id = 'q1'`);
    selection('q2', 'Odběratelé');
    expect(() => run(`INSERT INTO selections (id, name, recipients, where_json, columns_json, format, created_at, updated_at)
      VALUES ('q3', 'x', 'everyone', '{}', '[]', 'csv', 1, 1)`)).toThrow(/CHECK/);

    // The consent lookup of a selection row is one seek in the (subject, topic) index.
    const plan = q(`EXPLAIN QUERY PLAN SELECT unsubscribed_at FROM subscriptions WHERE person_id = '${P1}' AND topic_id = 't1' AND deleted_at IS NULL`)
      .map((r) => (r as { detail: string }).detail).join(' ');
    expect(plan).toContain('subscriptions_person');

    // And the app works on it.
    const core = createCore(open);
    expect((await core.dispatch('topics.list', {})).envelope).toEqual({ ok: true, value: [{ id: 't1', name: 'Ceník', note: '', subscribers: 2 }] });
    await closeDatabase(open);
  });
});
