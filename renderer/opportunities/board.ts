// Pure helpers behind the pipeline board: what a drag carries, what a drop on a column means,
// the columns shown (the core's open stages plus won and lost as drop targets), and the board
// after a card moved (shown at once, before the core's change event brings the real one).
import type { Board, BoardCard, BoardColumn, Money, OpportunityRow, PipelineStage, StageOutcome } from '../../shared/types.ts';
import { sumByCurrency, weightedAmount } from '../../shared/money.ts';

/** The drag's own data type: other drags (files, text, links) are never taken for a card. */
export const DRAG_MIME = 'application/x-kartoteka-opportunity';

export interface DragPayload { id: string; stageId: string }

const UUID = /^[0-9a-f-]{36}$/;

export function encodeDrag(p: DragPayload): string {
  return JSON.stringify({ id: p.id, stageId: p.stageId });
}

/** The card a drop carries, or null for anything that is not one of ours. */
export function parseDrag(raw: string | null | undefined): DragPayload | null {
  if (!raw) return null;
  let v: unknown;
  try { v = JSON.parse(raw); } catch { return null; }
  if (typeof v !== 'object' || v === null) return null;
  const { id, stageId } = v as Record<string, unknown>;
  if (typeof id !== 'string' || typeof stageId !== 'string' || !UUID.test(id) || !UUID.test(stageId)) return null;
  return { id, stageId };
}

/** During dragover only the types are readable, not the data. */
export function carriesCard(types: readonly string[] | DOMStringList | null | undefined): boolean {
  if (!types) return false;
  return Array.from(types as ArrayLike<string>).includes(DRAG_MIME);
}

export interface PipelineColumn {
  stage: PipelineStage;
  count: number;
  totals: Money[];
  weighted: Money[];
  cards: BoardCard[];
  converted: BoardColumn['converted'];
  /** A won or lost stage: a drop target that closes the opportunity, without cards. */
  closing: boolean;
}

const OUTCOME_ORDER: Record<StageOutcome, number> = { open: 0, won: 1, lost: 2 };

/** The board's columns in stage order, then the won and lost stages as drop targets (unless the
 * core already sent them as columns). Stage data comes from the stage list when it has the stage
 * (a rename shows at once), else from the board. */
export function pipelineColumns(board: Board, stages: readonly PipelineStage[]): PipelineColumn[] {
  const byId = new Map(stages.map((s) => [s.id, s]));
  const cols: PipelineColumn[] = board.columns.map((c) => ({
    stage: byId.get(c.stage.id) ?? c.stage, count: c.count, totals: c.totals, weighted: c.weighted, cards: c.cards, converted: c.converted,
    closing: (byId.get(c.stage.id) ?? c.stage).outcome !== 'open',
  }));
  const present = new Set(cols.map((c) => c.stage.id));
  for (const s of stages) {
    if (s.outcome === 'open' || present.has(s.id)) continue;
    cols.push({ stage: s, count: 0, totals: [], weighted: [], cards: [], converted: null, closing: true });
  }
  return cols
    .map((c, i) => ({ c, i }))
    .sort((a, b) => OUTCOME_ORDER[a.c.stage.outcome] - OUTCOME_ORDER[b.c.stage.outcome] || a.c.stage.sort - b.c.stage.sort || a.i - b.i)
    .map(({ c }) => c);
}

export type DropAction =
  | { kind: 'none' }
  | { kind: 'move'; stageId: string }
  | { kind: 'close'; outcome: 'won' | 'lost'; stageId: string };

/** A card dropped on a stage: nothing (its own column), a move between open stages, or closing. */
export function dropAction(from: Pick<OpportunityRow, 'stageId'>, to: Pick<PipelineStage, 'id' | 'outcome'>): DropAction {
  if (from.stageId === to.id) return { kind: 'none' };
  if (to.outcome === 'open') return { kind: 'move', stageId: to.id };
  return { kind: 'close', outcome: to.outcome, stageId: to.id };
}

/** Adds (or with a negative amount, takes) an amount to a per-currency list, immutably. */
export function addMoney(list: readonly Money[], m: Money): Money[] {
  const i = list.findIndex((x) => x.currency === m.currency);
  if (i < 0) return [...list, { currency: m.currency, amount: m.amount }];
  return list.map((x, j) => (j === i ? { currency: x.currency, amount: x.amount + m.amount } : x));
}

export function findCard(board: Board, id: string): BoardCard | undefined {
  for (const c of board.columns) {
    const card = c.cards.find((x) => x.id === id);
    if (card) return card;
  }
  return undefined;
}

type Col = Board['columns'][number];

/** Totals of a column whose every card is loaded are summed again from the cards (so a currency
 * that left the column leaves its totals); otherwise adjusted by the amount that moved. */
function retotal(col: Col, cards: BoardCard[], count: number, delta: OpportunityRow | null, sign: 1 | -1): Col {
  if (count === 0) return { ...col, cards, count, totals: [], weighted: [] };
  if (cards.length === count) {
    return {
      ...col, cards, count,
      totals: sumByCurrency(cards.map((c) => ({ amount: c.amount, currency: c.currency }))),
      weighted: sumByCurrency(cards.map((c) => ({ amount: c.weighted, currency: c.currency }))),
    };
  }
  if (!delta) return { ...col, cards, count };
  return {
    ...col, cards, count,
    totals: addMoney(col.totals, { currency: delta.currency, amount: sign * delta.amount }),
    weighted: addMoney(col.weighted, { currency: delta.currency, amount: sign * delta.weighted }),
  };
}

/** The core's order of a column's cards: by the amount in the office's currency when both have
 * one (converted, or already in it), else the office's currency first, then by currency, then by
 * amount — largest first. Negative: `a` comes first. */
export function cardOrder(a: BoardCard, b: BoardCard, base: string): number {
  const inBase = (c: BoardCard) => (c.currency === base ? c.amount : c.converted?.amount ?? null);
  const va = inBase(a);
  const vb = inBase(b);
  if (va !== null && vb !== null) return vb - va || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return Number(a.currency !== base) - Number(b.currency !== base) || a.currency.localeCompare(b.currency) || b.amount - a.amount
    || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The board with a card moved to another column (largest amount first, as the core orders
 * them), taking the stage's default probability when given (the core does so on a move). A
 * target that is not a column (won, lost) just takes the card off the board. An unknown card
 * leaves the board as it is. */
export function moveCard(board: Board, id: string, toStageId: string, probability?: number): Board {
  const card = findCard(board, id);
  if (!card || card.stageId === toStageId) return board;
  const moved: BoardCard = probability === undefined ? { ...card, stageId: toStageId }
    : { ...card, stageId: toStageId, probability, weighted: weightedAmount(card.amount, probability) };
  return {
    ...board,
    columns: board.columns.map((col) => {
      if (col.stage.id === card.stageId) {
        return retotal(col, col.cards.filter((c) => c.id !== id), Math.max(0, col.count - 1), card, -1);
      }
      if (col.stage.id === toStageId) {
        const cards = [...col.cards];
        const at = cards.findIndex((c) => cardOrder(c, moved, board.rates?.base ?? 'CZK') > 0);
        cards.splice(at < 0 ? cards.length : at, 0, moved);
        // Only the loaded cards plus this one are known: a full column stays fully loaded.
        return retotal(col, cards, col.count + 1, moved, 1);
      }
      return col;
    }),
  };
}
