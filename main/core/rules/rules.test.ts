import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestCore, codeId, type TestCore } from '../test-helpers.ts';
import type { Input } from '../../../shared/contract.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Monday 1 June 2026, 09:00 UTC. */
const NOW = Date.UTC(2026, 5, 1, 9, 0);
const MISSING = '01900000-0000-7000-8000-000000000bad';

let t: TestCore;
let clock: number;
let me: string;
let colleague: string;
let segA: string;
let tag: string;
let kind: (code: string) => string;

beforeEach(async () => {
  // The firms exist for a year before "now": a never-contacted firm is overdue from then.
  clock = NOW - 365 * DAY;
  t = await openTestCore({ now: () => clock });
  me = t.open.localUserId;
  colleague = (await t.call('users.create', { name: 'Karel Kolega' })).id;
  segA = (await t.call('segments.create', { kind: 'category', name: 'A – klíčoví zákazníci' })).id;
  tag = (await t.call('segments.create', { kind: 'tag', name: 'VIP' })).id;
  kind = (code) => codeId(t, 'contact_kind', code);
});
afterEach(async () => { await t.close(); });

async function firm(name: string, segments: string[], ownerId: string | null = me): Promise<string> {
  const id = (await t.call('firms.create', { name, kinds: ['customer'], ownerId })).id;
  for (const s of segments) await t.call('segments.members', { id: s, add: [id] });
  return id;
}

function contact(firmId: string, at: number, code = 'meeting', extra: Partial<Input<'contacts.create'>> = {}) {
  return t.call('contacts.create', { firmId, status: 'done', at, kindId: kind(code), referentId: me, summary: 'Návštěva', ...extra });
}

const neglected = async (input: Input<'rules.neglected'> = {}) =>
  (await t.call('rules.neglected', input)).map((r) => [r.firmName, r.days, r.lastContactAt, r.overdueDays]);

describe('rules CRUD', () => {
  it('creates, lists (with the segment and its live member count), updates and deletes rules', async () => {
    clock = NOW;
    const a1 = await firm('Alfa', [segA]);
    await firm('Beta', [segA, tag]);
    const lead = (await t.call('leads.create', { company: 'Zájemce z veletrhu', email: 'info@zajemce.cz' })).id;
    await t.call('segments.members', { id: segA, add: [lead] }); // a lead is not counted
    const gone = await firm('Zaniklá', [segA]);
    await t.call('firms.delete', { id: gone });

    const r1 = (await t.call('rules.create', { segmentId: segA, days: 30, kindIds: [kind('meeting'), kind('call'), kind('meeting')] })).id;
    const r2 = (await t.call('rules.create', { segmentId: tag, days: 14 })).id;
    expect(await t.call('rules.list', {})).toEqual([
      { id: r1, segmentId: segA, segmentName: 'A – klíčoví zákazníci', segmentKind: 'category', days: 30, kindIds: [kind('meeting'), kind('call')], firms: 2 },
      { id: r2, segmentId: tag, segmentName: 'VIP', segmentKind: 'tag', days: 14, kindIds: [], firms: 1 },
    ]);

    await t.call('rules.update', { id: r2, segmentId: tag, days: 21, kindIds: [kind('email')] });
    expect((await t.call('rules.list', {})).find((r) => r.id === r2)).toMatchObject({ days: 21, kindIds: [kind('email')] });

    await t.call('rules.delete', { id: r1 });
    expect((await t.call('rules.list', {})).map((r) => r.id)).toEqual([r2]);
    expect(t.open.sqlite.prepare('SELECT deleted_at FROM contact_rules WHERE id = ?').get(r1)).toEqual({ deleted_at: NOW }); // a tombstone
    expect(await t.fail('rules.delete', { id: r1 })).toMatchObject({ code: 'not_found' });
    expect(await t.fail('rules.update', { id: r1, segmentId: segA, days: 30 })).toMatchObject({ code: 'not_found' });
    void a1;
  });

  it('refuses bad days, an unknown or deleted segment and unknown kinds, naming the field', async () => {
    expect(await t.fail('rules.create', { segmentId: segA, days: 0 })).toMatchObject({ code: 'validation', field: 'days', messageKey: 'errors.rule_days' });
    expect(await t.fail('rules.create', { segmentId: segA, days: 3651 })).toMatchObject({ field: 'days', messageKey: 'errors.rule_days' });
    expect(await t.fail('rules.create', { segmentId: segA, days: 1.5 })).toMatchObject({ field: 'days' });
    expect(await t.fail('rules.create', { segmentId: MISSING, days: 30 })).toMatchObject({ field: 'segmentId', messageKey: 'errors.unknown_ref' });
    // A code of another list is not a contact kind.
    const result = codeId(t, 'contact_result', 'no_answer');
    expect(await t.fail('rules.create', { segmentId: segA, days: 30, kindIds: [kind('call'), result] })).toMatchObject({ field: 'kindIds.1', messageKey: 'errors.unknown_ref' });
    expect(await t.fail('rules.create', { segmentId: segA, days: 30, kindIds: ['nope'] })).toMatchObject({ field: 'kindIds.0', messageKey: 'errors.invalid_id' });
    const { id } = await t.call('rules.create', { segmentId: segA, days: 30 });
    expect(await t.fail('rules.update', { id, segmentId: segA, days: -3 })).toMatchObject({ field: 'days', messageKey: 'errors.rule_days' });
    expect(t.count('contact_rules')).toBe(1);

    // A deleted segment: its rules are no longer listed or applied, and none can be made on it.
    await t.call('segments.delete', { id: segA });
    expect(await t.call('rules.list', {})).toEqual([]);
    expect(await t.fail('rules.create', { segmentId: segA, days: 30 })).toMatchObject({ field: 'segmentId', messageKey: 'errors.unknown_ref' });
  });
});

