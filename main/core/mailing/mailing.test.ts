// Mailing against a small hand-checked office: seven firms (one deleted), two leads, people with
// and without e-mails, segments, user fields, contacts, opportunities, sales and newsletter
// consent. Every expectation below was worked out by hand from the data in `seed`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCore, codeId, type TestCore } from '../test-helpers.ts';
import type { Input, SelectionGroup } from '../../../shared/contract.ts';
import { EXPORT_COLUMNS, type ExportColumn } from '../../../shared/types.ts';
import { formatMoney } from '../../../shared/money.ts';
import ExcelJS from 'exceljs';
import { contract } from '../../../shared/contract.ts';
import { FirmListIndex } from '../firms/list-index.ts';
import { PeopleCounts } from './people-counts.ts';
import { countSelection, selectRows } from './select.ts';
import { buildPlacedRows, buildRowBatches, planColumns } from './rows.ts';
import type { Cell } from './formats/index.ts';

/** Monday 2 November 2026, 08:00 UTC: "today" is 2026-11-02, the last 12 months start 2025-11-03. */
const T0 = Date.UTC(2026, 10, 2, 8, 0);
const OPEN_STAGE = '00000000-0000-7000-8003-000000000001';
const BAD_ID = '01900000-0000-7000-8000-000000000bad';

type Ids = Awaited<ReturnType<typeof seed>>;
type Spec = Partial<Input<'selections.count'>>;
type Where = SelectionGroup;

async function seed(t: TestCore) {
  const me = t.open.localUserId;
  const karel = (await t.call('users.create', { name: 'Karel Obchodník' })).id;
  const segA = (await t.call('segments.create', { kind: 'category', name: 'Odběratelé A' })).id;
  const tag = (await t.call('segments.create', { kind: 'tag', name: 'Veletrh' })).id;
  const region = (await t.call('fields.create', { entity: 'firm', label: 'Oblast', type: 'text' })).id;
  const staff = (await t.call('fields.create', { entity: 'firm', label: 'Zaměstnanci', type: 'number' })).id;
  const hobby = (await t.call('fields.create', { entity: 'person', label: 'Koníček', type: 'text' })).id;
  const since = (await t.call('fields.create', { entity: 'firm', label: 'Spolupráce od', type: 'date' })).id;
  const priceList = (await t.call('topics.create', { name: 'Ceník', note: 'Jednou za čtvrt roku' })).id;
  const events = (await t.call('topics.create', { name: 'Akce' })).id;

  const firm = async (name: string, kinds: Input<'firms.create'>['kinds'], extra: Partial<Input<'firms.create'>> = {}) =>
    (await t.call('firms.create', { name, kinds, ...extra })).id;
  const alfa = await firm('Alfa s.r.o.', ['customer'], {
    ico: '00006947', ownerId: me, website: 'alfa.cz',
    addresses: [
      { kind: 'registered', street: 'Václavské nám.', number: '1', city: 'Praha', postalCode: '11000' },
      { kind: 'postal', street: 'Husova', number: '5', city: 'Brno', postalCode: '602 00' },
    ],
    channels: [{ kind: 'email', value: 'info@alfa.cz' }, { kind: 'phone', value: '+420 601 111 111' }],
  });
  const beta = await firm('Beta a.s.', ['customer', 'supplier'], {
    ownerId: karel, addresses: [{ kind: 'registered', street: 'Americká', number: '2', city: 'Plzeň', postalCode: '30100' }],
  });
  const cedok = await firm('Čedok spol.', ['prospect'], {
    ownerId: me, addresses: [{ kind: 'registered', street: 'Mírové nám.', number: '3', city: 'Ústí nad Labem', postalCode: '40001' }],
  });
  const delta = await firm('Delta Kft.', ['customer'], {
    addresses: [{ kind: 'registered', street: 'Fő utca', number: '12.', city: 'Budapest', postalCode: '1052', country: 'HU' }],
  });
  const epsilon = await firm('Epsilon', ['supplier']);
  // The same postal address as Alfa's, typed differently: a duplicate by address.
  const foton = await firm('Fóton', ['customer'], {
    ownerId: me,
    addresses: [
      { kind: 'registered', street: 'Národní', number: '10', city: 'PRAHA', postalCode: '12000' },
      { kind: 'postal', street: 'husova', number: '5', city: 'BRNO', postalCode: '60200' },
    ],
  });
  const gama = await firm('Gama', ['customer'], { ownerId: me, addresses: [{ kind: 'registered', city: 'Praha' }] });

  await t.call('segments.members', { id: segA, add: [alfa, beta, foton, gama] });
  await t.call('segments.members', { id: tag, add: [beta, delta] });
  await t.call('firms.delete', { id: gama });
  await t.call('fields.set', { entity: 'firm', entityId: alfa, values: [{ fieldId: region, value: 'Sever' }, { fieldId: staff, value: 10 }, { fieldId: since, value: '2019-04-01' }] });
  await t.call('fields.set', { entity: 'firm', entityId: beta, values: [{ fieldId: region, value: 'Západ' }, { fieldId: staff, value: 50 }] });
  await t.call('fields.set', { entity: 'firm', entityId: cedok, values: [{ fieldId: staff, value: 250 }] });

  const person = async (firmId: string, p: Partial<Input<'people.create'>>) =>
    (await t.call('people.create', { firmId, lastName: 'x', ...p })).id;
  const email = (value: string) => ({ kind: 'email' as const, value });
  const jan = await person(alfa, { titleBefore: 'Ing.', firstName: 'Jan', lastName: 'Novák', gender: 'male', isMain: true,
    jobTitle: 'Jednatel', roleId: codeId(t, 'person_role', 'decision_maker'), channels: [email('jan@alfa.cz'), { kind: 'phone', value: '+420 601 222 222' }] });
  const jana = await person(alfa, { firstName: 'Jana', lastName: 'Nováková', gender: 'female', channels: [email('shared@example.cz')] });
  const petr = await person(alfa, { firstName: 'Petr', lastName: 'Bez', gender: 'male' });
  const marie = await person(beta, { firstName: 'Marie', lastName: 'Svobodová', gender: 'female', isMain: true, channels: [email('marie@beta.cz')] });
  const ivan = await person(cedok, { firstName: 'Иван', lastName: 'Петров', gender: 'male', isMain: true, channels: [email('ivan@cedok.cz')] });
  const kovacs = await person(delta, { firstName: 'János', lastName: 'Kovács', gender: 'male', isMain: true });
  const eva = await person(foton, { firstName: 'Eva', lastName: 'Malá', gender: 'female', isMain: true, channels: [email('Shared@Example.cz')] });
  await t.call('fields.set', { entity: 'person', entityId: ivan, values: [{ fieldId: hobby, value: 'Golf' }] });

  // A fair contact with a name, and a newsletter sign-up with just an e-mail.
  const hana = (await t.call('leads.create', { company: 'Hana Lead', firstName: 'Hana', lastName: 'Zelená', email: 'hana@lead.cz' })).id;
  const hanaPerson = (t.open.sqlite.prepare('SELECT id FROM people WHERE firm_id = ?').get(hana) as { id: string }).id;
  const zeta = (await t.call('leads.create', { company: 'Zeta newsletter', email: 'info@zeta.cz' })).id;

  const contact = (firmId: string, kind: string, at: number, status: 'done' | 'planned' = 'done') => t.call('contacts.create', {
    firmId, status, at, kindId: codeId(t, 'contact_kind', kind), referentId: me, summary: `${kind} ${firmId.slice(-4)}`,
  });
  await contact(beta, 'call', Date.UTC(2026, 9, 1, 10));
  await contact(cedok, 'meeting', Date.UTC(2026, 2, 1, 10));
  await contact(alfa, 'meeting', Date.UTC(2026, 11, 1, 10), 'planned'); // planned: not a last contact

  await t.call('opportunities.create', { firmId: beta, title: 'Nové linky', stageId: OPEN_STAGE, currency: 'CZK', amount: 5_000_00, ownerId: karel });
  const lost = (await t.call('opportunities.create', { firmId: cedok, title: 'Zájezd', stageId: OPEN_STAGE, currency: 'CZK', ownerId: me })).id;
  await t.call('opportunities.close', { id: lost, outcome: 'lost', reasonId: codeId(t, 'lost_reason', 'price') });

  await t.call('sales.create', { firmId: cedok, date: '2026-05-10', amount: 100_000_00, currency: 'CZK' });
  await t.call('sales.create', { firmId: alfa, date: '2025-06-01', amount: 200_000_00, currency: 'CZK' });
  await t.call('sales.create', { firmId: delta, date: '2026-09-01', amount: 5_000_00, currency: 'EUR' });

  const sub = (topicId: string, who: { personId?: string; firmId?: string }, subscribed = true, source = 'web') =>
    t.call('subscriptions.set', { topicId, subscribed, source, ...who });
  await sub(priceList, { personId: jan });
  await sub(priceList, { personId: jana });
  await sub(priceList, { personId: jana }, false);
  await sub(priceList, { personId: marie }, true, 'veletrh 2026');
  await sub(priceList, { personId: hanaPerson });
  await sub(priceList, { firmId: zeta });
  await sub(events, { personId: eva });

  return { me, karel, segA, tag, region, staff, hobby, since, priceList, events, alfa, beta, cedok, delta, epsilon, foton, gama,
    jan, jana, petr, marie, ivan, kovacs, eva, hana, hanaPerson, zeta };
}

