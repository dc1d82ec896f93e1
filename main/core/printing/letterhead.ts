// The office's letterhead, kept as JSON under 'letterhead' in settings: what letters, envelopes
// (the return address) and the brief's footer print as the sender. Fields added later read as
// empty from an older row.
import type { Ctx } from '../context.ts';
import type { Letterhead } from '../../../shared/types.ts';
import { EMPTY_LETTERHEAD } from './model.ts';

export async function loadLetterhead(ctx: Ctx): Promise<Letterhead> {
  const row = await ctx.db.selectFrom('settings').select('value').where('key', '=', 'letterhead').executeTakeFirst();
  return { ...EMPTY_LETTERHEAD, ...(row ? JSON.parse(row.value) as Partial<Letterhead> : {}) };
}

export async function saveLetterhead(ctx: Ctx, lh: Partial<Letterhead>): Promise<void> {
  const now = ctx.now();
  const value = JSON.stringify({ ...EMPTY_LETTERHEAD, ...lh });
  await ctx.db.insertInto('settings').values({ key: 'letterhead', value, updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now })).execute();
}
