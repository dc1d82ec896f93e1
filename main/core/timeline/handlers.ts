// The card's one stream — contacts, tasks, notes, attachments and key-field changes, newest
// first — for a firm, a person, or all members of a segment; and "who else works this client".
//
// Speed at 2M contacts: each type is its own query that walks its (firm_id, at) index under the
// cursor and stops after limit+1 rows; the per-type heads are merged here and cut to `limit`,
// and only the rows that made the page are loaded in full (with the modules' own DTO mappers).
import { sql, type RawBuilder } from 'kysely';
import type { HandlerMap } from '../handler-types.ts';
import type { Ctx } from '../context.ts';
import type { ParsedInput } from '../../../shared/contract.ts';
import type { Attachment, Change, ChangeField, ColleagueActivity, Contact, Note, Task, TimelineItem, TimelineType } from '../../../shared/types.ts';
import { requireLiveFirm } from '../firms/handlers.ts';
import { selectContacts, toContact } from '../contacts/handlers.ts';
import { isoDay, selectTasks, toTask } from '../tasks/handlers.ts';
import { noteVisibleSql, selectVisibleNotes, toNotes } from '../notes/handlers.ts';
import { selectAttachments, toAttachment } from '../attachments/handlers.ts';

type TimelineInput = ParsedInput<'timeline.list'>;
interface Head { type: TimelineType; id: string; at: number }

const DAY = 86_400_000;

/** Per type: the table alias, its time expression and which links it has. */
const SOURCES: Record<TimelineType, { from: string; at: string; hasPerson: boolean; extra?: (ctx: Ctx) => RawBuilder<unknown> }> = {
  contact: { from: 'contacts c', at: 'c.at', hasPerson: true },
  task: { from: 'tasks c', at: 'coalesce(c.done_at, c.created_at)', hasPerson: true },
  note: { from: 'notes n', at: 'n.at', hasPerson: true, extra: (ctx) => sql`AND ${noteVisibleSql(ctx.localUserId)}` },
  attachment: { from: 'attachments c', at: 'c.created_at', hasPerson: true },
  change: { from: 'changes c', at: 'c.at', hasPerson: false },
};

function headsQuery(ctx: Ctx, input: TimelineInput, type: TimelineType): RawBuilder<Head> | null {
  const src = SOURCES[type];
  if (input.personId && !src.hasPerson) return null; // changes belong to the firm, not to a person
  const a = src.from.split(' ')[1]!;
  const col = (c: string) => sql.raw(`${a}.${c}`);
  const at = sql.raw(src.at);
  const where: RawBuilder<unknown>[] = [sql`${col('deleted_at')} IS NULL`];
  if (input.firmId) where.push(sql`${col('firm_id')} = ${input.firmId}`);
  if (input.personId) where.push(sql`${col('person_id')} = ${input.personId}`);
  if (input.segmentId) {
    where.push(sql`${col('firm_id')} IN (SELECT m.firm_id FROM segment_members m JOIN firms f ON f.id = m.firm_id
      WHERE m.segment_id = ${input.segmentId} AND m.deleted_at IS NULL AND f.deleted_at IS NULL)`);
  }
  // (at, id) < before, written so the `at` part is an index range the planner can use.
  if (input.before) where.push(sql`${at} <= ${input.before.at} AND (${at} < ${input.before.at} OR ${col('id')} < ${input.before.id})`);
  return sql<Head>`SELECT * FROM (SELECT ${sql.lit(type)} AS type, ${col('id')} AS id, ${at} AS at FROM ${sql.raw(src.from)}
    WHERE ${sql.join(where, sql` AND `)} ${src.extra ? src.extra(ctx) : sql``}
    ORDER BY ${at} DESC, ${col('id')} DESC LIMIT ${input.limit + 1})`;
}

const newestFirst = (x: { at: number; id: string }, y: { at: number; id: string }) =>
  y.at - x.at || (x.id < y.id ? 1 : x.id > y.id ? -1 : 0);

async function listTimeline(ctx: Ctx, input: TimelineInput) {
  const parts = [...new Set(input.types)].map((t) => headsQuery(ctx, input, t)).filter((q) => q !== null);
  if (parts.length === 0) return { items: [], next: null };
  const heads = (await sql<Head>`${sql.join(parts, sql` UNION ALL `)}`.execute(ctx.db)).rows.sort(newestFirst);
  const page = heads.slice(0, input.limit);
  // Every type gave up to limit+1 rows: more than `limit` in all means there is an older page.
  const next = heads.length > input.limit ? { at: page.at(-1)!.at, id: page.at(-1)!.id } : null;

  const ids = (type: TimelineType) => page.filter((h) => h.type === type).map((h) => h.id);
  const today = input.today ?? isoDay(ctx.now());
  const [contacts, tasks, notes, attachments, changes] = await Promise.all([
    loadBy(ids('contact'), async (list) => (await selectContacts(ctx).where('c.id', 'in', list).execute()).map(toContact)),
    loadBy(ids('task'), async (list) => (await selectTasks(ctx).where('t.id', 'in', list).execute()).map((r) => toTask(r, today))),
    loadBy(ids('note'), async (list) => toNotes(ctx, await selectVisibleNotes(ctx).where('n.id', 'in', list).execute())),
    loadBy(ids('attachment'), async (list) => (await selectAttachments(ctx).where('a.id', 'in', list).execute()).map((r) => toAttachment(ctx, r))),
    loadBy(ids('change'), (list) => loadChanges(ctx, list)),
  ]);
  const loaded = { contacts, tasks, notes, attachments, changes };
  const firmIds = [...new Set(page.map((h) => firmIdOf(h, loaded)).filter((id): id is string => !!id))];
  const names = new Map(firmIds.length === 0 ? [] : (await ctx.db.selectFrom('firms').select(['id', 'name'])
    .where('id', 'in', firmIds).execute()).map((f) => [f.id, f.name]));
  const items: TimelineItem[] = [];
  for (const h of page) {
    const item = toItem(h, loaded, names.get(firmIdOf(h, loaded) ?? '') ?? null);
    if (item) items.push(item);
  }
  return { items, next };
}

