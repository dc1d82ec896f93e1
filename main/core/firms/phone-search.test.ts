// A phone number is found however it is typed: with or without spaces, dashes, brackets, the
// country code ("+420", "0036") or the trunk prefix ("06", "8") — in the firm list and in
// `kartoteka find` alike. Numbers of people count as the firm's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCore, type TestCore } from '../test-helpers.ts';
import { searchFirms } from './search.ts';
import { phoneQuery, toFtsQuery } from './search-query.ts';

let t: TestCore;
beforeAll(async () => {
  t = await openTestCore();
  const firm = (name: string, phone: string) => t.call('firms.create', { name, kinds: ['customer'], channels: [{ kind: 'phone', value: phone }] });
  await firm('Pekárna Novák', '+420 576 880 700');
  await firm('Kővágó Kft.', '06 1 234 5678');
  await firm('ООО «Ромашка»', '8 (495) 123-45-67');
  await firm('Strojírny Dvořák', '576 880 701');
  await t.call('firms.create', { name: 'Bez telefonu', kinds: ['customer'], ico: '00023272' });
});
afterAll(async () => { await t.close(); });

const names = async (q: string) => {
  const listed = (await t.call('firms.list', { q, locale: 'cs' })).rows.map((r) => r.name);
  const found = (await searchFirms(t.open.db, { q, locale: 'cs', limit: 50 }))!.rows.map((r) => r.name);
  expect(found, `find ${q}`).toEqual(listed);
  return listed;
};

describe('phone search', () => {
  it.each([
    ['576880700', 'Pekárna Novák'], ['576 880 700', 'Pekárna Novák'], ['+420576880700', 'Pekárna Novák'],
    ['+420 576-880-700', 'Pekárna Novák'], ['00420 576 880 700', 'Pekárna Novák'], ['576/880 700', 'Pekárna Novák'],
    ['06 1 234 5678', 'Kővágó Kft.'], ['1 234 5678', 'Kővágó Kft.'], ['+36 1 234 5678', 'Kővágó Kft.'], ['0036-1-234-5678', 'Kővágó Kft.'],
    ['8 (495) 123-45-67', 'ООО «Ромашка»'], ['(495) 123 45 67', 'ООО «Ромашка»'], ['+7 495 1234567', 'ООО «Ромашка»'],
  ])('finds %s', async (q, name) => {
    expect(await names(q)).toEqual([name]);
  });

  it('keeps a number’s start a prefix, other digit searches as they were, and a person’s number', async () => {
    expect(await names('576 880 70')).toEqual(['Pekárna Novák', 'Strojírny Dvořák']);
    expect(await names('00023272')).toEqual(['Bez telefonu']); // an IČO with leading zeros is no "00" prefix
    expect(await names('576 880 709')).toEqual([]);
    const firm = (await t.call('firms.list', { q: 'Bez telefonu', locale: 'cs' })).rows[0]!;
    await t.call('people.create', { firmId: firm.id, firstName: 'Jan', lastName: 'Malý', channels: [{ kind: 'phone', value: '+420 731-222-333' }] });
    expect(await names('731222333')).toEqual(['Bez telefonu']);
  });

  it('turns only phone-like text into a digit search', () => {
    expect(phoneQuery('576 880 700')).toBe('"576880700"*');
    expect(phoneQuery('+420 576 880 700')).toBe('("420576880700"* OR "20576880700"* OR "0576880700"* OR "576880700"*)');
    expect(phoneQuery('12345')).toBeNull(); // a postcode, too short
    expect(phoneQuery('Novák 576 880 700')).toBeNull();
    expect(toFtsQuery('Novák 576')).toBe('"Novák"* "576"*');
  });
});
