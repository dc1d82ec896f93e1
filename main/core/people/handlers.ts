import type { HandlerMap } from '../handler-types.ts';
import type { Ctx } from '../context.ts';
import { notFound, requireRef, stamps } from '../context.ts';
import { AppError } from '../../../shared/errors.ts';
import type { ParsedInput } from '../../../shared/contract.ts';
import { requireLiveFirm, syncChannels } from '../firms/handlers.ts';
import { uuidv7 } from '../util/ids.ts';
import { trashPerson } from '../trash/trash.ts';
import { requireCode } from '../app/codes.ts';

type PersonFields = ParsedInput<'people.create'>;

export const peopleHandlers = {
  'people.create': async (input, ctx) => {
    await checkPersonRefs(ctx, input, null);
    const now = ctx.now();
    const id = uuidv7(now);
    // A new person cannot close a cycle: nobody reports to them yet.
    await checkReportsTo(ctx, null, input);
    if (input.isMain) await clearMain(ctx, input.firmId);
    await ctx.db.insertInto('people').values({ id, firm_id: input.firmId, ...personColumns(input), ...stamps(now) }).execute();
    await syncChannels(ctx, input.firmId, id, input.channels);
    return { id };
  },

  'people.update': async (input, ctx) => {
    const current = await livePerson(ctx, input.id);
    // Moving a person between firms would orphan their history there; not a v1 operation.
    if (current.firm_id !== input.firmId) throw notFound('firmId');
    await checkPersonRefs(ctx, input, current.role_id);
    await checkReportsTo(ctx, input.id, input);
    if (input.isMain) await clearMain(ctx, input.firmId);
    await syncChannels(ctx, input.firmId, input.id, input.channels);
    await ctx.db.updateTable('people').set({ ...personColumns(input), updated_at: ctx.now() }).where('id', '=', input.id).execute();
    return { id: input.id };
  },

  'people.delete': async ({ id }, ctx) => {
    await trashPerson(ctx, await livePerson(ctx, id));
    return { id };
  },
} satisfies Partial<HandlerMap>;

export function personColumns(p: PersonFields) {
  return {
    title_before: p.titleBefore, first_name: p.firstName, patronymic: p.patronymic, last_name: p.lastName, title_after: p.titleAfter,
    gender: p.gender, job_title: p.jobTitle, role_id: p.roleId, note: p.note, is_main: p.isMain ? 1 : 0,
    reports_to_id: p.reportsToId, salutation: p.salutation.trim(), addressee: p.addressee.trim(),
  };
}

/** The decision hierarchy stays a tree within the firm: the superior is a live person of the
 * same firm, and following "reports to" upwards from them never reaches this person. */
async function checkReportsTo(ctx: Ctx, selfId: string | null, p: PersonFields): Promise<void> {
  if (!p.reportsToId) return;
  const cycle = () => new AppError({ code: 'validation', messageKey: 'errors.reports_cycle', field: 'reportsToId' });
  if (p.reportsToId === selfId) throw cycle();
  const boss = await ctx.db.selectFrom('people').select('id').where('id', '=', p.reportsToId)
    .where('firm_id', '=', p.firmId).where('deleted_at', 'is', null).executeTakeFirst();
  if (!boss) throw new AppError({ code: 'validation', messageKey: 'errors.unknown_ref', field: 'reportsToId' });
  if (!selfId) return;
  const seen = new Set<string>();
  let at: string | null = p.reportsToId;
  while (at && !seen.has(at)) {
    if (at === selfId) throw cycle();
    seen.add(at);
    const row: { reports_to_id: string | null } | undefined = await ctx.db.selectFrom('people').select('reports_to_id')
      .where('id', '=', at).where('deleted_at', 'is', null).executeTakeFirst();
    at = row?.reports_to_id ?? null;
  }
}

/** The role must be a live, not retired entry — unless the person already holds it. */
async function checkPersonRefs(ctx: Ctx, p: PersonFields, currentRole: string | null): Promise<void> {
  await requireLiveFirm(ctx, p.firmId, 'firmId');
  if (p.roleId) await requireCode(ctx, 'person_role', p.roleId, 'roleId', currentRole);
}

async function livePerson(ctx: Ctx, id: string) {
  const row = await ctx.db.selectFrom('people').select(['id', 'firm_id', 'is_main', 'role_id']).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

/** A firm has at most one main person: the default partner in the log-a-contact dialog. */
async function clearMain(ctx: Ctx, firmId: string): Promise<void> {
  await ctx.db.updateTable('people').set({ is_main: 0, updated_at: ctx.now() })
    .where('firm_id', '=', firmId).where('is_main', '=', 1).execute();
}
