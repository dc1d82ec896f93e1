// The interaction log: what happened with a firm (done) and what is to happen (planned).
import { sql } from 'kysely';
import type { HandlerMap } from '../handler-types.ts';
import type { Ctx } from '../context.ts';
import { notFound, requireRef, stamps } from '../context.ts';
import type { ParsedInput } from '../../../shared/contract.ts';
import type { Contact } from '../../../shared/types.ts';
import { requireLiveFirm } from '../firms/handlers.ts';
import { uuidv7 } from '../util/ids.ts';
import { insertTask } from '../tasks/handlers.ts';
import { AppError } from '../../../shared/errors.ts';
import { clearReminders, setReminder, shiftReminders } from '../reminders/schedule.ts';
import { trashContact } from '../trash/trash.ts';
import { requireCode } from '../app/codes.ts';

type ContactFields = Omit<ParsedInput<'contacts.update'>, 'id'>;

export const contactHandlers = {
  'contacts.list': async ({ firmId, personId }, ctx) => {
    let q = selectContacts(ctx);
    if (firmId) q = q.where('c.firm_id', '=', firmId);
    if (personId) q = q.where('c.person_id', '=', personId);
    // The timeline: what is planned on top (soonest first), then history, newest first.
    const rows = await q.orderBy(sql`c.status = 'planned'`, 'desc')
      .orderBy(sql`CASE WHEN c.status = 'planned' THEN c.at ELSE -c.at END`).limit(2000).execute();
    return rows.map(toContact);
  },

  'contacts.create': async (input, ctx) => {
    refuseDoneInFuture(ctx, input);
    await checkContactRefs(ctx, input, null);
    const now = ctx.now();
    const id = uuidv7(now);
    await ctx.db.insertInto('contacts').values({ id, ...contactColumns(input), follows_id: null, ...stamps(now) }).execute();
    if (input.status === 'planned' && input.remindAt !== null) await setReminder(ctx, contactTarget(id), input.referentId, input.remindAt);
    return { id, nextId: await planNext(ctx, input, id), taskId: await agreedTask(ctx, input, id) };
  },

  'contacts.update': async (input, ctx) => {
    const row = await ctx.db.selectFrom('contacts').select(['id', 'kind_id', 'result_id']).where('id', '=', input.id)
      .where('deleted_at', 'is', null).executeTakeFirst();
    if (!row) throw notFound();
    refuseDoneInFuture(ctx, input);
    await checkContactRefs(ctx, input, row);
    await ctx.db.updateTable('contacts').set({ ...contactColumns(input), updated_at: ctx.now() }).where('id', '=', input.id).execute();
    // A planned contact's reminder follows the form (and its referent: reassigning moves it);
    // a contact that happened has nothing left to remind of.
    if (input.status === 'planned') await setReminder(ctx, contactTarget(input.id), input.referentId, input.remindAt);
    else await clearReminders(ctx, contactTarget(input.id));
    return { id: input.id, nextId: await planNext(ctx, input, input.id), taskId: await agreedTask(ctx, input, input.id) };
  },

  'contacts.delete': async ({ id }, ctx) => {
    const row = await ctx.db.selectFrom('contacts').select('id').where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
    if (!row) throw notFound();
    // Into the trash with its reminders.
    await trashContact(ctx, id);
    return { id };
  },

  'contacts.reschedule': async ({ id, at }, ctx) => {
    const row = await plannedContact(ctx, id);
    await ctx.db.updateTable('contacts').set({ at, updated_at: ctx.now() }).where('id', '=', id).execute();
    // "15 minutes before" stays 15 minutes before the new time.
    await shiftReminders(ctx, contactTarget(id), at - row.at);
    return { id };
  },

  'contacts.complete': async (input, ctx) => {
    const row = await plannedContact(ctx, input.id);
    refuseDoneInFuture(ctx, { status: 'done', at: input.at });
    if (input.resultId) await requireCode(ctx, 'contact_result', input.resultId, 'resultId', row.result_id);
    await ctx.db.updateTable('contacts').set({
      status: 'done', at: input.at, result_id: input.resultId, summary: input.summary, note: input.note, updated_at: ctx.now(),
    }).where('id', '=', input.id).execute();
    await clearReminders(ctx, contactTarget(input.id));
    // The same path as a contact logged with its next step (contacts.create / update).
    const nextId = await planNext(ctx, { firmId: row.firm_id, personId: row.person_id, kindId: row.kind_id, next: input.next }, input.id);
    return { id: input.id, nextId };
  },

  'agenda.list': async ({ scope, from, to, tzOffset, userId }, ctx) => {
    let q = selectContacts(ctx).where('c.status', '=', 'planned').where('f.deleted_at', 'is', null);
    // A colleague's agenda (standing in for them while they are away) wins over the scope.
    if (userId) q = q.where('c.referent_id', '=', userId);
    else if (scope === 'mine') q = q.where('c.referent_id', '=', ctx.localUserId);
    // Calendar days are the user's: shift by their clock's offset from UTC.
    const dayStart = (d: string) => Date.parse(`${d}T00:00:00Z`) - tzOffset * 60_000;
    if (from) q = q.where('c.at', '>=', dayStart(from));
    if (to) q = q.where('c.at', '<', dayStart(to) + 86_400_000);
    const rows = await q.orderBy('c.at').limit(1000).execute();
    return rows.map(toContact);
  },
} satisfies Partial<HandlerMap>;

/** Clocks of two laptops (and of a phone the time was read off) disagree by a little: a contact
 * logged "now" on a clock a few minutes ahead is still one that happened. */
