// "Show everything we hold": every record the database keeps about a person or a firm, gathered
// for a data-protection request. Reads only; the same data becomes the JSON download and the
// printed document (render.ts).
//
// What it includes and what not — the private-note rule (docs/architecture.md, "Who may see
// what") holds here too: notes linked to the subject or naming them are given in full when the
// acting user may see them; a colleague's private note is listed as existing (its author and
// date), never its title or text — that author has to answer for it. Deleted records (in the
// trash) are included: they are still held.
import { sql, type Kysely, type SqlBool } from 'kysely';
import type { Ctx } from '../context.ts';
import type { Locale } from '../../../shared/types.ts';
import type {
  SubjectContact, SubjectFirm, SubjectKind, SubjectMention, SubjectNote, SubjectPerson, SubjectReport,
} from '../../../shared/privacy.ts';
import { fold } from '../duplicates/normalize.ts';
import { invalid } from '../mailing/select.ts';
import { noteVisibleSql } from '../notes/handlers.ts';
import { texts as printTexts } from '../printing/texts.ts';
import { packedHas } from '../mailing/export.ts';

const anyDb = (ctx: Ctx) => ctx.db as unknown as Kysely<any>;
const CHUNK = 400;

async function inChunks<T>(ids: readonly string[], read: (part: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) out.push(...await read(ids.slice(i, i + CHUNK)));
  return out;
}

/** Names of codes (built-in ones in the language), pipeline stages and users, by id. */
export async function labelsOf(ctx: Ctx, locale: Locale): Promise<(id: string | null | undefined) => string> {
  const t = printTexts(locale);
  const labels = new Map<string, string>();
  for (const c of await ctx.db.selectFrom('codes').select(['id', 'list', 'code', 'label', 'built_in']).execute()) {
    const builtIn = (t.codes as Record<string, Record<string, string> | undefined>)[c.list]?.[c.code];
    labels.set(c.id, c.label ?? (c.built_in ? builtIn ?? c.code : c.code));
  }
  for (const s of await ctx.db.selectFrom('pipeline_stages').select(['id', 'code', 'label']).execute()) {
    labels.set(s.id, s.label ?? (s.code ? (t.codes.stage as Record<string, string>)[s.code] ?? s.code : ''));
  }
  for (const u of await ctx.db.selectFrom('users').select(['id', 'name']).execute()) labels.set(u.id, u.name);
  return (id) => (id ? labels.get(id) ?? '' : '');
}

/** Ids of the records merged into these (their tombstones hold a copy of the data), transitively. */
export async function withMerged(ctx: Ctx, table: 'firms' | 'people', ids: readonly string[]): Promise<string[]> {
  const all = new Set(ids);
  let fresh = [...ids];
  while (fresh.length) {
    const found = (await inChunks(fresh, (part) => anyDb(ctx).selectFrom(table).select('id').where('merged_into_id', 'in', part).execute()))
      .map((r: { id: string }) => r.id).filter((id) => !all.has(id));
    for (const id of found) all.add(id);
    fresh = found;
  }
  return [...all];
}

async function fieldValues(ctx: Ctx, entityIds: string[]): Promise<Map<string, { label: string; value: string }[]>> {
  const rows = await inChunks(entityIds, (part) => ctx.db.selectFrom('field_values as v')
    .innerJoin('field_defs as d', 'd.id', 'v.field_id').leftJoin('field_options as o', 'o.id', 'v.option_id')
    .select(['v.entity_id', 'd.label', 'd.type', 'v.value_text', 'v.value_num', 'o.label as option']).where('v.entity_id', 'in', part)
    .where('v.deleted_at', 'is', null).orderBy('d.sort').execute());
  const out = new Map<string, { label: string; value: string }[]>();
  for (const r of rows) {
    const value = r.option ?? r.value_text ?? (r.value_num === null ? '' : String(r.value_num));
    out.set(r.entity_id, [...out.get(r.entity_id) ?? [], { label: r.label, value }]);
  }
  return out;
}

