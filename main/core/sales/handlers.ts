// Revenue on the firm: sales from won opportunities, typed-in orders and contracts, and lines
// imported from accounting. Money is integer minor units plus its currency; totals are kept per
// currency (summary.ts), never added across currencies.
import { sql } from 'kysely';
import type { HandlerMap } from '../handler-types.ts';
import type { Ctx } from '../context.ts';
import { notFound, requireRef, stamps } from '../context.ts';
import { AppError } from '../../../shared/errors.ts';
import type { Currency, Sale, SaleKind, SaleSource } from '../../../shared/types.ts';
import { uuidv7 } from '../util/ids.ts';
import { parseCsvDate } from './csv.ts';
import { importSales } from './import.ts';
import { summarize } from './summary.ts';

export interface SaleDraft {
  firmId: string;
  kind: SaleKind;
  source: SaleSource;
  date: string;
  amount: number;
  currency: Currency;
  product?: string;
  documentNo?: string | null;
  opportunityId?: string | null;
  note?: string;
}

/** Inserts one sale (also for a won opportunity). A document number already on a live sale is a
 * field error on `documentNo`, never a unique-index crash; a date must be a real calendar day. */
export async function insertSale(ctx: Ctx, draft: SaleDraft): Promise<string> {
  await requireRef(ctx, 'firms', draft.firmId, 'firmId');
  if (parseCsvDate(draft.date) !== draft.date) throw new AppError({ code: 'validation', messageKey: 'errors.date', field: 'date' });
  const documentNo = draft.documentNo?.trim() || null;
  if (documentNo !== null) {
    const taken = await ctx.db.selectFrom('sales').select('id')
      .where('document_no', '=', documentNo).where('deleted_at', 'is', null).executeTakeFirst();
    if (taken) throw new AppError({ code: 'validation', messageKey: 'errors.document_taken', field: 'documentNo' });
  }
  const now = ctx.now();
  const id = uuidv7(now);
  await ctx.db.insertInto('sales').values({
    id, firm_id: draft.firmId, kind: draft.kind, source: draft.source, date: draft.date, amount: draft.amount,
    currency: draft.currency, product: draft.product ?? '', document_no: documentNo, opportunity_id: draft.opportunityId ?? null,
    import_id: null, note: draft.note ?? '', ...stamps(now),
  }).execute();
  return id;
}

export const salesHandlers = {
  'sales.list': async ({ firmId, kind, limit }, ctx) => {
    let q = ctx.db.selectFrom('sales')
      .select(['id', 'firm_id', 'kind', 'source', 'date', 'amount', 'currency', 'product', 'document_no', 'opportunity_id', 'note', 'created_at'])
      .where('firm_id', '=', firmId).where('deleted_at', 'is', null);
    if (kind) q = q.where('kind', '=', kind);
    // Newest first; on the same day the one entered last first.
    const rows = await q.orderBy('date', 'desc').orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r): Sale => ({
      id: r.id, firmId: r.firm_id, kind: r.kind, source: r.source, date: r.date, amount: r.amount, currency: r.currency as Currency,
      product: r.product, documentNo: r.document_no, opportunityId: r.opportunity_id, note: r.note, createdAt: r.created_at,
    }));
  },

  'sales.summary': async ({ firmId, today }, ctx) => {
    if (parseCsvDate(today) !== today) throw new AppError({ code: 'validation', messageKey: 'errors.date', field: 'today' });
    // Summed per day and currency in SQL (the firm_date index); the calendar arithmetic is summary.ts's.
    const days = await ctx.db.selectFrom('sales')
      .select(['date', 'currency', sql<number>`sum(amount)`.as('amount')])
      .where('firm_id', '=', firmId).where('deleted_at', 'is', null)
      .groupBy(['date', 'currency']).execute();
    return summarize(days.map((d) => ({ date: d.date, currency: d.currency as Currency, amount: Number(d.amount) })), today);
  },

  'sales.create': async (input, ctx) => ({
    id: await insertSale(ctx, { ...input, source: 'manual' }),
  }),

  'sales.delete': async ({ id }, ctx) => {
    const row = await ctx.db.selectFrom('sales').select('id').where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
    if (!row) throw notFound();
    const now = ctx.now();
    await ctx.db.updateTable('sales').set({ deleted_at: now, updated_at: now }).where('id', '=', id).execute();
    return { id };
  },

  'sales.import': async (input, ctx) => importSales(ctx, input),
} satisfies Partial<HandlerMap>;
