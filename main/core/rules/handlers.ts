// Contact-frequency rules per segment or tag ("customers in A: a meeting or call at least every
// 30 days"), the neglected clients they reveal, and firms that have gone quiet.
//
// A rule lives as long as its segment: rules of a deleted segment are neither listed nor
// applied (and come back should the segment be restored). Several rules on one segment are
// allowed (e.g. a call every 30 days and a meeting every 90).
import type { HandlerMap } from '../handler-types.ts';
import type { Ctx } from '../context.ts';
import { notFound, requireRef, stamps } from '../context.ts';
import type { ParsedInput } from '../../../shared/contract.ts';
import type { ContactRule, SegmentKind } from '../../../shared/types.ts';
import { AppError } from '../../../shared/errors.ts';
import { uuidv7 } from '../util/ids.ts';
import { DAY, neglectedFirms, parseKinds, quietFirms, type RuleRow } from './neglected.ts';

type RuleFields = ParsedInput<'rules.create'>;

const KIND_RANK: Record<SegmentKind, number> = { category: 0, group: 1, tag: 2 };

/** Live rules on live segments. */
function selectRules(ctx: Ctx) {
  return ctx.db.selectFrom('contact_rules as r')
    .innerJoin('segments as s', 's.id', 'r.segment_id')
    .where('r.deleted_at', 'is', null)
    .where('s.deleted_at', 'is', null)
    .select(['r.id', 'r.segment_id', 's.name as segment_name', 's.kind as segment_kind', 'r.days', 'r.kind_ids']);
}

export const ruleHandlers = {
  'rules.list': async (_input, ctx) => {
    const rules = await selectRules(ctx).execute();
    if (rules.length === 0) return [];
    // Member counts as the segment list counts them: firms of the list (live, not leads).
    const listed = await ctx.firmList.listedCheck();
    const segmentIds = [...new Set(rules.map((r) => r.segment_id))];
    const members = await ctx.db.selectFrom('segment_members').select(['segment_id', 'firm_id'])
      .where('segment_id', 'in', segmentIds).where('deleted_at', 'is', null).execute();
    const counts = new Map<string, number>();
    for (const m of members) if (listed(m.firm_id)) counts.set(m.segment_id, (counts.get(m.segment_id) ?? 0) + 1);
    const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
    return rules.map((r): ContactRule => ({
      id: r.id, segmentId: r.segment_id, segmentName: r.segment_name, segmentKind: r.segment_kind as SegmentKind,
      days: r.days, kindIds: parseKinds(r.kind_ids), firms: counts.get(r.segment_id) ?? 0,
    })).sort((a, b) => KIND_RANK[a.segmentKind] - KIND_RANK[b.segmentKind] || collator.compare(a.segmentName, b.segmentName)
      || a.days - b.days || (a.id < b.id ? -1 : 1));
  },

  'rules.create': async (input, ctx) => {
    const kindIds = await checkRule(ctx, input, []);
    const now = ctx.now();
    const id = uuidv7(now);
    await ctx.db.insertInto('contact_rules').values({
      id, segment_id: input.segmentId, days: input.days, kind_ids: JSON.stringify(kindIds), ...stamps(now),
    }).execute();
    return { id };
  },

  'rules.update': async (input, ctx) => {
    const row = await liveRule(ctx, input.id);
    const kindIds = await checkRule(ctx, input, parseKinds(row.kind_ids));
    await ctx.db.updateTable('contact_rules').set({
      segment_id: input.segmentId, days: input.days, kind_ids: JSON.stringify(kindIds), updated_at: ctx.now(),
    }).where('id', '=', input.id).execute();
    return { id: input.id };
  },

  'rules.delete': async ({ id }, ctx) => {
    await liveRule(ctx, id);
    const now = ctx.now();
    await ctx.db.updateTable('contact_rules').set({ deleted_at: now, updated_at: now }).where('id', '=', id).execute();
    return { id };
  },

  'rules.neglected': async ({ ownerId, ruleId, limit }, ctx) => {
    if (ownerId) await requireRef(ctx, 'users', ownerId, 'ownerId');
    let q = selectRules(ctx);
    if (ruleId) {
      await requireRef(ctx, 'contact_rules', ruleId, 'ruleId');
      q = q.where('r.id', '=', ruleId);
    }
    const rules: RuleRow[] = await q.execute();
    return neglectedFirms(ctx, rules, ownerId, ctx.now(), limit);
  },

  'firms.quiet': async ({ days, ownerId, segmentId, limit }, ctx) => {
    if (ownerId) await requireRef(ctx, 'users', ownerId, 'ownerId');
    if (segmentId) await requireRef(ctx, 'segments', segmentId, 'segmentId');
    return quietFirms(ctx, { since: ctx.now() - days * DAY, ownerId, segmentId, limit });
  },
} satisfies Partial<HandlerMap>;

/** The segment must be live; counted kinds must be contact kinds (a kind the rule already
 * counts stays valid even if it was removed from the code list since). Returns them deduplicated. */
async function checkRule(ctx: Ctx, input: RuleFields, kept: string[]): Promise<string[]> {
  await requireRef(ctx, 'segments', input.segmentId, 'segmentId');
  const kindIds = [...new Set(input.kindIds)];
  if (kindIds.length === 0) return kindIds;
  const known = await ctx.db.selectFrom('codes').select(['id', 'deleted_at'])
    .where('list', '=', 'contact_kind').where('id', 'in', kindIds).execute();
  const ok = new Set(known.filter((k) => k.deleted_at === null || kept.includes(k.id)).map((k) => k.id));
  const bad = input.kindIds.findIndex((k) => !ok.has(k));
  if (bad >= 0) throw new AppError({ code: 'validation', messageKey: 'errors.unknown_ref', field: `kindIds.${bad}` });
  return kindIds;
}

async function liveRule(ctx: Ctx, id: string) {
  const row = await ctx.db.selectFrom('contact_rules').select(['id', 'kind_ids'])
    .where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  if (!row) throw notFound();
  return row;
}
