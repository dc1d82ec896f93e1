// People and firms of other countries (issue 14) through the real handlers on a real SQLite file:
// company ids checked and stored by the firm's country, completeness counting the country's own
// id, the duplicate finder matching per country, exports with the ids' names and the patronymic,
// and the patronymic found by search.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeId, openTestCore, type TestCore } from '../test-helpers.ts';

let t: TestCore;
let me: string;
let category: string;
beforeAll(async () => {
  t = await openTestCore();
  me = t.open.localUserId;
  category = (await t.call('segments.create', { kind: 'category', name: 'Zahraničí' })).id;
});
afterAll(async () => { await t.close(); });

const address = (country: string, city: string) => ({ kind: 'registered' as const, street: 'Fő utca', number: '1', city, postalCode: '1052', country });

/** A firm with everything completeness asks for: an address, a phone, a person with an e-mail, an owner, a category. */
async function completeFirm(name: string, country: string, ids: { ico?: string; dic?: string; vatId?: string }) {
  const { id } = await t.call('firms.create', {
    name, kinds: ['customer'], country, ...ids, ownerId: me, addresses: [address(country, 'Město')],
    channels: [{ kind: 'phone', value: '+36 1 234 5678' }],
  });
  await t.call('people.create', { firmId: id, lastName: 'Kovács', channels: [{ kind: 'email', value: `kovacs@${id.slice(-6)}.example` }] });
  await t.call('firms.setSegments', { id, segmentIds: [category] });
  return id;
}

describe('company ids per country', () => {
  it('checks each id by the firm’s country, with a translated error on the field', async () => {
    const base = { name: 'X', kinds: ['customer'] as const };
    expect(await t.fail('firms.create', { ...base, country: 'HU', ico: '25596641' }))
      .toMatchObject({ code: 'validation', messageKey: 'errors.hu_tax_number', field: 'ico' });
    expect(await t.fail('firms.create', { ...base, country: 'HU', ico: '12345676-2-41', dic: '21-09-123456' }))
      .toMatchObject({ messageKey: 'errors.hu_company_reg', field: 'dic' });
    expect(await t.fail('firms.create', { ...base, country: 'RU', ico: '7707083894' })).toMatchObject({ messageKey: 'errors.ru_inn', field: 'ico' });
    expect(await t.fail('firms.create', { ...base, country: 'RU', ico: '7707083893', dic: '1027700132194' }))
      .toMatchObject({ messageKey: 'errors.ru_ogrn', field: 'dic' });
    expect(await t.fail('firms.create', { ...base, country: 'SK', ico: '35763469', vatId: 'SK2022749618' }))
      .toMatchObject({ messageKey: 'errors.sk_vat_id', field: 'vatId' });
    expect(await t.fail('firms.create', { ...base, country: 'CZ', vatId: 'SK2022749619' }))
      .toMatchObject({ messageKey: 'errors.company_id_country', field: 'vatId' });
    // Czech firms as before.
    expect(await t.fail('firms.create', { ...base, ico: '25596642' })).toMatchObject({ messageKey: 'errors.ico_checksum', field: 'ico' });
    // No country given: the registered address's.
    expect(await t.fail('firms.create', { ...base, ico: '25596641', addresses: [address('RU', 'Москва')] }))
      .toMatchObject({ messageKey: 'errors.ru_inn', field: 'ico' });
  });

  it('stores the ids as their country writes them and shows them on the card', async () => {
    const hu = await t.call('firms.create', { name: 'Kővágó Kft.', kinds: ['customer'], country: 'hu', ico: '12345676 2 41', dic: 'Cg. 01-09-123456' });
    const card = await t.call('firms.get', { id: hu.id });
    expect(card.firm).toMatchObject({ country: 'HU', ico: '12345676-2-41', dic: '01-09-123456', vatId: null });
    const sk = await t.call('firms.create', { name: 'Tatra s.r.o.', kinds: ['customer'], addresses: [address('SK', 'Košice')],
      ico: '35763469', dic: '2022749619', vatId: '2022749619' });
    expect((await t.call('firms.get', { id: sk.id })).firm).toMatchObject({ country: 'SK', ico: '35763469', dic: '2022749619', vatId: 'SK2022749619' });
    // The principal id is searchable like an IČO.
    expect((await t.call('firms.list', { q: '12345676', locale: 'cs' })).rows.map((r) => r.name)).toEqual(['Kővágó Kft.']);
  });

  it('counts the country’s own id for completeness: Hungarian and Russian firms with theirs are complete', async () => {
    const hu = await completeFirm('Duna Gép Kft.', 'HU', { ico: '10773381-2-44', dic: '01-09-562739' });
    const ru = await completeFirm('ООО «Волга»', 'RU', { ico: '7707083893', dic: '1027700132195' });
    const noId = await completeFirm('ООО «Без ИНН»', 'RU', {});
    for (const id of [hu, ru]) expect((await t.call('firms.get', { id })).completeness).toEqual({ score: 100, missing: [] });
    expect((await t.call('firms.get', { id: noId })).completeness.missing).toEqual(['ico']);
    const incomplete = await t.call('firms.incomplete', { segmentId: category, locale: 'cs' });
    expect(incomplete.map((f) => f.id)).toEqual([noId]);
    expect(incomplete[0]).toMatchObject({ country: 'RU' });
  });

  it('finds duplicates by the principal id within its country: a Hungarian taxpayer by its first eight digits', async () => {
    const a = await t.call('firms.create', { name: 'Alfa Kereskedelmi Kft.', kinds: ['customer'], country: 'HU', ico: '24157333-2-13' });
    // The same taxpayer after its VAT status and county changed.
    const b = await t.call('firms.create', { name: 'Béta Bt.', kinds: ['prospect'], country: 'HU', ico: '24157333-1-42' });
    // A Czech IČO with the same digits is another firm.
    const c = await t.call('firms.create', { name: 'Gama s.r.o.', kinds: ['prospect'], ico: '24157333' });
    const scan = await t.call('duplicates.scan', { entity: 'firm' });
    const pairOf = (x: string, y: string) => scan.pairs.find((p) => (p.a.id === x && p.b.id === y) || (p.a.id === y && p.b.id === x));
    expect(pairOf(a.id, b.id)).toMatchObject({ reasons: ['ico'] });
    expect(pairOf(a.id, b.id)!.a).toMatchObject({ country: 'HU' });
    expect(pairOf(a.id, c.id)).toBeUndefined();
    // The new-firm warning: typed as a Hungarian adószám it meets both Hungarian records, not the Czech one.
    const typed = await t.call('firms.matches', { ico: '24157333-3-05', country: 'HU' });
    expect(typed.map((m) => m.id).sort()).toEqual([a.id, b.id].sort());
    expect(typed.every((m) => m.reasons.includes('ico') && m.country === 'HU')).toBe(true);
    expect((await t.call('firms.matches', { ico: '24157333' })).map((m) => m.id)).toEqual([c.id]);
  });

  it('merges keep the ids with their country', async () => {
    const hu = await t.call('firms.create', { name: 'Merge Kft.', kinds: ['customer'], country: 'HU', ico: '12345676-2-41' });
    const cz = await t.call('firms.create', { name: 'Merge s.r.o.', kinds: ['customer'] });
    await t.call('firms.merge', { survivorId: cz.id, mergedId: hu.id, choose: { ico: 'merged' } });
    expect((await t.call('firms.get', { id: cz.id })).firm).toMatchObject({ country: 'HU', ico: '12345676-2-41' });
  });
});

