// The worker answers the window's first page before the list is warm (first-page.ts, warm.ts):
// the same rows, order and total as the warm list, and nothing else answered from it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCore, type TestCore } from '../test-helpers.ts';
import { generateDemo } from '../demo/generate.ts';
import { firstPage, fromFirstPage, keepFirstPage } from './first-page.ts';
import SQLite from 'better-sqlite3';
import { warmStart } from '../db/warm.ts';
import { createCore } from '../dispatcher.ts';
import { contract } from '../../../shared/contract.ts';
import { LOCALES } from '../../../shared/types.ts';
import { attachCapture } from '../sync/capture.ts';

let t: TestCore;
beforeAll(async () => {
  t = await openTestCore();
  await generateDemo(t.open, { firms: 250, seed: 5, now: Date.UTC(2026, 5, 1) });
  for (const name of ['Chalupa a.s.', 'Hrubý a.s.', 'chalupa a.s.', 'Ábel Kft.', 'Abel Kft.', '10 bodů', '9 bodů', 'Ёлка', 'Елка']) {
    await t.call('firms.create', { name, kinds: ['customer'] });
  }
  const gone = await t.call('firms.create', { name: '0 smazaná', kinds: ['customer'] });
  await t.call('firms.delete', { id: gone.id });
  await t.call('leads.create', { company: '0 zájemce', email: 'z@example.cz' });
}, 60_000);
afterAll(async () => { await t.close(); });

const parse = (input: unknown) => contract['firms.list'].input.parse(input);

describe('the first page kept between starts', () => {
  const expectWarm = async (page: Awaited<ReturnType<typeof firstPage>>, locale: 'cs' | 'hu') => {
    expect(fromFirstPage(page, parse({ locale, offset: 0, limit: 30 }))).toEqual(await t.call('firms.list', { locale, offset: 0, limit: 30 }));
  };

  it('is used at the next start while no firm changed, and not after any change that moves the page', async () => {
    const first = await firstPage(t.open.db, 'cs', 30);
    expect(first.cached).toBe(false);
    await keepFirstPage(t.open.db, first, 1);
    const again = await firstPage(t.open.db, 'cs', 30);
    expect(again.cached).toBe(true);
    expect({ ...again, cached: false }).toEqual(first);
    // Another language has a page of its own.
    expect((await firstPage(t.open.db, 'hu', 30)).cached).toBe(false);
    // Fewer rows kept than asked for: not used.
    expect((await firstPage(t.open.db, 'cs', 31)).cached).toBe(false);

    // Edited without a change to its name (a new website): still used.
    const top0 = first.rows[0]!;
    await t.call('firms.update', { id: top0.id, name: top0.name, kinds: top0.kinds, website: 'https://example.cz' });
    expect((await firstPage(t.open.db, 'cs', 30)).cached).toBe(true);

    // A firm on the page renamed so that it leaves the top: the kept page is not used, and the
    // page read instead is the warm list's.
    const top = first.rows[0]!;
    await t.call('firms.update', { id: top.id, name: `Žž ${top.name}`, kinds: top.kinds });
    const afterRename = await firstPage(t.open.db, 'cs', 30);
    expect(afterRename.cached).toBe(false);
    await expectWarm(afterRename, 'cs');
    await t.call('firms.update', { id: top.id, name: top.name, kinds: top.kinds });

    // Added, deleted, made a lead, and a write by another program on the same file: each one.
    const writes: (() => Promise<unknown>)[] = [
      () => t.call('firms.create', { name: '0 nová s.r.o.', kinds: ['customer'] }),
      async () => { const f = (await firstPage(t.open.db, 'cs', 30)).rows[0]!; return t.call('firms.delete', { id: f.id }); },
      async () => {
        const other = new SQLite(t.file);
        attachCapture(other); // another program writing to a synced table brings the clock (0015)
        try { other.prepare("UPDATE firms SET name = 'Aaa jiným programem' WHERE rid = (SELECT max(rid) FROM firms WHERE deleted_at IS NULL)").run(); }
        finally { other.close(); }
      },
    ];
    for (const write of writes) {
      await keepFirstPage(t.open.db, await firstPage(t.open.db, 'cs', 30), 2);
      expect((await firstPage(t.open.db, 'cs', 30)).cached).toBe(true);
      await write();
      const page = await firstPage(t.open.db, 'cs', 30);
      expect(page.cached).toBe(false);
    }
  });

  it('is kept by the warm start once the file passed its integrity check, and answers the next start', async () => {
    t.open.sqlite.exec('DELETE FROM first_page_cache');
    const core = createCore(t.open);
    const warm = warmStart(core, { systemLocale: 'cs', warmAfterMs: 0 });
    const page = await warm.dispatch('firms.list', { locale: 'cs', offset: 0, limit: 100 });
    expect(page.envelope.ok).toBe(true);
    await warm.warmed();
    await expect.poll(() => t.count('first_page_cache')).toBe(1);
    const kept = await firstPage(t.open.db, 'cs', 100);
    expect(kept.cached).toBe(true);
    // The next start answers the same page from it.
    const next = warmStart(createCore(t.open), { systemLocale: 'cs' });
    expect((await next.dispatch('firms.list', { locale: 'cs', offset: 0, limit: 100 })).envelope).toEqual(page.envelope);
    await next.warmed();
  });
});