let clock = T0;

describe('selections against the hand-checked office', () => {
  let t: TestCore;
  let d: Ids;
  beforeAll(async () => {
    t = await openTestCore({ now: () => clock });
    d = await seed(t);
  });
  afterAll(async () => { await t.close(); });

  /** The rows' first column (firm names unless other columns are asked for) — checked against
   * the count, which is computed separately in SQL: both must always agree. */
  async function rows(spec: Spec, columns: Input<'selections.preview'>['columns'] = ['firmName'], extra: Partial<Input<'selections.preview'>> = {}) {
    const preview = await t.call('selections.preview', { ...spec, columns, limit: 200, ...extra });
    const count = await t.call('selections.count', spec);
    expect({ rows: preview.rows, excluded: preview.excluded }).toEqual(count);
    expect(preview.sample).toHaveLength(count.rows);
    return { preview, count, first: preview.sample.map((r) => r[0]), pairs: preview.sample.map((r) => r.join(' / ')) };
  }
  const names = async (where: Where, spec: Spec = {}) => (await rows({ ...spec, where })).first;
  const one = (c: Where['items'][number]): Where => ({ op: 'and', items: [c] });

  it('lists the live firms of the firm list (no leads, no deleted firms) in the language’s name order', async () => {
    expect(await names({ op: 'and', items: [] })).toEqual(['Alfa s.r.o.', 'Beta a.s.', 'Čedok spol.', 'Delta Kft.', 'Epsilon', 'Fóton']);
    expect((await rows({ where: { op: 'and', items: [] } })).count).toEqual({ rows: 6, excluded: { noConsent: 0, optedOut: 0, duplicates: 0, noEmail: 0 } });
  });

  it('kind, segment (and not), owner', async () => {
    expect(await names(one({ on: 'kind', kinds: ['customer'] }))).toEqual(['Alfa s.r.o.', 'Beta a.s.', 'Delta Kft.', 'Fóton']);
    expect(await names(one({ on: 'kind', kinds: ['supplier', 'prospect'] }))).toEqual(['Beta a.s.', 'Čedok spol.', 'Epsilon']);
    expect(await names(one({ on: 'segment', ids: [d.segA] }))).toEqual(['Alfa s.r.o.', 'Beta a.s.', 'Fóton']);
    expect(await names(one({ on: 'segment', ids: [d.segA], not: true }))).toEqual(['Čedok spol.', 'Delta Kft.', 'Epsilon']);
    expect(await names(one({ on: 'segment', ids: [d.segA, d.tag] }))).toEqual(['Alfa s.r.o.', 'Beta a.s.', 'Delta Kft.', 'Fóton']);
    expect(await names(one({ on: 'owner', ids: [d.karel] }))).toEqual(['Beta a.s.']);
    expect(await names(one({ on: 'owner', ids: [d.me] }))).toEqual(['Alfa s.r.o.', 'Čedok spol.', 'Fóton']);
    expect(await t.fail('selections.count', { where: one({ on: 'segment', ids: [d.segA, BAD_ID] }) }))
      .toMatchObject({ code: 'validation', messageKey: 'errors.unknown_ref', field: 'where.items.0.ids.1' });
    expect(await t.fail('selections.count', { where: one({ on: 'owner', ids: [BAD_ID] }) })).toMatchObject({ field: 'where.items.0.ids.0' });
  });

  it('user fields, as the firm list compares them (text ignoring case and diacritics; a person field tests the people)', async () => {
    expect(await names(one({ on: 'field', filter: { fieldId: d.region, op: 'eq', value: 'zapad' } }))).toEqual(['Beta a.s.']);
    expect(await names(one({ on: 'field', filter: { fieldId: d.region, op: 'empty' } }))).toEqual(['Čedok spol.', 'Delta Kft.', 'Epsilon', 'Fóton']);
    expect(await names(one({ on: 'field', filter: { fieldId: d.region, op: 'not_empty' } }))).toEqual(['Alfa s.r.o.', 'Beta a.s.']);
    expect(await names(one({ on: 'field', filter: { fieldId: d.staff, op: 'range', min: 20, max: null } }))).toEqual(['Beta a.s.', 'Čedok spol.']);
    expect(await names(one({ on: 'field', filter: { fieldId: d.staff, op: 'range', min: null, max: 20 } }))).toEqual(['Alfa s.r.o.']);
    expect(await names(one({ on: 'field', filter: { fieldId: d.staff, op: 'eq', value: '50' } }))).toEqual(['Beta a.s.']);
    expect(await names(one({ on: 'field', filter: { fieldId: d.since, op: 'range', min: '2019-01-01', max: '2019-12-31' } }))).toEqual(['Alfa s.r.o.']);
    expect(await names(one({ on: 'field', filter: { fieldId: d.hobby, op: 'eq', value: 'GOLF' } }))).toEqual(['Čedok spol.']);
    const people = await rows({ recipients: 'people', where: one({ on: 'field', filter: { fieldId: d.hobby, op: 'eq', value: 'golf' } }) }, ['lastName']);
    expect(people.first).toEqual(['Петров']);
    const noHobby = await rows({ recipients: 'people', where: one({ on: 'field', filter: { fieldId: d.hobby, op: 'empty' } }) }, ['lastName']);
    expect(noHobby.count.rows).toBe(6);
    expect(await t.fail('selections.count', { where: one({ on: 'field', filter: { fieldId: d.region, op: 'range', min: 1, max: 2 } }) }))
      .toMatchObject({ messageKey: 'errors.invalid', field: 'where.items.0.filter.op' });
    expect(await t.fail('selections.count', { where: one({ on: 'field', filter: { fieldId: BAD_ID, op: 'empty' } }) }))
      .toMatchObject({ messageKey: 'errors.unknown_ref', field: 'where.items.0.filter.fieldId' });
    expect(await t.fail('selections.count', { where: one({ on: 'field', filter: { fieldId: d.staff, op: 'eq', value: 'many' } }) }))
      .toMatchObject({ messageKey: 'errors.field_number', field: 'where.items.0.filter.value' });
  });

  it('place: city, region (postal code prefix) or country of any address, ignoring case and diacritics', async () => {
    expect(await names(one({ on: 'place', part: 'city', values: ['praha'] }))).toEqual(['Alfa s.r.o.', 'Fóton']);
    expect(await names(one({ on: 'place', part: 'city', values: ['PLZEN', 'usti nad labem'] }))).toEqual(['Beta a.s.', 'Čedok spol.']);
    expect(await names(one({ on: 'place', part: 'city', values: ['Ostrava'] }))).toEqual([]);
    expect(await names(one({ on: 'place', part: 'region', values: ['6'] }))).toEqual(['Alfa s.r.o.', 'Fóton']);
    expect(await names(one({ on: 'place', part: 'region', values: ['1'] }))).toEqual(['Alfa s.r.o.', 'Delta Kft.', 'Fóton']);
    expect(await names(one({ on: 'place', part: 'region', values: ['12 0', '30'] }))).toEqual(['Beta a.s.', 'Fóton']);
    expect(await names(one({ on: 'place', part: 'country', values: ['hu'] }))).toEqual(['Delta Kft.']);
    expect(await names(one({ on: 'place', part: 'country', values: ['Maďarsko'] }))).toEqual(['Delta Kft.']);
    expect(await names(one({ on: 'place', part: 'country', values: ['Hungary'] }))).toEqual(['Delta Kft.']);
  });

  it('last contact: on or after a day, before it, or none — done contacts only, optionally of some kinds', async () => {
    const meeting = codeId(t, 'contact_kind', 'meeting');
    const call = codeId(t, 'contact_kind', 'call');
    expect(await names(one({ on: 'lastContact', op: 'after', date: '2026-06-01' }))).toEqual(['Beta a.s.']);
    expect(await names(one({ on: 'lastContact', op: 'after', date: '2026-10-01' }))).toEqual(['Beta a.s.']); // that very day
    expect(await names(one({ on: 'lastContact', op: 'after', date: '2026-10-02' }))).toEqual([]);
    expect(await names(one({ on: 'lastContact', op: 'before', date: '2026-06-01' }))).toEqual(['Čedok spol.']);
    expect(await names(one({ on: 'lastContact', op: 'none' }))).toEqual(['Alfa s.r.o.', 'Delta Kft.', 'Epsilon', 'Fóton']);
    expect(await names(one({ on: 'lastContact', op: 'after', date: '2026-01-01', kindIds: [meeting] }))).toEqual(['Čedok spol.']);
    expect(await names(one({ on: 'lastContact', op: 'none', kindIds: [call] }))).toEqual(['Alfa s.r.o.', 'Čedok spol.', 'Delta Kft.', 'Epsilon', 'Fóton']);
    expect(await t.fail('selections.count', { where: one({ on: 'lastContact', op: 'before' }) })).toMatchObject({ messageKey: 'errors.date' });
    expect(await t.fail('selections.count', { where: one({ on: 'lastContact', op: 'none', kindIds: [BAD_ID] }) }))
      .toMatchObject({ field: 'where.items.0.kindIds.0' });
  });

  it('open opportunities and revenue in a currency since a day (default: the last 12 months)', async () => {
    expect(await names(one({ on: 'openOpportunities', has: true }))).toEqual(['Beta a.s.']);
    expect(await names(one({ on: 'openOpportunities', has: false }))).toEqual(['Alfa s.r.o.', 'Čedok spol.', 'Delta Kft.', 'Epsilon', 'Fóton']);
    // Alfa's CZK sale is 17 months old: outside the default window.
    expect(await names(one({ on: 'revenue', currency: 'CZK', min: 50_000_00 }))).toEqual(['Čedok spol.']);
    expect(await names(one({ on: 'revenue', currency: 'CZK', min: 50_000_00, since: '2025-01-01' }))).toEqual(['Alfa s.r.o.', 'Čedok spol.']);
    expect(await names(one({ on: 'revenue', currency: 'CZK', min: 50_000_00, max: 150_000_00, since: '2025-01-01' }))).toEqual(['Čedok spol.']);
    // A range that holds zero keeps the firms without sales in that currency.
    expect(await names(one({ on: 'revenue', currency: 'CZK', max: 100_00 }))).toEqual(['Alfa s.r.o.', 'Beta a.s.', 'Delta Kft.', 'Epsilon', 'Fóton']);
    expect(await names(one({ on: 'revenue', currency: 'EUR', min: 1 }))).toEqual(['Delta Kft.']);
    expect(await t.fail('selections.count', { where: one({ on: 'revenue', currency: 'EUR', min: 10, max: 1 }) }))
      .toMatchObject({ messageKey: 'errors.range', field: 'where.items.0.max' });
  });

  it('AND / OR groups, nested', async () => {
    expect(await names({ op: 'or', items: [
      { op: 'and', items: [{ on: 'kind', kinds: ['customer'] }, { on: 'segment', ids: [d.segA] }] },
      { on: 'place', part: 'city', values: ['Ústí nad Labem'] },
    ] })).toEqual(['Alfa s.r.o.', 'Beta a.s.', 'Čedok spol.', 'Fóton']);
    expect(await names({ op: 'and', items: [
      { on: 'kind', kinds: ['customer'] },
      { op: 'or', items: [{ on: 'owner', ids: [d.karel] }, { op: 'and', items: [{ on: 'segment', ids: [d.segA] }, { on: 'place', part: 'city', values: ['praha'] }] }] },
    ] })).toEqual(['Alfa s.r.o.', 'Beta a.s.', 'Fóton']);
    expect(await names({ op: 'and', items: [
      { op: 'or', items: [{ on: 'kind', kinds: ['supplier'] }, { on: 'revenue', currency: 'EUR', min: 1 }] },
      { on: 'segment', ids: [d.tag], not: true },
    ] })).toEqual(['Epsilon']);
    expect(await names({ op: 'or', items: [{ on: 'lastContact', op: 'after', date: '2026-06-01' }, { on: 'openOpportunities', has: true }, { on: 'kind', kinds: ['prospect'] }] }))
      .toEqual(['Beta a.s.', 'Čedok spol.']);
    // An empty group restricts nothing; deeper than four levels is refused.
    expect(await names({ op: 'and', items: [{ op: 'or', items: [] }, { on: 'kind', kinds: ['supplier'] }] })).toEqual(['Beta a.s.', 'Epsilon']);
    const deep: Where = { op: 'and', items: [{ op: 'or', items: [{ op: 'and', items: [{ op: 'or', items: [{ op: 'and', items: [] }] }] }] }] };
    expect(await t.fail('selections.count', { where: deep })).toMatchObject({ messageKey: 'errors.invalid' });
  });

  it('people recipients: one row per live person, main person first, firm columns repeated', async () => {
    const r = await rows({ recipients: 'people', where: one({ on: 'segment', ids: [d.segA] }) }, ['firmName', 'lastName', 'firmEmail', 'email']);
    expect(r.pairs).toEqual([
      'Alfa s.r.o. / Novák / info@alfa.cz / jan@alfa.cz',
      'Alfa s.r.o. / Bez / info@alfa.cz / ',
      'Alfa s.r.o. / Nováková / info@alfa.cz / shared@example.cz',
      'Beta a.s. / Svobodová /  / marie@beta.cz',
      'Fóton / Malá /  / Shared@Example.cz',
    ]);
  });

  it('consent: people without a subscription to the topic, or who opted out, are excluded and counted; subscribed leads come in', async () => {
    const people = await rows({ recipients: 'people', topicId: d.priceList }, ['firmName', 'lastName', 'email']);
    expect(people.pairs).toEqual([
      'Alfa s.r.o. / Novák / jan@alfa.cz',
      'Beta a.s. / Svobodová / marie@beta.cz',
      'Hana Lead / Zelená / hana@lead.cz',
      'Zeta newsletter /  / info@zeta.cz', // a lead without a person is its own row
    ]);
    // "4 rows, 5 excluded: 4 no consent (Bez, Петров, Kovács, Malá), 1 opted out (Nováková)"
    expect(people.count).toEqual({ rows: 4, excluded: { noConsent: 4, optedOut: 1, duplicates: 0, noEmail: 0 } });
    // Firms: the main person's (or the lead's own) consent speaks for the firm.
    const firms = await rows({ recipients: 'firms', topicId: d.priceList });
    expect(firms.first).toEqual(['Alfa s.r.o.', 'Beta a.s.', 'Hana Lead', 'Zeta newsletter']);
    expect(firms.count.excluded).toEqual({ noConsent: 4, optedOut: 0, duplicates: 0, noEmail: 0 });
    // With conditions: only the firms they keep are counted at all.
    const a = await rows({ recipients: 'people', topicId: d.priceList, where: one({ on: 'segment', ids: [d.segA] }) }, ['lastName']);
    expect(a.first).toEqual(['Novák', 'Svobodová']);
    expect(a.count.excluded).toEqual({ noConsent: 2, optedOut: 1, duplicates: 0, noEmail: 0 });
    // The topic as a condition: subscribed and not opted out.
    expect(await names(one({ on: 'topic', topicId: d.events }))).toEqual(['Fóton']);
    expect((await rows({ recipients: 'people', where: one({ on: 'topic', topicId: d.priceList }) }, ['lastName'])).first)
      .toEqual(['Novák', 'Svobodová', 'Zelená', '']);
    expect(await t.fail('selections.count', { topicId: BAD_ID })).toMatchObject({ messageKey: 'errors.unknown_ref', field: 'topicId' });
  });

  it('deduplicates by e-mail (lowercased; rows without one are counted) or by postal address', async () => {
    const byEmail = await rows({ recipients: 'people', dedupe: 'email' }, ['lastName', 'email']);
    expect(byEmail.pairs).toEqual(['Novák / jan@alfa.cz', 'Nováková / shared@example.cz', 'Svobodová / marie@beta.cz', 'Петров / ivan@cedok.cz']);
    expect(byEmail.count).toEqual({ rows: 4, excluded: { noConsent: 0, optedOut: 0, duplicates: 1, noEmail: 2 } });
    const firmsByEmail = await rows({ dedupe: 'email' });
    expect(firmsByEmail.count).toEqual({ rows: 1, excluded: { noConsent: 0, optedOut: 0, duplicates: 0, noEmail: 5 } });
    // Fóton's postal address is Alfa's, typed differently; Epsilon has none and stays.
    const byAddress = await rows({ dedupe: 'address' });
    expect(byAddress.first).toEqual(['Alfa s.r.o.', 'Beta a.s.', 'Čedok spol.', 'Delta Kft.', 'Epsilon']);
    expect(byAddress.count.excluded.duplicates).toBe(1);
    // People of one firm share its address: one letter per address.
    expect((await rows({ recipients: 'people', dedupe: 'address' }, ['lastName'])).first).toEqual(['Novák', 'Svobodová', 'Петров', 'Kovács']);
  });

  it('previews the rows as the export writes them: ready merge columns, typed values as text, headers in the export language', async () => {
    const columns: Input<'selections.preview'>['columns'] = ['firmName', 'ico', 'salutation', 'addressee', 'address1', 'address2', 'address3',
      'email', 'phone', 'lastContactAt', 'openOpportunities', 'revenue12m', 'kinds', 'owner', 'segments', 'postalCode', 'role', 'jobTitle', `field:${d.region}`];
    const r = await rows({ recipients: 'people', where: one({ on: 'segment', ids: [d.segA] }) }, columns);
    expect(r.preview.columns.map((c) => c.header)).toEqual(['Název firmy', 'IČO', 'Oslovení', 'Adresát', 'Adresa – 1. řádek', 'Adresa – 2. řádek',
      'Adresa – 3. řádek', 'E-mail', 'Telefon', 'Poslední kontakt', 'Otevřené obchodní případy', 'Tržby (12 měsíců)', 'Typ firmy', 'Vlastník', 'Segmenty',
      'PSČ', 'Role', 'Funkce', 'Oblast']);
    expect(r.preview.sample[0]).toEqual(['Alfa s.r.o.', '00006947', 'Vážený pane inženýre', 'Ing. Jan Novák', 'Alfa s.r.o.', 'Husova 5', '602 00 Brno',
      'jan@alfa.cz', '+420 601 222 222', '', '0', '', 'Zákazník', 'Eva Testová', 'Odběratelé A', '602 00', 'Rozhoduje', 'Jednatel', 'Sever']);
    expect(r.preview.sample[3]).toEqual(['Beta a.s.', '', 'Vážená paní Svobodová', 'Marie Svobodová', 'Beta a.s.', 'Americká 2', '301 00 Plzeň',
      'marie@beta.cz', '', '2026-10-01', '1', '', 'Zákazník, Dodavatel', 'Karel Obchodník', 'Odběratelé A; Veletrh', '301 00', '', '', 'Západ']);
    // Firm rows address the firm; the block follows the destination's post (Hungary: city first,
    // the country line for mail abroad), squeezed into three lines. English headers with mergeNames are Word-safe.
    const en = await t.call('selections.preview', { where: one({ on: 'kind', kinds: ['customer', 'prospect'] }), locale: 'en', mergeNames: true, limit: 10,
      columns: ['firmName', 'salutation', 'addressee', 'address1', 'address2', 'address3', 'revenue12m', 'lastName', 'createdAt'] });
    expect(en.columns.map((c) => c.header)).toEqual(['Firm_name', 'Salutation', 'Addressee', 'Address_line_1', 'Address_line_2', 'Address_line_3',
      'Revenue_12_months', 'Last_name', 'Created']);
    const byName = Object.fromEntries(en.sample.map((row) => [row[0], row]));
    expect(byName['Delta Kft.']).toEqual(['Delta Kft.', 'Dear Sir or Madam', 'Delta Kft.', 'Budapest', 'Fő utca 12.', '1052, HUNGARY',
      formatMoney({ amount: 5_000_00, currency: 'EUR' }, 'en'), '', '2026-11-02']);
    expect(byName['Čedok spol.']![6]).toBe(formatMoney({ amount: 100_000_00, currency: 'CZK' }, 'en'));
    // Salutations and addressees per export language (shared/salutation.ts: the Czech vocative, titles).
    const sal = async (locale: 'cs' | 'en' | 'hu' | 'ru', columns: ExportColumn[] = ['salutation']) => (await t.call('selections.preview', { recipients: 'people', locale, limit: 3,
      where: one({ on: 'segment', ids: [d.segA] }), columns })).sample.map((x) => x.join(' / '));
    expect(await sal('cs')).toEqual(['Vážený pane inženýre', 'Vážený pane Bezi', 'Vážená paní Nováková']);
    expect(await sal('en')).toEqual(['Dear Mr Novák', 'Dear Mr Bez', 'Dear Ms Nováková']);
    // Czech people keep their name order in a Hungarian export (family name first is for Hungarian names).
    expect(await sal('hu', ['salutation', 'addressee'])).toEqual(['Tisztelt Novák Úr / Ing. Jan Novák', 'Tisztelt Bez Úr / Petr Bez', 'Tisztelt Nováková Jana Asszony / Jana Nováková']);
    expect(await sal('ru')).toEqual(['Уважаемый господин Novák', 'Уважаемый господин Bez', 'Уважаемая госпожа Nováková']);
    // A stored salutation and addressee win over the rules, in every export language.
    const petr = { id: d.petr, firmId: d.alfa, firstName: 'Petr', lastName: 'Bez', gender: 'male' as const };
    await t.call('people.update', { ...petr, salutation: 'Milý Petře', addressee: 'Petr Bez, ředitel' });
    expect((await sal('en', ['salutation', 'addressee']))[1]).toBe('Milý Petře / Petr Bez, ředitel');
    await t.call('people.update', petr);
    expect((await sal('cs', ['salutation', 'addressee']))[1]).toBe('Vážený pane Bezi / Petr Bez');
    expect(await t.fail('selections.preview', { columns: ['firmName', `field:${BAD_ID}`] })).toMatchObject({ messageKey: 'errors.unknown_ref', field: 'columns.1' });
    expect(await t.fail('selections.preview', { columns: [] })).toMatchObject({ messageKey: 'errors.columns_required', field: 'columns' });
  });

  it('address lines leave out the office’s own country (the letterhead’s), whatever the export language', async () => {
    const lines = async (format: 'csv') => {
      const out = await t.call('exports.run', { where: one({ on: 'kind', kinds: ['customer'] }), locale: 'hu', format, name: 'x',
        columns: ['firmName', 'address1', 'address2', 'address3'] });
      const text = Buffer.from(out.contentBase64, 'base64').toString('utf8').replace(/^\uFEFF/, '');
      return Object.fromEntries(text.split('\r\n').slice(1).filter(Boolean).map((l) => [l.split(/[,;]/)[0], l]));
    };
    // The default letterhead is a Czech office: Czech mail stays home, Hungarian mail goes abroad.
    let byFirm = await lines('csv');
    expect(byFirm['Alfa s.r.o.']).toBe('Alfa s.r.o.,Husova 5,602 00 Brno,');
    expect(byFirm['Delta Kft.']).toContain('MAGYARORSZÁG');
    // A Hungarian office: the other way round.
    await t.call('letterhead.save', { country: 'HU' });
    byFirm = await lines('csv');
    expect(byFirm['Alfa s.r.o.']).toContain('CSEHORSZÁG');
    expect(byFirm['Delta Kft.']).not.toContain('MAGYARORSZÁG');
    await t.call('letterhead.save', { country: 'CZ' });
  });

  it('XLSX: revenue is a number in its currency’s format, the sheet and an unsaved selection’s file carry meaningful names', async () => {
    const where = one({ on: 'kind', kinds: ['customer', 'prospect'] });
    const run = (extra: Partial<Input<'exports.run'>>) => t.call('exports.run', { where, columns: ['firmName', 'revenue12m'], format: 'xlsx', ...extra });
    const sheet = async (res: { contentBase64: string }) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(res.contentBase64, 'base64') as unknown as ArrayBuffer);
      return wb.worksheets[0]!;
    };
    const named = await run({ name: 'Zákazníci: Praha/Brno' });
    const ws = await sheet(named);
    expect(ws.name).toBe('Zákazníci Praha Brno');
    const byFirm = new Map<string, ExcelJS.Cell>();
    ws.eachRow((r, i) => { if (i > 1) byFirm.set(String(r.getCell(1).value), r.getCell(2)); });
    expect(byFirm.get('Čedok spol.')!.value).toBe(100_000);
    expect(byFirm.get('Čedok spol.')!.numFmt).toBe('#,##0.00 "Kč"');
    expect(byFirm.get('Delta Kft.')!.value).toBe(5_000);
    expect(byFirm.get('Delta Kft.')!.numFmt).toBe('#,##0.00 "€"');
    // Unsaved and unnamed: the UI's word for it, else the core's in the export language; the log keeps it unsaved.
    const ui = await run({ untitled: 'Adresář firem' });
    expect(ui.fileName).toMatch(/^Adresář firem \d{4}-\d{2}-\d{2}\.xlsx$/);
    expect((await sheet(ui)).name).toBe('Adresář firem');
    expect((await t.call('exports.log', {})).find((e) => e.id === ui.logId)!.selectionName).toBe('');
    expect((await run({ locale: 'hu', recipients: 'people' })).fileName).toMatch(/^Személyek címjegyzéke \d{4}-\d{2}-\d{2}\.xlsx$/);
  });
});