/** What a person's texts would name them by: the full name both ways round, e-mails, phones (as
 * digits). Folded (case and diacritics ignored), as search is. */
export function mentionTerms(p: { first_name: string; last_name: string; patronymic: string }, channels: { kind: string; value: string }[]): { words: string[]; digits: string[] } {
  const words = new Set<string>();
  const first = p.first_name.trim(), last = p.last_name.trim();
  if (first && last) {
    words.add(fold(`${first} ${last}`));
    words.add(fold(`${last} ${first}`));
    if (p.patronymic.trim()) words.add(fold(`${first} ${p.patronymic.trim()}`));
  } else if (last.length >= 3) words.add(fold(last));
  const digits = new Set<string>();
  for (const c of channels) {
    if (c.kind === 'phone') { const d = c.value.replace(/\D/g, ''); if (d.length >= 6) digits.add(d.slice(-9)); }
    else if (c.value.trim()) words.add(fold(c.value.trim()));
  }
  return { words: [...words], digits: [...digits] };
}

type Terms = { words: string[]; digits: string[] };

function names(text: string, terms: Terms): boolean {
  const f = fold(text);
  if (terms.words.some((w) => f.includes(w))) return true;
  if (terms.digits.length) {
    const d = text.replace(/[\s()/.+-]/g, '');
    if (terms.digits.some((x) => d.includes(x))) return true;
  }
  return false;
}

/** The SQL function that tests a text against the terms (given as JSON), registered once per
 * connection: the texts are read and folded inside SQLite, and only those that name the subject
 * come out — millions of contacts never become JS strings. */
const NAMES_FUNCTION = 'kartoteka_privacy_names';
const registered = new WeakSet<object>();
function namesFunction(ctx: Ctx): boolean {
  const raw = ctx.sqlite;
  if (!raw) return false;
  if (!registered.has(raw)) {
    let lastJson = '';
    let last: Terms[] = [];
    raw.function(NAMES_FUNCTION, { deterministic: true, directOnly: true }, (text: unknown, json: unknown) => {
      if (json !== lastJson) { lastJson = String(json); last = JSON.parse(lastJson) as Terms[]; }
      return last.some((t) => names(String(text ?? ''), t)) ? 1 : 0;
    });
    registered.add(raw);
  }
  return true;
}

/** Notes, contacts, tasks, opportunities (and their comments), file names and saved selections (a
 * condition on a field may spell a name) that name the subject (any of `terms`). Reads every live
 * text once — a data-protection request is rare, and a name can be written anywhere — filtered
 * in SQL when the connection is at hand. */
