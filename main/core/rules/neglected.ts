// The neglected clients and the quiet firms, straight from the partial indexes of done contacts:
// contacts_done_firm_kind (firm_id, kind_id, at) for rules that count some kinds, and
// contacts_done_firm_at (firm_id, at) for rules that count every kind and for quiet firms.
//
// Per rule, one query walks the segment's live members (segment_members_live, in firm order),
// looks up each one's last counted contact — a MAX the index answers with one seek per kind, or
// one of any kind — and keeps the firm when there is none or it is older than the cutoff (now −
// days): the same seek decides and dates (asking "anything since the cutoff?" first would be a
// second seek for every firm when most are neglected, as after a quiet month). The firms' names,
// owners and creation come from the warm firm list (ctx.firmList), which also drops leads and
// deleted or merged firms: no firm row is read (a random seek by text id each). With an owner
// filter only that salesperson's listed firms are tested. The SQL spells the partial index's
// condition literally (never as parameters) so the planner may use it, and names the index:
// without statistics SQLite would otherwise pick contacts_planned(status).
//
// One row per firm and rule: a firm in two ruled segments past both rules is listed twice,
// each row saying which rule (and how far past it) — the DTO carries ruleId for that.
import { sql, type RawBuilder } from 'kysely';
import type { Ctx } from '../context.ts';
import type { NeglectedFirm, QuietFirm } from '../../../shared/types.ts';
import type { ListedFirm } from '../firms/list-index.ts';

export const DAY = 86_400_000;

export interface RuleRow {
  id: string;
  segment_id: string;
  segment_name: string;
  days: number;
  kind_ids: string;
}

/** The indexes, named, and the condition of their WHERE clause (both literal SQL): per kind, and
 * of any kind (firm_id, at), where "anything since the cutoff" and "the last one" are one seek. */
const DONE_INDEX = sql.raw('contacts c INDEXED BY contacts_done_firm_kind');
const DONE_ANY_INDEX = sql.raw('contacts c INDEXED BY contacts_done_firm_at');
const DONE = sql.raw(`c.status = 'done' AND c.deleted_at IS NULL`);

export function parseKinds(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((k): k is string => typeof k === 'string') : [];
  } catch {
    return [];
  }
}

/** The last counted done contact of the firm named by `firm` (a column reference); null = none. */
function lastCounted(firm: RawBuilder<unknown>, kinds: string[]): RawBuilder<number | null> {
  if (kinds.length === 0) return sql<number | null>`(SELECT max(c.at) FROM ${DONE_ANY_INDEX} WHERE c.firm_id = ${firm} AND ${DONE})`;
  // One MAX per kind (answered by a single index seek each); max() of several arguments is
  // NULL when any is, hence the −1 stand-in for "none of this kind".
  const parts = kinds.map((k) => sql`coalesce((SELECT max(c.at) FROM ${DONE_INDEX} WHERE c.firm_id = ${firm} AND c.kind_id = ${k} AND ${DONE}), -1)`);
  // A single argument would make max() the aggregate: use the part as it is.
  const best = parts.length === 1 ? parts[0]! : sql`max(${sql.join(parts)})`;
  return sql<number | null>`nullif(${best}, -1)`;
}

/** True when the firm has a counted done contact at or after `cutoff`. */
function countedSince(firm: RawBuilder<unknown>, kinds: string[], cutoff: number): RawBuilder<unknown> {
  if (kinds.length === 0) return sql`EXISTS (SELECT 1 FROM ${DONE_ANY_INDEX} WHERE c.firm_id = ${firm} AND c.at >= ${cutoff} AND ${DONE})`;
  return sql`EXISTS (SELECT 1 FROM ${DONE_INDEX} WHERE c.firm_id = ${firm} AND c.kind_id IN (${sql.join(kinds)}) AND c.at >= ${cutoff} AND ${DONE})`;
}

/** A JSON array parameter read as a set: one bound value however long the list. */
const inList = (values: readonly string[]) => sql`(SELECT value FROM json_each(${JSON.stringify(values)}))`;

interface Candidate {
  firm_id: string;
  firm_name: string;
  owner_id: string | null;
  owner_name: string | null;
  created_at: number;
  last_at: number | null;
}

/** Days past the rule: from the last counted contact, or (never contacted) from the firm's creation. */
export function overdueDays(now: number, days: number, lastAt: number | null, createdAt: number): number {
  const since = lastAt ?? createdAt;
  return Math.max(0, Math.ceil((now - since - days * DAY) / DAY));
}

