import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestCore, codeId, type TestCore } from '../test-helpers.ts';

let t: TestCore;
let me: string;
let bId: string;
let cId: string;
let firmId: string;
let personId: string;
const T0 = Date.UTC(2026, 2, 10, 9, 0);

beforeEach(async () => {
  t = await openTestCore();
  me = t.open.localUserId;
  bId = (await t.call('users.create', { name: 'Bohuslav Kolega' })).id;
  cId = (await t.call('users.create', { name: 'Cecílie Třetí', email: 'cecilie@firma.cz' })).id;
  firmId = (await t.call('firms.create', { name: 'Novák s.r.o.', kinds: ['customer'] })).id;
  personId = (await t.call('people.create', { firmId, firstName: 'Jana', lastName: 'Nováková' })).id;
});
afterEach(async () => { await t.close(); });

const note = (extra: Record<string, unknown> = {}) => ({ firmId, title: 'Rodinná firma', body: 'Syn přebírá vedení.', at: T0, ...extra });

describe('notes: privacy', () => {
  it('never shows a private note to another user — not in notes.list, the timeline or the card counts', async () => {
    const { id } = await t.call('notes.create', note());
    const mine = await t.call('notes.list', { firmId });
    expect(mine).toMatchObject([{ id, visibility: 'private', mine: true, authorName: 'Eva Testová', sharedWith: [] }]);
    expect((await t.call('firms.get', { id: firmId })).counts.notes).toBe(1);

    const b = t.as(bId);
    expect(await b.call('notes.list', { firmId })).toEqual([]);
    expect(await b.call('notes.list', { personId })).toEqual([]);
    const timeline = await b.call('timeline.list', { firmId });
    expect(timeline.items.filter((i) => i.type === 'note')).toEqual([]);
    expect(JSON.stringify(timeline)).not.toContain('Syn přebírá');
    expect((await b.call('firms.get', { id: firmId })).counts.notes).toBe(0);
  });

  it('a note shared with B by name is visible to B but not to C; only the author sees the share list', async () => {
    const { id } = await t.call('notes.create', note({ visibility: 'named', sharedWith: [bId] }));
    expect((await t.call('notes.list', { firmId }))[0]).toMatchObject({ id, sharedWith: [bId], mine: true });

    const seenByB = await t.as(bId).call('notes.list', { firmId });
    expect(seenByB).toMatchObject([{ id, visibility: 'named', mine: false, sharedWith: [] }]);
    expect((await t.as(bId).call('timeline.list', { firmId, types: ['note'] })).items.map((i) => i.id)).toEqual([id]);
    expect((await t.as(bId).call('firms.get', { id: firmId })).counts.notes).toBe(1);

    expect(await t.as(cId).call('notes.list', { firmId })).toEqual([]);
    expect((await t.as(cId).call('timeline.list', { firmId })).items).toEqual([]);
    expect((await t.as(cId).call('firms.get', { id: firmId })).counts.notes).toBe(0);
  });

  it('a note for everyone is visible to all', async () => {
    const { id } = await t.call('notes.create', note({ visibility: 'everyone' }));
    expect((await t.as(cId).call('notes.list', { firmId })).map((n) => n.id)).toEqual([id]);
  });

  it('only the author may change or delete a note (forbidden for others, even ones it is shared with)', async () => {
    const { id } = await t.call('notes.create', note({ visibility: 'named', sharedWith: [bId] }));
    const b = t.as(bId);
    expect(await b.fail('notes.update', { ...note({ title: 'Hacked' }), id })).toEqual({ code: 'forbidden', messageKey: 'errors.note_not_author' });
    expect(await b.fail('notes.delete', { id })).toEqual({ code: 'forbidden', messageKey: 'errors.note_not_author' });
    const { id: priv } = await t.call('notes.create', note({ title: 'Soukromá' }));
    expect(await b.fail('notes.delete', { id: priv })).toMatchObject({ code: 'forbidden' });
    expect((await t.call('notes.list', { firmId })).map((n) => n.title).sort()).toEqual(['Rodinná firma', 'Soukromá']);
  });

  it('changing the share list moves the note between colleagues; un-sharing and re-sharing works', async () => {
    const { id } = await t.call('notes.create', note({ visibility: 'named', sharedWith: [bId] }));
    await t.call('notes.update', { ...note({ visibility: 'named', sharedWith: [cId] }), id });
    expect(await t.as(bId).call('notes.list', { firmId })).toEqual([]);
    expect((await t.as(cId).call('notes.list', { firmId })).length).toBe(1);
    await t.call('notes.update', { ...note({ visibility: 'private' }), id });
    expect(await t.as(cId).call('notes.list', { firmId })).toEqual([]);
    expect((await t.call('notes.list', { firmId }))[0]!.sharedWith).toEqual([]);
    // Back to B: the old (tombstoned) share row is revived, not duplicated.
    await t.call('notes.update', { ...note({ visibility: 'named', sharedWith: [bId, cId] }), id });
    expect((await t.as(bId).call('notes.list', { firmId })).length).toBe(1);
    expect((await t.call('notes.list', { firmId }))[0]!.sharedWith.sort()).toEqual([bId, cId].sort());
    expect(t.count('note_shares')).toBe(2);
  });
});

