// i18next with the four bundled languages; the choice is remembered in localStorage and
// mirrored to <html lang>. Dates go through date-fns with the matching locale.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { DATE_LOCALES } from '../../shared/dates.ts';
import type { Locale as DateLocale } from 'date-fns';
import type { Locale } from '../../shared/types.ts';
import { LOCALES } from '../../shared/types.ts';
import { isLocale, pickLocale } from '../../shared/locale.ts';
import { messages } from './messages.ts';

export const LANG_KEY = 'kartoteka.lang';

/** Each language's name in itself, for the switch. */
export const LANGUAGE_NAMES: Record<Locale, string> = {
  cs: 'Čeština',
  en: 'English',
  hu: 'Magyar',
  ru: 'Русский',
};


export { isLocale, pickLocale };

/** The language this browser remembers the user choosing, if any. */
export function storedLocale(): Locale | null {
  try {
    const stored = localStorage.getItem(LANG_KEY);
    if (isLocale(stored)) return stored;
  } catch { /* storage blocked */ }
  return null;
}

export function initialLocale(): Locale {
  const stored = storedLocale();
  if (stored) return stored;
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
