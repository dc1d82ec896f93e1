import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestCore, type TestCore } from '../test-helpers.ts';
import type { FirmListInput } from '../../../shared/contract.ts';

let t: TestCore;
let clock = Date.UTC(2026, 0, 1);
beforeEach(async () => { t = await openTestCore({ now: () => (clock += 1) }); });
afterEach(async () => { await t.close(); });

const names = async (input: Partial<FirmListInput> = {}) =>
  (await t.call('firms.list', { locale: 'cs', ...input })).rows.map((r) => r.name);
const firm = async (name: string, city = '') =>
  (await t.call('firms.create', { name, kinds: ['customer'], addresses: city ? [{ kind: 'registered', city }] : [] })).id;

describe('firm list: segments and user fields', () => {
  let ids: Record<string, string>;
  let region: { id: string; morava: string; cechy: string };
  let staff: string;
  let since: string;
  let note: string;

  beforeEach(async () => {
    ids = {};
    for (const [name, city] of [['Alfa', 'Brno'], ['Beta', 'Praha'], ['Čedok', ''], ['Delta', 'Olomouc'], ['Hotel', 'Zlín']] as const) {
      ids[name] = await firm(name, city);
    }
    const r = await t.call('fields.create', { entity: 'firm', label: 'Region', type: 'text', options: [{ label: 'Morava' }, { label: 'Čechy' }] });
    region = { id: r.id, morava: r.options![0]!.id, cechy: r.options![1]!.id };
    staff = (await t.call('fields.create', { entity: 'firm', label: 'Zaměstnanci', type: 'number' })).id;
    since = (await t.call('fields.create', { entity: 'firm', label: 'Od', type: 'date' })).id;
    note = (await t.call('fields.create', { entity: 'firm', label: 'Poznámka', type: 'text' })).id;
    await t.call('fields.set', { entity: 'firm', entityId: ids.Alfa!, values: [
      { fieldId: region.id, value: region.morava }, { fieldId: staff, value: 120 }, { fieldId: since, value: '2020-05-01' },
      { fieldId: note, value: 'Věrný Zákazník' }] });
    await t.call('fields.set', { entity: 'firm', entityId: ids.Beta!, values: [
      { fieldId: region.id, value: region.cechy }, { fieldId: staff, value: 8 }, { fieldId: since, value: '2023-01-15' },
      { fieldId: note, value: 'nový' }] });
    await t.call('fields.set', { entity: 'firm', entityId: ids.Delta!, values: [
      { fieldId: region.id, value: region.morava }, { fieldId: staff, value: 45 }, { fieldId: note, value: 'verny zakaznik' }] });
  });

  it('filters by equality: option id, number, date, text ignoring case and diacritics', async () => {
    expect(await names({ fieldFilters: [{ fieldId: region.id, op: 'eq', value: region.morava }] })).toEqual(['Alfa', 'Delta']);
    expect(await names({ fieldFilters: [{ fieldId: staff, op: 'eq', value: 8 }] })).toEqual(['Beta']);
    expect(await names({ fieldFilters: [{ fieldId: since, op: 'eq', value: '2020-05-01' }] })).toEqual(['Alfa']);
    expect(await names({ fieldFilters: [{ fieldId: note, op: 'eq', value: 'VERNY zákazník' }] })).toEqual(['Alfa', 'Delta']);
    expect(await names({ fieldFilters: [{ fieldId: note, op: 'eq', value: 'verny' }] })).toEqual([]); // equality, not a prefix
  });

  it('filters by range (either end open), empty and not empty', async () => {
    expect(await names({ fieldFilters: [{ fieldId: staff, op: 'range', min: 10, max: 100 }] })).toEqual(['Delta']);
    expect(await names({ fieldFilters: [{ fieldId: staff, op: 'range', min: 45 }] })).toEqual(['Alfa', 'Delta']);
    expect(await names({ fieldFilters: [{ fieldId: staff, op: 'range', max: 45 }] })).toEqual(['Beta', 'Delta']);
    expect(await names({ fieldFilters: [{ fieldId: since, op: 'range', min: '2021-01-01', max: null }] })).toEqual(['Beta']);
    expect(await names({ fieldFilters: [{ fieldId: since, op: 'empty' }] })).toEqual(['Čedok', 'Delta', 'Hotel']);
    expect(await names({ fieldFilters: [{ fieldId: since, op: 'not_empty' }] })).toEqual(['Alfa', 'Beta']);
    // Two conditions: both must hold.
    expect(await names({ fieldFilters: [{ fieldId: region.id, op: 'eq', value: region.morava }, { fieldId: since, op: 'empty' }] }))
      .toEqual(['Delta']);
    expect(await t.fail('firms.list', { fieldFilters: [{ fieldId: staff, op: 'range', min: '2021-01-01' }] }))
      .toMatchObject({ field: 'fieldFilters.0.min', messageKey: 'errors.field_number' });
    expect(await t.fail('firms.list', { fieldFilters: [{ fieldId: '01900000-0000-7000-8000-000000000000', op: 'empty' }] }))
      .toMatchObject({ field: 'fieldFilters.0.fieldId', messageKey: 'errors.unknown_ref' });
  });

  it('follows value changes made after the list has been read', async () => {
    const filter = { fieldFilters: [{ fieldId: staff, op: 'range' as const, min: 100 }] };
    expect(await names(filter)).toEqual(['Alfa']);
    await t.call('fields.set', { entity: 'firm', entityId: ids.Hotel!, values: [{ fieldId: staff, value: 500 }] });
    await t.call('fields.set', { entity: 'firm', entityId: ids.Alfa!, values: [{ fieldId: staff, value: null }] });
    expect(await names(filter)).toEqual(['Hotel']);
    expect(await names({ sort: { by: 'field', fieldId: staff, dir: 'desc' } })).toEqual(['Hotel', 'Delta', 'Beta', 'Alfa', 'Čedok']);
  });

  it('a removed option no longer matches and counts as empty', async () => {
    await t.call('fields.update', { id: region.id, label: 'Region', options: [{ id: region.morava, label: 'Morava' }] });
    expect(await names({ fieldFilters: [{ fieldId: region.id, op: 'eq', value: region.cechy }] })).toEqual([]);
    expect(await names({ fieldFilters: [{ fieldId: region.id, op: 'empty' }] })).toEqual(['Beta', 'Čedok', 'Hotel']);
  });

  it('narrows to members of every chosen segment, combined with search and the other filters', async () => {
    const s1 = (await t.call('segments.create', { kind: 'category', name: 'Stavby' })).id;
    const s2 = (await t.call('segments.create', { kind: 'tag', name: 'VIP' })).id;
    await t.call('segments.members', { id: s1, add: [ids.Alfa!, ids.Beta!, ids.Delta!] });
    await t.call('segments.members', { id: s2, add: [ids.Beta!, ids.Delta!, ids.Hotel!] });
    expect(await names({ segmentIds: [s1] })).toEqual(['Alfa', 'Beta', 'Delta']);
    expect(await names({ segmentIds: [s1, s2] })).toEqual(['Beta', 'Delta']);
    expect(await names({ segmentIds: [s1, s2], q: 'olomouc' })).toEqual(['Delta']);
    expect(await names({ segmentIds: [s2], fieldFilters: [{ fieldId: staff, op: 'empty' }] })).toEqual(['Hotel']);
    await t.call('segments.members', { id: s1, remove: [ids.Beta!] });
    expect(await names({ segmentIds: [s1, s2] })).toEqual(['Delta']);
    const page = await t.call('firms.list', { locale: 'cs', segmentIds: [s1], limit: 1, offset: 1 });
    expect(page.total).toBe(2);
    expect(page.rows.map((r) => r.name)).toEqual(['Delta']);
  });

  it('sorts by a field or by city, either way, empty values last', async () => {
    const sort = (by: 'name' | 'city' | 'field', dir: 'asc' | 'desc', fieldId?: string) => names({ sort: { by, dir, fieldId } });
    expect(await sort('field', 'asc', staff)).toEqual(['Beta', 'Delta', 'Alfa', 'Čedok', 'Hotel']); // 8 < 45 < 120, numerically
    expect(await sort('field', 'desc', staff)).toEqual(['Alfa', 'Delta', 'Beta', 'Čedok', 'Hotel']);
    expect(await sort('field', 'asc', since)).toEqual(['Alfa', 'Beta', 'Čedok', 'Delta', 'Hotel']);
    expect(await sort('field', 'desc', since)).toEqual(['Beta', 'Alfa', 'Čedok', 'Delta', 'Hotel']);
    // Options by their label in the language's order: Čechy before Morava in Czech; ties by name.
    expect(await sort('field', 'asc', region.id)).toEqual(['Beta', 'Alfa', 'Delta', 'Čedok', 'Hotel']);
    expect(await sort('field', 'desc', region.id)).toEqual(['Alfa', 'Delta', 'Beta', 'Čedok', 'Hotel']);
    expect(await sort('city', 'asc')).toEqual(['Alfa', 'Delta', 'Beta', 'Hotel', 'Čedok']);
    expect(await sort('city', 'desc')).toEqual(['Hotel', 'Beta', 'Delta', 'Alfa', 'Čedok']);
    expect(await sort('name', 'desc')).toEqual(['Hotel', 'Delta', 'Čedok', 'Beta', 'Alfa']);
    // In name order only the page is picked while the kept firms are counted: pages of a
    // filtered list, either way, and past its end.
    const page = (dir: 'asc' | 'desc', offset: number, limit: number, filter: object = { fieldFilters: [{ fieldId: staff, op: 'not_empty' }] }) =>
      t.call('firms.list', { locale: 'cs', sort: { by: 'name', dir }, offset, limit, ...filter });
    expect(await page('asc', 1, 1)).toMatchObject({ total: 3, offset: 1, rows: [{ name: 'Beta' }] });
    expect((await page('desc', 1, 5)).rows.map((r) => r.name)).toEqual(['Beta', 'Alfa']);
    expect(await page('desc', 3, 5)).toMatchObject({ total: 3, rows: [] });
    expect((await page('desc', 1, 2, {})).rows.map((r) => r.name)).toEqual(['Delta', 'Čedok']);
    expect((await page('desc', 4, 2, {})).rows.map((r) => r.name)).toEqual(['Alfa']);
    expect(await t.fail('firms.list', { sort: { by: 'field' } })).toMatchObject({ field: 'sort.fieldId', messageKey: 'errors.required' });
  });

  it('returns the requested fields as columns with their display values', async () => {
    const { rows } = await t.call('firms.list', { locale: 'cs', fieldColumns: [region.id, staff, since], limit: 3 });
    expect(rows.map((r) => [r.name, r.fields])).toEqual([
      ['Alfa', { [region.id]: 'Morava', [staff]: 120, [since]: '2020-05-01' }],
      ['Beta', { [region.id]: 'Čechy', [staff]: 8, [since]: '2023-01-15' }],
      ['Čedok', { [region.id]: null, [staff]: null, [since]: null }],
    ]);
    expect((await t.call('firms.list', { locale: 'cs', limit: 1 })).rows[0]!.fields).toBeUndefined();
  });
});

