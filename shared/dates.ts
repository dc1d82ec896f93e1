// One way to write a date per language, for every screen and every printed page: lists, the
// card, the agenda, the brief and letters all used to pick their own (three Czech forms), and a
// user field's date printed as 2026-07-17. date-fns with the language's locale, imported by
// subpath (the barrels cost seconds of start-up).
import { format } from 'date-fns/format';
import { cs } from 'date-fns/locale/cs';
import { enGB } from 'date-fns/locale/en-GB';
import { hu } from 'date-fns/locale/hu';
import { ru } from 'date-fns/locale/ru';
import type { Locale as DateLocale } from 'date-fns';
import type { FieldType, Locale } from './types.ts';

/** English is written the European way (day first, 24-hour clock): the offices are in Europe. */
export const DATE_LOCALES: Record<Locale, DateLocale> = { cs, en: enGB, hu, ru };

/** A calendar date 'YYYY-MM-DD' as a Date at local noon (no zone can move it to another day),
 * or null when it is not a real date. */
export function dateOf(day: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12);
  return d.getMonth() === Number(m[2]) - 1 ? d : null;
}

/** The short date: "17.07.2026", "17/07/2026", "2026. 07. 17.", "17.07.2026". A value that is
 * not a calendar date is shown as it is. */
export function shortDate(day: string, locale: Locale): string {
  const d = dateOf(day);
  return d ? format(d, 'P', { locale: DATE_LOCALES[locale] }) : day;
}

/** An instant as the short date, and its time when asked ("17.07.2026 9:30"). */
export function shortInstant(ms: number, locale: Locale, withTime = false): string {
  return format(ms, withTime ? 'P p' : 'P', { locale: DATE_LOCALES[locale] });
}

/** The long date of a letter's date line: "29. listopadu 2026", "29 November 2026",
 * "2026. november 29.", "29 ноября 2026 г." */
export function longDate(day: string, locale: Locale): string {
  const d = dateOf(day);
  return d ? format(d, 'PPP', { locale: DATE_LOCALES[locale] }) : day;
}

/** A user field's value as read by people: numbers and dates in the language (an option's or a
 * text's value is its own text). */
export function formatFieldValue(type: FieldType, value: string | number | null, locale: Locale): string {
  if (value === null || value === '') return '';
  if (type === 'number') {
    const n = typeof value === 'number' ? value : Number(value);
    return Number.isFinite(n) ? new Intl.NumberFormat(locale === 'en' ? 'en-GB' : locale).format(n) : String(value);
  }
  if (type === 'date' && typeof value === 'string') return shortDate(value, locale);
  return String(value);
}
