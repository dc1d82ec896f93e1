import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestCore, codeId, type TestCore } from '../test-helpers.ts';
import type { Input } from '../../../shared/contract.ts';
import { PER_DAY_CAP } from './handlers.ts';

let t: TestCore;
let me: string;
let colleague: string;
let firmId: string;
let personId: string;
let clock: number;
const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Monday 2 November 2026, 08:00 UTC. */
const T0 = Date.UTC(2026, 10, 2, 8, 0);

beforeEach(async () => {
  clock = T0;
  t = await openTestCore({ now: () => clock });
  me = t.open.localUserId;
  colleague = (await t.call('users.create', { name: 'Karel Zástupce' })).id;
  firmId = (await t.call('firms.create', { name: 'Novák Strojírny s.r.o.', kinds: ['customer'] })).id;
  personId = (await t.call('people.create', { firmId, firstName: 'Jana', lastName: 'Nováková' })).id;
});
afterEach(async () => { await t.close(); });

const contact = (extra: Partial<Input<'contacts.create'>> = {}): Input<'contacts.create'> => ({
  firmId, personId, status: 'planned', at: T0 + DAY, kindId: codeId(t, 'contact_kind', 'meeting'), referentId: me,
  summary: 'Schůzka o jarní objednávce', ...extra,
});
const reminderRows = () => t.open.sqlite.prepare(
  'SELECT contact_id, task_id, user_id, at, deleted_at FROM reminders WHERE deleted_at IS NULL ORDER BY at').all() as
  { contact_id: string | null; task_id: string | null; user_id: string; at: number }[];
const contactRow = (id: string) => t.open.sqlite.prepare('SELECT status, at, result_id, summary, note, follows_id FROM contacts WHERE id = ?').get(id) as
  { status: string; at: number; result_id: string | null; summary: string; note: string; follows_id: string | null };

