// The names of the built-in code list entries in each language — the same files the UI's
// translations merge (renderer/i18n/messages.ts), so the core can tell that "Telefonát" is
// already the contact kind "call" in Czech.
import type { CodeListName, Locale } from './types.ts';
import cs from './i18n/codes.cs.json' with { type: 'json' };
import en from './i18n/codes.en.json' with { type: 'json' };
import hu from './i18n/codes.hu.json' with { type: 'json' };
import ru from './i18n/codes.ru.json' with { type: 'json' };

type Labels = Partial<Record<CodeListName, Record<string, string>>>;
const LABELS: Record<Locale, Labels> = { cs: cs.codes, en: en.codes, hu: hu.codes, ru: ru.codes };

/** A built-in entry's name in the language, or null when it has none there. */
export function builtInCodeLabel(locale: Locale, list: string, code: string): string | null {
  return LABELS[locale][list as CodeListName]?.[code] ?? null;
}
