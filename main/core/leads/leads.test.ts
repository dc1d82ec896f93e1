import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestCore, codeId, type TestCore } from '../test-helpers.ts';

const T0 = Date.UTC(2026, 3, 14, 8, 0);
const DAY = 86_400_000;
let clock = T0;
let t: TestCore;
let me: string;

beforeEach(async () => {
  clock = T0;
  t = await openTestCore({ now: () => (clock += 1000) });
  me = t.open.localUserId;
});
afterEach(async () => { await t.close(); });

const row = <T = Record<string, unknown>>(sql: string, ...params: unknown[]) => t.open.sqlite.prepare(sql).get(...params) as T;
const rows = <T = Record<string, unknown>>(sql: string, ...params: unknown[]) => t.open.sqlite.prepare(sql).all(...params) as T[];

describe('leads.create', () => {
  it('a company with a person: a lead firm (prospect) with its main person holding the e-mail, phone and note', async () => {
    const source = codeId(t, 'firm_source', 'fair');
    const { id } = await t.call('leads.create', {
      company: 'Pekárna Hořice', titleBefore: 'Ing.', firstName: 'Jana', lastName: 'Dvořáková',
      email: 'jana@pekarna-horice.cz', phone: '+420 603 555 666', sourceId: source, ownerId: me, note: 'Met at the fair.\nWants samples.',
    });
    expect(row('SELECT name, is_lead, is_prospect, is_customer, is_supplier, source_id, owner_id FROM firms WHERE id = ?', id)).toEqual({
      name: 'Pekárna Hořice', is_lead: 1, is_prospect: 1, is_customer: 0, is_supplier: 0, source_id: source, owner_id: me,
    });
    const card = await t.call('firms.get', { id });
    expect(card.firm.isLead).toBe(true);
    expect(card.channels).toEqual([]);
    expect(card.people).toHaveLength(1);
    expect(card.people[0]).toMatchObject({ titleBefore: 'Ing.', firstName: 'Jana', lastName: 'Dvořáková', isMain: true, note: 'Met at the fair.\nWants samples.' });
    expect(card.people[0]!.channels.map((c) => [c.kind, c.value])).toEqual([['email', 'jana@pekarna-horice.cz'], ['phone', '+420 603 555 666']]);
    expect(t.count('notes')).toBe(0);
    // Kept out of the firm list, but found by the search index like any firm row.
    expect((await t.call('firms.list', {})).total).toBe(0);
  });

  it('a person only: named after them; a company only: channels and note on the lead itself', async () => {
    const { id: person } = await t.call('leads.create', { firstName: 'Petr', lastName: 'Malý', phone: '777 123 456' });
    expect(row('SELECT name FROM firms WHERE id = ?', person)).toEqual({ name: 'Petr Malý' });
    const { id: company } = await t.call('leads.create', { company: 'Kovács Kft.', email: 'iroda@kovacs.hu', note: '  \nCall in May\nabout the offer' });
    expect(t.count('people')).toBe(1);
    const card = await t.call('firms.get', { id: company });
    expect(card.channels.map((c) => c.value)).toEqual(['iroda@kovacs.hu']);
    expect(rows('SELECT title, body, visibility, author_id, person_id FROM notes WHERE firm_id = ?', company)).toEqual([
      { title: 'Call in May', body: 'Call in May\nabout the offer', visibility: 'everyone', author_id: me, person_id: null },
    ]);
  });

  it('validation errors name the field', async () => {
    expect(await t.fail('leads.create', { firstName: 'Jan', email: 'jan@x.cz' })).toMatchObject({ messageKey: 'errors.lead_name_required', field: 'company' });
    expect(await t.fail('leads.create', { company: 'Alfa' })).toMatchObject({ messageKey: 'errors.lead_reach_required', field: 'email' });
    expect(await t.fail('leads.create', { company: 'Alfa', email: 'not-an-email' })).toMatchObject({ messageKey: 'errors.email', field: 'email' });
    expect(await t.fail('leads.create', { company: 'Alfa', phone: 'call me' })).toMatchObject({ messageKey: 'errors.phone', field: 'phone' });
    expect(await t.fail('leads.create', { company: 'Alfa', phone: '603 111 222', sourceId: me })).toMatchObject({ messageKey: 'errors.unknown_ref', field: 'sourceId' });
    expect(t.count('firms')).toBe(0);
  });
});

