import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestCore, codeId, type TestCore } from '../test-helpers.ts';
import type { TimelineItem, TimelinePage, TimelineType } from '../../../shared/types.ts';

let t: TestCore;
let clock: number;
let me: string;
let firmId: string;
let personId: string;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 5, 1, 12, 0);

beforeEach(async () => {
  clock = T0;
  t = await openTestCore({ now: () => clock });
  me = t.open.localUserId;
  firmId = (await t.call('firms.create', { name: 'Horák Stavby', kinds: ['customer'] })).id;
  personId = (await t.call('people.create', { firmId, firstName: 'Jiří', lastName: 'Horák' })).id;
});
afterEach(async () => { await t.close(); });

const contact = (extra: Record<string, unknown> = {}) => ({
  firmId, at: T0, kindId: codeId(t, 'contact_kind', 'call'), referentId: me, summary: 'Hovor', ...extra,
});
const summary = (i: TimelineItem) => {
  switch (i.type) {
    case 'contact': return `contact:${i.contact.summary}`;
    case 'task': return `task:${i.task.title}`;
    case 'note': return `note:${i.note.title}`;
    case 'attachment': return `attachment:${i.attachment.name}`;
    case 'change': return `change:${i.change.field}:${i.change.newValue}`;
  }
};

async function allPages(input: Record<string, unknown>, limit: number): Promise<TimelineItem[]> {
  const out: TimelineItem[] = [];
  let before: { at: number; id: string } | null = null;
  for (let guard = 0; guard < 100; guard++) {
    const page: TimelinePage = await t.call('timeline.list', { ...input, limit, before } as never);
    expect(page.items.length).toBeLessThanOrEqual(limit);
    out.push(...page.items);
    if (!page.next) return out;
    expect(page.items.length).toBe(limit);
    expect(page.next).toEqual({ at: page.items.at(-1)!.at, id: page.items.at(-1)!.id });
    before = page.next;
  }
  throw new Error('pagination does not end');
}

