// The office's code lists: add, rename (a built-in's own name wins over its translation), put in
// order, retire — a retired entry is refused for new records, kept by the records that hold it,
// and still works in filters.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestCore, codeId, type TestCore } from '../test-helpers.ts';

let t: TestCore;
let me: string;
let firmId: string;
const T0 = Date.UTC(2026, 2, 2, 9, 0);
beforeEach(async () => {
  t = await openTestCore({ now: () => T0 });
  me = t.open.localUserId;
  firmId = (await t.call('firms.create', { name: 'Pekárna Novák', kinds: ['customer'] })).id;
});
afterEach(async () => { await t.close(); });

const kinds = async () => (await t.call('codes.list', { list: 'contact_kind' })).map((c) => c.label ?? c.code);

describe('codes: adding and renaming', () => {
  it('adds an office’s own contact kinds at the end of the list, in the order added', async () => {
    for (const label of ['nákup', 'reklamace', 'seminář']) {
      expect(await t.call('codes.add', { list: 'contact_kind', label, locale: 'cs' }))
        .toMatchObject({ list: 'contact_kind', label, builtIn: false, retired: false });
    }
    expect(await kinds()).toEqual(['call', 'meeting', 'letter', 'email', 'event', 'task', 'nákup', 'reklamace', 'seminář']);
    // Industries are a list of their own, empty on a new database.
    expect(await t.call('codes.list', { list: 'industry' })).toEqual([]);
  });

  it('refuses an empty name and one the list already has — a built-in’s translated name too', async () => {
    await t.call('codes.add', { list: 'contact_kind', label: 'Seminář', locale: 'cs' });
    expect(await t.fail('codes.add', { list: 'contact_kind', label: '   ', locale: 'cs' }))
      .toMatchObject({ code: 'validation', field: 'label', messageKey: 'errors.required' });
    expect(await t.fail('codes.add', { list: 'contact_kind', label: ' seminář', locale: 'cs' }))
      .toMatchObject({ code: 'validation', field: 'label', messageKey: 'errors.code_duplicate', params: { name: 'Seminář' } });
    // "Telefonát" is the built-in call in Czech — but not in English, where it is "Call".
    expect(await t.fail('codes.add', { list: 'contact_kind', label: 'telefonát', locale: 'cs' }))
      .toMatchObject({ field: 'label', messageKey: 'errors.code_duplicate', params: { name: 'Telefonát' } });
    expect(await t.fail('codes.add', { list: 'contact_kind', label: 'CALL', locale: 'en' })).toMatchObject({ messageKey: 'errors.code_duplicate' });
    await t.call('codes.add', { list: 'contact_kind', label: 'Telefonát', locale: 'en' });
    // Diacritics make another word ("Seminar" is not "Seminář"); other lists may repeat a name.
    await t.call('codes.add', { list: 'contact_kind', label: 'Seminar', locale: 'cs' });
    await t.call('codes.add', { list: 'lost_reason', label: 'Seminář', locale: 'cs' });
    expect(await t.fail('codes.add', { list: 'nope', label: 'x' })).toMatchObject({ field: 'list', messageKey: 'errors.invalid' });
  });

  it('renames an entry; a built-in keeps the user’s name over its translation until given it back', async () => {
    const purchase = (await t.call('codes.add', { list: 'contact_kind', label: 'nákup', locale: 'cs' })).id;
    expect(await t.call('codes.rename', { id: purchase, label: 'Nákup', locale: 'cs' })).toMatchObject({ id: purchase, label: 'Nákup' });
    const call = codeId(t, 'contact_kind', 'call');
    expect(await t.call('codes.rename', { id: call, label: 'Hovor', locale: 'cs' })).toMatchObject({ id: call, code: 'call', label: 'Hovor', builtIn: true });
    expect((await t.call('codes.list', { list: 'contact_kind' })).find((c) => c.id === call)!.label).toBe('Hovor');
    // The old translated name is free now.
    await t.call('codes.add', { list: 'contact_kind', label: 'Telefonát', locale: 'cs' });
    // …so the translation cannot come back while another entry has that name.
    expect(await t.fail('codes.rename', { id: call, label: null, locale: 'cs' })).toMatchObject({ field: 'label', messageKey: 'errors.code_duplicate' });
    expect(await t.call('codes.rename', { id: call, label: null, locale: 'en' })).toMatchObject({ label: null });
    // A user's entry has no translation to fall back on.
    expect(await t.fail('codes.rename', { id: purchase, label: null })).toMatchObject({ field: 'label', messageKey: 'errors.required' });
    expect(await t.fail('codes.rename', { id: purchase, label: 'telefonát ', locale: 'cs' })).toMatchObject({ messageKey: 'errors.code_duplicate' });
    expect(await t.fail('codes.rename', { id: purchase, label: 'Schůzka', locale: 'cs' })).toMatchObject({ messageKey: 'errors.code_duplicate', params: { name: 'Schůzka' } });
    expect(await t.fail('codes.rename', { id: '00000000-0000-7000-8000-0000000fffff', label: 'X' })).toMatchObject({ code: 'not_found' });
  });
});

