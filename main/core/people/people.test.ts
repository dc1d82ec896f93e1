import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestCore, type TestCore } from '../test-helpers.ts';

let t: TestCore;
beforeEach(async () => { t = await openTestCore(); });
afterEach(async () => { await t.close(); });

const reportsTo = (id: string) =>
  (t.open.sqlite.prepare('SELECT reports_to_id AS r FROM people WHERE id = ?').get(id) as { r: string | null }).r;

describe('people: the decision hierarchy', () => {
  it('links a person to a superior of the same firm, and refuses one elsewhere or gone', async () => {
    const { id: firmId } = await t.call('firms.create', { name: 'Alfa', kinds: ['customer'] });
    const { id: other } = await t.call('firms.create', { name: 'Beta', kinds: ['customer'] });
    const { id: ceo } = await t.call('people.create', { firmId, lastName: 'Ředitel' });
    const { id: stranger } = await t.call('people.create', { firmId: other, lastName: 'Cizí' });
    const { id: buyer } = await t.call('people.create', { firmId, lastName: 'Nákupčí', reportsToId: ceo });
    expect(reportsTo(buyer)).toBe(ceo);
    expect(await t.fail('people.create', { firmId, lastName: 'X', reportsToId: stranger }))
      .toMatchObject({ code: 'validation', field: 'reportsToId', messageKey: 'errors.unknown_ref' });
    const { id: left } = await t.call('people.create', { firmId, lastName: 'Odešel' });
    await t.call('people.delete', { id: left });
    expect(await t.fail('people.update', { id: buyer, firmId, lastName: 'Nákupčí', reportsToId: left }))
      .toMatchObject({ field: 'reportsToId', messageKey: 'errors.unknown_ref' });
    expect(reportsTo(buyer)).toBe(ceo);
  });

  it('refuses a cycle, including reporting to oneself', async () => {
    const { id: firmId } = await t.call('firms.create', { name: 'Alfa', kinds: ['customer'] });
    const { id: a } = await t.call('people.create', { firmId, lastName: 'A' });
    const { id: b } = await t.call('people.create', { firmId, lastName: 'B', reportsToId: a });
    const { id: c } = await t.call('people.create', { firmId, lastName: 'C', reportsToId: b });
    expect(await t.fail('people.update', { id: a, firmId, lastName: 'A', reportsToId: c }))
      .toMatchObject({ code: 'validation', field: 'reportsToId', messageKey: 'errors.reports_cycle' });
    expect(await t.fail('people.update', { id: a, firmId, lastName: 'A', reportsToId: a }))
      .toMatchObject({ field: 'reportsToId', messageKey: 'errors.reports_cycle' });
    expect(reportsTo(a)).toBeNull();
    // Rearranging without a cycle is fine: C now reports straight to A.
    await t.call('people.update', { id: c, firmId, lastName: 'C', reportsToId: a });
    expect(reportsTo(c)).toBe(a);
  });

  it('deleting a person leaves those who reported to them reporting to nobody', async () => {
    const { id: firmId } = await t.call('firms.create', { name: 'Alfa', kinds: ['customer'] });
    const { id: boss } = await t.call('people.create', { firmId, lastName: 'Šéf' });
    const { id: a } = await t.call('people.create', { firmId, lastName: 'A', reportsToId: boss });
    const { id: b } = await t.call('people.create', { firmId, lastName: 'B', reportsToId: a });
    await t.call('people.delete', { id: boss });
    expect(reportsTo(a)).toBeNull();
    expect(reportsTo(b)).toBe(a);
    const card = await t.call('firms.get', { id: firmId });
    expect(card.people.map((p) => [p.lastName, p.reportsToId])).toEqual([['A', null], ['B', a]]);
  });
});

describe('people: stored salutation and addressee (issue 6)', () => {
  it('stores them trimmed, returns them on the card, and clears them back to the rule', async () => {
    const { id: firmId } = await t.call('firms.create', { name: 'Alfa', kinds: ['customer'] });
    const { id: plain } = await t.call('people.create', { firmId, firstName: 'Jan', lastName: 'Novák' });
    const { id } = await t.call('people.create', { firmId, titleBefore: 'Ing.', firstName: 'Petr', lastName: 'Dvořák', gender: 'male',
      salutation: '  Vážený pane řediteli ', addressee: 'Ing. Petr Dvořák, ředitel' });
    const card = async () => Object.fromEntries((await t.call('firms.get', { id: firmId })).people.map((p) => [p.id, [p.salutation, p.addressee]]));
    expect(await card()).toEqual({ [plain]: ['', ''], [id]: ['Vážený pane řediteli', 'Ing. Petr Dvořák, ředitel'] });
    expect(await t.fail('people.update', { id, firmId, lastName: 'Dvořák', salutation: 'x'.repeat(201) }))
      .toMatchObject({ code: 'validation', field: 'salutation' });
    await t.call('people.update', { id, firmId, titleBefore: 'Ing.', firstName: 'Petr', lastName: 'Dvořák', gender: 'male' });
    expect((await card())[id]).toEqual(['', '']);
  });
});