describe('agenda.range', () => {
  it('lists my planned contacts, contacts done in the range and tasks due in it, by day, contacts by time then tasks', async () => {
    const planned = (await t.call('contacts.create', contact({ at: Date.UTC(2026, 10, 3, 14, 0), summary: 'plan 3rd 14:00' }))).id;
    const early = (await t.call('contacts.create', contact({ at: Date.UTC(2026, 10, 3, 9, 0), summary: 'plan 3rd 9:00' }))).id;
    const done = (await t.call('contacts.create', contact({ status: 'done', at: Date.UTC(2026, 10, 2, 7, 0), summary: 'done 2nd' }))).id;
    const low = (await t.call('tasks.create', { title: 'low', assigneeId: me, dueDate: '2026-11-03', priority: 'low' })).id;
    const high = (await t.call('tasks.create', { title: 'high', assigneeId: me, dueDate: '2026-11-03', priority: 'high' })).id;
    const closed = (await t.call('tasks.create', { title: 'closed', assigneeId: me, dueDate: '2026-11-03', priority: 'high', done: true })).id;
    const overdue = (await t.call('tasks.create', { title: 'late', assigneeId: me, dueDate: '2026-11-01' })).id;
    // Outside the range, someone else's, no due date, deleted: not listed.
    await t.call('contacts.create', contact({ at: Date.UTC(2026, 10, 9, 9, 0) }));
    await t.call('contacts.create', contact({ status: 'done', at: Date.UTC(2026, 9, 31, 9, 0) }));
    await t.call('contacts.create', contact({ referentId: colleague }));
    await t.call('tasks.create', { title: 'undated', assigneeId: me });
    await t.call('tasks.create', { title: 'theirs', assigneeId: colleague, dueDate: '2026-11-03' });
    const gone = (await t.call('contacts.create', contact())).id;
    await t.call('contacts.delete', { id: gone });

    const items = await t.call('agenda.range', { from: '2026-11-01', to: '2026-11-07', today: '2026-11-02' });
    expect(items.map((i) => [i.type, i.id])).toEqual([
      ['task', overdue], ['contact', done], ['contact', early], ['contact', planned], ['task', high], ['task', low], ['task', closed],
    ]);
    const first = items[0]!;
    expect(first.type === 'task' && first.task).toMatchObject({ title: 'late', overdue: true, dueDate: '2026-11-01', remindAt: null });
    expect(items[1]).toMatchObject({ type: 'contact', at: Date.UTC(2026, 10, 2, 7, 0), contact: { status: 'done', firmName: 'Novák Strojírny s.r.o.', personName: 'Jana Nováková' } });
    // A single day.
    expect((await t.call('agenda.range', { from: '2026-11-02', to: '2026-11-02' })).map((i) => i.id)).toEqual([done]);
  });

  it('shows a colleague\'s calendar (the substitute case), and the same seen as the colleague', async () => {
    const mine = (await t.call('contacts.create', contact({ summary: 'mine' }))).id;
    const theirs = (await t.call('contacts.create', contact({ referentId: colleague, summary: 'theirs' }))).id;
    const theirTask = (await t.call('tasks.create', { title: 'their task', assigneeId: colleague, dueDate: '2026-11-03' })).id;
    const range = { from: '2026-11-01', to: '2026-11-30' };
    expect((await t.call('agenda.range', range)).map((i) => i.id)).toEqual([mine]);
    expect((await t.call('agenda.range', { ...range, userId: colleague })).map((i) => i.id)).toEqual([theirs, theirTask]);
    expect((await t.as(colleague).call('agenda.range', range)).map((i) => i.id)).toEqual([theirs, theirTask]);
    expect((await t.as(colleague).call('agenda.range', { ...range, userId: me })).map((i) => i.id)).toEqual([mine]);
    expect(await t.fail('agenda.range', { ...range, userId: '01900000-0000-7000-8000-000000000bad' })).toMatchObject({ field: 'userId', messageKey: 'errors.unknown_ref' });
    expect(await t.fail('agenda.range', { from: '2026-11-30', to: '2026-11-01' })).toMatchObject({ field: 'to', messageKey: 'errors.range' });
  });

  it('puts contacts on the user\'s local calendar day (tzOffset minutes east of UTC)', async () => {
    // 23:30 UTC on 1 December is 00:30 on 2 December in Prague (UTC+1).
    const late = (await t.call('contacts.create', contact({ at: Date.UTC(2026, 11, 1, 23, 30) }))).id;
    const task = (await t.call('tasks.create', { title: 'due 2nd', assigneeId: me, dueDate: '2026-12-02' })).id;
    expect((await t.call('agenda.range', { from: '2026-12-02', to: '2026-12-02', tzOffset: 60 })).map((i) => i.id)).toEqual([late, task]);
    expect((await t.call('agenda.range', { from: '2026-12-01', to: '2026-12-01', tzOffset: 60 })).map((i) => i.id)).toEqual([]);
    // In UTC it is still the 1st; the task is a calendar date and stays on the 2nd.
    expect((await t.call('agenda.range', { from: '2026-12-01', to: '2026-12-01' })).map((i) => i.id)).toEqual([late]);
    // New York (UTC−5): 18:30 on the 1st.
    expect((await t.call('agenda.range', { from: '2026-12-01', to: '2026-12-01', tzOffset: -300 })).map((i) => i.id)).toEqual([late]);
    // Across two days with +60 the contact (day 2, 00:30) still comes before the task of day 2.
    expect((await t.call('agenda.range', { from: '2026-12-01', to: '2026-12-02', tzOffset: 60 })).map((i) => i.id)).toEqual([late, task]);
  });

  it('keeps the earliest PER_DAY_CAP contacts of a day in a longer range; the day view gets them all', async () => {
    const morning = Date.UTC(2026, 10, 3, 6, 0);
    for (let i = 0; i <= PER_DAY_CAP; i++) await t.call('contacts.create', contact({ at: morning + i * 60_000, summary: `call ${i}` }));
    const nextDay = (await t.call('contacts.create', contact({ at: Date.UTC(2026, 10, 4, 9, 0) }))).id;
    const week = await t.call('agenda.range', { from: '2026-11-02', to: '2026-11-08' });
    expect(week).toHaveLength(PER_DAY_CAP + 1);
    expect(week.at(-2)).toMatchObject({ at: morning + (PER_DAY_CAP - 1) * 60_000 });
    expect(week.at(-1)!.id).toBe(nextDay);
    expect(await t.call('agenda.range', { from: '2026-11-03', to: '2026-11-03' })).toHaveLength(PER_DAY_CAP + 1);
  });

  it('caps each day at perDay for a month cell, and agenda.counts says how many each day truly has', async () => {
    // 3 Nov: 7 planned, 2 done, 3 tasks (one done); 5 Nov (local day, UTC+1 clock): 1 planned at 23:30 UTC on the 4th.
    const morning = Date.UTC(2026, 10, 3, 7, 0);
    for (let i = 0; i < 7; i++) await t.call('contacts.create', contact({ at: morning + i * HOUR, summary: `plan ${i}` }));
    clock = Date.UTC(2026, 10, 3, 12, 0); // noon: the morning's done contacts have happened
    for (let i = 0; i < 2; i++) await t.call('contacts.create', contact({ status: 'done', at: morning - (i + 1) * HOUR, summary: `done ${i}` }));
    for (let i = 0; i < 3; i++) await t.call('tasks.create', { title: `task ${i}`, assigneeId: me, dueDate: '2026-11-03', done: i === 2 });
    await t.call('contacts.create', contact({ at: Date.UTC(2026, 10, 4, 23, 30) }));
    // Not mine, deleted: not counted.
    await t.call('contacts.create', contact({ at: morning, referentId: colleague }));
    await t.call('contacts.delete', { id: (await t.call('contacts.create', contact({ at: morning }))).id });

    const range = { from: '2026-11-01', to: '2026-11-30', tzOffset: 60 };
    const capped = await t.call('agenda.range', { ...range, perDay: 2 });
    const third = capped.filter((i) => (i.type === 'task' ? i.date : new Date(i.at + HOUR).toISOString().slice(0, 10)) === '2026-11-03');
    // The earliest two of each kind, still in calendar order: done ones came first that morning.
    expect(third.map((i) => (i.type === 'contact' ? i.contact.summary : i.task.title))).toEqual(['done 1', 'done 0', 'plan 0', 'plan 1', 'task 0', 'task 1']);
    const all = await t.call('agenda.range', range);
    expect(all).toHaveLength(13);
    expect(await t.call('agenda.counts', range)).toEqual([{ day: '2026-11-03', count: 12 }, { day: '2026-11-05', count: 1 }]);
    // A colleague's calendar counts theirs; a bad range names the field.
    expect(await t.call('agenda.counts', { ...range, userId: colleague })).toEqual([{ day: '2026-11-03', count: 1 }]);
    expect(await t.fail('agenda.counts', { from: '2026-11-30', to: '2026-11-01' })).toMatchObject({ messageKey: 'errors.range', field: 'to' });
  });

  it('carries the reminder times on contacts and tasks', async () => {
    const c = (await t.call('contacts.create', contact({ remindAt: T0 + DAY - HOUR }))).id;
    const k = (await t.call('tasks.create', { title: 'x', assigneeId: me, dueDate: '2026-11-03', remindAt: T0 + 2 * HOUR })).id;
    const items = await t.call('agenda.range', { from: '2026-11-01', to: '2026-11-30' });
    expect(items.map((i) => [i.id, i.type === 'contact' ? i.contact.remindAt : i.task.remindAt])).toEqual([[c, T0 + DAY - HOUR], [k, T0 + 2 * HOUR]]);
  });
});

