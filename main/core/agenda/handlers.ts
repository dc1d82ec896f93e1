// The calendar (day / week / month): one user's planned contacts, the contacts they did in the
// period, and their tasks due in it. The moves made in the calendar live with what they move:
// contacts.reschedule / contacts.complete (contacts/handlers.ts), tasks.reschedule (tasks/handlers.ts).
import { sql } from 'kysely';
import type { HandlerMap } from '../handler-types.ts';
import type { Ctx } from '../context.ts';
import { requireRef } from '../context.ts';
import type { AgendaItem } from '../../../shared/types.ts';
import { selectContacts, toContact } from '../contacts/handlers.ts';
import { isoDay, selectTasks, toTask } from '../tasks/handlers.ts';

const DAY = 86_400_000;
/**
 * How many planned contacts, done contacts and tasks one calendar day brings at most in a
 * range of several days. A month cell shows a handful and "more"; the day view (a one-day
 * range) gets up to ONE_DAY_CAP. No real salesperson logs 50 contacts a day, but a call centre
 * or a bulk import could — and a month of such days must not take the calendar down with it
 * (dataset L gives a user ~300 planned contacts a day). The earliest of the day are kept.
 */
export const PER_DAY_CAP = 50;
const ONE_DAY_CAP = 2000;

export const agendaHandlers = {
  /**
   * Order: by the user's calendar day; within a day the contacts by time, then the day's tasks
   * (a due date has no time of day, so they close the day: open before done, high priority
   * first, then in the order they were created). Contacts of the same minute: stable by id.
   */
  'agenda.range': async ({ from, to, tzOffset, userId, today, perDay }, ctx) => {
    const user = userId ?? ctx.localUserId;
    if (userId) await requireRef(ctx, 'users', userId, 'userId');
    // Calendar days are the user's: `tzOffset` minutes east of UTC.
    const shift = tzOffset * 60_000;
    const start = Date.parse(`${from}T00:00:00Z`) - shift;
    const end = Date.parse(`${to}T00:00:00Z`) + DAY - shift;
    const localDay = (ms: number) => isoDay(ms + shift);
    const todayIs = today ?? localDay(ctx.now());
    const cap = perDay ?? (from === to ? ONE_DAY_CAP : PER_DAY_CAP);

    const [planned, done, tasks] = await Promise.all([
      contactsOfDays(ctx, 'planned', user, start, end, shift, cap),
      contactsOfDays(ctx, 'done', user, start, end, shift, cap),
      // tasks_assignee_due (assignee_id, due_date) ranks the days without touching the table.
      selectTasks(ctx)
        .innerJoin(
          ctx.db.selectFrom('tasks as tk')
            .select([sql<number>`tk.rowid`.as('rid'), sql<number>`row_number() OVER (PARTITION BY tk.due_date ORDER BY tk.rowid)`.as('n')])
            .where('tk.assignee_id', '=', user).where('tk.deleted_at', 'is', null)
            .where('tk.due_date', '>=', from).where('tk.due_date', '<=', to).as('d'),
          (j) => j.on(sql<boolean>`t.rowid = d.rid`))
        .where('d.n', '<=', cap)
        // A deleted firm takes its to-dos off the calendar (as tasks.list does).
        .where((eb) => eb.or([eb('t.firm_id', 'is', null), eb('f.deleted_at', 'is', null)]))
        .execute(),
    ]);

    type Keyed = { day: string; rank: number; at: number; key: string; item: AgendaItem };
    const keyed: Keyed[] = [];
    for (const r of [...planned, ...done]) {
      keyed.push({ day: localDay(r.at), rank: 0, at: r.at, key: r.id, item: { type: 'contact', id: r.id, at: r.at, contact: toContact(r) } });
    }
    const priority = { high: 0, normal: 1, low: 2 } as const;
    for (const r of tasks) {
      keyed.push({
        day: r.due_date!, rank: 1 + (r.done_at === null ? 0 : 3) + priority[r.priority], at: 0, key: r.id,
        item: { type: 'task', id: r.id, date: r.due_date!, task: toTask(r, todayIs) },
      });
    }
    keyed.sort((a, b) => cmp(a.day, b.day) || a.rank - b.rank || a.at - b.at || cmp(a.key, b.key));
    return keyed.map((k) => k.item);
  },

  /**
   * Totals per day of what agenda.range lists (uncapped), so a month cell can show a few items
   * and say truly how many more there are. Counted from the indexes alone — contacts by
   * (referent_id, at) per status, tasks by (assignee_id, due_date) — with no join: a contact of a
   * deleted firm would still be counted (firms are rarely deleted; the day view lists what is there).
   */
  'agenda.counts': async ({ from, to, tzOffset, userId }, ctx) => {
    const user = userId ?? ctx.localUserId;
    if (userId) await requireRef(ctx, 'users', userId, 'userId');
    const shift = tzOffset * 60_000;
    const start = Date.parse(`${from}T00:00:00Z`) - shift;
    const end = Date.parse(`${to}T00:00:00Z`) + DAY - shift;
    const counts = new Map<string, number>();
    const add = (day: string, n: number) => counts.set(day, (counts.get(day) ?? 0) + n);
    for (const status of ['planned', 'done'] as const) {
      const day = sql<number>`(at + ${sql.lit(shift)}) / ${sql.lit(DAY)}`;
      const rows = await ctx.db.selectFrom('contacts')
        .select([day.as('d'), sql<number>`count(*)`.as('n')])
        .where('referent_id', '=', user).where(sql<boolean>`status = ${sql.lit(status)}`).where('deleted_at', 'is', null)
        .where('at', '>=', start).where('at', '<', end)
        .groupBy(sql`1`).execute();
      for (const r of rows) add(isoDay(r.d * DAY), r.n);
    }
    const tasks = await ctx.db.selectFrom('tasks').select(['due_date', sql<number>`count(*)`.as('n')])
      .where('assignee_id', '=', user).where('deleted_at', 'is', null)
      .where('due_date', '>=', from).where('due_date', '<=', to).groupBy('due_date').execute();
    for (const r of tasks) add(r.due_date!, r.n);
    return [...counts].sort((a, b) => cmp(a[0], b[0])).map(([day, count]) => ({ day, count }));
  },
} satisfies Partial<HandlerMap>;

