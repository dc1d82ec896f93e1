// The right to erasure: a person's (or a firm's, with its people) personal data replaced by a
// placeholder everywhere the database keeps it — the record itself, its e-mails and phones, user
// field values, the search row, the before-images merges keep, the firm's key-field history —
// while the records that name them by id (contacts, tasks, notes, sales) stay, so the firm's
// history still reads: "Call with [erased person]". The erased record is tombstoned (it leaves
// the card, lists, search and every selection — saved selections name no one by id, they select
// live records) but never put in the trash: there is nothing to restore.
//
// Not touched, on purpose: what colleagues wrote. Notes, contacts and tasks whose text names
// them are listed for the user to edit (report.ts findMentions); consent records (subscriptions)
// stay as proof of consent until erased explicitly (`consents`). What stays is an `erasures` row:
// who erased what kind of record when — without the data.
//
// Deleted bytes: SQLite keeps them — in free blocks inside pages, in free pages, in the WAL.
// The erasure runs with `secure_delete` on (what it frees is overwritten with zeros), merges the
// search index's segments (FTS5 keeps a deleted row's words in older segments until they are
// merged), and after the commit VACUUMs — the only way to drop copies left in free space by
// earlier edits (a renamed person's old name) — and truncates the WAL. VACUUM rewrites the whole
// file: seconds on a large one, for a request that comes rarely and must be complete. Texts that
// name the person are best edited before the erasure (the report and the confirmation list
// them); an edit made afterwards leaves the old wording in free space until the next erasure.
// (Copies outside the file — backups — are the office's to manage: README.)
import { sql, type Kysely } from 'kysely';
import type { Ctx } from '../context.ts';
import { stamps } from '../context.ts';
import type { Locale } from '../../../shared/types.ts';
import type { ErasureResult, SubjectMention } from '../../../shared/privacy.ts';
import { uuidv7 } from '../util/ids.ts';
import { findMentions, mentionTerms, mergesHolding, withMerged, type Subject } from './report.ts';
import { PRIVACY_TEXTS } from './render.ts';
import { fold } from '../duplicates/normalize.ts';
import { supersedePending } from '../sync/supersede.ts';

const CHUNK = 400;
const anyDb = (ctx: Ctx) => ctx.db as unknown as Kysely<any>;

function chunks<T>(list: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let k = 0; k < list.length; k += CHUNK) out.push(list.slice(k, k + CHUNK));
  return out;
}

/** What an erased record is called from now on, in the language of whoever erased it. */
export function placeholders(locale: Locale): { person: string; firm: string } {
  const t = PRIVACY_TEXTS[locale];
  return { person: t.erased_person, firm: t.erased_firm };
}

/** The columns of a person that hold personal data, and what they become. */
function blankPerson(name: string) {
  return {
    title_before: '', first_name: '', last_name: name, patronymic: '', title_after: '', gender: 'unspecified', job_title: '',
    role_id: null, note: '', salutation: '', addressee: '', reports_to_id: null, is_main: 0,
  } as const;
}
function blankFirm(name: string) {
  return { name, ico: null, dic: null, vat_id: null, website: null } as const;
}
const BLANK_ADDRESS = { street: '', number: '', city: '', postal_code: '' } as const;