describe('contacts.complete (the follow-up chain)', () => {
  it('marks the planned contact done with its result and creates exactly one planned next contact that follows it', async () => {
    const { id } = await t.call('contacts.create', contact({ remindAt: T0 + DAY - HOUR }));
    const result = codeId(t, 'contact_result', 'offer_sent');
    const before = t.count('contacts');
    clock = T0 + DAY + 2 * HOUR; // the meeting is over
    const { nextId } = await t.call('contacts.complete', {
      id, at: T0 + DAY + HOUR, resultId: result, summary: 'Nabídka předána', note: 'Chtějí slevu.',
      next: { at: T0 + 8 * DAY, task: 'Zavolat kvůli nabídce', referentId: colleague, remindAt: T0 + 8 * DAY - HOUR },
    });
    expect(t.count('contacts')).toBe(before + 1);
    expect(contactRow(id)).toMatchObject({ status: 'done', at: T0 + DAY + HOUR, result_id: result, summary: 'Nabídka předána', note: 'Chtějí slevu.' });
    expect(contactRow(nextId!)).toMatchObject({ status: 'planned', at: T0 + 8 * DAY, summary: 'Zavolat kvůli nabídce', follows_id: id });
    const next = (await t.call('contacts.list', { firmId })).find((c) => c.id === nextId)!;
    expect(next).toMatchObject({ referentId: colleague, personId, kindId: codeId(t, 'contact_kind', 'meeting'), remindAt: T0 + 8 * DAY - HOUR });
    // The completed contact's reminder went; the next one's belongs to its referent.
    expect(reminderRows()).toEqual([{ contact_id: nextId, task_id: null, user_id: colleague, at: T0 + 8 * DAY - HOUR, deleted_at: null }]);
    // Completing it again is refused: it is no longer planned.
    expect(await t.fail('contacts.complete', { id, at: T0, summary: 'again', endChain: true }))
      .toMatchObject({ code: 'validation', field: 'id', messageKey: 'errors.not_planned' });
    expect(t.count('contacts')).toBe(before + 1);
  });

  it('refuses to break the chain silently: without next and without endChain nothing changes', async () => {
    const { id } = await t.call('contacts.create', contact({ remindAt: T0 + DAY - HOUR }));
    clock = T0 + DAY + HOUR;
    expect(await t.fail('contacts.complete', { id, at: T0 + DAY, summary: 'Hotovo' }))
      .toMatchObject({ code: 'validation', field: 'next', messageKey: 'errors.next_required' });
    expect(contactRow(id)).toMatchObject({ status: 'planned', summary: 'Schůzka o jarní objednávce' });
    expect(t.count('contacts')).toBe(1);
    expect(reminderRows()).toHaveLength(1);

    const { nextId } = await t.call('contacts.complete', { id, at: T0 + DAY, summary: 'Konec spolupráce', endChain: true });
    expect(nextId).toBeNull();
    expect(contactRow(id).status).toBe('done');
    expect(t.count('contacts')).toBe(1);
    expect(reminderRows()).toEqual([]);
  });

  it('rolls everything back when the next contact is invalid', async () => {
    const { id } = await t.call('contacts.create', contact());
    clock = T0 + DAY + HOUR;
    expect(await t.fail('contacts.complete', {
      id, at: T0 + DAY, summary: 'x', next: { at: T0 + 9 * DAY, task: 'y', referentId: '01900000-0000-7000-8000-000000000bad' },
    })).toMatchObject({ field: 'next.referentId', messageKey: 'errors.unknown_ref' });
    expect(contactRow(id).status).toBe('planned');
    expect(t.count('contacts')).toBe(1);
    expect(await t.fail('contacts.complete', { id, at: T0, summary: 'x', endChain: true, resultId: codeId(t, 'contact_kind', 'call') }))
      .toMatchObject({ field: 'resultId', messageKey: 'errors.unknown_ref' });
    expect(await t.fail('contacts.complete', { id: '01900000-0000-7000-8000-000000000bad', at: T0, summary: 'x', endChain: true }))
      .toMatchObject({ code: 'not_found' });
  });
});

