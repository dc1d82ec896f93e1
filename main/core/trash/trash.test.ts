// The trash: deletions listed (what, who, when), restored with exactly what went with them, and
// erased for good — rows, search entries and unreferenced files — in one transaction.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestCore, codeId, type TestCore } from '../test-helpers.ts';

let t: TestCore;
let me: string;
let clock: number;
const T0 = Date.UTC(2026, 2, 2, 9, 0);
const HOUR = 3_600_000;

beforeEach(async () => {
  clock = T0;
  t = await openTestCore({ now: () => (clock += 1000) });
  me = t.open.localUserId;
});
afterEach(async () => { await t.close(); });

const n = (sql: string, ...params: unknown[]) => (t.open.sqlite.prepare(sql).get(...params) as { n: number }).n;
const found = async (q: string) => (await t.call('firms.list', { q })).rows.map((r) => r.name);
const list = async (input: Parameters<TestCore['call']>[1] = {}) => (await t.call('trash.list', input as never)).rows;
const b64 = (s: string) => Buffer.from(s).toString('base64');

/** A firm with a bit of everything: two people (one deleted on their own before), contacts with
 * a reminder, a task, a note, a file, an address, e-mails and phones. */
async function firmWithEverything(name = 'Pekárna Dvořák s.r.o.') {
  const firmId = (await t.call('firms.create', {
    name, kinds: ['customer'], addresses: [{ kind: 'registered', street: 'Husova', number: '15', city: 'Hořice', postalCode: '50801' }],
    channels: [{ kind: 'phone', value: '+420 493 123 456' }, { kind: 'email', value: 'info@pekarna-dvorak.cz' }],
  })).id;
  const boss = (await t.call('people.create', { firmId, firstName: 'Petr', lastName: 'Dvořák', isMain: true,
    channels: [{ kind: 'email', value: 'petr@pekarna-dvorak.cz' }, { kind: 'phone', value: '+420 777 888 999' }] })).id;
  const buyer = (await t.call('people.create', { firmId, firstName: 'Jana', lastName: 'Nováková', reportsToId: boss })).id;
  const gone = (await t.call('people.create', { firmId, firstName: 'Karel', lastName: 'Odešel', channels: [{ kind: 'email', value: 'karel@pekarna-dvorak.cz' }] })).id;
  await t.call('people.delete', { id: gone });
  const contactId = (await t.call('contacts.create', {
    firmId, personId: boss, status: 'planned', at: T0 + 48 * HOUR, kindId: codeId(t, 'contact_kind', 'call'), referentId: me,
    summary: 'Zavolat kvůli ceníku', remindAt: T0 + 47 * HOUR,
  })).id;
  const taskId = (await t.call('tasks.create', { firmId, title: 'Poslat ceník', assigneeId: me, dueDate: '2026-03-05', remindAt: T0 + 24 * HOUR })).id;
  const noteId = (await t.call('notes.create', { firmId, title: 'Chtějí slevu', at: T0, visibility: 'everyone' })).id;
  const file = await t.call('attachments.add', { firmId, name: 'cenik.pdf', content: b64('%PDF ceník Dvořák') });
  return { firmId, boss, buyer, gone, contactId, taskId, noteId, file };
}

