// The import channels on real SQLite files: stage → preview → dry run → run → list → undo.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestCore, type TestCore } from '../test-helpers.ts';
import type { ImportMapping } from '../../../shared/import-targets.ts';
import type { ImportKind } from '../../../shared/import-targets.ts';

let t: TestCore;
beforeEach(async () => { t = await openTestCore(); });
afterEach(async () => { await t.close(); });

const q = <T = Record<string, unknown>>(s: string, ...p: unknown[]) => t.open.sqlite.prepare(s).all(...p) as T[];

async function staged(csv: string, kind: ImportKind = 'firms', fileName = 'firmy.csv') {
  return t.call('imports.stage', { fileName, kind, content: Buffer.from(csv, 'utf8').toString('base64') });
}

const FIRM_MAP: ImportMapping = { 0: 'firm.name', 1: 'firm.ico', 2: 'firm.email', 3: 'address.city', 4: 'tags' };
const FIRMS = [
  'Název;IČO;E-mail;Město;Štítky',
  'Pekárna Novák s.r.o.;25596641;info@pekarna.cz;Hořice;pekárny, VIP',
  'Stavby Dvořák a.s.;;stavby@dvorak.cz;Brno;VIP',
  'Agro Servis;;;Jičín;',
].join('\n');

async function importFirms(csv = FIRMS, mode: 'create' | 'update' | 'both' = 'both', mapping = FIRM_MAP) {
  const s = await staged(csv);
  return t.call('imports.run', { token: s.token, fileName: 'firmy.csv', kind: 'firms', mapping, mode });
}

async function search(text: string) {
  return (await t.call('firms.list', { q: text, locale: 'cs' })).rows.map((r) => r.name);
}