export async function eraseSubject(ctx: Ctx, subject: Subject, o: { locale: Locale; consents: boolean }): Promise<ErasureResult> {
  const now = ctx.now();
  // Freed cells and pages are zeroed from here to the commit (and reset after it).
  await sql`PRAGMA secure_delete = ON`.execute(ctx.db);
  const names = placeholders(o.locale);
  const isFirm = subject.kind === 'firm';
  const firmIds = isFirm ? await withMerged(ctx, 'firms', [subject.firmId]) : [];
  const pids = subject.personIds;

  // What their texts would be found by — read before the data goes, listed for the user after.
  const people = (await Promise.all(chunks(pids).map((part) => ctx.db.selectFrom('people')
    .select(['id', 'firm_id', 'first_name', 'last_name', 'patronymic', 'title_before', 'title_after']).where('id', 'in', part).execute()))).flat();
  const chans = (await Promise.all(chunks(pids).map((part) => ctx.db.selectFrom('channels').select(['person_id', 'kind', 'value'])
    .where('person_id', 'in', part).execute()))).flat();
  const terms = people.map((p) => mentionTerms(p, chans.filter((c) => c.person_id === p.id)));
  const firms = firmIds.length ? (await Promise.all(chunks(firmIds).map((part) => ctx.db.selectFrom('firms')
    .select(['id', 'name', 'ico', 'dic', 'vat_id', 'website']).where('id', 'in', part).execute()))).flat() : [];
  const firmChannels = firmIds.length ? (await Promise.all(chunks(firmIds).map((part) => ctx.db.selectFrom('channels').select(['kind', 'value'])
    .where('firm_id', 'in', part).where('person_id', 'is', null).execute()))).flat() : [];
  for (const f of firms) if (f.name.trim().length >= 3) terms.push({ words: [fold(f.name.trim())], digits: [] });
  if (firmChannels.length) terms.push(mentionTerms({ first_name: '', last_name: '', patronymic: '' }, firmChannels));

  // How they are spelled where the app copies text verbatim (the history, merge records, the
  // export log's names): their names, and — in the history and merges only — their e-mails and
  // phones. Nothing short: "123" would be replaced inside someone else's address.
  const named = new Set<string>();
  for (const p of people) {
    const full = [p.title_before, p.first_name, p.patronymic, p.last_name].filter(Boolean).join(' ');
    for (const s of [full, [p.first_name, p.last_name].filter(Boolean).join(' '), [p.last_name, p.first_name].filter(Boolean).join(' ')]) {
      if (s.trim().length >= 3) named.add(s.trim());
    }
  }
  for (const f of firms) if (f.name.trim().length >= 3) named.add(f.name.trim());
  const spelled = new Set(named);
  for (const c of [...chans, ...firmChannels]) if (c.value.trim().length >= 6) spelled.add(c.value.trim());
  for (const f of firms) { for (const s of [f.ico, f.dic, f.vat_id, f.website]) if (s && s.trim().length >= 6) spelled.add(s.trim()); }
  const theirFirms = [...new Set([...people.map((p) => p.firm_id), ...firmIds])];

  // ---- the people ----
  for (const part of chunks(pids)) {
    await anyDb(ctx).updateTable('people').set({ ...blankPerson(names.person), updated_at: now, trash_id: null })
      .where('id', 'in', part).execute();
    // Tombstoned (those already deleted or merged keep their own stamp): gone from the card and lists.
    await ctx.db.updateTable('people').set({ deleted_at: now }).where('id', 'in', part).where('deleted_at', 'is', null).execute();
    await ctx.db.updateTable('people').set({ reports_to_id: null, updated_at: now }).where('reports_to_id', 'in', part).execute();
    await ctx.db.deleteFrom('channels').where('person_id', 'in', part).execute();
    await ctx.db.deleteFrom('field_values').where('entity_id', 'in', part).execute();
    await ctx.db.deleteFrom('duplicate_dismissals').where((eb) => eb.or([eb('a_id', 'in', part), eb('b_id', 'in', part)])).execute();
    if (o.consents) await ctx.db.deleteFrom('subscriptions').where('person_id', 'in', part).execute();
    // Nothing of theirs can come back from the trash.
    await ctx.db.deleteFrom('trash').where('entity_id', 'in', part).execute();
  }

  // ---- the firm ----
  for (const part of chunks(firmIds)) {
    await anyDb(ctx).updateTable('firms').set({ ...blankFirm(names.firm), updated_at: now, trash_id: null }).where('id', 'in', part).execute();
    await ctx.db.updateTable('firms').set({ deleted_at: now }).where('id', 'in', part).where('deleted_at', 'is', null).execute();
    await ctx.db.deleteFrom('addresses').where('firm_id', 'in', part).execute();
    await ctx.db.deleteFrom('channels').where('firm_id', 'in', part).execute();
    await ctx.db.deleteFrom('field_values').where('entity_id', 'in', part).execute();
    await ctx.db.deleteFrom('segment_members').where('firm_id', 'in', part).execute();
    await ctx.db.updateTable('segments').set({ parent_firm_id: null, updated_at: now }).where('parent_firm_id', 'in', part).execute();
    // The key-field history is the firm's names, ids and addresses over time: all of it personal here.
    await ctx.db.deleteFrom('changes').where('firm_id', 'in', part).execute();
    await ctx.db.deleteFrom('duplicate_dismissals').where((eb) => eb.or([eb('a_id', 'in', part), eb('b_id', 'in', part)])).execute();
    if (o.consents) await ctx.db.deleteFrom('subscriptions').where('firm_id', 'in', part).execute();
    await ctx.db.deleteFrom('trash').where('entity_id', 'in', part).execute();
  }

  // ---- old copies: the firms' history, the export log's names and the merges' before-images ----
  const placeholder = isFirm ? names.firm : names.person;
  await scrubLogs(ctx, theirFirms, [...spelled], [...named], placeholder);
  await scrubMerges(ctx, new Set(pids), new Set(firmIds), [...spelled], names, placeholder);

  // FTS5 keeps a deleted row's words in its older segments until they are merged: merge them all.
  await sql`INSERT INTO firm_search(firm_search) VALUES ('optimize')`.execute(ctx.db);

  const erasureId = uuidv7(now);
  await ctx.db.insertInto('erasures').values({
    id: erasureId, kind: subject.kind, entity_id: isFirm ? subject.firmId : pids[0]!, user_id: ctx.localUserId, at: now,
    detail: JSON.stringify({ people: pids.length, firms: firmIds.length, consents: o.consents }), ...stamps(now),
  }).execute();

  // The erased values must not wait in the outbox for the next sync either.
  await supersedePending(ctx.db);

  const mentions: SubjectMention[] = await findMentions(ctx, terms);
  const raw = ctx.sqlite;
  ctx.afterCommit?.(() => {
    if (!raw) return;
    raw.pragma('secure_delete = OFF');
    raw.exec('VACUUM');
    // The WAL still holds earlier versions of the pages: copy the new ones home and empty it.
    raw.pragma('wal_checkpoint(TRUNCATE)');
  });
  return { erasureId, people: pids.length, mentions };
}

