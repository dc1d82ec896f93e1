import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestCore, codeId, type TestCore } from '../test-helpers.ts';

let t: TestCore;
let me: string;
let colleague: string;
let firmId: string;
let personId: string;
let clock: number;
const T0 = Date.UTC(2026, 4, 4, 8, 0);

beforeEach(async () => {
  clock = T0;
  t = await openTestCore({ now: () => clock });
  me = t.open.localUserId;
  colleague = (await t.call('users.create', { name: 'Karel Zástupce' })).id;
  firmId = (await t.call('firms.create', { name: 'Dvořák a syn', kinds: ['customer'] })).id;
  personId = (await t.call('people.create', { firmId, titleBefore: 'Ing.', firstName: 'Ivan', lastName: 'Dvořák' })).id;
});
afterEach(async () => { await t.close(); });

const task = (extra: Record<string, unknown> = {}) => ({ title: 'Poslat ceník', assigneeId: me, ...extra });

describe('tasks', () => {
  it('creates standalone and linked tasks; a person brings its firm', async () => {
    const solo = await t.call('tasks.create', task({ title: 'Prodloužit pojištění auta' }));
    const onPerson = await t.call('tasks.create', task({ personId }));
    const list = await t.call('tasks.list', { today: '2026-05-04' });
    const byId = new Map(list.map((x) => [x.id, x]));
    expect(byId.get(solo.id)).toMatchObject({ firmId: null, firmName: null, personId: null, contactId: null, assigneeName: 'Eva Testová', authorId: me });
    expect(byId.get(onPerson.id)).toMatchObject({ firmId, firmName: 'Dvořák a syn', personId, personName: 'Ing. Ivan Dvořák' });
    expect((await t.call('tasks.list', { firmId, today: '2026-05-04' })).map((x) => x.id)).toEqual([onPerson.id]);
    expect((await t.call('tasks.list', { personId, today: '2026-05-04' })).map((x) => x.id)).toEqual([onPerson.id]);
  });

  it('a contact brings its firm and person; links that disagree are refused', async () => {
    const contactId = (await t.call('contacts.create', {
      firmId, personId, at: T0, kindId: codeId(t, 'contact_kind', 'meeting'), referentId: me, summary: 'Schůzka',
    })).id;
    const { id } = await t.call('tasks.create', task({ contactId }));
    expect((await t.call('tasks.list', { contactId, today: '2026-05-04' }))[0]).toMatchObject({ id, firmId, personId, contactId });

    const other = (await t.call('firms.create', { name: 'Cizí s.r.o.', kinds: ['prospect'] })).id;
    expect(await t.fail('tasks.create', task({ firmId: other, personId }))).toMatchObject({ code: 'validation', field: 'personId', messageKey: 'errors.unknown_ref' });
    expect(await t.fail('tasks.create', task({ firmId: other, contactId }))).toMatchObject({ field: 'contactId' });
    expect(await t.fail('tasks.create', task({ assigneeId: '01900000-0000-7000-8000-000000000000' }))).toMatchObject({ field: 'assigneeId', messageKey: 'errors.unknown_ref' });
    expect(await t.fail('tasks.create', task({ dueDate: '4. 5. 2026' }))).toMatchObject({ field: 'dueDate', messageKey: 'errors.date' });
    expect(t.count('tasks')).toBe(1);
  });

  it('overdue: open and due before the today the request names', async () => {
    const late = await t.call('tasks.create', task({ title: 'late', dueDate: '2026-05-03' }));
    const due = await t.call('tasks.create', task({ title: 'today', dueDate: '2026-05-04' }));
    const doneLate = await t.call('tasks.create', task({ title: 'done late', dueDate: '2026-05-01', done: true }));
    const list = await t.call('tasks.list', { state: 'all', today: '2026-05-04' });
    const overdue = Object.fromEntries(list.map((x) => [x.id, x.overdue]));
    expect(overdue).toEqual({ [late.id]: true, [due.id]: false, [doneLate.id]: false });
    expect((await t.call('tasks.list', { state: 'all', today: '2026-05-05' })).find((x) => x.id === due.id)!.overdue).toBe(true);
  });

  it('orders open tasks by due date (none last), then priority; done ones after, most recent first', async () => {
    await t.call('tasks.create', task({ title: 'no date, high', priority: 'high' }));
    await t.call('tasks.create', task({ title: 'may 10 low', dueDate: '2026-05-10', priority: 'low' }));
    await t.call('tasks.create', task({ title: 'may 10 high', dueDate: '2026-05-10', priority: 'high' }));
    await t.call('tasks.create', task({ title: 'may 6', dueDate: '2026-05-06' }));
    const a = await t.call('tasks.create', task({ title: 'done first' }));
    const b = await t.call('tasks.create', task({ title: 'done second' }));
    clock += 1000;
    await t.call('tasks.setDone', { id: a.id, done: true });
    clock += 1000;
    await t.call('tasks.setDone', { id: b.id, done: true });
    const titles = async (state: 'open' | 'done' | 'all') => (await t.call('tasks.list', { state, today: '2026-05-04' })).map((x) => x.title);
    expect(await titles('open')).toEqual(['may 6', 'may 10 high', 'may 10 low', 'no date, high']);
    expect(await titles('done')).toEqual(['done second', 'done first']);
    expect(await titles('all')).toEqual(['may 6', 'may 10 high', 'may 10 low', 'no date, high', 'done second', 'done first']);
  });

  it('filters by assignee, sets done and undone, edits and tombstones', async () => {
    const { id } = await t.call('tasks.create', task({ assigneeId: colleague, firmId }));
    expect((await t.call('tasks.list', { assigneeId: colleague, today: '2026-05-04' })).map((x) => x.id)).toEqual([id]);
    expect(await t.call('tasks.list', { assigneeId: me, today: '2026-05-04' })).toEqual([]);

    clock += 5000;
    await t.call('tasks.setDone', { id, done: true });
    const done = (await t.call('tasks.list', { state: 'done', today: '2026-05-04' }))[0]!;
    expect(done.doneAt).toBe(T0 + 5000);
    // Saving a done task again keeps when it was done.
    clock += 5000;
    await t.call('tasks.update', { ...task({ title: 'Poslat nový ceník', assigneeId: colleague, firmId, done: true }), id });
    expect((await t.call('tasks.list', { state: 'done', today: '2026-05-04' }))[0]).toMatchObject({ title: 'Poslat nový ceník', doneAt: T0 + 5000 });
    await t.call('tasks.setDone', { id, done: false });
    expect((await t.call('tasks.list', { today: '2026-05-04' }))[0]).toMatchObject({ id, doneAt: null });

    await t.call('tasks.delete', { id });
    expect(await t.call('tasks.list', { state: 'all', today: '2026-05-04' })).toEqual([]);
    expect(t.count('tasks')).toBe(1);
    expect(await t.fail('tasks.setDone', { id, done: true })).toMatchObject({ code: 'not_found' });
  });

  it('carries the assignee\'s reminder time (remindAt), kept, changed or removed by a save', async () => {
    const { id } = await t.call('tasks.create', task({ dueDate: '2026-05-06', remindAt: T0 + 3_600_000 }));
    const one = async () => (await t.call('tasks.list', { today: '2026-05-04' }))[0]!;
    expect(await one()).toMatchObject({ id, remindAt: T0 + 3_600_000 });
    await t.call('tasks.update', { ...task({ dueDate: '2026-05-06', remindAt: T0 + 7_200_000 }), id });
    expect((await one()).remindAt).toBe(T0 + 7_200_000);
    expect(t.open.sqlite.prepare('SELECT count(*) AS n FROM reminders WHERE task_id = ? AND deleted_at IS NULL').get(id)).toEqual({ n: 1 });
    await t.call('tasks.update', { ...task({ dueDate: '2026-05-06' }), id });
    expect((await one()).remindAt).toBeNull();
  });

  it('a task agreed in a contact may carry a reminder too', async () => {
    const { taskId } = await t.call('contacts.create', {
      firmId, at: T0, kindId: codeId(t, 'contact_kind', 'call'), referentId: me, summary: 'Volali jsme',
      task: { title: 'Poslat nabídku', assigneeId: colleague, remindAt: T0 + 3_600_000 },
    });
    expect((await t.call('tasks.list', { assigneeId: colleague, today: '2026-05-04' }))[0]).toMatchObject({ id: taskId, remindAt: T0 + 3_600_000 });
    expect((await t.as(colleague).call('reminders.list', { state: 'pending' })).map((r) => r.taskId)).toEqual([taskId]);
  });

  it('counts open tasks on the firm card', async () => {
    await t.call('tasks.create', task({ firmId }));
    const { id } = await t.call('tasks.create', task({ firmId }));
    await t.call('tasks.setDone', { id, done: true });
    expect((await t.call('firms.get', { id: firmId })).counts.openTasks).toBe(1);
  });
});

