// Money is integer minor units plus an ISO 4217 code (see `Money` in types.ts). Floating point
// never holds an amount: 0.1 + 0.2 haléře is how invoices stop adding up. Totals are kept per
// currency, so a sum of CZK and EUR is two numbers, never one.
import type { Currency, ExchangeRates, Money } from './types.ts';

/** ISO 4217 exponents of the currencies we offer. HUF and RUB have minor units on paper
 * (fillér, kopek) even where cash has none; accounting exports carry them, so we keep them. */
const EXPONENT: Record<Currency, number> = { CZK: 2, EUR: 2, HUF: 2, RUB: 2, USD: 2, PLN: 2, GBP: 2 };

export function minorDigits(currency: Currency): number {
  return EXPONENT[currency];
}

const formatters = new Map<string, Intl.NumberFormat>();

/** "12 500,00 Kč" in Czech, "€1,250.50" in English — Intl.NumberFormat in the UI language.
 * Whole amounts of HUF and RUB drop the fraction (nobody writes "15 000,00 Ft"). */
export function formatMoney(money: Money, locale: string): string {
  const digits = minorDigits(money.currency);
  const whole = money.amount % 10 ** digits === 0;
  const fraction = whole && (money.currency === 'HUF' || money.currency === 'RUB') ? 0 : digits;
  const key = `${locale}|${money.currency}|${fraction}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: money.currency,
      minimumFractionDigits: fraction,
      maximumFractionDigits: fraction,
    });
    formatters.set(key, f);
  }
  return f.format(money.amount / 10 ** digits);
}

/** Several currencies side by side: "12 500,00 Kč · 1 200,00 €"; empty → formatted zero of `fallback`. */
export function formatTotals(totals: Money[], locale: string, fallback: Currency = 'CZK'): string {
  if (totals.length === 0) return formatMoney({ amount: 0, currency: fallback }, locale);
  return totals.map((m) => formatMoney(m, locale)).join(' · ');
}

function decimalSeparator(locale: string): string {
  const part = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal');
  return part?.value ?? '.';
}

/**
 * Splits a number as people write it — "12 500,50", "12500.50", "12.500,50", "1,250.50" — into
 * its whole and fractional digits (spaces, NBSPs and apostrophes are thousands marks too). The
 * last of `,`/`.` is the decimal mark unless it occurs more than once ("1.250.000"); a lone
 * separator followed by exactly three digits is read the way the locale reads it (",": decimal in
 * Czech, thousands in English). Thousands groups must be groups of three. Null for anything else
 * (signs are the caller's business).
 */
export function splitDecimal(text: string, locale: string): { int: string; frac: string } | null {
  const s = text.trim().replace(/[\s\u00a0\u202f']/g, '');
  if (!/^[0-9.,]+$/.test(s) || !/[0-9]/.test(s) || /[.,]$/.test(s)) return null;
  const lastComma = s.lastIndexOf(',');
  const lastDot = s.lastIndexOf('.');
  let decimal: string | null = null;
  if (lastComma >= 0 && lastDot >= 0) decimal = lastComma > lastDot ? ',' : '.';
  else if (lastComma >= 0 || lastDot >= 0) {
    const sep = lastComma >= 0 ? ',' : '.';
    const count = s.split(sep).length - 1;
    const tail = s.length - s.lastIndexOf(sep) - 1;
    if (count > 1) decimal = null; // "1.250.000": thousands only
    else if (tail === 3) decimal = decimalSeparator(locale) === sep ? sep : null;
    else decimal = sep;
  }
  let int = s;
  let frac = '';
  if (decimal) {
    const at = s.lastIndexOf(decimal);
    int = s.slice(0, at);
    frac = s.slice(at + 1);
    if (!/^[0-9]+$/.test(frac)) return null;
  }
  const grouping = int.replace(/[0-9]/g, '');
  if (grouping) {
    const g = grouping[0]!;
    // One kind of thousands mark, in groups of three: "1.25.0,5" is a typo, not a number.
    if (g === decimal || !new RegExp(`^[0-9]{1,3}(\\${g}[0-9]{3})+$`).test(int)) return null;
    int = int.split(g).join('');
  }
  return { int: int || '0', frac };
}

/** Parses what a person or an accounting export writes — "12 500,50", "1,250.50 Kč", "-300",
 * "CZK 99" — into minor units (see splitDecimal for the notation). Null for anything else, and
 * for more decimals than the currency has: an amount is never rounded silently. */
export function parseMoney(text: string, currency: Currency, locale: string): number | null {
  let s = text.trim().replace(/[\s\u00a0\u202f']/g, '');
  s = s.replace(/^(?:[A-Za-z]{3}|Kč|Ft|€|\$|£|₽|zł|руб\.?|р\.)/u, '').replace(/(?:[A-Za-z]{3}|Kč|Ft|€|\$|£|₽|zł|руб\.?|р\.)$/u, '');
  let negative = false;
  if (s.startsWith('-') || s.startsWith('−')) { negative = true; s = s.slice(1); }
  const parts = splitDecimal(s, locale);
  if (!parts) return null;
  const digits = minorDigits(currency);
  if (parts.frac.length > digits) return null;
  const minor = Number(parts.int) * 10 ** digits + Number((parts.frac + '0'.repeat(digits)).slice(0, digits));
  if (!Number.isSafeInteger(minor)) return null;
  return negative ? -minor : minor;
}

/** Sums per currency, in the order currencies first appear; zero totals are kept (a column of
 * cancelled deals still says "0 Kč"). */
export function sumByCurrency(items: Iterable<Money>): Money[] {
  const totals = new Map<Currency, number>();
  for (const m of items) totals.set(m.currency, (totals.get(m.currency) ?? 0) + m.amount);
  return [...totals].map(([currency, amount]) => ({ currency, amount }));
}

/** amount × percent / 100 rounded half away from zero to a whole minor unit. */
export function weightedAmount(amount: number, percent: number): number {
  const v = (amount * percent) / 100;
  return Math.sign(v) * Math.round(Math.abs(v));
}

/** Currencies counted in whole units in practice: a forint or rouble total with fillér or kopeks
 * ("1 674 928,40 Ft" of a weighted pipeline) is noise nobody reads. */
const WHOLE_UNITS: ReadonlySet<Currency> = new Set<Currency>(['HUF', 'RUB']);

/** A computed amount (a weighted total, a conversion) rounded to what the currency is counted in:
 * whole forints and roubles, else the minor unit. Half away from zero. */
export function roundForDisplay(m: Money): Money {
  const step = WHOLE_UNITS.has(m.currency) ? 10 ** minorDigits(m.currency) : 1;
  const amount = Math.sign(m.amount) * Math.round(Math.abs(m.amount) / step) * step;
  return { currency: m.currency, amount: amount === 0 ? 0 : amount };
}

/** An amount in the office's currency with its rates; null when no rate is kept for it. */
export function convertMoney(m: Money, rates: ExchangeRates): Money | null {
  const rate = m.currency === rates.base ? 1 : rates.rates[m.currency];
  if (rate === undefined || !(rate > 0)) return null;
  const minor = (m.amount / 10 ** minorDigits(m.currency)) * rate * 10 ** minorDigits(rates.base);
  return roundForDisplay({ currency: rates.base, amount: Math.sign(minor) * Math.round(Math.abs(minor)) });
}
