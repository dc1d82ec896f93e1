// The "Reminder" choice of the contact, task and completion dialogs ↔ the contract's `remindAt`
// (epoch ms). A contact is reminded a fixed time before it; a task (a due date without a time of
// day) at 9:00 on a day before or on its due date. A reminder that matches none of the presets
// (set elsewhere, or before 9:00 changed here) is kept as it was: 'custom'.
import { addDays } from 'date-fns/addDays';
import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import { subDays } from 'date-fns/subDays';
import { parseIsoDate } from './calendar.ts';

const MIN = 60_000;

export const CONTACT_REMINDS = ['none', 'at', '5m', '15m', '30m', '1h', '1d'] as const;
export type ContactRemind = (typeof CONTACT_REMINDS)[number] | 'custom';

const CONTACT_OFFSETS: Record<Exclude<ContactRemind, 'none' | 'custom' | '1d'>, number> = {
  at: 0, '5m': 5 * MIN, '15m': 15 * MIN, '30m': 30 * MIN, '1h': 60 * MIN,
};

/** A contact's reminder choice; `customBefore`: how long before the contact a 'custom' one rings. */
export interface ContactRemindState {
  choice: ContactRemind;
  customBefore: number;
}

export const NO_REMIND: ContactRemindState = { choice: 'none', customBefore: 0 };

/** When a contact at `at` is reminded under a choice (null: no reminder). */
export function contactRemindAt(state: ContactRemindState, at: number): number | null {
  switch (state.choice) {
    case 'none': return null;
    case 'custom': return at - state.customBefore;
    // The same time of day the day before, also across a DST change.
    case '1d': return subDays(at, 1).getTime();
    default: return at - CONTACT_OFFSETS[state.choice];
  }
}

/** The choice that gives an existing reminder (editing a contact keeps what was set). */
export function contactRemindState(at: number, remindAt: number | null): ContactRemindState {
  if (remindAt === null) return NO_REMIND;
  for (const choice of CONTACT_REMINDS) {
    if (choice !== 'none' && contactRemindAt({ choice, customBefore: 0 }, at) === remindAt) return { choice, customBefore: 0 };
  }
  return { choice: 'custom', customBefore: at - remindAt };
}

export const TASK_REMINDS = ['none', 'due', '1d', '2d', '1w'] as const;
export type TaskRemind = (typeof TASK_REMINDS)[number] | 'custom';

const TASK_DAYS: Record<Exclude<TaskRemind, 'none' | 'custom'>, number> = { due: 0, '1d': 1, '2d': 2, '1w': 7 };
/** Tasks are reminded at this hour of the chosen day. */
export const TASK_REMIND_HOUR = 9;

/** A task's reminder choice; a 'custom' one keeps its time (`customAt`) as set for `customDue`. */
export interface TaskRemindState {
  choice: TaskRemind;
  customAt: number | null;
  customDue: string | null;
}

export const NO_TASK_REMIND: TaskRemindState = { choice: 'none', customAt: null, customDue: null };

/** When a task due on `dueDate` is reminded under a choice (null: none, or no due date to count from). */
export function taskRemindAt(state: TaskRemindState, dueDate: string | null): number | null {
  if (state.choice === 'none') return null;
  const due = dueDate ? parseIsoDate(dueDate) : null;
  if (state.choice === 'custom') {
    if (state.customAt === null) return null;
    const was = state.customDue ? parseIsoDate(state.customDue) : null;
    // The due date moved: the reminder moves by the same number of days (as the core does when
    // a task is dragged to another day).
    return due && was ? addDays(state.customAt, differenceInCalendarDays(due, was)).getTime() : state.customAt;
  }
  if (!due) return null;
  const d = subDays(due, TASK_DAYS[state.choice]);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate(), TASK_REMIND_HOUR, 0).getTime();
}

export function taskRemindState(dueDate: string | null, remindAt: number | null): TaskRemindState {
  if (remindAt === null) return NO_TASK_REMIND;
  for (const choice of TASK_REMINDS) {
    if (choice !== 'none' && taskRemindAt({ choice, customAt: null, customDue: null }, dueDate) === remindAt) {
      return { choice, customAt: null, customDue: null };
    }
  }
  return { choice: 'custom', customAt: remindAt, customDue: dueDate };
}

/**
 * The `remindAt` a contact dialog saves. While neither the contact's time (as the form shows
 * it, to the minute) nor the choice changed, the reminder stays exactly as it was: re-saving a
 * contact must not move it by the seconds the form cannot show — the core would re-arm a
 * changed reminder (ring again, forget a snooze).
 */
export function editedContactRemindAt(
  state: ContactRemindState, at: number,
  original: { state: ContactRemindState; at: number; remindAt: number | null } | null,
): number | null {
  if (original && original.at === at && original.state.choice === state.choice && original.state.customBefore === state.customBefore) {
    return original.remindAt;
  }
  return contactRemindAt(state, at);
}