describe('timeline', () => {
  it('merges contacts, tasks, notes, attachments and changes newest first (planned future on top)', async () => {
    await t.call('contacts.create', contact({ at: T0 - 3 * DAY, summary: 'old call' }));
    await t.call('contacts.create', contact({ at: T0 + 2 * DAY, status: 'planned', summary: 'planned visit' }));
    clock = T0 - 2 * DAY;
    const task = await t.call('tasks.create', { firmId, title: 'send offer', assigneeId: me });
    await t.call('notes.create', { firmId, title: 'note', at: T0 - DAY });
    clock = T0 - 12 * 3600_000;
    await t.call('attachments.add', { firmId, name: 'offer.pdf', content: Buffer.from('pdf').toString('base64') });
    clock = T0;
    await t.call('firms.update', { id: firmId, name: 'Horák Stavby s.r.o.', kinds: ['customer'] });
    clock = T0 + 3600_000;
    await t.call('tasks.create', { firmId, title: 'done task', assigneeId: me });
    clock = T0 + 2 * 3600_000;
    // A task is placed by when it was done, or else created.
    await t.call('tasks.setDone', { id: task.id, done: true });

    const { items, next } = await t.call('timeline.list', { firmId, today: '2026-06-01' });
    expect(next).toBeNull();
    expect(items.map(summary)).toEqual([
      'contact:planned visit', 'task:send offer', 'task:done task', 'change:name:Horák Stavby s.r.o.',
      'attachment:offer.pdf', 'note:note', 'contact:old call',
    ]);
    expect(items.map((i) => i.at)).toEqual([T0 + 2 * DAY, T0 + 2 * 3600_000, T0 + 3600_000, T0, T0 - 12 * 3600_000, T0 - DAY, T0 - 3 * DAY]);
    const change = items.find((i) => i.type === 'change');
    expect(change).toMatchObject({ change: { firmId, oldValue: 'Horák Stavby', userId: me, userName: 'Eva Testová' } });
    expect(items[0]).toMatchObject({ type: 'contact', contact: { status: 'planned', firmName: 'Horák Stavby s.r.o.', referentName: 'Eva Testová' } });
  });

  it('filters by type', async () => {
    await t.call('contacts.create', contact());
    await t.call('tasks.create', { firmId, title: 'task', assigneeId: me });
    await t.call('notes.create', { firmId, title: 'note', at: T0 });
    const types = async (list: TimelineType[]) => (await t.call('timeline.list', { firmId, types: list })).items.map((i) => i.type).sort();
    expect(await types(['note'])).toEqual(['note']);
    expect(await types(['contact', 'task'])).toEqual(['contact', 'task']);
    expect(await types([])).toEqual([]);
  });

  it('pages with a (at, id) cursor: no duplicates, no gaps, ties broken by id', async () => {
    // 9 contacts, 3 of them at the same instant; 6 tasks created at the same instant; 5 notes.
    for (let i = 0; i < 9; i++) await t.call('contacts.create', contact({ at: i < 3 ? T0 : T0 - i * DAY, summary: `c${i}` }));
    clock = T0;
    for (let i = 0; i < 6; i++) await t.call('tasks.create', { firmId, title: `t${i}`, assigneeId: me });
    for (let i = 0; i < 5; i++) await t.call('notes.create', { firmId, title: `n${i}`, at: T0 - i * DAY - 1 });
    const everything = (await t.call('timeline.list', { firmId, limit: 200 })).items;
    expect(everything).toHaveLength(20);
    for (let i = 1; i < everything.length; i++) {
      const [a, b] = [everything[i - 1]!, everything[i]!];
      expect(a.at > b.at || (a.at === b.at && a.id > b.id), `${i}`).toBe(true);
    }
    for (const limit of [1, 3, 4, 7, 20]) {
      const paged = await allPages({ firmId }, limit);
      expect(paged.map((i) => i.id), `limit ${limit}`).toEqual(everything.map((i) => i.id));
    }
    // Exactly one full page: no next cursor pointing at nothing.
    expect((await t.call('timeline.list', { firmId, limit: 20 })).next).toBeNull();
    expect((await t.call('timeline.list', { firmId, limit: 19 })).next).not.toBeNull();
  });

  it('a person\'s stream: their contacts, tasks, notes and attachments, no firm-level changes', async () => {
    const other = (await t.call('people.create', { firmId, lastName: 'Jiný' })).id;
    await t.call('contacts.create', contact({ personId, summary: 'with Jiří' }));
    await t.call('contacts.create', contact({ personId: other, summary: 'with other' }));
    await t.call('tasks.create', { personId, title: 'for Jiří', assigneeId: me });
    await t.call('notes.create', { firmId, personId, title: 'about Jiří', at: T0 - 1 });
    await t.call('attachments.add', { firmId, personId, name: 'cv.pdf', content: '' });
    await t.call('firms.update', { id: firmId, name: 'Renamed', kinds: ['customer'] });
    const { items } = await t.call('timeline.list', { personId });
    expect(items.map(summary).sort()).toEqual(['attachment:cv.pdf', 'contact:with Jiří', 'note:about Jiří', 'task:for Jiří']);
  });

  it('a segment\'s stream combines its members', async () => {
    const second = (await t.call('firms.create', { name: 'Druhá', kinds: ['customer'] })).id;
    const outsider = (await t.call('firms.create', { name: 'Mimo', kinds: ['customer'] })).id;
    const segmentId = (await t.call('segments.create', { kind: 'category', name: 'Stavebnictví' })).id;
    await t.call('segments.members', { id: segmentId, add: [firmId, second] });
    await t.call('contacts.create', contact({ summary: 'first', at: T0 - 2 }));
    await t.call('contacts.create', contact({ firmId: second, summary: 'second', at: T0 - 1 }));
    await t.call('contacts.create', contact({ firmId: outsider, summary: 'outside' }));
    await t.call('notes.create', { firmId: second, title: 'second note', at: T0 - 3, visibility: 'everyone' });
    const { items } = await t.call('timeline.list', { segmentId, types: ['contact', 'note'] });
    expect(items.map(summary)).toEqual(['contact:second', 'contact:first', 'note:second note']);
    // A mixed stream says whose each item is (notes, files and changes carry no name of their own).
    const firstName = (await t.call('firms.get', { id: firmId })).firm.name;
    expect(items.map((i) => i.firmName)).toEqual(['Druhá', firstName, 'Druhá']);
    expect((await allPages({ segmentId }, 2)).map((i) => i.id)).toEqual((await t.call('timeline.list', { segmentId })).items.map((i) => i.id));
  });

  it('needs a firm, a person or a segment', async () => {
    expect(await t.fail('timeline.list', {})).toMatchObject({ code: 'validation', field: 'firmId', messageKey: 'errors.required' });
  });
});