describe('trash: deleting a person', () => {
  it('takes their e-mails and phones out of search, and restoring puts them back (regression)', async () => {
    const f = await firmWithEverything();
    expect(await found('petr@pekarna-dvorak.cz')).toEqual(['Pekárna Dvořák s.r.o.']);
    expect(await found('777 888 999')).toEqual(['Pekárna Dvořák s.r.o.']);
    await t.call('people.delete', { id: f.boss });
    expect(await found('petr@pekarna-dvorak.cz')).toEqual([]);
    expect(await found('777 888 999')).toEqual([]);
    expect(await found('420777888999')).toEqual([]);
    // The person deleted earlier stayed out of search too.
    expect(await found('karel@pekarna-dvorak.cz')).toEqual([]);
    // The firm's own channels still find it.
    expect(await found('493 123 456')).toEqual(['Pekárna Dvořák s.r.o.']);
    expect((await t.call('firms.get', { id: f.firmId })).people.map((p) => p.lastName)).toEqual(['Nováková']);

    const entry = (await list({ kind: 'person' })).find((r) => r.entityId === f.boss)!;
    expect(entry).toMatchObject({ kind: 'person', name: 'Petr Dvořák', firmName: 'Pekárna Dvořák s.r.o.', userId: me, userName: 'Eva Testová', withCount: 2, firmInTrash: false });
    expect(await t.call('trash.restore', { id: entry.id })).toEqual({ id: entry.id, kind: 'person', entityId: f.boss });
    expect(await found('petr@pekarna-dvorak.cz')).toEqual(['Pekárna Dvořák s.r.o.']);
    expect(await found('777 888 999')).toEqual(['Pekárna Dvořák s.r.o.']);
    // Back as the main person, with Jana reporting to him again.
    const card = await t.call('firms.get', { id: f.firmId });
    expect(card.people.map((p) => [p.lastName, p.isMain, p.reportsToId])).toEqual([['Dvořák', true, null], ['Nováková', false, f.boss]]);
    expect(card.people[0]!.channels.map((c) => c.value)).toEqual(['petr@pekarna-dvorak.cz', '+420 777 888 999']);
    // Out of the trash; restoring twice is not possible.
    expect((await list()).some((r) => r.id === entry.id)).toBe(false);
    expect(await t.fail('trash.restore', { id: entry.id })).toMatchObject({ code: 'not_found' });
  });

  it('does not make someone the main person again when another took that place meanwhile', async () => {
    const f = await firmWithEverything();
    await t.call('people.delete', { id: f.boss });
    await t.call('people.update', { id: f.buyer, firmId: f.firmId, firstName: 'Jana', lastName: 'Nováková', isMain: true });
    await t.call('trash.restore', { id: (await list({ kind: 'person' })).find((r) => r.entityId === f.boss)!.id });
    const card = await t.call('firms.get', { id: f.firmId });
    expect(card.people.filter((p) => p.isMain).map((p) => p.lastName)).toEqual(['Nováková']);
  });
});