describe('leads.update', () => {
  it('changes names, channels and note in place; adding and removing the person moves them', async () => {
    const { id } = await t.call('leads.create', { company: 'Alfa', email: 'a@alfa.cz', note: 'First note' });
    await t.call('leads.update', { id, company: 'Alfa Beta', email: 'info@alfa.cz', phone: '603 111 222', note: 'Second note' });
    let card = await t.call('firms.get', { id });
    expect(card.firm.name).toBe('Alfa Beta');
    expect(card.channels.map((c) => [c.kind, c.value])).toEqual([['email', 'info@alfa.cz'], ['phone', '603 111 222']]);
    expect(rows('SELECT title FROM notes WHERE firm_id = ? AND deleted_at IS NULL', id)).toEqual([{ title: 'Second note' }]);

    // A person arrives: the e-mail and phone and the note become theirs.
    await t.call('leads.update', { id, company: 'Alfa Beta', firstName: 'Eva', lastName: 'Nová', email: 'eva@alfa.cz', phone: '603 111 222', note: 'Eva decides' });
    card = await t.call('firms.get', { id });
    expect(card.channels).toEqual([]);
    expect(card.people.map((p) => [p.firstName, p.lastName, p.note, p.channels.map((c) => c.value)])).toEqual([
      ['Eva', 'Nová', 'Eva decides', ['eva@alfa.cz', '603 111 222']],
    ]);
    expect(rows('SELECT id FROM notes WHERE firm_id = ? AND deleted_at IS NULL', id)).toEqual([]);
    const channelIds = rows<{ id: string }>('SELECT id FROM channels WHERE firm_id = ? ORDER BY id', id).map((r) => r.id);

    // The phone is dropped: its row is tombstoned, the e-mail row is the same row.
    await t.call('leads.update', { id, company: 'Alfa Beta', firstName: 'Eva', lastName: 'Nová', email: 'eva@alfa.cz' });
    card = await t.call('firms.get', { id });
    expect(card.people[0]!.channels.map((c) => c.value)).toEqual(['eva@alfa.cz']);
    expect(rows<{ id: string }>('SELECT id FROM channels WHERE firm_id = ? ORDER BY id', id).map((r) => r.id)).toEqual(channelIds);

    // The person goes again: the e-mail and the note return to the lead itself.
    await t.call('leads.update', { id, company: 'Alfa Beta', email: 'eva@alfa.cz', note: 'Back to the firm' });
    card = await t.call('firms.get', { id });
    expect(card.people).toEqual([]);
    expect(card.channels.map((c) => c.value)).toEqual(['eva@alfa.cz']);
    expect(rows('SELECT title FROM notes WHERE firm_id = ? AND deleted_at IS NULL', id)).toEqual([{ title: 'Back to the firm' }]);
    expect((await t.call('leads.list', {}))[0]).toMatchObject({ name: 'Alfa Beta', personName: null, email: 'eva@alfa.cz', phone: null });
  });

  it('only live leads', async () => {
    const firm = (await t.call('firms.create', { name: 'Firma', kinds: ['customer'] })).id;
    expect(await t.fail('leads.update', { id: firm, company: 'X', email: 'x@x.cz' })).toMatchObject({ code: 'not_found', field: 'id' });
    expect(await t.fail('leads.convert', { id: firm })).toMatchObject({ code: 'not_found', field: 'id' });
  });
});

