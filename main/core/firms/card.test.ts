import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestCore, codeId, type TestCore } from '../test-helpers.ts';
import { completenessOf } from './completeness.ts';

let t: TestCore;
let clock = Date.UTC(2026, 0, 1);
beforeEach(async () => { t = await openTestCore({ now: () => (clock += 1) }); });
afterEach(async () => { await t.close(); });

let seq = 0;
const rowId = () => `01900000-0000-7000-8000-${(++seq).toString(16).padStart(12, '0')}`;
function addUser(name: string): string {
  const id = rowId();
  t.open.sqlite.prepare('INSERT INTO users (id, name, email, is_local, created_at, updated_at) VALUES (?, ?, NULL, 0, 0, 0)').run(id, name);
  return id;
}
function addNote(firmId: string, authorId: string, visibility: 'private' | 'everyone' | 'named', opts: { shareWith?: string[]; deleted?: boolean } = {}): string {
  const id = rowId();
  t.open.sqlite.prepare(`INSERT INTO notes (id, firm_id, title, at, author_id, visibility, created_at, updated_at, deleted_at)
    VALUES (?, ?, 'n', 0, ?, ?, 0, 0, ?)`).run(id, firmId, authorId, visibility, opts.deleted ? 1 : null);
  for (const user of opts.shareWith ?? []) {
    t.open.sqlite.prepare('INSERT INTO note_shares (id, note_id, user_id, created_at, updated_at) VALUES (?, ?, ?, 0, 0)').run(rowId(), id, user);
  }
  return id;
}
const changes = (firmId: string) => t.open.sqlite.prepare(
  'SELECT field, old_value AS old, new_value AS new, user_id FROM changes WHERE firm_id = ? ORDER BY rowid').all(firmId);

