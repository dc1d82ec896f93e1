// Erasing for good: the one place where the app removes rows instead of tombstoning them.
// Everything of an erased deletion goes — the record, what went to the trash with it, and what
// still names it: a firm takes all its rows (people, contacts, opportunities, sales, history,
// memberships…, its search row through the triggers), a person their e-mails, phones, consents
// and field values; links from records that stay are cut. Merge records that hold a copy of an
// erased row go too (their undo could not put it back anyway). Files no row names any more are
// removed after the commit.
//
// Kept in this one function on purpose: when laptops sync, an erasure must travel as a
// tombstone of its own, and this is where that will be written.
import fs from 'node:fs';
import { sql, type Kysely } from 'kysely';
import type { Ctx } from '../context.ts';
import { blobPath } from '../attachments/store.ts';
import type { TrashEntry } from './trash.ts';
import { supersedePending } from '../sync/supersede.ts';

const CHUNK = 400;
const anyDb = (ctx: Ctx) => ctx.db as unknown as Kysely<any>;

function chunks<T>(list: Iterable<T>): T[][] {
  const all = [...list];
  const out: T[][] = [];
  for (let k = 0; k < all.length; k += CHUNK) out.push(all.slice(k, k + CHUNK));
  return out;
}

/** Ids of `table` rows whose `column` is one of `values`. */
async function idsWhere(ctx: Ctx, table: string, column: string, values: Iterable<string>): Promise<string[]> {
  const out: string[] = [];
  for (const part of chunks(values)) {
    const rows = await anyDb(ctx).selectFrom(table).select('id').where(column, 'in', part).execute() as { id: string }[];
    for (const r of rows) out.push(r.id);
  }
  return out;
}

async function deleteWhere(ctx: Ctx, table: string, column: string, values: Iterable<string>): Promise<void> {
  for (const part of chunks(values)) await anyDb(ctx).deleteFrom(table).where(column, 'in', part).execute();
}

/** Cuts a link from rows that stay to rows that go. */
async function unlink(ctx: Ctx, table: string, column: string, values: Iterable<string>, now: number): Promise<void> {
  for (const part of chunks(values)) {
    await anyDb(ctx).updateTable(table).set({ [column]: null, updated_at: now }).where(column, 'in', part).execute();
  }
}

/** Adds to `set` the ids of records merged into those already in it (their tombstones point at
 * them), until none is new. */
async function withMergedInto(ctx: Ctx, table: 'firms' | 'people', set: Set<string>): Promise<void> {
  let fresh = [...set];
  while (fresh.length > 0) {
    const found = (await idsWhere(ctx, table, 'merged_into_id', fresh)).filter((id) => !set.has(id));
    for (const id of found) set.add(id);
    fresh = found;
  }
}

