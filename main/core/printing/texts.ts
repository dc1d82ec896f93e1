// The words printed documents carry, per language (plain JSON beside the code: the core has no
// i18next); the dates of letters and briefs come from shared/dates.ts.
import type { Locale } from '../../../shared/types.ts';
import { longDate } from '../../../shared/dates.ts';
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

// Dates as everywhere else in the app (shared/dates.ts): one short form per language.
export { longDate, shortDate, shortInstant } from '../../../shared/dates.ts';

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
