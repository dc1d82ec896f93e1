import { afterEach, describe, expect, it } from 'vitest';
import { openTestCore, type TestCore } from '../test-helpers.ts';
import { generateDemo, type DemoOptions } from './generate.ts';
import { channelInput } from '../../../shared/contract.ts';
import { isValidDic, isValidIco } from '../../../shared/validation.ts';
import type { FirmList } from '../../../shared/types.ts';

const NOW = Date.UTC(2026, 2, 16, 10, 0);
const DAY = 86_400_000;
const opened: TestCore[] = [];
afterEach(async () => { while (opened.length) await opened.pop()!.close(); });

async function demo(opts: Partial<DemoOptions> = {}) {
  const t = await openTestCore({ now: () => NOW });
  opened.push(t);
  const counts = await generateDemo(t.open, { firms: 120, seed: 7, now: NOW, ...opts });
  return { t, counts };
}

const all = <T>(t: TestCore, sql: string, ...params: unknown[]) => t.open.sqlite.prepare(sql).all(...params) as T[];
const one = <T>(t: TestCore, sql: string, ...params: unknown[]) => t.open.sqlite.prepare(sql).get(...params) as T;
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const searchRows = (t: TestCore) => all(t, 'SELECT rowid, name, ids, people, emails, phones, places FROM firm_search ORDER BY rowid');
const triggers = (t: TestCore) => all<{ name: string; sql: string }>(t, `SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name`);

