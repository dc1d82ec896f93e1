// The acting user's reminders: the due list (the in-app badge, and missed ones at start),
// snooze, dismiss, and "the OS notification went out". Reminders are private: another user's
// reminder is answered as not found, whatever its id.
import { sql } from 'kysely';
import type { HandlerMap } from '../handler-types.ts';
import type { Ctx } from '../context.ts';
import { notFound } from '../context.ts';
import { AppError } from '../../../shared/errors.ts';
import type { Reminder } from '../../../shared/types.ts';

export const reminderHandlers = {
  'reminders.list': async ({ state }, ctx) => {
    const now = ctx.now();
    const rings = sql<number>`coalesce(r.snoozed_until, r.at)`;
    let q = ctx.db.selectFrom('reminders as r')
      .leftJoin('contacts as c', (j) => j.onRef('c.id', '=', 'r.contact_id').on('r.kind', '=', 'contact'))
      .leftJoin('tasks as t', (j) => j.onRef('t.id', '=', 'r.task_id').on('r.kind', '=', 'task'))
      .leftJoin('opportunities as o', (j) => j.onRef('o.id', '=', 'r.opportunity_id').on('r.kind', '=', 'deadline'))
      .leftJoin('firms as f', (j) => j.on(sql<boolean>`f.id = coalesce(c.firm_id, t.firm_id, o.firm_id)`))
      .where('r.user_id', '=', ctx.localUserId).where('r.deleted_at', 'is', null).where('r.dismissed_at', 'is', null)
      // Nothing to remind of any more: the contact happened or went, the task is done or gone,
      // the deal closed or went — or its firm was deleted. (Those features clear their reminders
      // themselves; this guards against a path that did not.)
      .where((eb) => eb.or([
        eb.and([eb('r.kind', '=', 'contact'), eb('c.deleted_at', 'is', null), eb('c.status', '=', 'planned'), eb('c.id', 'is not', null)]),
        eb.and([eb('r.kind', '=', 'task'), eb('t.deleted_at', 'is', null), eb('t.done_at', 'is', null), eb('t.id', 'is not', null)]),
        eb.and([eb('r.kind', '=', 'deadline'), eb('o.deleted_at', 'is', null), eb('o.closed_at', 'is', null), eb('o.id', 'is not', null)]),
      ]))
      .where((eb) => eb.or([eb('f.id', 'is', null), eb('f.deleted_at', 'is', null)]))
      .select([
        'r.id', 'r.kind', 'r.at', 'r.snoozed_until', 'r.shown_at', 'r.contact_id', 'r.task_id', 'r.opportunity_id',
        'c.summary', 'c.at as contact_at', 't.title as task_title', 't.due_date', 'o.title as opportunity_title', 'o.deadline_at',
        'f.id as firm_id', 'f.name as firm_name', rings.as('rings'),
      ]);
    // Due: its (snoozed) time has come — also the ones that came while the app was closed.
    if (state === 'due') q = q.where(rings, '<=', now);
    // Due first (the longest waiting on top), then the upcoming ones, soonest first.
    const rows = await q.orderBy(rings).orderBy('r.id').limit(1000).execute();
    return rows.map((r): Reminder => ({
      id: r.id, kind: r.kind, at: r.rings, snoozed: r.snoozed_until !== null, shown: r.shown_at !== null, due: r.rings <= now,
      title: (r.kind === 'contact' ? r.summary : r.kind === 'task' ? r.task_title : r.opportunity_title) ?? '',
      firmId: r.firm_id ?? null, firmName: r.firm_name ?? null,
      contactId: r.contact_id, taskId: r.task_id, opportunityId: r.opportunity_id,
      eventAt: r.kind === 'contact' ? r.contact_at ?? null : r.kind === 'deadline' ? r.deadline_at ?? null : null,
      eventDate: r.kind === 'task' ? r.due_date ?? null : null,
    }));
  },

  'reminders.snooze': async ({ id, until }, ctx) => {
    await ownReminder(ctx, id);
    const now = ctx.now();
    if (until <= now) throw new AppError({ code: 'validation', messageKey: 'errors.snooze_past', field: 'until' });
    // Not shown yet at its new time: the desktop notifies again when the snooze ends.
    await ctx.db.updateTable('reminders').set({ snoozed_until: until, shown_at: null, updated_at: now }).where('id', '=', id).execute();
    return { id };
  },

  'reminders.dismiss': async ({ id }, ctx) => {
    await ownReminder(ctx, id);
    const now = ctx.now();
    await ctx.db.updateTable('reminders').set({ dismissed_at: now, updated_at: now }).where('id', '=', id).execute();
    return { id };
  },

  'reminders.markShown': async ({ ids }, ctx) => {
    if (ids.length === 0) return { count: 0 };
    const now = ctx.now();
    // Only the acting user's own; ids of others' (or unknown) reminders are ignored.
    const res = await ctx.db.updateTable('reminders').set({ shown_at: now, updated_at: now })
      .where('id', 'in', ids).where('user_id', '=', ctx.localUserId).where('deleted_at', 'is', null).where('shown_at', 'is', null)
      .executeTakeFirst();
    return { count: Number(res.numUpdatedRows) };
  },
} satisfies Partial<HandlerMap>;

/** A live, not dismissed reminder of the acting user; anyone else's is not found. */
async function ownReminder(ctx: Ctx, id: string): Promise<void> {
  const row = await ctx.db.selectFrom('reminders').select('id').where('id', '=', id).where('user_id', '=', ctx.localUserId)
    .where('deleted_at', 'is', null).where('dismissed_at', 'is', null).executeTakeFirst();
  if (!row) throw notFound();
}
