import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestCore, type TestCore } from '../test-helpers.ts';
import type { FirmInput } from '../../../shared/contract.ts';
import type { DuplicatePair } from '../../../shared/types.ts';
import { scanFirmDuplicates } from './scan.ts';

let t: TestCore;
beforeEach(async () => { t = await openTestCore(); });
afterEach(async () => { await t.close(); });

/** A valid IČO from seven digits (the eighth is the mod-11 check digit). */
function ico(seven: string): string {
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += Number(seven[i]) * (8 - i);
  return seven + ((11 - (sum % 11)) % 10);
}

async function firm(name: string, extra: Partial<FirmInput> & { city?: string; emails?: string[]; phones?: string[] } = {}): Promise<string> {
  const { city, emails = [], phones = [], ...rest } = extra;
  return (await t.call('firms.create', {
    name, kinds: ['customer'],
    addresses: city ? [{ kind: 'registered', city }] : [],
    channels: [...emails.map((value) => ({ kind: 'email' as const, value })), ...phones.map((value) => ({ kind: 'phone' as const, value }))],
    ...rest,
  })).id;
}

const pairOf = (pairs: DuplicatePair[], x: string, y: string) =>
  pairs.find((p) => (p.a.id === x && p.b.id === y) || (p.a.id === y && p.b.id === x));