describe('topics and subscriptions', () => {
  let t: TestCore;
  let d: Ids;
  beforeAll(async () => {
    t = await openTestCore({ now: () => clock });
    d = await seed(t);
  });
  afterAll(async () => { await t.close(); });

  it('lists topics with their live subscribers; names are unique; delete takes the subscriptions along', async () => {
    expect(await t.call('topics.list', {})).toEqual([
      { id: d.events, name: 'Akce', note: '', subscribers: 1 },
      { id: d.priceList, name: 'Ceník', note: 'Jednou za čtvrt roku', subscribers: 4 },
    ]);
    expect(await t.fail('topics.create', { name: 'CENIK' })).toMatchObject({ messageKey: 'errors.topic_name_taken', field: 'name' });
    await t.call('topics.update', { id: d.events, name: 'Akce a semináře' });
    const extra = (await t.call('topics.create', { name: 'Novinky' })).id;
    await t.call('subscriptions.set', { topicId: extra, personId: d.jan, subscribed: true });
    await t.call('topics.delete', { id: extra });
    expect((await t.call('topics.list', {})).map((x) => x.name)).toEqual(['Akce a semináře', 'Ceník']);
    expect(t.open.sqlite.prepare('SELECT count(*) AS n FROM subscriptions WHERE topic_id = ? AND deleted_at IS NOT NULL').get(extra)).toEqual({ n: 1 });
    expect((await t.call('subscriptions.list', { personId: d.jan })).map((s) => s.topicName)).toEqual(['Ceník']);
    expect(await t.fail('topics.delete', { id: extra })).toMatchObject({ code: 'not_found' });
  });

  it('subscribes with date and source, records an opt-out with its date and keeps the row, revives it on a new consent', async () => {
    clock = T0 + 1000;
    const list = (personId: string) => t.call('subscriptions.list', { personId });
    expect(await list(d.marie)).toEqual([{ id: expect.any(String), topicId: d.priceList, topicName: 'Ceník', personId: d.marie, firmId: null,
      subscribedAt: T0, source: 'veletrh 2026', unsubscribedAt: null }]);
    const id = (await list(d.marie))[0]!.id;
    // Subscribing again changes nothing: the original consent stands.
    expect(await t.call('subscriptions.set', { topicId: d.priceList, personId: d.marie, subscribed: true, source: 'again' })).toEqual({ id });
    expect((await list(d.marie))[0]).toMatchObject({ subscribedAt: T0, source: 'veletrh 2026' });
    clock = T0 + 2000;
    expect(await t.call('subscriptions.set', { topicId: d.priceList, personId: d.marie, subscribed: false })).toEqual({ id });
    expect((await list(d.marie))[0]).toMatchObject({ subscribedAt: T0, unsubscribedAt: T0 + 2000 });
    expect((await t.call('selections.count', { recipients: 'people', topicId: d.priceList })).excluded.optedOut).toBe(2);
    clock = T0 + 3000;
    expect(await t.call('subscriptions.set', { topicId: d.priceList, personId: d.marie, subscribed: true, source: 'telefon' })).toEqual({ id });
    expect((await list(d.marie))[0]).toMatchObject({ subscribedAt: T0 + 3000, source: 'telefon', unsubscribedAt: null });
    expect(t.count('subscriptions')).toBe(7);
    // Someone who never subscribed asks not to be written to: the refusal is recorded.
    await t.call('subscriptions.set', { topicId: d.events, personId: d.ivan, subscribed: false, source: 'telefon' });
    expect((await list(d.ivan))[0]).toMatchObject({ topicName: 'Akce a semináře', unsubscribedAt: T0 + 3000 });
    expect((await t.call('selections.count', { recipients: 'people', topicId: d.events })).excluded).toMatchObject({ optedOut: 1 });
  });

  it('a lead subscribes as itself; a firm does not; an opt-out of the main person wins over the firm’s own consent', async () => {
    expect(await t.fail('subscriptions.set', { topicId: d.priceList, firmId: d.alfa, subscribed: true }))
      .toMatchObject({ messageKey: 'errors.subscription_lead_only', field: 'firmId' });
    expect(await t.fail('subscriptions.set', { topicId: d.priceList, subscribed: true })).toMatchObject({ messageKey: 'errors.person_or_lead', field: 'personId' });
    expect(await t.fail('subscriptions.set', { topicId: BAD_ID, personId: d.jan, subscribed: true })).toMatchObject({ messageKey: 'errors.unknown_ref', field: 'topicId' });
    expect((await t.call('subscriptions.list', { firmId: d.zeta })).map((s) => [s.topicName, s.firmId])).toEqual([['Ceník', d.zeta]]);
    await t.call('subscriptions.set', { topicId: d.events, firmId: d.hana, subscribed: true });
    expect((await t.call('selections.preview', { topicId: d.events, columns: ['firmName'], limit: 10 })).sample.map((r) => r[0])).toEqual(['Fóton', 'Hana Lead']);
    await t.call('subscriptions.set', { topicId: d.events, personId: d.hanaPerson, subscribed: false });
    const after = await t.call('selections.preview', { topicId: d.events, columns: ['firmName'], limit: 10 });
    expect(after.sample.map((r) => r[0])).toEqual(['Fóton']);
    // Opted out: Hana Lead (its person) and Čedok (its main person refused in the test before).
    expect(after.excluded.optedOut).toBe(2);
  });
});

