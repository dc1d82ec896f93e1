// Data-protection requests: the report holds every kind of record about a person or a firm (and
// keeps colleagues' private notes private), and an erasure leaves no copy of their name, e-mail or
// phone anywhere in the database file — table, index, search index, merge before-image, history,
// WAL — while the firm's history still reads.
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestCore, codeId, type TestCore } from '../test-helpers.ts';
import { LOCALES } from '../../../shared/types.ts';
import { placeholders } from './erase.ts';

let t: TestCore;
let me: string;
let colleague: string;
let clock: number;
const T0 = Date.UTC(2026, 10, 2, 9, 0);
const HOUR = 3_600_000;

beforeEach(async () => {
  clock = T0;
  t = await openTestCore({ now: () => (clock += 1000) });
  me = t.open.localUserId;
  colleague = (await t.call('users.create', { name: 'Bohuslav Kolega' })).id;
});
afterEach(async () => { await t.close(); });

const NAME = 'Květoslava';
const SURNAME = 'Řeřichová';
const EMAIL = 'kvetoslava.rerichova@dvorak-stroje.cz';
const PHONE = '+420 603 917 254';
const found = async (q: string) => (await t.call('firms.list', { q })).rows.map((r) => r.name);

/** Strojírny Dvořák with Květoslava Řeřichová in every kind of record the app keeps. */
async function scene() {
  const firmId = (await t.call('firms.create', {
    name: 'Strojírny Dvořák s.r.o.', kinds: ['customer'], addresses: [{ kind: 'registered', street: 'Husova', number: '15', city: 'Hořice', postalCode: '50801' }],
    channels: [{ kind: 'phone', value: '+420 493 123 456' }],
  })).id;
  const boss = (await t.call('people.create', { firmId, firstName: 'Petr', lastName: 'Dvořák', isMain: true })).id;
  const personId = (await t.call('people.create', {
    firmId, titleBefore: 'Ing.', firstName: NAME, lastName: 'Řeřichová-Stará', gender: 'female', jobTitle: 'nákupčí', reportsToId: boss,
    note: 'Má ráda Stříbrné Hory', salutation: 'Vážená paní inženýrko', channels: [{ kind: 'email', value: EMAIL }, { kind: 'phone', value: PHONE }],
  })).id;
  // Renamed since: the old spelling is in a free block somewhere, the new one in the row.
  await t.call('people.update', {
    id: personId, firmId, titleBefore: 'Ing.', firstName: NAME, lastName: SURNAME, gender: 'female', jobTitle: 'nákupčí', reportsToId: boss,
    note: 'Má ráda Stříbrné Hory', salutation: 'Vážená paní inženýrko', channels: [{ kind: 'email', value: EMAIL }, { kind: 'phone', value: PHONE }],
  });
  const field = await t.call('fields.create', { entity: 'person', label: 'Rodné příjmení', type: 'text' });
  await t.call('fields.set', { entity: 'person', entityId: personId, values: [{ fieldId: field.id, value: 'Vomáčková' }] });
  const topic = (await t.call('topics.create', { name: 'Novinky' })).id;
  await t.call('subscriptions.set', { topicId: topic, personId, subscribed: true, source: 'veletrh Brno' });
  const contactId = (await t.call('contacts.create', {
    firmId, personId, status: 'done', at: T0 - 48 * HOUR, kindId: codeId(t, 'contact_kind', 'call'), referentId: me, summary: 'Ceník na rok 2027',
  })).id;
  const taskId = (await t.call('tasks.create', { firmId, personId, title: 'Poslat ceník', assigneeId: me, dueDate: '2026-11-05' })).id;
  const noteId = (await t.call('notes.create', { firmId, personId, title: 'Chce slevu', body: 'Rozhoduje do konce roku.', at: T0, visibility: 'everyone' })).id;
  const hiddenId = (await t.as(colleague).call('notes.create', { firmId, personId, title: 'Tajné', body: 'Jen pro mě', at: T0, visibility: 'private' })).id;
  // Another firm's note names her.
  const other = (await t.call('firms.create', { name: 'Slévárna Beneš a.s.', kinds: ['prospect'] })).id;
  const namingId = (await t.call('notes.create', { firmId: other, title: 'Doporučení', body: `Volat ${NAME} ${SURNAME} ze Strojíren, ${EMAIL}.`, at: T0, visibility: 'everyone' })).id;
  // A duplicate of her, merged into her.
  const dup = (await t.call('people.create', { firmId, firstName: NAME, lastName: SURNAME, channels: [{ kind: 'phone', value: '603 917 254' }] })).id;
  const mergeId = (await t.call('people.merge', { survivorId: personId, mergedId: dup })).mergeId;
  // An export of people that included her.
  const exported = await t.call('exports.run', { recipients: 'people', columns: ['firmName', 'firstName', 'lastName', 'email'], format: 'csv', name: 'Nákupčí' });
  return { firmId, boss, personId, field, topic, contactId, taskId, noteId, hiddenId, other, namingId, dup, mergeId, exported };
}

