// Pure date arithmetic of the calendar: which days a day / week / month view shows, stepping
// back and forth, where an agenda item falls, and moving a contact to another day at the same
// time of day. Everything is in the user's local time (the browser's clock), as the core's
// `agenda.range` is asked with the user's `tzOffset`.
import { addDays } from 'date-fns/addDays';
import { addMonths } from 'date-fns/addMonths';
import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import { endOfMonth } from 'date-fns/endOfMonth';
import { endOfWeek } from 'date-fns/endOfWeek';
import { format } from 'date-fns/format';
import { startOfMonth } from 'date-fns/startOfMonth';
import { startOfWeek } from 'date-fns/startOfWeek';
import type { AgendaItem } from '../../shared/types.ts';

export const AGENDA_VIEWS = ['day', 'week', 'month'] as const;
export type AgendaView = (typeof AGENDA_VIEWS)[number];
export type WeekStart = 0 | 1 | 2 | 3 | 4 | 5 | 6;

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD` of a local date or instant. */
export function isoDate(d: Date | number): string {
  return format(d, 'yyyy-MM-dd');
}

/** Local midnight of a `YYYY-MM-DD` day; null when it is not a real date. */
export function parseIsoDate(s: string): Date | null {
  const m = ISO.exec(s.trim());
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return d.getFullYear() === Number(m[1]) && d.getMonth() === Number(m[2]) - 1 && d.getDate() === Number(m[3]) ? d : null;
}

function day(s: string): Date {
  const d = parseIsoDate(s);
  if (!d) throw new RangeError(`not a date: ${s}`);
  return d;
}

export interface ViewRange {
  from: string;
  to: string;
  /** Every day shown, in order (a month view: whole weeks around the month). */
  days: string[];
}

/** The days a view around `anchor` shows. */
export function viewRange(view: AgendaView, anchor: string, weekStartsOn: WeekStart = 1): ViewRange {
  const a = day(anchor);
  let first: Date;
  let last: Date;
  if (view === 'day') {
    first = a;
    last = a;
  } else if (view === 'week') {
    first = startOfWeek(a, { weekStartsOn });
    last = endOfWeek(a, { weekStartsOn });
  } else {
    first = startOfWeek(startOfMonth(a), { weekStartsOn });
    last = endOfWeek(endOfMonth(a), { weekStartsOn });
  }
  const days: string[] = [];
  // Calendar days, not 24-hour steps: a DST change must not skip or repeat a day.
  const n = differenceInCalendarDays(last, first);
  for (let i = 0; i <= n; i++) days.push(isoDate(addDays(first, i)));
  return { from: days[0]!, to: days[days.length - 1]!, days };
}

/** The anchor one view back (-1) or forward (+1). A month step keeps the day where it can (31 Jan → 28 Feb). */
export function shiftAnchor(view: AgendaView, anchor: string, dir: -1 | 1): string {
  const a = day(anchor);
  if (view === 'day') return isoDate(addDays(a, dir));
  if (view === 'week') return isoDate(addDays(a, 7 * dir));
  return isoDate(addMonths(a, dir));
}

/** Splits a month view's days into weeks. */
export function weeks(days: readonly string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < days.length; i += 7) out.push(days.slice(i, i + 7));
  return out;
}

/** The local calendar day an item belongs to. */
export function itemDay(item: AgendaItem): string {
  return item.type === 'contact' ? isoDate(item.at) : item.date;
}

/** Items by local day, keeping the order the core gave within each day. */
export function groupByDay(items: readonly AgendaItem[]): Map<string, AgendaItem[]> {
  const out = new Map<string, AgendaItem[]>();
  for (const it of items) {
    const key = itemDay(it);
    const list = out.get(key);
    if (list) list.push(it);
    else out.set(key, [it]);
  }
  return out;
}

/** The same local time of day on another day (a contact dragged to another day cell). */
export function moveToDay(at: number, target: string): number {
  const t = day(target);
  const d = new Date(at);
  return new Date(t.getFullYear(), t.getMonth(), t.getDate(), d.getHours(), d.getMinutes(), d.getSeconds(), d.getMilliseconds()).getTime();
}

/**
 * When the next contact is suggested: a week after the contact (or after now, when the contact
 * was planned earlier than that), at the contact's time of day, off the weekend (to Monday).
 */
export function defaultNextAt(contactAt: number, now: number): number {
  const base = new Date(Math.max(contactAt, now));
  const when = new Date(contactAt);
  let d = addDays(new Date(base.getFullYear(), base.getMonth(), base.getDate()), 7);
  if (d.getDay() === 6) d = addDays(d, 2);
  else if (d.getDay() === 0) d = addDays(d, 1);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate(), when.getHours(), when.getMinutes()).getTime();
}

/** `<input type="datetime-local">` ↔ epoch ms (local time, minutes). */
export function toDateTimeInput(at: number): string {
  return format(at, "yyyy-MM-dd'T'HH:mm");
}

export function fromDateTimeInput(s: string): number | null {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/.exec(s.trim());
  if (!m) return null;
  const d = parseIsoDate(m[1]!);
  const h = Number(m[2]);
  const min = Number(m[3]);
  if (!d || h > 23 || min > 59) return null;
  return new Date(d.getFullYear(), d.getMonth(), d.getDate(), h, min).getTime();
}

/** A planned contact whose time has passed, or an open task due before today. */
export function isOverdue(item: AgendaItem, now: number): boolean {
  if (item.type === 'contact') return item.contact.status === 'planned' && item.at < now;
  return item.task.overdue;
}
