// The Trash screen's channels: what was deleted, by whom and when; restore; erase for good.
import type { Kysely } from 'kysely';
import type { HandlerMap } from '../handler-types.ts';
import type { Ctx } from '../context.ts';
import type { TrashItem, TrashKind } from '../../../shared/types.ts';
import { noteVisibleSql } from '../notes/handlers.ts';
import { liveEntry, restoreEntry, type TrashEntry } from './trash.ts';
import { eraseEntries } from './erase.ts';

const CHUNK = 400;
const anyDb = (ctx: Ctx) => ctx.db as unknown as Kysely<any>;

/** The records that go to the trash with their deletion and that a user would count as such
 * ("with 2 people and 14 contacts"); reminders go too but are not records of their own. */
const COUNTED = ['people', 'addresses', 'channels', 'contacts', 'tasks', 'notes', 'attachments'] as const;

type Described = Omit<TrashItem, 'withCount'>;

/** Every live entry the acting user may see, described (names, firm, who) but not yet counted. */
async function describeAll(ctx: Ctx, kind: TrashKind | null): Promise<Described[]> {
  let q = ctx.db.selectFrom('trash as t').leftJoin('users as u', 'u.id', 't.user_id')
    .select(['t.id', 't.kind', 't.entity_id', 't.user_id', 'u.name as user_name', 't.at']).where('t.deleted_at', 'is', null);
  if (kind) q = q.where('t.kind', '=', kind);
  const entries = await q.execute();
  const byKind = new Map<TrashKind, string[]>();
  for (const e of entries) byKind.set(e.kind, [...byKind.get(e.kind) ?? [], e.entity_id]);

  type Info = { name: string; firmId: string | null; isLead: boolean };
  const info = new Map<string, Info>();
  const firmIds = new Set<string>();
  const read = async (k: TrashKind, load: (ids: string[]) => Promise<{ id: string; name: string; firm_id: string | null; is_lead?: number }[]>) => {
    const ids = byKind.get(k) ?? [];
    for (let i = 0; i < ids.length; i += CHUNK) {
      for (const r of await load(ids.slice(i, i + CHUNK))) {
        info.set(r.id, { name: r.name, firmId: r.firm_id, isLead: r.is_lead === 1 });
        if (r.firm_id) firmIds.add(r.firm_id);
      }
    }
  };
  await read('firm', (ids) => ctx.db.selectFrom('firms').select(['id', 'name', 'is_lead']).select((eb) => eb.val<string | null>(null).as('firm_id'))
    .where('id', 'in', ids).execute());
  await read('person', async (ids) => (await ctx.db.selectFrom('people')
    .select(['id', 'firm_id', 'title_before', 'first_name', 'last_name', 'title_after']).where('id', 'in', ids).execute())
    .map((p) => ({ id: p.id, firm_id: p.firm_id, name: personName(p) })));
  await read('contact', (ids) => ctx.db.selectFrom('contacts').select(['id', 'firm_id', 'summary as name']).where('id', 'in', ids).execute());
  await read('task', (ids) => ctx.db.selectFrom('tasks').select(['id', 'firm_id', 'title as name']).where('id', 'in', ids).execute());
  // Notes keep their privacy in the trash: only those the acting user may see are listed.
  await read('note', (ids) => ctx.db.selectFrom('notes as n').select(['n.id', 'n.firm_id', 'n.title as name'])
    .where('n.id', 'in', ids).where(noteVisibleSql(ctx.localUserId)).execute());

  const firms = new Map<string, { name: string; deleted: boolean }>();
  const fids = [...firmIds];
  for (let i = 0; i < fids.length; i += CHUNK) {
    for (const f of await ctx.db.selectFrom('firms').select(['id', 'name', 'deleted_at']).where('id', 'in', fids.slice(i, i + CHUNK)).execute()) {
      firms.set(f.id, { name: f.name, deleted: f.deleted_at !== null });
    }
  }
  const out: Described[] = [];
  for (const e of entries) {
    const i = info.get(e.entity_id);
    if (!i) continue; // a note the acting user may not see
    const firm = i.firmId ? firms.get(i.firmId) : undefined;
    out.push({
      id: e.id, kind: e.kind, entityId: e.entity_id, name: i.name, firmName: firm?.name ?? null, isLead: i.isLead,
      userId: e.user_id, userName: e.user_name, at: e.at, firmInTrash: firm?.deleted ?? false,
    });
  }
  return out;
}

const personName = (p: { title_before: string; first_name: string; last_name: string; title_after: string }) => {
  const core = [p.title_before, p.first_name, p.last_name].filter(Boolean).join(' ');
  return p.title_after ? `${core}, ${p.title_after}` : core;
};

/** How many counted records went with each entry. */
async function withCounts(ctx: Ctx, trashIds: string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (trashIds.length === 0) return counts;
  for (const table of COUNTED) {
    const rows = await anyDb(ctx).selectFrom(table).select(['trash_id']).select((eb) => eb.fn.countAll<number>().as('n'))
      .where('trash_id', 'in', trashIds).groupBy('trash_id').execute() as { trash_id: string; n: number }[];
    for (const r of rows) counts.set(r.trash_id, (counts.get(r.trash_id) ?? 0) + r.n);
  }
  return counts;
}

export const trashHandlers = {
  'trash.list': async ({ kind, sort, locale, offset, limit }, ctx) => {
    const all = await describeAll(ctx, kind);
    const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
    all.sort(sort === 'name'
      ? (a, b) => collator.compare(a.name, b.name) || b.at - a.at
      : (a, b) => b.at - a.at || collator.compare(a.name, b.name));
    const page = all.slice(offset, offset + limit);
    // The deleted record itself is among its entry's rows (a firm's is not counted: firms are not).
    const counts = await withCounts(ctx, page.map((r) => r.id));
    const self = (r: Described) => (r.kind === 'firm' ? 0 : 1);
    return { total: all.length, rows: page.map((r) => ({ ...r, withCount: Math.max(0, (counts.get(r.id) ?? 0) - self(r)) })) };
  },

  'trash.restore': async ({ id }, ctx) => {
    const entry = await liveEntry(ctx, id);
    await restoreEntry(ctx, entry);
    return { id, kind: entry.kind, entityId: entry.entity_id };
  },

  'trash.erase': async ({ id }, ctx) => ({ count: await eraseEntries(ctx, [await liveEntry(ctx, id)]) }),

  'trash.empty': async (_input, ctx) => {
    const visible = new Set((await describeAll(ctx, null)).map((r) => r.id));
    const entries: TrashEntry[] = (await ctx.db.selectFrom('trash').select(['id', 'kind', 'entity_id', 'detail'])
      .where('deleted_at', 'is', null).execute()).filter((e) => visible.has(e.id));
    return { count: await eraseEntries(ctx, entries) };
  },
} satisfies Partial<HandlerMap>;
