import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestCore, codeId, type TestCore } from '../test-helpers.ts';

let t: TestCore;
let firmId: string;
let personId: string;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 20, 9, 30);

beforeEach(async () => {
  t = await openTestCore();
  firmId = (await t.call('firms.create', { name: 'Pokorný a.s.', kinds: ['customer'] })).id;
  personId = (await t.call('people.create', { firmId, titleBefore: 'Ing.', firstName: 'Petr', lastName: 'Pokorný', isMain: true })).id;
});
afterEach(async () => { await t.close(); });

const call = (extra: Record<string, unknown> = {}) => ({
  firmId, personId, at: T0, kindId: codeId(t, 'contact_kind', 'call'), referentId: t.open.localUserId,
  resultId: codeId(t, 'contact_result', 'follow_up'), summary: 'Called about the spring order', ...extra,
});

describe('contacts', () => {
  it('logs a contact with a next contact, which becomes a planned contact in timeline and agenda', async () => {
    const { id, nextId } = await t.call('contacts.create', {
      ...call(), note: 'Wants a price list first.',
      next: { at: T0 + 3 * DAY, task: 'Send the price list and call back', referentId: t.open.localUserId },
    });
    expect(nextId).toBeTruthy();
    const timeline = await t.call('contacts.list', { firmId });
    expect(timeline.map((c) => [c.status, c.summary])).toEqual([
      ['planned', 'Send the price list and call back'],
      ['done', 'Called about the spring order'],
    ]);
    expect(timeline[0]).toMatchObject({ followsId: id, personId, personName: 'Ing. Petr Pokorný', kindId: codeId(t, 'contact_kind', 'call'), firmName: 'Pokorný a.s.' });
    expect(timeline[1]).toMatchObject({ note: 'Wants a price list first.', referentName: 'Eva Testová' });
    const agenda = await t.call('agenda.list', { scope: 'mine' });
    expect(agenda.map((c) => c.id)).toEqual([nextId]);
  });

  it('orders the timeline: planned on top soonest first, then history newest first', async () => {
    await t.call('contacts.create', call({ at: T0 - 2 * DAY, summary: 'old' }));
    await t.call('contacts.create', call({ at: T0, summary: 'new' }));
    await t.call('contacts.create', call({ at: T0 + 9 * DAY, status: 'planned', summary: 'later' }));
    await t.call('contacts.create', call({ at: T0 + 1 * DAY, status: 'planned', summary: 'soon' }));
    expect((await t.call('contacts.list', { firmId })).map((c) => c.summary)).toEqual(['soon', 'later', 'new', 'old']);
    expect((await t.call('contacts.list', { personId })).length).toBe(4);
  });

  it('agenda: mine versus everyone, and calendar days in the user\'s time zone', async () => {
    const now = Date.now();
    const colleague = t.open.sqlite.prepare(`INSERT INTO users (id, name, is_local, created_at, updated_at) VALUES ('01900000-0000-7000-8000-00000000c0de', 'Kolega', 0, ?, ?) RETURNING id`).get(now, now) as { id: string };
    await t.call('contacts.create', call({ status: 'planned', at: Date.UTC(2026, 11, 1, 23, 30), summary: 'mine' }));
    await t.call('contacts.create', call({ status: 'planned', referentId: colleague.id, summary: 'theirs' }));
    expect((await t.call('agenda.list', { scope: 'mine' })).map((c) => c.summary)).toEqual(['mine']);
    expect((await t.call('agenda.list', { scope: 'all' })).map((c) => c.summary).sort()).toEqual(['mine', 'theirs']);
    // 23:30 UTC on 1 December is already 2 December in Prague (UTC+1).
    expect((await t.call('agenda.list', { scope: 'mine', from: '2026-12-02', to: '2026-12-02', tzOffset: 60 })).length).toBe(1);
    expect((await t.call('agenda.list', { scope: 'mine', from: '2026-12-01', to: '2026-12-01', tzOffset: 60 })).length).toBe(0);
  });

  it('agenda of a colleague (standing in for them): their planned contacts, whatever the scope', async () => {
    const colleague = (await t.call('users.create', { name: 'Zástupce' })).id;
    await t.call('contacts.create', call({ status: 'planned', summary: 'mine' }));
    const { id } = await t.call('contacts.create', call({ status: 'planned', referentId: colleague, summary: 'theirs' }));
    await t.call('contacts.create', call({ status: 'done', referentId: colleague, summary: 'their history' }));
    expect((await t.call('agenda.list', { userId: colleague })).map((c) => c.id)).toEqual([id]);
    expect((await t.call('agenda.list', { scope: 'all', userId: colleague })).map((c) => c.id)).toEqual([id]);
    expect((await t.call('agenda.list', { scope: 'mine', userId: null })).map((c) => c.summary)).toEqual(['mine']);
  });

  it('edits and tombstones a contact', async () => {
    const { id } = await t.call('contacts.create', call());
    await t.call('contacts.update', { ...call({ status: 'done', summary: 'Signed!', resultId: codeId(t, 'contact_result', 'contract_signed') }), id });
    expect((await t.call('contacts.list', { firmId }))[0]).toMatchObject({ id, summary: 'Signed!' });
    await t.call('contacts.delete', { id });
    expect(await t.call('contacts.list', { firmId })).toEqual([]);
    expect(t.count('contacts')).toBe(1);
  });

  it('marks a planned contact done and plans the one after it in one step', async () => {
    const { id } = await t.call('contacts.create', call({ status: 'planned', summary: 'Visit' }));
    const { nextId } = await t.call('contacts.update', {
      ...call({ summary: 'Visited, they want an offer' }), id,
      next: { at: T0 + 7 * DAY, task: 'Send the offer', referentId: t.open.localUserId },
    });
    const timeline = await t.call('contacts.list', { firmId });
    expect(timeline.map((c) => [c.status, c.summary, c.followsId])).toEqual([
      ['planned', 'Send the offer', id], ['done', 'Visited, they want an offer', null],
    ]);
    expect(timeline[0].id).toBe(nextId);
  });

  it('carries the referent\'s reminder of a planned contact (remindAt); done contacts have none', async () => {
    const planned = call({ status: 'planned', at: T0 + DAY, resultId: null, remindAt: T0 + DAY - 900_000 });
    const { id, nextId } = await t.call('contacts.create', {
      ...planned, next: { at: T0 + 5 * DAY, task: 'And then', referentId: t.open.localUserId, remindAt: T0 + 5 * DAY - 900_000 },
    });
    const remindAt = async () => Object.fromEntries((await t.call('contacts.list', { firmId })).map((c) => [c.id, c.remindAt]));
    expect(await remindAt()).toEqual({ [id]: T0 + DAY - 900_000, [nextId!]: T0 + 5 * DAY - 900_000 });
    // Saved without one: removed.
    await t.call('contacts.update', { ...planned, remindAt: null, id });
    expect((await remindAt())[id]).toBeNull();
    await t.call('contacts.update', { ...planned, id });
    // Done: it happened, nothing to remind of.
    await t.call('contacts.update', { ...call(), id });
    expect((await remindAt())[id]).toBeNull();
    expect(t.open.sqlite.prepare('SELECT count(*) AS n FROM reminders WHERE contact_id = ? AND deleted_at IS NULL').get(id)).toEqual({ n: 0 });
    expect(await t.fail('contacts.update', { ...call(), id, remindAt: T0 })).toMatchObject({ field: 'remindAt', messageKey: 'errors.remind_planned_only' });
  });

  it('rejects bad input at the field and writes nothing — also when the second write fails', async () => {
    expect(await t.fail('contacts.create', call({ summary: 'x'.repeat(251) })))
      .toMatchObject({ code: 'validation', field: 'summary', messageKey: 'errors.too_long', params: { max: 250 } });
    expect(await t.fail('contacts.create', call({ summary: '' }))).toMatchObject({ field: 'summary', messageKey: 'errors.required' });
    expect(await t.fail('contacts.create', call({ kindId: codeId(t, 'contact_result', 'no_answer') })))
      .toMatchObject({ field: 'kindId', messageKey: 'errors.unknown_ref' });
    // The done contact is inserted before the next one is checked: the transaction must undo it.
    expect(await t.fail('contacts.create', call({ next: { at: T0, task: 'x', referentId: '01900000-0000-7000-8000-000000000bad' } })))
      .toMatchObject({ field: 'next.referentId', messageKey: 'errors.unknown_ref' });
    expect(t.count('contacts')).toBe(0);
  });

  it('lets users extend the kinds of contact', async () => {
    const code = await t.call('codes.add', { list: 'contact_kind', label: 'Reklamace' });
    expect(code).toMatchObject({ list: 'contact_kind', label: 'Reklamace', builtIn: false });
    await t.call('contacts.create', call({ kindId: code.id }));
    expect((await t.call('codes.list', { list: 'contact_kind' })).map((c) => c.label ?? c.code))
      .toEqual(['call', 'meeting', 'letter', 'email', 'event', 'task', 'Reklamace']);
  });
});

