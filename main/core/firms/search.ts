// A search of the firm list without the list: what `kartoteka find` answers. The warm list
// (list-index.ts) sorts every firm once per language — right for a window that pages, filters
// and re-sorts for an hour, ~10 s of work for a command that prints 20 rows and exits. Here FTS
// names the hits, only the hits' names are read and ordered as the list orders a search
// (relevance, then the same Intl.Collator comparison), and only the rows of the page asked for are read in full. The
// answer is the FirmList that `firms.list` gives for the same text (no other filters).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { FirmKind, FirmList, FirmListRow, Locale } from '../../../shared/types.ts';
import { toFtsQuery } from './search-query.ts';
import { addMatchReasons, foldName, rankOf, rankQuery } from './relevance.ts';

export interface SearchInput {
  q: string;
  locale: Locale;
  offset?: number;
  limit: number;
}

/** The page of listed firms (live, not leads, not merged away) matching `q`, by relevance,
 * and how many match in all; null when `q` holds no word to search for (the caller then lists
 * every firm, as `firms.list` does for an empty search). */
export async function searchFirms(db: Kysely<Database>, input: SearchInput): Promise<FirmList | null> {
  const fts = toFtsQuery(input.q);
  if (!fts) return null;
  const offset = input.offset ?? 0;
  const { rows: hits } = await sql<{ rid: number; name: string }>`
    SELECT f.rid, f.name FROM firm_search s JOIN firms f ON f.rid = s.rowid
    WHERE firm_search MATCH ${fts} AND f.deleted_at IS NULL AND f.is_lead = 0`.execute(db);
  // By relevance, as the list orders a search (relevance.ts): the name's rank, then name order.
  const query = rankQuery(input.q);
  const ranked = hits.map((h) => ({ ...h, rank: rankOf(foldName(h.name), query) }));
  const order = listOrder(input.locale);
  ranked.sort((a, b) => a.rank - b.rank || order(a, b));
  const page = ranked.slice(offset, offset + input.limit);
  const rows = await listRows(db, page.map((h) => h.rid));
  await addMatchReasons(db, rows, page.map((h) => h.rank), input.q);
  return { total: hits.length, offset, rows };
}

/** The firm list's order (list-index.ts): the language's collator, then the exact name, then the row. */
export function listOrder(locale: Locale): (a: { rid: number; name: string }, b: { rid: number; name: string }) => number {
  const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
  return (a, b) => collator.compare(a.name, b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || a.rid - b.rid;
}

/** The list rows of these firms (by rid), in the order given. */
export async function listRows(db: Kysely<Database>, rids: readonly number[]): Promise<FirmListRow[]> {
  if (rids.length === 0) return [];
  const { rows } = await sql<PageRow>`
    SELECT f.rid, f.id, f.name, f.ico, f.is_customer, f.is_prospect, f.is_supplier, f.owner_id, u.name AS owner_name,
      (SELECT a.city FROM addresses a WHERE a.firm_id = f.id AND a.deleted_at IS NULL AND a.city <> ''
        ORDER BY a.kind <> 'registered', a.sort LIMIT 1) AS city
    FROM firms f LEFT JOIN users u ON u.id = f.owner_id
    WHERE f.rid IN (${sql.join([...rids])})`.execute(db);
  const byRid = new Map(rows.map((r) => [r.rid, r]));
  return rids.map((rid) => toRow(byRid.get(rid)!));
}

interface PageRow {
  rid: number; id: string; name: string; ico: string | null; is_customer: number; is_prospect: number;
  is_supplier: number; owner_id: string | null; owner_name: string | null; city: string | null;
}

function toRow(r: PageRow): FirmListRow {
  const kinds: FirmKind[] = [];
  if (r.is_customer) kinds.push('customer');
  if (r.is_prospect) kinds.push('prospect');
  if (r.is_supplier) kinds.push('supplier');
  return { id: r.id, name: r.name, ico: r.ico, kinds, city: r.city, ownerId: r.owner_id, ownerName: r.owner_name };
}
