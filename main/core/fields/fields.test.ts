import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestCore, type TestCore } from '../test-helpers.ts';

let t: TestCore;
beforeEach(async () => { t = await openTestCore(); });
afterEach(async () => { await t.close(); });

const liveValues = () => t.open.sqlite.prepare(
  'SELECT field_id, entity_id, value_text, value_num, option_id FROM field_values WHERE deleted_at IS NULL').all();

describe('user fields', () => {
  it('defines fields per entity, options only on text fields, in the order they were made', async () => {
    const region = await t.call('fields.create', { entity: 'firm', label: 'Region', type: 'text', options: [{ label: 'Morava' }, { label: 'Čechy' }] });
    expect(region.options?.map((o) => o.label)).toEqual(['Morava', 'Čechy']);
    const staff = await t.call('fields.create', { entity: 'firm', label: 'Zaměstnanci', type: 'number' });
    expect(staff.options).toBeNull();
    await t.call('fields.create', { entity: 'person', label: 'Narozeniny', type: 'date' });
    expect((await t.call('fields.list', { entity: 'firm' })).map((f) => f.label)).toEqual(['Region', 'Zaměstnanci']);
    expect((await t.call('fields.list', {})).length).toBe(3);
    expect(await t.fail('fields.create', { entity: 'firm', label: 'X', type: 'number', options: [{ label: 'a' }] }))
      .toMatchObject({ field: 'options', messageKey: 'errors.field_options_text_only' });
  });

  it('stores text, numbers, dates and options; null or empty clears; the card shows display values', async () => {
    const { id: firmId } = await t.call('firms.create', { name: 'Alfa', kinds: ['customer'] });
    const region = await t.call('fields.create', { entity: 'firm', label: 'Region', type: 'text', options: [{ label: 'Morava' }, { label: 'Čechy' }] });
    const staff = await t.call('fields.create', { entity: 'firm', label: 'Zaměstnanci', type: 'number' });
    const since = await t.call('fields.create', { entity: 'firm', label: 'Zákazníkem od', type: 'date' });
    const note = await t.call('fields.create', { entity: 'firm', label: 'Poznámka', type: 'text' });
    const morava = region.options![0]!.id;
    await t.call('fields.set', { entity: 'firm', entityId: firmId, values: [
      { fieldId: region.id, value: morava }, { fieldId: staff.id, value: '1 250,5' },
      { fieldId: since.id, value: '2024-02-29' }, { fieldId: note.id, value: ' dobrý zákazník ' },
    ] });
    let card = await t.call('firms.get', { id: firmId });
    expect(card.fields).toEqual([
      { fieldId: region.id, value: morava, display: 'Morava' },
      { fieldId: staff.id, value: 1250.5, display: '1250.5' },
      { fieldId: since.id, value: '2024-02-29', display: '2024-02-29' },
      { fieldId: note.id, value: 'dobrý zákazník', display: 'dobrý zákazník' },
    ]);
    await t.call('fields.set', { entity: 'firm', entityId: firmId, values: [{ fieldId: staff.id, value: null }, { fieldId: note.id, value: '' }] });
    card = await t.call('firms.get', { id: firmId });
    expect(card.fields.map((f) => f.value)).toEqual([morava, null, '2024-02-29', null]);
    expect(t.count('field_values')).toBe(4); // cleared values are tombstones
    // Setting a cleared value again revives its row (one row per field and firm).
    await t.call('fields.set', { entity: 'firm', entityId: firmId, values: [{ fieldId: staff.id, value: 12 }] });
    expect(t.count('field_values')).toBe(4);
    expect((await t.call('firms.get', { id: firmId })).fields[1]).toEqual({ fieldId: staff.id, value: 12, display: '12' });
  });

  it('rejects a value outside the code list with a field error, and writes nothing of the form', async () => {
    const { id: firmId } = await t.call('firms.create', { name: 'Alfa', kinds: ['customer'] });
    const region = await t.call('fields.create', { entity: 'firm', label: 'Region', type: 'text', options: [{ label: 'Morava' }] });
    const other = await t.call('fields.create', { entity: 'firm', label: 'Jiný', type: 'text', options: [{ label: 'Jinde' }] });
    const note = await t.call('fields.create', { entity: 'firm', label: 'Poznámka', type: 'text' });
    const updatedBefore = (await t.call('firms.get', { id: firmId })).firm.updatedAt;
    expect(await t.fail('fields.set', { entity: 'firm', entityId: firmId, values: [{ fieldId: region.id, value: 'Slezsko' }] }))
      .toMatchObject({ code: 'validation', field: 'values.0.value', messageKey: 'errors.field_not_option' });
    // Another field's option is outside this list too; the valid first value is not written either.
    expect(await t.fail('fields.set', { entity: 'firm', entityId: firmId, values: [
      { fieldId: note.id, value: 'ok' }, { fieldId: region.id, value: other.options![0]!.id }] }))
      .toMatchObject({ field: 'values.1.value', messageKey: 'errors.field_not_option' });
    expect(t.count('field_values')).toBe(0);
    expect((await t.call('firms.get', { id: firmId })).firm.updatedAt).toBe(updatedBefore);
  });

  it('validates numbers, dates and the entity a field belongs to', async () => {
    const { id: firmId } = await t.call('firms.create', { name: 'Alfa', kinds: ['customer'] });
    const { id: personId } = await t.call('people.create', { firmId, lastName: 'Nováková' });
    const staff = await t.call('fields.create', { entity: 'firm', label: 'Zaměstnanci', type: 'number' });
    const since = await t.call('fields.create', { entity: 'firm', label: 'Od', type: 'date' });
    const birthday = await t.call('fields.create', { entity: 'person', label: 'Narozeniny', type: 'date' });
    const set = (fieldId: string, value: string | number | null, entity: 'firm' | 'person' = 'firm', entityId = firmId) =>
      t.fail('fields.set', { entity, entityId, values: [{ fieldId, value }] });
    expect(await set(staff.id, 'hodně')).toMatchObject({ field: 'values.0.value', messageKey: 'errors.field_number' });
    expect(await set(since.id, '2025-02-30')).toMatchObject({ field: 'values.0.value', messageKey: 'errors.date' });
    expect(await set(since.id, '1. 2. 2025')).toMatchObject({ field: 'values.0.value', messageKey: 'errors.date' });
    expect(await set(since.id, 20250101)).toMatchObject({ field: 'values.0.value', messageKey: 'errors.date' });
    expect(await set(birthday.id, '1990-05-01')).toMatchObject({ field: 'values.0.value', messageKey: 'errors.field_entity' });
    expect(await set(staff.id, 5, 'person', personId)).toMatchObject({ field: 'values.0.value', messageKey: 'errors.field_entity' });
    expect(await set('01900000-0000-7000-8000-000000000000', 5)).toMatchObject({ field: 'values.0.fieldId', messageKey: 'errors.unknown_ref' });
    expect(await set(staff.id, 5, 'firm', personId)).toMatchObject({ code: 'not_found', field: 'entityId' });
    expect(t.count('field_values')).toBe(0);
    await t.call('fields.set', { entity: 'person', entityId: personId, values: [{ fieldId: birthday.id, value: '1990-05-01' }] });
    const card = await t.call('firms.get', { id: firmId });
    expect(card.people[0]!.fields).toEqual([{ fieldId: birthday.id, value: '1990-05-01', display: '1990-05-01' }]);
  });

  it('updates options by id; a value pointing at a removed option shows as empty', async () => {
    const { id: firmId } = await t.call('firms.create', { name: 'Alfa', kinds: ['customer'] });
    const region = await t.call('fields.create', { entity: 'firm', label: 'Region', type: 'text', options: [{ label: 'Morava' }, { label: 'Čechy' }] });
    const [morava, cechy] = region.options!;
    await t.call('fields.set', { entity: 'firm', entityId: firmId, values: [{ fieldId: region.id, value: cechy!.id }] });
    const updated = await t.call('fields.update', { id: region.id, label: 'Oblast', options: [{ id: morava!.id, label: 'Morava a Slezsko' }, { label: 'Slovensko' }] });
    expect(updated.label).toBe('Oblast');
    expect(updated.options!.map((o) => o.label)).toEqual(['Morava a Slezsko', 'Slovensko']);
    expect(updated.options![0]!.id).toBe(morava!.id); // kept, renamed
    expect((await t.call('firms.get', { id: firmId })).fields).toEqual([{ fieldId: region.id, value: null, display: '' }]);
    expect(await t.fail('fields.set', { entity: 'firm', entityId: firmId, values: [{ fieldId: region.id, value: cechy!.id }] }))
      .toMatchObject({ messageKey: 'errors.field_not_option' });
    const staff = await t.call('fields.create', { entity: 'firm', label: 'Zaměstnanci', type: 'number' });
    expect(await t.fail('fields.update', { id: staff.id, label: 'Lidé', options: [{ label: 'hodně' }] }))
      .toMatchObject({ field: 'options', messageKey: 'errors.field_options_text_only' });
  });

  it('deleting a field tombstones its options and values', async () => {
    const { id: firmId } = await t.call('firms.create', { name: 'Alfa', kinds: ['customer'] });
    const region = await t.call('fields.create', { entity: 'firm', label: 'Region', type: 'text', options: [{ label: 'Morava' }] });
    await t.call('fields.set', { entity: 'firm', entityId: firmId, values: [{ fieldId: region.id, value: region.options![0]!.id }] });
    await t.call('fields.delete', { id: region.id });
    expect(liveValues()).toEqual([]);
    expect(t.open.sqlite.prepare('SELECT count(*) AS n FROM field_options WHERE deleted_at IS NULL').get()).toEqual({ n: 0 });
    expect(await t.call('fields.list', {})).toEqual([]);
    expect((await t.call('firms.get', { id: firmId })).fields).toEqual([]);
  });
});