describe('duplicates.scan (firms)', () => {
  it('finds one firm written two ways, shared IČO, e-mail and phone; never pairs firms for sharing a city', async () => {
    const novak1 = await firm('Novák s.r.o.', { city: 'Praha' });
    const novak2 = await firm('NOVAK, s. r. o.', { city: 'Brno' });
    const byIco1 = await firm('Pekárna U Mostu s.r.o.', { ico: ico('2559664'), city: 'Praha' });
    const byIco2 = await firm('Zlatý klas a.s.', { ico: ico('2559664') });
    const mail1 = await firm('Alfa', { emails: ['Info@Alfa-Beta.cz'], city: 'Praha' });
    const mail2 = await firm('Beta', { emails: ['info@alfa-beta.cz'] });
    const tel1 = await firm('Gama Servis', { phones: ['+420 603 111 222'], city: 'Praha' });
    const tel2 = await firm('Delta Stavby', { phones: ['603111222'] });
    // Unrelated firms of one city, with unrelated names.
    const other1 = await firm('Elektro Kučera s.r.o.', { city: 'Praha', phones: ['+420 222 333 444'] });
    const other2 = await firm('Truhlářství Malý', { city: 'Praha', phones: ['+420 222 333 445'] });

    const scan = await t.call('duplicates.scan', { entity: 'firm' });
    expect(scan.scanned).toBe(10);
    expect(scan.ms).toBeGreaterThanOrEqual(0);
    expect(pairOf(scan.pairs, novak1, novak2)).toMatchObject({ entity: 'firm', reasons: ['name'], score: 40 });
    expect(pairOf(scan.pairs, novak1, novak2)!.a).toEqual({ id: novak1, name: 'Novák s.r.o.', detail: 'Praha', country: 'CZ', ico: null, isLead: false });
    expect(pairOf(scan.pairs, byIco1, byIco2)).toMatchObject({ reasons: ['ico'], score: 100 });
    expect(pairOf(scan.pairs, byIco1, byIco2)!.a).toMatchObject({ detail: 'Praha', ico: ico('2559664') });
    expect(pairOf(scan.pairs, mail1, mail2)).toMatchObject({ reasons: ['email'], score: 60 });
    expect(pairOf(scan.pairs, tel1, tel2)).toMatchObject({ reasons: ['phone'], score: 50 });
    expect(pairOf(scan.pairs, other1, other2)).toBeUndefined();
    // Nothing else: the Praha firms are not paired with each other.
    expect(scan.pairs).toHaveLength(4);
    // Best first.
    expect(scan.pairs.map((p) => p.score)).toEqual([100, 60, 50, 40]);
  });

  it('sums the reasons of one pair and orders by score, then name', async () => {
    const a = await firm('Kovács Kft.', { emails: ['iroda@kovacs.hu'] });
    const b = await firm('Kovacs KFT', { emails: ['iroda@kovacs.hu'] });
    const c = await firm('Zeta s.r.o.');
    const d = await firm('ZETA a.s.');
    const e = await firm('Beta s.r.o.');
    const f = await firm('BETA');
    const scan = await t.call('duplicates.scan', { entity: 'firm' });
    expect(scan.pairs.map((p) => [p.a.id, p.b.id, p.reasons, p.score])).toEqual([
      [a, b, ['email', 'name'], 100],
      [e, f, ['name'], 40],
      [c, d, ['name'], 40],
    ]);
    const limited = await t.call('duplicates.scan', { entity: 'firm', limit: 2 });
    expect(limited.pairs.map((p) => p.a.id)).toEqual([a, e]);
  });

  it('finds similar spellings and swapped words, but not short names one letter apart', async () => {
    const d1 = await firm('Dvořák Trading s.r.o.');
    const d2 = await firm('Dvorak Tradng');
    const s1 = await firm('Stavby Horák');
    const s2 = await firm('Horák Stavby a.s.');
    await firm('Alfa');
    await firm('Alba');
    const scan = await t.call('duplicates.scan', { entity: 'firm' });
    expect(pairOf(scan.pairs, d1, d2)).toMatchObject({ reasons: ['similar_name'], score: 25 });
    expect(pairOf(scan.pairs, s1, s2)).toMatchObject({ reasons: ['similar_name'], score: 25 });
    expect(scan.pairs).toHaveLength(2);
  });

  it('finds a typo in the first letters too (the last letters form a block of their own)', async () => {
    const a = await firm('Stavební firma Dvořák');
    const b = await firm('Stvaební firma Dvořák');
    const scan = await t.call('duplicates.scan', { entity: 'firm' });
    expect(pairOf(scan.pairs, a, b)?.reasons).toEqual(['similar_name']);
  });

  it('includes leads, marked as such, and skips deleted and merged firms', async () => {
    const firmId = await firm('Ромашка ООО', { city: 'Москва' });
    const { id: leadId } = await t.call('leads.create', { company: 'ООО «Ромашка»', email: 'info@romashka.ru' });
    const gone = await firm('АО Ромашка');
    await firm('ООО Ромашка');
    await t.call('firms.delete', { id: gone });
    const third = (await t.call('duplicates.scan', { entity: 'firm' })).pairs;
    const pair = pairOf(third, firmId, leadId)!;
    expect(pair.reasons).toEqual(['name']);
    expect(pair.b).toEqual({ id: leadId, name: 'ООО «Ромашка»', detail: '', country: 'CZ', ico: null, isLead: true });
    expect(pair.a.isLead).toBe(false);
    expect(pair.a.detail).toBe('Москва');
    expect(third.some((p) => p.a.id === gone || p.b.id === gone)).toBe(false);
  });

  it('a dismissed pair disappears (whichever way round it was dismissed); others stay', async () => {
    const a = await firm('Novák s.r.o.');
    const b = await firm('Novák a.s.');
    const c = await firm('NOVÁK');
    expect((await t.call('duplicates.scan', { entity: 'firm' })).pairs).toHaveLength(3);
    const { id } = await t.call('duplicates.dismiss', { entity: 'firm', aId: b, bId: a });
    const again = await t.call('duplicates.dismiss', { entity: 'firm', aId: a, bId: b });
    expect(again.id).toBe(id);
    const row = t.open.sqlite.prepare('SELECT a_id, b_id FROM duplicate_dismissals').get() as { a_id: string; b_id: string };
    expect(row.a_id < row.b_id).toBe(true);
    const pairs = (await t.call('duplicates.scan', { entity: 'firm' })).pairs;
    expect(pairs).toHaveLength(2);
    expect(pairOf(pairs, a, b)).toBeUndefined();
    expect(pairOf(pairs, a, c)).toBeDefined();
    // Dismissing a person pair does not hide the firm pair of the same ids.
    expect((await t.fail('duplicates.dismiss', { entity: 'firm', aId: a, bId: a })).messageKey).toBe('errors.merge_same');
    expect((await t.fail('duplicates.dismiss', { entity: 'person', aId: a, bId: c })).field).toBe('aId');
  });

  it('the benchmark entry point returns the same as the channel', async () => {
    await firm('Novák s.r.o.');
    await firm('NOVAK, s. r. o.');
    const direct = await scanFirmDuplicates(t.open.db, { limit: 10 });
    const viaChannel = await t.call('duplicates.scan', { entity: 'firm', limit: 10 });
    expect(direct.pairs).toEqual(viaChannel.pairs);
  });
});

