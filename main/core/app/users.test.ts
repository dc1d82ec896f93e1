import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestCore, type TestCore } from '../test-helpers.ts';

let t: TestCore;
beforeEach(async () => { t = await openTestCore(); });
afterEach(async () => { await t.close(); });

describe('users (colleagues until sync exists)', () => {
  it('adds a colleague with or without an e-mail and lists them by name', async () => {
    const zuzana = await t.call('users.create', { name: 'Zuzana Malá', email: 'zuzana@firma.cz' });
    expect(zuzana).toEqual({ id: expect.any(String), name: 'Zuzana Malá', email: 'zuzana@firma.cz', phone: '', position: '', isLocal: false });
    const adam = await t.call('users.create', { name: '  Adam Řezník ' });
    expect(adam).toMatchObject({ name: 'Adam Řezník', email: null, isLocal: false });
    expect((await t.call('users.list', {})).map((u) => u.name)).toEqual(['Adam Řezník', 'Eva Testová', 'Zuzana Malá']);
  });

  it('renames a colleague; the new name shows wherever they appear', async () => {
    const u = await t.call('users.create', { name: 'Petr Starý' });
    const firmId = (await t.call('firms.create', { name: 'Firma', kinds: ['customer'], ownerId: u.id })).id;
    expect(await t.call('users.update', { id: u.id, name: 'Petr Nový', email: 'petr@firma.cz' }))
      .toEqual({ id: u.id, name: 'Petr Nový', email: 'petr@firma.cz', phone: '', position: '', isLocal: false });
    expect((await t.call('firms.list', {})).rows.find((r) => r.id === firmId)?.ownerName).toBe('Petr Nový');
  });

  it('requires a name and a valid e-mail; an unknown user is not found', async () => {
    expect(await t.fail('users.create', { name: ' ' })).toMatchObject({ code: 'validation', field: 'name', messageKey: 'errors.required' });
    expect(await t.fail('users.create', { name: 'X', email: 'not-an-email' })).toMatchObject({ field: 'email', messageKey: 'errors.email' });
    expect(await t.fail('users.update', { id: '01900000-0000-7000-8000-000000000000', name: 'X' })).toMatchObject({ code: 'not_found' });
    expect(t.count('users')).toBe(1);
  });
});