describe('rescheduling', () => {
  it('moves a planned contact and its reminder by the same amount, re-arming a dismissed one', async () => {
    const { id } = await t.call('contacts.create', contact({ at: T0 + DAY, remindAt: T0 + DAY - 15 * 60_000 }));
    const [reminder] = await t.call('reminders.list', { state: 'pending' });
    await t.call('reminders.dismiss', { id: reminder!.id });
    expect((await t.call('contacts.list', { firmId }))[0]!.remindAt).toBeNull();
    await t.call('contacts.reschedule', { id, at: T0 + 3 * DAY + 2 * HOUR });
    expect(contactRow(id).at).toBe(T0 + 3 * DAY + 2 * HOUR);
    expect(reminderRows().map((r) => r.at)).toEqual([T0 + 3 * DAY + 2 * HOUR - 15 * 60_000]);
    expect((await t.call('contacts.list', { firmId }))[0]!.remindAt).toBe(T0 + 3 * DAY + 2 * HOUR - 15 * 60_000);
    const items = await t.call('agenda.range', { from: '2026-11-05', to: '2026-11-05' });
    expect(items.map((i) => i.id)).toEqual([id]);
  });

  it('refuses to reschedule a done contact', async () => {
    const { id } = await t.call('contacts.create', contact({ status: 'done', at: T0 - DAY }));
    expect(await t.fail('contacts.reschedule', { id, at: T0 + DAY })).toMatchObject({ code: 'validation', field: 'id', messageKey: 'errors.not_planned' });
    expect(contactRow(id).at).toBe(T0 - DAY);
  });

  it('moves a task to another day, its reminder by the same number of days', async () => {
    const { id } = await t.call('tasks.create', { title: 'Poslat ceník', assigneeId: me, dueDate: '2026-11-03', remindAt: Date.UTC(2026, 10, 2, 17, 0) });
    await t.call('tasks.reschedule', { id, dueDate: '2026-11-06' });
    expect(reminderRows().map((r) => r.at)).toEqual([Date.UTC(2026, 10, 5, 17, 0)]);
    expect((await t.call('agenda.range', { from: '2026-11-06', to: '2026-11-06' })).map((i) => i.id)).toEqual([id]);
    await t.call('tasks.reschedule', { id, dueDate: '2026-11-04' });
    expect(reminderRows().map((r) => r.at)).toEqual([Date.UTC(2026, 10, 3, 17, 0)]);
    expect(await t.fail('tasks.reschedule', { id, dueDate: '6. 11. 2026' })).toMatchObject({ field: 'dueDate', messageKey: 'errors.date' });
    expect(await t.fail('tasks.reschedule', { id: '01900000-0000-7000-8000-000000000bad', dueDate: '2026-11-04' })).toMatchObject({ code: 'not_found' });
  });
});
