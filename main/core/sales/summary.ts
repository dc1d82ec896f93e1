// A firm's revenue per year and month and against the period before — pure arithmetic over the
// firm's sales summed per day and currency, so the calendar rules are tested without a database.
// Amounts of different currencies are never added: every total is a list of Money.
import type { Currency, Money, SalesChange, SalesPeriod, SalesSummary } from '../../../shared/types.ts';
import { CURRENCIES } from '../../../shared/types.ts';

/** Revenue of one calendar day (YYYY-MM-DD) in one currency. */
export interface DayTotal { date: string; currency: Currency; amount: number }

const byCurrency = (a: Money, b: Money) => CURRENCIES.indexOf(a.currency) - CURRENCIES.indexOf(b.currency);
const pad = (n: number) => String(n).padStart(2, '0');
const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

function totalsOf(days: Iterable<DayTotal>): Money[] {
  const m = new Map<Currency, number>();
  for (const d of days) m.set(d.currency, (m.get(d.currency) ?? 0) + d.amount);
  return [...m].map(([currency, amount]) => ({ currency, amount })).sort(byCurrency);
}

/** Per currency seen in either range [from, to] (inclusive ISO dates). */
function change(days: readonly DayTotal[], current: [string, string], previous: [string, string]): SalesChange[] {
  const cur = new Map<Currency, number>();
  const prev = new Map<Currency, number>();
  for (const d of days) {
    if (d.date >= current[0] && d.date <= current[1]) cur.set(d.currency, (cur.get(d.currency) ?? 0) + d.amount);
    if (d.date >= previous[0] && d.date <= previous[1]) prev.set(d.currency, (prev.get(d.currency) ?? 0) + d.amount);
  }
  const currencies = CURRENCIES.filter((c) => cur.has(c) || prev.has(c));
  return currencies.map((currency) => {
    const c = cur.get(currency) ?? 0;
    const p = prev.get(currency) ?? 0;
    return { currency, current: c, previous: p, ratio: p === 0 ? null : c / p - 1 };
  });
}

/** Years newest first (every year with a sale); the 24 months up to `today`'s month, newest first,
 * empty ones included; this year and this month so far against the same days of the period
 * before (29 February is matched by 28 February, 31 March by the last day of February). */
export function summarize(days: readonly DayTotal[], today: string): SalesSummary {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const day = Number(today.slice(8, 10));

  const perYear = new Map<string, DayTotal[]>();
  const perMonth = new Map<string, DayTotal[]>();
  for (const d of days) {
    const y = d.date.slice(0, 4);
    const m = d.date.slice(0, 7);
    (perYear.get(y) ?? perYear.set(y, []).get(y)!).push(d);
    (perMonth.get(m) ?? perMonth.set(m, []).get(m)!).push(d);
  }
  const years: SalesPeriod[] = [...perYear.keys()].sort().reverse().map((period) => ({ period, totals: totalsOf(perYear.get(period)!) }));

  const months: SalesPeriod[] = [];
  for (let i = 0; i < 24; i++) {
    const idx = year * 12 + (month - 1) - i;
    const period = `${Math.floor(idx / 12)}-${pad((idx % 12) + 1)}`;
    months.push({ period, totals: totalsOf(perMonth.get(period) ?? []) });
  }

  const lastYearDay = Math.min(day, daysIn(year - 1, month));
  const yearToDate = change(days, [`${year}-01-01`, today], [`${year - 1}-01-01`, `${year - 1}-${pad(month)}-${pad(lastYearDay)}`]);
  const py = month === 1 ? year - 1 : year;
  const pm = month === 1 ? 12 : month - 1;
  const prevMonth = `${py}-${pad(pm)}`;
  const monthToDate = change(days, [`${today.slice(0, 7)}-01`, today], [`${prevMonth}-01`, `${prevMonth}-${pad(Math.min(day, daysIn(py, pm)))}`]);

  return { years, months, yearToDate, monthToDate };
}
