// Schema v1. Frozen in time: written against Kysely<any> so later changes to the app's
// Database interface can never change what this migration does.
import { sql, type Kysely } from 'kysely';

const timestamps = `created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, deleted_at INTEGER`;

// The search index keeps one row per firm: its own identity plus its people, channels and
// cities, so typing a person's name or a phone number leads to the firm. SQLite triggers keep it
// in step with every write, whoever writes (handlers, demo data, a future sync).
export const reindex = (firmIdExpr: string) => `
  DELETE FROM firm_search WHERE rowid = (SELECT rid FROM firms WHERE id = ${firmIdExpr});
  INSERT INTO firm_search(rowid, name, ids, people, emails, phones, places)
  SELECT f.rid, f.name, coalesce(f.ico, '') || ' ' || coalesce(f.dic, ''),
    (SELECT group_concat(p.first_name || ' ' || p.last_name, ' ') FROM people p
      WHERE p.firm_id = f.id AND p.deleted_at IS NULL),
    (SELECT group_concat(c.value, ' ') FROM channels c
      WHERE c.firm_id = f.id AND c.kind <> 'phone' AND c.deleted_at IS NULL),
    (SELECT group_concat(c.value || ' ' || replace(replace(c.value, ' ', ''), '+', ''), ' ') FROM channels c
      WHERE c.firm_id = f.id AND c.kind = 'phone' AND c.deleted_at IS NULL),
    (SELECT group_concat(a.city || ' ' || a.postal_code, ' ') FROM addresses a
      WHERE a.firm_id = f.id AND a.deleted_at IS NULL)
  FROM firms f WHERE f.id = ${firmIdExpr} AND f.deleted_at IS NULL;`;

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `CREATE TABLE users (
      id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL, email TEXT,
      is_local INTEGER NOT NULL DEFAULT 0, ${timestamps})`,
    `CREATE TABLE codes (
      id TEXT PRIMARY KEY NOT NULL, list TEXT NOT NULL, code TEXT NOT NULL, label TEXT,
      built_in INTEGER NOT NULL DEFAULT 0, sort INTEGER NOT NULL DEFAULT 0, ${timestamps},
      UNIQUE (list, code))`,
    // rid: a local integer key only for the FTS index (VACUUM may renumber implicit rowids).
    `CREATE TABLE firms (
      rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
      is_customer INTEGER NOT NULL DEFAULT 0, is_prospect INTEGER NOT NULL DEFAULT 0,
      is_supplier INTEGER NOT NULL DEFAULT 0,
      ico TEXT, dic TEXT, website TEXT, industry TEXT,
      source_id TEXT REFERENCES codes(id), owner_id TEXT REFERENCES users(id), ${timestamps})`,
    `CREATE INDEX firms_updated ON firms(updated_at)`,
    `CREATE INDEX firms_ico ON firms(ico)`,
    `CREATE TABLE people (
      id TEXT PRIMARY KEY NOT NULL, firm_id TEXT NOT NULL REFERENCES firms(id),
      title_before TEXT NOT NULL DEFAULT '', first_name TEXT NOT NULL DEFAULT '',
      last_name TEXT NOT NULL, title_after TEXT NOT NULL DEFAULT '',
      gender TEXT NOT NULL DEFAULT 'unspecified', job_title TEXT NOT NULL DEFAULT '',
      role_id TEXT REFERENCES codes(id), note TEXT NOT NULL DEFAULT '',
      is_main INTEGER NOT NULL DEFAULT 0, ${timestamps})`,
    `CREATE INDEX people_firm ON people(firm_id)`,
    `CREATE TABLE addresses (
      id TEXT PRIMARY KEY NOT NULL, firm_id TEXT NOT NULL REFERENCES firms(id),
      kind TEXT NOT NULL, street TEXT NOT NULL DEFAULT '', number TEXT NOT NULL DEFAULT '',
      city TEXT NOT NULL DEFAULT '', postal_code TEXT NOT NULL DEFAULT '',
      country TEXT NOT NULL DEFAULT 'CZ', sort INTEGER NOT NULL DEFAULT 0, ${timestamps})`,
    `CREATE INDEX addresses_firm ON addresses(firm_id)`,
    // A channel belongs to a firm, or to a person at that firm (firm_id is always set).
    `CREATE TABLE channels (
      id TEXT PRIMARY KEY NOT NULL, firm_id TEXT NOT NULL REFERENCES firms(id),
      person_id TEXT REFERENCES people(id), kind TEXT NOT NULL, value TEXT NOT NULL,
      label TEXT NOT NULL DEFAULT '', sort INTEGER NOT NULL DEFAULT 0, ${timestamps})`,
    `CREATE INDEX channels_firm ON channels(firm_id)`,
    `CREATE INDEX channels_person ON channels(person_id)`,
    `CREATE TABLE contacts (
      id TEXT PRIMARY KEY NOT NULL, firm_id TEXT NOT NULL REFERENCES firms(id),
      person_id TEXT REFERENCES people(id), status TEXT NOT NULL CHECK (status IN ('done','planned')),
      at INTEGER NOT NULL, kind_id TEXT NOT NULL REFERENCES codes(id),
      referent_id TEXT NOT NULL REFERENCES users(id), result_id TEXT REFERENCES codes(id),
      summary TEXT NOT NULL CHECK (length(summary) <= 250), note TEXT NOT NULL DEFAULT '',
      follows_id TEXT REFERENCES contacts(id), ${timestamps})`,
    `CREATE INDEX contacts_firm_at ON contacts(firm_id, at)`,
    `CREATE INDEX contacts_person ON contacts(person_id)`,
    `CREATE INDEX contacts_planned ON contacts(status, at) WHERE deleted_at IS NULL`,
    `CREATE VIRTUAL TABLE firm_search USING fts5(
      name, ids, people, emails, phones, places,
      tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3')`,
    `CREATE TRIGGER firms_ai AFTER INSERT ON firms BEGIN ${reindex('NEW.id')} END`,
    `CREATE TRIGGER firms_au AFTER UPDATE ON firms BEGIN ${reindex('NEW.id')} END`,
    `CREATE TRIGGER firms_ad AFTER DELETE ON firms BEGIN DELETE FROM firm_search WHERE rowid = OLD.rid; END`,
  ];
  for (const child of ['people', 'addresses', 'channels']) {
    statements.push(
      `CREATE TRIGGER ${child}_ai AFTER INSERT ON ${child} BEGIN ${reindex('NEW.firm_id')} END`,
      `CREATE TRIGGER ${child}_au AFTER UPDATE ON ${child} BEGIN ${reindex('OLD.firm_id')} ${reindex('NEW.firm_id')} END`,
      `CREATE TRIGGER ${child}_ad AFTER DELETE ON ${child} BEGIN ${reindex('OLD.firm_id')} END`,
    );
  }
  for (const s of statements) await sql.raw(s).execute(db);

  // Built-in code list entries get fixed ids, the same on every laptop, so that a later sync
  // merges them instead of duplicating them. Their labels come from the UI's translations.
  const now = Date.now();
  const rows: Record<string, unknown>[] = [];
  let n = 0;
  for (const [list, codes] of Object.entries(BUILT_IN_CODES)) {
    codes.forEach((code, sort) => {
      n += 1;
      const id = `00000000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;
      rows.push({ id, list, code, label: null, built_in: 1, sort, created_at: now, updated_at: now });
    });
  }
  await db.insertInto('codes').values(rows).execute();
}

const BUILT_IN_CODES: Record<string, string[]> = {
  contact_kind: ['call', 'meeting', 'letter', 'email', 'event', 'task'],
  contact_result: ['follow_up', 'contract_signed', 'not_interested', 'no_answer', 'offer_sent', 'info_given'],
  person_role: ['decision_maker', 'influencer', 'user', 'gatekeeper', 'other'],
  firm_source: ['referral', 'web', 'fair', 'cold_call', 'campaign', 'other'],
};

export async function down(): Promise<void> {
  throw new Error('Schema v1 is the first; there is nothing to go down to.');
}