export async function findMentions(ctx: Ctx, terms: Terms[]): Promise<SubjectMention[]> {
  const active = terms.filter((t) => t.words.length || t.digits.length);
  if (!active.length) return [];
  const json = JSON.stringify(active);
  const inSql = namesFunction(ctx);
  const hit = (...texts: string[]) => active.some((t) => names(texts.join('\n'), t));
  const where = (...cols: string[]) => (inSql
    ? sql<SqlBool>`${sql.raw(NAMES_FUNCTION)}(${sql.raw(cols.join(" || char(10) || "))}, ${json}) = 1`
    : sql<SqlBool>`1 = 1`);
  const me = ctx.localUserId;
  const label = await labelsOf(ctx, 'en');
  const out: SubjectMention[] = [];
  const notes = await ctx.db.selectFrom('notes as n').select(['n.id', 'n.firm_id', 'n.at', 'n.title', 'n.body', 'n.author_id'])
    .select(noteVisibleSql(me).as('visible')).where('n.deleted_at', 'is', null).where(where('n.title', 'n.body')).execute();
  for (const n of notes) {
    if (!hit(n.title, n.body)) continue;
    const visible = Boolean(n.visible);
    out.push({ kind: 'note', id: n.id, firmId: n.firm_id, at: n.at, title: visible ? n.title : '', private: !visible, author: label(n.author_id) });
  }
  const contacts = await ctx.db.selectFrom('contacts').select(['id', 'firm_id', 'at', 'summary', 'note', 'referent_id'])
    .where('deleted_at', 'is', null).where(where('summary', 'note')).execute();
  for (const c of contacts) {
    if (hit(c.summary, c.note)) out.push({ kind: 'contact', id: c.id, firmId: c.firm_id, at: c.at, title: c.summary, private: false, author: label(c.referent_id) });
  }
  const tasks = await ctx.db.selectFrom('tasks').select(['id', 'firm_id', 'created_at', 'title', 'note', 'author_id'])
    .where('deleted_at', 'is', null).where(where('title', 'note')).execute();
  for (const k of tasks) {
    if (hit(k.title, k.note)) out.push({ kind: 'task', id: k.id, firmId: k.firm_id, at: k.created_at, title: k.title, private: false, author: label(k.author_id) });
  }
  const opportunities = await ctx.db.selectFrom('opportunities').select(['id', 'firm_id', 'created_at', 'title', 'note', 'lost_note', 'owner_id'])
    .where('deleted_at', 'is', null).where(where('title', 'note', 'lost_note')).execute();
  for (const o of opportunities) {
    if (hit(o.title, o.note, o.lost_note)) out.push({ kind: 'opportunity', id: o.id, firmId: o.firm_id, at: o.created_at, title: o.title, private: false, author: label(o.owner_id) });
  }
  const comments = await ctx.db.selectFrom('opportunity_comments as c').innerJoin('opportunities as o', 'o.id', 'c.opportunity_id')
    .select(['c.id', 'o.id as opportunity_id', 'o.firm_id', 'c.at', 'o.title', 'c.body', 'c.author_id'])
    .where('c.deleted_at', 'is', null).where(where('c.body')).execute();
  for (const c of comments) {
    // Listed as its opportunity, where the comment is edited.
    if (hit(c.body)) out.push({ kind: 'opportunity', id: c.opportunity_id, firmId: c.firm_id, at: c.at, title: c.title, private: false, author: label(c.author_id) });
  }
  const files = await ctx.db.selectFrom('attachments').select(['id', 'firm_id', 'created_at', 'name', 'author_id'])
    .where('deleted_at', 'is', null).where(where('name')).execute();
  for (const f of files) {
    if (hit(f.name)) out.push({ kind: 'file', id: f.id, firmId: f.firm_id, at: f.created_at, title: f.name, private: false, author: label(f.author_id) });
  }
  const selections = await ctx.db.selectFrom('selections').select(['id', 'updated_at', 'name', 'where_json'])
    .where('deleted_at', 'is', null).where(where('name', 'where_json')).execute();
  for (const x of selections) {
    if (hit(x.name, x.where_json)) out.push({ kind: 'selection', id: x.id, firmId: null, at: x.updated_at, title: x.name, private: false, author: '' });
  }
  return out.sort((a, b) => b.at - a.at);
}

/** Merges whose record holds any of `needles` (ids, names as spelled): found by SQL, so the
 * snapshots of unrelated merges are never read. */
export async function mergesHolding(ctx: Ctx, needles: readonly string[]) {
  const list = needles.filter((x) => x.length >= 3);
  if (!list.length) return [];
  const rows = [];
  for (let i = 0; i < list.length; i += 50) {
    const part = list.slice(i, i + 50);
    rows.push(...await ctx.db.selectFrom('merges').selectAll()
      .where((eb) => eb.or(part.flatMap((x) => [eb(sql`instr(snapshot, ${x})`, '>', 0), eb('survivor_id', '=', x), eb('merged_id', '=', x)])))
      .execute());
  }
  return [...new Map(rows.map((m) => [m.id, m])).values()];
}

export interface Subject { kind: SubjectKind; firmId: string; personIds: string[] }