describe('the firm card', () => {
  it('carries segments, fields, completeness and counts', async () => {
    const me = t.open.localUserId;
    const { id } = await t.call('firms.create', {
      name: 'Alfa', kinds: ['customer'], ico: '25596641', ownerId: me,
      addresses: [{ kind: 'registered', city: 'Brno' }],
    });
    const { id: boss } = await t.call('people.create', { firmId: id, lastName: 'Šéf', channels: [{ kind: 'email', value: 'sef@alfa.cz' }] });
    await t.call('people.create', { firmId: id, lastName: 'Podřízený', reportsToId: boss });
    const tag = (await t.call('segments.create', { kind: 'tag', name: 'VIP' })).id;
    await t.call('firms.setSegments', { id, segmentIds: [tag] });
    const staff = await t.call('fields.create', { entity: 'firm', label: 'Zaměstnanci', type: 'number' });
    await t.call('fields.set', { entity: 'firm', entityId: id, values: [{ fieldId: staff.id, value: 42 }] });
    const kind = codeId(t, 'contact_kind', 'call');
    await t.call('contacts.create', { firmId: id, at: clock, kindId: kind, referentId: me, summary: 'hovor' });
    await t.call('contacts.create', { firmId: id, at: clock + 1e6, kindId: kind, referentId: me, summary: 'plán', status: 'planned' });

    const card = await t.call('firms.get', { id });
    expect(card.firm).toMatchObject({ isLead: false, mergedIntoId: null });
    expect(card.segments).toEqual([{ id: tag, kind: 'tag', name: 'VIP', color: '' }]);
    expect(card.heads).toEqual([]);
    expect(card.fields).toEqual([{ fieldId: staff.id, value: 42, display: '42' }]);
    // A tag is no segment for completeness, and nobody has a phone yet.
    expect(card.completeness).toEqual({ score: 67, missing: ['phone', 'segment'] });
    expect(card.counts).toEqual({ people: 2, contacts: 2, notes: 0, openTasks: 0, attachments: 0, openOpportunities: 0, sales: 0 });
    const byName = Object.fromEntries(card.people.map((p) => [p.lastName, p]));
    expect(byName['Podřízený']!.reportsToId).toBe(boss);
    expect(byName['Šéf']!.reportsToId).toBeNull();
  });

  it('counts only the notes the acting user may see', async () => {
    const me = t.open.localUserId;
    const colleague = addUser('Petr Kolega');
    const third = addUser('Jana Třetí');
    const { id } = await t.call('firms.create', { name: 'Alfa', kinds: ['customer'] });
    addNote(id, me, 'private');
    addNote(id, colleague, 'private'); // someone else's private note: not mine to count
    addNote(id, colleague, 'everyone');
    addNote(id, colleague, 'named', { shareWith: [me] });
    addNote(id, colleague, 'named', { shareWith: [third] });
    addNote(id, me, 'everyone', { deleted: true });
    expect((await t.call('firms.get', { id })).counts.notes).toBe(3);
    expect((await t.as(colleague).call('firms.get', { id })).counts.notes).toBe(4);
    expect((await t.as(third).call('firms.get', { id })).counts.notes).toBe(2);
  });

  it('counts open tasks and attachments of the firm', async () => {
    const me = t.open.localUserId;
    const { id } = await t.call('firms.create', { name: 'Alfa', kinds: ['customer'] });
    const task = t.open.sqlite.prepare(`INSERT INTO tasks (id, firm_id, title, assignee_id, author_id, done_at, created_at, updated_at, deleted_at)
      VALUES (?, ?, 't', ?, ?, ?, 0, 0, ?)`);
    task.run(rowId(), id, me, me, null, null);
    task.run(rowId(), id, me, me, 5, null);
    task.run(rowId(), id, me, me, null, 5);
    const att = t.open.sqlite.prepare(`INSERT INTO attachments (id, firm_id, name, size, sha256, author_id, created_at, updated_at, deleted_at)
      VALUES (?, ?, 'a.pdf', 1, ?, ?, 0, 0, ?)`);
    att.run(rowId(), id, 'a'.repeat(64), me, null);
    att.run(rowId(), id, 'b'.repeat(64), me, 3);
    expect((await t.call('firms.get', { id })).counts).toMatchObject({ openTasks: 1, attachments: 1 });
  });

  it('answers for a merged-away firm with where it went; a deleted one is not found', async () => {
    const { id: survivor } = await t.call('firms.create', { name: 'Alfa', kinds: ['customer'] });
    const { id: merged } = await t.call('firms.create', { name: 'Alfa (duplicita)', kinds: ['customer'] });
    t.open.sqlite.prepare('UPDATE firms SET deleted_at = 1, merged_into_id = ? WHERE id = ?').run(survivor, merged);
    expect((await t.call('firms.get', { id: merged })).firm).toMatchObject({ id: merged, mergedIntoId: survivor });
    await t.call('firms.delete', { id: survivor });
    expect((await t.fail('firms.get', { id: survivor })).code).toBe('not_found');
  });
});

describe('change log of key fields', () => {
  it('records name, IČO, kinds, owner and address changes as display text; creation records nothing', async () => {
    const me = t.open.localUserId;
    const colleague = addUser('Petr Kolega');
    const { id } = await t.call('firms.create', {
      name: 'Alfa', kinds: ['prospect'], addresses: [{ kind: 'registered', street: 'Husova', number: '3', postalCode: '508 01', city: 'Hořice' }],
    });
    expect(changes(id)).toEqual([]);
    const card = await t.call('firms.get', { id });
    await t.call('firms.update', {
      id, name: 'Alfa a.s.', kinds: ['customer', 'prospect'], ico: '25596641', ownerId: colleague,
      addresses: [{ ...card.addresses[0]!, city: 'Brno', postalCode: '602 00', street: 'Kounicova', number: '12' }],
    });
    expect(changes(id)).toEqual([
      { field: 'name', old: 'Alfa', new: 'Alfa a.s.', user_id: me },
      { field: 'ico', old: '', new: '25596641', user_id: me },
      { field: 'kinds', old: 'prospect', new: 'customer, prospect', user_id: me },
      { field: 'owner', old: '', new: 'Petr Kolega', user_id: me },
      { field: 'address', old: 'Husova 3, 508 01 Hořice', new: 'Kounicova 12, 602 00 Brno', user_id: me },
    ]);
    // Saving the same again records nothing; only the owner change is new here.
    const again = await t.call('firms.get', { id });
    await t.call('firms.update', { ...again.firm, ico: again.firm.ico ?? '', dic: '', vatId: '', website: '', industryId: null, ownerId: null, addresses: again.addresses, channels: [] });
    expect(changes(id).slice(5)).toEqual([{ field: 'owner', old: 'Petr Kolega', new: '', user_id: me }]);
  });
});

