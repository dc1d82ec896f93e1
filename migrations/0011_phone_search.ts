// Schema v11: phone numbers found however they are typed (issue 14). Until now the search row
// held a phone as typed plus without spaces and "+", so "576 880 700" and "+420576880700" found
// "+420 576 880 700" but "576880700" did not (the digits-only token was "420576880700"), nor did
// any spelling of "06 1 234 5678" or "8 (495) 123-45-67" typed with its country code.
// Now the phones column also holds each number as digits only, and those digits without their
// first 1, 2 and 3 digits: a country code (7, 36, 420…) or a trunk prefix (0, 06, 8) — and the
// query side (search-query.ts) turns a phone-like query into digits the same way, so each
// spelling meets one of these tokens as a prefix.
// Plain SQL (nested replace, substr), no function of the app's: other tools open this file and
// fire the triggers too. The triggers are 0008's otherwise, and every firm's search row is
// rebuilt so existing numbers become findable.
// Frozen in time against Kysely<any>.
import { sql, type Kysely } from 'kysely';
import { reindex as reindex0001 } from './0001_initial.ts';

const PEOPLE_NAMES = `p.first_name || ' ' || p.last_name`;
const OLD_PHONES = `c.value || ' ' || replace(replace(c.value, ' ', ''), '+', '')`;

/** The characters people write between the digits of a phone number (the no-break space too). */
const SEPARATORS = [' ', '+', '-', '(', ')', '/', '.', '\u00a0'];
const DIGITS = SEPARATORS.reduce((expr, ch) => `replace(${expr}, '${ch}', '')`, 'c.value');
export const NEW_PHONES = `c.value || ' ' || ${DIGITS} || ' ' || substr(${DIGITS}, 2) || ' ' || substr(${DIGITS}, 3) || ' ' || substr(${DIGITS}, 4)`;

/** 0008's search row (0001's with the patronymic), with the phones as above. */
export const reindex = (firmIdExpr: string) => {
  const sqlText = reindex0001(firmIdExpr);
  if (!sqlText.includes(PEOPLE_NAMES) || !sqlText.includes(OLD_PHONES)) throw new Error('0001 indexes differently than 0011 expects');
  return sqlText.replace(PEOPLE_NAMES, `p.first_name || ' ' || p.patronymic || ' ' || p.last_name`).replace(OLD_PHONES, NEW_PHONES);
};

const CHILDREN = ['people', 'addresses', 'channels'];

function searchTriggers(): string[] {
  const out = [
    `CREATE TRIGGER firms_ai AFTER INSERT ON firms BEGIN ${reindex('NEW.id')} END`,
    `CREATE TRIGGER firms_au AFTER UPDATE ON firms BEGIN ${reindex('NEW.id')} END`,
  ];
  for (const child of CHILDREN) {
    out.push(
      `CREATE TRIGGER ${child}_ai AFTER INSERT ON ${child} BEGIN ${reindex('NEW.firm_id')} END`,
      `CREATE TRIGGER ${child}_au AFTER UPDATE ON ${child} BEGIN ${reindex('OLD.firm_id')} ${reindex('NEW.firm_id')} END`,
      `CREATE TRIGGER ${child}_ad AFTER DELETE ON ${child} BEGIN ${reindex('OLD.firm_id')} END`,
    );
  }
  return out;
}

const REBUILT = ['firms_ai', 'firms_au', ...CHILDREN.flatMap((c) => [`${c}_ai`, `${c}_au`, `${c}_ad`])];

export async function up(db: Kysely<any>): Promise<void> {
  for (const name of REBUILT) await sql.raw(`DROP TRIGGER ${name}`).execute(db);
  for (const s of searchTriggers()) await sql.raw(s).execute(db);
  // Every firm's row again: the trigger's INSERT with its firm condition made true for each firm.
  const insertAll = reindex('f.id').split(';')[1]!;
  if (!insertAll.trim().startsWith('INSERT INTO firm_search')) throw new Error('unexpected search row statement');
  await sql.raw(`DELETE FROM firm_search`).execute(db);
  await sql.raw(insertAll).execute(db);
  await sql.raw(`INSERT INTO firm_search(firm_search) VALUES ('optimize')`).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Downgrades are not supported: restore the backup taken before the upgrade.');
}
