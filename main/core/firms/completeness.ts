// How complete a firm's record is: the few things a salesperson needs to act on a firm. The
// score is the share present; the card lists what is missing, and a report lists the least
// complete firms first so someone can fill them in.
//
// What counts (COMPLETENESS_ITEMS order):
//   ico           the firm has the principal company id of its country (CZ/SK IČO, HU adószám,
//                 RU ИНН — all kept in firms.ico, shared/company-ids.ts), so a Hungarian or
//                 Russian firm with its own id is not "missing an IČO"
//   address       a live address with a city
//   phone         a live phone channel of the firm or of one of its live people
//   person_email  a live person with a live e-mail channel
//   owner         someone owns the firm
//   segment       member of a category or a group. Tags do not count: they are ad-hoc labels
//                 ("fair 2026"), whereas a category or group places the firm in the market.
import { sql, type RawBuilder } from 'kysely';
import type { Ctx } from '../context.ts';
import type { Completeness, CompletenessItem, IncompleteFirm, Locale } from '../../../shared/types.ts';
import { COMPLETENESS_ITEMS } from '../../../shared/types.ts';

export type CompletenessFlags = Record<CompletenessItem, boolean>;

/** The pure part: flags in, score and missing items (in the card's order) out. */
export function completenessOf(flags: CompletenessFlags): Completeness {
  const missing = COMPLETENESS_ITEMS.filter((item) => !flags[item]);
  return { score: Math.round((100 * (COMPLETENESS_ITEMS.length - missing.length)) / COMPLETENESS_ITEMS.length), missing };
}

interface FlagRow {
  id: string;
  ico: number;
  address: number;
  phone: number;
  person_email: number;
  owner: number;
  segment: number;
}

/** Per-firm checks as correlated EXISTS: each is one seek in a firm_id index, so the cost is
 * proportional to the firms asked about, never a scan of the child tables. */
const flagColumns = (f: RawBuilder<unknown>) => sql`
  coalesce(${f}.ico, '') <> '' AS ico,
  EXISTS (SELECT 1 FROM addresses a WHERE a.firm_id = ${f}.id AND a.deleted_at IS NULL AND a.city <> '') AS address,
  EXISTS (SELECT 1 FROM channels c WHERE c.firm_id = ${f}.id AND c.kind = 'phone' AND c.deleted_at IS NULL
    AND (c.person_id IS NULL OR EXISTS (SELECT 1 FROM people p WHERE p.id = c.person_id AND p.deleted_at IS NULL))) AS phone,
  EXISTS (SELECT 1 FROM channels c JOIN people p ON p.id = c.person_id WHERE c.firm_id = ${f}.id AND c.kind = 'email'
    AND c.deleted_at IS NULL AND p.deleted_at IS NULL) AS person_email,
  ${f}.owner_id IS NOT NULL AS owner,
  EXISTS (SELECT 1 FROM segment_members m JOIN segments s ON s.id = m.segment_id WHERE m.firm_id = ${f}.id
    AND m.deleted_at IS NULL AND s.deleted_at IS NULL AND s.kind IN ('category', 'group')) AS segment`;

const toFlags = (r: FlagRow): CompletenessFlags => ({
  ico: r.ico === 1, address: r.address === 1, phone: r.phone === 1, person_email: r.person_email === 1,
  owner: r.owner === 1, segment: r.segment === 1,
});

/** One firm's completeness (the card). */
export async function loadCompleteness(ctx: Ctx, firmId: string): Promise<Completeness> {
  const { rows } = await sql<FlagRow>`SELECT f.id, ${flagColumns(sql.raw('f'))} FROM firms f WHERE f.id = ${firmId}`.execute(ctx.db);
  const row = rows[0];
  return row ? completenessOf(toFlags(row)) : completenessOf({ ico: false, address: false, phone: false, person_email: false, owner: false, segment: false });
}

/** Live firms (not leads) missing something, least complete first, then by name in the
 * language's order (the firm list's own order, so no sorting here). Complete firms are left out. */
export async function incompleteFirms(ctx: Ctx, opts: { segmentId: string | null; ownerId: string | null; locale: Locale; limit: number }): Promise<IncompleteFirm[]> {
  const where = [sql`f.deleted_at IS NULL`, sql`f.is_lead = 0`];
  if (opts.ownerId) where.push(sql`f.owner_id = ${opts.ownerId}`);
  if (opts.segmentId) {
    where.push(sql`f.id IN (SELECT m.firm_id FROM segment_members m WHERE m.segment_id = ${opts.segmentId} AND m.deleted_at IS NULL)`);
  }
  const { rows } = await sql<FlagRow & { name: string; country: string; owner_id: string | null; owner_name: string | null }>`
    SELECT f.id, f.name, f.country, f.owner_id, u.name AS owner_name, ${flagColumns(sql.raw('f'))}
    FROM firms f LEFT JOIN users u ON u.id = f.owner_id
    WHERE ${sql.join(where, sql` AND `)}`.execute(ctx.db);
  // Ordering by score is a bucket per score (fewest present first); within a bucket, by the
  // name's place in the firm list. Only the buckets that reach the limit get sorted.
  const buckets: (typeof rows)[] = Array.from({ length: COMPLETENESS_ITEMS.length + 1 }, () => []);
  const scored = new Map<string, Completeness>();
  for (const r of rows) {
    const c = completenessOf(toFlags(r));
    scored.set(r.id, c);
    buckets[COMPLETENESS_ITEMS.length - c.missing.length]!.push(r);
  }
  const rank = await ctx.firmList.nameRank(opts.locale);
  const out: IncompleteFirm[] = [];
  for (const bucket of buckets.slice(0, COMPLETENESS_ITEMS.length)) {
    if (out.length >= opts.limit) break;
    bucket.sort((a, b) => rank(a.id) - rank(b.id));
    for (const r of bucket.slice(0, opts.limit - out.length)) {
      out.push({ id: r.id, name: r.name, country: r.country, ownerId: r.owner_id, ownerName: r.owner_name, completeness: scored.get(r.id)! });
    }
  }
  return out;
}
