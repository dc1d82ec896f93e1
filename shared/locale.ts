// Which of the app's languages a language tag means: the browser UI picks its first language
// from navigator.languages with it, the CLI from the OS locale (LANG=cs_CZ.UTF-8).
import { LOCALES, type Locale } from './types.ts';

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

/** The language from a language list: cs/sk → Czech, hu, ru/uk/be → Russian, else English. */
export function pickLocale(languages: readonly string[]): Locale {
  for (const tag of languages) {
    const base = tag.toLowerCase().split(/[-_.@]/)[0] ?? '';
    if (base === 'cs' || base === 'sk') return 'cs';
    if (base === 'hu') return 'hu';
    if (base === 'ru' || base === 'uk' || base === 'be') return 'ru';
    if (base === 'en') return 'en';
  }
  return 'en';
}

/** The settings row (key → JSON value) holding the language the user chose in the app: the
 * worker sorts the list for it before the window asks, the CLI exports and prints in it. */
export const UI_LOCALE_SETTING = 'ui_locale';

/** The saved language from its settings value, or null when there is none or it is not one of ours. */
export function parseUiLocale(value: string | null | undefined): Locale | null {
  if (!value) return null;
  try {
    const v = JSON.parse(value) as unknown;
    return isLocale(v) ? v : null;
  } catch {
    return null;
  }
}

/** Countries whose firms are written to in Russian: Russia and its Russian-speaking neighbours
 * (not Ukraine, whose language is its own). */
const RUSSIAN_SPEAKING = new Set(['RU', 'BY', 'KZ', 'KG']);

/** The language a letter to a firm of this country is theirs in: Czech for Czechia and Slovakia
 * (Slovaks read Czech letters as their own, and Czech offices write to them so), Hungarian,
 * Russian, else English — the one other language of the app. */
export function countryLanguage(country: string): Locale {
  const c = country.trim().toUpperCase();
  if (c === 'CZ' || c === 'SK') return 'cs';
  if (c === 'HU') return 'hu';
  if (RUSSIAN_SPEAKING.has(c)) return 'ru';
  return 'en';
}
