// The words printed documents carry, per language (plain JSON beside the code: the core has no
// i18next), and the date formats of letters and briefs through date-fns locales.
import { format } from 'date-fns/format';
import { cs } from 'date-fns/locale/cs';
import { enGB } from 'date-fns/locale/en-GB';
import { hu } from 'date-fns/locale/hu';
import { ru } from 'date-fns/locale/ru';
import type { Locale } from '../../../shared/types.ts';
import csTexts from './i18n/cs.json' with { type: 'json' };
import enTexts from './i18n/en.json' with { type: 'json' };
import huTexts from './i18n/hu.json' with { type: 'json' };
import ruTexts from './i18n/ru.json' with { type: 'json' };

export type Texts = typeof enTexts;
export type TextKey = Exclude<keyof Texts, 'codes'>;

export const TEXTS: Record<Locale, Texts> = { cs: csTexts, en: enTexts, hu: huTexts, ru: ruTexts };

export function texts(locale: Locale): Texts {
  return TEXTS[locale];
}

const DATE_LOCALES = { cs, en: enGB, hu, ru } as const;

/** A calendar date 'YYYY-MM-DD' as a Date at local noon (no zone can move it to another day). */
export function dateOf(day: string): Date {
  return new Date(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)), 12);
}

/** "29. listopadu 2026", "2026. november 29.", "29 November 2026", "29 ноября 2026 г.". */
export function longDate(day: string, locale: Locale): string {
  const pattern = { cs: 'd. MMMM yyyy', en: 'd MMMM yyyy', hu: 'yyyy. MMMM d.', ru: "d MMMM yyyy 'г.'" }[locale];
  return format(dateOf(day), pattern, { locale: DATE_LOCALES[locale] });
}

/** "29. 11. 2026", "2026. 11. 29.", "29/11/2026", "29.11.2026". */
export function shortDate(day: string, locale: Locale): string {
  const pattern = { cs: 'd. M. yyyy', en: 'dd/MM/yyyy', hu: 'yyyy. MM. dd.', ru: 'dd.MM.yyyy' }[locale];
  return format(dateOf(day), pattern, { locale: DATE_LOCALES[locale] });
}

/** An instant as a short local date (and time when asked). */
export function shortInstant(ms: number, locale: Locale, withTime = false): string {
  const d = new Date(ms);
  const day = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  return withTime ? `${shortDate(day, locale)} ${format(d, 'HH:mm')}` : shortDate(day, locale);
}

/** Month label of a chart bar: "11/26". */
export function monthShort(period: string): string {
  return `${Number(period.slice(5, 7))}/${period.slice(2, 4)}`;
}

// Czech towns in the locative ("V Praze dne …"); other places get "Place, date".
const CZ_LOCATIVE: Record<string, string> = {
  'Praha': 'Praze', 'Brno': 'Brně', 'Ostrava': 'Ostravě', 'Plzeň': 'Plzni', 'Olomouc': 'Olomouci', 'Liberec': 'Liberci',
  'České Budějovice': 'Českých Budějovicích', 'Hradec Králové': 'Hradci Králové', 'Pardubice': 'Pardubicích',
  'Zlín': 'Zlíně', 'Ústí nad Labem': 'Ústí nad Labem', 'Jihlava': 'Jihlavě', 'Karlovy Vary': 'Karlových Varech',
  'Kladno': 'Kladně', 'Opava': 'Opavě', 'Teplice': 'Teplicích', 'Děčín': 'Děčíně', 'Most': 'Mostě', 'Frýdek-Místek': 'Frýdku-Místku',
};

/** The place-and-date line of a letter: "V Praze dne 29. listopadu 2026", "Budapest, 2026. november 29.",
 * "London, 29 November 2026" / "29 November 2026" without a place, "Москва, 29 ноября 2026 г.". */
export function placeDateLine(place: string, day: string, locale: Locale): string {
  const date = longDate(day, locale);
  const city = place.replace(/\s+\d+$/, '').trim();
  if (!city) return date;
  if (locale === 'cs' && CZ_LOCATIVE[city]) return `V ${CZ_LOCATIVE[city]} dne ${date}`;
  return `${city}, ${date}`;
}
