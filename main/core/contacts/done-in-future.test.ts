// A contact that took place cannot lie in the future: "done on 15 March 2027" typed in December
// 2026 used to be stored and counted as the firm's last contact, hiding it from the neglected list.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestCore, codeId, type TestCore } from '../test-helpers.ts';
import type { Input } from '../../../shared/contract.ts';

const DAY = 86_400_000;
const MINUTE = 60_000;
/** Monday 7 December 2026, 10:00 UTC. */
const NOW = Date.UTC(2026, 11, 7, 10, 0);
const MARCH_15 = Date.UTC(2027, 2, 15, 9, 0);

let t: TestCore;
let clock: number;
let firmId: string;

beforeEach(async () => {
  clock = NOW - 200 * DAY;
  t = await openTestCore({ now: () => clock });
  const seg = (await t.call('segments.create', { kind: 'category', name: 'A – klíčoví zákazníci' })).id;
  firmId = (await t.call('firms.create', { name: 'Pekárna Dvořák', kinds: ['customer'] })).id;
  await t.call('segments.members', { id: seg, add: [firmId] });
  await t.call('rules.create', { segmentId: seg, days: 30 });
  clock = NOW;
});
afterEach(async () => { await t.close(); });

const contact = (extra: Partial<Input<'contacts.create'>> = {}): Input<'contacts.create'> => ({
  firmId, status: 'done', at: NOW - DAY, kindId: codeId(t, 'contact_kind', 'meeting'), referentId: t.open.localUserId,
  summary: 'Návštěva na prodejně', ...extra,
});
const neglected = async () => (await t.call('rules.neglected', {})).map((r) => r.firmName);
const rows = () => t.open.sqlite.prepare('SELECT status, at FROM contacts WHERE deleted_at IS NULL ORDER BY at').all();

describe('a done contact in the future', () => {
  it('is refused at its date on create, writes nothing, and the firm stays neglected', async () => {
    expect(await neglected()).toEqual(['Pekárna Dvořák']);
    expect(await t.fail('contacts.create', contact({ at: MARCH_15 })))
      .toEqual({ code: 'validation', messageKey: 'errors.done_in_future', field: 'at' });
    expect(rows()).toEqual([]);
    expect(await neglected()).toEqual(['Pekárna Dvořák']);
    // The same date as a planned contact is fine, and does not count as contact made.
    await t.call('contacts.create', contact({ at: MARCH_15, status: 'planned' }));
    expect(await neglected()).toEqual(['Pekárna Dvořák']);
    // One that did happen yesterday does.
    await t.call('contacts.create', contact());
    expect(await neglected()).toEqual([]);
  });

  it('allows a few minutes of clock slack, not more', async () => {
    await t.call('contacts.create', contact({ at: NOW + 4 * MINUTE }));
    expect(await t.fail('contacts.create', contact({ at: NOW + 6 * MINUTE }))).toMatchObject({ field: 'at', messageKey: 'errors.done_in_future' });
  });

  it('is refused on update, and when a planned contact is marked done with a future date', async () => {
    const { id } = await t.call('contacts.create', contact({ at: MARCH_15, status: 'planned' }));
    expect(await t.fail('contacts.update', { ...contact({ at: MARCH_15 }), id })).toMatchObject({ field: 'at', messageKey: 'errors.done_in_future' });
    expect(await t.fail('contacts.complete', { id, at: MARCH_15, summary: 'Hotovo', endChain: true }))
      .toMatchObject({ field: 'at', messageKey: 'errors.done_in_future' });
    expect(rows()).toEqual([{ status: 'planned', at: MARCH_15 }]);
    // Done today, when it really happened: accepted either way.
    await t.call('contacts.complete', { id, at: NOW - MINUTE, summary: 'Hotovo', endChain: true });
    expect(rows()).toEqual([{ status: 'done', at: NOW - MINUTE }]);
    await t.call('contacts.update', { ...contact({ at: NOW - 2 * DAY }), id });
    expect(rows()).toEqual([{ status: 'done', at: NOW - 2 * DAY }]);
  });
});