/** The neglected clients of the rules, the first `limit`: most overdue first; then the longest
 * silence (never contacted first), then by name, id and rule (stable). After a quiet month nearly
 * every member of a ruled segment is past its rule (50k firms at L) and the list shows 2000: so
 * only those that can be shown are sorted, and only the rows shown become objects. */
export async function neglectedFirms(ctx: Ctx, rules: readonly RuleRow[], ownerId: string | null, now: number, limit: number): Promise<NeglectedFirm[]> {
  const listed = await ctx.firmList.listedFirms();
  let owned = sql``;
  if (ownerId) {
    const ids: string[] = [];
    for (const f of listed.values()) if (f.ownerId === ownerId) ids.push(f.id);
    owned = sql`AND m.firm_id IN ${inList(ids)}`;
  }
  const found: { firm: ListedFirm; rule: RuleRow; lastAt: number | null; overdue: number }[] = [];
  for (const rule of rules) {
    const kinds = parseKinds(rule.kind_ids);
    const cutoff = now - rule.days * DAY;
    // LIMIT -1 keeps the members a co-routine: last_at is computed once per member, not again
    // for the outer WHERE.
    const { rows } = await sql<{ firm_id: string; last_at: number | null }>`
      SELECT firm_id, last_at FROM (
        SELECT m.firm_id, ${lastCounted(sql.raw('m.firm_id'), kinds)} AS last_at
        FROM segment_members m
        WHERE m.segment_id = ${rule.segment_id} AND m.deleted_at IS NULL ${owned}
        LIMIT -1)
      WHERE last_at IS NULL OR last_at < ${cutoff}`.execute(ctx.db);
    for (const r of rows) {
      const firm = listed.get(r.firm_id);
      if (!firm) continue; // a lead, or deleted or merged away
      found.push({ firm, rule, lastAt: r.last_at, overdue: overdueDays(now, rule.days, r.last_at, firm.createdAt) });
    }
  }
  // Only the most overdue can be shown: the limit-th largest overdue is the bar (a typed-array
  // sort of numbers), and only the firms at or above it are ordered in full.
  let shown = found;
  if (found.length > limit) {
    const overdue = Float64Array.from(found, (f) => f.overdue).sort();
    const bar = overdue[overdue.length - limit]!;
    shown = found.filter((f) => f.overdue >= bar);
  }
  shown.sort((a, b) => b.overdue - a.overdue
    || (a.lastAt ?? -1) - (b.lastAt ?? -1)
    || (a.firm.name < b.firm.name ? -1 : a.firm.name > b.firm.name ? 1 : 0)
    || (a.firm.id < b.firm.id ? -1 : a.firm.id > b.firm.id ? 1 : 0)
    || (a.rule.id < b.rule.id ? -1 : a.rule.id > b.rule.id ? 1 : 0));
  return shown.slice(0, limit).map(({ firm, rule, lastAt, overdue }) => ({
    firmId: firm.id, firmName: firm.name, ownerId: firm.ownerId, ownerName: firm.ownerName,
    ruleId: rule.id, segmentName: rule.segment_name, days: rule.days, lastContactAt: lastAt, overdueDays: overdue,
  }));
}

/** Listed firms (live, not leads) with no done contact of any kind at or after `since`;
 * never contacted first, then the longest silent. */
export async function quietFirms(ctx: Ctx, opts: { since: number; ownerId: string | null; segmentId: string | null; limit: number }): Promise<QuietFirm[]> {
  const owner = opts.ownerId ? sql`AND f.owner_id = ${opts.ownerId}` : sql``;
  const segment = opts.segmentId
    ? sql`AND f.id IN (SELECT m.firm_id FROM segment_members m WHERE m.segment_id = ${opts.segmentId} AND m.deleted_at IS NULL)`
    : sql``;
  const { rows } = await sql<Omit<Candidate, 'created_at'>>`
    SELECT f.id AS firm_id, f.name AS firm_name, f.owner_id, u.name AS owner_name,
      ${lastCounted(sql.raw('f.id'), [])} AS last_at
    FROM firms f LEFT JOIN users u ON u.id = f.owner_id
    WHERE f.deleted_at IS NULL AND f.is_lead = 0 ${owner} ${segment}
      AND NOT ${countedSince(sql.raw('f.id'), [], opts.since)}
    ORDER BY last_at IS NOT NULL, last_at, f.name, f.id
    LIMIT ${opts.limit}`.execute(ctx.db);
  return rows.map((r) => ({ firmId: r.firm_id, firmName: r.firm_name, ownerId: r.owner_id, ownerName: r.owner_name, lastContactAt: r.last_at }));
}
