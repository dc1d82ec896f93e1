// Reading opportunities: the row every list and board card shows, the whole deal, the list with
// its filters and sorts, and the board (aggregated in SQL: the board of 20k open deals reads
// one GROUP BY and the first cards of each column straight from the (stage, amount) index).
import { sql } from 'kysely';
import type { Ctx } from '../context.ts';
import { notFound } from '../context.ts';
import type { ParsedInput } from '../../../shared/contract.ts';
import type { Board, BoardCard, Currency, Money, Opportunity, OpportunityRow } from '../../../shared/types.ts';
import { convertMoney, roundForDisplay, sumByCurrency, weightedAmount } from '../../../shared/money.ts';
import { loadRates } from './rates.ts';
import { fold } from '../duplicates/normalize.ts';
import { selectAttachments, toAttachment } from '../attachments/handlers.ts';
import { loadStages, toStage } from './stages.ts';

export function selectRows(ctx: Ctx) {
  return ctx.db.selectFrom('opportunities as o')
    .innerJoin('firms as f', 'f.id', 'o.firm_id')
    .innerJoin('pipeline_stages as s', 's.id', 'o.stage_id')
    .innerJoin('users as u', 'u.id', 'o.owner_id')
    .where('o.deleted_at', 'is', null)
    .select([
      'o.id', 'o.firm_id', 'f.name as firm_name', 'o.title', 'o.stage_id', 's.outcome', 'o.probability', 'o.amount',
      'o.currency', 'o.close_date', 'o.deadline_at', 'o.owner_id', 'u.name as owner_name', 'o.closed_at', 'o.updated_at',
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof selectRows>['execute']>>[number];

export function toRow(r: Row): OpportunityRow {
  return {
    id: r.id, firmId: r.firm_id, firmName: r.firm_name, title: r.title, stageId: r.stage_id, outcome: r.outcome,
    probability: r.probability, amount: r.amount, currency: r.currency as Currency,
    weighted: weightedAmount(r.amount, r.probability), closeDate: r.close_date, deadlineAt: r.deadline_at,
    ownerId: r.owner_id, ownerName: r.owner_name, closedAt: r.closed_at, updatedAt: r.updated_at,
  };
}

/** The deal's owner or one of its further salespeople: the user's deals are one list read from
 * the user's index, not a lookup per deal. */
const onDeal = (userId: string) => sql<boolean>`(o.owner_id = ${userId} OR o.id IN (SELECT ou.opportunity_id
  FROM opportunity_users ou WHERE ou.user_id = ${userId} AND ou.role = 'sales' AND ou.deleted_at IS NULL))`;

/** Deals of deleted firms are hidden; checked against the small index of deleted firms. */
const firmLive = sql<boolean>`o.firm_id NOT IN (SELECT id FROM firms WHERE deleted_at IS NOT NULL)`;

export async function loadOpportunity(ctx: Ctx, id: string): Promise<Opportunity> {
  const r = await selectRows(ctx).select(['o.note', 'o.watch_days', 'o.lost_reason_id', 'o.lost_note'])
    .where('o.id', '=', id).executeTakeFirst();
  if (!r) throw notFound();
  const [users, lines, competitors, comments, documents, sale] = await Promise.all([
    ctx.db.selectFrom('opportunity_users').select(['user_id', 'role']).where('opportunity_id', '=', id)
      .where('deleted_at', 'is', null).orderBy('created_at').orderBy('id').execute(),
    ctx.db.selectFrom('opportunity_lines').select(['id', 'product', 'product_group', 'quantity', 'unit_price'])
      .where('opportunity_id', '=', id).where('deleted_at', 'is', null).orderBy('sort').orderBy('id').execute(),
    ctx.db.selectFrom('opportunity_competitors').select(['id', 'name', 'strengths', 'weaknesses'])
      .where('opportunity_id', '=', id).where('deleted_at', 'is', null).orderBy('sort').orderBy('id').execute(),
    ctx.db.selectFrom('opportunity_comments as c').innerJoin('users as a', 'a.id', 'c.author_id')
      .select(['c.id', 'c.author_id', 'a.name as author_name', 'c.body', 'c.at'])
      .where('c.opportunity_id', '=', id).where('c.deleted_at', 'is', null).orderBy('c.at').orderBy('c.id').execute(),
    selectAttachments(ctx).where('a.opportunity_id', '=', id).orderBy('a.created_at').orderBy('a.id').execute(),
    ctx.db.selectFrom('sales').select('id').where('opportunity_id', '=', id).where('source', '=', 'opportunity')
      .where('deleted_at', 'is', null).orderBy('created_at', 'desc').executeTakeFirst(),
  ]);
  return {
    ...toRow(r),
    note: r.note, watchDays: r.watch_days,
    // The owner is a salesperson of the deal already; these are the further ones.
    salesIds: users.filter((u) => u.role === 'sales' && u.user_id !== r.owner_id).map((u) => u.user_id),
    watcherIds: users.filter((u) => u.role === 'watch').map((u) => u.user_id),
    lines: lines.map((l) => ({ id: l.id, product: l.product, productGroup: l.product_group, quantity: l.quantity, unitPrice: l.unit_price })),
    competitors: competitors.map((c) => ({ id: c.id, name: c.name, strengths: c.strengths, weaknesses: c.weaknesses })),
    comments: comments.map((c) => ({ id: c.id, authorId: c.author_id, authorName: c.author_name, body: c.body, at: c.at })),
    documents: documents.map((d) => toAttachment(ctx, d)),
    lostReasonId: r.lost_reason_id, lostNote: r.lost_note, saleId: sale?.id ?? null,
  };
}

type ListInput = ParsedInput<'opportunities.list'>;

export async function listOpportunities(ctx: Ctx, input: ListInput): Promise<{ total: number; rows: OpportunityRow[] }> {
  const { firmId, ownerId, stageId, state, sort, offset, limit } = input;
  let base = ctx.db.selectFrom('opportunities as o').where('o.deleted_at', 'is', null).where(firmLive);
  if (state !== 'all') {
    const stages = (await loadStages(ctx)).filter((s) => s.outcome === state).map((s) => s.id);
    if (stages.length === 0) return { total: 0, rows: [] };
    base = base.where('o.stage_id', 'in', stages);
  }
  if (firmId) base = base.where('o.firm_id', '=', firmId);
  if (stageId) base = base.where('o.stage_id', '=', stageId);
  if (ownerId) base = base.where(onDeal(ownerId));

  const words = fold(input.q).split(/\s+/).filter(Boolean);
  let ids: string[];
  let total: number;
  if (words.length === 0 && sort !== 'firm') {
    // Everything the database can order itself: count and one page.
    total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    let q = base.select('o.id');
    if (sort === 'closeDate') q = q.orderBy(sql`o.close_date IS NULL`).orderBy('o.close_date').orderBy('o.amount', 'desc');
    else if (sort === 'amount') q = q.orderBy('o.amount', 'desc');
    else q = q.orderBy('o.updated_at', 'desc');
    ids = (await q.orderBy('o.id').limit(limit).offset(offset).execute()).map((r) => r.id);
  } else {
    // A text search (folded: "pekarna" finds "Pekárna") or the firm's name in the UI language's
    // order (Czech: ch after h) — neither is SQL's, so the matching rows' keys are sorted here.
    const all = await base.innerJoin('firms as f', 'f.id', 'o.firm_id')
      .select(['o.id', 'o.title', 'f.name as firm_name', 'o.close_date', 'o.amount', 'o.updated_at']).execute();
    const hits = words.length === 0 ? all : all.filter((r) => {
      const hay = fold(`${r.title} ${r.firm_name}`);
      return words.every((w) => hay.includes(w));
    });
    const collator = new Intl.Collator(input.locale, { sensitivity: 'base', numeric: true });
    const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    const cmp: (a: (typeof all)[number], b: (typeof all)[number]) => number =
      sort === 'firm' ? (a, b) => collator.compare(a.firm_name, b.firm_name) || collator.compare(a.title, b.title) || byId(a, b)
      : sort === 'amount' ? (a, b) => b.amount - a.amount || byId(a, b)
      : sort === 'updated' ? (a, b) => b.updated_at - a.updated_at || byId(a, b)
      : (a, b) => Number(a.close_date === null) - Number(b.close_date === null)
        || (a.close_date ?? '').localeCompare(b.close_date ?? '') || b.amount - a.amount || byId(a, b);
    hits.sort(cmp);
    total = hits.length;
    ids = hits.slice(offset, offset + limit).map((r) => r.id);
  }
  if (ids.length === 0) return { total, rows: [] };
  const rows = new Map((await selectRows(ctx).where('o.id', 'in', ids).execute()).map((r) => [r.id, toRow(r)]));
  return { total, rows: ids.map((id) => rows.get(id)!).filter(Boolean) };
}

/** SQL of weightedAmount: amount × probability / 100, rounded half away from zero. */
const weightedSql = sql<number>`CASE WHEN o.amount >= 0 THEN (o.amount * o.probability + 50) / 100
  ELSE -((-o.amount * o.probability + 50) / 100) END`;

export async function loadBoard(ctx: Ctx, input: ParsedInput<'opportunities.board'>): Promise<Board> {
  const stages = (await loadStages(ctx)).filter((s) => s.outcome === 'open');
  const rates = await loadRates(ctx.db);
  if (stages.length === 0) return { columns: [], rates };
  const { ownerId, cardsPerColumn } = input;
  // Cards by value: converted to the office's currency when every open deal's currency has a
  // rate (minor units: every currency offered has two digits), else within each currency — the
  // office's first — since 4 187 320 HUF is not more than 1 702 709 Kč.
  const base = rates?.base ?? 'CZK';
  const present = (await ctx.db.selectFrom('opportunities as o').select('o.currency').distinct()
    .where('o.deleted_at', 'is', null).where('o.stage_id', 'in', stages.map((s) => s.id)).execute()).map((r) => r.currency as Currency);
  const factor = rates && present.every((c) => c === rates.base || rates.rates[c] !== undefined)
    ? sql<number>`o.amount * (CASE o.currency ${sql.join(present.map((c) => sql`WHEN ${c} THEN ${c === rates.base ? 1 : rates.rates[c]!}`), sql` `)} ELSE 1 END)`
    : null;
  const byValue = factor ? [sql`${factor} DESC`, sql`o.id`] : [sql`o.currency <> ${base}`, sql`o.currency`, sql`o.amount DESC`, sql`o.id`];
  const orderBy = sql.join(byValue, sql`, `);
  // Counts and sums per stage and currency in one pass over the covering opportunities_stage
  // index (0003); totals are never mixed across currencies.
  let sumsQ = ctx.db.selectFrom('opportunities as o')
    .where('o.deleted_at', 'is', null).where('o.stage_id', 'in', stages.map((s) => s.id)).where(firmLive);
  if (ownerId) sumsQ = sumsQ.where(onDeal(ownerId));
  const sums = await sumsQ
    .select(['o.stage_id', 'o.currency', (eb) => eb.fn.countAll<number>().as('n'),
      sql<number>`sum(o.amount)`.as('total'), sql<number>`sum(${weightedSql})`.as('weighted')])
    .groupBy(['o.stage_id', 'o.currency']).orderBy('o.stage_id').orderBy('o.currency').execute();
  // The first cards of each column: one pass over the open deals in the covering
  // opportunities_stage index numbering each column's cards in that order (no table row, no
  // join until the few cards chosen are read).
  let cards: Row[][];
  if (cardsPerColumn === 0) cards = stages.map(() => []);
  else {
    let open = ctx.db.selectFrom('opportunities as o')
      .where('o.deleted_at', 'is', null).where('o.stage_id', 'in', stages.map((s) => s.id)).where(firmLive);
    if (ownerId) open = open.where(onDeal(ownerId));
    const top = await ctx.db.selectFrom(open
      .select(['o.id', sql<number>`row_number() OVER (PARTITION BY o.stage_id ORDER BY ${orderBy})`.as('rn')]).as('t'))
      .select('t.id').where('t.rn', '<=', cardsPerColumn).execute();
    const rows = top.length === 0 ? [] : await selectRows(ctx).where('o.id', 'in', top.map((r) => r.id))
      .orderBy(sql`${orderBy}`).execute();
    cards = stages.map((s) => rows.filter((r) => r.stage_id === s.id));
  }
  // The deals a salesperson sells on with the owner are marked so on their board.
  const coSelling = ownerId ? new Set(cards.flat().filter((r) => r.owner_id !== ownerId).map((r) => r.id)) : null;
  const convert = (m: Money) => (rates ? convertMoney(m, rates) : null);
  return {
    rates,
    columns: stages.map((s, i) => {
      const mine = sums.filter((r) => r.stage_id === s.id);
      const money = (key: 'total' | 'weighted'): Money[] => sumByCurrency(mine.map((r) => ({ currency: r.currency as Currency, amount: Number(r[key]) })));
      const totals = money('total');
      const weighted = money('weighted').map(roundForDisplay);
      const inBase = (list: Money[]): Money | null => {
        const each = list.map(convert);
        if (!rates || each.some((m) => m === null)) return null;
        return roundForDisplay({ currency: rates.base, amount: each.reduce((n, m) => n + m!.amount, 0) });
      };
      // A column all in the office's currency has nothing to convert.
      const total = totals.some((m) => m.currency !== rates?.base) ? inBase(totals) : null;
      const weightedBase = inBase(weighted);
      return {
        stage: toStage(s),
        count: mine.reduce((n, r) => n + Number(r.n), 0),
        totals,
        weighted,
        converted: total && weightedBase ? { total, weighted: weightedBase } : null,
        cards: cards[i]!.map((r): BoardCard => {
          const row = toRow(r);
          return {
            ...row, weighted: roundForDisplay({ currency: row.currency, amount: row.weighted }).amount,
            converted: row.currency === rates?.base ? null : convert({ currency: row.currency, amount: row.amount }),
            via: coSelling ? (coSelling.has(row.id) ? 'co_seller' : 'owner') : null,
          };
        }),
      };
    }),
  };
}
