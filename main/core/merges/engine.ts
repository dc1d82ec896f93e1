// Merging two firms (or two people) into one — and undoing it exactly.
//
// Every row a merge changes is an UPDATE of an existing row (children move, the merged record
// becomes a tombstone), so before changing a row the merge keeps its complete before-image. The
// before-images, the ids of the few rows it inserted (its entries in the firm's history) and
// the time it stamped on every row it touched go into `merges.snapshot`. Undo writes the
// before-images back column by column and deletes the inserted rows: the database is then what
// it was, byte for byte (the search index follows through its triggers). If any touched row has
// changed since — its updated_at is no longer the merge's — undo refuses rather than overwrite
// that later work.
import type { Kysely } from 'kysely';
import type { Ctx } from '../context.ts';
import { notFound, stamps } from '../context.ts';
import type { Database } from '../db/schema.ts';
import type { ParsedInput } from '../../../shared/contract.ts';
import type { FirmKind } from '../../../shared/types.ts';
import { AppError } from '../../../shared/errors.ts';
import { uuidv7 } from '../util/ids.ts';
import { normalizeEmail, normalizePhone } from '../duplicates/normalize.ts';

/** Tables a merge may update, in the order undo restores them: children before their parents,
 * firms last, so each firm's search row is rebuilt once everything under it is back. */
const RESTORE_ORDER = [
  'segment_members', 'field_values', 'subscriptions', 'contacts', 'notes', 'tasks', 'attachments', 'channels', 'addresses',
  'changes', 'segments', 'opportunities', 'sales', 'people', 'firms',
] as const;
type TouchTable = (typeof RESTORE_ORDER)[number];
type Row = { id: string } & Record<string, unknown>;

export interface MergeSnapshot {
  version: 1;
  entity: 'firm' | 'person';
  /** The updated_at the merge wrote on every row it touched. */
  stamp: number;
  survivorName: string;
  mergedName: string;
  before: Partial<Record<TouchTable, Row[]>>;
  inserted: { changes: string[] };
}

// Dynamic table names: the rows are copied verbatim, whatever their columns.
const anyDb = (ctx: Ctx) => ctx.db as unknown as Kysely<any>;

const CHUNK = 400;
function chunks<T>(list: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let k = 0; k < list.length; k += CHUNK) out.push(list.slice(k, k + CHUNK));
  return out;
}

/** Keeps the first before-image of every row it updates, and stamps each update. */
class MergeWriter {
  readonly stamp: number;
  private readonly ctx: Ctx;
  private readonly before = new Map<TouchTable, Map<string, Row>>();
  readonly insertedChanges: string[] = [];

  constructor(ctx: Ctx, stamp: number) {
    this.ctx = ctx;
    this.stamp = stamp;
  }

  async rows(table: TouchTable, column: string, value: string): Promise<Row[]> {
    return await anyDb(this.ctx).selectFrom(table).selectAll().where(column, '=', value).orderBy('id').execute() as Row[];
  }

  /** Updates these rows (before-images kept) with `set` and the merge's stamp. */
  async touch(table: TouchTable, rows: readonly Row[], set: Record<string, unknown>): Promise<void> {
    if (rows.length === 0) return;
    let kept = this.before.get(table);
    if (!kept) this.before.set(table, (kept = new Map()));
    for (const r of rows) if (!kept.has(r.id)) kept.set(r.id, { ...r });
    for (const ids of chunks(rows.map((r) => r.id))) {
      await anyDb(this.ctx).updateTable(table).set({ ...set, updated_at: this.stamp }).where('id', 'in', ids).execute();
    }
  }

  /** An entry in the firm's history, removed again by undo. */
  async change(firmId: string, field: string, oldValue: string, newValue: string): Promise<void> {
    const id = uuidv7(this.stamp);
    await this.ctx.db.insertInto('changes').values({
      id, firm_id: firmId, user_id: this.ctx.localUserId, at: this.stamp, field,
      old_value: oldValue.slice(0, 500), new_value: newValue.slice(0, 500), ...stamps(this.stamp),
    }).execute();
    this.insertedChanges.push(id);
  }

  async save(entity: 'firm' | 'person', survivorId: string, mergedId: string, survivorName: string, mergedName: string): Promise<string> {
    const before: MergeSnapshot['before'] = {};
    for (const [table, rows] of this.before) before[table] = [...rows.values()];
    const snapshot: MergeSnapshot = { version: 1, entity, stamp: this.stamp, survivorName, mergedName, before, inserted: { changes: this.insertedChanges } };
    const id = uuidv7(this.stamp);
    await this.ctx.db.insertInto('merges').values({
      id, entity, survivor_id: survivorId, merged_id: mergedId, user_id: this.ctx.localUserId,
      snapshot: JSON.stringify(snapshot), undone_at: null, ...stamps(this.stamp),
    }).execute();
    return id;
  }
}

