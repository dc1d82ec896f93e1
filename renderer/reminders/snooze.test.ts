process.env.TZ = 'Europe/Prague';
import { describe, expect, it } from 'vitest';
import { missedAtStart, snoozeUntil } from './snooze.ts';

const local = (y: number, m: number, d: number, h = 0, min = 0) => new Date(y, m - 1, d, h, min).getTime();

describe('snooze', () => {
  it('for 10 minutes, an hour, or until tomorrow 9:00 local time', () => {
    const now = local(2026, 11, 4, 16, 20);
    expect(snoozeUntil('10m', now)).toBe(now + 10 * 60_000);
    expect(snoozeUntil('1h', now)).toBe(now + 60 * 60_000);
    expect(snoozeUntil('tomorrow', now)).toBe(local(2026, 11, 5, 9, 0));
    // Late at night, tomorrow is still the next calendar day; across the DST change 9:00 on the clock.
    expect(snoozeUntil('tomorrow', local(2026, 12, 31, 23, 59))).toBe(local(2027, 1, 1, 9, 0));
    expect(new Date(snoozeUntil('tomorrow', local(2026, 10, 24, 20))).getHours()).toBe(9);
  });

  it('counts the reminders already due when the app started', () => {
    const start = local(2026, 11, 4, 8);
    expect(missedAtStart([{ due: true, at: start - 1 }, { due: true, at: start }, { due: true, at: start + 1 }, { due: false, at: start - 5 }], start)).toBe(2);
    expect(missedAtStart([], start)).toBe(0);
  });
});
