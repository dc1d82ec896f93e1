// The office's pipeline: open stages the users add, rename and reorder, then the built-in won
// and lost stages, always last. A stage that still holds opportunities stays (deleting it would
// strand them), and so do won and lost (closing needs them).
import type { HandlerMap } from '../handler-types.ts';
import type { Ctx } from '../context.ts';
import { notFound, stamps } from '../context.ts';
import type { PipelineStage } from '../../../shared/types.ts';
import { AppError } from '../../../shared/errors.ts';
import { uuidv7 } from '../util/ids.ts';

export type StageRow = { id: string; code: string | null; label: string | null; outcome: 'open' | 'won' | 'lost'; probability: number; sort: number };

export const invalid = (messageKey: string, field: string, params?: Record<string, string | number>) =>
  new AppError({ code: 'validation', messageKey, field, ...(params ? { params } : {}) });

/** Live stages in pipeline order: open ones by their sort, then won, then lost. */
export async function loadStages(ctx: Ctx): Promise<StageRow[]> {
  const rows = await ctx.db.selectFrom('pipeline_stages').select(['id', 'code', 'label', 'outcome', 'probability', 'sort'])
    .where('deleted_at', 'is', null).orderBy('sort').orderBy('id').execute();
  const rank = (o: string) => (o === 'open' ? 0 : o === 'won' ? 1 : 2);
  return rows.sort((a, b) => rank(a.outcome) - rank(b.outcome) || a.sort - b.sort || (a.id < b.id ? -1 : 1));
}

export async function liveStage(ctx: Ctx, id: string, field = 'id'): Promise<StageRow> {
  const row = await ctx.db.selectFrom('pipeline_stages').select(['id', 'code', 'label', 'outcome', 'probability', 'sort'])
    .where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  if (!row) throw field === 'id' ? notFound() : invalid('errors.unknown_ref', field);
  return row;
}

/** A stage an opportunity can be in while open (dragging onto won or lost means closing it). */
export async function openStage(ctx: Ctx, id: string, field: string): Promise<StageRow> {
  const s = await liveStage(ctx, id, field);
  if (s.outcome !== 'open') throw invalid('errors.stage_closing', field);
  return s;
}

/** The stage an opportunity closes into (the first live one of that outcome). */
export async function outcomeStage(ctx: Ctx, outcome: 'won' | 'lost'): Promise<StageRow> {
  const s = (await loadStages(ctx)).find((r) => r.outcome === outcome);
  if (!s) throw new AppError({ code: 'internal', messageKey: 'errors.internal' });
  return s;
}

/** What the history shows for a stage: its own name, or the built-in code (translated in the UI). */
export const stageName = (s: Pick<StageRow, 'code' | 'label'>) => s.label ?? s.code ?? '';

export const toStage = (r: StageRow): PipelineStage => ({
  id: r.id, code: r.code, label: r.label, outcome: r.outcome, probability: r.probability, sort: r.sort,
});

/** Numbers the stages 0, 1, 2… in the given order (only rows whose number moves are written). */
async function renumber(ctx: Ctx, ordered: readonly StageRow[]): Promise<void> {
  const now = ctx.now();
  for (const [i, s] of ordered.entries()) {
    if (s.sort !== i) await ctx.db.updateTable('pipeline_stages').set({ sort: i, updated_at: now }).where('id', '=', s.id).execute();
  }
}

export const stageHandlers = {
  'stages.list': async (_input, ctx) => (await loadStages(ctx)).map(toStage),

  'stages.create': async ({ label, probability }, ctx) => {
    const stages = await loadStages(ctx);
    const now = ctx.now();
    const id = uuidv7(now);
    const row: StageRow = { id, code: null, label, outcome: 'open', probability, sort: -1 };
    await ctx.db.insertInto('pipeline_stages').values({ ...row, ...stamps(now) }).execute();
    // A new stage goes after the last open one; won and lost stay last.
    const open = stages.filter((s) => s.outcome === 'open');
    await renumber(ctx, [...open, row, ...stages.filter((s) => s.outcome !== 'open')]);
    return { id };
  },

  'stages.update': async ({ id, label, probability }, ctx) => {
    const s = await liveStage(ctx, id);
    // Won is 100 % and lost 0 % by definition; only their name can change.
    if (s.outcome !== 'open' && probability !== s.probability) throw invalid('errors.stage_fixed', 'probability');
    await ctx.db.updateTable('pipeline_stages').set({ label, probability, updated_at: ctx.now() }).where('id', '=', id).execute();
    return { id };
  },

  'stages.delete': async ({ id }, ctx) => {
    const s = await liveStage(ctx, id);
    if (s.outcome !== 'open') throw invalid('errors.stage_fixed', 'id');
    const { n } = await ctx.db.selectFrom('opportunities').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('stage_id', '=', id).where('deleted_at', 'is', null).executeTakeFirstOrThrow();
    if (n > 0) throw invalid('errors.stage_in_use', 'id', { count: n });
    const stages = await loadStages(ctx);
    if (stages.filter((r) => r.outcome === 'open').length <= 1) throw invalid('errors.stage_last_open', 'id');
    const now = ctx.now();
    await ctx.db.updateTable('pipeline_stages').set({ deleted_at: now, updated_at: now }).where('id', '=', id).execute();
    await renumber(ctx, stages.filter((r) => r.id !== id));
    return { id };
  },

  'stages.reorder': async ({ ids }, ctx) => {
    const stages = await loadStages(ctx);
    const open = new Map(stages.filter((s) => s.outcome === 'open').map((s) => [s.id, s]));
    // Exactly the open stages, each once: a stale list (a stage added or deleted meanwhile) is
    // refused rather than half applied.
    if (ids.length !== open.size || new Set(ids).size !== ids.length || ids.some((i) => !open.has(i))) {
      throw invalid('errors.stage_order', 'ids');
    }
    await renumber(ctx, [...ids.map((i) => open.get(i)!), ...stages.filter((s) => s.outcome !== 'open')]);
    return { count: ids.length };
  },
} satisfies Partial<HandlerMap>;