describe('trash: deleting a firm', () => {
  it('lists it with who and when, and restores exactly what went with it', async () => {
    const f = await firmWithEverything();
    await t.call('contacts.delete', { id: (await t.call('contacts.create', {
      firmId: f.firmId, at: T0, kindId: codeId(t, 'contact_kind', 'meeting'), referentId: me, summary: 'Smazaná schůzka' })).id });
    const before = { reminders: (await t.call('reminders.list', { state: 'pending' })).length };
    expect(before.reminders).toBe(2);
    await t.call('firms.delete', { id: f.firmId });
    const deletedAt = clock;
    expect(await found('Dvořák')).toEqual([]);
    expect(await found('info@pekarna-dvorak.cz')).toEqual([]);
    expect(await t.call('reminders.list', { state: 'pending' })).toEqual([]);
    expect(await t.call('tasks.list', { assigneeId: me, today: '2026-03-02' })).toEqual([]);

    const rows = await list();
    const firmEntry = rows.find((r) => r.kind === 'firm')!;
    // Newest first: the firm, then what was deleted on its own before it.
    expect(rows.map((r) => [r.kind, r.name])).toEqual([
      ['firm', 'Pekárna Dvořák s.r.o.'], ['contact', 'Smazaná schůzka'], ['person', 'Karel Odešel'],
    ]);
    // 3 people? No: the 2 live ones, 1 address, 2 + 2 channels, 1 contact, 1 task, 1 note, 1 file.
    expect(firmEntry).toMatchObject({ name: 'Pekárna Dvořák s.r.o.', firmName: null, isLead: false, userName: 'Eva Testová', at: deletedAt, withCount: 11 });
    expect(rows.find((r) => r.kind === 'person')).toMatchObject({ firmInTrash: true, firmName: 'Pekárna Dvořák s.r.o.' });
    // Something of a firm in the trash waits for the firm.
    expect(await t.fail('trash.restore', { id: rows.find((r) => r.kind === 'person')!.id }))
      .toMatchObject({ code: 'validation', field: 'id', messageKey: 'errors.trash_firm_first', params: { name: 'Pekárna Dvořák s.r.o.' } });

    await t.call('trash.restore', { id: firmEntry.id });
    expect(await found('Dvořák')).toEqual(['Pekárna Dvořák s.r.o.']);
    expect(await found('petr@pekarna-dvorak.cz')).toEqual(['Pekárna Dvořák s.r.o.']);
    const card = await t.call('firms.get', { id: f.firmId });
    expect(card.people.map((p) => p.lastName)).toEqual(['Dvořák', 'Nováková']);
    expect(card.addresses.map((a) => a.city)).toEqual(['Hořice']);
    expect(card.channels.map((c) => c.value)).toEqual(['+420 493 123 456', 'info@pekarna-dvorak.cz']);
    expect(card.counts).toMatchObject({ contacts: 1, notes: 1, openTasks: 1, attachments: 1 });
    expect((await t.call('reminders.list', { state: 'pending' })).length).toBe(before.reminders);
    // The separately deleted person and contact stay in the trash, and can be restored now.
    expect((await list()).map((r) => r.name)).toEqual(['Smazaná schůzka', 'Karel Odešel']);
    for (const r of await list()) await t.call('trash.restore', { id: r.id });
    expect((await t.call('firms.get', { id: f.firmId })).people.map((p) => p.lastName)).toEqual(['Dvořák', 'Nováková', 'Odešel']);
    expect(await found('karel@pekarna-dvorak.cz')).toEqual(['Pekárna Dvořák s.r.o.']);
    expect(await list()).toEqual([]);
  });

  it('a merged firm is not trash', async () => {
    const a = (await t.call('firms.create', { name: 'Alfa', kinds: ['customer'] })).id;
    const b = (await t.call('firms.create', { name: 'Alfa s.r.o.', kinds: ['customer'] })).id;
    await t.call('firms.merge', { survivorId: a, mergedId: b });
    expect(await list()).toEqual([]);
  });
});

