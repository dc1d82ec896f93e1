// `kartoteka find` answers from search.ts without the warm list: the same rows, in the same
// order, with the same total as firms.list — for every language's order, past the first page,
// and never a lead, a deleted or a merged-away firm.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCore, type TestCore } from '../test-helpers.ts';
import { generateDemo } from '../demo/generate.ts';
import { searchFirms } from './search.ts';
import { LOCALES } from '../../../shared/types.ts';

let t: TestCore;
beforeAll(async () => {
  t = await openTestCore();
  await generateDemo(t.open, { firms: 300, seed: 11, now: Date.UTC(2026, 5, 1) });
  // Names the collator and the byte order disagree on, and rows that must stay out of the list.
  for (const name of ['Chalupa Novák', 'Hrubý Novák', 'novák malý', 'Novák', 'Novák 10', 'Novák 9', 'Ňovák']) {
    await t.call('firms.create', { name, kinds: ['customer'] });
  }
  const gone = await t.call('firms.create', { name: 'Novák smazaný', kinds: ['customer'] });
  await t.call('firms.delete', { id: gone.id });
  await t.call('leads.create', { company: 'Novák zájemce', email: 'zajemce@example.cz' });
}, 60_000);
afterAll(async () => { await t.close(); });

describe('searchFirms', () => {
  const terms = ['novak', 'Novák', 'n', 'no', 'praha', 'kovacs', 'иван', 's r o', 'zzzz-no-such'];
  it.each(LOCALES)('answers as firms.list does (%s)', async (locale) => {
    for (const q of terms) {
      for (const [offset, limit] of [[0, 20], [0, 1000], [7, 5]] as const) {
        const expected = await t.call('firms.list', { q, locale, offset, limit });
        const got = await searchFirms(t.open.db, { q, locale, offset, limit });
        expect(got, `${q} ${offset}+${limit}`).toEqual(expected);
      }
    }
  });

  it('leaves leads and deleted firms out, and says when there is no word to search for', async () => {
    const all = await searchFirms(t.open.db, { q: 'novák', locale: 'cs', limit: 1000 });
    const names = all!.rows.map((r) => r.name);
    expect(names).toContain('Novák 9');
    expect(names.indexOf('Novák 9')).toBeLessThan(names.indexOf('Novák 10')); // numeric, as the list
    expect(names.indexOf('Hrubý Novák')).toBeLessThan(names.indexOf('Chalupa Novák')); // Czech: ch after h
    expect(names).not.toContain('Novák smazaný');
    expect(names).not.toContain('Novák zájemce');
    expect(await searchFirms(t.open.db, { q: ' – ', locale: 'cs', limit: 20 })).toBeNull();
  });
});
