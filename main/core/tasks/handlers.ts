// Tasks: to-dos linked to a firm, a person or a contact — or standalone ("renew the car
// insurance"). Due is a calendar date, so "overdue" is judged against the `today` the UI names
// (its own calendar), never the core's clock.
import { sql } from 'kysely';
import type { HandlerMap } from '../handler-types.ts';
import type { Ctx } from '../context.ts';
import { notFound, requireRef, stamps } from '../context.ts';
import type { ParsedInput } from '../../../shared/contract.ts';
import type { Task } from '../../../shared/types.ts';
import { uuidv7 } from '../util/ids.ts';
import { resolveTaskLinks, type Links } from '../notes/links.ts';
import { clearReminders, setReminder, shiftReminders } from '../reminders/schedule.ts';
import { trashTask } from '../trash/trash.ts';

type TaskFields = Omit<ParsedInput<'tasks.update'>, 'id'>;
type TaskDraft = ParsedInput<'tasks.create'>;

export function selectTasks(ctx: Ctx) {
  return ctx.db.selectFrom('tasks as t')
    .innerJoin('users as a', 'a.id', 't.assignee_id')
    .leftJoin('firms as f', 'f.id', 't.firm_id')
    .leftJoin('people as p', 'p.id', 't.person_id')
    .where('t.deleted_at', 'is', null)
    .select([
      't.id', 't.firm_id', 'f.name as firm_name', 't.person_id', 'p.title_before', 'p.first_name', 'p.last_name',
      't.contact_id', 't.title', 't.note', 't.due_date', 't.assignee_id', 'a.name as assignee_name', 't.author_id',
      't.priority', 't.done_at', 't.created_at',
      // The assignee's live reminder (one per user and task: reminders/schedule.ts).
      (eb) => eb.selectFrom('reminders as r').select('r.at').whereRef('r.task_id', '=', 't.id')
        .where('r.kind', '=', 'task').whereRef('r.user_id', '=', 't.assignee_id')
        .where('r.deleted_at', 'is', null).where('r.dismissed_at', 'is', null).limit(1).as('remind_at'),
    ]);
}

type TaskRow = Awaited<ReturnType<ReturnType<typeof selectTasks>['execute']>>[number];

/** The UTC calendar date of an instant: the fallback "today" when a request names none. */
export const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function toTask(r: TaskRow, today: string): Task {
  const personName = r.person_id ? [r.title_before, r.first_name, r.last_name].filter(Boolean).join(' ') : null;
  return {
    id: r.id, firmId: r.firm_id, firmName: r.firm_id ? r.firm_name : null, personId: r.person_id, personName,
    contactId: r.contact_id, title: r.title, note: r.note, dueDate: r.due_date, assigneeId: r.assignee_id,
    assigneeName: r.assignee_name, authorId: r.author_id, priority: r.priority, doneAt: r.done_at,
    overdue: r.done_at === null && r.due_date !== null && r.due_date < today, remindAt: r.remind_at ?? null,
    createdAt: r.created_at,
  };
}

/** Inserts a task as the acting user; links are resolved (a person or contact brings its firm). */
export async function insertTask(ctx: Ctx, draft: Omit<TaskDraft, 'firmId' | 'personId' | 'contactId' | 'done'> & Links & { done?: boolean },
  assigneeField = 'assigneeId'): Promise<string> {
  const links = await resolveTaskLinks(ctx, draft);
  await requireRef(ctx, 'users', draft.assigneeId, assigneeField);
  const now = ctx.now();
  const id = uuidv7(now);
  await ctx.db.insertInto('tasks').values({
    id, firm_id: links.firmId, person_id: links.personId, contact_id: links.contactId, title: draft.title, note: draft.note,
    due_date: draft.dueDate, assignee_id: draft.assigneeId, author_id: ctx.localUserId, priority: draft.priority,
    done_at: draft.done ? now : null, ...stamps(now),
  }).execute();
  // A task logged as already done has nothing left to remind of.
  if (!draft.done && draft.remindAt !== null) await setReminder(ctx, taskTarget(id), draft.assigneeId, draft.remindAt);
  return id;
}

