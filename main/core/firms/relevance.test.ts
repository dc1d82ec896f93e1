// A search lists by relevance (issue 14): the name equal to the query, names starting with it,
// names with a word starting with each query word, then firms found through their people,
// e-mails, phones or cities — name order within each — and says on those last rows what matched.
// `kartoteka find` answers the same.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCore, type TestCore } from '../test-helpers.ts';
import { searchFirms } from './search.ts';
import { FirmListIndex } from './list-index.ts';
import { contract } from '../../../shared/contract.ts';
import { FoldedNames, OTHER, foldName, queryMask, rankOf, rankQuery, wordMask } from './relevance.ts';
import type { FirmList } from '../../../shared/types.ts';

let t: TestCore;
beforeAll(async () => {
  t = await openTestCore();
  const firm = async (name: string, extra: Record<string, unknown> = {}) => (await t.call('firms.create', { name, kinds: ['customer'], ...extra })).id;
  const agro = await firm('Agro Bartoš a.s.', { addresses: [{ kind: 'registered', city: 'Praha', postalCode: '11000' }] });
  await t.call('people.create', { firmId: agro, firstName: 'Pavel', lastName: 'Dvořák', isMain: true });
  await firm('Dvořák & partneři s.r.o.');
  await firm('Dvořák a syn s.r.o.');
  const cerny = await firm('Černý a synové, spol. s r.o.');
  await t.call('people.create', { firmId: cerny, firstName: 'Jan', lastName: 'Dvořák' });
  await firm('DVORAK');
  await firm('Stavby Dvořák');
  await firm('Alfa Trade', { channels: [{ kind: 'email', value: 'dvorak@alfa.cz' }] });
  await firm('Beta Servis', { addresses: [{ kind: 'registered', city: 'Dvorakov', postalCode: '50000' }] });
  await firm('Gama', { channels: [{ kind: 'phone', value: '+420 576 880 700' }] });
  await firm('Nábytek Omega', { addresses: [{ kind: 'registered', city: 'Praha', postalCode: '12000' }] });
});
afterAll(async () => { await t.close(); });

const list = async (q: string, extra: Record<string, unknown> = {}): Promise<FirmList> => {
  const listed = await t.call('firms.list', { q, locale: 'cs', ...extra });
  if (Object.keys(extra).length === 0) expect(await searchFirms(t.open.db, { q, locale: 'cs', limit: 100 }), `find ${q}`).toEqual(listed);
  return listed;
};
const shown = (l: FirmList) => l.rows.map((r) => (r.match ? `${r.name} [${r.match.kind}: ${r.match.text}]` : r.name));

describe('the word mask', () => {
  it('never sends a name of a better rank to the last one: its mask always has the query bits', () => {
    const names = ['Dvořák a syn s.r.o.', 'Černý a synové, spol. s r.o.', 'Agro Bartoš a.s.', 'ООО «Ромашка»', 'Kővágó Kft.', 'Chalupa & Chalupová',
      '10 bodů', 'A', 'Praha-Stavby a.s.', 'Stavby Praha s.r.o.', 'x-y-z', 'Ёлка', ' leading spaces ', 'Ab Cd Ef Gh Ij Kl Mn Op Qr St'];
    const queries = ['d', 'dv', 'dvorak', 'dvorak a syn', 'a', 'a s', 's r', 'syn', 'cern', 'roma', 'рома', 'kova', 'ch', 'chalupov', '10', '1',
      'bod', 'praha st', 'stavby pr', 'y', 'x y z', 'ёл', 'ел', 'leading', 'gh ij', 'st qr'];
    let better = 0;
    for (const name of names) {
      const folded = foldName(name);
      for (const q of queries.map(rankQuery)) {
        if (rankOf(folded, q) === OTHER) continue;
        better++;
        expect((wordMask(folded) & queryMask(q)) >>> 0, `${name} / ${q.text}`).toBe(queryMask(q));
      }
    }
    expect(better).toBeGreaterThan(20);
    // The names held in one array rank exactly as the strings do.
    const folded = names.map(foldName);
    const held = FoldedNames.of(folded);
    const ranks = new Set<number>();
    for (let i = 0; i < folded.length; i++) {
      for (const q of [...queries, 'dvorak a syn s r o', 'praha stavby a s', 'zz', ''].map(rankQuery)) {
        const r = rankOf(folded[i]!, q);
        ranks.add(r);
        expect(held.rank(i, q), `${folded[i]} / ${q.text}`).toBe(r);
      }
    }
    expect([...ranks].sort()).toEqual([0, 1, 2, OTHER]);
    // And it does tell most others apart.
    expect((wordMask(foldName('Stavby Praha s.r.o.')) & queryMask(rankQuery('kov'))) >>> 0).not.toBe(queryMask(rankQuery('kov')));
  });
});

