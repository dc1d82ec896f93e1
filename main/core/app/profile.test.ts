// First start: a laptop's user begins with the OS account's name ("root"), which letters would
// sign with. The app asks once for the real name and e-mail (phone, position optional), stores
// them in the local user's row, and letters then sign with them.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestCore, type TestCore } from '../test-helpers.ts';
import { openDatabase, closeDatabase } from '../db/open.ts';
import { createCore } from '../dispatcher.ts';
import { osUserName } from './profile.ts';

const open: TestCore[] = [];
afterEach(async () => { for (const t of open.splice(0)) await t.close(); });

/** A fresh database whose local user got the OS's name, as on a real first start. */
async function firstStart(): Promise<TestCore> {
  const t = await openTestCore({ localUserName: undefined });
  open.push(t);
  return t;
}

const PROFILE = { name: 'Jana Dvořáková', email: 'jana.dvorakova@kancelar.cz', phone: '+420 603 123 456', position: 'obchodní zástupkyně' };

/** A letter to a firm with an address, from a template naming the sender's merge fields. */
async function letter(t: TestCore): Promise<string> {
  const firmId = (await t.call('firms.create', {
    name: 'Pekárna Dvořák s.r.o.', kinds: ['customer'],
    addresses: [{ kind: 'registered', street: 'Husova', number: '15', city: 'Hořice', postalCode: '50801' }],
  })).id;
  const doc = await t.call('print.letters', {
    template: { name: 'Nabídka', body: 'Volejte mi: {{userPhone}}, {{userEmail}}. {{senderName}}, {{userPosition}}.' },
    target: { from: 'firm', firmId }, date: '2026-12-07',
  });
  return doc.html;
}

const signature = (html: string) => /<div class="signature">(.*?)<\/div>/.exec(html)?.[1] ?? null;

describe('the first-start profile', () => {
  it('is asked while the local user has the OS name; saved, letters sign with it, and it is not asked again', async () => {
    const t = await firstStart();
    const me = (await t.call('users.list', {})).find((u) => u.isLocal)!;
    expect(me.name).toBe(osUserName());
    expect((await t.call('app.info', {})).askProfile).toBe(true);
    // Before: a letter signs with the OS account's name — what the question is for.
    expect(signature(await letter(t))).toBe(osUserName());

    expect(await t.call('app.saveProfile', PROFILE)).toEqual({ id: me.id, ...PROFILE, isLocal: true });
    expect((await t.call('app.info', {})).askProfile).toBe(false);
    expect((await t.call('users.list', {})).find((u) => u.isLocal)).toMatchObject(PROFILE);
    const html = await letter(t);
    expect(signature(html)).toBe('Jana Dvořáková<br>obchodní zástupkyně');
    expect(html).toContain('Volejte mi: +420 603 123 456, jana.dvorakova@kancelar.cz. Jana Dvořáková, obchodní zástupkyně.');

    // The answer survives a restart of the app.
    await closeDatabase(t.open);
    const again = await openDatabase(t.file);
    try {
      const env = (await createCore(again).dispatch('app.info', {})).envelope;
      expect(env.ok && (env.value as { askProfile: boolean }).askProfile).toBe(false);
    } finally {
      await closeDatabase(again);
      fs.rmSync(t.dir, { recursive: true, force: true });
      open.splice(open.indexOf(t), 1);
    }
  });

  it('"later" is not asked again either, and leaves the name as it was', async () => {
    const t = await firstStart();
    await t.call('app.dismissProfile', {});
    expect((await t.call('app.info', {})).askProfile).toBe(false);
    expect((await t.call('users.list', {})).find((u) => u.isLocal)!.name).toBe(osUserName());
  });

  it('is not asked of a user who already has a real name', async () => {
    const t = await openTestCore(); // created as "Eva Testová"
    open.push(t);
    expect((await t.call('app.info', {})).askProfile).toBe(false);
  });

  it('an office letterhead that names its signer keeps signing with that name', async () => {
    const t = await firstStart();
    await t.call('app.saveProfile', PROFILE);
    await t.call('letterhead.save', { companyName: 'Kancelář s.r.o.', signatureName: 'Ing. Karel Ředitel', signatureTitle: 'jednatel' });
    const html = await letter(t);
    expect(signature(html)).toBe('Ing. Karel Ředitel<br>jednatel');
    expect(html).toContain('Ing. Karel Ředitel, obchodní zástupkyně.'); // {{senderName}} is the signer, {{userPosition}} mine
  });

  it('a letterhead signed with the OS name (as the demo data does) follows the new name', async () => {
    const t = await firstStart();
    await t.call('letterhead.save', { companyName: 'Kancelář s.r.o.', signatureName: osUserName() });
    await t.call('app.saveProfile', PROFILE);
    expect(await t.call('letterhead.get', {})).toMatchObject({ signatureName: 'Jana Dvořáková', signatureTitle: 'obchodní zástupkyně' });
    expect(signature(await letter(t))).toBe('Jana Dvořáková<br>obchodní zástupkyně');
  });

  it('refuses an empty name, a bad e-mail or phone at their fields, and changes nothing', async () => {
    const t = await firstStart();
    expect(await t.fail('app.saveProfile', { ...PROFILE, name: '  ' })).toMatchObject({ code: 'validation', field: 'name', messageKey: 'errors.required' });
    expect(await t.fail('app.saveProfile', { ...PROFILE, email: 'jana@' })).toMatchObject({ field: 'email', messageKey: 'errors.email' });
    expect(await t.fail('app.saveProfile', { ...PROFILE, phone: 'zavolejte' })).toMatchObject({ field: 'phone', messageKey: 'errors.phone' });
    expect((await t.call('app.info', {})).askProfile).toBe(true);
    expect((await t.call('users.list', {})).find((u) => u.isLocal)!.name).toBe(osUserName());
  });
});