function firmIdOf(h: Head, l: Loaded): string | null {
  switch (h.type) {
    case 'contact': return l.contacts.get(h.id)?.firmId ?? null;
    case 'task': return l.tasks.get(h.id)?.firmId ?? null;
    case 'note': return l.notes.get(h.id)?.firmId ?? null;
    case 'attachment': return l.attachments.get(h.id)?.firmId ?? null;
    case 'change': return l.changes.get(h.id)?.firmId ?? null;
  }
}

interface Loaded {
  contacts: Map<string, Contact>; tasks: Map<string, Task>; notes: Map<string, Note>;
  attachments: Map<string, Attachment>; changes: Map<string, Change>;
}

function toItem(h: Head, l: Loaded, firmName: string | null): TimelineItem | null {
  const base = { at: h.at, id: h.id, firmName };
  switch (h.type) {
    case 'contact': { const contact = l.contacts.get(h.id); return contact ? { type: 'contact', ...base, contact } : null; }
    case 'task': { const task = l.tasks.get(h.id); return task ? { type: 'task', ...base, task } : null; }
    case 'note': { const note = l.notes.get(h.id); return note ? { type: 'note', ...base, note } : null; }
    case 'attachment': { const attachment = l.attachments.get(h.id); return attachment ? { type: 'attachment', ...base, attachment } : null; }
    case 'change': { const change = l.changes.get(h.id); return change ? { type: 'change', ...base, change } : null; }
  }
}

async function loadBy<T extends { id: string }>(list: string[], load: (list: string[]) => Promise<T[]>): Promise<Map<string, T>> {
  if (list.length === 0) return new Map();
  return new Map((await load(list)).map((x) => [x.id, x]));
}

async function loadChanges(ctx: Ctx, list: string[]): Promise<Change[]> {
  const rows = await ctx.db.selectFrom('changes as ch').innerJoin('users as u', 'u.id', 'ch.user_id')
    .select(['ch.id', 'ch.firm_id', 'ch.field', 'ch.old_value', 'ch.new_value', 'ch.user_id', 'u.name as user_name', 'ch.at'])
    .where('ch.id', 'in', list).where('ch.deleted_at', 'is', null).execute();
  return rows.map((r) => ({
    id: r.id, firmId: r.firm_id, field: r.field as ChangeField, oldValue: r.old_value, newValue: r.new_value,
    userId: r.user_id, userName: r.user_name, at: r.at,
  }));
}

export const timelineHandlers = {
  'timeline.list': async (input, ctx) => listTimeline(ctx, input),

  /** Colleagues who logged or planned contacts with the firm recently (planned ones count
   * whenever they fall from `days` ago onwards, future included): so a salesperson sees who
   * else is talking to this client before calling. The acting user is left out. "Last" is the
   * last contact that took place — a planned one is not contact made; the planned one shown
   * is the next to come, else the latest still open (overdue). */
  'firms.colleagues': async ({ firmId, days }, ctx) => {
    await requireLiveFirm(ctx, firmId, 'firmId');
    const now = ctx.now();
    const since = now - days * DAY;
    const rows = await ctx.db.selectFrom('contacts as c').innerJoin('users as u', 'u.id', 'c.referent_id')
      .select((eb) => [
        'c.referent_id', 'u.name',
        eb.fn.sum<number>(sql`c.status = 'done'`).as('done'),
        eb.fn.sum<number>(sql`c.status = 'planned'`).as('planned'),
        eb.fn.max<number | null>(sql`CASE WHEN c.status = 'done' THEN c.at END`).as('last_done_at'),
        eb.fn.min<number | null>(sql`CASE WHEN c.status = 'planned' AND c.at >= ${now} THEN c.at END`).as('next_planned_at'),
        eb.fn.max<number | null>(sql`CASE WHEN c.status = 'planned' AND c.at < ${now} THEN c.at END`).as('overdue_planned_at'),
      ])
      .where('c.firm_id', '=', firmId).where('c.at', '>=', since).where('c.deleted_at', 'is', null)
      .where('c.referent_id', '<>', ctx.localUserId).where('u.deleted_at', 'is', null)
      .groupBy(['c.referent_id', 'u.name'])
      .orderBy(sql`max(c.at)`, 'desc').orderBy('c.referent_id')
      .execute();
    const num = (v: number | null) => (v === null ? null : Number(v));
    return rows.map((r): ColleagueActivity => ({
      userId: r.referent_id, userName: r.name, done: Number(r.done), planned: Number(r.planned),
      lastDoneAt: num(r.last_done_at), plannedAt: num(r.next_planned_at) ?? num(r.overdue_planned_at),
    }));
  },
} satisfies Partial<HandlerMap>;