describe('firm list: refresh', () => {
  it('takes in a bulk change (an import) without losing the unchanged firms', async () => {
    await firm('Alfa'); // older than the index's watermark: not read again
    await firm('Gama');
    expect(await names()).toEqual(['Alfa', 'Gama']);
    const insert = t.open.sqlite.prepare(`INSERT INTO firms (id, name, is_customer, created_at, updated_at) VALUES (?, ?, 1, ?, ?)`);
    t.open.sqlite.transaction(() => {
      for (let i = 0; i < 2100; i++) {
        insert.run(`01900000-0000-7000-8000-${i.toString(16).padStart(12, '0')}`, `Import ${String(i).padStart(4, '0')}`, clock, clock);
      }
    })();
    await firm('Beta'); // any write to firms makes the index look again
    const list = await t.call('firms.list', { locale: 'cs', limit: 3 });
    expect(list.total).toBe(2103);
    expect(list.rows.map((r) => r.name)).toEqual(['Alfa', 'Beta', 'Gama']);
  });
});

describe('firm list: leads', () => {
  it('leaves leads out of the list and the cities, and lets them in once converted', async () => {
    const alfa = await firm('Alfa', 'Brno');
    const lead = await firm('Zájemce z veletrhu', 'Ostrava');
    expect(await names()).toEqual(['Alfa', 'Zájemce z veletrhu']); // the index is warm now
    // What the leads channels do: flip the flag and move updated_at. Done here in SQL, then any
    // write to firms (here: an edit of Alfa) lets the index refresh incrementally.
    const touchFirms = () => t.call('firms.update', { id: alfa, name: 'Alfa', kinds: ['customer'], addresses: [{ kind: 'registered', city: 'Brno' }] });
    t.open.sqlite.prepare('UPDATE firms SET is_lead = 1, updated_at = ? WHERE id = ?').run(clock += 1, lead);
    await touchFirms();
    expect(await names()).toEqual(['Alfa']);
    expect(await names({ q: 'zajemce' })).toEqual([]);
    expect(await t.call('firms.cities', { locale: 'cs' })).toEqual(['Brno']);
    // Converted: the flag goes, updated_at moves, and it is listed again.
    t.open.sqlite.prepare('UPDATE firms SET is_lead = 0, updated_at = ? WHERE id = ?').run(clock += 1, lead);
    await touchFirms();
    expect(await names()).toEqual(['Alfa', 'Zájemce z veletrhu']);
    expect(await t.call('firms.cities', { locale: 'cs' })).toEqual(['Brno', 'Ostrava']);
  });

  it('loads without leads from the start', async () => {
    await firm('Alfa');
    const lead = await firm('Lead');
    t.open.sqlite.prepare('UPDATE firms SET is_lead = 1 WHERE id = ?').run(lead);
    expect(await names()).toEqual(['Alfa']);
    expect((await t.call('firms.incomplete', { locale: 'cs' })).map((f) => f.name)).toEqual(['Alfa']);
  });
});
