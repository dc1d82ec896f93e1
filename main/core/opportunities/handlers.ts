// Opportunities on the office's pipeline: stages, the board, the deal itself, closing it.
// A deal moves between open stages; won and lost are reached only by closing it (won records a
// sale on the firm, lost names a reason), and reopening takes it back (the won sale goes).
// The offer deadline's watch is a set of reminders, one per watcher, kept in step with the deal
// inside the same transaction (reminders/schedule.ts).
import { loadRates, saveRates } from './rates.ts';
import type { HandlerMap } from '../handler-types.ts';
import type { Ctx } from '../context.ts';
import { notFound, requireRef, stamps } from '../context.ts';
import type { ParsedInput } from '../../../shared/contract.ts';
import { uuidv7 } from '../util/ids.ts';
import { recordChange } from '../changes/record.ts';
import { requireLiveFirm } from '../firms/handlers.ts';
import { clearReminders, syncReminders } from '../reminders/schedule.ts';
import { invalid, liveStage, openStage, outcomeStage, stageHandlers, stageName, type StageRow } from './stages.ts';
import { listOpportunities, loadBoard, loadOpportunity } from './queries.ts';
import { insertSale } from '../sales/handlers.ts';
import { requireCode } from '../app/codes.ts';
import type { Currency } from '../../../shared/types.ts';

const DAY = 86_400_000;

type OpportunityFields = ParsedInput<'opportunities.create'>;

interface LiveOpportunity {
  id: string;
  firm_id: string;
  title: string;
  stage_id: string;
  owner_id: string;
  amount: number;
  currency: string;
  deadline_at: number | null;
  watch_days: number | null;
  outcome: 'open' | 'won' | 'lost';
  code: string | null;
  label: string | null;
}

async function liveOpportunity(ctx: Ctx, id: string, field = 'id'): Promise<LiveOpportunity> {
  const row = await ctx.db.selectFrom('opportunities as o').innerJoin('pipeline_stages as s', 's.id', 'o.stage_id')
    .select(['o.id', 'o.firm_id', 'o.title', 'o.stage_id', 'o.owner_id', 'o.amount', 'o.currency', 'o.deadline_at',
      'o.watch_days', 's.outcome', 's.code', 's.label'])
    .where('o.id', '=', id).where('o.deleted_at', 'is', null).executeTakeFirst();
  if (!row) throw field === 'id' ? notFound() : invalid('errors.unknown_ref', field);
  return row;
}

/** How the firm's history names a deal: its title and stage ("Lis 2026 · offer"). */
const historyValue = (title: string, stage: Pick<StageRow, 'code' | 'label'>) => `${title} · ${stageName(stage)}`;

/** The watch: each watcher is reminded `watchDays` before the offer deadline — while the deal is
 * open and the deadline still ahead. Anything else means no reminders. */
function watchPlan(ctx: Ctx, o: { deadlineAt: number | null; watchDays: number | null; open: boolean }, watcherIds: readonly string[]) {
  if (!o.open || o.deadlineAt === null || o.watchDays === null || o.deadlineAt <= ctx.now()) return [];
  const at = o.deadlineAt - o.watchDays * DAY;
  return watcherIds.map((userId) => ({ userId, at }));
}

const deadlineTarget = (opportunityId: string) => ({ kind: 'deadline' as const, opportunityId });

async function usersOf(ctx: Ctx, id: string, role: 'sales' | 'watch'): Promise<string[]> {
  return (await ctx.db.selectFrom('opportunity_users').select('user_id').where('opportunity_id', '=', id).where('role', '=', role)
    .where('deleted_at', 'is', null).orderBy('created_at').orderBy('id').execute()).map((r) => r.user_id);
}

async function checkRefs(ctx: Ctx, input: OpportunityFields): Promise<void> {
  await requireLiveFirm(ctx, input.firmId, 'firmId');
  await requireRef(ctx, 'users', input.ownerId, 'ownerId');
  for (const [i, u] of input.salesIds.entries()) await requireRef(ctx, 'users', u, `salesIds.${i}`);
  for (const [i, u] of input.watcherIds.entries()) await requireRef(ctx, 'users', u, `watcherIds.${i}`);
}