describe('codes: order', () => {
  it('puts a list in a new order — all of its entries, each once', async () => {
    const ids = (await t.call('codes.list', { list: 'firm_source' })).map((c) => c.id);
    const reversed = [...ids].reverse();
    expect(await t.call('codes.reorder', { list: 'firm_source', ids: reversed })).toEqual({ count: ids.length });
    expect((await t.call('codes.list', { list: 'firm_source' })).map((c) => c.id)).toEqual(reversed);
    // Stale or partial orders are refused, not half applied.
    for (const bad of [reversed.slice(1), [...reversed, reversed[0]!], [codeId(t, 'contact_kind', 'call'), ...reversed.slice(1)]]) {
      expect(await t.fail('codes.reorder', { list: 'firm_source', ids: bad })).toMatchObject({ field: 'ids', messageKey: 'errors.code_order' });
    }
    expect((await t.call('codes.list', { list: 'firm_source' })).map((c) => c.id)).toEqual(reversed);
    // A new entry goes last.
    const extra = (await t.call('codes.add', { list: 'firm_source', label: 'LinkedIn' })).id;
    expect((await t.call('codes.list', { list: 'firm_source' })).map((c) => c.id)).toEqual([...reversed, extra]);
  });
});

describe('codes: retiring', () => {
  it('refuses a retired entry for new records, keeps it on the records that hold it, and brings it back', async () => {
    const seminar = (await t.call('codes.add', { list: 'contact_kind', label: 'seminář' })).id;
    const contact = { firmId, at: T0, kindId: seminar, referentId: me, summary: 'Seminář o kvasu' };
    const { id } = await t.call('contacts.create', contact);
    expect(await t.call('codes.retire', { id: seminar, retired: true })).toMatchObject({ id: seminar, retired: true });
    // Still listed (old records name it), flagged.
    expect((await t.call('codes.list', { list: 'contact_kind' })).find((c) => c.id === seminar)).toMatchObject({ retired: true });
    expect(await t.fail('contacts.create', contact)).toMatchObject({ code: 'validation', field: 'kindId', messageKey: 'errors.code_retired' });
    // The contact that has it keeps it through an edit…
    await t.call('contacts.update', { ...contact, id, summary: 'Seminář o kvasu (2 h)' });
    // …but cannot switch to another retired one.
    const webinar = (await t.call('codes.add', { list: 'contact_kind', label: 'webinář' })).id;
    await t.call('codes.retire', { id: webinar, retired: true });
    expect(await t.fail('contacts.update', { ...contact, id, kindId: webinar })).toMatchObject({ field: 'kindId', messageKey: 'errors.code_retired' });
    expect(await t.fail('contacts.create', { ...contact, kindId: codeId(t, 'contact_kind', 'call'), next: { at: T0 + 1, task: 'x', referentId: me, kindId: seminar } }))
      .toMatchObject({ field: 'next.kindId', messageKey: 'errors.code_retired' });
    expect(await t.call('codes.retire', { id: seminar, retired: false })).toMatchObject({ retired: false });
    await t.call('contacts.create', contact);
  });

  it('applies to every list that records pick from: results, roles, sources, industries, lost reasons', async () => {
    const retire = async (list: Parameters<typeof codeId>[1], code: string) => {
      const cid = codeId(t, list, code);
      await t.call('codes.retire', { id: cid, retired: true });
      return cid;
    };
    const noAnswer = await retire('contact_result', 'no_answer');
    expect(await t.fail('contacts.create', { firmId, at: T0, kindId: codeId(t, 'contact_kind', 'call'), referentId: me, summary: 'x', resultId: noAnswer }))
      .toMatchObject({ field: 'resultId', messageKey: 'errors.code_retired' });
    const gatekeeper = await retire('person_role', 'gatekeeper');
    expect(await t.fail('people.create', { firmId, lastName: 'Nová', roleId: gatekeeper })).toMatchObject({ field: 'roleId', messageKey: 'errors.code_retired' });
    const fair = await retire('firm_source', 'fair');
    expect(await t.fail('firms.create', { name: 'X', kinds: ['customer'], sourceId: fair })).toMatchObject({ field: 'sourceId', messageKey: 'errors.code_retired' });
    expect(await t.fail('leads.create', { company: 'X', phone: '777 111 222', sourceId: fair })).toMatchObject({ field: 'sourceId', messageKey: 'errors.code_retired' });
    const bakery = (await t.call('codes.add', { list: 'industry', label: 'Pekařství' })).id;
    await t.call('firms.update', { id: firmId, name: 'Pekárna Novák', kinds: ['customer'], industryId: bakery, sourceId: null });
    expect((await t.call('firms.get', { id: firmId })).firm.industryId).toBe(bakery);
    await t.call('codes.retire', { id: bakery, retired: true });
    expect(await t.fail('firms.create', { name: 'Y', kinds: ['customer'], industryId: bakery })).toMatchObject({ field: 'industryId', messageKey: 'errors.code_retired' });
    await t.call('firms.update', { id: firmId, name: 'Pekárna Novák a.s.', kinds: ['customer'], industryId: bakery });
    // An entry of another list is no industry at all.
    expect(await t.fail('firms.create', { name: 'Z', kinds: ['customer'], industryId: fair })).toMatchObject({ field: 'industryId', messageKey: 'errors.unknown_ref' });
    const price = await retire('lost_reason', 'price');
    const stage = (await t.call('stages.list', {})).find((s) => s.outcome === 'open')!.id;
    const opp = (await t.call('opportunities.create', { firmId, title: 'Pece', stageId: stage, currency: 'CZK', ownerId: me })).id;
    expect(await t.fail('opportunities.close', { id: opp, outcome: 'lost', reasonId: price })).toMatchObject({ field: 'reasonId', messageKey: 'errors.code_retired' });
  });

  it('a retired kind still counts in selections, and in contact rules', async () => {
    const seminar = (await t.call('codes.add', { list: 'contact_kind', label: 'seminář' })).id;
    await t.call('contacts.create', { firmId, at: T0 - 86_400_000, kindId: seminar, referentId: me, summary: 'Seminář' });
    await t.call('codes.retire', { id: seminar, retired: true });
    const where = { op: 'and' as const, items: [{ on: 'lastContact' as const, op: 'after' as const, date: '2026-01-01', kindIds: [seminar] }] };
    expect((await t.call('selections.count', { where })).rows).toBe(1);
    const segmentId = (await t.call('segments.create', { kind: 'category', name: 'A' })).id;
    await t.call('rules.create', { segmentId, days: 30, kindIds: [seminar] });
  });
});