/** The subject of a request: a person (with anyone merged into them), or a firm with its people. */
export async function resolveSubject(ctx: Ctx, input: { personId: string | null; firmId: string | null }): Promise<Subject> {
  if (input.personId) {
    const p = await ctx.db.selectFrom('people').select(['id', 'firm_id']).where('id', '=', input.personId).executeTakeFirst();
    if (!p) throw invalid('errors.unknown_ref', 'personId');
    return { kind: 'person', firmId: p.firm_id, personIds: await withMerged(ctx, 'people', [p.id]) };
  }
  const f = await ctx.db.selectFrom('firms').select('id').where('id', '=', input.firmId!).executeTakeFirst();
  if (!f) throw invalid('errors.unknown_ref', 'firmId');
  const firmIds = await withMerged(ctx, 'firms', [f.id]);
  const own = (await inChunks(firmIds, (part) => ctx.db.selectFrom('people').select('id').where('firm_id', 'in', part).execute())).map((r) => r.id);
  return { kind: 'firm', firmId: f.id, personIds: await withMerged(ctx, 'people', own) };
}

export async function loadSubjectReport(ctx: Ctx, subject: Subject, locale: Locale): Promise<SubjectReport> {
  const L = await labelsOf(ctx, locale);
  const isFirm = subject.kind === 'firm';
  const firmIds = isFirm ? await withMerged(ctx, 'firms', [subject.firmId]) : [subject.firmId];
  const pids = subject.personIds;
  const me = ctx.localUserId;

  // ---- the people ----
  const peopleRows = await inChunks(pids, (part) => ctx.db.selectFrom('people').selectAll().where('id', 'in', part).execute());
  const chans = await inChunks(pids, (part) => ctx.db.selectFrom('channels').select(['person_id', 'kind', 'value', 'label', 'deleted_at'])
    .where('person_id', 'in', part).orderBy('sort').execute());
  const pFields = await fieldValues(ctx, pids);
  const bossIds = [...new Set(peopleRows.flatMap((p) => (p.reports_to_id ? [p.reports_to_id] : [])))];
  const bosses = await inChunks(bossIds, (part) => ctx.db.selectFrom('people').select(['id', 'first_name', 'last_name']).where('id', 'in', part).execute());
  const names = new Map([...peopleRows, ...bosses].map((p) => [p.id, [p.first_name, p.last_name].filter(Boolean).join(' ')]));
  const people: SubjectPerson[] = peopleRows.map((p) => {
    const own = chans.filter((c) => c.person_id === p.id);
    return {
      id: p.id, firmId: p.firm_id, titleBefore: p.title_before, firstName: p.first_name, patronymic: p.patronymic, lastName: p.last_name,
      titleAfter: p.title_after, gender: p.gender, jobTitle: p.job_title, role: L(p.role_id), note: p.note, isMain: p.is_main === 1,
      reportsTo: p.reports_to_id ? names.get(p.reports_to_id) ?? p.reports_to_id : '', salutation: p.salutation, addressee: p.addressee,
      createdAt: p.created_at, updatedAt: p.updated_at, deletedAt: p.deleted_at,
      emails: own.filter((c) => c.kind === 'email').map(channel),
      phones: own.filter((c) => c.kind === 'phone').map(channel),
      otherChannels: own.filter((c) => c.kind !== 'email' && c.kind !== 'phone').map(channel),
      fields: pFields.get(p.id) ?? [],
    };
  });

  // ---- the firm: for a person, the firm they belong to (its identity only) ----
  const f = await ctx.db.selectFrom('firms').selectAll().where('id', '=', subject.firmId).executeTakeFirstOrThrow();
  const firm: SubjectFirm = {
    id: f.id, name: f.name, country: f.country, ico: f.ico ?? '', dic: f.dic ?? '', vatId: f.vat_id ?? '', website: f.website ?? '',
    kinds: [f.is_customer && 'customer', f.is_prospect && 'prospect', f.is_supplier && 'supplier'].filter((k): k is string => Boolean(k)),
    isLead: f.is_lead === 1, owner: L(f.owner_id), source: L(f.source_id), industry: L(f.industry_id),
    createdAt: f.created_at, updatedAt: f.updated_at, deletedAt: f.deleted_at, addresses: [], channels: [], fields: [], segments: [],
  };
  if (isFirm) {
    firm.addresses = (await inChunks(firmIds, (part) => ctx.db.selectFrom('addresses').select(['kind', 'street', 'number', 'city', 'postal_code', 'country'])
      .where('firm_id', 'in', part).orderBy('sort').execute())).map((a) => ({ kind: a.kind, street: a.street, number: a.number, city: a.city, postalCode: a.postal_code, country: a.country }));
    firm.channels = (await inChunks(firmIds, (part) => ctx.db.selectFrom('channels').select(['kind', 'value', 'label', 'deleted_at'])
      .where('firm_id', 'in', part).where('person_id', 'is', null).orderBy('sort').execute())).map(channel);
    firm.fields = [...(await fieldValues(ctx, firmIds)).values()].flat();
    firm.segments = (await inChunks(firmIds, (part) => ctx.db.selectFrom('segment_members as m').innerJoin('segments as s', 's.id', 'm.segment_id')
      .select('s.name').where('m.firm_id', 'in', part).where('m.deleted_at', 'is', null).execute())).map((r) => r.name);
  }

  // ---- what they appear in: a person's own records, or everything of the firm ----
  const ofSubject = async <R,>(table: 'contacts' | 'tasks' | 'attachments', read: (q: any) => Promise<R[]>) =>
    isFirm ? inChunks(firmIds, (part) => read(anyDb(ctx).selectFrom(table).selectAll().where('firm_id', 'in', part)))
      : inChunks(pids, (part) => read(anyDb(ctx).selectFrom(table).selectAll().where('person_id', 'in', part)));
  const contacts: SubjectContact[] = (await ofSubject('contacts', (q) => q.orderBy('at', 'desc').execute()) as any[]).map((c) => ({
    id: c.id, personId: c.person_id, at: c.at, status: c.status, kind: L(c.kind_id), result: L(c.result_id), referent: L(c.referent_id),
    summary: c.summary, note: c.note,
  }));
  const tasks = (await ofSubject('tasks', (q) => q.orderBy('created_at', 'desc').execute()) as any[]).map((k) => ({
    id: k.id, personId: k.person_id, title: k.title, note: k.note, dueDate: k.due_date, done: k.done_at !== null, assignee: L(k.assignee_id),
  }));
  const attachments = (await ofSubject('attachments', (q) => q.orderBy('created_at', 'desc').execute()) as any[]).map((a) => ({
    id: a.id, personId: a.person_id, name: a.name, size: a.size, createdAt: a.created_at,
  }));

  // Notes: linked (filed under the person, or the firm's) and those whose text names them.
  const linked = isFirm
    ? await inChunks(firmIds, (part) => ctx.db.selectFrom('notes as n').select(['n.id']).where('n.firm_id', 'in', part).execute())
    : await inChunks(pids, (part) => ctx.db.selectFrom('notes as n').select(['n.id']).where('n.person_id', 'in', part).execute());
  const linkedIds = new Set(linked.map((n) => n.id));
  const terms = peopleRows.map((p) => mentionTerms(p, chans.filter((c) => c.person_id === p.id)));
  if (isFirm && f.name.trim().length >= 3) terms.push({ words: [fold(f.name.trim())], digits: [] });
  const mentions = await findMentions(ctx, terms);
  const namingIds = mentions.filter((m) => m.kind === 'note').map((m) => m.id);
  const noteIds = [...new Set([...linkedIds, ...namingIds])];
  const noteRows = await inChunks(noteIds, (part) => ctx.db.selectFrom('notes as n').select(['n.id', 'n.person_id', 'n.at', 'n.author_id', 'n.visibility', 'n.title', 'n.body'])
    .select(noteVisibleSql(me).as('visible')).where('n.id', 'in', part).orderBy('n.at', 'desc').execute());
  const notes: SubjectNote[] = noteRows.filter((n) => n.visible).map((n) => ({
    id: n.id, personId: n.person_id, at: n.at, author: L(n.author_id), visibility: n.visibility, title: n.title, body: n.body,
    why: linkedIds.has(n.id) ? 'linked' : 'names',
  }));
  const hiddenNotes = noteRows.filter((n) => !n.visible).map((n) => ({ id: n.id, at: n.at, author: L(n.author_id) }));

  // ---- consent, merges, exports, history ----
  const subs = [
    ...await inChunks(pids, (part) => ctx.db.selectFrom('subscriptions').selectAll().where('person_id', 'in', part).execute()),
    ...(isFirm ? await inChunks(firmIds, (part) => ctx.db.selectFrom('subscriptions').selectAll().where('firm_id', 'in', part).execute()) : []),
  ];
  const topics = new Map((await ctx.db.selectFrom('topics').select(['id', 'name']).execute()).map((t) => [t.id, t.name]));
  const subscriptions = subs.sort((a, b) => a.subscribed_at - b.subscribed_at).map((s) => ({
    topic: topics.get(s.topic_id) ?? '', personId: s.person_id, subscribedAt: s.subscribed_at, source: s.source,
    unsubscribedAt: s.unsubscribed_at, deletedAt: s.deleted_at,
  }));

  const touched = new Set([...pids, ...(isFirm ? firmIds : [])]);
  const merges = (await mergesHolding(ctx, [...touched])).sort((a, b) => b.created_at - a.created_at)
    .map((m) => ({ id: m.id, at: m.created_at, user: L(m.user_id), entity: m.entity, survivorId: m.survivor_id, mergedId: m.merged_id, undone: m.undone_at !== null }));

  const rids = isFirm ? (await inChunks(firmIds, (part) => ctx.db.selectFrom('firms').select('rid').where('id', 'in', part).execute())).map((r) => r.rid) : [];
  // Every export's record is read (a report is rare; exports write one packed row each).
  const exportIds = new Set<string>();
  const wanted = new Set(pids);
  for (const r of await ctx.db.selectFrom('export_rows').select(['export_id', 'firm_rids', 'person_ids']).execute()) {
    let people: unknown = [];
    try { people = JSON.parse(r.person_ids); } catch { /* unreadable: no people */ }
    if ((Array.isArray(people) && people.some((p) => wanted.has(p as string))) || rids.some((rid) => packedHas(r.firm_rids, rid))) exportIds.add(r.export_id);
  }
  const exports = (await inChunks([...exportIds], (part) => ctx.db.selectFrom('export_log').selectAll().where('id', 'in', part).execute()))
    .sort((a, b) => b.at - a.at)
    .map((e) => ({ id: e.id, at: e.at, user: L(e.user_id), selection: e.selection_name, fileName: e.file_name, format: e.format, rows: e.rows }));

  const changes = isFirm ? (await inChunks(firmIds, (part) => ctx.db.selectFrom('changes').selectAll().where('firm_id', 'in', part).execute()))
    .sort((a, b) => b.at - a.at).map((c) => ({ at: c.at, user: L(c.user_id), field: c.field, oldValue: c.old_value, newValue: c.new_value })) : [];
  const opportunities = isFirm ? (await inChunks(firmIds, (part) => ctx.db.selectFrom('opportunities').selectAll().where('firm_id', 'in', part).execute()))
    .map((o) => ({ id: o.id, title: o.title, stage: L(o.stage_id), amount: o.amount, currency: o.currency, closeDate: o.close_date, note: o.note })) : [];
  const erasures = (await inChunks([...touched], (part) => ctx.db.selectFrom('erasures').selectAll().where('entity_id', 'in', part).execute()))
    .map((e) => ({ id: e.id, kind: e.kind, at: e.at, user: L(e.user_id) }));

  return {
    kind: subject.kind, madeAt: ctx.now(), madeBy: L(me), firm, people, contacts, tasks, notes, hiddenNotes, subscriptions,
    merges, exports, changes, opportunities, attachments, erasures, mentions,
  };
}

const channel = (c: { kind: string; value: string; label: string; deleted_at: number | null }) =>
  ({ kind: c.kind, value: c.value, label: c.label, deletedAt: c.deleted_at });