describe('imports', () => {
  it('stages a file, previews its cells with the form errors, and dry-runs without writing', async () => {
    const s = await staged(`${FIRMS}\nŠpatná firma;12345678;ne-email;Praha;`);
    expect(s.headers).toEqual(['Název', 'IČO', 'E-mail', 'Město', 'Štítky']);
    expect(s.totalRows).toBe(4);
    expect(s.token).toMatch(/^[0-9a-f]{64}$/);
    const p = await t.call('imports.preview', { token: s.token, fileName: 'firmy.csv', kind: 'firms', mapping: FIRM_MAP });
    const bad = p.rows.find((r) => r.line === 5)!;
    expect(bad.cells[1]!.issue).toMatchObject({ line: 5, column: 1, target: 'firm.ico', messageKey: 'errors.ico_checksum' });
    expect(bad.cells[2]!.issue).toMatchObject({ column: 2, target: 'firm.email', messageKey: 'errors.email' });
    expect(p.rows[0]!.cells.every((c) => c.issue === null)).toBe(true);
    const before = t.count('firms');
    const dry = await t.call('imports.dryRun', { token: s.token, fileName: 'firmy.csv', kind: 'firms', mapping: FIRM_MAP, mode: 'both' });
    expect(dry.counts).toMatchObject({ rows: 4, created: 3, updated: 0, invalid: 1, duplicate: 0 });
    expect(dry.issues.map((i) => [i.line, i.target, i.messageKey])).toEqual([[5, 'firm.ico', 'errors.ico_checksum'], [5, 'firm.email', 'errors.email']]);
    expect(t.count('firms')).toBe(before);
    expect(t.count('imports')).toBe(0);
  });

  it('creates firms with address, e-mail and tags, found at once in the list and by search', async () => {
    const epoch = () => q<{ n: number }>('SELECT n FROM first_page_epoch')[0]!.n;
    const cache = () => q<{ n: number }>('SELECT pragma_cache_size.cache_size AS n FROM pragma_cache_size')[0]!.n;
    const [epochBefore, cacheBefore] = [epoch(), cache()];
    const r = await importFirms();
    // The first page kept for the next start is stale (its epoch moved once for the run, its
    // trigger is back), and the page cache the run enlarged is the core's again.
    expect(epoch()).toBe(epochBefore + 1);
    expect(q(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND name = 'first_page_firm_insert'`)).toHaveLength(1);
    expect(cache()).toBe(cacheBefore);
    expect(r.counts).toMatchObject({ rows: 3, created: 3, updated: 0, invalid: 0 });
    expect(q(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'trigger' AND name IN ('firms_ai', 'people_ai', 'addresses_ai', 'channels_ai')`)).toEqual([{ n: 4 }]);
    expect(await search('pekarna')).toEqual(['Pekárna Novák s.r.o.']);
    expect(await search('dvorak.cz')).toEqual(['Stavby Dvořák a.s.']);
    const list = await t.call('firms.list', { locale: 'cs' });
    expect(list.rows.map((x) => x.name)).toEqual(expect.arrayContaining(['Agro Servis', 'Pekárna Novák s.r.o.', 'Stavby Dvořák a.s.']));
    const vip = q<{ n: number }>(`SELECT count(*) AS n FROM segment_members m JOIN segments s ON s.id = m.segment_id WHERE s.kind = 'tag' AND s.name = 'VIP'`);
    expect(vip[0]!.n).toBe(2);
    expect(q(`SELECT city FROM addresses a JOIN firms f ON f.id = a.firm_id WHERE f.name = 'Agro Servis'`)).toEqual([{ city: 'Jičín' }]);
    const log = await t.call('imports.list', {});
    expect(log).toMatchObject([{ id: r.importId, kind: 'firms', fileName: 'firmy.csv', userName: 'Eva Testová', counts: { created: 3 }, undoneAt: null }]);
  });

  it('matches by IČO, then e-mail, then the normalised name; modes create, update and both', async () => {
    await importFirms();
    const again = [
      'Název;IČO;E-mail;Město;Štítky',
      'PEKÁRNA NOVÁK;25596641;;Jičín;',            // by IČO (another name spelling): city updated
      'Dvořák stavby;;STAVBY@dvorak.cz;Brno;',      // by e-mail: nothing differs (name not given? it is: renamed)
      'AGROSERVIS s.r.o.;;;Jičín;',                 // by name key: unchanged city, renamed
      'Nová firma;;;Praha;',
    ].join('\n');
    const create = await importFirms(again, 'create');
    expect(create.counts).toMatchObject({ created: 1, updated: 0, skipped: 3 });
    const update = await importFirms(again.replace('Nová firma', 'Ještě novější'), 'update');
    expect(update.counts).toMatchObject({ created: 0, updated: 3, skipped: 1 });
    expect(q(`SELECT a.city FROM addresses a JOIN firms f ON f.id = a.firm_id WHERE f.ico = '25596641'`)).toEqual([{ city: 'Jičín' }]);
    // Renames go to the key-field log, as the firm form's do.
    expect(q(`SELECT field, old_value, new_value FROM changes ORDER BY old_value`)).toEqual([
      { field: 'name', old_value: 'Agro Servis', new_value: 'AGROSERVIS s.r.o.' },
      { field: 'name', old_value: 'Pekárna Novák s.r.o.', new_value: 'PEKÁRNA NOVÁK' },
      { field: 'name', old_value: 'Stavby Dvořák a.s.', new_value: 'Dvořák stavby' },
    ]);
    expect(await search('agroservis')).toEqual(['AGROSERVIS s.r.o.']);
    const both = await importFirms(again.replace('Nová firma', 'Třetí nová'), 'both');
    expect(both.counts).toMatchObject({ created: 1, updated: 0, unchanged: 3 });
  });

  it('matches foreign ids in their country namespace, and reports a row matching two firms as a duplicate', async () => {
    const map: ImportMapping = { 0: 'firm.name', 1: 'firm.country', 2: 'firm.ico' };
    const r1 = await importFirms('Name;Country;Id\nRomashka OOO;RU;7707083893\nTisza Kft.;HU;10537914-4-44\nDvojník;CZ;\nDvojník s.r.o.;CZ;', 'both', map);
    expect(r1.counts).toMatchObject({ created: 3, duplicate: 1 });
    expect(r1.issues).toEqual([{ line: 5, column: null, target: '', messageKey: 'errors.import_repeated', params: { line: 4 } }]);
    const r2 = await importFirms('Name;Country;Id\nООО «Ромашка»;RU;7707083893\nTisza;HU;10537914-2-44', 'update', map);
    expect(r2.counts).toMatchObject({ updated: 2 });
    expect(q(`SELECT name FROM firms WHERE country = 'RU'`)).toEqual([{ name: 'ООО «Ромашка»' }]);
    // The country from the address alone (no country column): the id still in its namespace.
    const byAddress = await importFirms('Name;Country;Id\nTisza Kereskedelmi;HU;10537914-2-44', 'update', { 0: 'firm.name', 1: 'address.country', 2: 'firm.ico' });
    expect(byAddress.counts).toMatchObject({ updated: 1, created: 0 });
    // Two firms of one name already in the database: a row naming it is reported, not written.
    await t.call('firms.create', { name: 'Dvojník a.s.', kinds: ['customer'] });
    const r3 = await importFirms('Name;Country;Id\nDVOJNÍK;CZ;', 'both', map);
    expect(r3.counts).toMatchObject({ duplicate: 1, created: 0, updated: 0 });
    expect(r3.issues[0]).toMatchObject({ line: 2, messageKey: 'errors.import_matches_firms', params: { count: 2 } });
  });

  it('refuses invalid rows as a whole unless asked to skip them, naming line and field', async () => {
    const s = await staged(`${FIRMS}\n;;a@b.cz;;\nBad;123;;;`);
    const spec = { token: s.token, fileName: 'firmy.csv', kind: 'firms' as const, mapping: FIRM_MAP, mode: 'both' as const };
    expect(await t.fail('imports.run', spec)).toMatchObject({ messageKey: 'errors.import_invalid_rows', params: { count: 2 } });
    expect(t.count('firms')).toBe(0);
    expect(t.count('imports')).toBe(0);
    const r = await t.call('imports.run', { ...spec, skipInvalid: true });
    expect(r.counts).toMatchObject({ created: 3, invalid: 2 });
    expect(r.issues.map((i) => [i.line, i.target, i.messageKey])).toEqual([[5, 'firm.name', 'errors.required'], [6, 'firm.ico', 'errors.ico_checksum']]);
  });

  it('checks the rows again when anything was written after the dry run (its checked rows are reused only unchanged)', async () => {
    const csv = ['Název;Obor', 'Pekárna Novák s.r.o.;Pekařství', 'Stavby Dvořák a.s.;'].join('\n');
    const s = await staged(csv);
    const spec = { token: s.token, fileName: 'firmy.csv', kind: 'firms' as const, mapping: { 0: 'firm.name', 1: 'firm.industry' } as ImportMapping, mode: 'both' as const };
    const dry = await t.call('imports.dryRun', spec);
    expect(dry.issues.map((i) => [i.line, i.target, i.messageKey])).toEqual([[2, 'firm.industry', 'errors.import_unknown_code']]);
    // The same state: the run refuses the same row (here through the dry run's checked rows).
    expect(await t.fail('imports.run', spec)).toMatchObject({ messageKey: 'errors.import_invalid_rows', params: { count: 1 } });
    // The industry is added: a run now must not use what the dry run checked.
    await t.call('codes.add', { list: 'industry', label: 'Pekařství', locale: 'cs' });
    const run = await t.call('imports.run', spec);
    expect(run.counts).toMatchObject({ created: 2, invalid: 0 });
    expect(q(`SELECT c.label FROM firms f JOIN codes c ON c.id = f.industry_id WHERE f.name = 'Pekárna Novák s.r.o.'`)).toEqual([{ label: 'Pekařství' }]);
  });

  it('leaves nothing when the run is cancelled through its job', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `Firma ${i};;;Brno;`);
    const s = await staged(['Název;IČO;E-mail;Město;Štítky', ...rows].join('\n'));
    const run = t.core.dispatch('imports.run', { token: s.token, fileName: 'f.csv', kind: 'firms', mapping: FIRM_MAP, mode: 'both', job: 'import-cancel-1' });
    await t.call('jobs.cancel', { job: 'import-cancel-1' });
    const { envelope } = await run;
    expect(envelope).toMatchObject({ ok: false, error: { messageKey: 'errors.cancelled' } });
    expect(t.count('firms')).toBe(0);
    expect(t.count('import_changes')).toBe(0);
    expect(await search('firma')).toEqual([]);
    expect(q('SELECT pragma_cache_size.cache_size AS n FROM pragma_cache_size')).toEqual([{ n: -131072 }]);
    // The search triggers the run lifted came back with the rollback: a new firm is found.
    expect(q(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND name IN ('firms_ai', 'people_ai', 'addresses_ai', 'channels_ai') ORDER BY name`))
      .toEqual([{ name: 'addresses_ai' }, { name: 'channels_ai' }, { name: 'firms_ai' }, { name: 'people_ai' }]);
    await t.call('firms.create', { name: 'Po zrušení s.r.o.', kinds: ['customer'], channels: [{ kind: 'email', value: 'po@zruseni.cz' }] });
    expect(await search('zruseni.cz')).toEqual(['Po zrušení s.r.o.']);
  });

  it('undoes an import: created firms gone from list and search, updated ones restored', async () => {
    await t.call('firms.create', { name: 'Pekárna Novák s.r.o.', kinds: ['prospect'], ico: '25596641', addresses: [{ kind: 'registered', city: 'Hořice' }] });
    const r = await importFirms(FIRMS.replace(';Hořice;', ';Jičín;'));
    expect(r.counts).toMatchObject({ created: 2, updated: 1 });
    expect(await search('dvorak')).toEqual(['Stavby Dvořák a.s.']);
    const u = await t.call('imports.undo', { id: r.importId });
    expect(u.removed).toBeGreaterThan(0);
    expect(await search('dvorak')).toEqual([]);
    expect((await t.call('firms.list', { locale: 'cs' })).rows.map((x) => x.name)).toEqual(['Pekárna Novák s.r.o.']);
    expect(q(`SELECT city FROM addresses WHERE deleted_at IS NULL`)).toEqual([{ city: 'Hořice' }]);
    expect(q(`SELECT count(*) AS n FROM segments`)).toEqual([{ n: 0 }]);
    expect(q(`SELECT count(*) AS n FROM changes`)).toEqual([{ n: 0 }]);
    expect(await t.fail('imports.undo', { id: r.importId })).toMatchObject({ messageKey: 'errors.import_undone_already' });
    expect((await t.call('imports.list', {}))[0]).toMatchObject({ undoneByName: 'Eva Testová' });
  });

  it('refuses to undo when an imported record was edited or given a contact since', async () => {
    const r = await importFirms();
    const firm = q<{ id: string }>(`SELECT id FROM firms WHERE name = 'Agro Servis'`)[0]!.id;
    await t.call('firms.update', { id: firm, name: 'Agro Servis Jičín', kinds: ['customer'] });
    expect(await t.fail('imports.undo', { id: r.importId })).toMatchObject({ messageKey: 'errors.import_changed_since' });
    expect(t.count('firms')).toBe(3);

    const r2 = await importFirms('Název;IČO;E-mail;Město;Štítky\nNová;;;;');
    const nova = q<{ id: string }>(`SELECT id FROM firms WHERE name = 'Nová'`)[0]!.id;
    const kind = q<{ id: string }>(`SELECT id FROM codes WHERE list = 'contact_kind' AND code = 'call'`)[0]!.id;
    await t.call('contacts.create', { firmId: nova, at: Date.now(), kindId: kind, referentId: t.open.localUserId, summary: 'Volali jsme' });
    expect(await t.fail('imports.undo', { id: r2.importId })).toMatchObject({ messageKey: 'errors.import_undo_referenced' });
    expect(q(`SELECT name FROM firms WHERE id = ?`, nova)).toEqual([{ name: 'Nová' }]);
  });

  it('refuses to undo when a person was added to an imported firm; undoes a people import with the firms it created', async () => {
    const r = await importFirms();
    const agro = q<{ id: string }>(`SELECT id FROM firms WHERE name = 'Agro Servis'`)[0]!.id;
    await t.call('people.create', { firmId: agro, lastName: 'Přidaná' });
    expect(await t.fail('imports.undo', { id: r.importId })).toMatchObject({ messageKey: 'errors.import_changed_since', params: { count: 1 } });

    const map: ImportMapping = { 0: 'person.fullName', 1: 'person.email', 2: 'firm.name' };
    const s = await staged('Jméno;E-mail;Firma\nJan Nový;jan@nova.cz;Úplně nová s.r.o.\nEva Stará;;Agro Servis', 'people');
    const p = await t.call('imports.run', { token: s.token, fileName: 'lide.csv', kind: 'people', mapping: map, mode: 'both' });
    expect(p.counts.created).toBe(2);
    expect(await search('jan@nova')).toEqual(['Úplně nová s.r.o.']);
    expect(await search('stara')).toEqual(['Agro Servis']);
    await t.call('imports.undo', { id: p.importId });
    expect(await search('jan@nova')).toEqual([]);
    expect(await search('stara')).toEqual([]);
    expect(q(`SELECT last_name FROM people ORDER BY last_name`)).toEqual([{ last_name: 'Přidaná' }]);
  });

  it('imports people with their firm (found or created), matched by e-mail or name within it', async () => {
    await importFirms();
    const map: ImportMapping = { 0: 'person.fullName', 1: 'person.email', 2: 'firm.name', 3: 'firm.ico', 4: 'person.jobTitle' };
    const csv = [
      'Jméno;E-mail;Firma;IČO;Funkce',
      'Ing. Jan Novák;jan@pekarna.cz;;25596641;jednatel',
      'Eva Malá;;Stavby Dvořák;;účetní',
      'Petr Nový;petr@nova.cz;Úplně nová s.r.o.;;',
    ].join('\n');
    const s = await staged(csv, 'people');
    const r = await t.call('imports.run', { token: s.token, fileName: 'lide.csv', kind: 'people', mapping: map, mode: 'both' });
    expect(r.counts).toMatchObject({ created: 3, invalid: 0 });
    expect(q(`SELECT p.title_before, p.first_name, p.last_name, p.job_title, f.name AS firm FROM people p JOIN firms f ON f.id = p.firm_id ORDER BY p.last_name`)).toEqual([
      { title_before: '', first_name: 'Eva', last_name: 'Malá', job_title: 'účetní', firm: 'Stavby Dvořák a.s.' },
      { title_before: 'Ing.', first_name: 'Jan', last_name: 'Novák', job_title: 'jednatel', firm: 'Pekárna Novák s.r.o.' },
      { title_before: '', first_name: 'Petr', last_name: 'Nový', job_title: '', firm: 'Úplně nová s.r.o.' },
    ]);
    expect(await search('jan@pekarna')).toEqual(['Pekárna Novák s.r.o.']);
    const s2 = await staged('Jméno;E-mail;Firma;IČO;Funkce\nJan Novák;JAN@pekarna.cz;;25596641;ředitel\nMalá Eva;;Stavby Dvořák;;účetní', 'people');
    const r2 = await t.call('imports.run', { token: s2.token, fileName: 'lide.csv', kind: 'people', mapping: map, mode: 'update' });
    expect(r2.counts).toMatchObject({ updated: 1, unchanged: 1 });
    expect(q(`SELECT title_before, job_title FROM people WHERE last_name = 'Novák'`)).toEqual([{ title_before: 'Ing.', job_title: 'ředitel' }]);
  });

  it('imports contacts against matched firms, kinds and results by name, the referent by user name', async () => {
    await importFirms();
    const map: ImportMapping = { 0: 'firm.ico', 1: 'firm.name', 2: 'contact.date', 3: 'contact.kind', 4: 'contact.summary', 5: 'contact.referent', 6: 'contact.result' };
    const csv = [
      'IČO;Firma;Datum;Druh;Předmět;Kdo;Výsledek',
      '25596641;;5. 3. 2026 14:30;Schůzka;Nabídka pečiva;Eva Testová;Nabídka odeslána',
      ';Neznámá firma;2026-03-06;call;Telefon;;',
      ';Agro Servis;31. 2. 2026;Telefonát;Špatné datum;;',
      ';Agro Servis;2026-03-07;Pokec;Neznámý druh;Nikdo;',
    ].join('\n');
    const s = await staged(csv, 'contacts');
    const dry = await t.call('imports.dryRun', { token: s.token, fileName: 'k.csv', kind: 'contacts', mapping: map, mode: 'both' });
    expect(dry.counts).toMatchObject({ rows: 4, created: 1, invalid: 3 });
    expect(dry.issues.map((i) => [i.line, i.target, i.messageKey])).toEqual([
      [3, '', 'errors.import_firm_not_found'],
      [4, 'contact.date', 'errors.date'],
      [5, 'contact.kind', 'errors.import_unknown_code'],
      [5, 'contact.referent', 'errors.import_unknown_user'],
    ]);
    const r = await t.call('imports.run', { token: s.token, fileName: 'k.csv', kind: 'contacts', mapping: map, mode: 'both', skipInvalid: true });
    expect(r.counts.created).toBe(1);
    const c = q<{ summary: string; at: number; code: string }>(`SELECT c.summary, c.at, k.code FROM contacts c JOIN codes k ON k.id = c.kind_id`);
    expect(c).toEqual([{ summary: 'Nabídka pečiva', at: new Date(2026, 2, 5, 14, 30).getTime(), code: 'meeting' }]);
    // The same file again: the contact is there already.
    const again = await t.call('imports.run', { token: s.token, fileName: 'k.csv', kind: 'contacts', mapping: map, mode: 'both', skipInvalid: true });
    expect(again.counts).toMatchObject({ created: 0, unchanged: 1 });
  });

  it('fills segments and user fields (validated by their type), creating a missing segment', async () => {
    const num = await t.call('fields.create', { entity: 'firm', label: 'Zaměstnanců', type: 'number' });
    const day = await t.call('fields.create', { entity: 'firm', label: 'Založena', type: 'date' });
    const map: ImportMapping = { 0: 'firm.name', 1: 'segment', 2: `field:${num.id}`, 3: `field:${day.id}`, 4: 'firm.note' };
    const s = await staged('Název;Kategorie;Zaměstnanců;Založena;Poznámka\nAlfa;Velkoobchod;1 200;1. 2. 1999;"Platí včas.\nVolat ráno."\nBeta;velkoobchod;dvanáct;2001-05-05;', 'firms');
    const dry = await t.call('imports.dryRun', { token: s.token, fileName: 'f.csv', kind: 'firms', mapping: map, mode: 'both' });
    expect(dry.issues.map((i) => [i.line, i.column, i.messageKey])).toEqual([[4, 2, 'errors.field_number']]); // line 4: Alfa's note spans two physical lines
    await t.call('imports.run', { token: s.token, fileName: 'f.csv', kind: 'firms', mapping: map, mode: 'both', skipInvalid: true });
    expect(q(`SELECT s.name, count(m.id) AS n FROM segments s JOIN segment_members m ON m.segment_id = s.id GROUP BY s.id`)).toEqual([{ name: 'Velkoobchod', n: 1 }]);
    expect(q(`SELECT value_num, value_text FROM field_values ORDER BY value_num IS NULL`)).toEqual([{ value_num: 1200, value_text: null }, { value_num: null, value_text: '1999-02-01' }]);
    const alfa = q<{ id: string }>(`SELECT id FROM firms WHERE name = 'Alfa'`)[0]!.id;
    expect((await t.call('notes.list', { firmId: alfa })).map((n) => [n.title, n.body, n.visibility])).toEqual([['Platí včas.', 'Platí včas.\nVolat ráno.', 'everyone']]);
    const again = await t.call('imports.run', { token: s.token, fileName: 'f.csv', kind: 'firms', mapping: map, mode: 'both', skipInvalid: true });
    expect(again.counts).toMatchObject({ unchanged: 1, created: 0 });
    expect(t.count('notes')).toBe(1);
  });

  it('remembers the mapping per source and offers it the next time', async () => {
    const first = await staged(FIRMS);
    const mine: ImportMapping = { 0: 'firm.name', 3: 'address.city' };
    await t.call('imports.run', { token: first.token, fileName: 'firmy.csv', kind: 'firms', mapping: mine, mode: 'both' });
    const next = await staged(`${FIRMS}\nDalší;;;Brno;`);
    expect(next.remembered).toBe(true);
    expect(next.mapping).toEqual({ 0: 'firm.name', 3: 'address.city' });
    expect((await staged(FIRMS, 'people')).remembered).toBe(false);
    // The read options confirmed last time come back with the mapping, and the file is read with them.
    const semi = await t.call('imports.stage', { fileName: 'f.csv', kind: 'firms', content: Buffer.from('A|B;C\nx|y;z').toString('base64'), options: { delimiter: '|' } });
    expect(semi.headers).toEqual(['A', 'B;C']);
    await t.call('imports.run', { token: semi.token, fileName: 'f.csv', kind: 'firms', mapping: { 0: 'firm.name' }, mode: 'both', options: { delimiter: '|' } });
    const back = await t.call('imports.stage', { fileName: 'f.csv', kind: 'firms', content: Buffer.from('A|B;C\nw|v;u').toString('base64') });
    expect(back).toMatchObject({ remembered: true, options: { delimiter: '|' }, headers: ['A', 'B;C'], mapping: { 0: 'firm.name' } });
  });
  it('a bulk import into a small file lifts secondary indexes and puts every one back (and after a refused run)', async () => {
    const schema = () => q<{ name: string; sql: string }>(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name`);
    const autocheckpoint = () => t.open.sqlite.pragma('wal_autocheckpoint', { simple: true });
    const before = schema();
    const [autoBefore] = [autocheckpoint()];
    const lines = ['Název;IČO;E-mail;Město;Štítky'];
    for (let i = 0; i < 6000; i++) lines.push(`Firma ${i};;f${i}@example.cz;${i % 2 ? 'Brno' : 'Hořice'};${i % 3 ? 'VIP' : ''}`);
    // A refused run (an invalid row, not skipped) rolls back the lifted indexes with its rows.
    const refused = await staged([...lines, 'Špatná;12345678;;;'].join('\n'));
    const bad = await t.fail('imports.run', { token: refused.token, fileName: 'firmy.csv', kind: 'firms', mapping: FIRM_MAP, mode: 'both' });
    expect(bad.messageKey).toBe('errors.import_invalid_rows');
    expect(t.count('firms')).toBe(0);
    expect(schema()).toEqual(before);
    expect(autocheckpoint()).toBe(autoBefore);
    const r = await importFirms(lines.join('\n'));
    expect(r.counts).toMatchObject({ created: 6000, invalid: 0 });
    expect(schema()).toEqual(before);
    expect(autocheckpoint()).toBe(autoBefore);
    expect(t.open.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    // The rebuilt indexes answer: Brno's firms by the city index, the VIP tag's members by theirs.
    expect(q(`SELECT count(*) AS n FROM addresses INDEXED BY addresses_city WHERE city = 'Brno' AND deleted_at IS NULL`)).toEqual([{ n: 3000 }]);
    expect(q(`SELECT count(*) AS n FROM segment_members INDEXED BY segment_members_live WHERE segment_id = (SELECT id FROM segments WHERE name = 'VIP') AND deleted_at IS NULL`)).toEqual([{ n: 4000 }]);
    expect(await search('firma 5999')).toEqual(['Firma 5999']);
  });
});
