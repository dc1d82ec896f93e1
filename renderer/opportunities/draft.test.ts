import { describe, expect, it } from 'vitest';
import { contract } from '../../shared/contract.ts';
import type { Opportunity } from '../../shared/types.ts';
import { parseMoney } from '../../shared/money.ts';
import {
  buildOpportunityInput, draftFromOpportunity, emptyCompetitor, emptyLine, linesTotal, moneyToInput, newDraft, numberToInput,
  parseDecimal, parseWhole, toDraftPath, type OpportunityDraft,
} from './draft.ts';

const FIRM = '01900000-0000-7000-8000-000000000001';
const STAGE = { id: '00000000-0000-7000-8003-000000000001', code: 'lead', label: null, outcome: 'open' as const, probability: 10, sort: 0 };
const USER = '01900000-0000-7000-8000-0000000000aa';
const OTHER = '01900000-0000-7000-8000-0000000000bb';

function draft(p: Partial<OpportunityDraft> = {}): OpportunityDraft {
  return { ...newDraft({ firmId: FIRM, stage: STAGE, ownerId: USER, currency: 'CZK' }), title: 'Nové stroje', ...p };
}

describe('numbers as people type them', () => {
  it('writes amounts back so that parseMoney reads them again', () => {
    for (const locale of ['cs', 'en', 'hu', 'ru']) {
      for (const amount of [0, 1, 99, 1_250_050, 1_250_000, 12_345_678_901]) {
        const text = moneyToInput(amount, 'CZK', locale);
        expect(parseMoney(text, 'CZK', locale), `${locale} ${text}`).toBe(amount);
      }
    }
    expect(moneyToInput(1_250_050, 'CZK', 'cs')).toBe('12500,50');
    expect(moneyToInput(1_250_000, 'EUR', 'en')).toBe('12500');
  });
  it('reads quantities with either decimal mark', () => {
    expect(parseDecimal('1,5', 'cs')).toBe(1.5);
    expect(parseDecimal('1.5', 'cs')).toBe(1.5);
    expect(parseDecimal('2', 'en')).toBe(2);
    expect(parseDecimal('1 000', 'cs')).toBe(1000);
    expect(parseDecimal('1,000', 'en')).toBe(1000);
    expect(parseDecimal('1,000', 'cs')).toBe(1);
    expect(parseDecimal('1.000,25', 'cs')).toBe(1000.25);
    for (const bad of ['', 'abc', '-1', '1,', '1.2.3,4,5', '12,34,5']) expect(parseDecimal(bad, 'cs'), bad).toBeNull();
    for (const n of [1, 1.5, 0.25, 1000]) expect(parseDecimal(numberToInput(n, 'cs'), 'cs')).toBe(n);
  });
  it('reads whole numbers', () => {
    expect(parseWhole('')).toBeNull();
    expect(parseWhole(' 40 ')).toBe(40);
    expect(parseWhole('4.5')).toBeNaN();
  });
});

