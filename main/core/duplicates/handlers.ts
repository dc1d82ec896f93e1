// Duplicates: the review screen's full scan, "not a duplicate" answers, and the create form's
// "does this firm exist already?" warning.
import type { HandlerMap } from '../handler-types.ts';
import { notFound, stamps } from '../context.ts';
import { AppError } from '../../../shared/errors.ts';
import { uuidv7 } from '../util/ids.ts';
import { findFirmMatches, scanFirmDuplicates, scanPersonDuplicates } from './scan.ts';

export { scanFirmDuplicates, scanPersonDuplicates, findFirmMatches } from './scan.ts';

export const duplicateHandlers = {
  'firms.matches': async (input, ctx) => findFirmMatches(ctx.db, input),

  'duplicates.scan': async ({ entity, limit }, ctx) =>
    entity === 'firm' ? scanFirmDuplicates(ctx.db, { limit, job: ctx.job }) : scanPersonDuplicates(ctx.db, { limit, job: ctx.job }),

  'duplicates.dismiss': async ({ entity, aId, bId }, ctx) => {
    if (aId === bId) throw new AppError({ code: 'validation', messageKey: 'errors.merge_same', field: 'bId' });
    const table = entity === 'firm' ? 'firms' : 'people';
    for (const [id, field] of [[aId, 'aId'], [bId, 'bId']] as const) {
      const row = await ctx.db.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst();
      if (!row) throw notFound(field);
    }
    // One row per unordered pair: the smaller id first, as the scan looks them up.
    const [a, b] = aId < bId ? [aId, bId] : [bId, aId];
    const existing = await ctx.db.selectFrom('duplicate_dismissals').select(['id', 'deleted_at'])
      .where('entity', '=', entity).where('a_id', '=', a).where('b_id', '=', b).executeTakeFirst();
    const now = ctx.now();
    if (existing) {
      if (existing.deleted_at !== null) {
        await ctx.db.updateTable('duplicate_dismissals').set({ deleted_at: null, updated_at: now, user_id: ctx.localUserId })
          .where('id', '=', existing.id).execute();
      }
      return { id: existing.id };
    }
    const id = uuidv7(now);
    await ctx.db.insertInto('duplicate_dismissals').values({ id, entity, a_id: a, b_id: b, user_id: ctx.localUserId, ...stamps(now) }).execute();
    return { id };
  },
} satisfies Partial<HandlerMap>;
