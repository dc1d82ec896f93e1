// How a user-defined field's value reads on screen: numbers and dates in the user's language,
// option fields by their label (the core already sends the label for list columns).
import { format } from 'date-fns/format';
import type { FieldDef, Locale } from '../../shared/types.ts';
import { dateLocale } from '../i18n/index.ts';
import { formatNumber } from '../ui/format.ts';

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

export function formatIsoDate(v: string, locale: Locale): string {
  const m = ISO.exec(v);
  if (!m) return v;
  // Built from the parts: a calendar date, not an instant (no time-zone shift).
  return format(new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])), 'P', { locale: dateLocale(locale) });
}

export function formatFieldValue(f: Pick<FieldDef, 'type'>, v: string | number | null, locale: Locale): string {
  if (v === null || v === '') return '';
  if (f.type === 'number') {
    const n = typeof v === 'number' ? v : Number(v);
    return Number.isFinite(n) ? formatNumber(n, locale) : String(v);
  }
  if (f.type === 'date' && typeof v === 'string') return formatIsoDate(v, locale);
  return String(v);
}

/** An instant as the user's short date ("12. 3. 2025"). */
export function formatShortDate(at: number, locale: Locale): string {
  return format(at, 'P', { locale: dateLocale(locale) });
}