describe('leads.list', () => {
  it('live leads by name in the language\'s order; search ignores case and diacritics; last done contact', async () => {
    const kind = codeId(t, 'contact_kind', 'call');
    const { id: z } = await t.call('leads.create', { company: 'Žabka', email: 'info@zabka.cz', ownerId: me });
    const { id: c } = await t.call('leads.create', { company: 'Čokoládovna', firstName: 'Jiří', lastName: 'Šťastný', phone: '+420 777 888 999' });
    const { id: a } = await t.call('leads.create', { company: 'Adam a syn', email: 'adam@syn.cz' });
    const { id: gone } = await t.call('leads.create', { company: 'Smazaný', email: 's@s.cz' });
    t.open.sqlite.prepare('UPDATE firms SET deleted_at = 1 WHERE id = ?').run(gone);
    await t.call('firms.create', { name: 'Bětka s.r.o.', kinds: ['customer'] });

    // Contacts are logged on a lead like on any firm.
    await t.call('contacts.create', { firmId: c, at: T0 - 3 * DAY, kindId: kind, referentId: me, summary: 'First call' });
    await t.call('contacts.create', { firmId: c, at: T0 - DAY, kindId: kind, referentId: me, summary: 'Second call' });
    await t.call('contacts.create', { firmId: c, at: T0 + 5 * DAY, kindId: kind, referentId: me, summary: 'Planned', status: 'planned' });

    const cs = await t.call('leads.list', { locale: 'cs' });
    expect(cs.map((l) => l.name)).toEqual(['Adam a syn', 'Čokoládovna', 'Žabka']);
    expect(cs[1]).toEqual({
      id: c, name: 'Čokoládovna', personName: 'Jiří Šťastný', email: null, phone: '+420 777 888 999', sourceId: null,
      ownerId: null, ownerName: null, createdAt: expect.any(Number), lastContactAt: T0 - DAY,
    });
    expect(cs[2]).toMatchObject({ id: z, email: 'info@zabka.cz', ownerId: me, ownerName: 'Eva Testová', lastContactAt: null, personName: null });
    expect((await t.call('leads.list', { q: 'stastny' })).map((l) => l.id)).toEqual([c]);
    expect((await t.call('leads.list', { q: 'ZABKA' })).map((l) => l.id)).toEqual([z]);
    expect((await t.call('leads.list', { q: 'syn.cz' })).map((l) => l.id)).toEqual([a]);
    expect((await t.call('leads.list', { q: '777888' })).map((l) => l.id)).toEqual([c]);
    expect((await t.call('leads.list', { q: 'čoko jiří' })).map((l) => l.id)).toEqual([c]);
    expect(await t.call('leads.list', { q: 'bětka' })).toEqual([]);
  });
});