const channelKey = (kind: unknown, value: unknown) =>
  `${String(kind)}|${kind === 'phone' ? normalizePhone(String(value)) || String(value) : normalizeEmail(String(value))}`;

/** Moves the channels of the merged firm or person to the survivor; one that the survivor
 * already has (same kind and number or address) is tombstoned instead of doubled. */
async function moveChannels(w: MergeWriter, rows: Row[], survivorLive: Row[], set: Record<string, unknown>, sameOwner: (r: Row) => boolean): Promise<void> {
  const have = new Set(survivorLive.filter((r) => r.deleted_at === null && sameOwner(r)).map((r) => channelKey(r.kind, r.value)));
  const doubled = rows.filter((r) => r.deleted_at === null && sameOwner(r) && have.has(channelKey(r.kind, r.value)));
  const doubledIds = new Set(doubled.map((r) => r.id));
  await w.touch('channels', rows.filter((r) => !doubledIds.has(r.id)), set);
  await w.touch('channels', doubled, { ...set, deleted_at: w.stamp });
}

/**
 * User field values of the merged record go to the survivor, except where the survivor has a
 * value of its own (kept; the other is tombstoned). One row per field and record is allowed,
 * so a survivor's deleted row is revived with the merged value rather than a second row added.
 */
async function moveFieldValues(w: MergeWriter, survivorId: string, mergedId: string): Promise<void> {
  const mine = new Map((await w.rows('field_values', 'entity_id', survivorId)).map((r) => [r.field_id, r]));
  for (const r of await w.rows('field_values', 'entity_id', mergedId)) {
    const own = mine.get(r.field_id);
    if (!own) await w.touch('field_values', [r], { entity_id: survivorId });
    else if (r.deleted_at !== null) continue;
    else if (own.deleted_at === null) await w.touch('field_values', [r], { deleted_at: w.stamp });
    else {
      await w.touch('field_values', [own], { value_text: r.value_text, value_num: r.value_num, option_id: r.option_id, deleted_at: null });
      await w.touch('field_values', [r], { deleted_at: w.stamp });
    }
  }
}

type FirmChoice = ParsedInput<'firms.merge'>['choose'];

const FIRM_FIELDS = { name: 'name', ico: 'ico', dic: 'dic', website: 'website', industry: 'industry_id', sourceId: 'source_id', ownerId: 'owner_id' } as const;
const KIND_COLUMNS = { customer: 'is_customer', prospect: 'is_prospect', supplier: 'is_supplier' } as const;

async function liveRow(ctx: Ctx, table: 'firms' | 'people', id: string, field: string): Promise<Row> {
  const row = await anyDb(ctx).selectFrom(table).selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst() as Row | undefined;
  if (!row) throw notFound(field);
  return row;
}

export interface FirmMergeOptions {
  /** Lead conversion into an existing firm: the result is a firm (not a lead), and a lead
   * survivor gets these kinds. */
  asFirm?: FirmKind[];
}

