// User-defined fields: the office adds its own fields to firms and people (text, number or
// date), a text field optionally tied to its own code list. Values live one row per field and
// firm/person; clearing one tombstones it, so a later sync can carry the clearing too.
import { sql } from 'kysely';
import type { HandlerMap } from '../handler-types.ts';
import type { Ctx } from '../context.ts';
import { notFound, stamps } from '../context.ts';
import { AppError } from '../../../shared/errors.ts';
import type { FieldDef, FieldEntity } from '../../../shared/types.ts';
import { ISO_DATE } from '../../../shared/validation.ts';
import { uuidv7 } from '../util/ids.ts';
import { loadDefs, toFieldDef, type LoadedDef } from './values.ts';

type OptionInput = { id?: string; label: string };

export const fieldHandlers = {
  'fields.list': async ({ entity }, ctx) => (await loadDefs(ctx.db, { entity })).map(toFieldDef),

  'fields.create': async (input, ctx) => {
    const now = ctx.now();
    const id = uuidv7(now);
    const last = await ctx.db.selectFrom('field_defs').select(sql<number>`coalesce(max(sort), -1)`.as('sort'))
      .where('entity', '=', input.entity).executeTakeFirstOrThrow();
    await ctx.db.insertInto('field_defs').values({
      id, entity: input.entity, label: input.label, type: input.type, has_options: input.options ? 1 : 0,
      sort: last.sort + 1, ...stamps(now),
    }).execute();
    if (input.options) await syncOptions(ctx, id, input.options);
    return loadDef(ctx, id);
  },

  'fields.update': async ({ id, label, options }, ctx) => {
    const def = await ctx.db.selectFrom('field_defs').select(['id', 'type']).where('id', '=', id)
      .where('deleted_at', 'is', null).executeTakeFirst();
    if (!def) throw notFound();
    if (options !== null && def.type !== 'text') {
      throw new AppError({ code: 'validation', messageKey: 'errors.field_options_text_only', field: 'options' });
    }
    // The type stays: turning numbers into dates would silently reinterpret every stored value.
    // Switching between free text and a code list keeps the stored values but shows only the
    // kind that fits (an option value shows empty on a free field and vice versa).
    await ctx.db.updateTable('field_defs').set({ label, has_options: options ? 1 : 0, updated_at: ctx.now() })
      .where('id', '=', id).execute();
    await syncOptions(ctx, id, options ?? []);
    return loadDef(ctx, id);
  },

  'fields.delete': async ({ id }, ctx) => {
    const def = await ctx.db.selectFrom('field_defs').select('id').where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
    if (!def) throw notFound();
    const now = ctx.now();
    const gone = { deleted_at: now, updated_at: now };
    await ctx.db.updateTable('field_values').set(gone).where('field_id', '=', id).where('deleted_at', 'is', null).execute();
    await ctx.db.updateTable('field_options').set(gone).where('field_id', '=', id).where('deleted_at', 'is', null).execute();
    await ctx.db.updateTable('field_defs').set(gone).where('id', '=', id).execute();
    return { id };
  },

  'fields.set': async ({ entity, entityId, values }, ctx) => {
    const firmId = await requireEntity(ctx, entity, entityId);
    const defs = new Map((await loadDefs(ctx.db, { ids: [...new Set(values.map((v) => v.fieldId))] })).map((d) => [d.id, d]));
    // Everything is checked before anything is written: one bad value refuses the whole form.
    const planned = values.map((v, i) => {
      const def = defs.get(v.fieldId);
      if (!def) throw new AppError({ code: 'validation', messageKey: 'errors.unknown_ref', field: `values.${i}.fieldId` });
      return { def, stored: toStored(def, entity, v.value, `values.${i}.value`) };
    });
    const now = ctx.now();
    for (const { def, stored } of planned) {
      if (stored === null) {
        await ctx.db.updateTable('field_values').set({ deleted_at: now, updated_at: now })
          .where('field_id', '=', def.id).where('entity_id', '=', entityId).where('deleted_at', 'is', null).execute();
        continue;
      }
      // One row per field and entity (UNIQUE): a cleared value's tombstone comes back to life.
      await ctx.db.insertInto('field_values')
        .values({ id: uuidv7(now), field_id: def.id, entity_id: entityId, ...stored, ...stamps(now) })
        .onConflict((oc) => oc.columns(['field_id', 'entity_id']).doUpdateSet({ ...stored, updated_at: now, deleted_at: null }))
        .execute();
    }
    // The firm's own row changes too, so the firm list (which refreshes by updated_at) and a
    // later sync both notice.
    if (firmId && planned.length > 0) await ctx.db.updateTable('firms').set({ updated_at: now }).where('id', '=', firmId).execute();
    return { id: entityId };
  },
} satisfies Partial<HandlerMap>;

