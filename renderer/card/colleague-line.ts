// "Petr Svoboda — contacts: 2, last one 3 days ago, planned: 1 (tomorrow at 09:00)": one
// colleague's dealings with a firm, for the card's "who else works this client" and the hint in
// the contact dialog. Pure, so every language's wording is tested.
import type { TFunction } from 'i18next';
import { format } from 'date-fns/format';
import { formatDistance } from 'date-fns/formatDistance';
import { addDays } from 'date-fns/addDays';
import { isSameDay } from 'date-fns/isSameDay';
import type { ColleagueActivity, Locale } from '../../shared/types.ts';
import { dateLocale } from '../i18n/index.ts';

const MINUTE = 60_000;

/** "3 days ago" in the UI language; under a minute "moments ago" (date-fns' Czech says
 * "méně než 1 minuta" there, without the "před" its addSuffix adds to anything longer). */
export function agoText(t: TFunction, at: number, locale: Locale, now: number): string {
  const when = Math.min(at, now); // a stray future row reads as "just now", never "in 3 days"
  if (now - when < MINUTE) return t('card.colleagues.moments_ago');
  return formatDistance(when, now, { addSuffix: true, locale: dateLocale(locale) });
}

/** A planned contact's date: today / tomorrow / yesterday with the time, else the date. Not
 * date-fns' formatRelative: its Czech reads "v čtvrtek o 10:00" and "poslední pátek". */
export function plannedText(t: TFunction, at: number, locale: Locale, now: number): string {
  const time = format(at, 'p', { locale: dateLocale(locale) });
  if (isSameDay(at, now)) return t('card.colleagues.today_at', { time });
  if (isSameDay(at, addDays(now, 1))) return t('card.colleagues.tomorrow_at', { time });
  if (isSameDay(at, addDays(now, -1))) return t('card.colleagues.yesterday_at', { time });
  return format(at, 'P', { locale: dateLocale(locale) });
}

export function colleagueLine(t: TFunction, c: ColleagueActivity, locale: Locale, now = Date.now()): string {
  let details = t('card.colleagues.done', { count: c.done });
  if (c.lastDoneAt !== null) details += `, ${t('card.colleagues.last', { when: agoText(t, c.lastDoneAt, locale, now) })}`;
  if (c.planned > 0) {
    details += `, ${c.plannedAt !== null
      ? t('card.colleagues.planned_at', { count: c.planned, when: plannedText(t, c.plannedAt, locale, now) })
      : t('card.colleagues.planned', { count: c.planned })}`;
  }
  return t('card.colleagues.line', { name: c.userName, details });
}