describe('building the input', () => {
  it('gives what the contract accepts for a filled form', () => {
    const d = draft({
      amount: '12 500,50', closeDate: '2026-05-31', deadlineDate: '2026-05-10', deadlineTime: '14:00', watchDays: '3',
      watcherIds: [OTHER], salesIds: [USER, OTHER], probability: '35', note: 'x',
      lines: [{ ...emptyLine(), product: 'Lis', productGroup: 'Stroje', quantity: '2', unitPrice: '1 000,25' }, emptyLine()],
      competitors: [emptyCompetitor(), { ...emptyCompetitor(), name: 'Rival', strengths: 'cena' }],
    });
    const b = buildOpportunityInput(d, 'cs');
    expect(b.errors).toEqual({});
    expect(b.input.amount).toBe(1_250_050);
    expect(b.input.probability).toBe(35);
    expect(b.input.watchDays).toBe(3);
    expect(b.input.deadlineAt).toBe(new Date(2026, 4, 10, 14, 0).getTime());
    expect(b.input.salesIds).toEqual([OTHER]);
    expect(b.input.lines).toEqual([{ product: 'Lis', productGroup: 'Stroje', quantity: 2, unitPrice: 100_025 }]);
    expect(b.input.competitors).toEqual([{ name: 'Rival', strengths: 'cena', weaknesses: '' }]);
    expect(b.lineRows).toEqual([0]);
    expect(b.competitorRows).toEqual([1]);
    expect(contract['opportunities.create'].input.safeParse(b.input).success).toBe(true);
  });
  it('leaves empty optional values to the core', () => {
    const b = buildOpportunityInput(draft({ probability: '' }), 'en');
    expect(b.input).toMatchObject({ amount: 0, probability: null, closeDate: null, deadlineAt: null, watchDays: null, lines: [], competitors: [] });
    expect(contract['opportunities.create'].input.safeParse(b.input).success).toBe(true);
  });
  it('reports unreadable values at the row on screen', () => {
    const d = draft({
      amount: '12,5,0', probability: 'abc', watchDays: 'x', deadlineDate: '2026-02-30',
      lines: [emptyLine(), { ...emptyLine(), product: 'A', quantity: 'lots', unitPrice: '1.2.3' }],
    });
    const b = buildOpportunityInput(d, 'cs');
    expect(Object.keys(b.errors).sort()).toEqual(['amount', 'deadlineAt', 'lines.1.quantity', 'lines.1.unitPrice', 'probability', 'watchDays']);
    expect(b.errors['lines.1.quantity']!.messageKey).toBe('errors.quantity');
    expect(b.errors.amount!.messageKey).toBe('errors.amount');
  });
  it('asks for a date when only the deadline time is given', () => {
    expect(buildOpportunityInput(draft({ deadlineTime: '10:00' }), 'cs').errors.deadlineAt!.messageKey).toBe('errors.required');
  });
  it('maps schema paths of the input back to the rows on screen', () => {
    const d = draft({ lines: [emptyLine(), { ...emptyLine(), product: '' , productGroup: 'G' }, emptyLine(), { ...emptyLine(), product: 'B' }] });
    const b = buildOpportunityInput(d, 'cs');
    expect(b.lineRows).toEqual([1, 3]);
    const r = contract['opportunities.create'].input.safeParse(b.input);
    expect(r.success).toBe(false);
    const path = r.error!.issues[0]!.path.join('.');
    expect(path).toBe('lines.0.product');
    expect(toDraftPath(path, b)).toBe('lines.1.product');
    expect(toDraftPath('lines.1.quantity', b)).toBe('lines.3.quantity');
    expect(toDraftPath('title', b)).toBe('title');
    expect(toDraftPath('lines.7.product', b)).toBe('lines.7.product');
  });
});

describe('editing an opportunity', () => {
  it('round-trips through the draft', () => {
    const o: Opportunity = {
      id: '01900000-0000-7000-8000-000000000009', firmId: FIRM, firmName: 'ACME', title: 'T', stageId: STAGE.id, outcome: 'open',
      probability: 40, amount: 1_250_050, currency: 'EUR', weighted: 500_020, closeDate: '2026-06-30',
      deadlineAt: new Date(2026, 5, 1, 9, 30).getTime(), ownerId: USER, ownerName: 'Eva', closedAt: null, updatedAt: 1,
      note: 'n', watchDays: 2, salesIds: [USER, OTHER], watcherIds: [OTHER],
      lines: [{ id: '01900000-0000-7000-8000-000000000101', product: 'P', productGroup: '', quantity: 1.5, unitPrice: 9_900 }],
      competitors: [{ id: '01900000-0000-7000-8000-000000000201', name: 'C', strengths: 's', weaknesses: 'w' }],
      comments: [], documents: [], lostReasonId: null, lostNote: '', saleId: null,
    };
    const d = draftFromOpportunity(o, 'en');
    expect(d.amount).toBe('12500.50');
    expect(d.lines[0]!.quantity).toBe('1.5');
    expect(d.deadlineTime).toBe('09:30');
    const b = buildOpportunityInput(d, 'en');
    expect(b.errors).toEqual({});
    expect(b.input).toMatchObject({
      amount: 1_250_050, probability: 40, closeDate: '2026-06-30', deadlineAt: o.deadlineAt, watchDays: 2, salesIds: [OTHER],
      lines: [{ id: o.lines[0]!.id, product: 'P', quantity: 1.5, unitPrice: 9_900 }], competitors: [{ id: o.competitors[0]!.id, name: 'C' }],
    });
  });
  it('sums the lines it can read', () => {
    const lines = [{ ...emptyLine(), product: 'A', quantity: '2', unitPrice: '10,50' }, { ...emptyLine(), product: 'B', quantity: 'x', unitPrice: '5' }, { ...emptyLine(), product: 'C', quantity: '', unitPrice: '1' }];
    expect(linesTotal(lines, 'CZK', 'cs')).toBe(2_100 + 100);
  });
});
