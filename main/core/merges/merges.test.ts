import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestCore, codeId, type TestCore } from '../test-helpers.ts';

const T0 = Date.UTC(2026, 2, 2, 9, 0);
let clock = T0;
let t: TestCore;
let me: string;
let colleague: string;

beforeEach(async () => {
  clock = T0;
  // A clock that moves: every write gets its own updated_at, as in real use.
  t = await openTestCore({ now: () => (clock += 1000) });
  me = t.open.localUserId;
  colleague = (await t.call('users.create', { name: 'Kolega Kolegův' })).id;
});
afterEach(async () => { await t.close(); });

/** Every table, every row and column (sqlite internals and the FTS shadow tables aside),
 * plus what the search index holds for each firm. `merges` itself is the merge's own record. */
// Every table but the merge records and local caches (the first page kept between starts, 0012),
// and the sync outbox (0015), where an undo is a new change like any other.
function dump(): Record<string, unknown[]> {
  const tables = t.open.sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
    AND name NOT LIKE 'firm_search%' AND name <> 'merges' AND name NOT LIKE 'first_page_%'
    AND name <> 'sync_outbox' ORDER BY name`).all() as { name: string }[];
  const out: Record<string, unknown[]> = {};
  for (const { name } of tables) out[name] = t.open.sqlite.prepare(`SELECT * FROM "${name}" ORDER BY 1`).all();
  out.firm_search = t.open.sqlite.prepare('SELECT rowid, * FROM firm_search ORDER BY rowid').all();
  return out;
}

const rows = <T = Record<string, unknown>>(sql: string, ...params: unknown[]) => t.open.sqlite.prepare(sql).all(...params) as T[];
const n = (sql: string, ...params: unknown[]) => (t.open.sqlite.prepare(sql).get(...params) as { n: number }).n;

/** Two firms that are one, each with a bit of everything, and a third firm around them. */
async function buildPair() {
  const source = codeId(t, 'firm_source', 'fair');
  const building = (await t.call('codes.list', { list: 'industry' })).find((c) => c.label === 'stavebnictví')?.id
    ?? (await t.call('codes.add', { list: 'industry', label: 'stavebnictví' })).id;
  const S = (await t.call('firms.create', {
    name: 'Novák s.r.o.', kinds: ['customer'], ico: '25596641', website: '', industryId: building, ownerId: me,
    addresses: [{ kind: 'registered', street: 'Hlavní', number: '1', city: 'Praha', postalCode: '110 00' }],
    channels: [{ kind: 'phone', value: '+420 603 111 222' }, { kind: 'email', value: 'info@novak.cz' }],
  })).id;
  const M = (await t.call('firms.create', {
    name: 'NOVAK, s. r. o.', kinds: ['supplier'], ico: '', dic: 'CZ25596641', website: 'www.novak.cz', sourceId: source, ownerId: colleague,
    addresses: [{ kind: 'registered', city: 'Brno' }, { kind: 'delivery', city: 'Olomouc' }],
    channels: [{ kind: 'phone', value: '603111222' }, { kind: 'email', value: 'obchod@novak.cz' }],
  })).id;
  const X = (await t.call('firms.create', { name: 'Dceřiná firma a.s.', kinds: ['customer'] })).id;

  const sMain = (await t.call('people.create', { firmId: S, firstName: 'Jan', lastName: 'Novák', isMain: true })).id;
  const mMain = (await t.call('people.create', {
    firmId: M, firstName: 'Petr', lastName: 'Novák', isMain: true, channels: [{ kind: 'email', value: 'petr@novak.cz' }],
  })).id;
  const mOther = (await t.call('people.create', { firmId: M, firstName: 'Eva', lastName: 'Malá', reportsToId: mMain })).id;
  const mGone = (await t.call('people.create', { firmId: M, lastName: 'Odešlý' })).id;
  await t.call('people.delete', { id: mGone });

  const kind = codeId(t, 'contact_kind', 'call');
  const c1 = (await t.call('contacts.create', { firmId: M, personId: mMain, at: T0, kindId: kind, referentId: me, summary: 'Called' })).id;
  await t.call('contacts.create', {
    firmId: M, personId: mOther, at: T0 + 86_400_000, kindId: kind, referentId: colleague, summary: 'Planned', status: 'planned',
  });
  const c3 = (await t.call('contacts.create', { firmId: M, at: T0 - 86_400_000, kindId: kind, referentId: me, summary: 'Deleted later' })).id;
  await t.call('contacts.delete', { id: c3 });
  await t.call('contacts.create', { firmId: S, personId: sMain, at: T0, kindId: kind, referentId: me, summary: 'Survivor call' });

  await t.call('notes.create', { firmId: M, personId: mMain, title: 'Shared note', at: T0, visibility: 'everyone' });
  await t.as(colleague).call('notes.create', { firmId: M, contactId: c1, title: 'Colleague private', at: T0, visibility: 'private' });
  await t.as(colleague).call('notes.create', { firmId: M, title: 'For Eva', at: T0, visibility: 'named', sharedWith: [me] });
  await t.call('tasks.create', { firmId: M, personId: mMain, title: 'Send offer', assigneeId: me, dueDate: '2026-03-10' });
  await t.call('tasks.create', { firmId: M, title: 'Done task', assigneeId: colleague, done: true });
  await t.call('attachments.add', { firmId: M, personId: mMain, name: 'offer.txt', mime: 'text/plain', content: 'aGVsbG8=' });
  await t.call('attachments.add', { firmId: M, folder: 'Smlouvy', name: 'contract.txt', content: 'd29ybGQ=' });
  // A deal in the pipeline and revenue: they follow the firm too (the card's Opportunities and Sales tabs).
  await t.call('opportunities.create', { firmId: M, title: 'Lešení 2026', stageId: '00000000-0000-7000-8003-000000000003', amount: 1_500_000, currency: 'CZK', ownerId: colleague });
  await t.call('sales.create', { firmId: M, date: '2026-02-10', amount: 250_000, currency: 'CZK', documentNo: 'FV-2026-001' });

  // Segments: one both are in, one only the merged firm is in, one the survivor left.
  const both = (await t.call('segments.create', { kind: 'tag', name: 'VIP' })).id;
  const onlyM = (await t.call('segments.create', { kind: 'category', name: 'Stavebnictví' })).id;
  const left = (await t.call('segments.create', { kind: 'tag', name: 'Veletrh 2025' })).id;
  const group = (await t.call('segments.create', { kind: 'group', name: 'Skupina Novák', parentFirmId: M })).id;
  await t.call('segments.members', { id: both, add: [S, M] });
  await t.call('segments.members', { id: onlyM, add: [M] });
  await t.call('segments.members', { id: left, add: [S, M] });
  await t.call('segments.members', { id: left, remove: [S] });
  await t.call('segments.members', { id: group, add: [X] });

  // User fields: both have a value, only the merged firm has one, the survivor's was cleared.
  const fBoth = (await t.call('fields.create', { entity: 'firm', label: 'Region', type: 'text' })).id;
  const fOnlyM = (await t.call('fields.create', { entity: 'firm', label: 'Employees', type: 'number' })).id;
  const fCleared = (await t.call('fields.create', { entity: 'firm', label: 'Client since', type: 'date' })).id;
  const fPerson = (await t.call('fields.create', { entity: 'person', label: 'Birthday', type: 'date' })).id;
  await t.call('fields.set', { entity: 'firm', entityId: S, values: [{ fieldId: fBoth, value: 'Střední Čechy' }, { fieldId: fCleared, value: '2020-01-01' }] });
  await t.call('fields.set', { entity: 'firm', entityId: S, values: [{ fieldId: fCleared, value: null }] });
  await t.call('fields.set', { entity: 'firm', entityId: M, values: [
    { fieldId: fBoth, value: 'Morava' }, { fieldId: fOnlyM, value: 42 }, { fieldId: fCleared, value: '2019-05-01' },
  ] });
  await t.call('fields.set', { entity: 'person', entityId: mMain, values: [{ fieldId: fPerson, value: '1970-01-02' }] });

  return { S, M, X, sMain, mMain, mOther, mGone, both, onlyM, left, group, fBoth, fOnlyM, fCleared, fPerson, source, building };
}

describe('firms.merge', () => {
  it('moves every child record of the merged firm to the survivor', async () => {
    const d = await buildPair();
    const children = ['people', 'contacts', 'notes', 'tasks', 'attachments', 'addresses', 'channels', 'changes', 'opportunities', 'sales'];
    const count = (table: string, firmId: string) => n(`SELECT count(*) AS n FROM ${table} WHERE firm_id = ?`, firmId);
    const before = Object.fromEntries(children.map((c) => [c, [count(c, d.S), count(c, d.M)]]));
    expect(before.people).toEqual([1, 3]);
    expect(before.contacts).toEqual([1, 3]);
    expect(before.notes).toEqual([0, 3]);
    expect(before.tasks).toEqual([0, 2]);
    expect(before.attachments).toEqual([0, 2]);
    expect(before.addresses).toEqual([1, 2]);
    expect(before.changes![1]).toBeGreaterThan(0);
    expect(before.opportunities).toEqual([0, 1]);
    expect(before.sales).toEqual([0, 1]);

    const { mergeId } = await t.call('firms.merge', { survivorId: d.S, mergedId: d.M });
    expect(mergeId).toMatch(/^[0-9a-f-]{36}$/);
    for (const c of children) {
      // The survivor gains the merged firm's rows (and one history entry: the merge).
      expect([c, count(c, d.S)]).toEqual([c, before[c]![0]! + before[c]![1]! + (c === 'changes' ? 1 : 0)]);
      expect([c, count(c, d.M)]).toEqual([c, 0]);
    }
    // Segments: the shared one's duplicate row is tombstoned, the other moves, the left one
    // is the survivor's again; the group the merged firm headed is headed by the survivor.
    const live = (segmentId: string) => rows<{ firm_id: string }>(
      'SELECT firm_id FROM segment_members WHERE segment_id = ? AND deleted_at IS NULL ORDER BY firm_id', segmentId).map((r) => r.firm_id);
    expect(live(d.both)).toEqual([d.S]);
    expect(live(d.onlyM)).toEqual([d.S]);
    expect(live(d.left)).toEqual([d.S]);
    expect(n('SELECT count(*) AS n FROM segment_members WHERE firm_id = ? AND deleted_at IS NULL', d.M)).toBe(0);
    expect(rows('SELECT parent_firm_id FROM segments WHERE id = ?', d.group)).toEqual([{ parent_firm_id: d.S }]);
    // Field values: the survivor's own stays, the merged one's fills the gaps.
    const card = await t.call('firms.get', { id: d.S });
    const byField = Object.fromEntries(card.fields.map((f) => [f.fieldId, f.value]));
    expect(byField).toMatchObject({ [d.fBoth]: 'Střední Čechy', [d.fOnlyM]: 42, [d.fCleared]: '2019-05-01' });
    expect(n('SELECT count(*) AS n FROM field_values WHERE entity_id = ? AND deleted_at IS NULL', d.M)).toBe(0);
    // One main person; the same phone number is not listed twice.
    expect(card.people.filter((p) => p.isMain).map((p) => p.id)).toEqual([d.sMain]);
    expect(card.people.map((p) => p.id).sort()).toEqual([d.sMain, d.mMain, d.mOther].sort());
    expect(card.channels.map((c) => c.value)).toEqual(['+420 603 111 222', 'info@novak.cz', 'obchod@novak.cz']);
    expect(card.people.find((p) => p.id === d.mMain)!.fields.map((f) => f.value)).toEqual(['1970-01-02']);
    // The merged firm is a tombstone pointing at the survivor; the history says what happened.
    expect(rows('SELECT deleted_at IS NOT NULL AS gone, merged_into_id FROM firms WHERE id = ?', d.M)).toEqual([{ gone: 1, merged_into_id: d.S }]);
    expect(rows(`SELECT old_value, new_value, user_id FROM changes WHERE firm_id = ? AND field = 'merge'`, d.S))
      .toEqual([{ old_value: '', new_value: 'NOVAK, s. r. o.', user_id: me }]);
    // The colleague still sees their private note (now on the survivor); others still do not.
    const theirs = await t.as(colleague).call('notes.list', { firmId: d.S });
    expect(theirs.map((x) => x.title).sort()).toEqual(['Colleague private', 'For Eva', 'Shared note']);
    expect((await t.call('notes.list', { firmId: d.S })).map((x) => x.title).sort()).toEqual(['For Eva', 'Shared note']);
    // The search index and the firm list follow.
    expect(rows<{ id: string }>(`SELECT f.id FROM firm_search s JOIN firms f ON f.rid = s.rowid WHERE firm_search MATCH 'petr'`)
      .map((r) => r.id)).toEqual([d.S]);
    const list = await t.call('firms.list', {});
    expect(list.rows.map((r) => r.id).sort()).toEqual([d.S, d.X].sort());
    // An old link to the merged firm still finds where it went.
    expect((await t.call('firms.get', { id: d.M })).firm.mergedIntoId).toBe(d.S);
  });

  it('honours the per-field choice', async () => {
    const d = await buildPair();
    await t.call('firms.merge', {
      survivorId: d.S, mergedId: d.M,
      choose: { name: 'merged', ico: 'merged', dic: 'merged', website: 'merged', industry: 'survivor', sourceId: 'merged', ownerId: 'survivor', kinds: 'both' },
    });
    const { firm } = await t.call('firms.get', { id: d.S });
    expect(firm).toMatchObject({
      name: 'NOVAK, s. r. o.', ico: null, dic: 'CZ25596641', website: 'www.novak.cz', industryId: d.building,
      sourceId: d.source, ownerId: me, kinds: ['customer', 'supplier'], isLead: false,
    });
    const S2 = (await t.call('firms.create', { name: 'Alfa', kinds: ['customer'], ico: '25596641' })).id;
    const M2 = (await t.call('firms.create', { name: 'Alfa a.s.', kinds: ['supplier', 'prospect'] })).id;
    await t.call('firms.merge', { survivorId: S2, mergedId: M2, choose: { kinds: 'merged' } });
    expect((await t.call('firms.get', { id: S2 })).firm).toMatchObject({ name: 'Alfa', ico: '25596641', kinds: ['prospect', 'supplier'] });
  });

  it('undo restores the exact prior state, search index included', async () => {
    const d = await buildPair();
    const listBefore = await t.call('firms.list', {});
    const before = dump();
    const { mergeId } = await t.call('firms.merge', {
      survivorId: d.S, mergedId: d.M, choose: { name: 'merged', website: 'merged', kinds: 'both' },
    });
    expect(dump()).not.toEqual(before);
    expect((await t.call('firms.list', {})).total).toBe(listBefore.total - 1);
    expect(await t.call('merges.undo', { id: mergeId })).toEqual({ survivorId: d.S, mergedId: d.M });
    expect(dump()).toEqual(before);
    // The in-memory list is rebuilt, not left with the merged firm missing.
    expect(await t.call('firms.list', {})).toEqual(listBefore);
    // Once only.
    expect(await t.fail('merges.undo', { id: mergeId })).toMatchObject({ code: 'validation', messageKey: 'errors.merge_already_undone', field: 'id' });
    const [record] = await t.call('merges.list', {});
    expect(record).toMatchObject({ id: mergeId, entity: 'firm', survivorId: d.S, mergedId: d.M, survivorName: 'Novák s.r.o.', mergedName: 'NOVAK, s. r. o.', userName: 'Eva Testová' });
    expect(record!.undoneAt).toBeGreaterThan(record!.at);
  });

  it('undo refuses when a touched record changed after the merge, and works once that is undone', async () => {
    const d = await buildPair();
    const before = dump();
    const { mergeId } = await t.call('firms.merge', { survivorId: d.S, mergedId: d.M });
    const moved = rows<{ id: string; summary: string; at: number; kind_id: string; referent_id: string }>(
      `SELECT id, summary, at, kind_id, referent_id FROM contacts WHERE summary = 'Called'`)[0]!;
    await t.call('contacts.update', { id: moved.id, firmId: d.S, at: moved.at, kindId: moved.kind_id, referentId: moved.referent_id, summary: 'Called (edited)' });
    expect(await t.fail('merges.undo', { id: mergeId })).toMatchObject({ code: 'validation', messageKey: 'errors.merge_conflict', field: 'id' });
    // Nothing was half-restored.
    expect(n('SELECT count(*) AS n FROM firms WHERE id = ? AND deleted_at IS NULL', d.M)).toBe(0);
    expect((await t.call('merges.list', {}))[0]!.undoneAt).toBeNull();
    // Edits on rows the merge did not touch do not block it.
    const other = (await t.call('firms.create', { name: 'Jiná firma', kinds: ['customer'] })).id;
    await t.call('firms.delete', { id: other });
    t.open.sqlite.prepare(`UPDATE contacts SET summary = 'Called', updated_at = ? WHERE id = ?`)
      .run(JSON.parse((t.open.sqlite.prepare('SELECT snapshot FROM merges').get() as { snapshot: string }).snapshot).stamp, moved.id);
    await t.call('merges.undo', { id: mergeId });
    const after = dump();
    after.firms = after.firms!.filter((f) => (f as { id: string }).id !== other);
    after.firm_search = after.firm_search!.filter((f) => (f as { name: string }).name !== 'Jiná firma');
    after.trash = after.trash!.filter((r) => (r as { entity_id: string }).entity_id !== other);
    expect(after).toEqual(before);
  });

  it('validates: both firms live, not the same one', async () => {
    const d = await buildPair();
    expect(await t.fail('firms.merge', { survivorId: d.S, mergedId: d.S })).toMatchObject({ messageKey: 'errors.merge_same', field: 'mergedId' });
    await t.call('firms.delete', { id: d.X });
    expect(await t.fail('firms.merge', { survivorId: d.S, mergedId: d.X })).toMatchObject({ code: 'not_found', field: 'mergedId' });
    expect(await t.fail('firms.merge', { survivorId: d.X, mergedId: d.S })).toMatchObject({ code: 'not_found', field: 'survivorId' });
    expect(await t.fail('merges.undo', { id: d.S })).toMatchObject({ code: 'not_found' });
    expect(t.count('merges')).toBe(0);
  });
});

describe('people.merge', () => {
  it('merges two people of one firm with a per-field choice, and undo restores everything', async () => {
    const d = await buildPair();
    const dup = (await t.call('people.create', {
      firmId: d.M, titleBefore: 'Ing.', firstName: 'Petr', lastName: 'Novak', jobTitle: 'ředitel',
      channels: [{ kind: 'email', value: 'PETR@novak.cz' }, { kind: 'phone', value: '+420 777 123 456' }],
    })).id;
    const kind = codeId(t, 'contact_kind', 'meeting');
    await t.call('contacts.create', { firmId: d.M, personId: dup, at: T0, kindId: kind, referentId: me, summary: 'Met Petr' });
    await t.call('notes.create', { firmId: d.M, personId: dup, title: 'About Petr', at: T0, visibility: 'everyone' });
    await t.call('tasks.create', { personId: dup, title: 'Call Petr', assigneeId: me });
    await t.call('attachments.add', { firmId: d.M, personId: dup, name: 'card.txt', content: 'aGVsbG8=' });
    await t.call('fields.set', { entity: 'person', entityId: dup, values: [{ fieldId: d.fPerson, value: '1971-01-01' }] });
    // Newsletter consent: the duplicate subscribed to two topics and opted out of one the survivor
    // still receives; the survivor has its own row for that one.
    const priceList = (await t.call('topics.create', { name: 'Ceník' })).id;
    const events = (await t.call('topics.create', { name: 'Akce' })).id;
    await t.call('subscriptions.set', { topicId: priceList, personId: d.mMain, subscribed: true, source: 'web' });
    await t.call('subscriptions.set', { topicId: priceList, personId: dup, subscribed: true, source: 'veletrh' });
    await t.call('subscriptions.set', { topicId: priceList, personId: dup, subscribed: false });
    await t.call('subscriptions.set', { topicId: events, personId: dup, subscribed: true, source: 'veletrh' });
    // Eva reports to the duplicate now.
    const eva = (await t.call('firms.get', { id: d.M })).people.find((p) => p.id === d.mOther)!;
    await t.call('people.update', { ...eva, firmId: d.M, id: d.mOther, reportsToId: dup, channels: [] });

    const before = dump();
    const { mergeId } = await t.call('people.merge', {
      survivorId: d.mMain, mergedId: dup, choose: { titleBefore: 'merged', jobTitle: 'merged', lastName: 'survivor' },
    });
    const card = await t.call('firms.get', { id: d.M });
    const petr = card.people.find((p) => p.id === d.mMain)!;
    expect(petr).toMatchObject({ titleBefore: 'Ing.', firstName: 'Petr', lastName: 'Novák', jobTitle: 'ředitel', isMain: true });
    // The same e-mail is not doubled; the phone comes along; the survivor keeps its own field value.
    expect(petr.channels.map((c) => c.value)).toEqual(['petr@novak.cz', '+420 777 123 456']);
    expect(petr.fields.map((f) => f.value)).toEqual(['1970-01-02']);
    expect(card.people.map((p) => p.id)).not.toContain(dup);
    expect(card.people.find((p) => p.id === d.mOther)!.reportsToId).toBe(d.mMain);
    for (const table of ['contacts', 'notes', 'tasks', 'attachments']) {
      expect([table, n(`SELECT count(*) AS n FROM ${table} WHERE person_id = ?`, dup)]).toEqual([table, 0]);
    }
    expect((await t.call('contacts.list', { personId: d.mMain })).map((c) => c.summary)).toContain('Met Petr');
    // The events subscription moved; on the price list the opt-out wins; one live row per topic.
    const subs = await t.call('subscriptions.list', { personId: d.mMain });
    expect(subs.map((x) => [x.topicName, x.source, x.unsubscribedAt !== null]).sort()).toEqual([['Akce', 'veletrh', false], ['Ceník', 'web', true]]);
    expect(n('SELECT count(*) AS n FROM subscriptions WHERE person_id = ? AND deleted_at IS NULL', dup)).toBe(0);
    expect(rows('SELECT deleted_at IS NOT NULL AS gone, merged_into_id, is_main FROM people WHERE id = ?', dup)).toEqual([{ gone: 1, merged_into_id: d.mMain, is_main: 0 }]);
    const [record] = await t.call('merges.list', {});
    expect(record).toMatchObject({ id: mergeId, entity: 'person', survivorName: 'Petr Novák', mergedName: 'Ing. Petr Novak' });

    await t.call('merges.undo', { id: mergeId });
    expect(dump()).toEqual(before);
    expect(await t.fail('merges.undo', { id: mergeId })).toMatchObject({ messageKey: 'errors.merge_already_undone' });
  });

  it('refuses people of two firms, naming the field', async () => {
    const d = await buildPair();
    expect(await t.fail('people.merge', { survivorId: d.sMain, mergedId: d.mMain }))
      .toMatchObject({ code: 'validation', messageKey: 'errors.merge_other_firm', field: 'mergedId' });
    expect(await t.fail('people.merge', { survivorId: d.mMain, mergedId: d.mGone })).toMatchObject({ code: 'not_found', field: 'mergedId' });
  });

  it('never makes the survivor report to itself or into a cycle', async () => {
    const f = (await t.call('firms.create', { name: 'Hierarchie', kinds: ['customer'] })).id;
    const boss = (await t.call('people.create', { firmId: f, lastName: 'Šéf' })).id;
    const a = (await t.call('people.create', { firmId: f, lastName: 'A', reportsToId: boss })).id;
    const b = (await t.call('people.create', { firmId: f, lastName: 'B', reportsToId: a })).id;
    // b reports to a; merging a into b: b must not report to b.
    await t.call('people.merge', { survivorId: b, mergedId: a });
    const people = (await t.call('firms.get', { id: f })).people;
    expect(people.find((p) => p.id === b)!.reportsToId).toBe(boss);
  });
});

describe('merges.list', () => {
  it('lists recent merges newest first, with names as they were', async () => {
    const a = (await t.call('firms.create', { name: 'Alfa', kinds: ['customer'] })).id;
    const b = (await t.call('firms.create', { name: 'Alfa s.r.o.', kinds: ['customer'] })).id;
    const c = (await t.call('firms.create', { name: 'ALFA a.s.', kinds: ['customer'] })).id;
    const first = (await t.call('firms.merge', { survivorId: a, mergedId: b })).mergeId;
    const second = (await t.call('firms.merge', { survivorId: a, mergedId: c, choose: { name: 'merged' } })).mergeId;
    const list = await t.call('merges.list', {});
    expect(list.map((m) => [m.id, m.survivorName, m.mergedName, m.undoneAt])).toEqual([
      [second, 'Alfa', 'ALFA a.s.', null],
      [first, 'Alfa', 'Alfa s.r.o.', null],
    ]);
    expect(await t.call('merges.list', { limit: 1 })).toHaveLength(1);
    // Undoing the earlier merge is refused while the later one still stands on the survivor.
    expect(await t.fail('merges.undo', { id: first })).toMatchObject({ messageKey: 'errors.merge_conflict' });
    await t.call('merges.undo', { id: second });
    await t.call('merges.undo', { id: first });
    expect((await t.call('firms.list', {})).rows.map((r) => r.name)).toEqual(['Alfa', 'ALFA a.s.', 'Alfa s.r.o.']);
  });
});
