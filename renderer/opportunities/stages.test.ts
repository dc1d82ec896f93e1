import { describe, expect, it } from 'vitest';
import type { PipelineStage } from '../../shared/types.ts';
import { closingStage, openStages, orderStages, probabilityAfterStageChange, reorderIds } from './stages.ts';

const s = (id: string, outcome: PipelineStage['outcome'], sort: number, probability = 0): PipelineStage =>
  ({ id, code: null, label: id, outcome, probability, sort });
const STAGES = [s('lost', 'lost', 5), s('offer', 'open', 2, 40), s('won', 'won', 4, 100), s('lead', 'open', 0, 10), s('nego', 'open', 3, 70)];

describe('stage order', () => {
  it('puts open stages first by their order, then won, then lost', () => {
    expect(orderStages(STAGES).map((x) => x.id)).toEqual(['lead', 'offer', 'nego', 'won', 'lost']);
    expect(openStages(STAGES).map((x) => x.id)).toEqual(['lead', 'offer', 'nego']);
    expect(closingStage(STAGES, 'won')?.id).toBe('won');
    expect(closingStage(STAGES, 'lost')?.id).toBe('lost');
    expect(closingStage([], 'won')).toBeUndefined();
  });
  it('keeps a won stage last even if its sort number is small', () => {
    expect(orderStages([s('won', 'won', 0), s('a', 'open', 9)]).map((x) => x.id)).toEqual(['a', 'won']);
  });
});

describe('reordering', () => {
  it('swaps an open stage with its neighbour and returns only open ids', () => {
    expect(reorderIds(STAGES, 'offer', -1)).toEqual(['offer', 'lead', 'nego']);
    expect(reorderIds(STAGES, 'offer', 1)).toEqual(['lead', 'nego', 'offer']);
  });
  it('refuses moves past the ends, closing stages and unknown ids', () => {
    expect(reorderIds(STAGES, 'lead', -1)).toBeNull();
    expect(reorderIds(STAGES, 'nego', 1)).toBeNull();
    expect(reorderIds(STAGES, 'won', -1)).toBeNull();
    expect(reorderIds(STAGES, 'nope', 1)).toBeNull();
  });
});

describe('probability following the stage', () => {
  const lead = { probability: 10 };
  const offer = { probability: 40 };
  it('follows the default while untouched or empty', () => {
    expect(probabilityAfterStageChange('10', lead, offer)).toBe('40');
    expect(probabilityAfterStageChange(' ', lead, offer)).toBe('40');
    expect(probabilityAfterStageChange('', undefined, offer)).toBe('40');
  });
  it('keeps what the user chose', () => {
    expect(probabilityAfterStageChange('25', lead, offer)).toBe('25');
    expect(probabilityAfterStageChange('10', undefined, offer)).toBe('10');
    expect(probabilityAfterStageChange('10', lead, undefined)).toBe('10');
  });
});