describe('firms.colleagues', () => {
  it('lists other users with done or planned contacts in the last N days, newest first; me excluded', async () => {
    const b = (await t.call('users.create', { name: 'Bára' })).id;
    const c = (await t.call('users.create', { name: 'Cyril' })).id;
    const d = (await t.call('users.create', { name: 'Dana' })).id;
    const other = (await t.call('firms.create', { name: 'Jiná', kinds: ['customer'] })).id;
    await t.call('contacts.create', contact({ referentId: b, at: T0 - 10 * DAY }));
    await t.call('contacts.create', contact({ referentId: b, at: T0 - 20 * DAY }));
    await t.call('contacts.create', contact({ referentId: b, at: T0 + 5 * DAY, status: 'planned' }));
    await t.call('contacts.create', contact({ referentId: c, at: T0 - 30 * DAY }));
    await t.call('contacts.create', contact({ referentId: c, at: T0 - 100 * DAY }));
    await t.call('contacts.create', contact({ referentId: d, at: T0 - 91 * DAY }));
    await t.call('contacts.create', contact({ referentId: d, at: T0, firmId: other }));
    await t.call('contacts.create', contact({ referentId: me, at: T0 - DAY }));
    const deleted = await t.call('contacts.create', contact({ referentId: d, at: T0 - DAY }));
    await t.call('contacts.delete', { id: deleted.id });

    expect(await t.call('firms.colleagues', { firmId })).toEqual([
      { userId: b, userName: 'Bára', done: 2, planned: 1, lastDoneAt: T0 - 10 * DAY, plannedAt: T0 + 5 * DAY },
      { userId: c, userName: 'Cyril', done: 1, planned: 0, lastDoneAt: T0 - 30 * DAY, plannedAt: null },
    ]);
    expect((await t.call('firms.colleagues', { firmId, days: 120 })).map((x) => [x.userName, x.done])).toEqual([['Bára', 2], ['Cyril', 2], ['Dana', 1]]);
    // Seen by B: B is left out, and I appear.
    expect((await t.as(b).call('firms.colleagues', { firmId })).map((x) => x.userId)).toEqual([me, c]);
  });

  it('never calls a plan the last contact: only done ones are "last"; the planned one shown is the next, else the overdue one', async () => {
    const z = (await t.call('users.create', { name: 'Zsófia Varga' })).id;
    const o = (await t.call('users.create', { name: 'Oleg Petrov' })).id;
    await t.call('contacts.create', contact({ referentId: z, at: T0 + 40 * DAY, status: 'planned' }));
    await t.call('contacts.create', contact({ referentId: z, at: T0 + 9 * DAY, status: 'planned' }));
    // Oleg: a call made, and a plan he did not carry out (overdue), none to come.
    await t.call('contacts.create', contact({ referentId: o, at: T0 - 8 * DAY }));
    await t.call('contacts.create', contact({ referentId: o, at: T0 - 3 * DAY, status: 'planned' }));
    await t.call('contacts.create', contact({ referentId: o, at: T0 - 5 * DAY, status: 'planned' }));
    expect(await t.call('firms.colleagues', { firmId })).toEqual([
      { userId: z, userName: 'Zsófia Varga', done: 0, planned: 2, lastDoneAt: null, plannedAt: T0 + 9 * DAY },
      { userId: o, userName: 'Oleg Petrov', done: 1, planned: 2, lastDoneAt: T0 - 8 * DAY, plannedAt: T0 - 3 * DAY },
    ]);
  });
});
