import { describe, expect, it } from 'vitest';
import { convertMoney, formatMoney, formatTotals, parseMoney, roundForDisplay, sumByCurrency, weightedAmount } from './money.ts';

const nb = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('formatMoney', () => {
  it('formats in the UI language with the currency', () => {
    expect(nb(formatMoney({ amount: 1250050, currency: 'CZK' }, 'cs'))).toBe('12 500,50 Kč');
    expect(formatMoney({ amount: 125050, currency: 'EUR' }, 'en')).toBe('€1,250.50');
    expect(nb(formatMoney({ amount: 1500000, currency: 'HUF' }, 'hu'))).toBe('15 000 Ft');
    expect(nb(formatMoney({ amount: 1500050, currency: 'HUF' }, 'hu'))).toBe('15 000,50 Ft');
    expect(nb(formatMoney({ amount: 990000, currency: 'RUB' }, 'ru'))).toBe('9 900 ₽');
  });
  it('never merges currencies into one figure', () => {
    expect(nb(formatTotals([{ amount: 100, currency: 'CZK' }, { amount: 200, currency: 'EUR' }], 'cs'))).toBe('1,00 Kč · 2,00 €');
  });
});

describe('parseMoney', () => {
  it.each([
    ['12 500,50', 'cs', 1250050],
    ['12500.50', 'cs', 1250050],
    ['12.500,50', 'cs', 1250050],
    ['1,250.50 Kč', 'cs', 125050],
    ['1,250', 'en', 125000],
    ['1.250', 'cs', 125000],
    ['1.250.000', 'en', 125000000],
    ['-300', 'cs', -30000],
    ['0,5', 'cs', 50],
    ['CZK 99', 'cs', 9900],
  ])('%s (%s) → %d', (text, locale, minor) => {
    expect(parseMoney(text, 'CZK', locale)).toBe(minor);
  });
  it.each(['', 'abc', '12,345,6', '1.25.0,5', '1,005', '12,345'].map((s) => [s]))('rejects %j', (text) => {
    // "1,005" and "12,345" in Czech are decimals with three places: more than the currency has.
    expect(parseMoney(text, 'CZK', 'cs')).toBeNull();
  });
});

describe('sums', () => {
  it('sums per currency', () => {
    expect(sumByCurrency([{ amount: 1, currency: 'CZK' }, { amount: 2, currency: 'EUR' }, { amount: 3, currency: 'CZK' }]))
      .toEqual([{ currency: 'CZK', amount: 4 }, { currency: 'EUR', amount: 2 }]);
  });
  it('weights with rounding to a minor unit', () => {
    expect(weightedAmount(1001, 50)).toBe(501);
    expect(weightedAmount(-1001, 50)).toBe(-501);
    expect(weightedAmount(1000000, 35)).toBe(350000);
  });
});

describe('computed amounts', () => {
  it('are rounded to whole forints and roubles, else to the minor unit', () => {
    expect(roundForDisplay({ currency: 'HUF', amount: 1_381_815_60 })).toEqual({ currency: 'HUF', amount: 1_381_816_00 });
    expect(roundForDisplay({ currency: 'RUB', amount: -1_49 })).toEqual({ currency: 'RUB', amount: -1_00 });
    expect(roundForDisplay({ currency: 'HUF', amount: 49 })).toEqual({ currency: 'HUF', amount: 0 });
    expect(roundForDisplay({ currency: 'CZK', amount: 1_381_815_60 })).toEqual({ currency: 'CZK', amount: 1_381_815_60 });
  });
  it('convert with the office rates, never without a rate', () => {
    const rates = { base: 'CZK' as const, rates: { EUR: 25.2, HUF: 0.0622 }, asOf: null };
    expect(convertMoney({ currency: 'HUF', amount: 4_187_320_00 }, rates)).toEqual({ currency: 'CZK', amount: 260_451_30 });
    expect(convertMoney({ currency: 'EUR', amount: -10_01 }, rates)).toEqual({ currency: 'CZK', amount: -252_25 });
    expect(convertMoney({ currency: 'CZK', amount: 5 }, rates)).toEqual({ currency: 'CZK', amount: 5 });
    expect(convertMoney({ currency: 'USD', amount: 100 }, rates)).toBeNull();
    // Into forints: whole ones.
    expect(convertMoney({ currency: 'EUR', amount: 1_00 }, { base: 'HUF', rates: { EUR: 391.37 }, asOf: null })).toEqual({ currency: 'HUF', amount: 391_00 });
  });
});
