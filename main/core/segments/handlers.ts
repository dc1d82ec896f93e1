// Segments: categories (how the office divides its market), groups (firms that belong
// together, optionally headed by a parent firm — a holding) and free tags. A firm belongs to
// any number of them; each membership is one row, tombstoned when it ends and revived when it
// comes back, so a later sync sees one history per (segment, firm).
import { sql } from 'kysely';
import type { HandlerMap } from '../handler-types.ts';
import type { Ctx } from '../context.ts';
import { notFound, requireRef, stamps } from '../context.ts';
import { AppError } from '../../../shared/errors.ts';
import type { FirmKind, Segment, SegmentCard, SegmentKind, SegmentMember } from '../../../shared/types.ts';
import { SEGMENT_KINDS } from '../../../shared/types.ts';
import type { ParsedInput } from '../../../shared/contract.ts';
import { recordChange } from '../changes/record.ts';
import { uuidv7 } from '../util/ids.ts';

type SegmentFields = ParsedInput<'segments.create'>;

const DAY = 86_400_000;
const CHUNK = 500;

export const segmentHandlers = {
  'segments.list': async ({ kind }, ctx) => {
    let q = selectSegments(ctx);
    if (kind) q = q.where('s.kind', '=', kind);
    const rows = await q.execute();
    // Member counts: one sequential read of the memberships, checked against the firm list
    // (live, not leads) in memory — a join to firms per membership costs 10× as much at 100k.
    const listed = await ctx.firmList.listedCheck();
    const counts = new Map<string, number>();
    const members = await ctx.db.selectFrom('segment_members').select(['segment_id', 'firm_id']).where('deleted_at', 'is', null).execute();
    for (const m of members) if (listed(m.firm_id)) counts.set(m.segment_id, (counts.get(m.segment_id) ?? 0) + 1);
    const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
    return rows.map((r) => toSegment(r, counts.get(r.id) ?? 0))
      .sort((a, b) => kindRank(a.kind) - kindRank(b.kind) || collator.compare(a.name, b.name));
  },

  'segments.get': async ({ id, locale }, ctx) => {
    const row = await selectSegments(ctx).where('s.id', '=', id).executeTakeFirst();
    if (!row) throw notFound();
    // Members are the firms the firm list shows: live and not leads (a lead waits apart).
    const members = await sql<{
      id: string; name: string; is_customer: number; is_prospect: number; is_supplier: number;
      owner_name: string | null; city: string | null; last_at: number | null;
    }>`
      SELECT f.id, f.name, f.is_customer, f.is_prospect, f.is_supplier, u.name AS owner_name,
        (SELECT a.city FROM addresses a WHERE a.firm_id = f.id AND a.deleted_at IS NULL AND a.city <> ''
          ORDER BY a.kind <> 'registered', a.sort LIMIT 1) AS city,
        (SELECT c.at FROM contacts c WHERE c.firm_id = f.id AND c.status = 'done' AND c.deleted_at IS NULL
          ORDER BY c.at DESC LIMIT 1) AS last_at
      FROM segment_members m JOIN firms f ON f.id = m.firm_id LEFT JOIN users u ON u.id = f.owner_id
      WHERE m.segment_id = ${id} AND m.deleted_at IS NULL AND f.deleted_at IS NULL AND f.is_lead = 0`.execute(ctx.db);
    const now = ctx.now();
    // One pass each over the members' people, tasks and contacts, through the firm_id indexes.
    const counts = await sql<{ people: number; contacts90d: number; planned: number; open_tasks: number }>`
      WITH mf AS (SELECT m.firm_id AS id FROM segment_members m JOIN firms f ON f.id = m.firm_id
        WHERE m.segment_id = ${id} AND m.deleted_at IS NULL AND f.deleted_at IS NULL AND f.is_lead = 0)
      SELECT
        (SELECT count(*) FROM people p WHERE p.firm_id IN (SELECT id FROM mf) AND p.deleted_at IS NULL) AS people,
        (SELECT count(*) FROM tasks t WHERE t.firm_id IN (SELECT id FROM mf) AND t.done_at IS NULL
          AND t.deleted_at IS NULL) AS open_tasks,
        -- both contact counts in one pass over the members' contacts
        coalesce(sum(c.status = 'done' AND c.at >= ${now - 90 * DAY} AND c.at <= ${now}), 0) AS contacts90d,
        coalesce(sum(c.status = 'planned'), 0) AS planned
      FROM contacts c WHERE c.firm_id IN (SELECT id FROM mf) AND c.deleted_at IS NULL`.execute(ctx.db);

    const c = counts.rows[0]!;
    const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
    const list = members.rows.map((m): SegmentMember => ({
      id: m.id, name: m.name, city: m.city, kinds: kindsOf(m), ownerName: m.owner_name, lastContactAt: m.last_at,
    })).sort((a, b) => collator.compare(a.name, b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const card: SegmentCard = {
      segment: toSegment(row, list.length),
      members: list,
      counts: { members: list.length, people: c.people, contacts90d: c.contacts90d, planned: c.planned, openTasks: c.open_tasks },
    };
    return card;
  },

  'segments.create': async (input, ctx) => {
    await checkSegment(ctx, input);
    const now = ctx.now();
    const id = uuidv7(now);
    await ctx.db.insertInto('segments').values({ id, ...segmentColumns(input), ...stamps(now) }).execute();
    return { id };
  },

  'segments.update': async (input, ctx) => {
    await liveSegment(ctx, input.id);
    await checkSegment(ctx, input);
    await ctx.db.updateTable('segments').set({ ...segmentColumns(input), updated_at: ctx.now() }).where('id', '=', input.id).execute();
    return { id: input.id };
  },

  'segments.delete': async ({ id }, ctx) => {
    await liveSegment(ctx, id);
    const now = ctx.now();
    // The memberships end with it; the firms' histories keep the name they had (no change
    // records here: the segment is gone, not the firms' choice).
    await ctx.db.updateTable('segment_members').set({ deleted_at: now, updated_at: now })
      .where('segment_id', '=', id).where('deleted_at', 'is', null).execute();
    await ctx.db.updateTable('segments').set({ deleted_at: now, updated_at: now }).where('id', '=', id).execute();
    return { id };
  },

  'segments.members': async ({ id, add, remove }, ctx) => {
    const segment = await liveSegment(ctx, id);
    await requireLiveFirms(ctx, add, 'add');
    const current = await membershipsOfSegment(ctx, id);
    const removing = new Set(remove);
    for (const firmId of new Set(add)) {
      if (!removing.has(firmId)) await addMember(ctx, segment, firmId, current.get(firmId));
    }
    for (const firmId of removing) {
      const m = current.get(firmId);
      if (m && m.deleted_at === null) await endMember(ctx, segment, firmId, m.id);
    }
    return { id };
  },

  'firms.setSegments': async ({ id, segmentIds }, ctx) => {
    const firm = await ctx.db.selectFrom('firms').select('id').where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
    if (!firm) throw notFound();
    const wanted = new Map<string, SegmentInfo>();
    for (const [i, segmentId] of segmentIds.entries()) {
      const s = await ctx.db.selectFrom('segments').select(['id', 'name']).where('id', '=', segmentId)
        .where('deleted_at', 'is', null).executeTakeFirst();
      if (!s) throw new AppError({ code: 'validation', messageKey: 'errors.unknown_ref', field: `segmentIds.${i}` });
      wanted.set(s.id, s);
    }
    const rows = await ctx.db.selectFrom('segment_members as m').innerJoin('segments as s', 's.id', 'm.segment_id')
      .select(['m.id', 'm.segment_id', 'm.deleted_at', 's.name', 's.deleted_at as segment_deleted'])
      .where('m.firm_id', '=', id).execute();
    const bySegment = new Map(rows.map((r) => [r.segment_id, r]));
    for (const s of wanted.values()) await addMember(ctx, s, id, bySegment.get(s.id));
    for (const r of rows) {
      if (r.deleted_at === null && r.segment_deleted === null && !wanted.has(r.segment_id)) {
        await endMember(ctx, { id: r.segment_id, name: r.name }, id, r.id);
      }
    }
    return { id };
  },
} satisfies Partial<HandlerMap>;

interface SegmentInfo { id: string; name: string }
interface Membership { id: string; deleted_at: number | null }

// History format of a membership change (field 'segment'): joining shows the segment's name
// as the new value with an empty old one; leaving shows it as the old value with an empty new.
async function addMember(ctx: Ctx, segment: SegmentInfo, firmId: string, m: Membership | undefined): Promise<void> {
  if (m && m.deleted_at === null) return;
  const now = ctx.now();
  if (m) {
    await ctx.db.updateTable('segment_members').set({ deleted_at: null, updated_at: now }).where('id', '=', m.id).execute();
  } else {
    await ctx.db.insertInto('segment_members').values({ id: uuidv7(now), segment_id: segment.id, firm_id: firmId, ...stamps(now) }).execute();
  }
  await recordChange(ctx, firmId, 'segment', '', segment.name);
}

async function endMember(ctx: Ctx, segment: SegmentInfo, firmId: string, membershipId: string): Promise<void> {
  const now = ctx.now();
  await ctx.db.updateTable('segment_members').set({ deleted_at: now, updated_at: now }).where('id', '=', membershipId).execute();
  await recordChange(ctx, firmId, 'segment', segment.name, '');
}

async function membershipsOfSegment(ctx: Ctx, segmentId: string): Promise<Map<string, Membership>> {
  const rows = await ctx.db.selectFrom('segment_members').select(['id', 'firm_id', 'deleted_at'])
    .where('segment_id', '=', segmentId).execute();
  return new Map(rows.map((r) => [r.firm_id, { id: r.id, deleted_at: r.deleted_at }]));
}

async function requireLiveFirms(ctx: Ctx, ids: readonly string[], field: string): Promise<void> {
  const live = new Set<string>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await ctx.db.selectFrom('firms').select('id').where('id', 'in', ids.slice(i, i + CHUNK))
      .where('deleted_at', 'is', null).execute();
    for (const r of rows) live.add(r.id);
  }
  const bad = ids.findIndex((x) => !live.has(x));
  if (bad >= 0) throw new AppError({ code: 'validation', messageKey: 'errors.unknown_ref', field: `${field}.${bad}` });
}

async function liveSegment(ctx: Ctx, id: string): Promise<SegmentInfo> {
  const row = await ctx.db.selectFrom('segments').select(['id', 'name']).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

async function checkSegment(ctx: Ctx, input: SegmentFields): Promise<void> {
  if (input.parentFirmId === null) return;
  // Only a group has a head; a category or a tag is a label, not a corporate structure.
  if (input.kind !== 'group') {
    throw new AppError({ code: 'validation', messageKey: 'errors.segment_parent_group_only', field: 'parentFirmId' });
  }
  await requireRef(ctx, 'firms', input.parentFirmId, 'parentFirmId');
}

function segmentColumns(input: SegmentFields) {
  return { kind: input.kind, name: input.name, parent_firm_id: input.parentFirmId, color: input.color.toLowerCase(), note: input.note };
}

function selectSegments(ctx: Ctx) {
  return ctx.db.selectFrom('segments as s')
    .leftJoin('firms as pf', (j) => j.onRef('pf.id', '=', 's.parent_firm_id').on('pf.deleted_at', 'is', null))
    .select(['s.id', 's.kind', 's.name', 's.color', 's.note', 's.parent_firm_id', 'pf.name as parent_name'])
    .where('s.deleted_at', 'is', null);
}

function toSegment(r: {
  id: string; kind: SegmentKind; name: string; color: string; note: string; parent_firm_id: string | null;
  parent_name: string | null;
}, memberCount: number): Segment {
  return {
    id: r.id, kind: r.kind, name: r.name, color: r.color, note: r.note,
    // A parent firm deleted since still leaves the group standing, just headless.
    parentFirmId: r.parent_name === null ? null : r.parent_firm_id, parentFirmName: r.parent_name,
    memberCount,
  };
}

export const kindRank = (k: SegmentKind) => SEGMENT_KINDS.indexOf(k);

function kindsOf(r: { is_customer: number; is_prospect: number; is_supplier: number }): FirmKind[] {
  const kinds: FirmKind[] = [];
  if (r.is_customer) kinds.push('customer');
  if (r.is_prospect) kinds.push('prospect');
  if (r.is_supplier) kinds.push('supplier');
  return kinds;
}
