import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestCore, codeId, type TestCore } from '../test-helpers.ts';

let t: TestCore;
beforeEach(async () => { t = await openTestCore(); });
afterEach(async () => { await t.close(); });

const names = async (q: string, extra: Record<string, unknown> = {}) =>
  (await t.call('firms.list', { q, locale: 'cs', ...extra })).rows.map((r) => r.name);

describe('firms', () => {
  it('creates a firm with addresses and channels and reads it back as a card', async () => {
    const { id } = await t.call('firms.create', {
      name: 'Strojírny Dvořák s.r.o.', kinds: ['customer', 'supplier'], ico: '25596641', dic: 'cz25596641',
      sourceId: codeId(t, 'firm_source', 'fair'),
      addresses: [{ kind: 'postal', city: 'Brno', street: 'Kounicova', number: '12', postalCode: '602 00' },
        { kind: 'registered', city: 'Hořice', street: 'Husova', number: '3', postalCode: '508 01' }],
      channels: [{ kind: 'phone', value: '+420 602 123 456', label: 'ústředna' }, { kind: 'email', value: 'info@dvorak.cz' }],
    });
    const card = await t.call('firms.get', { id });
    expect(card.firm).toMatchObject({ name: 'Strojírny Dvořák s.r.o.', kinds: ['customer', 'supplier'], ico: '25596641', dic: 'CZ25596641' });
    expect(card.addresses.map((a) => a.kind)).toEqual(['registered', 'postal']); // registered first
    expect(card.addresses[0]).toMatchObject({ city: 'Hořice', country: 'CZ' });
    expect(card.channels.map((c) => c.value)).toEqual(['+420 602 123 456', 'info@dvorak.cz']);
    const list = await t.call('firms.list', { locale: 'cs' });
    expect(list.rows[0]).toMatchObject({ name: 'Strojírny Dvořák s.r.o.', city: 'Hořice', kinds: ['customer', 'supplier'] });
  });

  it('edits a firm: changed fields, kept, added and removed children', async () => {
    const { id } = await t.call('firms.create', {
      name: 'Old name', kinds: ['prospect'],
      addresses: [{ kind: 'registered', city: 'Praha' }, { kind: 'billing', city: 'Plzeň' }],
    });
    const before = await t.call('firms.get', { id });
    await t.call('firms.update', {
      id, name: 'Nové jméno a.s.', kinds: ['customer'],
      addresses: [{ ...before.addresses[0], city: 'Praha 4' }, { kind: 'delivery', city: 'Olomouc' }],
      channels: [{ kind: 'web', value: 'https://nove.cz' }],
    });
    const after = await t.call('firms.get', { id });
    expect(after.firm.name).toBe('Nové jméno a.s.');
    expect(after.firm.kinds).toEqual(['customer']);
    expect(after.addresses.map((a) => [a.kind, a.city])).toEqual([['registered', 'Praha 4'], ['delivery', 'Olomouc']]);
    expect(after.addresses[0].id).toBe(before.addresses[0].id); // edited in place, same id
    // The removed billing address is a tombstone, not gone.
    expect(t.open.sqlite.prepare('SELECT count(*) AS n FROM addresses WHERE deleted_at IS NOT NULL').get()).toEqual({ n: 1 });
    expect(await names('plzen')).toEqual([]);
    expect(await names('olomouc')).toEqual(['Nové jméno a.s.']);
    expect((await t.call('firms.list', { locale: 'cs' })).rows[0].city).toBe('Praha 4');
  });

  it('search ignores diacritics and case, matches word prefixes, and people lead to their firm', async () => {
    const a = await t.call('firms.create', { name: 'Novák a syn', kinds: ['customer'], addresses: [{ kind: 'registered', city: 'České Budějovice' }] });
    await t.call('firms.create', { name: 'Dvořák Trading', kinds: ['customer'] });
    const c = await t.call('firms.create', { name: 'Kovács Kft.', kinds: ['prospect'], channels: [{ kind: 'email', value: 'lazlo@kovacs.hu' }, { kind: 'phone', value: '+36 1 234 5678' }] });
    await t.call('firms.create', { name: 'ООО Иванов', kinds: ['supplier'] });
    await t.call('people.create', { firmId: a.id, firstName: 'Jiří', lastName: 'Šťastný' });

    expect(await names('novak')).toEqual(['Novák a syn']);
    expect(await names('NOVÁK')).toEqual(['Novák a syn']);
    expect(await names('dvorak')).toEqual(['Dvořák Trading']);
    expect(await names('dvo')).toEqual(['Dvořák Trading']);
    expect(await names('stastny')).toEqual(['Novák a syn']); // found through a person
    expect(await names('jiri sta')).toEqual(['Novák a syn']); // every word, as a prefix
    expect(await names('jiri dvo')).toEqual([]);
    expect(await names('budejovice')).toEqual(['Novák a syn']);
    expect(await names('kovacs')).toEqual(['Kovács Kft.']);
    expect(await names('lazlo@kovacs')).toEqual(['Kovács Kft.']);
    expect(await names('+36 1 234')).toEqual(['Kovács Kft.']); // as written
    expect(await names('3612345')).toEqual(['Kovács Kft.']); // or typed without spaces
    expect(await names('иван')).toEqual(['ООО Иванов']);
    expect(await names('"); DROP TABLE firms; --')).toEqual([]); // FTS syntax cannot leak in
    expect(c.id).toBeTruthy();
  });

  it('sorts by name with the language collation (Czech ch after h)', async () => {
    for (const name of ['Chalupa', 'Hrubý', 'Cihla', 'Čermák', 'Zedník']) await t.call('firms.create', { name, kinds: ['customer'] });
    expect(await names('')).toEqual(['Cihla', 'Čermák', 'Hrubý', 'Chalupa', 'Zedník']);
    const en = (await t.call('firms.list', { locale: 'en' })).rows.map((r) => r.name);
    expect(en).toEqual(['Čermák', 'Chalupa', 'Cihla', 'Hrubý', 'Zedník']);
    // A rename moves the firm to its new place without a full reload.
    const { rows } = await t.call('firms.list', { locale: 'cs', q: 'zednik' });
    await t.call('firms.update', { id: rows[0].id, name: 'Adam', kinds: ['customer'] });
    expect(await names('')).toEqual(['Adam', 'Cihla', 'Čermák', 'Hrubý', 'Chalupa']);
  });

  it('filters by kind, owner and city, and pages', async () => {
    const me = t.open.localUserId;
    await t.call('firms.create', { name: 'A', kinds: ['customer'], ownerId: me, addresses: [{ kind: 'registered', city: 'Brno' }] });
    await t.call('firms.create', { name: 'B', kinds: ['supplier'], addresses: [{ kind: 'registered', city: 'Praha' }] });
    await t.call('firms.create', { name: 'C', kinds: ['customer', 'prospect'], addresses: [{ kind: 'registered', city: 'brno' }] });
    expect(await names('', { kinds: ['customer'] })).toEqual(['A', 'C']);
    expect(await names('', { ownerId: me })).toEqual(['A']);
    expect(await names('', { city: 'Brno' })).toEqual(['A', 'C']);
    const page = await t.call('firms.list', { locale: 'cs', offset: 1, limit: 1 });
    expect(page).toMatchObject({ total: 3, offset: 1, rows: [{ name: 'B' }] });
    expect(await t.call('firms.cities', { locale: 'cs' })).toEqual(['Brno', 'Praha']);
  });

  it('deletes as a tombstone: gone from list, search and card, kept in the file', async () => {
    const { id } = await t.call('firms.create', { name: 'Zánik s.r.o.', kinds: ['customer'] });
    await t.call('firms.delete', { id });
    expect(await names('')).toEqual([]);
    expect(await names('zanik')).toEqual([]);
    expect((await t.fail('firms.get', { id })).code).toBe('not_found');
    expect(t.open.sqlite.prepare('SELECT deleted_at IS NOT NULL AS gone FROM firms WHERE id = ?').get(id)).toEqual({ gone: 1 });
  });

  it('rejects bad input with the field and a translated key, writing nothing', async () => {
    expect(await t.fail('firms.create', { name: 'X', kinds: ['customer'], ico: '12345678' }))
      .toMatchObject({ code: 'validation', field: 'ico', messageKey: 'errors.ico_checksum' });
    expect(await t.fail('firms.create', { name: '  ', kinds: ['customer'] }))
      .toMatchObject({ field: 'name', messageKey: 'errors.required' });
    expect(await t.fail('firms.create', { name: 'X', kinds: [] })).toMatchObject({ field: 'kinds', messageKey: 'errors.kinds_required' });
    expect(await t.fail('firms.create', { name: 'X', kinds: ['customer'], channels: [{ kind: 'email', value: 'not-an-email' }] }))
      .toMatchObject({ field: 'channels.0.value', messageKey: 'errors.email' });
    expect(await t.fail('firms.create', { name: 'X', kinds: ['customer'], addresses: [{ kind: 'registered', city: 'x'.repeat(121) }] }))
      .toMatchObject({ field: 'addresses.0.city', messageKey: 'errors.too_long', params: { max: 120 } });
    expect(await t.fail('firms.create', { name: 'X', kinds: ['customer'], ownerId: '01900000-0000-7000-8000-000000000000' }))
      .toMatchObject({ field: 'ownerId', messageKey: 'errors.unknown_ref' });
    expect(await t.fail('firms.nope' as 'firms.get', {})).toMatchObject({ code: 'unknown_channel' });
    expect(t.count('firms')).toBe(0);
    expect(t.count('firm_search')).toBe(0);
  });

  it('accepts an IČO typed with spaces or without its leading zeros', async () => {
    const { id } = await t.call('firms.create', { name: 'Nuly', kinds: ['customer'], ico: '69 47' }); // 00006947 is valid
    expect((await t.call('firms.get', { id })).firm.ico).toBe('00006947');
    expect((await t.call('firms.list', { q: '00006947', locale: 'cs' })).total).toBe(1);
  });
});
