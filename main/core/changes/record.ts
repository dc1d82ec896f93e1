// The firm's history of key fields (owner, kind, segment, address…): who changed what, when.
// Handlers call this inside their write transaction, so a change and its record land together.
import type { Ctx } from '../context.ts';
import type { ChangeField } from '../../../shared/types.ts';
import { stamps } from '../context.ts';
import { uuidv7 } from '../util/ids.ts';

/** Records one change; a no-op when the value did not change. Values are display text
 * (names, not ids), so the history still reads right after a user or segment is renamed. */
export async function recordChange(ctx: Ctx, firmId: string, field: ChangeField, oldValue: string, newValue: string): Promise<void> {
  if (oldValue === newValue) return;
  const now = ctx.now();
  await ctx.db.insertInto('changes').values({
    id: uuidv7(now), firm_id: firmId, user_id: ctx.localUserId, at: now, field,
    old_value: oldValue.slice(0, 500), new_value: newValue.slice(0, 500), ...stamps(now),
  }).execute();
}