describe('trash: contacts, tasks and notes', () => {
  it('a contact and a task come back with their reminders', async () => {
    const f = await firmWithEverything();
    await t.call('contacts.delete', { id: f.contactId });
    await t.call('tasks.delete', { id: f.taskId });
    expect(await t.call('reminders.list', { state: 'pending' })).toEqual([]);
    const rows = await list();
    expect(rows.map((r) => [r.kind, r.name, r.firmName, r.withCount])).toEqual([
      ['task', 'Poslat ceník', 'Pekárna Dvořák s.r.o.', 0], ['contact', 'Zavolat kvůli ceníku', 'Pekárna Dvořák s.r.o.', 0],
      ['person', 'Karel Odešel', 'Pekárna Dvořák s.r.o.', 1],
    ]);
    expect((await list({ kind: 'contact' })).map((r) => r.kind)).toEqual(['contact']);
    for (const r of rows.slice(0, 2)) await t.call('trash.restore', { id: r.id });
    expect((await t.call('reminders.list', { state: 'pending' })).map((r) => r.kind).sort()).toEqual(['contact', 'task']);
    expect((await t.call('contacts.list', { firmId: f.firmId })).map((c) => c.remindAt)).toEqual([T0 + 47 * HOUR]);
  });

  it('a private note stays private in the trash: a colleague neither sees, restores nor erases it', async () => {
    const f = await firmWithEverything();
    const secret = (await t.call('notes.create', { firmId: f.firmId, title: 'Soukromé', at: T0 })).id;
    await t.call('notes.delete', { id: secret });
    await t.call('notes.delete', { id: f.noteId });
    const colleague = (await t.call('users.create', { name: 'Bohuslav Kolega' })).id;
    const theirs = t.as(colleague);
    const seen = (await theirs.call('trash.list', {})).rows;
    expect(seen.filter((r) => r.kind === 'note').map((r) => r.name)).toEqual(['Chtějí slevu']);
    const mine = (await list({ kind: 'note' })).find((r) => r.name === 'Soukromé')!;
    expect(await theirs.fail('trash.restore', { id: mine.id })).toMatchObject({ code: 'not_found' });
    expect(await theirs.fail('trash.erase', { id: mine.id })).toMatchObject({ code: 'not_found' });
    await theirs.call('trash.empty', {});
    expect((await list()).map((r) => r.name)).toEqual(['Soukromé']);
  });

  it('sorts by name in the language’s order, or newest first', async () => {
    const firmId = (await t.call('firms.create', { name: 'Firma', kinds: ['customer'] })).id;
    for (const title of ['Chata', 'Hora', 'Cena', 'Čaj']) {
      await t.call('tasks.delete', { id: (await t.call('tasks.create', { firmId, title, assigneeId: me })).id });
    }
    expect((await list({ sort: 'name', locale: 'cs' })).map((r) => r.name)).toEqual(['Cena', 'Čaj', 'Hora', 'Chata']);
    expect((await list({ sort: 'name', locale: 'en' })).map((r) => r.name)).toEqual(['Čaj', 'Cena', 'Chata', 'Hora']);
    expect((await list()).map((r) => r.name)).toEqual(['Čaj', 'Cena', 'Hora', 'Chata']);
    expect((await t.call('trash.list', { limit: 2, offset: 1 }))).toMatchObject({ total: 4, rows: [{ name: 'Cena' }, { name: 'Hora' }] });
  });
});