describe('privacy.report', () => {
  it('lists every kind of record about a person, and a colleague\'s private note only as existing', async () => {
    const s = await scene();
    const { report, doc, fileName } = await t.call('privacy.report', { personId: s.personId, locale: 'cs' });
    expect(report.kind).toBe('person');
    const her = report.people.find((p) => p.id === s.personId)!;
    expect(her).toMatchObject({ titleBefore: 'Ing.', firstName: NAME, lastName: SURNAME, jobTitle: 'nákupčí', reportsTo: 'Petr Dvořák',
      note: 'Má ráda Stříbrné Hory', salutation: 'Vážená paní inženýrko', fields: [{ label: 'Rodné příjmení', value: 'Vomáčková' }] });
    // The e-mail as saved before the rename (replaced, still held) and the live one.
    expect(her.emails.map((e) => [e.value, e.deletedAt === null]).sort()).toEqual([[EMAIL, false], [EMAIL, true]]);
    expect(her.phones.map((e) => e.value)).toContain(PHONE);
    // The merged duplicate is hers too: its tombstone still holds a copy.
    expect(report.people.map((p) => p.id).sort()).toEqual([s.personId, s.dup].sort());
    expect(report.firm).toMatchObject({ id: s.firmId, name: 'Strojírny Dvořák s.r.o.' });
    expect(report.contacts.map((c) => c.id)).toEqual([s.contactId]);
    expect(report.tasks.map((c) => c.id)).toEqual([s.taskId]);
    expect(report.notes.map((n) => [n.id, n.why]).sort()).toEqual([[s.noteId, 'linked'], [s.namingId, 'names']].sort());
    expect(report.hiddenNotes).toEqual([{ id: s.hiddenId, at: T0, author: 'Bohuslav Kolega' }]);
    expect(JSON.stringify(report)).not.toContain('Jen pro mě');
    expect(report.subscriptions).toMatchObject([{ topic: 'Novinky', source: 'veletrh Brno', unsubscribedAt: null }]);
    expect(report.merges.map((m) => m.id)).toEqual([s.mergeId]);
    expect(report.exports).toMatchObject([{ id: s.exported.logId, selection: 'Nákupčí', rows: 2 }]);
    expect(report.mentions.map((m) => m.id)).toEqual([s.namingId]);
    // The document says it all in Czech; the JSON's file name is hers.
    expect(doc.html).toContain('Osobní údaje, které vedeme');
    expect(doc.html).toContain(EMAIL);
    expect(doc.html).toContain('Soukromé poznámky kolegů');
    expect(doc.html).not.toContain('Jen pro mě');
    expect(fileName).toMatch(/^Ing\. Květoslava Řeřichová \d{4}-\d{2}-\d{2}\.json$/);
  });

  it('for a firm: its own data, its people, and exports of the firm', async () => {
    const s = await scene();
    const firmExport = await t.call('exports.run', { recipients: 'firms', columns: ['firmName'], format: 'csv', name: 'Firmy' });
    const { report, doc } = await t.call('privacy.report', { firmId: s.firmId, locale: 'hu' });
    expect(report.kind).toBe('firm');
    expect(report.firm!.addresses).toMatchObject([{ street: 'Husova', city: 'Hořice' }]);
    expect(report.people.map((p) => p.lastName).sort()).toEqual(['Dvořák', SURNAME, SURNAME].sort());
    expect(report.exports.map((e) => e.id).sort()).toEqual([s.exported.logId, firmExport.logId].sort());
    expect(report.contacts).toHaveLength(1);
    expect(doc.html).toContain('A cégről nyilvántartott adatok');
    // The other firm's export of firms did not include… the other firm's report says so.
    const other = (await t.call('privacy.report', { firmId: s.other, locale: 'en' })).report;
    expect(other.exports.map((e) => e.id)).toEqual([firmExport.logId]);
  });

  it('refuses neither or both subjects, and an unknown one', async () => {
    expect(await t.fail('privacy.report', { locale: 'cs' })).toMatchObject({ code: 'validation', field: 'personId' });
    expect(await t.fail('privacy.report', { personId: '01900000-0000-7000-8000-000000000001', locale: 'cs' }))
      .toMatchObject({ code: 'validation', messageKey: 'errors.unknown_ref', field: 'personId' });
  });
});