describe('people', () => {
  it('adds and edits people with their channels; one main person per firm', async () => {
    const second = await t.call('people.create', {
      firmId, firstName: 'Jana', lastName: 'Procházková', gender: 'female', jobTitle: 'nákupčí', isMain: true,
      roleId: codeId(t, 'person_role', 'influencer'), channels: [{ kind: 'email', value: 'jana@pokorny.cz' }],
    });
    let card = await t.call('firms.get', { id: firmId });
    expect(card.people.map((p) => [p.lastName, p.isMain])).toEqual([['Procházková', true], ['Pokorný', false]]);
    expect(card.people[0].channels.map((c) => c.value)).toEqual(['jana@pokorny.cz']);
    expect(card.channels).toEqual([]); // a person's channels are not the firm's
    expect((await t.call('firms.list', { q: 'prochazkova', locale: 'cs' })).total).toBe(1);
    expect((await t.call('firms.list', { q: 'jana@pokorny', locale: 'cs' })).total).toBe(1);

    await t.call('people.update', { id: second.id, firmId, firstName: 'Jana', lastName: 'Veselá', isMain: true, channels: [] });
    card = await t.call('firms.get', { id: firmId });
    expect(card.people[0]).toMatchObject({ lastName: 'Veselá', channels: [] });
    expect((await t.call('firms.list', { q: 'prochazkova', locale: 'cs' })).total).toBe(0);
    expect((await t.call('firms.list', { q: 'vesela', locale: 'cs' })).total).toBe(1);

    await t.call('people.delete', { id: second.id });
    expect((await t.call('firms.get', { id: firmId })).people.map((p) => p.lastName)).toEqual(['Pokorný']);
    expect((await t.call('firms.list', { q: 'vesela', locale: 'cs' })).total).toBe(0);
  });

  it('requires a last name and a live firm', async () => {
    expect(await t.fail('people.create', { firmId, firstName: 'Jan' })).toMatchObject({ field: 'lastName', messageKey: 'errors.required' });
    expect(await t.fail('people.create', { firmId: '01900000-0000-7000-8000-000000000000', lastName: 'X' })).toMatchObject({ code: 'not_found', field: 'firmId' });
    expect(t.count('people')).toBe(1);
  });
});
