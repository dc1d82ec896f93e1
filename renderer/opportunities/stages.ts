// Pure helpers about pipeline stages: their order (open stages by the office's order, then won,
// then lost), moving one up or down, and a probability that follows the stage's default.
import type { PipelineStage, StageOutcome } from '../../shared/types.ts';

const OUTCOME_ORDER: Record<StageOutcome, number> = { open: 0, won: 1, lost: 2 };

/** Open stages in their order, then the won and the lost stage. */
export function orderStages<T extends Pick<PipelineStage, 'outcome' | 'sort'>>(stages: readonly T[]): T[] {
  return stages
    .map((s, i) => ({ s, i }))
    .sort((a, b) => OUTCOME_ORDER[a.s.outcome] - OUTCOME_ORDER[b.s.outcome] || a.s.sort - b.s.sort || a.i - b.i)
    .map(({ s }) => s);
}

export function openStages<T extends Pick<PipelineStage, 'outcome' | 'sort'>>(stages: readonly T[]): T[] {
  return orderStages(stages).filter((s) => s.outcome === 'open');
}

/** The stage that closes an opportunity as won (or lost). */
export function closingStage<T extends Pick<PipelineStage, 'outcome' | 'sort'>>(stages: readonly T[], outcome: 'won' | 'lost'): T | undefined {
  return orderStages(stages).find((s) => s.outcome === outcome);
}

/** The open stages' ids after moving one of them up (-1) or down (+1); null when it cannot move
 * that way (the first one up, the last one down, a won or lost stage, an unknown id). This is
 * what `stages.reorder` takes: won and lost always stay last. */
export function reorderIds(stages: readonly Pick<PipelineStage, 'id' | 'outcome' | 'sort'>[], id: string, delta: -1 | 1): string[] | null {
  const ids = openStages(stages).map((s) => s.id);
  const i = ids.indexOf(id);
  const j = i + delta;
  if (i < 0 || j < 0 || j >= ids.length) return null;
  [ids[i], ids[j]] = [ids[j]!, ids[i]!];
  return ids;
}

/** The probability field after the stage changed: it follows the stages' defaults while the user
 * has left it at the old stage's default (or empty); a number they chose themselves stays. */
export function probabilityAfterStageChange(current: string, from: Pick<PipelineStage, 'probability'> | undefined,
  to: Pick<PipelineStage, 'probability'> | undefined): string {
  if (!to) return current;
  const v = current.trim();
  if (v === '' || (from && /^\d+$/.test(v) && Number(v) === from.probability)) return String(to.probability);
  return current;
}
