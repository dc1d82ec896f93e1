// A mailing selection compiled to one SQL statement: the condition tree (AND / OR groups of
// conditions on the firm, and for people recipients on the person) over live firms — or their
// live people — with the consent state and the deduplication key of every row computed beside
// it. The count is a single aggregate over that statement, so it never walks rows in JS.
//
// Who is a recipient:
//  - firms: every live firm of the firm list (not a lead, not merged away), one row each;
//  - people: every live person of those firms, one row each (the firm's columns repeated).
//  - Leads are not in the firm list, and are not mailed by ordinary selections. A lead joins a
//    selection only through a newsletter topic it (or its person) is on — the selection's consent
//    topic or a `topic` condition: someone who signed up for the newsletter gets it before being
//    converted. For people recipients a lead without a person is one row of its own.
//
// Consent (when the spec names a topic): every row is "consented", "no consent" or "opted out",
// from the subscriptions of the row's subjects —
//  - a people row: the person; for a lead's person also the lead itself;
//  - a firm row: the firm itself (a lead, or a firm converted from one) and its main person(s).
// Any opt-out of a subject wins over a subscription of another (asked not to be written to is
// final); otherwise any live subscription is consent; otherwise there is none.
//
// Deduplication keeps the first row (in export order) of each key:
//  - email: the row's e-mail lowercased — a person's first e-mail, a firm's own first e-mail (a
//    lead without a person: its own). Rows without one are dropped and counted as noEmail.
//  - address: the firm's main postal address (see mainAddressRowid) with case (ASCII), spaces,
//    dots and commas ignored. Rows without an address are never duplicates.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Ctx } from '../context.ts';
import type { ParsedInput, SelectionCondition, SelectionGroup } from '../../../shared/contract.ts';
import type { Locale, SelectionCount } from '../../../shared/types.ts';
import { LOCALES } from '../../../shared/types.ts';
import { AppError } from '../../../shared/errors.ts';
import { loadDefs, type LoadedDef } from '../fields/values.ts';
import { isCalendarDate, parseNumber } from '../fields/handlers.ts';
import { fold } from '../duplicates/normalize.ts';
import { FIRM_EMAIL_FUNCTION, FIRM_EMAIL_SQL, LAST_DONE_FUNCTION, LastContacts } from './firm-facts.ts';
import { RidIndex } from '../util/rid-index.ts';

export type SelectionSpec = ParsedInput<'selections.count'>;
type Cond = Exclude<SelectionGroup['items'][number], SelectionGroup>;
type Expr = RawBuilder<unknown>;
type FieldFilterIn = Extract<Cond, { on: 'field' }>['filter'];

const MAX_DEPTH = 4;

/** The firm's main postal address: postal, then registered, then any other, by the user's order
 * (an address with neither street, city nor postal code does not count; the addresses_main
 * index of migration 0004 serves it). */
const addressUsable = (a: string) => `(${a}.street <> '' OR ${a}.city <> '' OR ${a}.postal_code <> '')`;
const mainAddressOrder = (a: string) => `CASE ${a}.kind WHEN 'postal' THEN 0 WHEN 'registered' THEN 1 ELSE 2 END, ${a}.sort, ${a}.rowid`;

/** The rowid of the firm's main address (`firm`: the SQL naming its id), for exports, letters,
 * labels and envelopes alike: `JOIN addresses a ON a.rowid = mainAddressRowid('f.id')`. */
export const mainAddressRowid = (firm: string): Expr => sql.raw(`(SELECT a2.rowid FROM addresses a2 WHERE a2.firm_id = ${firm}
  AND a2.deleted_at IS NULL AND ${addressUsable('a2')} ORDER BY ${mainAddressOrder('a2')} LIMIT 1)`);

export function invalid(messageKey: string, field: string, params?: Record<string, string | number>): AppError {
  return new AppError({ code: 'validation', messageKey, field, ...(params ? { params } : {}) });
}

/** A JSON array parameter read as a set: one bound value however long the list. */
const inList = (values: readonly (string | number)[]) => sql`(SELECT value FROM json_each(${JSON.stringify(values)}))`;

// ---- calendar ----------------------------------------------------------------------------------

const pad = (n: number) => String(n).padStart(2, '0');

/** The local calendar day of an instant (the core runs on the user's machine, in their zone). */
export function localDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Local midnight starting the calendar day. */
export function dayStart(day: string): number {
  return new Date(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))).getTime();
}