/** Makes the live users of a role exactly `userIds`. Rows are unique per (deal, user, role), so
 * a user who comes back gets their tombstoned row revived. */
async function syncUsers(ctx: Ctx, id: string, role: 'sales' | 'watch', userIds: readonly string[]): Promise<void> {
  const now = ctx.now();
  const rows = await ctx.db.selectFrom('opportunity_users').select(['id', 'user_id', 'deleted_at'])
    .where('opportunity_id', '=', id).where('role', '=', role).execute();
  const want = new Set(userIds);
  for (const r of rows) {
    if (want.has(r.user_id) && r.deleted_at !== null) {
      await ctx.db.updateTable('opportunity_users').set({ deleted_at: null, updated_at: now }).where('id', '=', r.id).execute();
    } else if (!want.has(r.user_id) && r.deleted_at === null) {
      await ctx.db.updateTable('opportunity_users').set({ deleted_at: now, updated_at: now }).where('id', '=', r.id).execute();
    }
  }
  const known = new Set(rows.map((r) => r.user_id));
  for (const u of want) {
    if (!known.has(u)) {
      await ctx.db.insertInto('opportunity_users').values({ id: uuidv7(now), opportunity_id: id, user_id: u, role, ...stamps(now) }).execute();
    }
  }
}

/** Upserts lines by id, tombstones the ones no longer listed. */
async function syncLines(ctx: Ctx, id: string, list: OpportunityFields['lines']): Promise<void> {
  const now = ctx.now();
  const existing = new Set((await ctx.db.selectFrom('opportunity_lines').select('id').where('opportunity_id', '=', id)
    .where('deleted_at', 'is', null).execute()).map((r) => r.id));
  const keep = new Set<string>();
  for (const [sort, l] of list.entries()) {
    const cols = { product: l.product, product_group: l.productGroup, quantity: l.quantity, unit_price: l.unitPrice, sort };
    if (l.id && existing.has(l.id) && !keep.has(l.id)) {
      keep.add(l.id);
      await ctx.db.updateTable('opportunity_lines').set({ ...cols, updated_at: now }).where('id', '=', l.id).execute();
    } else {
      await ctx.db.insertInto('opportunity_lines').values({ id: uuidv7(now), opportunity_id: id, ...cols, ...stamps(now) }).execute();
    }
  }
  const gone = [...existing].filter((x) => !keep.has(x));
  if (gone.length) await ctx.db.updateTable('opportunity_lines').set({ deleted_at: now, updated_at: now }).where('id', 'in', gone).execute();
}

async function syncCompetitors(ctx: Ctx, id: string, list: OpportunityFields['competitors']): Promise<void> {
  const now = ctx.now();
  const existing = new Set((await ctx.db.selectFrom('opportunity_competitors').select('id').where('opportunity_id', '=', id)
    .where('deleted_at', 'is', null).execute()).map((r) => r.id));
  const keep = new Set<string>();
  for (const [sort, c] of list.entries()) {
    const cols = { name: c.name, strengths: c.strengths, weaknesses: c.weaknesses, sort };
    if (c.id && existing.has(c.id) && !keep.has(c.id)) {
      keep.add(c.id);
      await ctx.db.updateTable('opportunity_competitors').set({ ...cols, updated_at: now }).where('id', '=', c.id).execute();
    } else {
      await ctx.db.insertInto('opportunity_competitors').values({ id: uuidv7(now), opportunity_id: id, ...cols, ...stamps(now) }).execute();
    }
  }
  const gone = [...existing].filter((x) => !keep.has(x));
  if (gone.length) await ctx.db.updateTable('opportunity_competitors').set({ deleted_at: now, updated_at: now }).where('id', 'in', gone).execute();
}

/** Salespeople, watchers, lines, competitors and the watch's reminders, as the form says. */
async function syncDetails(ctx: Ctx, id: string, input: OpportunityFields, open: boolean): Promise<void> {
  // The owner is a salesperson of the deal too (one row, so "my deals" is one lookup).
  await syncUsers(ctx, id, 'sales', [input.ownerId, ...input.salesIds]);
  await syncUsers(ctx, id, 'watch', input.watcherIds);
  await syncLines(ctx, id, input.lines);
  await syncCompetitors(ctx, id, input.competitors);
  await syncReminders(ctx, deadlineTarget(id), watchPlan(ctx, { ...input, open }, input.watcherIds));
}