describe('search by relevance', () => {
  it('ranks the equal name, then names starting with it, then a name word, then the rest — each in name order', async () => {
    expect(shown(await list('dvorak'))).toEqual([
      'DVORAK',
      'Dvořák & partneři s.r.o.',
      'Dvořák a syn s.r.o.',
      'Stavby Dvořák',
      'Agro Bartoš a.s. [person: Pavel Dvořák]',
      'Alfa Trade [email: dvorak@alfa.cz]',
      'Beta Servis [place: Dvorakov]',
      'Černý a synové, spol. s r.o. [person: Jan Dvořák]',
    ]);
  });

  it('puts the firm whose name starts with the words typed on top, so Enter opens it', async () => {
    const l = await list('dvorak a syn');
    expect(shown(l)[0]).toBe('Dvořák a syn s.r.o.');
    expect(shown(l)).toContain('Černý a synové, spol. s r.o. [person: Jan Dvořák]');
  });

  it('says which city or phone matched, and pages and counts across the ranks', async () => {
    expect(shown(await list('praha'))).toEqual(['Agro Bartoš a.s. [place: Praha]', 'Nábytek Omega [place: Praha]']);
    expect(shown(await list('576880700'))).toEqual(['Gama [phone: +420 576 880 700]']);
    const all = await list('dvorak');
    const page = await t.call('firms.list', { q: 'dvorak', locale: 'cs', offset: 3, limit: 3 });
    expect(page.total).toBe(all.total);
    expect(page.rows).toEqual(all.rows.slice(3, 6));
    // Other filters keep the ranking; sorting by name descending is by name alone, without reasons.
    const desc = await t.call('firms.list', { q: 'dvorak', locale: 'cs', sort: { by: 'name', dir: 'desc' } });
    expect(desc.rows[0]!.name).toBe('Stavby Dvořák');
    expect(desc.rows.some((r) => r.match)).toBe(false);
  });

  it('ranks a short search again after a change (its ranks are kept between keystrokes)', async () => {
    const before = await list('g');
    expect(before.rows[0]!.name).toBe('Gama');
    await t.call('firms.create', { name: 'G', kinds: ['customer'] });
    const after = await list('g');
    expect(after.rows.map((r) => r.name).slice(0, 2)).toEqual(['G', 'Gama']);
    expect(after.total).toBe(before.total + 1);
  });

  it('ranks a renamed firm by its new name (the list keeps each name’s word mask)', async () => {
    const { id } = await t.call('firms.create', { name: 'Zzyzx Rename s.r.o.', kinds: ['customer'] });
    expect((await list('zzyzx')).rows[0]!.name).toBe('Zzyzx Rename s.r.o.');
    await t.call('firms.update', { id, name: 'Qwerty Rename s.r.o.', kinds: ['customer'] });
    const renamed = await list('qwerty');
    expect(renamed.rows[0]).toMatchObject({ name: 'Qwerty Rename s.r.o.' });
    expect(renamed.rows[0]!.match).toBeUndefined(); // found by its name: no reason shown
    expect((await list('zzyzx')).total).toBe(0);
  });

  it('folds names and ranks them', () => {
    expect(foldName('Dvořák & syn, s.r.o.')).toBe('dvorak syn s r o');
    const q = rankQuery('Dvořák syn');
    expect(rankOf(foldName('Dvořák syn'), q)).toBe(0);
    expect(rankOf(foldName('Dvořák, syn a spol.'), q)).toBe(1);
    expect(rankOf(foldName('Synové Dvořákovi'), q)).toBe(2);
    expect(rankOf(foldName('Černý a synové'), q)).toBe(3);
  });
});

describe('ranking from the names array', () => {
  it('lists exactly as ranking from the strings, before the array is built, after, and after an edit', async () => {
    // The dispatcher's index builds the array from 50k firms; this one from the first.
    const index = new FirmListIndex(t.open.db, t.open.sqlite, { foldNamesFrom: 1 });
    const plain = new FirmListIndex(t.open.db, t.open.sqlite, { foldNamesFrom: Infinity });
    const queries = ['dvořák', 'dvo', 'd', 'a s', 'praha', 'stavby dvořák', 'omega', 'x'];
    const both = async () => {
      for (const q of queries) {
        const input = contract['firms.list'].input.parse({ q, locale: 'cs', limit: 100 });
        expect(await index.list(input), q).toEqual(await plain.list(input));
      }
    };
    await both(); // strings: the array is being built
    expect(await index.foldedReady('cs')).toBe(true);
    await both(); // from the array
    const id = (await t.call('firms.create', { name: 'Dvořákova pekárna', kinds: ['customer'] })).id;
    await t.call('firms.update', { id, name: 'Pekárna Dvořák', kinds: ['customer'] });
    for (const i of [index, plain]) i.markStale(); // as the dispatcher does after a write to firms
    await both(); // the edit dropped the array: strings again, and the rebuild began
    expect(await index.foldedReady('cs')).toBe(true);
    await both();
    const ranked = await index.list(contract['firms.list'].input.parse({ q: 'dvořák', locale: 'cs', limit: 100 }));
    expect(ranked.rows.map((r) => r.name)).toContain('Pekárna Dvořák');
    expect(ranked.rows.map((r) => r.name)).not.toContain('Dvořákova pekárna');
  });
});