describe('rules.neglected', () => {
  it('lists a firm contacted 31 days ago under a 30-day rule, not one contacted 29 days ago; never-contacted with null', async () => {
    const late = await firm('Pozdě s.r.o.', [segA]);
    const fresh = await firm('Včas a.s.', [segA]);
    const never = await firm('Nikdy v.o.s.', [segA]);
    await firm('Mimo segment', []); // not in a ruled segment
    const rule = (await t.call('rules.create', { segmentId: segA, days: 30 })).id;
    clock = NOW;
    await contact(late, NOW - 31 * DAY);
    await contact(fresh, NOW - 29 * DAY);
    void fresh; void never;

    const rows = await t.call('rules.neglected', {});
    expect(rows).toEqual([
      // Created a year ago, never contacted: 365 − 30 days past the rule.
      { firmId: never, firmName: 'Nikdy v.o.s.', ownerId: me, ownerName: 'Eva Testová', ruleId: rule, segmentName: 'A – klíčoví zákazníci', days: 30, lastContactAt: null, overdueDays: 335 },
      { firmId: late, firmName: 'Pozdě s.r.o.', ownerId: me, ownerName: 'Eva Testová', ruleId: rule, segmentName: 'A – klíčoví zákazníci', days: 30, lastContactAt: NOW - 31 * DAY, overdueDays: 1 },
    ]);
    // Exactly on the limit still counts as in time; an hour past it is listed (overdue by a started day).
    clock = NOW + DAY - HOUR; // 29 days 23 h after `fresh` was contacted … still fine
    expect((await neglected()).map((r) => r[0])).toEqual(['Nikdy v.o.s.', 'Pozdě s.r.o.']);
    clock = NOW + DAY; // exactly 30 days
    expect((await neglected()).map((r) => r[0])).toEqual(['Nikdy v.o.s.', 'Pozdě s.r.o.']);
    clock = NOW + DAY + HOUR;
    expect(await neglected()).toEqual([
      ['Nikdy v.o.s.', 30, null, 337], ['Pozdě s.r.o.', 30, NOW - 31 * DAY, 3], ['Včas a.s.', 30, NOW - 29 * DAY, 1],
    ]);
  });

  it('counts only the rule\'s kinds: a letter does not satisfy a meeting-or-call rule', async () => {
    const lettered = await firm('Dopisovaná', [segA]);
    const called = await firm('Volaná', [segA]);
    const met = await firm('Navštívená', [segA]);
    await t.call('rules.create', { segmentId: segA, days: 30, kindIds: [kind('meeting'), kind('call')] });
    clock = NOW;
    await contact(lettered, NOW - 2 * DAY, 'letter');
    await contact(lettered, NOW - 40 * DAY, 'call'); // the last counted contact is this one
    await contact(called, NOW - 5 * DAY, 'call');
    await contact(met, NOW - 10 * DAY, 'meeting');
    await contact(met, NOW - 50 * DAY, 'call');
    expect(await neglected()).toEqual([['Dopisovaná', 30, NOW - 40 * DAY, 10]]);

    // The same firms under a rule that counts every kind: the letter is enough.
    const { id: any } = await t.call('rules.create', { segmentId: tag, days: 30 });
    await t.call('segments.members', { id: tag, add: [lettered] });
    expect((await t.call('rules.neglected', { ruleId: any }))).toEqual([]);
  });

  it('ignores planned and deleted contacts', async () => {
    const planned = await firm('Jen plánovaná', [segA]);
    const deleted = await firm('Smazaný kontakt', [segA]);
    await t.call('rules.create', { segmentId: segA, days: 30 });
    clock = NOW;
    await contact(planned, NOW - 60 * DAY);
    await contact(planned, NOW + 2 * DAY, 'meeting', { status: 'planned' });
    await contact(planned, NOW - 3 * DAY, 'meeting', { status: 'planned' }); // planned, never done
    await contact(deleted, NOW - 90 * DAY);
    const gone = (await contact(deleted, NOW - DAY)).id;
    expect((await neglected()).map((r) => r[0])).toEqual(['Jen plánovaná']);
    await t.call('contacts.delete', { id: gone });
    expect(await neglected()).toEqual([['Smazaný kontakt', 30, NOW - 90 * DAY, 60], ['Jen plánovaná', 30, NOW - 60 * DAY, 30]]);
    // Marking the planned contact done (after the fact) takes the firm off the list.
    const plannedId = (await t.call('contacts.list', { firmId: planned })).find((c) => c.status === 'planned' && c.at < NOW)!.id;
    await t.call('contacts.complete', { id: plannedId, at: NOW - 3 * DAY, summary: 'Proběhlo', endChain: true });
    expect((await neglected()).map((r) => r[0])).toEqual(['Smazaný kontakt']);
  });

  it('filters by owner (the salesperson), by rule, lists a firm once per rule it is past, and skips leads and deleted firms', async () => {
    const mine = await firm('Moje', [segA, tag]);
    const theirs = await firm('Kolegova', [segA], colleague);
    await firm('Bez obchodníka', [segA], null);
    const gone = await firm('Smazaná', [segA]);
    await t.call('firms.delete', { id: gone });
    const lead = (await t.call('leads.create', { company: 'Lead', email: 'lead@example.cz' })).id;
    await t.call('segments.members', { id: segA, add: [lead] });
    const ruleA = (await t.call('rules.create', { segmentId: segA, days: 30 })).id;
    const ruleTag = (await t.call('rules.create', { segmentId: tag, days: 7, kindIds: [kind('meeting')] })).id;
    clock = NOW;
    await contact(mine, NOW - 20 * DAY, 'call');
    await contact(theirs, NOW - 45 * DAY);

    const all = await t.call('rules.neglected', {});
    expect(all.map((r) => [r.firmName, r.ruleId, r.ownerName])).toEqual([
      // A year without a meeting under the 7-day VIP rule, a year without anything under the A rule, 45 days.
      ['Moje', ruleTag, 'Eva Testová'], ['Bez obchodníka', ruleA, null], ['Kolegova', ruleA, 'Karel Kolega'],
    ]);
    expect((await t.call('rules.neglected', { ownerId: colleague })).map((r) => r.firmId)).toEqual([theirs]);
    expect((await t.call('rules.neglected', { ownerId: me })).map((r) => [r.firmId, r.ruleId])).toEqual([[mine, ruleTag]]);
    expect((await t.call('rules.neglected', { ruleId: ruleA })).map((r) => r.firmName)).toEqual(['Bez obchodníka', 'Kolegova']);
    expect((await t.call('rules.neglected', { limit: 1 })).map((r) => r.firmName)).toEqual(['Moje']);
    expect(all.map((r) => r.overdueDays)).toEqual([365 - 7, 365 - 30, 15]);
    // Not past the A rule any more, but still a year without a meeting under the VIP rule.
    await contact(mine, NOW - 40 * DAY, 'meeting');
    expect((await t.call('rules.neglected', { ownerId: me }))).toMatchObject([{ firmId: mine, ruleId: ruleTag, lastContactAt: NOW - 40 * DAY, overdueDays: 33 }]);
    expect(await t.fail('rules.neglected', { ownerId: MISSING })).toMatchObject({ field: 'ownerId', messageKey: 'errors.unknown_ref' });
    expect(await t.fail('rules.neglected', { ruleId: MISSING })).toMatchObject({ field: 'ruleId', messageKey: 'errors.unknown_ref' });
  });
});

