// Reminder choices ↔ remindAt, in Prague local time (DST included).
process.env.TZ = 'Europe/Prague';
import { describe, expect, it } from 'vitest';
import {
  CONTACT_REMINDS, NO_REMIND, NO_TASK_REMIND, contactRemindAt, contactRemindState, editedContactRemindAt, taskRemindAt, taskRemindState,
} from './remind.ts';

const MIN = 60_000;
const local = (y: number, m: number, d: number, h = 0, min = 0) => new Date(y, m - 1, d, h, min).getTime();

describe('contact reminders', () => {
  const at = local(2026, 11, 4, 10, 0);

  it('ring a fixed time before the contact', () => {
    const r = (choice: (typeof CONTACT_REMINDS)[number]) => contactRemindAt({ choice, customBefore: 0 }, at);
    expect(r('none')).toBeNull();
    expect(r('at')).toBe(at);
    expect(r('5m')).toBe(at - 5 * MIN);
    expect(r('15m')).toBe(at - 15 * MIN);
    expect(r('30m')).toBe(at - 30 * MIN);
    expect(r('1h')).toBe(at - 60 * MIN);
    expect(r('1d')).toBe(local(2026, 11, 3, 10, 0));
  });

  it('"a day before" keeps the time of day across a DST change', () => {
    // Monday 26 Oct 2026 9:00 (winter time); the day before is Sunday 25th, 9:00 (also winter time after 3:00).
    const monday = local(2026, 10, 26, 9, 0);
    expect(contactRemindAt({ choice: '1d', customBefore: 0 }, monday)).toBe(local(2026, 10, 25, 9, 0));
    // Sunday 25 Oct 12:00 (winter time) → Saturday 24th 12:00 (summer time): 25 hours, not 24.
    const night = local(2026, 10, 25, 12, 0);
    expect(night - contactRemindAt({ choice: '1d', customBefore: 0 }, night)!).toBe(25 * 60 * MIN);
  });

  it('recognise the preset an existing reminder was set with, and keep any other as it was', () => {
    expect(contactRemindState(at, null)).toEqual(NO_REMIND);
    expect(contactRemindState(at, at - 15 * MIN)).toEqual({ choice: '15m', customBefore: 0 });
    expect(contactRemindState(at, local(2026, 11, 3, 10, 0))).toEqual({ choice: '1d', customBefore: 0 });
    const odd = contactRemindState(at, at - 45 * MIN);
    expect(odd).toEqual({ choice: 'custom', customBefore: 45 * MIN });
    expect(contactRemindAt(odd, at)).toBe(at - 45 * MIN);
    // Moving the contact moves a custom reminder with it ("45 minutes before" stays so).
    expect(contactRemindAt(odd, at + 2 * 60 * MIN)).toBe(at + 75 * MIN);
    // Round trip for every preset.
    for (const choice of CONTACT_REMINDS) {
      const remindAt = contactRemindAt({ choice, customBefore: 0 }, at);
      expect(contactRemindState(at, remindAt).choice).toBe(choice);
    }
  });
});

describe('task reminders', () => {
  it('ring at 9:00 on the due date or a few days before', () => {
    const s = (choice: 'due' | '1d' | '2d' | '1w') => ({ choice, customAt: null, customDue: null });
    expect(taskRemindAt(NO_TASK_REMIND, '2026-11-04')).toBeNull();
    expect(taskRemindAt(s('due'), '2026-11-04')).toBe(local(2026, 11, 4, 9));
    expect(taskRemindAt(s('1d'), '2026-11-04')).toBe(local(2026, 11, 3, 9));
    expect(taskRemindAt(s('2d'), '2026-11-04')).toBe(local(2026, 11, 2, 9));
    expect(taskRemindAt(s('1w'), '2026-11-04')).toBe(local(2026, 10, 28, 9));
    // Across the DST change, still 9:00 on the clock.
    expect(new Date(taskRemindAt(s('1w'), '2026-10-27')!).getHours()).toBe(9);
    // No due date: nothing to count from.
    expect(taskRemindAt(s('1d'), null)).toBeNull();
    expect(taskRemindAt(s('1d'), 'not a date')).toBeNull();
  });

  it('keep an existing reminder: a preset is recognised, any other time stays and follows the due date by whole days', () => {
    expect(taskRemindState('2026-11-04', null)).toEqual(NO_TASK_REMIND);
    expect(taskRemindState('2026-11-04', local(2026, 11, 3, 9))).toEqual({ choice: '1d', customAt: null, customDue: null });
    const evening = local(2026, 11, 3, 17, 30);
    const custom = taskRemindState('2026-11-04', evening);
    expect(custom).toEqual({ choice: 'custom', customAt: evening, customDue: '2026-11-04' });
    expect(taskRemindAt(custom, '2026-11-04')).toBe(evening);
    expect(taskRemindAt(custom, '2026-11-06')).toBe(local(2026, 11, 5, 17, 30));
    // The due date removed: the reminder keeps its time.
    expect(taskRemindAt(custom, null)).toBe(evening);
    // A reminder on a task without a due date is kept as it is.
    const undated = taskRemindState(null, evening);
    expect(undated.choice).toBe('custom');
    expect(taskRemindAt(undated, null)).toBe(evening);
  });
});

describe('editing a contact', () => {
  it('keeps the reminder to the millisecond while the time and the choice stay, recomputes it otherwise', () => {
    // Logged through the core with seconds; the form shows (and gives back) whole minutes.
    const at = local(2026, 11, 4, 10, 0) + 26_000;
    const remindAt = at - 15 * MIN;
    const state = contactRemindState(at, remindAt);
    const shown = local(2026, 11, 4, 10, 0);
    const original = { state, at: shown, remindAt };
    expect(editedContactRemindAt(state, shown, original)).toBe(remindAt);
    expect(editedContactRemindAt({ ...state }, shown, original)).toBe(remindAt);
    // Another time or another choice: computed from the form.
    expect(editedContactRemindAt(state, shown + 60 * MIN, original)).toBe(shown + 45 * MIN);
    expect(editedContactRemindAt({ choice: '5m', customBefore: 0 }, shown, original)).toBe(shown - 5 * MIN);
    expect(editedContactRemindAt(NO_REMIND, shown, original)).toBeNull();
    // A new contact: computed.
    expect(editedContactRemindAt(state, shown, null)).toBe(shown - 15 * MIN);
  });
});