/** Erases the given trash entries for good, in the caller's transaction; returns how many. */
export async function eraseEntries(ctx: Ctx, entries: readonly TrashEntry[]): Promise<number> {
  if (entries.length === 0) return 0;
  // Rows are removed in dependency order below; deferring the foreign-key checks to the commit
  // keeps a cycle (a contact following another, a person reporting to another) from failing a
  // statement halfway, while the commit still refuses anything left dangling.
  await sql`PRAGMA defer_foreign_keys = ON`.execute(ctx.db);
  const now = ctx.now();
  const of = (kind: TrashEntry['kind']) => entries.filter((e) => e.kind === kind).map((e) => e.entity_id);

  const firms = new Set(of('firm'));
  await withMergedInto(ctx, 'firms', firms);
  const people = new Set([...of('person'), ...await idsWhere(ctx, 'people', 'firm_id', firms)]);
  await withMergedInto(ctx, 'people', people);
  const contacts = new Set([...of('contact'), ...await idsWhere(ctx, 'contacts', 'firm_id', firms)]);
  const tasks = new Set([...of('task'), ...await idsWhere(ctx, 'tasks', 'firm_id', firms)]);
  const notes = new Set([...of('note'), ...await idsWhere(ctx, 'notes', 'firm_id', firms)]);
  const opportunities = await idsWhere(ctx, 'opportunities', 'firm_id', firms);
  const files = new Set<string>();
  for (const part of chunks(firms)) {
    for (const r of await ctx.db.selectFrom('attachments').select('sha256').where('firm_id', 'in', part).execute()) files.add(r.sha256);
  }

  // What hangs on them.
  await deleteWhere(ctx, 'reminders', 'contact_id', contacts);
  await deleteWhere(ctx, 'reminders', 'task_id', tasks);
  await deleteWhere(ctx, 'reminders', 'opportunity_id', opportunities);
  await deleteWhere(ctx, 'note_shares', 'note_id', notes);
  for (const table of ['opportunity_users', 'opportunity_lines', 'opportunity_competitors', 'opportunity_comments']) {
    await deleteWhere(ctx, table, 'opportunity_id', opportunities);
  }
  for (const table of ['sales', 'segment_members', 'changes', 'subscriptions', 'attachments', 'addresses', 'channels']) {
    await deleteWhere(ctx, table, 'firm_id', firms);
  }
  await deleteWhere(ctx, 'channels', 'person_id', people);
  await deleteWhere(ctx, 'subscriptions', 'person_id', people);
  await deleteWhere(ctx, 'field_values', 'entity_id', [...firms, ...people]);
  await deleteWhere(ctx, 'duplicate_dismissals', 'a_id', [...firms, ...people]);
  await deleteWhere(ctx, 'duplicate_dismissals', 'b_id', [...firms, ...people]);
  await unlink(ctx, 'segments', 'parent_firm_id', firms, now);

  await eraseMergeRecords(ctx, new Set([...firms, ...people, ...contacts, ...tasks, ...notes]));
  await deleteWhere(ctx, 'opportunities', 'id', opportunities);
  await deleteWhere(ctx, 'notes', 'id', notes);
  await deleteWhere(ctx, 'tasks', 'id', tasks);
  await deleteWhere(ctx, 'contacts', 'id', contacts);

  // Links from records that stay: a live firm's contacts, notes, tasks and files that named an
  // erased person or contact, a person who reported to an erased one.
  for (const table of ['contacts', 'notes', 'tasks', 'attachments']) await unlink(ctx, table, 'person_id', people, now);
  for (const table of ['notes', 'tasks', 'attachments']) await unlink(ctx, table, 'contact_id', contacts, now);
  await unlink(ctx, 'contacts', 'follows_id', contacts, now);
  await unlink(ctx, 'people', 'reports_to_id', people, now);

  await deleteWhere(ctx, 'people', 'id', people);
  await deleteWhere(ctx, 'firms', 'id', firms);
  // The entries erased, and those of records erased with a firm (a person deleted on their own
  // before the firm was).
  await deleteWhere(ctx, 'trash', 'id', entries.map((e) => e.id));
  await deleteWhere(ctx, 'trash', 'entity_id', [...firms, ...people, ...contacts, ...tasks, ...notes]);

  // A file goes when no row names it any more (the same file may be attached elsewhere, or to a
  // record in the trash that can still be restored). Only after the commit: a rolled-back erase
  // must find its files where they were.
  const named = new Set<string>();
  for (const part of chunks(files)) {
    for (const r of await ctx.db.selectFrom('attachments').select('sha256').where('sha256', 'in', part).execute()) named.add(r.sha256);
  }
  // For good means the outbox too: older pending changes of the removed rows lose their values.
  await supersedePending(ctx.db);
  const orphans = [...files].filter((sha) => !named.has(sha));
  if (orphans.length > 0) {
    ctx.afterCommit?.(() => { for (const sha of orphans) fs.rmSync(blobPath(ctx.filesDir, sha), { force: true }); });
  }
  return entries.length;
}

/** Merge records whose survivor, merged record or before-images include an erased row. */
async function eraseMergeRecords(ctx: Ctx, erased: Set<string>): Promise<void> {
  const merges = await ctx.db.selectFrom('merges').select(['id', 'survivor_id', 'merged_id', 'snapshot']).execute();
  const doomed: string[] = [];
  for (const m of merges) {
    if (erased.has(m.survivor_id) || erased.has(m.merged_id)) { doomed.push(m.id); continue; }
    const before = (JSON.parse(m.snapshot) as { before?: Record<string, { id: string }[]> }).before ?? {};
    if (Object.values(before).some((rows) => rows.some((r) => erased.has(r.id)))) doomed.push(m.id);
  }
  await deleteWhere(ctx, 'merges', 'id', doomed);
}