export const taskHandlers = {
  'tasks.list': async ({ firmId, personId, contactId, assigneeId, state, today, limit }, ctx) => {
    let q = selectTasks(ctx);
    if (firmId) q = q.where('t.firm_id', '=', firmId);
    if (personId) q = q.where('t.person_id', '=', personId);
    if (contactId) q = q.where('t.contact_id', '=', contactId);
    if (assigneeId) q = q.where('t.assignee_id', '=', assigneeId);
    if (state === 'open') q = q.where('t.done_at', 'is', null);
    if (state === 'done') q = q.where('t.done_at', 'is not', null);
    // A deleted firm takes its to-dos off the lists (as it takes its contacts off the agenda).
    q = q.where((eb) => eb.or([eb('t.firm_id', 'is', null), eb('f.deleted_at', 'is', null)]));
    // Open ones first, soonest due first (no due date last), the more urgent first on the same
    // day; then the done ones, most recently done first.
    const rows = await q
      .orderBy(sql`t.done_at IS NOT NULL`)
      .orderBy(sql`CASE WHEN t.done_at IS NULL THEN t.due_date IS NULL END`)
      .orderBy(sql`CASE WHEN t.done_at IS NULL THEN t.due_date END`)
      .orderBy(sql`CASE WHEN t.done_at IS NULL THEN CASE t.priority WHEN 'high' THEN 0 WHEN 'normal' THEN 1 ELSE 2 END END`)
      .orderBy('t.done_at', 'desc')
      .orderBy('t.created_at')
      .orderBy('t.id')
      .limit(limit).execute();
    return rows.map((r) => toTask(r, today));
  },

  'tasks.create': async (input, ctx) => ({ id: await insertTask(ctx, input) }),

  'tasks.update': async (input, ctx) => {
    const row = await liveTask(ctx, input.id);
    const links = await resolveTaskLinks(ctx, input);
    await requireRef(ctx, 'users', input.assigneeId, 'assigneeId');
    const now = ctx.now();
    await ctx.db.updateTable('tasks').set({
      ...taskColumns(input), firm_id: links.firmId, person_id: links.personId, contact_id: links.contactId,
      done_at: doneAt(row.done_at, input.done, now), updated_at: now,
    }).where('id', '=', input.id).execute();
    // The reminder follows the form and the assignee (reassigning moves it to the new one).
    if (input.done) await clearReminders(ctx, taskTarget(input.id));
    else await setReminder(ctx, taskTarget(input.id), input.assigneeId, input.remindAt);
    return { id: input.id };
  },

  'tasks.setDone': async ({ id, done }, ctx) => {
    const row = await liveTask(ctx, id);
    const now = ctx.now();
    await ctx.db.updateTable('tasks').set({ done_at: doneAt(row.done_at, done, now), updated_at: now }).where('id', '=', id).execute();
    // Reopening does not bring a reminder back: the user sets a new one if they want it.
    if (done) await clearReminders(ctx, taskTarget(id));
    return { id };
  },

  'tasks.delete': async ({ id }, ctx) => {
    await liveTask(ctx, id);
    // Into the trash with its reminders.
    await trashTask(ctx, id);
    return { id };
  },

  'tasks.reschedule': async ({ id, dueDate }, ctx) => {
    const row = await liveTask(ctx, id);
    await ctx.db.updateTable('tasks').set({ due_date: dueDate, updated_at: ctx.now() }).where('id', '=', id).execute();
    // "The evening before" stays the evening before: the reminder moves by whole days. A task
    // that had no due date has nothing to measure the move from, so its reminder stays.
    if (row.due_date !== null) await shiftReminders(ctx, taskTarget(id), Date.parse(dueDate) - Date.parse(row.due_date));
    return { id };
  },
} satisfies Partial<HandlerMap>;

function taskColumns(t: TaskFields) {
  return { title: t.title, note: t.note, due_date: t.dueDate, assignee_id: t.assigneeId, priority: t.priority };
}

/** Keeps the original time when a done task is saved again as done. */
function doneAt(was: number | null, done: boolean, now: number): number | null {
  if (!done) return null;
  return was ?? now;
}

const taskTarget = (taskId: string) => ({ kind: 'task' as const, taskId });

async function liveTask(ctx: Ctx, id: string) {
  const row = await ctx.db.selectFrom('tasks').select(['id', 'done_at', 'due_date']).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  if (!row) throw notFound();
  return row;
}