describe('completeness', () => {
  it('scores the share present and lists what is missing in order', () => {
    const all = { ico: true, address: true, phone: true, person_email: true, owner: true, segment: true };
    expect(completenessOf(all)).toEqual({ score: 100, missing: [] });
    expect(completenessOf({ ...all, segment: false, ico: false })).toEqual({ score: 67, missing: ['ico', 'segment'] });
    expect(completenessOf({ ico: false, address: false, phone: false, person_email: false, owner: false, segment: true }).score).toBe(17);
  });

  it('counts a person’s phone, a live person’s e-mail, and a category or group', async () => {
    const me = t.open.localUserId;
    const { id } = await t.call('firms.create', { name: 'Alfa', kinds: ['customer'], ico: '25596641', ownerId: me, addresses: [{ kind: 'registered', city: 'Brno' }] });
    const { id: p } = await t.call('people.create', { firmId: id, lastName: 'Nová', channels: [{ kind: 'phone', value: '+420 777 111 222' }, { kind: 'email', value: 'nova@alfa.cz' }] });
    const { id: cat } = await t.call('segments.create', { kind: 'category', name: 'Stavby' });
    await t.call('firms.setSegments', { id, segmentIds: [cat] });
    expect((await t.call('firms.get', { id })).completeness).toEqual({ score: 100, missing: [] });
    await t.call('people.delete', { id: p }); // their phone and e-mail no longer count
    expect((await t.call('firms.get', { id })).completeness.missing).toEqual(['phone', 'person_email']);
  });

  it('lists incomplete live firms, least complete first, then by name; filters by owner and segment', async () => {
    const me = t.open.localUserId;
    const full = { ico: '25596641', ownerId: me, addresses: [{ kind: 'registered' as const, city: 'Brno' }], channels: [{ kind: 'phone' as const, value: '+420 777 111 222' }] };
    const a = (await t.call('firms.create', { name: 'Chata', kinds: ['customer'] })).id; // 0 present
    const b = (await t.call('firms.create', { name: 'Cukr', kinds: ['customer'], ownerId: me })).id; // 1
    const c = (await t.call('firms.create', { name: 'Ámos', kinds: ['customer'] })).id; // 0
    const d = (await t.call('firms.create', { name: 'Dub', kinds: ['customer'], ...full })).id; // 4
    const e = (await t.call('firms.create', { name: 'Ela', kinds: ['customer'], ...full })).id;
    await t.call('people.create', { firmId: e, lastName: 'X', channels: [{ kind: 'email', value: 'x@ela.cz' }] });
    const { id: cat } = await t.call('segments.create', { kind: 'group', name: 'Skupina' });
    await t.call('segments.members', { id: cat, add: [e, a] }); // e is now complete: left out
    const gone = (await t.call('firms.create', { name: 'Aaa smazaná', kinds: ['customer'] })).id;
    await t.call('firms.delete', { id: gone });
    const list = await t.call('firms.incomplete', { locale: 'cs' });
    // Czech order within a score: ch comes after h, so Cukr before Chata.
    expect(list.map((f) => [f.name, f.completeness.score])).toEqual([['Ámos', 0], ['Cukr', 17], ['Chata', 17], ['Dub', 67]]);
    expect(list[3]!.completeness.missing).toEqual(['person_email', 'segment']);
    expect(list[1]).toMatchObject({ id: b, ownerId: me, ownerName: 'Eva Testová' });
    expect((await t.call('firms.incomplete', { locale: 'cs', ownerId: me })).map((f) => f.name)).toEqual(['Cukr', 'Dub']);
    expect((await t.call('firms.incomplete', { locale: 'cs', segmentId: cat })).map((f) => f.id)).toEqual([a]);
    expect((await t.call('firms.incomplete', { locale: 'cs', limit: 2 })).map((f) => f.id)).toEqual([c, b]);
    expect((await t.call('firms.incomplete', { locale: 'en' })).map((f) => f.name)).toEqual(['Ámos', 'Chata', 'Cukr', 'Dub']);
    expect(d).toBeTruthy();
  });
});