function columns(input: OpportunityFields, probability: number) {
  return {
    firm_id: input.firmId, title: input.title, stage_id: input.stageId, probability, amount: input.amount,
    currency: input.currency, close_date: input.closeDate, deadline_at: input.deadlineAt, watch_days: input.watchDays,
    owner_id: input.ownerId, note: input.note,
  };
}

export const opportunityHandlers = {
  ...stageHandlers,

  'opportunities.list': async (input, ctx) => listOpportunities(ctx, input),

  'opportunities.board': async (input, ctx) => loadBoard(ctx, input),
  'rates.get': async (_input, ctx) => ({ rates: await loadRates(ctx.db) }),
  'rates.set': async (input, ctx) => {
    // Only the currencies other than the base are rates; the base is 1 by definition.
    const rates = Object.fromEntries(Object.entries(input.rates).filter(([c]) => c !== input.base));
    await saveRates(ctx.db, { base: input.base, rates, asOf: input.asOf }, ctx.now());
    return { ok: true as const };
  },

  'opportunities.get': async ({ id }, ctx) => loadOpportunity(ctx, id),

  'opportunities.create': async (input, ctx) => {
    await checkRefs(ctx, input);
    // A new deal starts on an open stage; won and lost are reached by closing it.
    const stage = await openStage(ctx, input.stageId, 'stageId');
    const now = ctx.now();
    const id = uuidv7(now);
    await ctx.db.insertInto('opportunities').values({
      id, ...columns(input, input.probability ?? stage.probability), lost_reason_id: null, lost_note: '', closed_at: null,
      stage_changed_at: now, ...stamps(now),
    }).execute();
    await syncDetails(ctx, id, input, true);
    await recordChange(ctx, input.firmId, 'opportunity', '', historyValue(input.title, stage));
    return { id };
  },

  'opportunities.update': async (input, ctx) => {
    const before = await liveOpportunity(ctx, input.id);
    await checkRefs(ctx, input);
    const open = before.outcome === 'open';
    let stage: StageRow;
    if (open) {
      stage = await openStage(ctx, input.stageId, 'stageId');
    } else {
      // A closed deal keeps its stage and firm (its sale is on that firm): reopen it to move it.
      if (input.stageId !== before.stage_id) throw invalid('errors.opportunity_closed', 'stageId');
      if (input.firmId !== before.firm_id) throw invalid('errors.opportunity_closed', 'firmId');
      stage = await liveStage(ctx, before.stage_id, 'stageId');
    }
    const now = ctx.now();
    const probability = open ? input.probability ?? stage.probability : stage.probability;
    await ctx.db.updateTable('opportunities').set({
      ...columns(input, probability), updated_at: now,
      ...(input.stageId !== before.stage_id ? { stage_changed_at: now } : {}),
    }).where('id', '=', input.id).execute();
    await syncDetails(ctx, input.id, input, open);
    const was = historyValue(before.title, before);
    const is = historyValue(input.title, stage);
    if (input.firmId !== before.firm_id) {
      await recordChange(ctx, before.firm_id, 'opportunity', was, '');
      await recordChange(ctx, input.firmId, 'opportunity', '', is);
    } else {
      await recordChange(ctx, input.firmId, 'opportunity', was, is);
    }
    return { id: input.id };
  },

  'opportunities.move': async ({ id, stageId }, ctx) => {
    const o = await liveOpportunity(ctx, id);
    if (o.outcome !== 'open') throw invalid('errors.opportunity_closed', 'id');
    // Dropping a deal on won or lost needs the closing details: opportunities.close.
    const stage = await openStage(ctx, stageId, 'stageId');
    if (stage.id === o.stage_id) return { id };
    const now = ctx.now();
    // Entering a stage takes its default probability.
    await ctx.db.updateTable('opportunities').set({ stage_id: stage.id, probability: stage.probability, stage_changed_at: now, updated_at: now })
      .where('id', '=', id).execute();
    await recordChange(ctx, o.firm_id, 'opportunity', historyValue(o.title, o), historyValue(o.title, stage));
    return { id };
  },

  'opportunities.close': async (input, ctx) => {
    const o = await liveOpportunity(ctx, input.id);
    if (o.outcome !== 'open') throw invalid('errors.opportunity_closed', 'id');
    const now = ctx.now();
    let saleId: string | null = null;
    let stage: StageRow;
    if (input.outcome === 'won') {
      stage = await outcomeStage(ctx, 'won');
      const product = await ctx.db.selectFrom('opportunity_lines').select('product').where('opportunity_id', '=', o.id)
        .where('deleted_at', 'is', null).orderBy('sort').orderBy('id').executeTakeFirst();
      // The sales core checks the date and that the document number is not taken (field errors).
      saleId = await insertSale(ctx, {
        firmId: o.firm_id, kind: input.kind, source: 'opportunity', date: input.date, amount: input.amount ?? o.amount,
        currency: o.currency as Currency, product: product?.product ?? '', documentNo: input.documentNo, opportunityId: o.id,
        note: o.title,
      });
      await ctx.db.updateTable('opportunities').set({
        stage_id: stage.id, probability: stage.probability, close_date: input.date, closed_at: now, stage_changed_at: now,
        lost_reason_id: null, lost_note: '', updated_at: now,
      }).where('id', '=', o.id).execute();
    } else {
      await requireCode(ctx, 'lost_reason', input.reasonId, 'reasonId');
      // "Other" says nothing by itself: it needs the note that explains it.
      const reason = await ctx.db.selectFrom('codes').select('code').where('id', '=', input.reasonId).executeTakeFirstOrThrow();
      if (reason.code === 'other' && input.note === '') throw invalid('errors.lost_note_required', 'note');
      stage = await outcomeStage(ctx, 'lost');
      await ctx.db.updateTable('opportunities').set({
        stage_id: stage.id, probability: stage.probability, closed_at: now, stage_changed_at: now,
        lost_reason_id: input.reasonId, lost_note: input.note, updated_at: now,
      }).where('id', '=', o.id).execute();
    }
    // A closed deal has no offer to hand in any more.
    await clearReminders(ctx, deadlineTarget(o.id));
    await recordChange(ctx, o.firm_id, 'opportunity', historyValue(o.title, o), historyValue(o.title, stage));
    return { id: o.id, saleId };
  },

  'opportunities.reopen': async ({ id, stageId }, ctx) => {
    const o = await liveOpportunity(ctx, id);
    if (o.outcome === 'open') throw invalid('errors.opportunity_not_closed', 'id');
    const stage = await openStage(ctx, stageId, 'stageId');
    const now = ctx.now();
    await ctx.db.updateTable('opportunities').set({
      stage_id: stage.id, probability: stage.probability, closed_at: null, lost_reason_id: null, lost_note: '',
      stage_changed_at: now, updated_at: now,
    }).where('id', '=', id).execute();
    // The revenue it made when won was not made after all.
    await ctx.db.updateTable('sales').set({ deleted_at: now, updated_at: now })
      .where('opportunity_id', '=', id).where('source', '=', 'opportunity').where('deleted_at', 'is', null).execute();
    // The watch comes back if its deadline is still ahead.
    await syncReminders(ctx, deadlineTarget(id),
      watchPlan(ctx, { deadlineAt: o.deadline_at, watchDays: o.watch_days, open: true }, await usersOf(ctx, id, 'watch')));
    await recordChange(ctx, o.firm_id, 'opportunity', historyValue(o.title, o), historyValue(o.title, stage));
    return { id };
  },

  'opportunities.delete': async ({ id }, ctx) => {
    await liveOpportunity(ctx, id);
    const now = ctx.now();
    // A tombstone; a sale it made when won stays on the firm (the order happened).
    await ctx.db.updateTable('opportunities').set({ deleted_at: now, updated_at: now }).where('id', '=', id).execute();
    await clearReminders(ctx, deadlineTarget(id));
    return { id };
  },

  'opportunities.comment': async ({ opportunityId, body }, ctx) => {
    await liveOpportunity(ctx, opportunityId, 'opportunityId');
    const now = ctx.now();
    const id = uuidv7(now);
    await ctx.db.insertInto('opportunity_comments').values({
      id, opportunity_id: opportunityId, author_id: ctx.localUserId, body, at: now, ...stamps(now),
    }).execute();
    return { id };
  },
} satisfies Partial<HandlerMap>;
