// The trash: a user's deletion is never a DELETE. It opens one `trash` row (what, who, when)
// and tombstones the record together with what hangs on it, each row marked with that trash
// row's id. Restoring clears exactly the rows so marked — a firm comes back with the people,
// contacts, tasks and notes deleted with it, not with the person deleted on their own before.
// Erasing for good is erase.ts.
//
// What goes with what:
//   firm    → its people, addresses, e-mails and phones, contacts, tasks, notes, files, and the
//             reminders of those contacts and tasks (opportunities and sales stay: they are hidden
//             with their firm and come back with it);
//   person  → their e-mails and phones (out of the firm's search row with them);
//   contact → its reminders;  task → its reminders;  note → itself.
import type { Kysely } from 'kysely';
import type { Ctx } from '../context.ts';
import { notFound, stamps } from '../context.ts';
import type { TrashKind } from '../../../shared/types.ts';
import { AppError } from '../../../shared/errors.ts';
import { uuidv7 } from '../util/ids.ts';
import { noteVisibleSql } from '../notes/handlers.ts';
import { restoreReminders, trashReminders } from '../reminders/schedule.ts';

/** What a person's deletion changed beside its own rows, for the restore to put back. */
interface PersonDetail {
  wasMain?: boolean;
  /** Who reported to them (the deletion left them reporting to nobody). */
  reports?: string[];
}

/** A firm's own rows that go to the trash with it (firm_id columns). */
const FIRM_CHILDREN = ['people', 'addresses', 'channels', 'contacts', 'tasks', 'notes', 'attachments'] as const;
/** Restored children first and the firm last: its search row is then rebuilt once, complete. */
const RESTORE_ORDER = ['attachments', 'notes', 'tasks', 'contacts', 'addresses', 'channels', 'people', 'firms'] as const;

// The batch tables share their columns; one statement shape serves them all.
const anyDb = (ctx: Ctx) => ctx.db as unknown as Kysely<any>;

async function openEntry(ctx: Ctx, kind: TrashKind, entityId: string, detail: object = {}): Promise<{ trashId: string; now: number }> {
  const now = ctx.now();
  const trashId = uuidv7(now);
  await ctx.db.insertInto('trash').values({
    id: trashId, kind, entity_id: entityId, user_id: ctx.localUserId, at: now, detail: JSON.stringify(detail), ...stamps(now),
  }).execute();
  return { trashId, now };
}

const gone = (trashId: string, now: number) => ({ deleted_at: now, updated_at: now, trash_id: trashId });

/** Deletes a live firm (the caller checked) with everything that hangs on it. */
export async function trashFirm(ctx: Ctx, firmId: string): Promise<void> {
  const { trashId, now } = await openEntry(ctx, 'firm', firmId);
  // The firm first: its search row goes, and the children's triggers then find nothing to index.
  await ctx.db.updateTable('firms').set(gone(trashId, now)).where('id', '=', firmId).execute();
  for (const table of FIRM_CHILDREN) {
    await anyDb(ctx).updateTable(table).set(gone(trashId, now)).where('firm_id', '=', firmId).where('deleted_at', 'is', null).execute();
  }
  await trashReminders(ctx, trashId, now);
}

/** Deletes a live person with their e-mails and phones. */
export async function trashPerson(ctx: Ctx, person: { id: string; is_main: number }): Promise<void> {
  const reports = await ctx.db.selectFrom('people').select('id').where('reports_to_id', '=', person.id)
    .where('deleted_at', 'is', null).execute();
  const detail: PersonDetail = { wasMain: person.is_main === 1, reports: reports.map((r) => r.id) };
  const { trashId, now } = await openEntry(ctx, 'person', person.id, detail);
  await ctx.db.updateTable('people').set({ ...gone(trashId, now), is_main: 0 }).where('id', '=', person.id).execute();
  // Those who reported to them now report to nobody (rather than to a ghost).
  await ctx.db.updateTable('people').set({ reports_to_id: null, updated_at: now })
    .where('reports_to_id', '=', person.id).where('deleted_at', 'is', null).execute();
  await ctx.db.updateTable('channels').set(gone(trashId, now)).where('person_id', '=', person.id).where('deleted_at', 'is', null).execute();
}

export async function trashContact(ctx: Ctx, contactId: string): Promise<void> {
  const { trashId, now } = await openEntry(ctx, 'contact', contactId);
  await ctx.db.updateTable('contacts').set(gone(trashId, now)).where('id', '=', contactId).execute();
  await trashReminders(ctx, trashId, now);
}

export async function trashTask(ctx: Ctx, taskId: string): Promise<void> {
  const { trashId, now } = await openEntry(ctx, 'task', taskId);
  await ctx.db.updateTable('tasks').set(gone(trashId, now)).where('id', '=', taskId).execute();
  await trashReminders(ctx, trashId, now);
}