describe('demo data', () => {
  it('fills firms, people, channels and a contact history in the expected proportions', async () => {
    const { t, counts } = await demo({ firms: 300 });
    expect(counts).toEqual({ firms: 300, people: t.count('people'), contacts: t.count('contacts'), users: 7 });
    expect(t.count('firms')).toBe(300);
    expect(t.count('users')).toBe(8);
    expect(counts.people / 300).toBeGreaterThan(2.5);
    expect(counts.people / 300).toBeLessThan(3.6);
    expect(counts.contacts / 300).toBeGreaterThan(15);
    expect(counts.contacts / 300).toBeLessThan(25);

    // 1–6 people a firm, exactly one main person; an address and a phone for every firm.
    const perFirm = all<{ n: number; mains: number }>(t, 'SELECT count(p.id) AS n, sum(p.is_main) AS mains FROM firms f LEFT JOIN people p ON p.firm_id = f.id GROUP BY f.id');
    expect(perFirm.every((r) => r.n >= 1 && r.n <= 6 && r.mains === 1)).toBe(true);
    expect(one(t, `SELECT count(*) AS n FROM firms f WHERE NOT EXISTS (SELECT 1 FROM addresses a WHERE a.firm_id = f.id AND a.kind = 'registered')`)).toEqual({ n: 0 });
    expect(one(t, `SELECT count(*) AS n FROM firms f WHERE NOT EXISTS (SELECT 1 FROM channels c WHERE c.firm_id = f.id AND c.person_id IS NULL AND c.kind = 'phone')`)).toEqual({ n: 0 });

    // Countries: about 60 / 20 / 20; Czech firms have a valid IČO and DIČ CZ+IČO, others no IČO.
    const byCountry = Object.fromEntries(all<{ country: string; n: number }>(t, `SELECT country, count(*) AS n FROM addresses WHERE kind = 'registered' GROUP BY country`).map((r) => [r.country, r.n]));
    expect(byCountry.CZ).toBeGreaterThan(140);
    expect(byCountry.HU).toBeGreaterThan(30);
    expect(byCountry.RU).toBeGreaterThan(30);
    const firms = all<{ name: string; ico: string | null; dic: string | null; country: string }>(t, `SELECT f.name, f.ico, f.dic, a.country FROM firms f JOIN addresses a ON a.firm_id = f.id AND a.kind = 'registered'`);
    const czech = firms.filter((f) => f.country === 'CZ');
    expect(czech.filter((f) => f.ico).length).toBeGreaterThan(czech.length * 0.9);
    for (const f of firms) {
      if (f.ico) { expect(f.country).toBe('CZ'); expect(isValidIco(f.ico), f.ico).toBe(true); }
      if (f.dic) expect(isValidDic(f.dic), f.dic).toBe(true);
      if (f.country === 'CZ' && f.dic) expect(f.dic).toBe(`CZ${f.ico}`);
    }
    expect(new Set(czech.map((f) => f.ico).filter(Boolean)).size).toBe(czech.filter((f) => f.ico).length); // unique
    expect(firms.filter((f) => f.country === 'RU').every((f) => /[А-Яа-я]/.test(f.name) && /^(ООО|АО|ПАО|ИП) /.test(f.name))).toBe(true);
    expect(firms.filter((f) => f.country === 'HU').every((f) => / (Kft|Zrt|Bt|Nyrt)\.$/.test(f.name))).toBe(true);

    // Every channel passes the same checks the forms use, so a demo firm can be edited and saved.
    for (const c of all<{ kind: string; value: string; label: string }>(t, 'SELECT kind, value, label FROM channels')) {
      expect(channelInput.safeParse(c).success, `${c.kind} ${c.value}`).toBe(true);
    }
    // Person channels carry the firm too.
    expect(one(t, 'SELECT count(*) AS n FROM channels c JOIN people p ON p.id = c.person_id WHERE c.firm_id <> p.firm_id')).toEqual({ n: 0 });

    // Diacritics-heavy names in all three languages.
    const surnames = new Set(all<{ last_name: string }>(t, 'SELECT last_name FROM people').map((r) => r.last_name));
    expect([...surnames].some((s) => /[řěšžčůťďň]/.test(s))).toBe(true);
    expect([...surnames].some((s) => /[őűáé]/.test(s))).toBe(true);
    expect([...surnames].some((s) => /[а-я]/.test(s))).toBe(true);
    expect([...surnames].some((s) => /ová$/.test(s))).toBe(true);

    // Owners and referents: the local user and seven colleagues.
    const owners = all<{ owner_id: string }>(t, 'SELECT DISTINCT owner_id FROM firms').map((r) => r.owner_id);
    expect(owners).toContain(t.open.localUserId);
    expect(owners.length).toBe(8);
    expect(one<{ n: number }>(t, 'SELECT count(DISTINCT referent_id) AS n FROM contacts').n).toBe(8);

    // History over the last three years up to now; planned contacts in the coming weeks.
    const done = one<{ min: number; max: number; notes: number; n: number }>(t, `SELECT min(at) AS min, max(at) AS max, sum(note <> '') AS notes, count(*) AS n FROM contacts WHERE status = 'done'`);
    expect(done.max).toBeLessThanOrEqual(NOW);
    expect(done.min).toBeGreaterThanOrEqual(NOW - 3 * 366 * DAY);
    expect(done.max - done.min).toBeGreaterThan(2.5 * 365 * DAY);
    expect(done.notes / done.n).toBeGreaterThan(0.02);
    expect(done.notes / done.n).toBeLessThan(0.09);
    const planned = all<{ at: number; follows: string | null; follows_firm: string | null; firm_id: string; follows_status: string | null }>(t,
      `SELECT c.at, c.follows_id AS follows, c.firm_id, p.firm_id AS follows_firm, p.status AS follows_status
       FROM contacts c LEFT JOIN contacts p ON p.id = c.follows_id WHERE c.status = 'planned'`);
    expect(planned.length).toBeGreaterThan(30);
    expect(planned.every((c) => c.at > NOW && c.at < NOW + 50 * DAY)).toBe(true);
    const following = planned.filter((c) => c.follows);
    expect(following.length).toBeGreaterThan(10);
    expect(following.every((c) => c.follows_firm === c.firm_id && c.follows_status === 'done')).toBe(true);
    // Every contact kind and most results occur; calls are the most frequent kind.
    const kinds = all<{ code: string; n: number }>(t, `SELECT k.code, count(*) AS n FROM contacts c JOIN codes k ON k.id = c.kind_id GROUP BY k.code ORDER BY n DESC`);
    expect(kinds.map((k) => k.code).sort()).toEqual(['call', 'email', 'event', 'letter', 'meeting', 'task']);
    expect(kinds[0]!.code).toBe('call');
    expect(one<{ n: number }>(t, 'SELECT count(DISTINCT result_id) AS n FROM contacts').n).toBe(6);
    // The people of a contact are the firm's own.
    expect(one(t, 'SELECT count(*) AS n FROM contacts c JOIN people p ON p.id = c.person_id WHERE p.firm_id <> c.firm_id')).toEqual({ n: 0 });

    expect(t.open.sqlite.pragma('foreign_key_check')).toEqual([]);
    expect(t.open.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('is deterministic for a seed and differs between seeds', async () => {
    const sample = (t: TestCore) => ({
      firms: all<{ name: string }>(t, 'SELECT name FROM firms ORDER BY rid').map((r) => r.name),
      people: all<{ n: string }>(t, `SELECT first_name || ' ' || last_name AS n FROM people ORDER BY rowid LIMIT 50`).map((r) => r.n),
      contacts: all<{ s: string }>(t, `SELECT at || ' ' || summary AS s FROM contacts ORDER BY rowid LIMIT 200`).map((r) => r.s),
    });
    const a = sample((await demo({ seed: 11 })).t);
    const b = sample((await demo({ seed: 11 })).t);
    const c = sample((await demo({ seed: 12 })).t);
    expect(b).toEqual(a);
    expect(c.firms).not.toEqual(a.firms);
    expect(a.firms.slice(0, 5).every((n) => n.length > 3)).toBe(true);
  });

  it('fills the search index exactly as the triggers do, and restores the triggers verbatim', async () => {
    const reference = await demo({ searchIndex: 'triggers', firms: 150 });
    const before = triggers(reference.t);
    const { t } = await demo({ searchIndex: 'bulk', firms: 150, batchSize: 40 });
    expect(triggers(t)).toEqual(before);
    expect(searchRows(t)).toEqual(searchRows(reference.t));
    expect(t.count('firm_search')).toBe(150);
    expect(t.open.sqlite.prepare(`INSERT INTO firm_search(firm_search, rank) VALUES ('integrity-check', 1)`).run().changes).toBeGreaterThanOrEqual(0);

    // A person with a diacritics-heavy surname is found by it typed plainly, through the dispatcher.
    const person = one<{ first_name: string; last_name: string; firm_id: string }>(t,
      `SELECT first_name, last_name, firm_id FROM people WHERE last_name GLOB '*[řšžčůěťň]*' ORDER BY rowid LIMIT 1`);
    expect(person).toBeTruthy();
    const q = fold(person.last_name);
    expect(q).not.toBe(person.last_name.toLowerCase());
    const found = await t.call('firms.list', { q, locale: 'cs', limit: 1000 });
    const firmId = person.firm_id;
    expect(found.rows.map((r) => r.id)).toContain(firmId);
    // …and the result set is the one the trigger-built index gives.
    const expected = await reference.t.call('firms.list', { q, locale: 'cs', limit: 1000 });
    expect(found.rows.map((r) => r.name)).toEqual(expected.rows.map((r) => r.name));
    expect(found.total).toBe(expected.total);
    const narrowed = await t.call('firms.list', { q: `${fold(person.first_name)} ${q}`, locale: 'cs' });
    expect(narrowed.rows.map((r) => r.id)).toContain(firmId);
  });

  it('leaves the database working normally: a new person is indexed by the restored triggers', async () => {
    const { t } = await demo({ firms: 50 });
    const target = (await t.call('firms.list', { locale: 'cs', limit: 1 })).rows[0]!;
    await t.call('people.create', { firmId: target.id, firstName: 'Zdeňka', lastName: 'Přívozníková', channels: [{ kind: 'phone', value: '+420 777 888 999' }] });
    const hits = (q: string) => t.call('firms.list', { q, locale: 'cs' }).then((r: FirmList) => r.rows.map((row) => row.id));
    expect(await hits('privoznikova')).toEqual([target.id]);
    expect(await hits('777 888 999')).toEqual([target.id]);
    expect(await hits('420777888999')).toEqual([target.id]);
    // A demo firm's card reads back and can be saved unchanged through the validated channel.
    const card = await t.call('firms.get', { id: target.id });
    expect(card.people.some((p) => p.lastName === 'Přívozníková')).toBe(true);
    await t.call('firms.update', {
      id: target.id, name: card.firm.name, kinds: card.firm.kinds, ico: card.firm.ico ?? '', dic: card.firm.dic ?? '',
      website: card.firm.website ?? '', industry: card.firm.industry ?? '', sourceId: card.firm.sourceId, ownerId: card.firm.ownerId,
      addresses: card.addresses, channels: card.channels,
    });
    expect(await hits('privoznikova')).toEqual([target.id]);
    expect((await t.call('contacts.list', { firmId: target.id })).length).toBeGreaterThan(0);
  });

  it('adds to an existing database: salespeople are reused, IČOs stay unique, progress is reported', async () => {
    const { t } = await demo({ firms: 40, seed: 3 });
    const progress: [number, number][] = [];
    const more = await generateDemo(t.open, { firms: 60, seed: 3, now: NOW, batchSize: 25, onProgress: (d, n) => progress.push([d, n]) });
    expect(more.users).toBe(0);
    expect(t.count('users')).toBe(8);
    expect(t.count('firms')).toBe(100);
    expect(progress).toEqual([[25, 60], [50, 60], [60, 60]]);
    const icos = all<{ ico: string }>(t, 'SELECT ico FROM firms WHERE ico IS NOT NULL').map((r) => r.ico);
    expect(new Set(icos).size).toBe(icos.length);
    expect(t.count('firm_search')).toBe(100);
  });
});
