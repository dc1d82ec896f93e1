import { describe, expect, it } from 'vitest';
import type { Board, BoardCard, OpportunityRow, PipelineStage } from '../../shared/types.ts';
import { DRAG_MIME, addMoney, carriesCard, dropAction, encodeDrag, moveCard, parseDrag, pipelineColumns } from './board.ts';

const sid = (n: number) => `00000000-0000-7000-8003-${n.toString(16).padStart(12, '0')}`;
const oid = (n: number) => `01900000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;

const stage = (n: number, code: string, outcome: PipelineStage['outcome'], probability: number, sort: number): PipelineStage =>
  ({ id: sid(n), code, label: null, outcome, probability, sort });
const LEAD = stage(1, 'lead', 'open', 10, 0);
const OFFER = stage(3, 'offer', 'open', 40, 2);
const WON = stage(5, 'won', 'won', 100, 4);
const LOST = stage(6, 'lost', 'lost', 0, 5);

const card = (n: number, stageId: string, amount: number, currency: OpportunityRow['currency'] = 'CZK', probability = 10): BoardCard => ({
  id: oid(n), firmId: oid(900), firmName: 'ACME', title: `Deal ${n}`, stageId, outcome: 'open', probability, amount, currency,
  weighted: Math.round((amount * probability) / 100), closeDate: null, deadlineAt: null, ownerId: oid(800), ownerName: 'Eva',
  closedAt: null, updatedAt: 0, converted: null, via: null,
});

function board(): Board {
  const a = card(1, LEAD.id, 100_000);
  const b = card(2, LEAD.id, 50_000, 'EUR');
  const c = card(3, OFFER.id, 70_000, 'CZK', 40);
  return {
    columns: [
      { stage: LEAD, count: 2, totals: [{ currency: 'CZK', amount: 100_000 }, { currency: 'EUR', amount: 50_000 }],
        weighted: [{ currency: 'CZK', amount: 10_000 }, { currency: 'EUR', amount: 5_000 }], cards: [a, b], converted: null },
      { stage: OFFER, count: 1, totals: [{ currency: 'CZK', amount: 70_000 }], weighted: [{ currency: 'CZK', amount: 28_000 }], cards: [c], converted: null },
    ],
    rates: null,
  };
}

describe('drag payload', () => {
  it('round-trips and refuses anything else', () => {
    expect(parseDrag(encodeDrag({ id: oid(1), stageId: sid(1) }))).toEqual({ id: oid(1), stageId: sid(1) });
    expect(parseDrag(null)).toBeNull();
    expect(parseDrag('')).toBeNull();
    expect(parseDrag('not json')).toBeNull();
    expect(parseDrag('"a string"')).toBeNull();
    expect(parseDrag(JSON.stringify({ id: 'x', stageId: sid(1) }))).toBeNull();
    expect(parseDrag(JSON.stringify({ id: oid(1) }))).toBeNull();
  });
  it('recognises our drags by type only', () => {
    expect(carriesCard([DRAG_MIME])).toBe(true);
    expect(carriesCard(['Files'])).toBe(false);
    expect(carriesCard(['text/plain', DRAG_MIME])).toBe(true);
    expect(carriesCard(null)).toBe(false);
  });
});

describe('drop action', () => {
  it('does nothing on its own column, moves between open stages, closes on won and lost', () => {
    expect(dropAction({ stageId: LEAD.id }, LEAD)).toEqual({ kind: 'none' });
    expect(dropAction({ stageId: LEAD.id }, OFFER)).toEqual({ kind: 'move', stageId: OFFER.id });
    expect(dropAction({ stageId: LEAD.id }, WON)).toEqual({ kind: 'close', outcome: 'won', stageId: WON.id });
    expect(dropAction({ stageId: OFFER.id }, LOST)).toEqual({ kind: 'close', outcome: 'lost', stageId: LOST.id });
  });
});

describe('pipeline columns', () => {
  it('adds won and lost as drop targets after the open stages, in stage order', () => {
    const cols = pipelineColumns(board(), [LOST, WON, OFFER, LEAD]);
    expect(cols.map((c) => c.stage.code)).toEqual(['lead', 'offer', 'won', 'lost']);
    expect(cols.map((c) => c.closing)).toEqual([false, false, true, true]);
    expect(cols[2]!.cards).toEqual([]);
  });
  it('does not repeat a closing stage the core sent as a column, and shows renamed stages', () => {
    const b = board();
    b.columns.push({ stage: WON, count: 0, totals: [], weighted: [], cards: [], converted: null });
    const renamed = { ...LEAD, label: 'Tip' };
    const cols = pipelineColumns(b, [renamed, OFFER, WON, LOST]);
    expect(cols.map((c) => c.stage.id)).toEqual([LEAD.id, OFFER.id, WON.id, LOST.id]);
    expect(cols[0]!.stage.label).toBe('Tip');
  });
  it('works before the stage list has loaded', () => {
    expect(pipelineColumns(board(), []).map((c) => c.stage.code)).toEqual(['lead', 'offer']);
  });
});

describe('moving a card', () => {
  it('adds money per currency without mixing', () => {
    expect(addMoney([{ currency: 'CZK', amount: 5 }], { currency: 'EUR', amount: 3 })).toEqual([{ currency: 'CZK', amount: 5 }, { currency: 'EUR', amount: 3 }]);
    expect(addMoney([{ currency: 'CZK', amount: 5 }], { currency: 'CZK', amount: -5 })).toEqual([{ currency: 'CZK', amount: 0 }]);
  });
  it('moves the card, its count and its money between fully loaded columns', () => {
    const before = board();
    const after = moveCard(before, oid(2), OFFER.id);
    const [lead, offer] = after.columns;
    expect(lead!.cards.map((c) => c.id)).toEqual([oid(1)]);
    expect(lead!.count).toBe(1);
    expect(lead!.totals).toEqual([{ currency: 'CZK', amount: 100_000 }]);
    expect(lead!.weighted).toEqual([{ currency: 'CZK', amount: 10_000 }]);
    expect(offer!.count).toBe(2);
    expect(offer!.cards.map((c) => c.id)).toEqual([oid(3), oid(2)]);
    expect(offer!.cards[1]!.stageId).toBe(OFFER.id);
    expect(offer!.totals).toEqual([{ currency: 'CZK', amount: 70_000 }, { currency: 'EUR', amount: 50_000 }]);
    // the original is untouched
    expect(before.columns[0]!.count).toBe(2);
  });
  it('takes the new stage\'s probability into the weighted totals when given', () => {
    const after = moveCard(board(), oid(1), OFFER.id, 40);
    const offer = after.columns[1]!;
    expect(offer.cards[0]!).toMatchObject({ id: oid(1), probability: 40, weighted: 40_000 });
    expect(offer.weighted).toEqual([{ currency: 'CZK', amount: 28_000 + 40_000 }]);
    expect(after.columns[0]!.weighted).toEqual([{ currency: 'EUR', amount: 5_000 }]);
  });
  it('keeps the largest amount first', () => {
    const after = moveCard(board(), oid(1), OFFER.id);
    expect(after.columns[1]!.cards.map((c) => c.id)).toEqual([oid(1), oid(3)]);
  });
  it('adjusts totals of a column whose cards are not all loaded', () => {
    const b = board();
    b.columns[1] = { ...b.columns[1]!, count: 10, totals: [{ currency: 'CZK', amount: 900_000 }], weighted: [{ currency: 'CZK', amount: 360_000 }] };
    const after = moveCard(b, oid(1), OFFER.id);
    expect(after.columns[1]!.count).toBe(11);
    expect(after.columns[1]!.totals).toEqual([{ currency: 'CZK', amount: 1_000_000 }]);
    expect(after.columns[1]!.weighted).toEqual([{ currency: 'CZK', amount: 370_000 }]);
  });
  it('takes a card dropped on won or lost off the board; an emptied column has no totals', () => {
    const after = moveCard(board(), oid(3), WON.id);
    expect(after.columns[1]!.count).toBe(0);
    expect(after.columns[1]!.cards).toEqual([]);
    expect(after.columns[1]!.totals).toEqual([]);
    expect(after.columns[0]!.count).toBe(2);
  });
  it('leaves the board alone for an unknown card or its own column', () => {
    const b = board();
    expect(moveCard(b, oid(99), OFFER.id)).toBe(b);
    expect(moveCard(b, oid(1), LEAD.id)).toBe(b);
  });
});