describe('firms.quiet', () => {
  it('lists firms with no done contact of any kind since the chosen number of days, never contacted first', async () => {
    const old = await firm('Stará', [tag]);
    const older = await firm('Ještě starší', []);
    const recent = await firm('Nedávná', [tag]);
    const never = await firm('Nikdy', [], colleague);
    const plannedOnly = await firm('Jen plán', []);
    const lead = (await t.call('leads.create', { company: 'Lead bez kontaktu', phone: '+420 601 123 456' })).id;
    clock = NOW;
    await contact(old, NOW - 100 * DAY, 'letter');
    await contact(older, NOW - 200 * DAY, 'email');
    await contact(recent, NOW - 10 * DAY, 'letter');
    await contact(plannedOnly, NOW + DAY, 'call', { status: 'planned' });
    const deleted = (await contact(recent, NOW - 100 * DAY)).id;
    await t.call('contacts.delete', { id: deleted });
    void lead; void never;

    const quiet = async (input: Input<'firms.quiet'>) => (await t.call('firms.quiet', input)).map((q) => [q.firmName, q.lastContactAt]);
    expect(await quiet({ days: 90 })).toEqual([['Jen plán', null], ['Nikdy', null], ['Ještě starší', NOW - 200 * DAY], ['Stará', NOW - 100 * DAY]]);
    expect(await quiet({ days: 180 })).toEqual([['Jen plán', null], ['Nikdy', null], ['Ještě starší', NOW - 200 * DAY]]);
    expect(await quiet({ days: 5 })).toHaveLength(5);
    expect(await quiet({ days: 90, ownerId: colleague })).toEqual([['Nikdy', null]]);
    expect(await quiet({ days: 90, segmentId: tag })).toEqual([['Stará', NOW - 100 * DAY]]);
    expect(await quiet({ days: 90, limit: 2 })).toEqual([['Jen plán', null], ['Nikdy', null]]);
    expect((await t.call('firms.quiet', { days: 90, ownerId: colleague }))[0]).toEqual({ firmId: never, firmName: 'Nikdy', ownerId: colleague, ownerName: 'Karel Kolega', lastContactAt: null });
    expect(await t.fail('firms.quiet', { days: 0 })).toMatchObject({ field: 'days', messageKey: 'errors.rule_days' });
    expect(await t.fail('firms.quiet', { days: 90, segmentId: MISSING })).toMatchObject({ field: 'segmentId', messageKey: 'errors.unknown_ref' });
  });
});
