// The office's exchange rates, kept in Settings by hand (the app is offline: no rate service):
// one settings row. The pipeline converts with them to compare deals across currencies; a
// currency without a rate is never converted (its sums stay apart, never guessed).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Currency, ExchangeRates } from '../../../shared/types.ts';
import { CURRENCIES } from '../../../shared/types.ts';

export const RATES_SETTING = 'exchange_rates';

export async function loadRates(db: Kysely<Database>): Promise<ExchangeRates | null> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', RATES_SETTING).executeTakeFirst();
  if (!row) return null;
  try {
    const v = JSON.parse(row.value) as ExchangeRates;
    if (!(CURRENCIES as readonly string[]).includes(v.base)) return null;
    const rates: Partial<Record<Currency, number>> = {};
    for (const c of CURRENCIES) {
      const r = v.rates?.[c];
      if (c !== v.base && typeof r === 'number' && r > 0 && Number.isFinite(r)) rates[c] = r;
    }
    return { base: v.base, rates, asOf: typeof v.asOf === 'string' ? v.asOf : null };
  } catch {
    return null; // a damaged row reads as "no rates": nothing is converted
  }
}

export async function saveRates(db: Kysely<Database>, rates: ExchangeRates, now: number): Promise<void> {
  const value = JSON.stringify(rates);
  await db.insertInto('settings').values({ key: RATES_SETTING, value, updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now })).execute();
}