describe('leads.convert', () => {
  it('into a firm of its own: listed with its kinds, its history stays, the change is recorded', async () => {
    const kind = codeId(t, 'contact_kind', 'meeting');
    const { id } = await t.call('leads.create', { company: 'Pekárna Hořice', firstName: 'Jana', lastName: 'Dvořáková', email: 'jana@pekarna.cz' });
    const person = (await t.call('firms.get', { id })).people[0]!.id;
    await t.call('contacts.create', { firmId: id, personId: person, at: T0, kindId: kind, referentId: me, summary: 'Tasting' });
    await t.call('tasks.create', { firmId: id, title: 'Send samples', assigneeId: me });
    const before = (await t.call('firms.get', { id })).firm.updatedAt;

    expect(await t.call('leads.convert', { id, kinds: ['customer'] })).toEqual({ firmId: id, mergeId: null });
    const card = await t.call('firms.get', { id });
    expect(card.firm).toMatchObject({ isLead: false, kinds: ['customer'], name: 'Pekárna Hořice' });
    expect(card.firm.updatedAt).toBeGreaterThan(before);
    expect(card.people.map((p) => p.id)).toEqual([person]);
    expect((await t.call('contacts.list', { firmId: id })).map((c) => c.summary)).toEqual(['Tasting']);
    expect(rows(`SELECT field, old_value, new_value FROM changes WHERE firm_id = ? AND field = 'lead'`, id))
      .toEqual([{ field: 'lead', old_value: 'lead', new_value: 'firm' }]);
    expect((await t.call('firms.list', {})).rows.map((r) => r.id)).toEqual([id]);
    expect(await t.call('leads.list', {})).toEqual([]);
    expect(await t.fail('leads.convert', { id })).toMatchObject({ code: 'not_found' });
    expect(await t.fail('leads.convert', { id: (await t.call('leads.create', { company: 'X', email: 'x@x.cz' })).id, kinds: [] }))
      .toMatchObject({ messageKey: 'errors.kinds_required', field: 'kinds' });
  });

  it('into an existing firm: merged into it with its person and history; the firm keeps its own fields', async () => {
    const kind = codeId(t, 'contact_kind', 'call');
    const source = codeId(t, 'firm_source', 'web');
    const firm = (await t.call('firms.create', {
      name: 'Pekárna Hořice s.r.o.', kinds: ['customer'], ico: '25596641',
      channels: [{ kind: 'email', value: 'info@pekarna.cz' }],
    })).id;
    const { id: lead } = await t.call('leads.create', {
      company: 'Pekárna v Hořicích', firstName: 'Jana', lastName: 'Dvořáková', email: 'jana@pekarna.cz', sourceId: source, ownerId: me,
    });
    await t.call('contacts.create', { firmId: lead, at: T0, kindId: kind, referentId: me, summary: 'Call from the fair' });
    await t.call('notes.create', { firmId: lead, title: 'Lead note', at: T0, visibility: 'everyone' });

    const matches = await t.call('firms.matches', { name: 'Pekárna Hořice', emails: ['info@pekarna.cz'], excludeId: lead });
    expect(matches.map((m) => m.id)).toEqual([firm]);

    const { firmId, mergeId } = await t.call('leads.convert', { id: lead, intoFirmId: firm });
    expect(firmId).toBe(firm);
    expect(mergeId).toBeTruthy();
    const card = await t.call('firms.get', { id: firm });
    expect(card.firm).toMatchObject({ name: 'Pekárna Hořice s.r.o.', kinds: ['customer'], ico: '25596641', isLead: false, sourceId: source, ownerId: me });
    expect(card.people.map((p) => [p.firstName, p.lastName, p.channels.map((c) => c.value)])).toEqual([['Jana', 'Dvořáková', ['jana@pekarna.cz']]]);
    expect((await t.call('contacts.list', { firmId: firm })).map((c) => c.summary)).toEqual(['Call from the fair']);
    expect(rows('SELECT title FROM notes WHERE firm_id = ?', firm)).toEqual([{ title: 'Lead note' }]);
    expect(rows(`SELECT new_value FROM changes WHERE firm_id = ? AND field = 'merge'`, firm)).toEqual([{ new_value: 'Pekárna v Hořicích' }]);
    expect(row('SELECT deleted_at IS NOT NULL AS gone, merged_into_id FROM firms WHERE id = ?', lead)).toEqual({ gone: 1, merged_into_id: firm });
    expect(await t.call('leads.list', {})).toEqual([]);

    // And it can be undone like any merge: the lead is back.
    await t.call('merges.undo', { id: mergeId! });
    expect((await t.call('leads.list', {})).map((l) => l.id)).toEqual([lead]);
    expect((await t.call('firms.get', { id: firm })).people).toEqual([]);
  });

  it('into itself or a missing firm: refused, naming intoFirmId', async () => {
    const { id } = await t.call('leads.create', { company: 'Alfa', email: 'a@alfa.cz' });
    expect(await t.fail('leads.convert', { id, intoFirmId: id })).toMatchObject({ messageKey: 'errors.merge_same', field: 'intoFirmId' });
    const gone = (await t.call('firms.create', { name: 'Gone', kinds: ['customer'] })).id;
    await t.call('firms.delete', { id: gone });
    expect(await t.fail('leads.convert', { id, intoFirmId: gone })).toMatchObject({ code: 'not_found', field: 'intoFirmId' });
  });

  it('into another lead: the result is a firm with the chosen kinds', async () => {
    const { id: older } = await t.call('leads.create', { company: 'Alfa', email: 'a@alfa.cz' });
    const { id: newer } = await t.call('leads.create', { company: 'Alfa s.r.o.', phone: '603 111 222' });
    await t.call('leads.convert', { id: newer, intoFirmId: older, kinds: ['customer', 'supplier'] });
    expect((await t.call('firms.get', { id: older })).firm).toMatchObject({ isLead: false, kinds: ['customer', 'supplier'] });
    expect((await t.call('firms.get', { id: older })).channels.map((c) => c.value)).toEqual(['a@alfa.cz', '603 111 222']);
  });
});