/**
 * One user's contacts of a status in [start, end), at most `cap` per local day. The days are
 * ranked inside the partial indexes — contacts_planned_referent (referent_id, at) and, for the
 * done ones, an index on (referent_id, at) WHERE status = 'done' — from the index alone (at and
 * rowid), so only the rows kept are read from the table and joined to their names.
 */
function contactsOfDays(ctx: Ctx, status: 'planned' | 'done', user: string, start: number, end: number, shift: number, cap: number) {
  // Literals, not parameters: SQLite matches a partial index's WHERE only against literals, and
  // a bound number is a REAL (the day would not be a whole number). Both are validated integers.
  const day = sql<number>`(ck.at + ${sql.lit(shift)}) / ${sql.lit(DAY)}`;
  const ranked = ctx.db.selectFrom('contacts as ck')
    .select([sql<number>`ck.rowid`.as('rid'), sql<number>`row_number() OVER (PARTITION BY ${day} ORDER BY ck.at, ck.rowid)`.as('n')])
    .where('ck.referent_id', '=', user).where(sql<boolean>`ck.status = ${sql.lit(status)}`).where('ck.deleted_at', 'is', null)
    .where('ck.at', '>=', start).where('ck.at', '<', end);
  return selectContacts(ctx)
    .innerJoin(ranked.as('d'), (j) => j.on(sql<boolean>`c.rowid = d.rid`))
    .where('d.n', '<=', cap)
    .where('f.deleted_at', 'is', null)
    .execute();
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