/** Every occurrence of `needle` in the bytes of the database file and its WAL. */
function inFiles(file: string, needle: string): string[] {
  const out: string[] = [];
  for (const f of [file, `${file}-wal`]) {
    if (!fs.existsSync(f)) continue;
    const bytes = fs.readFileSync(f);
    if (bytes.includes(Buffer.from(needle, 'utf8'))) out.push(f);
  }
  return out;
}

describe('privacy.erase', () => {
  it('leaves no copy of her name, e-mail or phone in the file, and the firm\'s history still reads', async () => {
    const s = await scene();
    // The report lists the texts that name her; the user edits them first.
    const { report } = await t.call('privacy.report', { personId: s.personId, locale: 'cs' });
    expect(report.mentions.map((m) => m.id)).toEqual([s.namingId]);
    const note = t.open.sqlite.prepare('SELECT firm_id, at FROM notes WHERE id = ?').get(s.namingId) as { firm_id: string; at: number };
    await t.call('notes.update', { id: s.namingId, firmId: note.firm_id, title: 'Doporučení', body: 'Volat nákupčí ze Strojíren.', at: note.at, visibility: 'everyone' });

    // An export named after her: the log keeps its name, the erasure replaces hers in it.
    await t.call('exports.run', { recipients: 'people', columns: ['lastName'], format: 'csv', name: `Pro ${NAME} ${SURNAME}` });
    const result = await t.call('privacy.erase', { personId: s.personId, locale: 'cs' });
    expect(result).toMatchObject({ people: 2, mentions: [] });
    expect(t.open.sqlite.prepare('SELECT selection_name FROM export_log ORDER BY at').all()).toEqual([
      { selection_name: 'Nákupčí' }, { selection_name: 'Pro [vymazaná osoba]' }]);
    // Nothing in the file or its WAL spells her — tables, indexes, the search index, the merge's
    // before-image, free space left by her rename and by the edited note.
    for (const needle of [SURNAME, 'Řeřichová-Stará', 'rerichova', EMAIL, PHONE, '603 917 254', '603917254', 'Vomáčková', 'Stříbrné Hory', 'inženýrko', `${NAME} ${SURNAME}`]) {
      expect(inFiles(t.file, needle), needle).toEqual([]);
    }
    // …while the test would find what stays.
    expect(inFiles(t.file, 'Strojírny Dvořák').length).toBeGreaterThan(0);
    expect(inFiles(t.file, 'Ceník na rok 2027').length).toBeGreaterThan(0);
    // FTS keeps folded words (prefix-compressed in the file): none of hers is a term of the index.
    t.open.sqlite.exec(`CREATE VIRTUAL TABLE temp.terms USING fts5vocab(main, firm_search, 'row')`);
    const terms = (t.open.sqlite.prepare('SELECT term FROM temp.terms').all() as { term: string }[]).map((r) => r.term);
    expect(terms.filter((x) => /rerich|kvetoslav|603917254/.test(x))).toEqual([]);
    expect(terms).toContain('dvorak');
    expect(t.open.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');

    // Gone from the card and search.
    expect((await t.call('firms.get', { id: s.firmId })).people.map((p) => p.lastName)).toEqual(['Dvořák']);
    for (const q of [SURNAME, 'Rerichova', EMAIL, '603 917 254', '603917254']) expect(await found(q)).toEqual([]);
    expect(await found('Dvořák')).toEqual(['Strojírny Dvořák s.r.o.']);
    // The firm's history still reads: her contact, task and note are there, naming the placeholder.
    const contacts = await t.call('contacts.list', { firmId: s.firmId });
    expect(contacts.map((c) => [c.id, c.summary])).toEqual([[s.contactId, 'Ceník na rok 2027']]);
    const timeline = JSON.stringify(await t.call('timeline.list', { firmId: s.firmId } as never));
    expect(timeline).toContain('Ceník na rok 2027');
    expect(timeline).not.toContain(SURNAME);
    const row = t.open.sqlite.prepare('SELECT first_name, last_name, title_before, note, salutation, deleted_at FROM people WHERE id = ?').get(s.personId);
    expect(row).toMatchObject({ first_name: '', last_name: '[vymazaná osoba]', title_before: '', note: '', salutation: '' });
    expect((row as { deleted_at: number | null }).deleted_at).not.toBeNull();
    // Consent stays as proof; the erasure is recorded without the data.
    expect(t.count('subscriptions')).toBe(1);
    expect(t.open.sqlite.prepare('SELECT kind, entity_id, user_id FROM erasures').all()).toEqual([{ kind: 'person', entity_id: s.personId, user_id: me }]);
    // Not restorable from the trash; no selection lists her any more.
    expect((await t.call('trash.list', {})).rows).toEqual([]);
    expect((await t.call('selections.count', { recipients: 'people' })).rows).toBe(1);
    // Her report now says only that she was erased.
    const after = (await t.call('privacy.report', { personId: s.personId, locale: 'en' })).report;
    expect(after.erasures).toMatchObject([{ kind: 'person', user: 'Eva Testová' }]);
    expect(after.people[0]).toMatchObject({ firstName: '', lastName: '[vymazaná osoba]', emails: [], phones: [] });
  });

  it('lists the texts that still name her and leaves them as written; consents go only when asked', async () => {
    const s = await scene();
    // Named however people write: her number as digits, her name without diacritics in capitals.
    const taskId = (await t.call('tasks.create', { firmId: s.other, title: 'Zavolat na 603917254', assigneeId: me })).id;
    const contactId = (await t.call('contacts.create', { firmId: s.other, status: 'done', at: T0 - HOUR, kindId: codeId(t, 'contact_kind', 'call'),
      referentId: me, summary: 'Doporučila nás KVETOSLAVA RERICHOVA' })).id;
    const unrelated = (await t.call('tasks.create', { firmId: s.other, title: 'Zavolat na 603 917 000', assigneeId: me })).id;
    const stageId = (t.open.sqlite.prepare(`SELECT id FROM pipeline_stages WHERE outcome = 'open' ORDER BY sort LIMIT 1`).get() as { id: string }).id;
    const opp = (await t.call('opportunities.create', { firmId: s.other, title: 'Lis 2027', stageId, currency: 'CZK', ownerId: me })).id;
    await t.call('opportunities.comment', { opportunityId: opp, body: `Podle ${EMAIL} do konce roku.` });
    const selection = (await t.call('selections.save', { name: 'Jen Květoslava Řeřichová', recipients: 'people', columns: ['lastName'],
      where: { op: 'and', items: [{ on: 'place', part: 'city', values: ['Hořice'] }] } })).id;
    const file = await t.call('attachments.add', { firmId: s.other, name: 'Smlouva Květoslava Řeřichová.pdf', content: Buffer.from('%PDF').toString('base64') });
    // Another firm's history that happens to hold the same digits is not hers: left alone.
    const kovo = (await t.call('firms.create', { name: 'Sklad 603 917 254', kinds: ['supplier'] })).id;
    await t.call('firms.update', { id: kovo, name: 'Sklad Hořice', kinds: ['supplier'] });
    const result = await t.call('privacy.erase', { personId: s.personId, locale: 'en', consents: true });
    expect(t.open.sqlite.prepare(`SELECT old_value FROM changes WHERE firm_id = ? AND field = 'name'`).get(kovo)).toEqual({ old_value: 'Sklad 603 917 254' });
    expect(result.mentions.map((m) => [m.kind, m.id]).sort()).toEqual([['contact', contactId], ['file', file.id], ['note', s.namingId], ['opportunity', opp], ['selection', selection], ['task', taskId]].sort());
    expect(result.mentions.find((m) => m.id === s.namingId)).toMatchObject({ title: 'Doporučení', private: false });
    expect(result.mentions.some((m) => m.id === unrelated)).toBe(false);
    const body = (t.open.sqlite.prepare('SELECT body FROM notes WHERE id = ?').get(s.namingId) as { body: string }).body;
    expect(body).toContain(SURNAME);
    expect(t.count('subscriptions')).toBe(0);
    expect((t.open.sqlite.prepare('SELECT last_name FROM people WHERE id = ?').get(s.personId) as { last_name: string }).last_name).toBe('[erased person]');
    // The merge keeps its record, but its before-image no longer holds her.
    const snap = (t.open.sqlite.prepare('SELECT snapshot FROM merges WHERE id = ?').get(s.mergeId) as { snapshot: string }).snapshot;
    expect(snap).not.toContain(SURNAME);
    expect(snap).not.toContain('603 917 254');
  });

  it('erases a firm with its people; its contacts stay under the placeholder', async () => {
    const s = await scene();
    const result = await t.call('privacy.erase', { firmId: s.firmId, locale: 'hu' });
    // Her name is still in the other firm's note — listed, for the user to edit.
    expect(result.mentions.map((m) => m.id)).toEqual([s.namingId]);
    expect(await found('Strojírny')).toEqual([]);
    expect(await found('493 123 456')).toEqual([]);
    expect(await found('Dvořák')).toEqual([]);
    expect(await found('Slévárna')).toEqual(['Slévárna Beneš a.s.']);
    const firm = t.open.sqlite.prepare('SELECT name, ico, deleted_at FROM firms WHERE id = ?').get(s.firmId) as { name: string; deleted_at: number | null };
    expect(firm).toMatchObject({ name: '[törölt cég]', ico: null });
    expect(firm.deleted_at).not.toBeNull();
    expect(t.open.sqlite.prepare('SELECT count(*) AS n FROM people WHERE firm_id = ? AND first_name <> \'\'').get(s.firmId)).toEqual({ n: 0 });
    expect(t.open.sqlite.prepare('SELECT count(*) AS n FROM addresses WHERE firm_id = ?').get(s.firmId)).toEqual({ n: 0 });
    expect(t.count('contacts')).toBe(1);
    for (const needle of ['Strojírny Dvořák', 'Husova', 'Řeřichová-Stará', PHONE, '493 123 456']) expect(inFiles(t.file, needle), needle).toEqual([]);
    expect(t.open.sqlite.prepare('SELECT kind FROM erasures').all()).toEqual([{ kind: 'firm' }]);
  });
});

describe('the placeholder', () => {
  it('is what the UI tells the user an erased record will read, in each language', () => {
    for (const lng of LOCALES) {
      const ui = JSON.parse(fs.readFileSync(new URL(`../../../renderer/i18n/privacy.${lng}.json`, import.meta.url), 'utf8')).privacy;
      expect([ui.placeholder_person, ui.placeholder_firm], lng).toEqual([placeholders(lng).person, placeholders(lng).firm]);
    }
  });
});
