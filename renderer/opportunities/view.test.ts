import { describe, expect, it } from 'vitest';
import type { PipelineStage } from '../../shared/types.ts';
import { linesTotalOf, stageSteps } from './view.ts';

const s = (id: string, outcome: PipelineStage['outcome'], sort: number): PipelineStage => ({ id, code: id, label: null, outcome, probability: 0, sort });
const ORDERED = [s('lead', 'open', 0), s('rfi', 'open', 1), s('offer', 'open', 2), s('won', 'won', 3), s('lost', 'lost', 4)];

describe('stage steps', () => {
  it('marks the stages before the current one as passed and lets an open one move anywhere else', () => {
    const steps = stageSteps(ORDERED, 'rfi', 'open');
    expect(steps.map((x) => [x.stage.id, x.current, x.passed, x.enabled])).toEqual([
      ['lead', false, true, true], ['rfi', true, false, false], ['offer', false, false, true], ['won', false, false, true], ['lost', false, false, true],
    ]);
  });
  it('passes every open stage once won, none once lost, and moves nothing when closed', () => {
    expect(stageSteps(ORDERED, 'won', 'won').map((x) => x.passed)).toEqual([true, true, true, false, false]);
    expect(stageSteps(ORDERED, 'lost', 'lost').map((x) => x.passed)).toEqual([false, false, false, false, false]);
    expect(stageSteps(ORDERED, 'won', 'won').some((x) => x.enabled)).toBe(false);
    expect(stageSteps(ORDERED, 'won', 'won').find((x) => x.current)?.stage.id).toBe('won');
  });
});

describe('lines total', () => {
  it('rounds each line to a minor unit', () => {
    expect(linesTotalOf([])).toBe(0);
    expect(linesTotalOf([{ quantity: 2, unitPrice: 1_050 }, { quantity: 1.5, unitPrice: 333 }])).toBe(2_100 + 500);
  });
});
