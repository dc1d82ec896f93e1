// The language the user chose in the app, as a settings row (shared/locale.ts names it): read
// by app.info, by the worker to warm the list in that language, written by app.setLocale.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Locale } from '../../../shared/types.ts';
import { parseUiLocale, UI_LOCALE_SETTING } from '../../../shared/locale.ts';

export async function loadUiLocale(db: Kysely<Database>): Promise<Locale | null> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', UI_LOCALE_SETTING).executeTakeFirst();
  return parseUiLocale(row?.value);
}

export async function saveUiLocale(db: Kysely<Database>, locale: Locale, now: number): Promise<void> {
  await db.insertInto('settings').values({ key: UI_LOCALE_SETTING, value: JSON.stringify(locale), updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(locale), updated_at: now })).execute();
}
