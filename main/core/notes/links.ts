// What a note, a task or an attachment hangs on: a firm, optionally one of its people and/or
// one of its contacts. Ids the UI sends are checked to be live and to belong together, so a
// note cannot sit on firm A while pointing at a person of firm B.
import type { Ctx } from '../context.ts';
import { AppError } from '../../../shared/errors.ts';
import { requireLiveFirm } from '../firms/handlers.ts';

export interface Links {
  firmId: string | null;
  personId: string | null;
  contactId: string | null;
}

const mismatch = (field: string) => new AppError({ code: 'validation', messageKey: 'errors.unknown_ref', field });

async function personFirm(ctx: Ctx, personId: string): Promise<string | null> {
  const p = await ctx.db.selectFrom('people').select('firm_id').where('id', '=', personId)
    .where('deleted_at', 'is', null).executeTakeFirst();
  return p?.firm_id ?? null;
}

async function contactOf(ctx: Ctx, contactId: string): Promise<{ firm_id: string; person_id: string | null } | null> {
  const c = await ctx.db.selectFrom('contacts').select(['firm_id', 'person_id']).where('id', '=', contactId)
    .where('deleted_at', 'is', null).executeTakeFirst();
  return c ?? null;
}

/** Notes and attachments: the firm is given; the person and the contact must be the firm's. */
export async function checkFirmLinks(ctx: Ctx, l: { firmId: string; personId: string | null; contactId: string | null }): Promise<void> {
  await requireLiveFirm(ctx, l.firmId, 'firmId');
  if (l.personId && (await personFirm(ctx, l.personId)) !== l.firmId) throw mismatch('personId');
  if (l.contactId && (await contactOf(ctx, l.contactId))?.firm_id !== l.firmId) throw mismatch('contactId');
}

/** Tasks: any of the three, or none (a standalone to-do). A contact or a person brings its firm
 * (and a contact its person) when they are not given; when they are, they must agree. */
export async function resolveTaskLinks(ctx: Ctx, l: Links): Promise<Links> {
  let { firmId, personId } = l;
  const { contactId } = l;
  if (contactId) {
    const c = await contactOf(ctx, contactId);
    if (!c) throw mismatch('contactId');
    if (firmId && firmId !== c.firm_id) throw mismatch('contactId');
    firmId = c.firm_id;
    personId ??= c.person_id;
  }
  if (personId) {
    const pf = await personFirm(ctx, personId);
    if (!pf) throw mismatch('personId');
    if (firmId && firmId !== pf) throw mismatch('personId');
    firmId = pf;
  }
  if (firmId) await requireLiveFirm(ctx, firmId, 'firmId');
  return { firmId, personId, contactId };
}