async function loadDef(ctx: Ctx, id: string): Promise<FieldDef> {
  const [def] = await loadDefs(ctx.db, { ids: [id] });
  if (!def) throw notFound();
  return toFieldDef(def);
}

/** Upserts options by id (in the given order) and tombstones those no longer listed; values
 * pointing at a removed option then show as empty. */
async function syncOptions(ctx: Ctx, fieldId: string, list: readonly OptionInput[]): Promise<void> {
  const now = ctx.now();
  const existing = new Map((await ctx.db.selectFrom('field_options').select(['id', 'deleted_at'])
    .where('field_id', '=', fieldId).execute()).map((o) => [o.id, o]));
  const keep = new Set<string>();
  for (const [sort, o] of list.entries()) {
    if (o.id && existing.has(o.id) && !keep.has(o.id)) {
      keep.add(o.id);
      await ctx.db.updateTable('field_options').set({ label: o.label, sort, updated_at: now, deleted_at: null })
        .where('id', '=', o.id).execute();
    } else {
      const id = uuidv7(now);
      keep.add(id);
      await ctx.db.insertInto('field_options').values({ id, field_id: fieldId, label: o.label, sort, ...stamps(now) }).execute();
    }
  }
  const gone = [...existing.values()].filter((o) => o.deleted_at === null && !keep.has(o.id)).map((o) => o.id);
  if (gone.length) await ctx.db.updateTable('field_options').set({ deleted_at: now, updated_at: now }).where('id', 'in', gone).execute();
}

/** The firm whose row to touch (for a firm), or null (for a person); not found otherwise. */
async function requireEntity(ctx: Ctx, entity: FieldEntity, id: string): Promise<string | null> {
  const table = entity === 'firm' ? 'firms' : 'people';
  const row = await ctx.db.selectFrom(table).select('id').where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  if (!row) throw notFound('entityId');
  return entity === 'firm' ? id : null;
}

export interface Stored { value_text: string | null; value_num: number | null; option_id: string | null }

/** Checks one value against its definition; null means "clear it". */
export function toStored(def: LoadedDef, entity: FieldEntity, value: string | number | null, field: string): Stored | null {
  const bad = (messageKey: string) => new AppError({ code: 'validation', messageKey, field, params: { label: def.label } });
  if (def.entity !== entity) throw bad('errors.field_entity');
  if (value === null || value === '') return null;
  if (def.hasOptions) {
    if (typeof value !== 'string' || !def.optionLabel.has(value)) throw bad('errors.field_not_option');
    return { value_text: null, value_num: null, option_id: value };
  }
  switch (def.type) {
    case 'number': {
      const n = typeof value === 'number' ? value : parseNumber(value);
      if (n === null || !Number.isFinite(n)) throw bad('errors.field_number');
      return { value_text: null, value_num: n, option_id: null };
    }
    case 'date':
      if (typeof value !== 'string' || !isCalendarDate(value)) throw bad('errors.date');
      return { value_text: value, value_num: null, option_id: null };
    case 'text':
      // NFC, so equal-looking text compares equal in filters whichever keyboard typed it.
      return { value_text: String(value).normalize('NFC'), value_num: null, option_id: null };
  }
}

/** A number as people type it: spaces as thousands separators, a decimal comma or point. */
export function parseNumber(text: string): number | null {
  const t = text.replace(/[\s\u00a0]/g, '').replace(',', '.');
  return /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t) ? Number(t) : null;
}

export function isCalendarDate(text: string): boolean {
  if (!ISO_DATE.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}
