// Local-time calendar arithmetic, pinned to Prague so DST changes are exercised.
process.env.TZ = 'Europe/Prague';
import { describe, expect, it } from 'vitest';
import type { AgendaItem, Contact, Task } from '../../shared/types.ts';
import {
  defaultNextAt, fromDateTimeInput, groupByDay, isOverdue, isoDate, moveToDay, parseIsoDate, shiftAnchor, toDateTimeInput, viewRange, weeks,
} from './calendar.ts';

const local = (y: number, m: number, d: number, h = 0, min = 0) => new Date(y, m - 1, d, h, min).getTime();

const contact = (id: string, at: number, status: Contact['status'] = 'planned'): AgendaItem => ({
  type: 'contact', id, at,
  contact: {
    id, firmId: 'f', firmName: 'Firma', personId: null, personName: null, status, at, kindId: 'k', referentId: 'u', referentName: 'U',
    resultId: null, summary: 's', note: '', followsId: null, remindAt: null, createdAt: 0, updatedAt: 0,
  },
});
const task = (id: string, date: string, overdue = false): AgendaItem => ({
  type: 'task', id, date,
  task: {
    id, firmId: null, firmName: null, personId: null, personName: null, contactId: null, title: 't', note: '', dueDate: date,
    assigneeId: 'u', assigneeName: 'U', authorId: 'u', priority: 'normal', doneAt: null, overdue, remindAt: null, createdAt: 0,
  } satisfies Task,
});

describe('calendar views', () => {
  it('runs in Prague time (the test pins TZ)', () => {
    expect(new Date(Date.UTC(2026, 6, 1, 12)).getHours()).toBe(14);
  });

  it('a day view is the day itself', () => {
    expect(viewRange('day', '2026-11-04')).toEqual({ from: '2026-11-04', to: '2026-11-04', days: ['2026-11-04'] });
  });

  it('a week view runs Monday to Sunday (or from the locale\'s first day)', () => {
    const w = viewRange('week', '2026-11-04');
    expect(w.days).toEqual(['2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06', '2026-11-07', '2026-11-08']);
    expect(viewRange('week', '2026-11-08').from).toBe('2026-11-02');
    expect(viewRange('week', '2026-11-09').from).toBe('2026-11-09');
    expect(viewRange('week', '2026-11-04', 0)).toMatchObject({ from: '2026-11-01', to: '2026-11-07' });
  });

  it('a week across the DST change still has seven distinct days', () => {
    // 25 October 2026: clocks go back in Central Europe.
    const w = viewRange('week', '2026-10-25');
    expect(w.days).toEqual(['2026-10-19', '2026-10-20', '2026-10-21', '2026-10-22', '2026-10-23', '2026-10-24', '2026-10-25']);
    expect(viewRange('week', '2026-03-29').days).toHaveLength(7);
    expect(new Set(viewRange('month', '2026-03-10').days).size).toBe(viewRange('month', '2026-03-10').days.length);
  });

  it('a month view covers whole weeks around the month', () => {
    const m = viewRange('month', '2026-11-15');
    // November 2026 starts on a Sunday and ends on a Monday.
    expect(m.from).toBe('2026-10-26');
    expect(m.to).toBe('2026-12-06');
    expect(m.days).toHaveLength(42);
    expect(weeks(m.days)).toHaveLength(6);
    expect(weeks(m.days).every((w) => w.length === 7)).toBe(true);
    // February 2027 starts on a Monday and has exactly four weeks.
    expect(viewRange('month', '2027-02-10')).toMatchObject({ from: '2027-02-01', to: '2027-02-28' });
  });

  it('steps back and forth by a day, a week or a month', () => {
    expect(shiftAnchor('day', '2026-12-31', 1)).toBe('2027-01-01');
    expect(shiftAnchor('day', '2026-03-01', -1)).toBe('2026-02-28');
    expect(shiftAnchor('week', '2026-10-22', 1)).toBe('2026-10-29');
    expect(shiftAnchor('month', '2026-01-31', 1)).toBe('2026-02-28');
    expect(shiftAnchor('month', '2026-01-15', -1)).toBe('2025-12-15');
  });

  it('parses only real dates', () => {
    expect(parseIsoDate('2026-02-29')).toBeNull();
    expect(parseIsoDate('2028-02-29')?.getDate()).toBe(29);
    expect(parseIsoDate('6. 11. 2026')).toBeNull();
    expect(() => viewRange('day', 'x')).toThrow(RangeError);
    expect(isoDate(local(2026, 1, 5, 23, 59))).toBe('2026-01-05');
  });
});