/** The first day of "the last 12 months" ending today: a year ago, plus one day. */
export function yearAgoSince(today: string): string {
  const d = new Date(Date.UTC(Number(today.slice(0, 4)) - 1, Number(today.slice(5, 7)) - 1, Number(today.slice(8, 10))));
  // 29 February a year on does not exist: Date rolls it to 1 March; then one more day.
  if (d.getUTCDate() !== Number(today.slice(8, 10))) d.setUTCDate(0);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

// ---- the compiler ------------------------------------------------------------------------------

interface Compiled { sql: Expr; cost: number }

class Compiler {
  readonly topics = new Set<string>();
  /** Some condition asks about the person (a person's user field, consent to a topic in people
   * mode): the firm-level shortcut of countSelection does not apply. */
  personLevel = false;
  private readonly ctx: Ctx;
  private readonly people: boolean;
  private readonly today: string;
  private defs = new Map<string, LoadedDef>();

  constructor(ctx: Ctx, people: boolean) {
    this.ctx = ctx;
    this.people = people;
    this.today = localDay(ctx.now());
  }

  async prepare(where: SelectionGroup): Promise<void> {
    const fieldIds = new Set<string>();
    const walk = (g: SelectionGroup) => {
      for (const item of g.items) {
        if (isGroup(item)) walk(item);
        else if (item.on === 'field') fieldIds.add(item.filter.fieldId);
      }
    };
    walk(where);
    this.defs = new Map((await loadDefs(this.ctx.db, { ids: [...fieldIds] })).map((d) => [d.id, d]));
  }

  async group(g: SelectionGroup, path: string, depth: number): Promise<Compiled> {
    if (depth > MAX_DEPTH) throw invalid('errors.invalid', path);
    const parts: Compiled[] = [];
    for (const [i, item] of g.items.entries()) {
      const p = `${path}.items.${i}`;
      parts.push(isGroup(item) ? await this.group(item, p, depth + 1) : await this.condition(item as Cond, p));
    }
    // An empty group restricts nothing (the builder shows it as "ignored").
    if (parts.length === 0) return { sql: sql`1`, cost: 0 };
    if (parts.length === 1) return parts[0]!;
    // Cheap tests first: SQLite evaluates the terms of an AND in order and stops at the first false.
    if (g.op === 'and') parts.sort((a, b) => a.cost - b.cost);
    const joined = sql.join(parts.map((c) => sql`(${c.sql})`), sql.raw(g.op === 'and' ? ' AND ' : ' OR '));
    return { sql: joined, cost: Math.max(...parts.map((c) => c.cost)) + 0.5 };
  }

  private async condition(c: Cond, path: string): Promise<Compiled> {
    switch (c.on) {
      case 'kind': {
        const cols = { customer: 'f.is_customer', prospect: 'f.is_prospect', supplier: 'f.is_supplier' } as const;
        return { sql: sql.raw([...new Set(c.kinds)].map((k) => `${cols[k]} = 1`).join(' OR ')), cost: 0 };
      }
      case 'owner': {
        const ids = [...new Set(c.ids)];
        const known = new Set((await this.ctx.db.selectFrom('users').select('id').where('id', 'in', ids).execute()).map((r) => r.id));
        c.ids.forEach((id, i) => { if (!known.has(id)) throw invalid('errors.unknown_ref', `${path}.ids.${i}`); });
        return { sql: sql`f.owner_id IN ${inList(ids)}`, cost: 0 };
      }
      case 'segment': {
        const ids = [...new Set(c.ids)];
        const live = new Set((await this.ctx.db.selectFrom('segments').select('id').where('id', 'in', ids)
          .where('deleted_at', 'is', null).execute()).map((r) => r.id));
        c.ids.forEach((id, i) => { if (!live.has(id)) throw invalid('errors.unknown_ref', `${path}.ids.${i}`); });
        const members = ids.length === 1
          ? sql`(SELECT m.firm_id FROM segment_members m WHERE m.segment_id = ${ids[0]} AND m.deleted_at IS NULL)`
          : sql`(SELECT m.firm_id FROM segment_members m WHERE m.segment_id IN ${inList(ids)} AND m.deleted_at IS NULL)`;
        return { sql: c.not ? sql`f.id NOT IN ${members}` : sql`f.id IN ${members}`, cost: 1 };
      }
      case 'field':
        return this.field(c.filter, `${path}.filter`);
      case 'place':
        return this.place(c.part, c.values);
      case 'lastContact':
        return this.lastContact(c, path);
      case 'openOpportunities': {
        // The open stages first, then their opportunities through opportunities_stage (which
        // holds firm_id: no table row read); SQLite would walk every opportunity by firm.
        const open = sql`(SELECT o.firm_id FROM pipeline_stages s CROSS JOIN opportunities o ON o.stage_id = s.id
          WHERE o.deleted_at IS NULL AND s.outcome = 'open')`;
        return { sql: c.has ? sql`f.id IN ${open}` : sql`f.id NOT IN ${open}`, cost: 1 };
      }
      case 'revenue': {
        const since = c.since ?? yearAgoSince(this.today);
        const min = c.min ?? null;
        const max = c.max ?? null;
        if (min !== null && max !== null && min > max) throw invalid('errors.range', `${path}.max`);
        const inRange = sql.join([
          ...(min !== null ? [sql`sum(amount) >= ${min}`] : []),
          ...(max !== null ? [sql`sum(amount) <= ${max}`] : []),
        ], sql` AND `);
        // sales_currency_firm: the currency's sales in firm order with date and amount inside —
        // grouped as read, no table row, no sort (SQLite would pick sales_currency_date and sort).
        const sums = (having: Expr) => sql`(SELECT firm_id FROM sales INDEXED BY sales_currency_firm WHERE currency = ${c.currency}
          AND date >= ${since} AND deleted_at IS NULL GROUP BY firm_id HAVING ${having})`;
        if (min === null && max === null) return { sql: sql`1`, cost: 0 };
        // A firm without sales has revenue 0: inside the range when the range holds 0.
        const holdsZero = (min === null || min <= 0) && (max === null || max >= 0);
        return { sql: holdsZero ? sql`f.id NOT IN ${sums(sql`NOT (${inRange})`)}` : sql`f.id IN ${sums(inRange)}`, cost: 1 };
      }
      case 'topic': {
        await this.requireTopic(c.topicId, `${path}.topicId`);
        this.topics.add(c.topicId);
        if (this.people) this.personLevel = true;
        return { sql: sql`${this.consent(c.topicId)} = 1`, cost: 2 };
      }
    }
  }

  async requireTopic(id: string, field: string): Promise<void> {
    const row = await this.ctx.db.selectFrom('topics').select('id').where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
    if (!row) throw invalid('errors.unknown_ref', field);
  }

  /** A user-field condition, with the firm list's meaning (fields are compared the same way):
   * text equal ignoring case and diacritics, an option only while it is in its code list. A
   * person field tests the row's person — for firm recipients, any live person of the firm. */
  private field(f: FieldFilterIn, path: string): Compiled {
    const def = this.defs.get(f.fieldId);
    if (!def) throw invalid('errors.unknown_ref', `${path}.fieldId`);
    return this.fieldSet(f, def, path);
  }

  private fieldSet(f: FieldFilterIn, def: LoadedDef, path: string): Compiled {
    const values = (test: Expr) => sql`(SELECT v.entity_id FROM field_values v WHERE v.field_id = ${def.id} AND v.deleted_at IS NULL AND ${test})`;
    const nonEmpty = def.hasOptions ? sql`v.option_id IN ${inList(def.options.map((o) => o.id))}`
      : def.type === 'number' ? sql`v.value_num IS NOT NULL`
      : sql`v.value_text IS NOT NULL AND v.value_text <> ''`;
    let set: Expr;
    let negate = false;
    switch (f.op) {
      case 'empty':
        set = values(nonEmpty);
        negate = true;
        break;
      case 'not_empty':
        set = values(nonEmpty);
        break;
      case 'eq': {
        if (def.hasOptions) {
          const want = String(f.value);
          set = def.optionLabel.has(want) ? values(sql`v.option_id = ${want}`) : sql`(SELECT NULL WHERE 0)`;
        } else if (def.type === 'number') {
          const n = typeof f.value === 'number' ? f.value : parseNumber(f.value);
          if (n === null) throw invalid('errors.field_number', `${path}.value`);
          set = values(sql`v.value_num = ${n}`);
        } else if (def.type === 'date') {
          if (typeof f.value !== 'string' || !isCalendarDate(f.value)) throw invalid('errors.date', `${path}.value`);
          set = values(sql`v.value_text = ${f.value}`);
        } else {
          // Free text, equal ignoring case and diacritics: the field's distinct values are few
          // next to its firms, so they are folded here and the matching ones named.
          set = values(sql`v.value_text IN ${inList(this.pendingTextMatches(def.id, String(f.value)))}`);
        }
        break;
      }
      case 'range': {
        if (def.type === 'number' && !def.hasOptions) {
          const bound = (v: number | string | null, end: 'min' | 'max') => {
            if (v === null) return null;
            const n = typeof v === 'number' ? v : parseNumber(v);
            if (n === null) throw invalid('errors.field_number', `${path}.${end}`);
            return n;
          };
          const min = bound(f.min ?? null, 'min');
          const max = bound(f.max ?? null, 'max');
          set = values(sql.join([sql`v.value_num IS NOT NULL`, ...(min !== null ? [sql`v.value_num >= ${min}`] : []),
            ...(max !== null ? [sql`v.value_num <= ${max}`] : [])], sql` AND `));
        } else if (def.type === 'date' && !def.hasOptions) {
          const [min, max] = [f.min ?? null, f.max ?? null];
          for (const [end, v] of [['min', min], ['max', max]] as const) {
            if (v !== null && (typeof v !== 'string' || !isCalendarDate(v))) throw invalid('errors.date', `${path}.${end}`);
          }
          set = values(sql.join([sql`v.value_text IS NOT NULL AND v.value_text <> ''`,
            ...(min !== null ? [sql`v.value_text >= ${min}`] : []), ...(max !== null ? [sql`v.value_text <= ${max}`] : [])], sql` AND `));
        } else {
          throw invalid('errors.invalid', `${path}.op`); // a range of free text or options means nothing
        }
        break;
      }
    }
    if (def.entity === 'firm') return { sql: negate ? sql`f.id NOT IN ${set}` : sql`f.id IN ${set}`, cost: 1 };
    if (this.people) {
      this.personLevel = true;
      // A lead's own row has no person: it has no person field either (empty, not "not empty").
      return { sql: negate ? sql`coalesce(p.id, '') NOT IN ${set}` : sql`p.id IN ${set}`, cost: 1 };
    }
    const firmsOf = sql`(SELECT pp.firm_id FROM people pp WHERE pp.deleted_at IS NULL AND pp.id IN ${set})`;
    return { sql: negate ? sql`f.id NOT IN ${firmsOf}` : sql`f.id IN ${firmsOf}`, cost: 1 };
  }

  /** Text equality needs the field's distinct values: collected before the statement is built. */
  private textMatches = new Map<string, string[]>();
  private pendingTextMatches(fieldId: string, value: string): string[] {
    return this.textMatches.get(`${fieldId}\u0000${value}`) ?? [];
  }

  async loadTextMatches(where: SelectionGroup): Promise<void> {
    const wanted: { fieldId: string; value: string }[] = [];
    const walk = (g: SelectionGroup) => {
      for (const item of g.items) {
        if (isGroup(item)) walk(item);
        else if (item.on === 'field' && item.filter.op === 'eq') {
          const def = this.defs.get(item.filter.fieldId);
          if (def && !def.hasOptions && def.type === 'text') wanted.push({ fieldId: def.id, value: String(item.filter.value) });
        }
      }
    };
    walk(where);
    for (const { fieldId, value } of wanted) {
      const key = `${fieldId}\u0000${value}`;
      if (this.textMatches.has(key)) continue;
      const distinct = await this.ctx.db.selectFrom('field_values').select('value_text').distinct()
        .where('field_id', '=', fieldId).where('deleted_at', 'is', null).where('value_text', 'is not', null).execute();
      const want = foldPlace(value);
      this.textMatches.set(key, distinct.map((r) => r.value_text!).filter((v) => foldPlace(v) === want));
    }
  }

  /** City, region (postal code prefix) or country of any live address of the firm. The column's
   * distinct values (an index read) are matched here, folded; SQL then takes their firms. */
  private async place(part: 'city' | 'region' | 'country', wanted: string[]): Promise<Compiled> {
    const column = part === 'city' ? 'city' : part === 'region' ? 'postal_code' : 'country';
    const distinct = (await sql<{ v: string }>`SELECT DISTINCT ${sql.raw(column)} AS v FROM addresses WHERE deleted_at IS NULL`
      .execute(this.ctx.db)).rows.map((r) => r.v).filter((v) => v !== '');
    let match: (v: string) => boolean;
    if (part === 'city') {
      const want = new Set(wanted.map(foldPlace));
      match = (v) => want.has(foldPlace(v));
    } else if (part === 'region') {
      const prefixes = wanted.map((w) => w.replace(/\s+/g, '')).filter(Boolean);
      match = (v) => { const code = v.replace(/\s+/g, ''); return prefixes.some((p) => code.startsWith(p)); };
    } else {
      const want = new Set(wanted.map(foldPlace));
      match = (v) => want.has(foldPlace(v)) || LOCALES.some((l) => want.has(foldPlace(countryName(v, l))));
    }
    const values = distinct.filter(match);
    if (values.length === 0) return { sql: sql`0`, cost: 0 };
    return {
      sql: sql`f.id IN (SELECT a.firm_id FROM addresses a WHERE a.${sql.raw(column)} IN ${inList(values)} AND a.deleted_at IS NULL)`,
      cost: 1,
    };
  }

  /** The last done contact (of the kinds; none = any): on or after the day, before it, or none. */
  private async lastContact(c: Extract<Cond, { on: 'lastContact' }>, path: string): Promise<Compiled> {
    const kindIds = [...new Set(c.kindIds ?? [])];
    if (kindIds.length > 0) {
      const known = new Set((await this.ctx.db.selectFrom('codes').select('id').where('list', '=', 'contact_kind')
        .where('id', 'in', kindIds).execute()).map((r) => r.id));
      (c.kindIds ?? []).forEach((id, i) => { if (!known.has(id)) throw invalid('errors.unknown_ref', `${path}.kindIds.${i}`); });
    }
    if (c.op !== 'none' && (c.date === null || c.date === undefined || !isCalendarDate(c.date))) throw invalid('errors.date', `${path}.date`);
    const start = c.op === 'none' ? 0 : dayStart(c.date!);
    // The worker's warm per-firm times (firm-facts.ts) when it has them: an array read per
    // firm instead of an index seek. Not inside a transaction (an export's).
    const warm = this.ctx.firmFacts?.lastContacts;
    if (warm && !this.ctx.db.isTransaction && warm.ready()) {
      const last = sql`${sql.raw(LAST_DONE_FUNCTION)}(f.rid, ${LastContacts.key(kindIds)})`;
      const test = c.op === 'none' ? sql`${last} IS NULL` : c.op === 'after' ? sql`${last} >= ${start}` : sql`${last} < ${start}`;
      return { sql: test, cost: 0.5 };
    }
    const kinds = kindIds.length === 0 ? sql`` : kindIds.length === 1 ? sql` AND c.kind_id = ${kindIds[0]}` : sql` AND c.kind_id IN ${inList(kindIds)}`;
    const done = (extra: Expr) => sql`EXISTS (SELECT 1 FROM contacts c WHERE c.firm_id = f.id AND c.status = 'done' AND c.deleted_at IS NULL${kinds}${extra})`;
    if (c.op === 'none') return { sql: sql`NOT ${done(sql``)}`, cost: 3 };
    if (c.op === 'after') return { sql: done(sql` AND c.at >= ${start}`), cost: 3 };
    // Before: the last one (there is one) is older. One seek for the newest, not two.
    return { sql: sql`(SELECT max(c.at) FROM contacts c WHERE c.firm_id = f.id AND c.status = 'done' AND c.deleted_at IS NULL${kinds}) < ${start}`, cost: 3 };
  }

  /** The row's consent to a topic: 0 none, 1 subscribed, 2 opted out (an opt-out wins). */
  consent(topicId: string): Expr {
    const state = sql`CASE WHEN s.unsubscribed_at IS NULL THEN 1 ELSE 2 END`;
    const own = sql`coalesce((SELECT ${state} FROM subscriptions s WHERE s.firm_id = f.id AND s.topic_id = ${topicId} AND s.deleted_at IS NULL), 0)`;
    if (this.people) {
      // The topic's people and its opted-out people as two sets (each built once from the
      // subscriptions_topic index, probed per row) — cheaper than a lookup per person. Most
      // people are on neither: one probe of the whole set settles them; only those on it are
      // asked about the (smaller) opted-out set.
      const set = (unsubscribed: Expr) => sql`(SELECT s.person_id FROM subscriptions s WHERE s.topic_id = ${topicId}
        AND ${unsubscribed}s.person_id IS NOT NULL AND s.deleted_at IS NULL)`;
      const person = sql`CASE WHEN p.id IN ${set(sql``)} THEN 1 + (p.id IN ${set(sql`s.unsubscribed_at IS NOT NULL AND `)}) ELSE 0 END`;
      return sql`CASE WHEN f.is_lead = 1 THEN max(${person}, ${own}) ELSE ${person} END`;
    }
    const main = sql`coalesce((SELECT max(${state}) FROM people mp CROSS JOIN subscriptions s ON s.person_id = mp.id
      AND s.topic_id = ${topicId} AND s.deleted_at IS NULL WHERE mp.firm_id = f.id AND mp.is_main = 1 AND mp.deleted_at IS NULL), 0)`;
    return sql`max(${own}, ${main})`;
  }
}

function isGroup(item: SelectionGroup['items'][number]): item is SelectionGroup {
  return (item as SelectionGroup).op !== undefined && Array.isArray((item as SelectionGroup).items);
}

/** Place names and text values compared the way the search box does: no case, no diacritics. */
export function foldPlace(s: string): string {
  return fold(s).replace(/\s+/g, ' ').trim();
}

function countryName(code: string, locale: Locale): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

// ---- the statement -----------------------------------------------------------------------------

export interface SelectionSql {
  /** The whole SELECT of the rows with these result columns (over `f` the firm, `p` the person). */
  rows: (columns: Expr) => Expr;
  consent: Expr;
  key: Expr;
  people: boolean;
  /** People recipients whose conditions are all about the firm: the listed (non-lead) firms'
   * WHERE, and the leads' rows apart (null: no topic brings leads in). */
  firmLevel: { where: Expr; leadRows: ((columns: Expr) => Expr) | null } | null;
}

/** Compiles the spec (checking every id it names) into the rows' statement and the consent and
 * deduplication expressions. Throws field-named validation errors. */
export async function compileSelection(ctx: Ctx, spec: SelectionSpec): Promise<SelectionSql> {
  const people = spec.recipients === 'people';
  const compiler = new Compiler(ctx, people);
  const where = (spec.where ?? { op: 'and', items: [] }) as SelectionGroup;
  await compiler.prepare(where);
  await compiler.loadTextMatches(where);
  const compiled = await compiler.group(where, 'where', 1);
  if (spec.topicId) {
    await compiler.requireTopic(spec.topicId, 'topicId');
    compiler.topics.add(spec.topicId);
  }
  const topics = [...compiler.topics];
  // A lead comes in when it, or a person of it, is on one of the topics: asked per lead (there
  // are few), never by walking a topic's subscribers (there may be many). CROSS JOIN fixes the
  // order SQLite would otherwise get wrong without statistics: the lead's people first.
  const onTopic = topics.length === 1 ? sql`s.topic_id = ${topics[0]}` : sql`s.topic_id IN ${inList(topics)}`;
  const admitted = topics.length === 0 ? null : sql`f.is_lead = 1 AND (
      EXISTS (SELECT 1 FROM subscriptions s WHERE s.firm_id = f.id AND ${onTopic} AND s.deleted_at IS NULL)
      OR EXISTS (SELECT 1 FROM people pp CROSS JOIN subscriptions s ON s.person_id = pp.id AND ${onTopic} AND s.deleted_at IS NULL
        WHERE pp.firm_id = f.id AND pp.deleted_at IS NULL))`;
  const rows = (columns: Expr): Expr => {
    if (!people) {
      return sql`SELECT ${columns} FROM firms f WHERE f.deleted_at IS NULL AND (f.is_lead = 0${admitted ? sql` OR ${admitted}` : sql``}) AND (${compiled.sql})`;
    }
    // The firm list's people through the (firm, person) index; the few leads a topic brings in
    // apart, with a row of their own when they have no person.
    const listed = sql`SELECT ${columns} FROM firms f CROSS JOIN people p ON p.firm_id = f.id AND p.deleted_at IS NULL
      WHERE f.deleted_at IS NULL AND f.is_lead = 0 AND (${compiled.sql})`;
    return admitted ? sql`${listed} UNION ALL ${leadRows(columns)}` : listed;
  };
  const leadRows = (columns: Expr): Expr => sql`SELECT ${columns} FROM firms f LEFT JOIN people p ON p.firm_id = f.id AND p.deleted_at IS NULL
      WHERE f.deleted_at IS NULL AND ${admitted} AND (${compiled.sql})`;
  const consent = spec.topicId ? compiler.consent(spec.topicId) : sql`1`;
  let key: Expr = sql`NULL`;
  if (spec.dedupe === 'email') {
    // The first e-mail by the user's order (then by value): index order, no sorting.
    // The worker's warm first e-mails (firm-facts.ts) when it has them, outside transactions.
    const warm = ctx.firmFacts?.firmEmails;
    const firmEmail = warm && !ctx.db.isTransaction && warm.ready() ? sql`${sql.raw(FIRM_EMAIL_FUNCTION)}(f.rid)` : sql.raw(FIRM_EMAIL_SQL('f.id'));
    key = people
      ? sql`CASE WHEN p.id IS NULL THEN ${firmEmail} ELSE (SELECT lower(trim(c.value)) FROM channels c WHERE c.person_id = p.id
          AND c.kind = 'email' AND c.deleted_at IS NULL ORDER BY c.sort, c.value LIMIT 1) END`
      : firmEmail;
  } else if (spec.dedupe === 'address') {
    const norm = `lower(replace(replace(replace(a.street || '|' || a.number || '|' || a.postal_code || '|' || a.city || '|' || a.country, ' ', ''), '.', ''), ',', ''))`;
    const main = sql.raw(`(SELECT ${norm} FROM addresses a WHERE a.firm_id = f.id AND a.deleted_at IS NULL AND ${addressUsable('a')}
      ORDER BY ${mainAddressOrder('a')} LIMIT 1)`);
    key = sql`coalesce(${main}, '#' || coalesce(${people ? sql`p.id` : sql`NULL`}, f.id))`;
  }
  const firmLevel = people && !compiler.personLevel ? { where: compiled.sql, leadRows: admitted ? leadRows : null } : null;
  return { rows, consent, key, people, firmLevel };
}

/** How many rows the selection yields now, and who was left out and why — one aggregate. */
export async function countSelection(ctx: Ctx, spec: SelectionSpec): Promise<SelectionCount> {
  const q = await compileSelection(ctx, spec);
  // The consent and key are computed once per row: a subquery with LIMIT is not flattened into
  // the aggregate (which would evaluate them once per use) but run as a co-routine.
  // Without deduplication the key is not computed (nor counted).
  const dedupe = spec.dedupe !== 'none';
  if (!dedupe && q.firmLevel && ctx.peopleCounts && !ctx.db.isTransaction) {
    const fast = await countFromFirms(ctx, q, q.firmLevel, spec.topicId);
    if (fast) return fast;
  }
  const r = (await sql<{ total: number; no_consent: number; opted_out: number; no_key: number; distinct_keys: number }>`
    SELECT count(*) AS total, coalesce(sum(consent = 0), 0) AS no_consent, coalesce(sum(consent = 2), 0) AS opted_out,
      ${dedupe ? sql`coalesce(sum(consent = 1 AND k IS NULL), 0) AS no_key, count(DISTINCT CASE WHEN consent = 1 THEN k END) AS distinct_keys`
        : sql`0 AS no_key, 0 AS distinct_keys`}
    FROM (${q.rows(dedupe ? sql`${q.consent} AS consent, ${q.key} AS k` : sql`${q.consent} AS consent`)} LIMIT -1)`.execute(ctx.db)).rows[0]!;
  const eligible = r.total - r.no_consent - r.opted_out;
  const noEmail = spec.dedupe === 'email' ? r.no_key : 0;
  const rows = spec.dedupe === 'none' ? eligible : r.distinct_keys;
  return {
    rows,
    excluded: { noConsent: r.no_consent, optedOut: r.opted_out, duplicates: eligible - noEmail - rows, noEmail },
  };
}

/** People of firms chosen by firm-level conditions, counted from the warm per-firm sums
 * (people-counts.ts): the listed firms' rids from SQL, their people and the topic's subscribed
 * and opted-out people summed by rid; the few leads a topic brings in counted in SQL as before.
 * Null when the sums cannot be kept (sparse rids). Same result as the row-by-row count (tested). */
async function countFromFirms(ctx: Ctx, q: SelectionSql, firmLevel: NonNullable<SelectionSql['firmLevel']>, topicId: string | null)
  : Promise<SelectionCount | null> {
  const db = ctx.db as Kysely<Database>;
  const people = await ctx.peopleCounts!.peopleByRid(db);
  const topic = topicId ? await ctx.peopleCounts!.topic(db, topicId) : null;
  if (!people || (topicId && !topic)) return null;
  const rids = (await sql<{ rid: number }>`SELECT f.rid AS rid FROM firms f
    WHERE f.deleted_at IS NULL AND f.is_lead = 0 AND (${firmLevel.where})`.execute(db)).rows;
  let total = 0;
  let subscribed = 0;
  let optedOut = 0;
  for (const { rid } of rids) {
    if (rid >= people.length) return null; // a firm added since the sums were made: count in SQL
    total += people[rid]!;
    if (topic) { subscribed += topic.subscribed[rid]!; optedOut += topic.optedOut[rid]!; }
  }
  if (!topic) subscribed = total;
  if (firmLevel.leadRows) {
    const l = (await sql<{ total: number; no_consent: number; opted_out: number }>`SELECT count(*) AS total,
      coalesce(sum(consent = 0), 0) AS no_consent, coalesce(sum(consent = 2), 0) AS opted_out
      FROM (${firmLevel.leadRows(sql`${q.consent} AS consent`)} LIMIT -1)`.execute(db)).rows[0]!;
    total += l.total;
    subscribed += l.total - l.no_consent - l.opted_out;
    optedOut += l.opted_out;
  }
  return { rows: subscribed, excluded: { noConsent: total - subscribed - optedOut, optedOut, duplicates: 0, noEmail: 0 } };
}

/** Places and arrival indexes below this pack into one float (2^21: two million firms). */
const PACK = 2 ** 21;

/** One row of the result: whom it addresses. */
export interface RowRef { personId: string | null; /** the firm's integer rid: batches read by it */ rid: number }
/** A row with its firm's text id too (selectRows' `firmIds`). An export reads its firms by rid
 * and needs no id: 100k 36-character strings not made, nor carried to the end of the export. */
export interface RowRefWithFirm extends RowRef { firmId: string }

/** The rows the export writes, in its order — by firm name as the firm list orders it in the
 * language (leads after the listed firms), then the main person first, then by name — with the
 * excluded ones left out (consent, no e-mail, duplicates after their first occurrence).
 * `firmList`: take the firm order from the worker's warm in-memory list (reads); without it
 * (a one-off CLI run, where loading the whole list would cost more than sorting the rows) the
 * names are sorted here with the same collator and tie-breaks. */
export async function selectRows(ctx: Ctx, spec: SelectionSpec, locale: Locale, opts: { firmList: boolean; firmIds: true })
  : Promise<{ rows: RowRefWithFirm[]; count: SelectionCount }>;
export async function selectRows(ctx: Ctx, spec: SelectionSpec, locale: Locale, opts: { firmList: boolean; firmIds?: boolean })
  : Promise<{ rows: RowRef[]; count: SelectionCount }>;
export async function selectRows(ctx: Ctx, spec: SelectionSpec, locale: Locale, opts: { firmList: boolean; firmIds?: boolean })
  : Promise<{ rows: RowRef[]; count: SelectionCount }> {
  const q = await compileSelection(ctx, spec);
  // Absent columns (undefined): the person's (firm recipients), consent (no topic), key (no deduplication).
  // With the firm list's order at hand only leads (after the list, by name) need their names:
  // 100k strings fewer to make and collect on a big export.
  const name = opts.firmList ? sql`CASE WHEN f.is_lead = 1 THEN f.name END` : sql`f.name`;
  // Each row comes named as a RowRef (personId, rid, firmId when asked for): the kept ones are
  // handed on as they are, not copied into 100k new objects.
  const raw = (await sql<RowRef & { firmId?: string; is_lead: number; firm_name: string | null; is_main?: number | null;
    last_name?: string | null; first_name?: string | null; consent?: number; k?: string | null }>`${q.rows(sql`
      ${opts.firmIds ? sql`f.id AS firmId, ` : sql``}${q.people ? sql`p.id` : sql`NULL`} AS personId, f.rid AS rid, f.is_lead AS is_lead, ${name} AS firm_name${q.people
        ? sql`, p.is_main AS is_main, p.last_name AS last_name, p.first_name AS first_name` : sql``}${
      // Constants (no topic: everyone consents; no deduplication: no key) are not read row by row.
      spec.topicId ? sql`, ${q.consent} AS consent` : sql``}${spec.dedupe !== 'none' ? sql`, ${q.key} AS k` : sql``}`)}`.execute(ctx.db)).rows;
  const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
  // Firms are handled as the index of their first row in `raw` (people rows of a firm share it):
  // numbers in arrays, no object per firm.
  const nameAt = (i: number) => raw[i]!.firm_name ?? '';
  const byName = (a: number, b: number) => {
    const x = nameAt(a);
    const y = nameAt(b);
    return collator.compare(x, y) || (x < y ? -1 : x > y ? 1 : 0) || raw[a]!.rid - raw[b]!.rid;
  };
  // Each firm's first row: people rows of a firm share it (found by rid through a typed array,
  // util/rid-index.ts, not a Map); firm recipients are one row per firm.
  const firstRow = q.people ? new RidIndex(raw.length, (i) => raw[i]!.rid) : null;
  const firsts: number[] = [];
  for (let i = 0; i < raw.length; i++) if (!firstRow || firstRow.get(raw[i]!.rid) === i) firsts.push(i);
  // Each firm's place once, then the rows by that number.
  // Through the caller's handle: inside exports.run's transaction the list's own would wait forever.
  const listRank = opts.firmList ? await ctx.firmList.ridRank(locale, ctx.db) : null;
  let order: number[];
  if (listRank) {
    // Listed firms take their place in the warm list: numbers (place, then arrival) packed into
    // one float and sorted as a typed array — no comparator call per pair over 100k firms.
    // Leads (and a firm the list does not hold) follow, by name as below.
    const keys = new Float64Array(firsts.length);
    let listed = 0;
    const others: number[] = [];
    for (let j = 0; j < firsts.length; j++) {
      const r = raw[firsts[j]!]!;
      const rank = r.is_lead ? Number.MAX_SAFE_INTEGER : listRank(r.rid);
      if (rank < PACK) keys[listed++] = rank * PACK + j; // exact: both < 2^21
      else others.push(firsts[j]!);
    }
    const sorted = keys.subarray(0, listed).sort();
    order = [];
    for (let k = 0; k < listed; k++) order.push(firsts[sorted[k]! % PACK]!);
    others.sort((a, b) => raw[a]!.is_lead - raw[b]!.is_lead || (raw[a]!.is_lead ? byName(a, b) : 0));
    for (const i of others) order.push(i);
  } else {
    // The firm list's order: the collator, then the code points, then the rid. A plain sort first
    // leaves the collator little to do (its comparisons are the expensive part).
    order = firsts;
    order.sort((a, b) => (nameAt(a) < nameAt(b) ? -1 : nameAt(a) > nameAt(b) ? 1 : raw[a]!.rid - raw[b]!.rid));
    order.sort((a, b) => raw[a]!.is_lead - raw[b]!.is_lead || byName(a, b));
  }
  // Firm recipients are one row per firm: the firms' order is the rows' order. People rows take
  // their firm's place, then the main person first, then by name.
  let inOrder: typeof raw;
  if (q.people) {
    const placeAt = new Int32Array(raw.length); // by the firm's first row
    for (let k = 0; k < order.length; k++) placeAt[order[k]!] = k;
    const ranked = raw.map((r) => ({ r, rank: placeAt[firstRow!.get(r.rid)]! }));
    ranked.sort((a, b) => a.rank - b.rank
      || (b.r.is_main ?? 0) - (a.r.is_main ?? 0)
      || collator.compare(a.r.last_name ?? '', b.r.last_name ?? '')
      || collator.compare(a.r.first_name ?? '', b.r.first_name ?? '')
      || ((a.r.personId ?? '') < (b.r.personId ?? '') ? -1 : 1));
    inOrder = ranked.map((x) => x.r);
  } else {
    inOrder = order.map((i) => raw[i]!);
  }
  const excluded = { noConsent: 0, optedOut: 0, duplicates: 0, noEmail: 0 };
  const seen = new Set<string>();
  const rows: RowRef[] = [];
  for (const r of inOrder) {
    if (r.consent === 0) { excluded.noConsent++; continue; }
    if (r.consent === 2) { excluded.optedOut++; continue; }
    if (spec.dedupe !== 'none') {
      if (r.k === null || r.k === undefined) { excluded.noEmail++; continue; }
      if (seen.has(r.k)) { excluded.duplicates++; continue; }
      seen.add(r.k);
    }
    rows.push(r);
  }
  return { rows, count: { rows: rows.length, excluded } };
}
