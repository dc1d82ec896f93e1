import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startReminderPoller, toNotify, type ReminderPoller } from './reminders.ts';
import type { Envelope } from '../../shared/errors.ts';
import type { Reminder } from '../../shared/types.ts';

const reminder = (id: string, extra: Partial<Reminder> = {}): Reminder => ({
  id, kind: 'contact', at: 1000, snoozed: false, shown: false, due: true, title: `title ${id}`, firmId: null, firmName: null,
  contactId: null, taskId: null, opportunityId: null, eventAt: null, eventDate: null, ...extra,
});

describe('toNotify', () => {
  it('keeps the due reminders whose notification has not gone out', () => {
    const list = [reminder('a'), reminder('b', { shown: true }), reminder('c', { due: false }), reminder('d', { snoozed: true })];
    expect(toNotify(list).map((r) => r.id)).toEqual(['a', 'd']);
    expect(toNotify([])).toEqual([]);
  });
});

/** A stand-in for the core: the due list and markShown, as the contract answers them. */
function fakeCore(initial: Reminder[]) {
  const store = new Map(initial.map((r) => [r.id, { ...r }]));
  const calls: [string, unknown][] = [];
  let failList = false;
  const invoke = vi.fn(async (channel: string, input: unknown): Promise<Envelope<unknown>> => {
    calls.push([channel, input]);
    if (channel === 'reminders.list') {
      if (failList) return { ok: false, error: { code: 'internal', messageKey: 'errors.internal' } };
      return { ok: true, value: [...store.values()].filter((r) => r.due) };
    }
    if (channel === 'reminders.markShown') {
      const ids = (input as { ids: string[] }).ids;
      for (const id of ids) store.get(id)!.shown = true;
      return { ok: true, value: { count: ids.length } };
    }
    throw new Error(`unexpected channel ${channel}`);
  });
  return { store, calls, invoke, failListing: (v: boolean) => { failList = v; } };
}

let poller: ReminderPoller | null = null;
beforeEach(() => { vi.useFakeTimers(); });
afterEach(() => {
  poller?.stop();
  poller = null;
  vi.useRealTimers();
});

describe('startReminderPoller', () => {
  it('at start notifies the due reminders (missed while closed), once each, then marks them shown', async () => {
    const core = fakeCore([reminder('a'), reminder('b', { shown: true }), reminder('c', { due: false })]);
    const notified: string[] = [];
    poller = startReminderPoller({ invoke: core.invoke, notify: (r) => notified.push(r.title) });
    await poller.poll();
    expect(notified).toEqual(['title a']);
    expect(core.calls).toEqual([['reminders.list', { state: 'due' }], ['reminders.markShown', { ids: ['a'] }]]);
    expect(core.store.get('a')!.shown).toBe(true);

    // Next round, 30 s later: nothing new, no second notification, no markShown.
    await vi.advanceTimersByTimeAsync(30_000);
    expect(notified).toEqual(['title a']);
    expect(core.calls.map(([c]) => c)).toEqual(['reminders.list', 'reminders.markShown', 'reminders.list']);
  });

  it('polls every interval and raises a reminder when it becomes due', async () => {
    const core = fakeCore([reminder('a', { due: false })]);
    const notify = vi.fn();
    poller = startReminderPoller({ invoke: core.invoke, notify, intervalMs: 30_000 });
    await vi.advanceTimersByTimeAsync(0);
    expect(notify).not.toHaveBeenCalled();
    core.store.get('a')!.due = true;
    await vi.advanceTimersByTimeAsync(29_999);
    expect(notify).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(notify).toHaveBeenCalledTimes(1);
    expect(notify.mock.calls[0]![0]).toMatchObject({ id: 'a' });
    expect(core.calls.filter(([c]) => c === 'reminders.list')).toHaveLength(2);
  });

  it('does not repeat a notification when markShown failed, but rings again for a snoozed reminder', async () => {
    const core = fakeCore([reminder('a')]);
    core.invoke.mockImplementation(async (channel: string) => channel === 'reminders.list'
      ? { ok: true, value: [...core.store.values()] }
      : { ok: false, error: { code: 'internal', messageKey: 'errors.internal' } });
    const notify = vi.fn();
    poller = startReminderPoller({ invoke: core.invoke, notify, log: () => {} });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(notify).toHaveBeenCalledTimes(1);
    // Snoozed and due again: a new ring time.
    core.store.get('a')!.at = 5000;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(notify).toHaveBeenCalledTimes(2);
  });

  it('survives a failing list and a failing notification; stop ends the polling', async () => {
    const core = fakeCore([reminder('a'), reminder('b')]);
    core.failListing(true);
    const lines: string[] = [];
    const notify = vi.fn((r: Reminder) => { if (r.id === 'a') throw new Error('no notification server'); });
    poller = startReminderPoller({ invoke: core.invoke, notify, log: (l) => lines.push(l) });
    await vi.advanceTimersByTimeAsync(0);
    expect(notify).not.toHaveBeenCalled();
    expect(lines.join('\n')).toMatch(/reminders\.list failed/);
    core.failListing(false);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(notify).toHaveBeenCalledTimes(2);
    // Only the one that was shown is marked; the other is tried again next round.
    expect(core.calls.at(-1)).toEqual(['reminders.markShown', { ids: ['b'] }]);
    poller.stop();
    const before = core.calls.length;
    await vi.advanceTimersByTimeAsync(120_000);
    expect(core.calls.length).toBe(before);
  });

  it('never runs two rounds at once', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    const invoke = vi.fn(async (channel: string): Promise<Envelope<unknown>> => {
      if (channel === 'reminders.list') { await gate; return { ok: true, value: [reminder('a')] }; }
      return { ok: true, value: { count: 1 } };
    });
    const notify = vi.fn();
    poller = startReminderPoller({ invoke, notify });
    await vi.advanceTimersByTimeAsync(90_000); // three timer ticks while the first round waits
    expect(invoke).toHaveBeenCalledTimes(1);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(notify).toHaveBeenCalledTimes(1);
  });
});
