// Pure helpers behind the sales views (the firm card's Sales tab, its Opportunities tab and the
// import screen): trends, chart series, ordering. Kept apart from React so they are tested.
import type { Currency, Locale, OpportunityRow, Sale, SalesChange, SalesPeriod } from '../../shared/types.ts';
import { CURRENCIES } from '../../shared/types.ts';

export type Trend = 'up' | 'down' | 'flat' | 'new' | 'none';

/** How a period compares with the one before: 'new' when there was nothing before but there is
 * now (no percentage makes sense then), 'none' when both are empty. */
export function trendOf(c: Pick<SalesChange, 'current' | 'previous' | 'ratio'>): Trend {
  if (c.ratio === null || c.previous === 0) return c.current === 0 ? 'none' : 'new';
  if (c.ratio > 0) return 'up';
  if (c.ratio < 0) return 'down';
  return 'flat';
}

const intlLocale = (lng: Locale) => (lng === 'en' ? 'en-GB' : lng);

/** "12,5 %" — the size of a change, without its sign (the arrow says which way). */
export function formatRatio(ratio: number, lng: Locale): string {
  return new Intl.NumberFormat(intlLocale(lng), { style: 'percent', maximumFractionDigits: 1 }).format(Math.abs(ratio));
}

export interface Bar { period: string; amount: number; /** 0–1 of the tallest bar of this currency. */ height: number }
export interface Series { currency: Currency; total: number; bars: Bar[] }

/** One bar series per currency that has any revenue in the months, oldest month first (as a
 * chart reads, left to right). The currency with the most revenue comes first. Credit notes can
 * make a month negative: its bar stays empty rather than growing downwards into the labels. */
export function monthSeries(months: readonly SalesPeriod[]): Series[] {
  const ordered = [...months].sort((a, b) => a.period.localeCompare(b.period));
  const currencies = new Set<Currency>();
  for (const m of ordered) for (const t of m.totals) if (t.amount !== 0) currencies.add(t.currency);
  const out: Series[] = [];
  for (const currency of currencies) {
    const amounts = ordered.map((m) => m.totals.find((t) => t.currency === currency)?.amount ?? 0);
    const max = Math.max(0, ...amounts);
    out.push({
      currency,
      total: amounts.reduce((s, a) => s + a, 0),
      bars: ordered.map((m, i) => ({ period: m.period, amount: amounts[i]!, height: max > 0 ? Math.max(0, amounts[i]!) / max : 0 })),
    });
  }
  return out.sort((a, b) => b.total - a.total || CURRENCIES.indexOf(a.currency) - CURRENCIES.indexOf(b.currency));
}

/** The currencies with any revenue in the periods, the one with the most first: the columns of
 * a revenue table (one column per currency, so amounts in different currencies are never added). */
export function periodCurrencies(periods: readonly SalesPeriod[]): Currency[] {
  const totals = new Map<Currency, number>();
  for (const p of periods) for (const m of p.totals) if (m.amount !== 0) totals.set(m.currency, (totals.get(m.currency) ?? 0) + m.amount);
  return [...totals].sort((a, b) => b[1] - a[1] || CURRENCIES.indexOf(a[0]) - CURRENCIES.indexOf(b[0])).map(([c]) => c);
}

/** The amount of one currency in a period; null when there is none. */
export function amountIn(period: SalesPeriod, currency: Currency): number | null {
  const m = period.totals.find((x) => x.currency === currency);
  return m && m.amount !== 0 ? m.amount : null;
}

/** Open opportunities first, in the order the core gave (by expected close date); then the
 * closed ones, most recently closed first. */
export function orderOpportunities<T extends Pick<OpportunityRow, 'outcome' | 'closedAt'>>(rows: readonly T[]): T[] {
  const open = rows.filter((r) => r.outcome === 'open');
  const closed = rows.filter((r) => r.outcome !== 'open').sort((a, b) => (b.closedAt ?? 0) - (a.closedAt ?? 0));
  return [...open, ...closed];
}

const LOCALE_CURRENCY: Record<Locale, Currency> = { cs: 'CZK', en: 'CZK', hu: 'HUF', ru: 'RUB' };

/** The currency a new sale starts with: the firm's latest sale's, else the UI language's home one. */
export function defaultCurrency(sales: readonly Pick<Sale, 'currency' | 'date'>[], lng: Locale): Currency {
  let latest: Pick<Sale, 'currency' | 'date'> | null = null;
  for (const s of sales) if (!latest || s.date > latest.date) latest = s;
  return latest?.currency ?? LOCALE_CURRENCY[lng];
}

/** 'YYYY-MM' → a local Date on the first of that month (for formatting the month's name). */
export function monthDate(period: string): Date | null {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, 1) : null;
}
