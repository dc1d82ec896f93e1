import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestCore, codeId, type TestCore } from '../test-helpers.ts';

const NOW = Date.UTC(2026, 5, 1, 9, 0);
const DAY = 86_400_000;

let t: TestCore;
let clock = NOW;
beforeEach(async () => { clock = NOW; t = await openTestCore({ now: () => clock }); });
afterEach(async () => { await t.close(); });

const firm = async (name: string, extra: Record<string, unknown> = {}) => (await t.call('firms.create', { name, kinds: ['customer'], ...extra })).id;
const changes = (firmId: string) => t.open.sqlite.prepare(
  `SELECT field, old_value AS old, new_value AS new FROM changes WHERE firm_id = ? ORDER BY rowid`).all(firmId);
const memberRows = (segmentId: string) => t.open.sqlite.prepare(
  'SELECT firm_id, deleted_at IS NULL AS live FROM segment_members WHERE segment_id = ? ORDER BY firm_id').all(segmentId);

describe('segments', () => {
  it('adds, removes and revives memberships — one row per firm — and logs each change on the firm', async () => {
    const a = await firm('Alfa');
    const b = await firm('Beta');
    const { id: seg } = await t.call('segments.create', { kind: 'category', name: 'Strojírenství' });
    await t.call('segments.members', { id: seg, add: [a, b] });
    await t.call('segments.members', { id: seg, add: [a] }); // already a member: nothing new
    clock += 1000;
    await t.call('segments.members', { id: seg, remove: [a] });
    expect(memberRows(seg)).toEqual([{ firm_id: a, live: 0 }, { firm_id: b, live: 1 }].sort((x, y) => (x.firm_id < y.firm_id ? -1 : 1)));
    clock += 1000;
    await t.call('segments.members', { id: seg, add: [a] });
    expect(t.count('segment_members')).toBe(2); // revived, not duplicated
    expect(memberRows(seg).every((r) => (r as { live: number }).live === 1)).toBe(true);
    expect(changes(a)).toEqual([
      { field: 'segment', old: '', new: 'Strojírenství' },
      { field: 'segment', old: 'Strojírenství', new: '' },
      { field: 'segment', old: '', new: 'Strojírenství' },
    ]);
    expect(changes(b)).toEqual([{ field: 'segment', old: '', new: 'Strojírenství' }]);
    expect((await t.call('firms.get', { id: a })).segments.map((s) => s.name)).toEqual(['Strojírenství']);
  });

  it('refuses unknown firms in a membership change, writing nothing', async () => {
    const a = await firm('Alfa');
    const { id: seg } = await t.call('segments.create', { kind: 'tag', name: 'Veletrh 2026' });
    const ghost = '01900000-0000-7000-8000-000000000000';
    expect(await t.fail('segments.members', { id: seg, add: [a, ghost] })).toMatchObject({ field: 'add.1', messageKey: 'errors.unknown_ref' });
    expect(t.count('segment_members')).toBe(0);
    expect(t.count('changes')).toBe(0);
  });

  it('firms.setSegments sets the complete membership of a firm', async () => {
    const a = await firm('Alfa');
    const s1 = (await t.call('segments.create', { kind: 'category', name: 'Stavebnictví' })).id;
    const s2 = (await t.call('segments.create', { kind: 'tag', name: 'VIP' })).id;
    const s3 = (await t.call('segments.create', { kind: 'tag', name: 'Akce' })).id;
    await t.call('firms.setSegments', { id: a, segmentIds: [s1, s2] });
    await t.call('firms.setSegments', { id: a, segmentIds: [s2, s3] });
    const card = await t.call('firms.get', { id: a });
    expect(card.segments.map((s) => s.name)).toEqual(['Akce', 'VIP']); // kind, then name
    expect(changes(a)).toEqual([
      { field: 'segment', old: '', new: 'Stavebnictví' },
      { field: 'segment', old: '', new: 'VIP' },
      { field: 'segment', old: '', new: 'Akce' },
      { field: 'segment', old: 'Stavebnictví', new: '' },
    ]);
    expect(await t.fail('firms.setSegments', { id: a, segmentIds: [s1, '01900000-0000-7000-8000-000000000000'] }))
      .toMatchObject({ field: 'segmentIds.1', messageKey: 'errors.unknown_ref' });
  });

  it('only a group takes a parent firm, and it must be a live firm; the parent card lists the groups it heads', async () => {
    const holding = await firm('Holding a.s.');
    expect(await t.fail('segments.create', { kind: 'category', name: 'X', parentFirmId: holding }))
      .toMatchObject({ code: 'validation', field: 'parentFirmId', messageKey: 'errors.segment_parent_group_only' });
    expect(await t.fail('segments.create', { kind: 'group', name: 'X', parentFirmId: '01900000-0000-7000-8000-000000000000' }))
      .toMatchObject({ field: 'parentFirmId', messageKey: 'errors.unknown_ref' });
    const gone = await firm('Zaniklá');
    await t.call('firms.delete', { id: gone });
    expect(await t.fail('segments.create', { kind: 'group', name: 'X', parentFirmId: gone })).toMatchObject({ field: 'parentFirmId' });
    expect(t.count('segments')).toBe(0);

    const { id: group } = await t.call('segments.create', { kind: 'group', name: 'Skupina Holding', parentFirmId: holding, color: '#AA0000' });
    expect(await t.fail('segments.update', { id: group, kind: 'tag', name: 'Skupina Holding', parentFirmId: holding }))
      .toMatchObject({ field: 'parentFirmId' });
    const [listed] = await t.call('segments.list', {});
    expect(listed).toMatchObject({ id: group, kind: 'group', parentFirmId: holding, parentFirmName: 'Holding a.s.', color: '#aa0000', memberCount: 0 });
    expect((await t.call('firms.get', { id: holding })).heads.map((h) => h.name)).toEqual(['Skupina Holding']);
  });

  it('lists segments by kind, then name', async () => {
    await t.call('segments.create', { kind: 'tag', name: 'b-tag' });
    await t.call('segments.create', { kind: 'category', name: 'Zemědělství' });
    await t.call('segments.create', { kind: 'category', name: 'Automotive' });
    await t.call('segments.create', { kind: 'group', name: 'Skupina' });
    expect((await t.call('segments.list', {})).map((s) => s.name)).toEqual(['Automotive', 'Zemědělství', 'Skupina', 'b-tag']);
    expect((await t.call('segments.list', { kind: 'tag' })).map((s) => s.name)).toEqual(['b-tag']);
  });

  it('opens a segment like a firm: members in the language order and counts over them', async () => {
    const me = t.open.localUserId;
    const kind = codeId(t, 'contact_kind', 'call');
    const a = await firm('Chalupa s.r.o.', { ownerId: me, addresses: [{ kind: 'registered', city: 'Brno' }] });
    const b = await firm('Cihla a.s.');
    const outside = await firm('Mimo');
    const deleted = await firm('Smazaná');
    const lead = await firm('Zájemce');
    t.open.sqlite.prepare('UPDATE firms SET is_lead = 1 WHERE id = ?').run(lead);
    const { id: seg } = await t.call('segments.create', { kind: 'category', name: 'Stavby' });
    await t.call('segments.members', { id: seg, add: [a, b, deleted, lead] });
    await t.call('firms.delete', { id: deleted }); // members are the firms the firm list shows
    await t.call('people.create', { firmId: lead, lastName: 'Zájemcová' });
    await t.call('people.create', { firmId: a, lastName: 'Novák' });
    await t.call('people.create', { firmId: b, lastName: 'Dvořák' });
    await t.call('people.create', { firmId: outside, lastName: 'Cizí' });
    const contact = (firmId: string, at: number, status: 'done' | 'planned' = 'done') =>
      t.call('contacts.create', { firmId, at, kindId: kind, referentId: me, summary: 'x', status });
    await contact(a, NOW - 10 * DAY);
    await contact(a, NOW - 30 * DAY);
    await contact(b, NOW - 100 * DAY); // older than 90 days
    await contact(b, NOW + 5 * DAY, 'planned');
    await contact(outside, NOW - DAY);
    const insertTask = t.open.sqlite.prepare(`INSERT INTO tasks (id, firm_id, title, assignee_id, author_id, done_at,
      created_at, updated_at, deleted_at) VALUES (?, ?, 'úkol', ?, ?, ?, 0, 0, ?)`);
    insertTask.run('01900000-0000-7000-8000-0000000000a1', a, me, me, null, null);
    insertTask.run('01900000-0000-7000-8000-0000000000a2', a, me, me, NOW, null); // done
    insertTask.run('01900000-0000-7000-8000-0000000000a3', b, me, me, null, NOW); // deleted
    insertTask.run('01900000-0000-7000-8000-0000000000a4', outside, me, me, null, null);

    const card = await t.call('segments.get', { id: seg, locale: 'cs' });
    expect(card.members.map((m) => m.name)).toEqual(['Cihla a.s.', 'Chalupa s.r.o.']); // Czech: ch after h
    expect((await t.call('segments.get', { id: seg, locale: 'en' })).members.map((m) => m.name)).toEqual(['Chalupa s.r.o.', 'Cihla a.s.']);
    expect(card.members[1]).toMatchObject({ id: a, city: 'Brno', kinds: ['customer'], ownerName: 'Eva Testová', lastContactAt: NOW - 10 * DAY });
    expect(card.members[0]).toMatchObject({ city: null, ownerName: null, lastContactAt: NOW - 100 * DAY });
    expect(card.counts).toEqual({ members: 2, people: 2, contacts90d: 2, planned: 1, openTasks: 1 });
    expect(card.segment).toMatchObject({ name: 'Stavby', memberCount: 2 });
    expect((await t.call('segments.list', {}))[0]).toMatchObject({ id: seg, memberCount: 2 });
  });

  it('deleting a segment tombstones its memberships', async () => {
    const a = await firm('Alfa');
    const { id: seg } = await t.call('segments.create', { kind: 'tag', name: 'Pryč' });
    await t.call('segments.members', { id: seg, add: [a] });
    await t.call('segments.delete', { id: seg });
    expect(memberRows(seg)).toEqual([{ firm_id: a, live: 0 }]);
    expect(await t.call('segments.list', {})).toEqual([]);
    expect((await t.call('firms.get', { id: a })).segments).toEqual([]);
    expect((await t.fail('segments.get', { id: seg })).code).toBe('not_found');
  });
});