export const DONE_CLOCK_SLACK = 5 * 60_000;

/** A contact that happened cannot lie in the future: such a row would count as the firm's last
 * contact for months (the neglected list, selections, the card) before it "happens". The UI
 * offers to make it planned instead. */
function refuseDoneInFuture(ctx: Ctx, c: { status: string; at: number }): void {
  if (c.status === 'done' && c.at > ctx.now() + DONE_CLOCK_SLACK) {
    throw new AppError({ code: 'validation', messageKey: 'errors.done_in_future', field: 'at' });
  }
}

const contactTarget = (contactId: string) => ({ kind: 'contact' as const, contactId });

/** A live planned contact, for the moves only a plan allows (reschedule, complete). */
async function plannedContact(ctx: Ctx, id: string) {
  const row = await ctx.db.selectFrom('contacts').select(['id', 'status', 'at', 'firm_id', 'person_id', 'kind_id', 'result_id'])
    .where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  if (!row) throw notFound();
  if (row.status !== 'planned') throw new AppError({ code: 'validation', messageKey: 'errors.not_planned', field: 'id' });
  return row;
}

/** The next step agreed in a contact becomes a planned contact that remembers where it came from
 * (with the referent's reminder when one was asked for). */
async function planNext(ctx: Ctx, c: Pick<ContactFields, 'firmId' | 'personId' | 'kindId' | 'next'>, followsId: string): Promise<string | null> {
  const next = c.next;
  if (!next) return null;
  await requireRef(ctx, 'users', next.referentId, 'next.referentId');
  if (next.kindId) await requireCode(ctx, 'contact_kind', next.kindId, 'next.kindId');
  const now = ctx.now();
  const id = uuidv7(now);
  await ctx.db.insertInto('contacts').values({
    id, firm_id: c.firmId, person_id: c.personId, status: 'planned', at: next.at,
    kind_id: next.kindId ?? c.kindId, referent_id: next.referentId, result_id: null,
    summary: next.task, note: '', follows_id: followsId, ...stamps(now),
  }).execute();
  if (next.remindAt !== null) await setReminder(ctx, contactTarget(id), next.referentId, next.remindAt);
  return id;
}

/** The to-do agreed in a contact ("send the price list"): a task linked to the contact, its
 * firm and its person. */
async function agreedTask(ctx: Ctx, c: ContactFields, contactId: string): Promise<string | null> {
  if (!c.task) return null;
  return insertTask(ctx, { ...c.task, firmId: c.firmId, personId: c.personId, contactId }, 'task.assigneeId');
}

function contactColumns(c: ContactFields) {
  return {
    firm_id: c.firmId, person_id: c.personId, status: c.status, at: c.at, kind_id: c.kindId,
    referent_id: c.referentId, result_id: c.resultId, summary: c.summary, note: c.note,
  };
}

/** Kind and result must be live entries not retired — unless the contact already holds them. */
async function checkContactRefs(ctx: Ctx, c: ContactFields, current: { kind_id: string; result_id: string | null } | null): Promise<void> {
  await requireLiveFirm(ctx, c.firmId, 'firmId');
  if (c.personId) {
    const p = await ctx.db.selectFrom('people').select('id').where('id', '=', c.personId)
      .where('firm_id', '=', c.firmId).where('deleted_at', 'is', null).executeTakeFirst();
    if (!p) throw notFound('personId');
  }
  await requireCode(ctx, 'contact_kind', c.kindId, 'kindId', current?.kind_id);
  await requireRef(ctx, 'users', c.referentId, 'referentId');
  if (c.resultId) await requireCode(ctx, 'contact_result', c.resultId, 'resultId', current?.result_id);
}

/** Live contacts with their firm's, person's and referent's names (the Contact DTO's columns). */
export function selectContacts(ctx: Ctx) {
  return ctx.db.selectFrom('contacts as c')
    .innerJoin('firms as f', 'f.id', 'c.firm_id')
    .innerJoin('users as u', 'u.id', 'c.referent_id')
    .leftJoin('people as p', 'p.id', 'c.person_id')
    .where('c.deleted_at', 'is', null)
    .select([
      'c.id', 'c.firm_id', 'f.name as firm_name', 'c.person_id', 'p.first_name', 'p.last_name', 'p.title_before',
      'c.status', 'c.at', 'c.kind_id', 'c.referent_id', 'u.name as referent_name', 'c.result_id', 'c.summary',
      'c.note', 'c.follows_id', 'c.created_at', 'c.updated_at',
      // The referent's live reminder (one per user and contact: reminders/schedule.ts).
      (eb) => eb.selectFrom('reminders as r').select('r.at').whereRef('r.contact_id', '=', 'c.id')
        .where('r.kind', '=', 'contact').whereRef('r.user_id', '=', 'c.referent_id')
        .where('r.deleted_at', 'is', null).where('r.dismissed_at', 'is', null).limit(1).as('remind_at'),
    ]);
}

export type ContactRow = Awaited<ReturnType<ReturnType<typeof selectContacts>['execute']>>[number];

export function toContact(r: ContactRow): Contact {
  const personName = r.person_id ? [r.title_before, r.first_name, r.last_name].filter(Boolean).join(' ') : null;
  return {
    id: r.id, firmId: r.firm_id, firmName: r.firm_name, personId: r.person_id, personName,
    status: r.status, at: r.at, kindId: r.kind_id, referentId: r.referent_id, referentName: r.referent_name,
    resultId: r.result_id, summary: r.summary, note: r.note, followsId: r.follows_id, remindAt: r.remind_at ?? null,
    createdAt: r.created_at, updatedAt: r.updated_at,
  };
}