describe('duplicates.scan (people)', () => {
  it('pairs the same e-mail anywhere and the same name within a firm — not namesakes of different firms', async () => {
    const f1 = await firm('Alfa s.r.o.');
    const f2 = await firm('Beta a.s.');
    const person = async (firmId: string, firstName: string, lastName: string, emails: string[] = [], phones: string[] = []) =>
      (await t.call('people.create', {
        firmId, firstName, lastName,
        channels: [...emails.map((value) => ({ kind: 'email' as const, value })), ...phones.map((value) => ({ kind: 'phone' as const, value }))],
      })).id;
    const jan1 = await person(f1, 'Jan', 'Novák');
    const jan2 = await person(f2, 'Jan', 'Novák');
    const jan3 = await person(f1, 'JAN', 'NOVAK');
    const eva1 = await person(f1, 'Eva', 'Malá', ['eva@example.cz']);
    const eva2 = await person(f2, 'Eva', 'Velká', ['EVA@example.cz']);
    const tel1 = await person(f1, 'Petr', 'Dlouhý', [], ['+420 777 000 111']);
    const tel2 = await person(f1, 'Pavel', 'Krátký', [], ['777 000 111']);
    const dead = await person(f2, 'Petr', 'Mrtvý', [], ['777000111']);
    await t.call('people.delete', { id: dead });

    const scan = await t.call('duplicates.scan', { entity: 'person' });
    expect(scan.scanned).toBe(7);
    expect(pairOf(scan.pairs, jan1, jan3)).toMatchObject({ entity: 'person', reasons: ['name'] });
    expect(pairOf(scan.pairs, jan1, jan3)!.a.detail).toBe('Alfa s.r.o.');
    expect(pairOf(scan.pairs, jan1, jan2)).toBeUndefined();
    expect(pairOf(scan.pairs, jan2, jan3)).toBeUndefined();
    const eva = pairOf(scan.pairs, eva1, eva2)!;
    expect(eva.reasons).toEqual(['email']);
    expect([eva.a.detail, eva.b.detail]).toEqual(['Alfa s.r.o.', 'Beta a.s.']);
    expect(pairOf(scan.pairs, tel1, tel2)?.reasons).toEqual(['phone']);
    expect(scan.pairs).toHaveLength(3);

    await t.call('duplicates.dismiss', { entity: 'person', aId: eva1, bId: eva2 });
    expect((await t.call('duplicates.scan', { entity: 'person' })).pairs).toHaveLength(2);
  });
});

describe('firms.matches (the create-form warning)', () => {
  it('finds firms and leads by IČO, e-mail, phone, name and similar name; best first', async () => {
    const byIco = await firm('Pekárna U Mostu s.r.o.', { ico: ico('2559664'), city: 'Hořice' });
    const byMail = await firm('Alfa s.r.o.', { emails: ['obchod@alfa.cz'] });
    const byPhone = await firm('Gama Servis', { phones: ['+420 603 111 222'] });
    const byName = await firm('NOVAK, s. r. o.', { city: 'Brno' });
    const similar = await firm('Novakk s.r.o.');
    const { id: lead } = await t.call('leads.create', { company: 'Novák spol. s r.o.', phone: '603 111 222' });
    await firm('Stavby Nováček');

    const matches = await t.call('firms.matches', {
      name: 'Novák s.r.o.', ico: ico('2559664'), emails: ['OBCHOD@alfa.cz'], phones: ['603111222'],
    });
    expect(matches.map((m) => [m.id, m.reasons])).toEqual([
      [byIco, ['ico']],
      [lead, ['phone', 'name']],
      [byMail, ['email']],
      [byPhone, ['phone']],
      [byName, ['name']],
      [similar, ['similar_name']],
    ]);
    expect(matches[0]).toMatchObject({ name: 'Pekárna U Mostu s.r.o.', ico: ico('2559664'), city: 'Hořice', isLead: false });
    expect(matches[1]).toMatchObject({ isLead: true, city: null });

    // The firm being edited is not its own duplicate.
    const self = await t.call('firms.matches', { name: 'NOVAK s.r.o.', excludeId: byName });
    expect(self.map((m) => m.id)).toEqual([lead, similar]);
    expect(await t.call('firms.matches', { name: '' })).toEqual([]);
  });

  it('an IČO typed with spaces or without leading zeros still matches; at most ten results', async () => {
    const id = await firm('Stará firma', { ico: ico('0012345') });
    const matches = await t.call('firms.matches', { ico: ` ${ico('0012345').slice(2, 5)} ${ico('0012345').slice(5)}` });
    expect(matches.map((m) => m.id)).toEqual([id]);
    for (let i = 0; i < 12; i++) await firm(`Agroservis ${i % 2 ? 's.r.o.' : 'a.s.'}`, { emails: [`x${i}@agro.cz`] });
    expect(await t.call('firms.matches', { name: 'AGROSERVIS' })).toHaveLength(10);
  });

  it('ignores deleted firms, merged firms and deleted people\'s channels', async () => {
    const a = await firm('Alfa', { emails: ['a@alfa.cz'] });
    const b = await firm('Beta');
    const p = (await t.call('people.create', { firmId: b, lastName: 'Bývalý', channels: [{ kind: 'email', value: 'petr@alfa.cz' }] })).id;
    expect((await t.call('firms.matches', { emails: ['petr@alfa.cz'] })).map((m) => m.id)).toEqual([b]);
    await t.call('people.delete', { id: p });
    expect(await t.call('firms.matches', { emails: ['petr@alfa.cz'] })).toEqual([]);
    await t.call('firms.delete', { id: a });
    expect(await t.call('firms.matches', { emails: ['a@alfa.cz'], name: 'Alfa' })).toEqual([]);
  });
});
