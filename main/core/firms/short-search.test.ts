// One- and two-letter searches keep their hits while the search index is unchanged
// (list-index.ts, searchHits): the answer must stay the one a list without kept hits gives,
// after every kind of write — through the app, or straight into the file behind its back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCore, type TestCore } from '../test-helpers.ts';
import { generateDemo } from '../demo/generate.ts';
import { createCore } from '../dispatcher.ts';
import type { FirmList } from '../../../shared/types.ts';

let t: TestCore;
beforeAll(async () => {
  t = await openTestCore();
  await generateDemo(t.open, { firms: 200, seed: 7, now: Date.UTC(2026, 5, 1) });
}, 60_000);
afterAll(async () => { await t.close(); });

const TERMS = ['q', 'Q', 'qw', 'x', 'n', 'no', 'ž', 'ch', 'и', '4'];

/** The answers of t's core (which keeps short hits) and of a fresh core (which has none yet). */
async function both(q: string): Promise<[FirmList, FirmList]> {
  const input = { q, locale: 'cs' as const, limit: 1000 };
  const fresh = await createCore(t.open).dispatch('firms.list', input);
  if (!fresh.envelope.ok) throw new Error(JSON.stringify(fresh.envelope.error));
  return [await t.call('firms.list', input), fresh.envelope.value as FirmList];
}

async function expectSame(step: string): Promise<void> {
  for (const q of TERMS) {
    const [kept, fresh] = await both(q);
    expect(kept, `${step}: ${q}`).toEqual(fresh);
  }
}

describe('short searches', () => {
  it('answer as a list without kept hits does, after writes of every kind', async () => {
    await expectSame('start');
    await expectSame('asked again');
    const firm = await t.call('firms.create', { name: 'Qwerty Žižka s.r.o.', kinds: ['customer'] });
    await expectSame('a firm created');
    const person = await t.call('people.create', { firmId: firm.id, firstName: 'Xaver', lastName: 'Chmel' });
    await expectSame('a person added');
    await t.call('people.update', { id: person.id, firmId: firm.id, firstName: 'Ivan', lastName: 'Иванов' });
    await expectSame('a person renamed');
    await t.call('firms.update', {
      id: firm.id, name: 'Nová firma', kinds: ['customer'],
      addresses: [{ kind: 'registered', city: 'Qualitz' }], channels: [{ kind: 'email', value: 'x@qw.cz' }],
    });
    await expectSame('a firm renamed, an address and an e-mail added');
    await t.call('firms.delete', { id: firm.id });
    await expectSame('a firm deleted');
    await t.call('leads.create', { company: 'Qwerty zájemce', email: 'q@example.cz' });
    await expectSame('a lead added');
  });

  it('page and count the same in either direction', async () => {
    for (const q of ['n', 'no', 'nov']) {
      const all = await t.call('firms.list', { q, locale: 'cs', limit: 1000 });
      // Ascending is the default order, which ranks a search by relevance; descending is by
      // name alone (names compared as the list does; equal names are the same text).
      const collator = new Intl.Collator('cs', { sensitivity: 'base', numeric: true });
      const byName = all.rows.map(({ match: _, ...r }) => r)
        .sort((a, b) => collator.compare(a.name, b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const [dir, offset] of [['asc', 3], ['desc', 0], ['desc', 7]] as const) {
        const page = await t.call('firms.list', { q, locale: 'cs', sort: { by: 'name', dir }, offset, limit: 5 });
        const rows = dir === 'asc' ? all.rows : [...byName].reverse();
        const names = (l: { name: string }[]) => l.map((r) => r.name);
        expect(page.total, `${q} ${dir} ${offset}`).toBe(all.total);
        expect(names(page.rows), `${q} ${dir} ${offset}`).toEqual(names(rows.slice(offset, offset + 5)));
        if (dir === 'asc') expect(page.rows).toEqual(rows.slice(offset, offset + 5));
      }
    }
  });

  it('see a change written into the file by someone else', async () => {
    const [before] = await both('qw');
    // A person renamed straight in the file (not a column of the list, so only the search can
    // tell): the search triggers reindex the firm, as any writer's change would.
    const person = t.open.sqlite.prepare(`SELECT p.id FROM people p JOIN firms f ON f.id = p.firm_id
      WHERE p.deleted_at IS NULL AND f.deleted_at IS NULL AND f.is_lead = 0 ORDER BY p.id LIMIT 1`).pluck().get() as string;
    t.open.sqlite.prepare(`UPDATE people SET last_name = 'Qwertyová' WHERE id = ?`).run(person);
    const [after, fresh] = await both('qw');
    expect(after).toEqual(fresh);
    expect(after.total).toBeGreaterThan(before.total);
  });
});
