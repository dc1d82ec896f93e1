// Schema v8: people and firms of other countries (issue 14).
//  - people.patronymic: the Russian отчество as a field of its own ("Алексей Петрович" was typed
//    into the first name until now). People whose Cyrillic first name ends in a patronymic have
//    it moved over, so old and new records read alike.
//  - firms.country: the country whose company ids the firm has (shared/company-ids.ts: which ids,
//    their names and check digits). Explicit rather than read off an address each time: the ids
//    belong to where the firm is registered, and a form must know the scheme before any address
//    is typed; an address abroad (a branch, a warehouse) never changes them. Filled here from the
//    registered address, else the first one, else CZ — what the app assumed until now.
//  - firms.vat_id: a third id where a country has one apart (the Slovak IČ DPH).
//  - letter_templates.variants: the template's text in further languages (JSON
//    [{language, subject, body, closing}]), so serial letters write to each recipient in theirs.
//  - the search triggers again, with the patronymic among the people's names (searching
//    "Петрович" finds the firm) and otherwise exactly as 0001 made them.
// The search triggers are lifted while rows are rewritten: neither change alters a firm's
// search row (the same words in the same order), so the index needs no rebuild.
// Frozen in time against Kysely<any>.
import { sql, type Kysely } from 'kysely';
import { reindex as reindex0001 } from './0001_initial.ts';

// 0001's reindex, word for word, with the patronymic between the first and the last name (0001
// is frozen too, so this stays what it is).
const PEOPLE_NAMES = `p.first_name || ' ' || p.last_name`;
const reindex = (firmIdExpr: string) => {
  const sqlText = reindex0001(firmIdExpr);
  if (!sqlText.includes(PEOPLE_NAMES)) throw new Error('0001 indexes people differently than 0008 expects');
  return sqlText.replace(PEOPLE_NAMES, `p.first_name || ' ' || p.patronymic || ' ' || p.last_name`);
};

function searchTriggers(): string[] {
  const out = [
    `CREATE TRIGGER firms_ai AFTER INSERT ON firms BEGIN ${reindex('NEW.id')} END`,
    `CREATE TRIGGER firms_au AFTER UPDATE ON firms BEGIN ${reindex('NEW.id')} END`,
  ];
  for (const child of ['people', 'addresses', 'channels']) {
    out.push(
      `CREATE TRIGGER ${child}_ai AFTER INSERT ON ${child} BEGIN ${reindex('NEW.firm_id')} END`,
      `CREATE TRIGGER ${child}_au AFTER UPDATE ON ${child} BEGIN ${reindex('OLD.firm_id')} ${reindex('NEW.firm_id')} END`,
      `CREATE TRIGGER ${child}_ad AFTER DELETE ON ${child} BEGIN ${reindex('OLD.firm_id')} END`,
    );
  }
  return out;
}

const REBUILT = ['firms_ai', 'firms_au', ...['people', 'addresses', 'channels'].flatMap((c) => [`${c}_ai`, `${c}_au`, `${c}_ad`])];

// The endings of Russian patronymics (-ович/-евич/-ич, -овна/-евна/-ична/-инична).
const PATRONYMIC = /(ович|евич|ьич|ич|овна|евна|ична|инична)$/iu;
const CYRILLIC_NAME = /^[\p{Script=Cyrillic}\s'’.-]+$/u;

/** "Алексей Петрович" → ["Алексей", "Петрович"]; null when the first name holds no patronymic. */
export function splitLegacyPatronymic(firstName: string): [string, string] | null {
  const words = firstName.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean);
  if (words.length < 2 || !CYRILLIC_NAME.test(firstName)) return null;
  const last = words[words.length - 1]!;
  return PATRONYMIC.test(last) ? [words.slice(0, -1).join(' '), last] : null;
}

export async function up(db: Kysely<any>): Promise<void> {
  for (const name of REBUILT) await sql.raw(`DROP TRIGGER ${name}`).execute(db);

  await sql.raw(`ALTER TABLE people ADD COLUMN patronymic TEXT NOT NULL DEFAULT ''`).execute(db);
  // updated_at stays: every laptop makes the same move on its own copy, so there is nothing for
  // a sync to carry.
  const named = await sql<{ id: string; first_name: string }>`SELECT id, first_name FROM people WHERE first_name LIKE '% %'`.execute(db);
  for (const p of named.rows) {
    const split = splitLegacyPatronymic(p.first_name);
    if (split) await sql`UPDATE people SET first_name = ${split[0]}, patronymic = ${split[1]} WHERE id = ${p.id}`.execute(db);
  }

  await sql.raw(`ALTER TABLE firms ADD COLUMN country TEXT NOT NULL DEFAULT 'CZ'`).execute(db);
  await sql.raw(`ALTER TABLE firms ADD COLUMN vat_id TEXT`).execute(db);
  await sql.raw(`UPDATE firms SET country = coalesce((SELECT upper(a.country) FROM addresses a
    WHERE a.firm_id = firms.id AND a.deleted_at IS NULL AND length(a.country) = 2
    ORDER BY a.kind <> 'registered', a.sort, a.rowid LIMIT 1), 'CZ')`).execute(db);

  await sql.raw(`ALTER TABLE letter_templates ADD COLUMN variants TEXT NOT NULL DEFAULT '[]'`).execute(db);

  for (const s of searchTriggers()) await sql.raw(s).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Downgrades are not supported: restore the backup taken before the upgrade.');
}