describe('notes: links and validation', () => {
  it('links a note to a person or a contact of the same firm and filters by them', async () => {
    const contactId = (await t.call('contacts.create', {
      firmId, personId, at: T0, kindId: codeId(t, 'contact_kind', 'call'), referentId: me, summary: 'Hovor',
    })).id;
    const a = await t.call('notes.create', note({ personId, title: 'O Janě' }));
    const b = await t.call('notes.create', note({ contactId, title: 'K hovoru', at: T0 + 1 }));
    expect((await t.call('notes.list', { personId })).map((n) => n.id)).toEqual([a.id]);
    expect((await t.call('notes.list', { contactId })).map((n) => n.id)).toEqual([b.id]);
    expect((await t.call('notes.list', { firmId })).map((n) => n.id)).toEqual([b.id, a.id]);
  });

  it('refuses a person or contact of another firm, a dead colleague, and named sharing without anyone', async () => {
    const other = (await t.call('firms.create', { name: 'Jiná a.s.', kinds: ['prospect'] })).id;
    const stranger = (await t.call('people.create', { firmId: other, lastName: 'Cizí' })).id;
    expect(await t.fail('notes.create', note({ personId: stranger }))).toMatchObject({ code: 'validation', field: 'personId', messageKey: 'errors.unknown_ref' });
    const foreignContact = (await t.call('contacts.create', {
      firmId: other, at: T0, kindId: codeId(t, 'contact_kind', 'call'), referentId: me, summary: 'x',
    })).id;
    expect(await t.fail('notes.create', note({ contactId: foreignContact }))).toMatchObject({ field: 'contactId' });
    expect(await t.fail('notes.create', note({ visibility: 'named', sharedWith: [bId, '01900000-0000-7000-8000-000000000000'] })))
      .toMatchObject({ field: 'sharedWith.1', messageKey: 'errors.unknown_ref' });
    expect(await t.fail('notes.create', note({ visibility: 'named', sharedWith: [] }))).toMatchObject({ messageKey: 'errors.note_share_required' });
    expect(await t.fail('notes.create', note({ firmId: '01900000-0000-7000-8000-000000000000' }))).toMatchObject({ code: 'not_found', field: 'firmId' });
    expect(t.count('notes')).toBe(0);
    expect(t.count('note_shares')).toBe(0);
  });

  it('edits and tombstones a note', async () => {
    const { id } = await t.call('notes.create', note());
    await t.call('notes.update', { ...note({ title: 'Nový titulek', body: '' }), id });
    expect((await t.call('notes.list', { firmId }))[0]).toMatchObject({ title: 'Nový titulek', body: '' });
    await t.call('notes.delete', { id });
    expect(await t.call('notes.list', { firmId })).toEqual([]);
    expect(t.count('notes')).toBe(1);
    expect(await t.fail('notes.update', { ...note(), id })).toMatchObject({ code: 'not_found' });
  });
});