export async function trashNote(ctx: Ctx, noteId: string): Promise<void> {
  const { trashId, now } = await openEntry(ctx, 'note', noteId);
  await ctx.db.updateTable('notes').set(gone(trashId, now)).where('id', '=', noteId).execute();
}

export type TrashEntry = { id: string; kind: TrashKind; entity_id: string; detail: string };

/** A trash entry the acting user may act on: live, and for a note one they may see. */
export async function liveEntry(ctx: Ctx, id: string): Promise<TrashEntry> {
  const row = await ctx.db.selectFrom('trash').select(['id', 'kind', 'entity_id', 'detail'])
    .where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  if (!row) throw notFound();
  if (row.kind === 'note') {
    const visible = await ctx.db.selectFrom('notes as n').select('n.id').where('n.id', '=', row.entity_id)
      .where(noteVisibleSql(ctx.localUserId)).executeTakeFirst();
    if (!visible) throw notFound();
  }
  return row;
}

/** The firm a trashed record belongs to (null: a firm itself, or a task of no firm). */
async function firmOf(ctx: Ctx, e: TrashEntry): Promise<string | null> {
  if (e.kind === 'firm') return null;
  const table = ({ person: 'people', contact: 'contacts', task: 'tasks', note: 'notes' } as const)[e.kind];
  const row = await anyDb(ctx).selectFrom(table).select('firm_id').where('id', '=', e.entity_id).executeTakeFirst() as { firm_id: string | null } | undefined;
  return row?.firm_id ?? null;
}

/** Brings back what the deletion took. Something of a firm that is in the trash itself waits for
 * the firm: restored on its own it would hang on a deleted firm, out of sight. */
export async function restoreEntry(ctx: Ctx, e: TrashEntry): Promise<void> {
  const firmId = await firmOf(ctx, e);
  if (firmId) {
    const firm = await ctx.db.selectFrom('firms').select(['name', 'deleted_at']).where('id', '=', firmId).executeTakeFirst();
    if (firm && firm.deleted_at !== null) {
      throw new AppError({ code: 'validation', messageKey: 'errors.trash_firm_first', field: 'id', params: { name: firm.name } });
    }
  }
  const now = ctx.now();
  await restoreReminders(ctx, e.id, now);
  for (const table of RESTORE_ORDER) {
    await anyDb(ctx).updateTable(table).set({ deleted_at: null, updated_at: now, trash_id: null }).where('trash_id', '=', e.id).execute();
  }
  if (e.kind === 'person') await restorePersonLinks(ctx, e.entity_id, JSON.parse(e.detail) as PersonDetail, now);
  await ctx.db.updateTable('trash').set({ deleted_at: now, updated_at: now }).where('id', '=', e.id).execute();
}

/** A restored person is the firm's main person again if nobody took that place meanwhile, and
 * those who reported to them do again — unless they report to someone else now, or it would
 * close a loop. Whom they reported to stays only if that person is still there. */
async function restorePersonLinks(ctx: Ctx, personId: string, detail: PersonDetail, now: number): Promise<void> {
  const p = await ctx.db.selectFrom('people').select(['firm_id', 'reports_to_id']).where('id', '=', personId).executeTakeFirstOrThrow();
  if (p.reports_to_id) {
    const boss = await ctx.db.selectFrom('people').select('id').where('id', '=', p.reports_to_id).where('deleted_at', 'is', null).executeTakeFirst();
    if (!boss) await ctx.db.updateTable('people').set({ reports_to_id: null, updated_at: now }).where('id', '=', personId).execute();
  }
  if (detail.wasMain) {
    const main = await ctx.db.selectFrom('people').select('id').where('firm_id', '=', p.firm_id).where('is_main', '=', 1)
      .where('deleted_at', 'is', null).executeTakeFirst();
    if (!main) await ctx.db.updateTable('people').set({ is_main: 1, updated_at: now }).where('id', '=', personId).execute();
  }
  for (const reportId of detail.reports ?? []) {
    if (await reachesUp(ctx, personId, reportId)) continue;
    await ctx.db.updateTable('people').set({ reports_to_id: personId, updated_at: now }).where('id', '=', reportId)
      .where('firm_id', '=', p.firm_id).where('reports_to_id', 'is', null).where('deleted_at', 'is', null).execute();
  }
}

/** Whether following "reports to" upwards from `from` reaches `target`. */
async function reachesUp(ctx: Ctx, from: string, target: string): Promise<boolean> {
  const seen = new Set<string>();
  for (let at: string | null = from; at && !seen.has(at); ) {
    if (at === target) return true;
    seen.add(at);
    const row: { reports_to_id: string | null } | undefined = await ctx.db.selectFrom('people').select('reports_to_id')
      .where('id', '=', at).executeTakeFirst();
    at = row?.reports_to_id ?? null;
  }
  return false;
}