/** Merges firm `mergedId` into `survivorId`; returns the merge's id (for undo). */
export async function mergeFirms(ctx: Ctx, input: { survivorId: string; mergedId: string; choose: FirmChoice }, opts: FirmMergeOptions = {}): Promise<string> {
  const survivor = await liveRow(ctx, 'firms', input.survivorId, 'survivorId');
  const merged = await liveRow(ctx, 'firms', input.mergedId, 'mergedId');
  const S = survivor.id;
  const M = merged.id;
  const w = new MergeWriter(ctx, ctx.now());

  // People: a firm has one main person, so the merged firm's main person steps down if the
  // survivor has one.
  const survivorPeople = await w.rows('people', 'firm_id', S);
  const survivorHasMain = survivorPeople.some((p) => p.deleted_at === null && p.is_main === 1);
  const people = await w.rows('people', 'firm_id', M);
  const stepDown = people.filter((p) => survivorHasMain && p.is_main === 1);
  await w.touch('people', people.filter((p) => !stepDown.includes(p)), { firm_id: S });
  await w.touch('people', stepDown, { firm_id: S, is_main: 0 });

  // Everything else that hangs on the firm moves as it is, tombstones included, so nothing
  // keeps pointing at the merged firm and its history reads complete on the survivor.
  for (const table of ['contacts', 'notes', 'tasks', 'attachments', 'addresses', 'changes', 'opportunities', 'sales'] as const) {
    await w.touch(table, await w.rows(table, 'firm_id', M), { firm_id: S });
  }
  await moveChannels(w, await w.rows('channels', 'firm_id', M), await w.rows('channels', 'firm_id', S), { firm_id: S }, (r) => r.person_id === null);
  await w.touch('segments', await w.rows('segments', 'parent_firm_id', M), { parent_firm_id: S });

  // Segment memberships: one row per segment and firm.
  const memberships = new Map((await w.rows('segment_members', 'firm_id', S)).map((r) => [r.segment_id, r]));
  for (const r of await w.rows('segment_members', 'firm_id', M)) {
    const own = memberships.get(r.segment_id);
    if (!own) await w.touch('segment_members', [r], { firm_id: S });
    else if (r.deleted_at !== null) continue;
    else {
      if (own.deleted_at !== null) await w.touch('segment_members', [own], { deleted_at: null });
      await w.touch('segment_members', [r], { deleted_at: w.stamp });
    }
  }
  await moveFieldValues(w, S, M);
  await moveSubscriptions(w, 'firm_id', S, M);

  // The survivor's own fields, each from the side the user chose.
  const set: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(FIRM_FIELDS)) {
    set[column] = input.choose[field as keyof typeof FIRM_FIELDS] === 'merged' ? merged[column] : survivor[column];
  }
  // The ids are read by their country's scheme: the country goes with the principal id (ico),
  // the Slovak IČ DPH with the DIČ beside it.
  set.country = input.choose.ico === 'merged' ? merged.country : survivor.country;
  set.vat_id = input.choose.dic === 'merged' ? merged.vat_id : survivor.vat_id;
  for (const column of Object.values(KIND_COLUMNS)) {
    const k = input.choose.kinds;
    set[column] = k === 'survivor' ? survivor[column] : k === 'merged' ? merged[column] : Math.max(Number(survivor[column]), Number(merged[column]));
  }
  // A lead absorbing a real firm becomes a firm: the firm must not vanish from the list.
  set.is_lead = opts.asFirm ? 0 : Math.min(Number(survivor.is_lead), Number(merged.is_lead));
  if (opts.asFirm && survivor.is_lead === 1) {
    for (const [kind, column] of Object.entries(KIND_COLUMNS)) set[column] = opts.asFirm.includes(kind as FirmKind) ? 1 : 0;
  }
  await w.touch('firms', [survivor], set);
  await w.touch('firms', [merged], { deleted_at: w.stamp, merged_into_id: S });
  await w.change(S, 'merge', '', String(merged.name));
  return w.save('firm', S, M, String(survivor.name), String(merged.name));
}

type PersonChoice = ParsedInput<'people.merge'>['choose'];
const PERSON_FIELDS = {
  titleBefore: 'title_before', firstName: 'first_name', patronymic: 'patronymic', lastName: 'last_name', titleAfter: 'title_after',
  gender: 'gender', jobTitle: 'job_title', roleId: 'role_id', note: 'note',
} as const;

export const personName = (p: Row) => [p.title_before, p.first_name, p.last_name].filter(Boolean).join(' ');