describe('the patronymic', () => {
  it('is a field of the person: saved, on the card, found by search, in exports and salutations', async () => {
    const { id: firmId } = await t.call('firms.create', {
      name: 'ООО «Лебедев и партнёры»', kinds: ['customer'], country: 'RU', ico: '500100732259', dic: '304500116000157',
      addresses: [{ kind: 'registered', street: 'ул. Тверская', number: 'д. 7', city: 'Москва', postalCode: '125009', country: 'RU' }],
    });
    const { id: personId } = await t.call('people.create', {
      firmId, firstName: 'Алексей', patronymic: ' Петрович ', lastName: 'Лебедев', isMain: true,
      roleId: codeId(t, 'person_role', 'decision_maker'),
    });
    const card = await t.call('firms.get', { id: firmId });
    expect(card.people[0]).toMatchObject({ id: personId, firstName: 'Алексей', patronymic: 'Петрович', lastName: 'Лебедев' });

    expect((await t.call('firms.list', { q: 'Петрович', locale: 'ru' })).rows.map((r) => r.id)).toEqual([firmId]);
    expect((await t.call('firms.list', { q: 'петров', locale: 'ru' })).rows.map((r) => r.id)).toEqual([firmId]);

    const where = { op: 'and' as const, items: [{ on: 'place' as const, part: 'city' as const, values: ['Москва'] }] };
    const columns = ['firmName', 'companyIds', 'ico', 'dic', 'firstName', 'patronymic', 'lastName', 'salutation', 'addressee'] as const;
    const ru = await t.call('selections.preview', { recipients: 'people', where, columns: [...columns], locale: 'ru', limit: 5 });
    expect(ru.columns.map((c) => c.header)).toEqual(['Название фирмы', 'Реквизиты', 'Идентификатор (IČO / adószám / ИНН)',
      'Второй идентификатор (DIČ / cégjegyzékszám / ОГРН)', 'Имя', 'Отчество', 'Фамилия', 'Обращение', 'Адресат']);
    expect(ru.sample).toEqual([['ООО «Лебедев и партнёры»', 'ИНН 500100732259 · ОГРНИП 304500116000157', '500100732259', '304500116000157',
      'Алексей', 'Петрович', 'Лебедев', 'Уважаемый Алексей Петрович', 'Лебедеву Алексею Петровичу']]);
    const cs = await t.call('selections.preview', { recipients: 'people', where, columns: ['companyIds', 'patronymic', 'addressee'], locale: 'cs', limit: 5 });
    expect(cs.columns.map((c) => c.header)).toEqual(['Identifikátory firmy', 'Jméno po otci', 'Adresát']);
    expect(cs.sample).toEqual([['ИНН 500100732259 · ОГРНИП 304500116000157', 'Петрович', 'Алексей Петрович Лебедев']]);
  });
});
