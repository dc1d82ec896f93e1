import { describe, expect, it } from 'vitest';
import { amountIn, defaultCurrency, formatRatio, monthDate, monthSeries, orderOpportunities, periodCurrencies, trendOf } from './view.ts';

describe('trendOf', () => {
  it('tells up, down and flat by the ratio', () => {
    expect(trendOf({ current: 150, previous: 100, ratio: 0.5 })).toBe('up');
    expect(trendOf({ current: 50, previous: 100, ratio: -0.5 })).toBe('down');
    expect(trendOf({ current: 100, previous: 100, ratio: 0 })).toBe('flat');
  });
  it('calls revenue after an empty period new, and two empty periods none', () => {
    expect(trendOf({ current: 100, previous: 0, ratio: null })).toBe('new');
    expect(trendOf({ current: 0, previous: 0, ratio: null })).toBe('none');
  });
});

describe('formatRatio', () => {
  it('formats the size of the change as a percentage in the UI language', () => {
    expect(formatRatio(0.125, 'en')).toBe('12.5%');
    expect(formatRatio(-0.125, 'cs')).toBe('12,5\u00a0%');
    expect(formatRatio(2, 'hu')).toBe('200%');
  });
});

describe('monthSeries', () => {
  const months = [
    { period: '2026-03', totals: [{ amount: 300, currency: 'CZK' as const }, { amount: 10, currency: 'EUR' as const }] },
    { period: '2026-02', totals: [] },
    { period: '2026-01', totals: [{ amount: 600, currency: 'CZK' as const }, { amount: -5, currency: 'EUR' as const }] },
  ];

  it('gives one series per currency, oldest month first, heights relative to the top month', () => {
    const out = monthSeries(months);
    expect(out.map((s) => s.currency)).toEqual(['CZK', 'EUR']);
    expect(out[0]!.bars).toEqual([
      { period: '2026-01', amount: 600, height: 1 },
      { period: '2026-02', amount: 0, height: 0 },
      { period: '2026-03', amount: 300, height: 0.5 },
    ]);
    expect(out[0]!.total).toBe(900);
  });

  it('never gives a negative month a negative height', () => {
    const eur = monthSeries(months).find((s) => s.currency === 'EUR')!;
    expect(eur.bars.map((b) => b.height)).toEqual([0, 0, 1]);
    expect(eur.total).toBe(5);
  });

  it('leaves out currencies without revenue and is empty for empty months', () => {
    expect(monthSeries([{ period: '2026-01', totals: [{ amount: 0, currency: 'HUF' }] }])).toEqual([]);
    expect(monthSeries([])).toEqual([]);
  });
});

describe('orderOpportunities', () => {
  it('puts open ones first in the given order, then closed ones newest first', () => {
    const rows = [
      { id: 'a', outcome: 'won' as const, closedAt: 100 },
      { id: 'b', outcome: 'open' as const, closedAt: null },
      { id: 'c', outcome: 'lost' as const, closedAt: 300 },
      { id: 'd', outcome: 'open' as const, closedAt: null },
    ];
    expect(orderOpportunities(rows).map((r) => r.id)).toEqual(['b', 'd', 'c', 'a']);
  });
});

describe('defaultCurrency', () => {
  it('takes the latest sale\'s currency', () => {
    expect(defaultCurrency([{ currency: 'EUR', date: '2026-01-01' }, { currency: 'HUF', date: '2026-02-01' }], 'cs')).toBe('HUF');
  });
  it('falls back to the UI language\'s home currency', () => {
    expect(defaultCurrency([], 'hu')).toBe('HUF');
    expect(defaultCurrency([], 'ru')).toBe('RUB');
    expect(defaultCurrency([], 'cs')).toBe('CZK');
  });
});

describe('monthDate', () => {
  it('reads YYYY-MM as the first of that month, local time', () => {
    const d = monthDate('2026-03')!;
    expect([d.getFullYear(), d.getMonth(), d.getDate()]).toEqual([2026, 2, 1]);
    expect(monthDate('2026')).toBeNull();
  });
});

describe('periodCurrencies and amountIn', () => {
  const years = [
    { period: '2026', totals: [{ amount: 500, currency: 'EUR' as const }, { amount: 100, currency: 'CZK' as const }] },
    { period: '2025', totals: [{ amount: 900, currency: 'CZK' as const }, { amount: 0, currency: 'HUF' as const }] },
  ];
  it('lists the currencies with revenue, the largest total first, without empty ones', () => {
    expect(periodCurrencies(years)).toEqual(['CZK', 'EUR']);
    expect(periodCurrencies([])).toEqual([]);
  });
  it('reads one currency of a period, null when absent or zero', () => {
    expect(amountIn(years[0]!, 'EUR')).toBe(500);
    expect(amountIn(years[1]!, 'EUR')).toBeNull();
    expect(amountIn(years[1]!, 'HUF')).toBeNull();
  });
});
