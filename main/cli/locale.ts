// The language the CLI exports, prints and sorts in when --locale does not say: the one the
// user chose in the app (saved in the database), else the OS locale, else English.
import SQLite from 'better-sqlite3';
import type { Locale } from '../../shared/types.ts';
import { parseUiLocale, pickLocale, UI_LOCALE_SETTING } from '../../shared/locale.ts';

/** Pure: `saved` is the app's choice (or null), `env` the process environment, `system` the
 * runtime's default locale (Intl) for when the environment names none. */
export function defaultLocale(saved: Locale | null, env: Readonly<Record<string, string | undefined>>, system: string): Locale {
  if (saved) return saved;
  // POSIX precedence; "C"/"POSIX" name no language.
  const fromEnv = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v && v !== 'C' && v !== 'POSIX' && !v.startsWith('C.'));
  return pickLocale([fromEnv ?? system]);
}

/** The language saved by the app in this database file, or null (no file, an older schema
 * without settings, nothing chosen yet). Read-only and apart from the command's own opening:
 * it must not migrate or lock anything. */
export function savedLocale(dbPath: string): Locale | null {
  let sqlite: SQLite.Database | null = null;
  try {
    sqlite = new SQLite(dbPath, { readonly: true, fileMustExist: true });
    const row = sqlite.prepare('SELECT value FROM settings WHERE key = ?').get(UI_LOCALE_SETTING) as { value: string } | undefined;
    return parseUiLocale(row?.value);
  } catch {
    return null;
  } finally {
    sqlite?.close();
  }
}

export function cliLocale(dbPath: string): Locale {
  return defaultLocale(savedLocale(dbPath), process.env, Intl.DateTimeFormat().resolvedOptions().locale);
}
