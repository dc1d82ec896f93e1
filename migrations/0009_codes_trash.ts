// Schema v9: editable code lists and the trash.
//
// Code lists: an entry can be retired (`codes.retired_at`): no longer offered for new records,
// still shown on the old ones and still usable in filters. Industries become a code list
// (`firms.industry_id`) instead of free text: each distinct text becomes an entry, so an office
// renames "stavebnictvi" once instead of on every firm.
//
// The trash: every user deletion (a firm, a person, a contact, a task, a note) is one `trash`
// row — what, who, when — and every row it tombstoned carries that row's id in `trash_id`, so a
// restore brings back exactly what went with it (a firm's people, contacts… but not the person
// deleted on their own the week before). Tombstones from before this version become trash rows
// of unknown authorship, and the e-mails and phones of people deleted before it — which stayed
// live and kept their firm findable by them — are tombstoned with their person.
// Frozen in time against Kysely<any>.
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';

const timestamps = `created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, deleted_at INTEGER`;

/** Tables whose rows a deletion tombstones together (the batch marker `trash_id`). */
const BATCHED = ['firms', 'people', 'addresses', 'channels', 'contacts', 'tasks', 'notes', 'attachments', 'reminders'];

/** Roots of the trash before v9: what a user had deleted (merged records are not trash). */
const ROOTS: [kind: string, table: string, where: string][] = [
  ['firm', 'firms', 'deleted_at IS NOT NULL AND merged_into_id IS NULL'],
  ['person', 'people', 'deleted_at IS NOT NULL AND merged_into_id IS NULL'],
  ['contact', 'contacts', 'deleted_at IS NOT NULL'],
  ['task', 'tasks', 'deleted_at IS NOT NULL'],
  ['note', 'notes', 'deleted_at IS NOT NULL'],
];

/** A UUIDv7 in SQL, its time part the given epoch-ms expression (set-based: no row by row). */
const uuidv7Sql = (ms: string) => `lower(substr(printf('%012x', ${ms}), 1, 8) || '-' || substr(printf('%012x', ${ms}), 9, 4)
  || '-7' || substr(hex(randomblob(2)), 1, 3) || '-8' || substr(hex(randomblob(2)), 1, 3) || '-' || hex(randomblob(6)))`;

/** An industry entry's id from its text: every laptop migrating the same text makes the same
 * entry, so a later sync merges them instead of doubling them (UUID version 8: name-based). */
function industryId(key: string): string {
  const h = createHash('sha256').update(`industry\u0000${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${(8 + (parseInt(h[16]!, 16) & 3)).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Spellings that differ only in case or surrounding spaces are one industry. */
const industryKey = (text: string) => text.trim().normalize('NFC').toLocaleLowerCase();

export async function up(db: Kysely<any>): Promise<void> {
  const now = Date.now();
  const run = (s: string) => sql.raw(s).execute(db);

  await run(`ALTER TABLE codes ADD COLUMN retired_at INTEGER`);

  // ---- industries: free text → a code list -----------------------------------------------
  await run(`ALTER TABLE firms ADD COLUMN industry_id TEXT REFERENCES codes(id)`);
  const texts = (await sql<{ industry: string; n: number }>`SELECT industry, count(*) AS n FROM firms
    WHERE industry IS NOT NULL AND trim(industry) <> '' GROUP BY industry`.execute(db)).rows;
  // One entry per industry, named by its most used spelling; the list in alphabetical order.
  const groups = new Map<string, { label: string; n: number; spellings: string[] }>();
  for (const t of texts) {
    const key = industryKey(t.industry);
    const g = groups.get(key) ?? { label: t.industry.trim(), n: 0, spellings: [] };
    if (t.n > g.n) { g.label = t.industry.trim(); g.n = t.n; }
    g.spellings.push(t.industry);
    groups.set(key, g);
  }
  const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
  const ordered = [...groups.entries()].sort(([, a], [, b]) => collator.compare(a.label, b.label));
  const idOf = new Map<string, string>();
  for (const [sort, [key, g]] of ordered.entries()) {
    const id = industryId(key);
    idOf.set(key, id);
    await db.insertInto('codes').values({
      id, list: 'industry', code: `industry_${id.slice(-12)}`, label: g.label.slice(0, 80), built_in: 0, sort,
      created_at: now, updated_at: now, deleted_at: null, retired_at: null,
    }).execute();
    // updated_at stays: the firm did not change, and a pending merge undo checks it.
    for (const spelling of g.spellings) await db.updateTable('firms').set({ industry_id: id }).where('industry', '=', spelling).execute();
  }
  // Merge undo writes its before-images back column by column: they must name the new column.
  const merges = (await sql<{ id: string; snapshot: string }>`SELECT id, snapshot FROM merges WHERE entity = 'firm'`.execute(db)).rows;
  for (const m of merges) {
    const snap = JSON.parse(m.snapshot) as { before?: { firms?: Record<string, unknown>[] } };
    const firms = snap.before?.firms ?? [];
    if (!firms.some((f) => 'industry' in f)) continue;
    for (const f of firms) {
      const text = f.industry;
      delete f.industry;
      f.industry_id = typeof text === 'string' && text.trim() ? idOf.get(industryKey(text)) ?? null : null;
    }
    await db.updateTable('merges').set({ snapshot: JSON.stringify(snap) }).where('id', '=', m.id).execute();
  }
  await run(`ALTER TABLE firms DROP COLUMN industry`);

  // ---- the trash ---------------------------------------------------------------------------
  await run(`CREATE TABLE trash (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('firm','person','contact','task','note')),
    entity_id TEXT NOT NULL, user_id TEXT REFERENCES users(id), at INTEGER NOT NULL,
    detail TEXT NOT NULL DEFAULT '{}', ${timestamps})`);
  await run(`CREATE INDEX trash_at ON trash(at) WHERE deleted_at IS NULL`);
  await run(`CREATE INDEX trash_entity ON trash(entity_id)`);
  for (const table of BATCHED) {
    await run(`ALTER TABLE ${table} ADD COLUMN trash_id TEXT`);
    await run(`CREATE INDEX ${table}_trash ON ${table}(trash_id) WHERE trash_id IS NOT NULL`);
  }
  for (const [kind, table, where] of ROOTS) {
    await run(`INSERT INTO trash (id, kind, entity_id, user_id, at, detail, created_at, updated_at, deleted_at)
      SELECT ${uuidv7Sql('deleted_at')}, '${kind}', id, NULL, deleted_at, '{}', ${now}, ${now}, NULL FROM ${table} WHERE ${where}`);
    await run(`UPDATE ${table} SET trash_id = (SELECT t.id FROM trash t WHERE t.entity_id = ${table}.id AND t.kind = '${kind}')
      WHERE ${where}`);
  }
  // A deleted person's e-mails and phones go with them (and out of the firm's search row,
  // through the channels triggers).
  await run(`UPDATE channels SET
      deleted_at = (SELECT p.deleted_at FROM people p WHERE p.id = channels.person_id),
      trash_id = (SELECT p.trash_id FROM people p WHERE p.id = channels.person_id), updated_at = ${now}
    WHERE deleted_at IS NULL AND person_id IN (SELECT id FROM people WHERE trash_id IS NOT NULL)`);
}

export async function down(): Promise<void> {
  throw new Error('Downgrades are not supported: restore the backup taken before the upgrade.');
}