/** Merges person `mergedId` into `survivorId` (both of one firm); returns the merge's id. */
export async function mergePeople(ctx: Ctx, input: { survivorId: string; mergedId: string; choose: PersonChoice }): Promise<string> {
  const survivor = await liveRow(ctx, 'people', input.survivorId, 'survivorId');
  const merged = await liveRow(ctx, 'people', input.mergedId, 'mergedId');
  // Two firms' people are merged by merging the firms; across firms a person's history would
  // silently change firm.
  if (survivor.firm_id !== merged.firm_id) throw new AppError({ code: 'validation', messageKey: 'errors.merge_other_firm', field: 'mergedId' });
  const S = survivor.id;
  const M = merged.id;
  const w = new MergeWriter(ctx, ctx.now());

  for (const table of ['contacts', 'notes', 'tasks', 'attachments'] as const) {
    await w.touch(table, await w.rows(table, 'person_id', M), { person_id: S });
  }
  await moveChannels(w, await w.rows('channels', 'person_id', M), await w.rows('channels', 'person_id', S), { person_id: S }, () => true);
  await moveFieldValues(w, S, M);
  await moveSubscriptions(w, 'person_id', S, M);

  // The decision hierarchy: whoever reported to the merged person reports to the survivor.
  const firmPeople = await w.rows('people', 'firm_id', String(survivor.firm_id));
  const reports = firmPeople.filter((p) => p.reports_to_id === M && p.id !== S && p.id !== M);
  await w.touch('people', reports, { reports_to_id: S });
  let boss = (survivor.reports_to_id ?? merged.reports_to_id) as string | null;
  if (boss === M) boss = merged.reports_to_id as string | null;
  if (boss === S || boss === M) boss = null;
  // No cycles: if the chain above the survivor comes back to it, the survivor reports to no one.
  const up = new Map(firmPeople.map((p) => [p.id, (p.reports_to_id === M ? S : p.reports_to_id) as string | null]));
  up.set(S, boss);
  for (let at = boss, steps = 0; at && steps <= firmPeople.length; at = up.get(at) ?? null, steps++) {
    if (at === S) { boss = null; break; }
  }

  const set: Record<string, unknown> = { reports_to_id: boss, is_main: Math.max(Number(survivor.is_main), Number(merged.is_main)) };
  for (const [field, column] of Object.entries(PERSON_FIELDS)) {
    set[column] = input.choose[field as keyof typeof PERSON_FIELDS] === 'merged' ? merged[column] : survivor[column];
  }
  await w.touch('people', [survivor], set);
  await w.touch('people', [merged], { deleted_at: w.stamp, merged_into_id: S, is_main: 0 });
  return w.save('person', S, M, personName(survivor), personName(merged));
}

/**
 * Newsletter consent follows the merged record (a lead's own, or a person's): one live row per
 * topic and subject, so where both had one the survivor's stays, and an opt-out on either side
 * wins (the more careful reading of two records of one person).
 */
async function moveSubscriptions(w: MergeWriter, column: 'firm_id' | 'person_id', S: string, M: string): Promise<void> {
  const own = new Map((await w.rows('subscriptions', column, S)).filter((r) => r.deleted_at === null).map((r) => [r.topic_id, r]));
  for (const r of await w.rows('subscriptions', column, M)) {
    const kept = own.get(r.topic_id);
    if (r.deleted_at !== null || !kept) { await w.touch('subscriptions', [r], { [column]: S }); continue; }
    if (r.unsubscribed_at !== null && kept.unsubscribed_at === null) await w.touch('subscriptions', [kept], { unsubscribed_at: r.unsubscribed_at });
    await w.touch('subscriptions', [r], { deleted_at: w.stamp });
  }
}

/** Puts back everything the merge changed. Refuses when already undone or when a touched row
 * was changed after the merge (that change would be lost). */
export async function undoMerge(ctx: Ctx, id: string): Promise<{ survivorId: string; mergedId: string; entity: 'firm' | 'person' }> {
  const merge = await ctx.db.selectFrom('merges').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  if (!merge) throw notFound();
  if (merge.undone_at !== null) throw new AppError({ code: 'validation', messageKey: 'errors.merge_already_undone', field: 'id' });
  const snap = JSON.parse(merge.snapshot) as MergeSnapshot;
  const db = anyDb(ctx);

  for (const table of RESTORE_ORDER) {
    const rows = snap.before[table] ?? [];
    for (const part of chunks(rows)) {
      const now = new Map((await db.selectFrom(table).select(['id', 'updated_at']).where('id', 'in', part.map((r) => r.id)).execute())
        .map((r: { id: string; updated_at: number }) => [r.id, r.updated_at]));
      if (part.some((r) => now.get(r.id) !== snap.stamp)) {
        throw new AppError({ code: 'validation', messageKey: 'errors.merge_conflict', field: 'id' });
      }
    }
  }

  for (const table of RESTORE_ORDER) {
    for (const row of snap.before[table] ?? []) {
      const { id: rowId, rid: _rid, ...columns } = row;
      await db.updateTable(table).set(columns).where('id', '=', rowId).execute();
    }
  }
  for (const part of chunks(snap.inserted.changes)) await ctx.db.deleteFrom('changes').where('id', 'in', part).execute();
  const now = ctx.now();
  await ctx.db.updateTable('merges').set({ undone_at: now, updated_at: now }).where('id', '=', id).execute();
  // The restored rows carry their old updated_at, older than the list's watermark, so the
  // incremental refresh would not see them: rebuild the firm list.
  if (snap.entity === 'firm') ctx.firmList.reloadAll();
  return { survivorId: merge.survivor_id, mergedId: merge.merged_id, entity: snap.entity };
}
