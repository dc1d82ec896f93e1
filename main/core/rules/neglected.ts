// The neglected clients and the quiet firms, straight from the partial indexes of done contacts:
// contacts_done_firm_kind (firm_id, kind_id, at) for rules that count some kinds, and
// contacts_done_firm_at (firm_id, at) for rules that count every kind and for quiet firms.
//
// Per rule, one query walks the segment's live members (segment_members_live, in firm order)
// and keeps a firm when NOT EXISTS a counted done contact at or after the cutoff (now − days):
// with counted kinds that is one index seek per kind (firm_id = ? AND kind_id = ? AND at >= ?),
// without them one seek (firm_id = ? AND at >= ?). Only for the firms kept is the last counted
// contact looked up: a MAX the index answers with one seek (per kind, or of any kind). With an owner filter the test is
// correlated to the firm row, so it runs only for that salesperson's firms. The SQL spells the
// partial index's condition literally (never as parameters) so the planner may use it, and
// names the index: without statistics SQLite would otherwise pick contacts_planned(status).
//
// One row per firm and rule: a firm in two ruled segments past both rules is listed twice,
// each row saying which rule (and how far past it) — the DTO carries ruleId for that.
import { sql, type RawBuilder } from 'kysely';
import type { Ctx } from '../context.ts';
import type { NeglectedFirm, QuietFirm } from '../../../shared/types.ts';

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

export async function neglectedForRule(ctx: Ctx, rule: RuleRow, ownerId: string | null, now: number): Promise<NeglectedFirm[]> {
  const kinds = parseKinds(rule.kind_ids);
  const cutoff = now - rule.days * DAY;
  // Without an owner the index test runs first, on the membership row, so firm rows are read
  // only for the neglected; with one, the firm row (and its owner) is checked first.
  const firm = ownerId ? sql.raw('f.id') : sql.raw('m.firm_id');
  const owner = ownerId ? sql`AND f.owner_id = ${ownerId}` : sql``;
  const { rows } = await sql<Candidate>`
    SELECT m.firm_id, f.name AS firm_name, f.owner_id, u.name AS owner_name, f.created_at,
      ${lastCounted(sql.raw('m.firm_id'), kinds)} AS last_at
    FROM segment_members m
      JOIN firms f ON f.id = m.firm_id
      LEFT JOIN users u ON u.id = f.owner_id
    WHERE m.segment_id = ${rule.segment_id} AND m.deleted_at IS NULL
      AND f.deleted_at IS NULL AND f.is_lead = 0 ${owner}
      AND NOT ${countedSince(firm, kinds, cutoff)}`.execute(ctx.db);
  return rows.map((r) => ({
    firmId: r.firm_id, firmName: r.firm_name, ownerId: r.owner_id, ownerName: r.owner_name,
    ruleId: rule.id, segmentName: rule.segment_name, days: rule.days, lastContactAt: r.last_at,
    overdueDays: overdueDays(now, rule.days, r.last_at, r.created_at),
  }));
}

/** Most overdue first; then the longest silence (never first), then by name and id (stable). */
export function compareNeglected(a: NeglectedFirm, b: NeglectedFirm): number {
  return b.overdueDays - a.overdueDays
    || (a.lastContactAt ?? -1) - (b.lastContactAt ?? -1)
    || (a.firmName < b.firmName ? -1 : a.firmName > b.firmName ? 1 : 0)
    || (a.firmId < b.firmId ? -1 : a.firmId > b.firmId ? 1 : 0)
    || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
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