describe('items on days', () => {
  it('puts a contact on its local day and a task on its due date, keeping the core\'s order', () => {
    // 23:30 UTC on 1 December is 00:30 on the 2nd in Prague.
    const late = contact('late', Date.UTC(2026, 11, 1, 23, 30));
    const early = contact('early', local(2026, 12, 1, 8, 0));
    const t = task('t', '2026-12-02');
    const g = groupByDay([early, late, t]);
    expect([...g.keys()]).toEqual(['2026-12-01', '2026-12-02']);
    expect(g.get('2026-12-02')!.map((i) => i.id)).toEqual(['late', 't']);
  });

  it('marks planned contacts in the past and tasks the core called overdue', () => {
    const now = local(2026, 11, 4, 12);
    expect(isOverdue(contact('a', now - 1), now)).toBe(true);
    expect(isOverdue(contact('b', now - 1, 'done'), now)).toBe(false);
    expect(isOverdue(contact('c', now + 1), now)).toBe(false);
    expect(isOverdue(task('d', '2026-11-01', true), now)).toBe(true);
    expect(isOverdue(task('e', '2026-11-01', false), now)).toBe(false);
  });
});

describe('moving and planning', () => {
  it('moves a contact to another day at the same local time, across a DST change too', () => {
    expect(moveToDay(local(2026, 11, 4, 14, 30), '2026-11-09')).toBe(local(2026, 11, 9, 14, 30));
    // Summer time (UTC+2) → winter time (UTC+1): still 10:15 on the clock, so 25 hours later.
    const summer = local(2026, 10, 23, 10, 15);
    const winter = moveToDay(summer, '2026-10-26');
    expect(new Date(winter).getHours()).toBe(10);
    expect(new Date(winter).getMinutes()).toBe(15);
    expect(winter - summer).toBe(3 * 86_400_000 + 3_600_000);
  });

  it('suggests the next contact a week later at the same time, never on a weekend', () => {
    // Wednesday 4 Nov 2026 10:00 → Wednesday 11 Nov 10:00.
    expect(defaultNextAt(local(2026, 11, 4, 10), local(2026, 11, 4, 9))).toBe(local(2026, 11, 11, 10));
    // Saturday 7 Nov → Saturday 14th → Monday 16th.
    expect(defaultNextAt(local(2026, 11, 7, 10), local(2026, 11, 1))).toBe(local(2026, 11, 16, 10));
    // Sunday → Monday.
    expect(defaultNextAt(local(2026, 11, 8, 10), local(2026, 11, 1))).toBe(local(2026, 11, 16, 10));
    // Completed long after it was planned: a week from now, at the contact's time.
    expect(defaultNextAt(local(2026, 10, 1, 14, 45), local(2026, 11, 4, 9))).toBe(local(2026, 11, 11, 14, 45));
  });

  it('round-trips datetime-local input values', () => {
    const at = local(2026, 11, 4, 7, 5);
    expect(toDateTimeInput(at)).toBe('2026-11-04T07:05');
    expect(fromDateTimeInput('2026-11-04T07:05')).toBe(at);
    expect(fromDateTimeInput('2026-11-04T07:05:00')).toBe(at);
    expect(fromDateTimeInput('2026-11-04 7:05')).toBe(at);
    expect(fromDateTimeInput('2026-11-31T07:05')).toBeNull();
    expect(fromDateTimeInput('2026-11-04T24:00')).toBeNull();
    expect(fromDateTimeInput('')).toBeNull();
  });
});
