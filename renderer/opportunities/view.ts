// Pure helpers behind the opportunity view: the row of stage steps and the lines' sum.
import type { OpportunityLine, PipelineStage, StageOutcome } from '../../shared/types.ts';

export interface Step { stage: PipelineStage; current: boolean; passed: boolean; /** A click moves (or closes) it there. */ enabled: boolean }

/** The steps of an opportunity in `ordered` stages (open ones, then won, lost): open stages
 * before the current one are passed (all of them once won); only an open opportunity moves by a
 * click (reopening removes the sale, so it goes through its own menu). */
export function stageSteps(ordered: readonly PipelineStage[], stageId: string, outcome: StageOutcome): Step[] {
  const open = ordered.filter((s) => s.outcome === 'open');
  const cur = open.findIndex((s) => s.id === stageId);
  return ordered.map((stage) => {
    const current = stage.id === stageId;
    const i = open.indexOf(stage);
    const passed = stage.outcome === 'open' && !current && (outcome === 'won' || (cur >= 0 && i < cur));
    return { stage, current, passed, enabled: outcome === 'open' && !current };
  });
}

/** Σ quantity × unit price, each line rounded to a minor unit. */
export function linesTotalOf(lines: readonly Pick<OpportunityLine, 'quantity' | 'unitPrice'>[]): number {
  return lines.reduce((sum, l) => sum + Math.round(l.quantity * l.unitPrice), 0);
}
