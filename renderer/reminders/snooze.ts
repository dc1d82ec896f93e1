// Until when a reminder is snoozed: 10 minutes, an hour, or tomorrow at 9:00 (local time).
import { addDays } from 'date-fns/addDays';

export const SNOOZES = ['10m', '1h', 'tomorrow'] as const;
export type Snooze = (typeof SNOOZES)[number];

export function snoozeUntil(option: Snooze, now: number): number {
  if (option === '10m') return now + 10 * 60_000;
  if (option === '1h') return now + 60 * 60_000;
  const d = addDays(new Date(now), 1);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate(), 9, 0).getTime();
}

/** The one-time "missed reminders" notice at start: how many were already due when the app opened. */
export function missedAtStart(reminders: readonly { due: boolean; at: number }[], startedAt: number): number {
  return reminders.filter((r) => r.due && r.at <= startedAt).length;
}
