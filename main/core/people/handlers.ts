import type { HandlerMap } from '../handler-types.ts';
import type { Ctx } from '../context.ts';
import { notFound, requireRef, stamps } from '../context.ts';
import type { ParsedInput } from '../../../shared/contract.ts';
import { requireLiveFirm, syncChannels } from '../firms/handlers.ts';
import { uuidv7 } from '../util/ids.ts';

type PersonFields = ParsedInput<'people.create'>;

export const peopleHandlers = {
  'people.create': async (input, ctx) => {
    await checkPersonRefs(ctx, input);
    const now = ctx.now();
    const id = uuidv7(now);
    if (input.isMain) await clearMain(ctx, input.firmId);
    await ctx.db.insertInto('people').values({ id, firm_id: input.firmId, ...personColumns(input), ...stamps(now) }).execute();
    await syncChannels(ctx, input.firmId, id, input.channels);
    return { id };
  },

  'people.update': async (input, ctx) => {
    const current = await livePerson(ctx, input.id);
    // Moving a person between firms would orphan their history there; not a v1 operation.
    if (current.firm_id !== input.firmId) throw notFound('firmId');
    await checkPersonRefs(ctx, input);
    if (input.isMain) await clearMain(ctx, input.firmId);
    await syncChannels(ctx, input.firmId, input.id, input.channels);
    await ctx.db.updateTable('people').set({ ...personColumns(input), updated_at: ctx.now() }).where('id', '=', input.id).execute();
    return { id: input.id };
  },

  'people.delete': async ({ id }, ctx) => {
    await livePerson(ctx, id);
    const now = ctx.now();
    await ctx.db.updateTable('people').set({ deleted_at: now, updated_at: now, is_main: 0 }).where('id', '=', id).execute();
    return { id };
  },
} satisfies Partial<HandlerMap>;

function personColumns(p: PersonFields) {
  return {
    title_before: p.titleBefore, first_name: p.firstName, last_name: p.lastName, title_after: p.titleAfter,
    gender: p.gender, job_title: p.jobTitle, role_id: p.roleId, note: p.note, is_main: p.isMain ? 1 : 0,
  };
}

async function checkPersonRefs(ctx: Ctx, p: PersonFields): Promise<void> {
  await requireLiveFirm(ctx, p.firmId, 'firmId');
  if (p.roleId) await requireRef(ctx, 'codes', p.roleId, 'roleId', 'person_role');
}

async function livePerson(ctx: Ctx, id: string) {
  const row = await ctx.db.selectFrom('people').select(['id', 'firm_id']).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

/** A firm has at most one main person: the default partner in the log-a-contact dialog. */
async function clearMain(ctx: Ctx, firmId: string): Promise<void> {
  await ctx.db.updateTable('people').set({ is_main: 0, updated_at: ctx.now() })
    .where('firm_id', '=', firmId).where('is_main', '=', 1).execute();
}
