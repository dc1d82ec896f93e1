// User-defined fields, read side: definitions with their options, and the values of firms and
// people turned into what the UI shows. Shared by the fields channels, the firm card and the
// firm list (filters and columns).
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { FieldDef, FieldEntity, FieldOption, FieldType, FieldValue } from '../../../shared/types.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** A definition as the core uses it: options by id for lookups. */
export interface LoadedDef {
  id: string;
  entity: FieldEntity;
  label: string;
  type: FieldType;
  hasOptions: boolean;
  /** Live options in their order (empty unless hasOptions). */
  options: FieldOption[];
  optionLabel: Map<string, string>;
}

/** Live definitions (all, or of one entity, or these ids), in the user's order. */
export async function loadDefs(db: Db, filter: { entity?: FieldEntity; ids?: readonly string[] } = {}): Promise<LoadedDef[]> {
  if (filter.ids && filter.ids.length === 0) return [];
  let q = db.selectFrom('field_defs').select(['id', 'entity', 'label', 'type', 'has_options'])
    .where('deleted_at', 'is', null);
  if (filter.entity) q = q.where('entity', '=', filter.entity);
  if (filter.ids) q = q.where('id', 'in', [...filter.ids]);
  const defs = await q.orderBy('sort').orderBy('created_at').orderBy('id').execute();
  const withOptions = defs.filter((d) => d.has_options === 1).map((d) => d.id);
  const options = withOptions.length === 0 ? [] : await db.selectFrom('field_options')
    .select(['id', 'field_id', 'label']).where('field_id', 'in', withOptions).where('deleted_at', 'is', null)
    .orderBy('sort').orderBy('id').execute();
  return defs.map((d) => {
    const own = options.filter((o) => o.field_id === d.id).map((o): FieldOption => ({ id: o.id, label: o.label }));
    return {
      id: d.id, entity: d.entity, label: d.label, type: d.type, hasOptions: d.has_options === 1,
      options: own, optionLabel: new Map(own.map((o) => [o.id, o.label])),
    };
  });
}

export function toFieldDef(d: LoadedDef): FieldDef {
  return { id: d.id, entity: d.entity, label: d.label, type: d.type, options: d.hasOptions ? d.options : null };
}

export interface RawValue {
  value_text: string | null;
  value_num: number | null;
  option_id: string | null;
}

/** The value as the API carries it and as it is shown; null when empty — including an option
 * value whose option was removed from the code list since. */
export function present(def: LoadedDef, raw: RawValue | undefined): { value: string | number | null; display: string } {
  if (!raw) return { value: null, display: '' };
  if (def.hasOptions) {
    const label = raw.option_id ? def.optionLabel.get(raw.option_id) : undefined;
    return label === undefined ? { value: null, display: '' } : { value: raw.option_id, display: label };
  }
  if (def.type === 'number') return raw.value_num === null ? { value: null, display: '' } : { value: raw.value_num, display: String(raw.value_num) };
  return raw.value_text === null || raw.value_text === '' ? { value: null, display: '' } : { value: raw.value_text, display: raw.value_text };
}

/** Every live field of the entity kind for each of these firms or people, in definition order,
 * value null where unset: the card shows the whole form, filled in or not. */
export async function loadFieldValues(db: Db, entity: FieldEntity, entityIds: readonly string[], defs?: LoadedDef[]): Promise<Map<string, FieldValue[]>> {
  const out = new Map<string, FieldValue[]>();
  if (entityIds.length === 0) return out;
  const all = defs ?? await loadDefs(db, { entity });
  const own = all.filter((d) => d.entity === entity);
  const raws = new Map<string, RawValue>();
  if (own.length > 0) {
    for (let i = 0; i < entityIds.length; i += 500) {
      const rows = await db.selectFrom('field_values').select(['field_id', 'entity_id', 'value_text', 'value_num', 'option_id'])
        .where('entity_id', 'in', entityIds.slice(i, i + 500)).where('deleted_at', 'is', null).execute();
      for (const r of rows) raws.set(`${r.entity_id}|${r.field_id}`, r);
    }
  }
  for (const entityId of entityIds) {
    out.set(entityId, own.map((d): FieldValue => ({ fieldId: d.id, ...present(d, raws.get(`${entityId}|${d.id}`)) })));
  }
  return out;
}
