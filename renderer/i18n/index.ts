// i18next with the four bundled languages; the choice is remembered in localStorage and
// mirrored to <html lang>. Dates go through date-fns with the matching locale.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { cs as dfCs, enGB, hu as dfHu, ru as dfRu, type Locale as DateLocale } from 'date-fns/locale';
import type { Locale } from '../../shared/types.ts';
import { LOCALES } from '../../shared/types.ts';
import { messages } from './messages.ts';

export const LANG_KEY = 'kartoteka.lang';

/** Each language's name in itself, for the switch. */
export const LANGUAGE_NAMES: Record<Locale, string> = {
  cs: 'Čeština',
  en: 'English',
  hu: 'Magyar',
  ru: 'Русский',
};

const DATE_LOCALES: Record<Locale, DateLocale> = { cs: dfCs, en: enGB, hu: dfHu, ru: dfRu };

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

/** The language from a browser language list: cs/sk → Czech, hu, ru/uk/be → Russian, else English. */
export function pickLocale(languages: readonly string[]): Locale {
  for (const tag of languages) {
    const base = tag.toLowerCase().split(/[-_]/)[0] ?? '';
    if (base === 'cs' || base === 'sk') return 'cs';
    if (base === 'hu') return 'hu';
    if (base === 'ru' || base === 'uk' || base === 'be') return 'ru';
    if (base === 'en') return 'en';
  }
  return 'en';
}

export function initialLocale(): Locale {
  try {
    const stored = localStorage.getItem(LANG_KEY);
    if (isLocale(stored)) return stored;
  } catch { /* storage blocked */ }
  if (typeof navigator === 'undefined') return 'en';
  return pickLocale(navigator.languages?.length ? navigator.languages : [navigator.language]);
}

export const resources = Object.fromEntries(LOCALES.map((l) => [l, { translation: messages[l] }]));

export function initI18n(lng: Locale = initialLocale()) {
  void i18n.use(initReactI18next).init({
    resources,
    lng,
    fallbackLng: 'en',
    supportedLngs: [...LOCALES],
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  if (typeof document !== 'undefined') document.documentElement.lang = lng;
  return i18n;
}

export function setLocale(lng: Locale): void {
  void i18n.changeLanguage(lng);
  try { localStorage.setItem(LANG_KEY, lng); } catch { /* storage blocked */ }
  document.documentElement.lang = lng;
}

export function currentLocale(): Locale {
  return isLocale(i18n.language) ? i18n.language : 'en';
}

export function dateLocale(lng: Locale): DateLocale {
  return DATE_LOCALES[lng];
}

export default i18n;