describe('saved selections and exports', () => {
  let t: TestCore;
  let d: Ids;
  beforeAll(async () => {
    t = await openTestCore({ now: () => clock });
    d = await seed(t);
    clock = T0;
  });
  afterAll(async () => { await t.close(); });

  const spec = (): Input<'selections.save'> => ({
    name: 'Odběratelé A', recipients: 'people', where: { op: 'and', items: [{ on: 'segment', ids: [d.segA] }] }, topicId: d.priceList,
    dedupe: 'email', columns: ['firmName', 'addressee', 'email'], format: 'excel-utf8', mergeNames: true,
  });

  it('saves, lists, gets, overwrites and deletes selections; names are unique among live ones', async () => {
    const id = (await t.call('selections.save', spec())).id;
    expect(await t.call('selections.get', { id })).toEqual({
      id, name: 'Odběratelé A', recipients: 'people', where: { op: 'and', items: [{ on: 'segment', ids: [d.segA], not: false }] },
      topicId: d.priceList, dedupe: 'email', columns: ['firmName', 'addressee', 'email'], format: 'excel-utf8', mergeNames: true, updatedAt: T0,
    });
    expect(await t.fail('selections.save', { ...spec(), name: 'odberatele a' })).toMatchObject({ code: 'validation', messageKey: 'errors.selection_name_taken', field: 'name' });
    const other = (await t.call('selections.save', { ...spec(), name: 'Všichni', where: { op: 'and', items: [] }, topicId: null })).id;
    expect((await t.call('selections.list', {})).map((s) => s.name)).toEqual(['Odběratelé A', 'Všichni']);
    expect(await t.fail('selections.save', { ...spec(), id: other, name: 'ODBĚRATELÉ A' })).toMatchObject({ messageKey: 'errors.selection_name_taken' });
    clock = T0 + 5000;
    await t.call('selections.save', { ...spec(), id: other, name: 'Všichni zákazníci', where: { op: 'and', items: [{ on: 'kind', kinds: ['customer'] }] } });
    expect(await t.call('selections.get', { id: other })).toMatchObject({ name: 'Všichni zákazníci', updatedAt: T0 + 5000 });
    // Only a selection that compiles is saved, with the field named.
    expect(await t.fail('selections.save', { ...spec(), name: 'Vadná', where: { op: 'and', items: [{ on: 'segment', ids: [BAD_ID] }] } }))
      .toMatchObject({ messageKey: 'errors.unknown_ref', field: 'where.items.0.ids.0' });
    expect(await t.fail('selections.save', { ...spec(), id: BAD_ID })).toMatchObject({ code: 'not_found' });
    await t.call('selections.delete', { id: other });
    expect((await t.call('selections.list', {})).map((s) => s.name)).toEqual(['Odběratelé A']);
    expect(await t.fail('selections.get', { id: other })).toMatchObject({ code: 'not_found' });
    // The name is free again once its selection is deleted.
    await t.call('selections.save', { ...spec(), name: 'Všichni zákazníci' });
  });

  it('exports the file, logs who exported what; an unencodable character stops it with the rows named and logs nothing', async () => {
    clock = T0 + 60_000;
    const saved = (await t.call('selections.list', {})).find((s) => s.name === 'Odběratelé A')!;
    const result = await t.call('exports.run', { ...spec(), selectionId: saved.id, format: 'csv', mergeNames: false });
    expect(result).toMatchObject({ rows: 2, excluded: { noConsent: 2, optedOut: 1, duplicates: 0, noEmail: 0 }, fileName: 'Odběratelé A 2026-11-02.csv', mime: 'text/csv; charset=utf-8' });
    const text = Buffer.from(result.contentBase64, 'base64').toString('utf8');
    expect(text.split('\r\n').filter(Boolean)).toEqual(['Název firmy,Adresát,E-mail', 'Alfa s.r.o.,Ing. Jan Novák,jan@alfa.cz', 'Beta a.s.,Marie Svobodová,marie@beta.cz']);

    // Cyrillic cannot be written in Windows-1250: row 5 (Петров) is named, nothing is logged.
    const people: Input<'exports.run'> = { recipients: 'people', columns: ['firmName', 'lastName', 'ico'], format: 'excel-cz', name: 'Všichni lidé' };
    const error = await t.fail('exports.run', people);
    expect(error).toMatchObject({ code: 'validation', messageKey: 'errors.unencodable', field: 'format', params: { rows: '5', suggest: 'excel-utf8' } });
    expect(String(error.params?.chars)).toContain('П');
    // …and by name: the person and their firm, not only a row number.
    expect(error.params?.names).toBe('Иван Петров (Čedok spol.)');
    // The app's own words in a language Windows-1250 cannot hold (Russian salutations, firm types)
    // are refused before any row, naming the columns — never blamed on the user's data.
    const ru = await t.fail('exports.run', { ...people, locale: 'ru', columns: ['firmName', 'salutation', 'kinds'] });
    expect(ru).toMatchObject({ messageKey: 'errors.unencodable_language', field: 'format', params: { columns: 'Обращение, Тип фирмы', suggest: 'excel-utf8' } });
    // Czech salutations are the app's too, but they fit: only the user's Cyrillic is named, with its person.
    const cs = await t.fail('exports.run', { ...people, columns: ['firmName', 'salutation'] });
    expect(cs).toMatchObject({ messageKey: 'errors.unencodable', params: { names: 'Иван Петров (Čedok spol.)' } });
    expect([...String(cs.params?.chars).replace(/ /g, '')].every((c) => 'Иванпетров'.includes(c.toLowerCase()) || 'ИП'.includes(c))).toBe(true);
    // Without the app's words Russian is no up-front refusal (its headers are written Word-safe): only the user's Cyrillic stops it.
    expect(await t.fail('exports.run', { ...people, locale: 'ru' })).toMatchObject({ messageKey: 'errors.unencodable', params: { names: 'Иван Петров (Čedok spol.)' } });
    clock = T0 + 120_000;
    const utf8 = await t.call('exports.run', { ...people, format: 'excel-utf8' });
    const bytes = Buffer.from(utf8.contentBase64, 'base64');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toContain('Čedok spol.;Петров;');
    expect(bytes.toString('utf8')).toContain('Alfa s.r.o.;Novák;00006947');
    expect(utf8).toMatchObject({ rows: 7, fileName: 'Všichni lidé 2026-11-02.csv' });

    const log = await t.call('exports.log', {});
    expect(log).toEqual([
      { id: utf8.logId, at: T0 + 120_000, userId: d.me, userName: 'Eva Testová', selectionId: null, selectionName: 'Všichni lidé',
        format: 'excel-utf8', rows: 7, excluded: 0, fileName: 'Všichni lidé 2026-11-02.csv' },
      { id: result.logId, at: T0 + 60_000, userId: d.me, userName: 'Eva Testová', selectionId: saved.id, selectionName: 'Odběratelé A',
        format: 'csv', rows: 2, excluded: 3, fileName: 'Odběratelé A 2026-11-02.csv' },
    ]);
    expect(t.count('export_log')).toBe(2);
    // The saved name is used when none is given; an unknown selection is a field error.
    const byId = await t.call('exports.run', { ...spec(), name: '', selectionId: saved.id, format: 'vcard4' });
    expect(byId.fileName).toBe('Odběratelé A 2026-11-02.vcf');
    // An unknown selection is not found — named or not, and before any file is built or logged.
    expect(await t.fail('exports.run', { ...spec(), name: '', selectionId: BAD_ID })).toEqual({ code: 'not_found', messageKey: 'errors.not_found', field: 'selectionId' });
    expect(await t.fail('exports.run', { ...spec(), name: 'Named', selectionId: BAD_ID })).toEqual({ code: 'not_found', messageKey: 'errors.not_found', field: 'selectionId' });
    expect(t.count('export_log')).toBe(3);
  });
  it('a firm row’s E-mail and Phone are the firm’s own; address books get every contact field whatever the columns', async () => {
    const firms: Input<'exports.run'> = { where: { op: 'and', items: [{ on: 'segment', ids: [d.segA] }] }, columns: ['firmName', 'email', 'phone'], format: 'csv', name: 'x' };
    const csv = Buffer.from((await t.call('exports.run', firms)).contentBase64, 'base64').toString('utf8');
    expect(csv.split('\r\n')[1]).toBe('Alfa s.r.o.,info@alfa.cz,+420 601 111 111'); // a phone is data: no apostrophe for Word's merge to print
    const vcf = Buffer.from((await t.call('exports.run', { ...firms, format: 'vcard4' })).contentBase64, 'base64').toString('utf8');
    const alfa = vcf.split('END:VCARD')[0]!;
    expect(alfa).toContain('ORG:Alfa s.r.o.');
    expect(alfa).toContain('info@alfa.cz');
    expect(alfa).toMatch(/ADR[^:]*:;;Husova 5;Brno;;602 00;/);
  });

  it('a file held whole makes its rows in rid order and places them: the rows streamed in file order, window by window', async () => {
    const ctx = {
      db: t.open.db, localUserId: t.open.localUserId, dbPath: t.open.path, schemaVersion: t.open.schemaVersion,
      filesDir: t.dir, now: () => clock, firmList: new FirmListIndex(t.open.db),
    };
    const fields = [d.region, d.staff, d.since, d.hobby].map((id): ExportColumn => `field:${id}`);
    const columns = [...EXPORT_COLUMNS, ...fields];
    const specs: Spec[] = [
      { recipients: 'firms' },
      { recipients: 'people' },
      { recipients: 'people', topicId: d.priceList, dedupe: 'email' },
      { recipients: 'firms', topicId: d.priceList, dedupe: 'address' },
    ];
    for (const spec of specs) {
      const input = contract['exports.run'].input.parse({ ...spec, columns, format: 'csv', name: 'x' });
      const people = input.recipients === 'people';
      const plan = await planColumns(ctx, input.columns, 'cs');
      const { rows } = await selectRows(ctx, input, 'cs', { firmList: true });
      expect(rows.length).toBeGreaterThan(1);
      const streamed: Cell[][] = [];
      for await (const batch of buildRowBatches(ctx, rows, plan, 'cs', people, 2)) streamed.push(...batch);
      const placed = new Array<Cell[]>(rows.length);
      for await (const { at, rows: cells } of buildPlacedRows(ctx, rows, plan, 'cs', people)) at.forEach((place, i) => { placed[place] = cells[i]!; });
      expect(placed).toEqual(streamed);
    }
  });
});