/** Replaces their spellings with the placeholder in the logs the app writes itself: their firms'
 * key-field history, and the names in the export log (an export named after the person). */
async function scrubLogs(ctx: Ctx, firmIds: string[], spelled: string[], named: string[], placeholder: string): Promise<void> {
  for (const part of chunks(firmIds)) {
    for (const s of spelled) {
      await sql`UPDATE changes SET old_value = replace(old_value, ${s}, ${placeholder}), new_value = replace(new_value, ${s}, ${placeholder})
        WHERE firm_id IN (${sql.join(part)}) AND (instr(old_value, ${s}) > 0 OR instr(new_value, ${s}) > 0)`.execute(ctx.db);
    }
  }
  for (const s of named) {
    await sql`UPDATE export_log SET selection_name = replace(selection_name, ${s}, ${placeholder}), file_name = replace(file_name, ${s}, ${placeholder})
      WHERE instr(selection_name, ${s}) > 0 OR instr(file_name, ${s}) > 0`.execute(ctx.db);
  }
}

/** `value` with every string in it (keys aside) passed through `f`. */
function mapStrings(value: unknown, f: (s: string) => string): unknown {
  if (typeof value === 'string') return f(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, f)]));
  return value;
}

/** Every merge that involved them (their ids in its record) gets their rows in its before-images
 * blanked as the live rows were, and their spellings replaced in its other texts (strings only:
 * never inside an id or a number). Its undo is then refused like any undo of rows changed since. */
async function scrubMerges(ctx: Ctx, people: Set<string>, firms: Set<string>, spelled: string[], names: { person: string; firm: string }, placeholder: string): Promise<void> {
  for (const m of await mergesHolding(ctx, [...people, ...firms])) {
    const snap = JSON.parse(m.snapshot) as { survivorName?: string; mergedName?: string; before?: Record<string, Record<string, unknown>[]> };
    const placeholderFor = (id: string) => (people.has(id) ? names.person : firms.has(id) ? names.firm : null);
    const sName = placeholderFor(m.survivor_id), mName = placeholderFor(m.merged_id);
    if (sName) snap.survivorName = sName;
    if (mName) snap.mergedName = mName;
    for (const [table, rows] of Object.entries(snap.before ?? {})) {
      for (const row of rows) {
        const id = String(row.id);
        if (table === 'people' && people.has(id)) Object.assign(row, blankPerson(names.person));
        if (table === 'firms' && firms.has(id)) Object.assign(row, blankFirm(names.firm));
        const owner = String(row.person_id ?? row.entity_id ?? '');
        const firm = String(row.firm_id ?? row.entity_id ?? '');
        if (table === 'channels' && (people.has(owner) || (firms.has(firm) && row.person_id === null))) row.value = '';
        if (table === 'addresses' && firms.has(firm)) Object.assign(row, BLANK_ADDRESS);
        if (table === 'field_values' && (people.has(owner) || firms.has(firm))) Object.assign(row, { value_text: null, value_num: null, option_id: null });
      }
    }
    const scrubbed = mapStrings(snap, (text) => spelled.reduce((acc, s) => acc.split(s).join(placeholder), text));
    await ctx.db.updateTable('merges').set({ snapshot: JSON.stringify(scrubbed) }).where('id', '=', m.id).execute();
  }
}