describe('firstPage', () => {
  it.each(LOCALES)('gives the warm list’s first rows and total (%s)', async (locale) => {
    const page = await firstPage(t.open.db, locale, 40);
    for (const [offset, limit] of [[0, 40], [0, 1], [13, 20], [39, 1]]) {
      const expected = await t.call('firms.list', { locale, offset, limit });
      expect(fromFirstPage(page, parse({ locale, offset, limit })), `${offset}+${limit}`).toEqual(expected);
    }
  });

  it('answers nothing else: rows past it, another language, a search, filters, columns, another order', async () => {
    const page = await firstPage(t.open.db, 'cs', 40);
    for (const input of [
      { locale: 'cs', offset: 30, limit: 20 }, { locale: 'en', limit: 10 }, { locale: 'cs', q: 'a', limit: 10 },
      { locale: 'cs', kinds: ['customer'], limit: 10 }, { locale: 'cs', city: 'Brno', limit: 10 },
      { locale: 'cs', sort: { by: 'name', dir: 'desc' }, limit: 10 }, { locale: 'cs', sort: { by: 'city' }, limit: 10 },
      { locale: 'cs', ownerId: t.open.localUserId, limit: 10 },
    ]) expect(fromFirstPage(page, parse(input)), JSON.stringify(input)).toBeNull();
    // A list shorter than the page answers any offset.
    const whole = await firstPage(t.open.db, 'cs', 10_000);
    expect(fromFirstPage(whole, parse({ locale: 'cs', offset: 250, limit: 100 }))).toEqual(await t.call('firms.list', { locale: 'cs', offset: 250, limit: 100 }));
  });
});

describe('warmStart', () => {
  it('answers the first page early and everything else from the warm list, in the saved language', async () => {
    await t.call('app.setLocale', { locale: 'cs' });
    const core = createCore(t.open); // a fresh, cold list, as in a worker just started
    const warm = warmStart(core, { systemLocale: 'en-US', warmAfterMs: 60_000 });
    const first = await warm.dispatch('firms.list', { locale: 'cs', limit: 100 });
    expect(first.envelope).toEqual({ ok: true, value: await t.call('firms.list', { locale: 'cs', limit: 100 }) });
    const search = await warm.dispatch('firms.list', { locale: 'cs', q: 'a', limit: 100 });
    expect(search.envelope).toEqual({ ok: true, value: await t.call('firms.list', { locale: 'cs', q: 'a', limit: 100 }) });
    expect((await warm.dispatch('firms.list', { locale: 'xx' })).envelope.ok).toBe(false);
    await warm.warmed();
  });

  it('lets the window’s other first requests through without warming, and never answers from a page a write made old', async () => {
    const core = createCore(t.open);
    const warm = warmStart(core, { systemLocale: 'en-US', warmAfterMs: 60_000 });
    expect((await warm.dispatch('app.info', {})).envelope.ok).toBe(true);
    const created = await warm.dispatch('firms.create', { name: '0 nejprvnější', kinds: ['customer'] });
    expect(created.changed).toContain('firms');
    const first = await warm.dispatch('firms.list', { locale: 'cs', limit: 5 });
    expect((first.envelope as { ok: true; value: { rows: { name: string }[] } }).value.rows[0]!.name).toBe('0 nejprvnější');
    // (t's own core did not see that write: a fresh one reads the list as it is now.)
    expect(first.envelope).toEqual((await createCore(t.open).dispatch('firms.list', { locale: 'cs', limit: 5 })).envelope);
    await warm.warmed();
  });
});
