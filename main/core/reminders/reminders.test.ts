import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestCore, codeId, type TestCore } from '../test-helpers.ts';

let t: TestCore;
let me: string;
let colleague: string;
let firmId: string;
let clock: number;
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 10, 2, 8, 0);

beforeEach(async () => {
  clock = T0;
  t = await openTestCore({ now: () => clock });
  me = t.open.localUserId;
  colleague = (await t.call('users.create', { name: 'Karel Zástupce' })).id;
  firmId = (await t.call('firms.create', { name: 'Horák Agro a.s.', kinds: ['customer'] })).id;
});
afterEach(async () => { await t.close(); });

const plan = (extra: Record<string, unknown> = {}) => t.call('contacts.create', {
  firmId, status: 'planned', at: T0 + 2 * HOUR, kindId: codeId(t, 'contact_kind', 'call'), referentId: me,
  summary: 'Zavolat kvůli nabídce', remindAt: T0 + HOUR, ...extra,
});
const due = async (as?: string) => (await (as ? t.as(as) : t).call('reminders.list', { state: 'due' })).map((r) => r.id);
const pending = async () => (await t.call('reminders.list', { state: 'pending' })).map((r) => r.title);

describe('reminders', () => {
  it('become due when their time comes — also those missed while the app was closed', async () => {
    const { id: contactId } = await plan();
    expect(await due()).toEqual([]);
    const [r] = await t.call('reminders.list', { state: 'pending' });
    expect(r).toMatchObject({
      kind: 'contact', at: T0 + HOUR, due: false, snoozed: false, shown: false, title: 'Zavolat kvůli nabídce',
      firmId, firmName: 'Horák Agro a.s.', contactId, taskId: null, opportunityId: null, eventAt: T0 + 2 * HOUR, eventDate: null,
    });
    clock = T0 + HOUR - 1;
    expect(await due()).toEqual([]);
    clock = T0 + HOUR;
    expect(await due()).toEqual([r!.id]);
    // The app was closed for two days: at the next start the missed reminder is still due.
    clock = T0 + 2 * DAY;
    const [missed] = await t.call('reminders.list', { state: 'due' });
    expect(missed).toMatchObject({ id: r!.id, due: true, shown: false });
  });

  it('pending lists every not dismissed reminder, due ones first, then upcoming by time; tasks carry their due date', async () => {
    await plan({ summary: 'later', at: T0 + 5 * DAY, remindAt: T0 + 4 * DAY });
    await plan({ summary: 'overdue', remindAt: T0 - DAY });
    const { id: taskId } = await t.call('tasks.create', { title: 'task', assigneeId: me, firmId, dueDate: '2026-11-03', remindAt: T0 + DAY });
    await plan({ summary: 'colleague', referentId: colleague, remindAt: T0 - HOUR });
    expect(await pending()).toEqual(['overdue', 'task', 'later']);
    const task = (await t.call('reminders.list', { state: 'pending' }))[1];
    expect(task).toMatchObject({ kind: 'task', taskId, contactId: null, eventDate: '2026-11-03', eventAt: null, firmName: 'Horák Agro a.s.', due: false });
    expect((await t.call('reminders.list', { state: 'due' })).map((r) => r.title)).toEqual(['overdue']);
    expect((await t.as(colleague).call('reminders.list', { state: 'due' })).map((r) => r.title)).toEqual(['colleague']);
  });

  it('snooze hides a reminder until then and rings again; a time in the past is refused', async () => {
    await plan();
    clock = T0 + HOUR;
    const [id] = await due();
    await t.call('reminders.markShown', { ids: [id!] });
    expect(await t.fail('reminders.snooze', { id, until: clock })).toMatchObject({ code: 'validation', field: 'until', messageKey: 'errors.snooze_past' });
    await t.call('reminders.snooze', { id: id!, until: clock + 10 * MIN });
    expect(await due()).toEqual([]);
    expect((await t.call('reminders.list', { state: 'pending' }))[0]).toMatchObject({ id, at: T0 + HOUR + 10 * MIN, snoozed: true, due: false, shown: false });
    clock += 10 * MIN;
    expect((await t.call('reminders.list', { state: 'due' }))[0]).toMatchObject({ id, due: true, shown: false });
    // The contact's own reminder time is still the one the user set.
    expect((await t.call('contacts.list', { firmId }))[0]!.remindAt).toBe(T0 + HOUR);
  });

  it('dismiss takes it off every list for good; the contact shows no reminder any more', async () => {
    await plan();
    clock = T0 + HOUR;
    const [id] = await due();
    await t.call('reminders.dismiss', { id: id! });
    expect(await due()).toEqual([]);
    expect(await pending()).toEqual([]);
    expect((await t.call('contacts.list', { firmId }))[0]!.remindAt).toBeNull();
    expect(await t.fail('reminders.dismiss', { id })).toMatchObject({ code: 'not_found' });
    expect(await t.fail('reminders.snooze', { id, until: clock + HOUR })).toMatchObject({ code: 'not_found' });
  });

  it('markShown records the OS notification (only for the acting user\'s own reminders)', async () => {
    await plan();
    await plan({ referentId: colleague, summary: 'theirs' });
    clock = T0 + HOUR;
    const [mine] = await due();
    const [theirs] = await due(colleague);
    expect(await t.call('reminders.markShown', { ids: [mine!, theirs!] })).toEqual({ count: 1 });
    expect((await t.call('reminders.list', { state: 'due' }))[0]).toMatchObject({ id: mine, shown: true, due: true });
    expect((await t.as(colleague).call('reminders.list', { state: 'due' }))[0]).toMatchObject({ id: theirs, shown: false });
    expect(await t.call('reminders.markShown', { ids: [mine!] })).toEqual({ count: 0 });
    expect(await t.call('reminders.markShown', { ids: [] })).toEqual({ count: 0 });
  });

  it('another user can neither see nor touch my reminders', async () => {
    await plan();
    clock = T0 + HOUR;
    const [id] = await due();
    const other = t.as(colleague);
    expect(await due(colleague)).toEqual([]);
    expect(await other.call('reminders.list', { state: 'pending' })).toEqual([]);
    expect(await other.fail('reminders.dismiss', { id })).toMatchObject({ code: 'not_found', field: 'id' });
    expect(await other.fail('reminders.snooze', { id, until: clock + HOUR })).toMatchObject({ code: 'not_found' });
    expect(await due()).toEqual([id]);
  });

  it('completing, marking done or deleting a contact clears its reminders', async () => {
    const a = (await plan({ summary: 'a' })).id;
    const b = (await plan({ summary: 'b' })).id;
    const c = (await plan({ summary: 'c' })).id;
    expect(await pending()).toEqual(['a', 'b', 'c']);
    await t.call('contacts.complete', { id: a, at: T0, summary: 'a done', endChain: true });
    await t.call('contacts.delete', { id: b });
    await t.call('contacts.update', {
      id: c, firmId, status: 'done', at: T0, kindId: codeId(t, 'contact_kind', 'call'), referentId: me, summary: 'c done',
    });
    expect(await pending()).toEqual([]);
    expect(t.open.sqlite.prepare('SELECT count(*) AS n FROM reminders WHERE deleted_at IS NULL').get()).toEqual({ n: 0 });
  });

  it('follows a contact\'s referent and a task\'s assignee when reassigned', async () => {
    const contact = { firmId, status: 'planned', at: T0 + 2 * HOUR, kindId: codeId(t, 'contact_kind', 'call'), summary: 'visit' } as const;
    const { id } = await t.call('contacts.create', { ...contact, referentId: me, remindAt: T0 + HOUR });
    await t.call('contacts.update', { ...contact, id, referentId: colleague, remindAt: T0 + HOUR });
    expect(await pending()).toEqual([]);
    expect((await t.as(colleague).call('reminders.list', { state: 'pending' })).map((r) => r.contactId)).toEqual([id]);
    expect((await t.call('contacts.list', { firmId }))[0]).toMatchObject({ referentId: colleague, remindAt: T0 + HOUR });

    const task = { title: 'call back', firmId, dueDate: '2026-11-03', remindAt: T0 + DAY };
    const { id: taskId } = await t.call('tasks.create', { ...task, assigneeId: me });
    await t.call('tasks.update', { ...task, id: taskId, assigneeId: colleague });
    expect(await pending()).toEqual([]);
    const theirs = async () => (await t.as(colleague).call('reminders.list', { state: 'pending' })).map((r) => [r.kind, r.contactId ?? r.taskId]);
    expect(await theirs()).toEqual([['contact', id], ['task', taskId]]);
    expect((await t.as(colleague).call('tasks.list', { today: '2026-11-02' }))[0]).toMatchObject({ id: taskId, remindAt: T0 + DAY });
    // Saving without a reminder removes it.
    await t.call('tasks.update', { ...task, id: taskId, assigneeId: colleague, remindAt: null });
    expect(await theirs()).toEqual([['contact', id]]);
    expect((await t.call('tasks.list', { today: '2026-11-02' }))[0]).toMatchObject({ id: taskId, remindAt: null });
  });

  it('a task done or deleted takes its reminder with it', async () => {
    const a = (await t.call('tasks.create', { title: 'a', assigneeId: me, remindAt: T0 + HOUR })).id;
    const b = (await t.call('tasks.create', { title: 'b', assigneeId: me, remindAt: T0 + HOUR })).id;
    await t.call('tasks.create', { title: 'born done', assigneeId: me, remindAt: T0 + HOUR, done: true });
    expect(await pending()).toEqual(['a', 'b']);
    await t.call('tasks.setDone', { id: a, done: true });
    await t.call('tasks.delete', { id: b });
    expect(await pending()).toEqual([]);
    // Reopening does not bring it back.
    await t.call('tasks.setDone', { id: a, done: false });
    expect(await pending()).toEqual([]);
  });

  it('skips reminders whose contact, task or firm is gone even if a path forgot to clear them', async () => {
    const { id } = await plan({ summary: 'contact' });
    const { id: taskId } = await t.call('tasks.create', { title: 'task', assigneeId: me, remindAt: T0 + HOUR });
    const other = (await t.call('firms.create', { name: 'Zaniklá s.r.o.', kinds: ['customer'] })).id;
    await plan({ firmId: other, summary: 'gone firm' });
    clock = T0 + HOUR;
    expect((await t.call('reminders.list', { state: 'due' })).map((r) => r.title)).toEqual(['contact', 'task', 'gone firm']);
    // Raw writes behind the handlers' backs (a sync, an old bug): the list still stays truthful.
    t.open.sqlite.prepare(`UPDATE contacts SET status = 'done' WHERE id = ?`).run(id);
    t.open.sqlite.prepare('UPDATE tasks SET done_at = ? WHERE id = ?').run(clock, taskId);
    t.open.sqlite.prepare('UPDATE firms SET deleted_at = ? WHERE id = ?').run(clock, other);
    expect(await t.call('reminders.list', { state: 'due' })).toEqual([]);
  });

  it('an opportunity\'s deadline watch: titled by the deal, timed by the deadline, gone once the deal closes', async () => {
    // Raw rows: the watch itself is written by the opportunities feature (tested there).
    const opp = '01900000-0000-7000-8000-00000000a001';
    t.open.sqlite.prepare(`INSERT INTO opportunities (id, firm_id, title, stage_id, currency, deadline_at, watch_days, owner_id,
      stage_changed_at, created_at, updated_at) VALUES (?, ?, 'Tender: lis 400 t', '00000000-0000-7000-8003-000000000003', 'CZK', ?, 2, ?, ?, ?, ?)`)
      .run(opp, firmId, T0 + 2 * DAY, me, T0, T0, T0);
    t.open.sqlite.prepare(`INSERT INTO reminders (id, user_id, kind, opportunity_id, at, created_at, updated_at)
      VALUES ('01900000-0000-7000-8000-00000000b001', ?, 'deadline', ?, ?, ?, ?)`).run(me, opp, T0, T0, T0);
    expect(await t.call('reminders.list', { state: 'due' })).toEqual([expect.objectContaining({
      kind: 'deadline', title: 'Tender: lis 400 t', opportunityId: opp, firmId, firmName: 'Horák Agro a.s.', eventAt: T0 + 2 * DAY, eventDate: null, due: true,
    })]);
    t.open.sqlite.prepare('UPDATE opportunities SET closed_at = ? WHERE id = ?').run(T0, opp);
    expect(await t.call('reminders.list', { state: 'pending' })).toEqual([]);
  });

  it('a reminder is for planned contacts only', async () => {
    expect(await t.fail('contacts.create', {
      firmId, status: 'done', at: T0, kindId: codeId(t, 'contact_kind', 'call'), referentId: me, summary: 'x', remindAt: T0 + HOUR,
    })).toMatchObject({ field: 'remindAt', messageKey: 'errors.remind_planned_only' });
    expect(t.count('reminders')).toBe(0);
  });
});