describe('people counts from the warm per-firm sums', () => {
  let t: TestCore;
  let d: Ids;
  beforeAll(async () => {
    t = await openTestCore({ now: () => clock });
    d = await seed(t);
  });
  afterAll(async () => { await t.close(); });

  /** The count (through the dispatcher: the warm sums when the conditions are about firms)
   * must equal what the rows say, row by row in SQL (the preview). */
  async function agreed(spec: Spec) {
    const preview = await t.call('selections.preview', { ...spec, columns: ['lastName'], limit: 200 });
    const count = await t.call('selections.count', spec);
    expect(count).toEqual({ rows: preview.rows, excluded: preview.excluded });
    expect(preview.sample).toHaveLength(count.rows);
    return count;
  }
  const specs = (): Spec[] => [
    { recipients: 'people' },
    { recipients: 'people', topicId: d.priceList },
    { recipients: 'people', topicId: d.events },
    { recipients: 'people', topicId: d.priceList, where: { op: 'and', items: [{ on: 'segment', ids: [d.segA] }] } },
    { recipients: 'people', topicId: d.priceList, where: { op: 'or', items: [{ on: 'kind', kinds: ['prospect'] }, { on: 'segment', ids: [d.tag] }] } },
  ];

  it('are the sums (not the row-by-row count) and agree with the rows', async () => {
    const ctx = {
      db: t.open.db, localUserId: t.open.localUserId, dbPath: t.open.path, schemaVersion: t.open.schemaVersion,
      filesDir: t.dir, now: () => clock, firmList: new FirmListIndex(t.open.db), peopleCounts: new PeopleCounts(),
    };
    const fast = await countSelection(ctx, contract['selections.count'].input.parse({ recipients: 'people', topicId: d.priceList }));
    expect(ctx.peopleCounts.warm).toEqual({ people: true, topics: [d.priceList] });
    const { peopleCounts: _, ...sqlOnly } = ctx;
    expect(await countSelection(sqlOnly, contract['selections.count'].input.parse({ recipients: 'people', topicId: d.priceList }))).toEqual(fast);
    expect(fast).toEqual({ rows: 4, excluded: { noConsent: 4, optedOut: 1, duplicates: 0, noEmail: 0 } });
    // A person-level condition (a person's user field) is counted row by row: the sums stay unused.
    const byHobby = contract['selections.count'].input.parse({ recipients: 'people', topicId: d.events,
      where: { op: 'and', items: [{ on: 'field', filter: { fieldId: d.hobby, op: 'eq', value: 'golf' } }] } });
    expect(await countSelection(ctx, byHobby)).toEqual({ rows: 0, excluded: { noConsent: 1, optedOut: 0, duplicates: 0, noEmail: 0 } });
    expect(ctx.peopleCounts.warm.topics).toEqual([d.priceList]);
  });

  it('stay right after people and subscriptions change: opt-outs, new and deleted people, merged firms', async () => {
    for (const s of specs()) await agreed(s);
    const before = await agreed({ recipients: 'people', topicId: d.priceList });
    await t.call('subscriptions.set', { topicId: d.priceList, personId: d.marie, subscribed: false, source: '' });
    expect(await agreed({ recipients: 'people', topicId: d.priceList })).toMatchObject({ rows: before.rows - 1, excluded: { optedOut: 2 } });
    const nova = (await t.call('people.create', { firmId: d.beta, firstName: 'Nová', lastName: 'Osoba', gender: 'female' })).id;
    await t.call('subscriptions.set', { topicId: d.priceList, personId: nova, subscribed: true, source: 'web' });
    expect(await agreed({ recipients: 'people', topicId: d.priceList })).toMatchObject({ rows: before.rows });
    await t.call('people.delete', { id: d.jan });
    expect(await agreed({ recipients: 'people', topicId: d.priceList })).toMatchObject({ rows: before.rows - 1 });
    // Beta's people (Svobodová, opted out; Osoba, subscribed) move to Alfa.
    await t.call('firms.merge', { survivorId: d.alfa, mergedId: d.beta });
    for (const s of specs()) await agreed(s);
    expect(await agreed({ recipients: 'people', topicId: d.priceList, where: { op: 'and', items: [{ on: 'segment', ids: [d.segA] }] } }))
      .toMatchObject({ rows: 1 });
  });
});
