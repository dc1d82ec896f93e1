// Reminders are rows owned by the feature they remind of: a planned contact (its referent), a
// task (its assignee) or an opportunity's deadline watch (each watcher). Those features call
// these functions inside their own write transaction, so a reminder never outlives or misses
// its contact, task or deadline.
import type { Ctx } from '../context.ts';
import { stamps } from '../context.ts';
import { uuidv7 } from '../util/ids.ts';

export type ReminderTarget =
  | { kind: 'contact'; contactId: string }
  | { kind: 'task'; taskId: string }
  | { kind: 'deadline'; opportunityId: string };

function targetColumn(t: ReminderTarget): { column: 'contact_id' | 'task_id' | 'opportunity_id'; id: string } {
  switch (t.kind) {
    case 'contact': return { column: 'contact_id', id: t.contactId };
    case 'task': return { column: 'task_id', id: t.taskId };
    case 'deadline': return { column: 'opportunity_id', id: t.opportunityId };
  }
}

/**
 * Makes the live reminders of a target exactly `wanted` (one per user): new ones are inserted,
 * a changed time re-arms the reminder (snooze, shown and dismissed are cleared), an unchanged one
 * is left alone (a dismissed reminder stays dismissed), users no longer wanted lose theirs.
 */
export async function syncReminders(ctx: Ctx, target: ReminderTarget, wanted: readonly { userId: string; at: number }[]): Promise<void> {
  const { column, id } = targetColumn(target);
  const now = ctx.now();
  const live = await ctx.db.selectFrom('reminders').select(['id', 'user_id', 'at'])
    .where(column, '=', id).where('kind', '=', target.kind).where('deleted_at', 'is', null).execute();
  const byUser = new Map(live.map((r) => [r.user_id, r]));
  const keep = new Set<string>();
  for (const w of wanted) {
    if (keep.has(w.userId)) continue;
    keep.add(w.userId);
    const cur = byUser.get(w.userId);
    if (!cur) {
      await ctx.db.insertInto('reminders').values({
        id: uuidv7(now), user_id: w.userId, kind: target.kind,
        contact_id: target.kind === 'contact' ? id : null, task_id: target.kind === 'task' ? id : null,
        opportunity_id: target.kind === 'deadline' ? id : null,
        at: w.at, snoozed_until: null, shown_at: null, dismissed_at: null, ...stamps(now),
      }).execute();
    } else if (cur.at !== w.at) {
      await ctx.db.updateTable('reminders')
        .set({ at: w.at, snoozed_until: null, shown_at: null, dismissed_at: null, updated_at: now })
        .where('id', '=', cur.id).execute();
    }
  }
  const gone = live.filter((r) => !keep.has(r.user_id)).map((r) => r.id);
  if (gone.length > 0) {
    await ctx.db.updateTable('reminders').set({ deleted_at: now, updated_at: now }).where('id', 'in', gone).execute();
  }
}

/** One user's reminder of a target, or none (`at` null). */
export function setReminder(ctx: Ctx, target: ReminderTarget, userId: string, at: number | null): Promise<void> {
  return syncReminders(ctx, target, at === null ? [] : [{ userId, at }]);
}

/** Everyone's reminders of a target go (a contact done or deleted, a task done, a deal closed). */
export function clearReminders(ctx: Ctx, target: ReminderTarget): Promise<void> {
  return syncReminders(ctx, target, []);
}

/** Moves every live reminder of a target by the same amount (a planned contact rescheduled:
 * "15 minutes before" stays 15 minutes before), re-arming them. */
export async function shiftReminders(ctx: Ctx, target: ReminderTarget, deltaMs: number): Promise<void> {
  if (deltaMs === 0) return;
  const { column, id } = targetColumn(target);
  const now = ctx.now();
  const live = await ctx.db.selectFrom('reminders').select(['id', 'at'])
    .where(column, '=', id).where('kind', '=', target.kind).where('deleted_at', 'is', null).execute();
  for (const r of live) {
    await ctx.db.updateTable('reminders')
      .set({ at: r.at + deltaMs, snoozed_until: null, shown_at: null, dismissed_at: null, updated_at: now })
      .where('id', '=', r.id).execute();
  }
}

/** The reminders of the contacts and tasks a deletion put in the trash go with them (marked
 * with the same trash id), so restoring brings them back as they were. */
export async function trashReminders(ctx: Ctx, trashId: string, now: number): Promise<void> {
  await ctx.db.updateTable('reminders').set({ deleted_at: now, updated_at: now, trash_id: trashId })
    .where('deleted_at', 'is', null)
    .where((eb) => eb.or([
      eb('contact_id', 'in', eb.selectFrom('contacts').select('id').where('trash_id', '=', trashId)),
      eb('task_id', 'in', eb.selectFrom('tasks').select('id').where('trash_id', '=', trashId)),
    ])).execute();
}

/** …and come back with them. */
export async function restoreReminders(ctx: Ctx, trashId: string, now: number): Promise<void> {
  await ctx.db.updateTable('reminders').set({ deleted_at: null, updated_at: now, trash_id: null }).where('trash_id', '=', trashId).execute();
}