describe('a contact with an agreed task', () => {
  const contact = (extra: Record<string, unknown> = {}) => ({
    firmId, personId, at: T0, kindId: codeId(t, 'contact_kind', 'call'), referentId: me, summary: 'Volali jsme', ...extra,
  });

  it('creates one task linked to the contact, its firm and person', async () => {
    const { id, taskId, nextId } = await t.call('contacts.create', contact({
      task: { title: 'Poslat nabídku', dueDate: '2026-05-08', assigneeId: colleague, priority: 'high' },
    }));
    expect(nextId).toBeNull();
    expect(taskId).toBeTruthy();
    const tasks = await t.call('tasks.list', { firmId, today: '2026-05-04' });
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ id: taskId, contactId: id, firmId, personId, title: 'Poslat nabídku', assigneeId: colleague, priority: 'high', authorId: me });
  });

  it('returns taskId null without a task; on update a task is added; a bad assignee rolls back everything', async () => {
    const created = await t.call('contacts.create', contact());
    expect(created.taskId).toBeNull();
    const updated = await t.call('contacts.update', { ...contact({ task: { title: 'Zavolat znovu', assigneeId: me } }), id: created.id });
    expect(updated).toMatchObject({ id: created.id, nextId: null, taskId: expect.any(String) });
    expect((await t.call('tasks.list', { contactId: created.id, today: '2026-05-04' })).map((x) => x.id)).toEqual([updated.taskId]);

    expect(await t.fail('contacts.create', contact({ task: { title: 'X', assigneeId: '01900000-0000-7000-8000-000000000000' } })))
      .toMatchObject({ field: 'task.assigneeId', messageKey: 'errors.unknown_ref' });
    expect(t.count('contacts')).toBe(1);
    expect(t.count('tasks')).toBe(1);
  });
});