describe('trash: erasing for good', () => {
  it('erases a firm with everything that hangs on it, its search row and its now unused file', async () => {
    const f = await firmWithEverything();
    const other = await firmWithEverything('Jiná pekárna');
    // The same file attached to the other firm stays; this firm's own file goes.
    const own = await t.call('attachments.add', { firmId: f.firmId, name: 'jen-zde.txt', content: b64('jen zde') });
    const stage = (await t.call('stages.list', {})).find((s) => s.outcome === 'open')!.id;
    const opp = (await t.call('opportunities.create', { firmId: f.firmId, title: 'Pece', stageId: stage, currency: 'CZK', ownerId: me,
      deadlineAt: T0 + 96 * HOUR, watchDays: 1, watcherIds: [me], lines: [{ product: 'Pec', unitPrice: 100 }] })).id;
    await t.call('opportunities.comment', { opportunityId: opp, body: 'Drahé' });
    await t.call('sales.create', { firmId: f.firmId, date: '2026-01-10', amount: 1000, currency: 'CZK' });
    const segmentId = (await t.call('segments.create', { kind: 'group', name: 'Holding', parentFirmId: f.firmId })).id;
    await t.call('segments.members', { id: segmentId, add: [f.firmId, other.firmId] });
    const topicId = (await t.call('topics.create', { name: 'Ceník' })).id;
    await t.call('subscriptions.set', { topicId, personId: f.boss, subscribed: true });
    const field = (await t.call('fields.create', { entity: 'firm', label: 'Zaměstnanci', type: 'number' })).id;
    await t.call('fields.set', { entity: 'firm', entityId: f.firmId, values: [{ fieldId: field, value: 12 }] });
    const twin = (await t.call('firms.create', { name: 'Pekárna Dvořák', kinds: ['customer'] })).id;
    await t.call('firms.merge', { survivorId: f.firmId, mergedId: twin });
    await t.call('firms.delete', { id: f.firmId });
    const entry = (await list({ kind: 'firm' }))[0]!;

    expect(await t.call('trash.erase', { id: entry.id })).toEqual({ count: 1 });
    const byFirm = (table: string) => n(`SELECT count(*) AS n FROM ${table} WHERE firm_id = ?`, f.firmId);
    for (const table of ['people', 'addresses', 'channels', 'contacts', 'tasks', 'notes', 'attachments', 'opportunities', 'sales', 'segment_members', 'changes']) {
      expect(byFirm(table), table).toBe(0);
    }
    expect(n('SELECT count(*) AS n FROM firms WHERE id IN (?, ?)', f.firmId, twin)).toBe(0);
    expect(n('SELECT count(*) AS n FROM merges')).toBe(0);
    expect(n('SELECT count(*) AS n FROM subscriptions')).toBe(0);
    expect(n('SELECT count(*) AS n FROM field_values')).toBe(0);
    expect(n('SELECT count(*) AS n FROM opportunity_comments')).toBe(0);
    expect(n('SELECT count(*) AS n FROM reminders WHERE opportunity_id = ?', opp)).toBe(0);
    expect(n('SELECT count(*) AS n FROM firm_search')).toBe(1);
    // The separately deleted person of that firm went with it; the other firm's did not.
    expect((await list()).map((r) => [r.kind, r.firmName])).toEqual([['person', 'Jiná pekárna']]);
    // The holding group stays, headed by nobody; the other firm is still its member.
    expect((await t.call('segments.get', { id: segmentId })).segment).toMatchObject({ parentFirmId: null });
    expect(t.open.sqlite.pragma('foreign_key_check')).toEqual([]);
    // Files: the shared one stays (the other firm names it), the firm's own one is gone.
    const blob = (sha: string) => fs.existsSync(path.join(t.dir, 'files', sha.slice(0, 2), sha));
    expect(blob(f.file.sha256)).toBe(true);
    expect(blob(own.sha256)).toBe(false);
    expect(await found('Jiná')).toEqual(['Jiná pekárna']);
    expect((await t.call('firms.get', { id: other.firmId })).counts).toMatchObject({ contacts: 1, attachments: 1 });
  });

  it('erasing a person or a contact cuts the links of records that stay', async () => {
    const f = await firmWithEverything();
    const kind = codeId(t, 'contact_kind', 'call');
    const done = (await t.call('contacts.create', { firmId: f.firmId, personId: f.boss, at: T0, kindId: kind, referentId: me, summary: 'Hovor',
      next: { at: T0 + 72 * HOUR, task: 'Znovu', referentId: me } })).nextId!;
    const noteOnContact = (await t.call('notes.create', { firmId: f.firmId, contactId: f.contactId, title: 'K hovoru', at: T0 })).id;
    await t.call('people.delete', { id: f.boss });
    await t.call('contacts.delete', { id: f.contactId });
    const followsOf = (id: string) => (t.open.sqlite.prepare('SELECT follows_id AS f FROM contacts WHERE id = ?').get(id) as { f: string | null }).f;
    expect(followsOf(done)).not.toBeNull();
    await t.call('trash.empty', {});
    expect(await list()).toEqual([]);
    expect(n('SELECT count(*) AS n FROM people WHERE id IN (?, ?)', f.boss, f.gone)).toBe(0);
    expect(n('SELECT count(*) AS n FROM channels WHERE person_id IS NOT NULL')).toBe(0);
    // The firm's history stays, no longer naming him; the note stays, no longer on the contact.
    expect((await t.call('contacts.list', { firmId: f.firmId })).map((c) => [c.summary, c.personId])).toEqual([['Znovu', null], ['Hovor', null]]);
    expect((await t.call('notes.list', { firmId: f.firmId })).find((x) => x.id === noteOnContact)!.contactId).toBeNull();
    expect(await found('Dvořák')).toEqual(['Pekárna Dvořák s.r.o.']);
    expect(await found('petr@pekarna-dvorak.cz')).toEqual([]);
    expect(t.open.sqlite.pragma('foreign_key_check')).toEqual([]);
    expect(await t.fail('trash.erase', { id: '00000000-0000-7000-8000-00000000ffff' })).toMatchObject({ code: 'not_found' });
  });
});
