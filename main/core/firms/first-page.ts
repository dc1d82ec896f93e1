// The first page of the firm list before the list is warm. A window's first request is the
// unfiltered list in name order, offset 0; answering it through the warm list means sorting
// every firm first (100k names: seconds of collator comparisons). Here the page comes from
// one pass over the listed names that keeps only the first rows in the list's order (a
// bounded selection, ~n comparisons instead of n·log n), and the total from the same pass.
// The answer is exactly what the warm list gives for that request (first-page.test.ts).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { FirmList, FirmListRow, Locale } from '../../../shared/types.ts';
import type { ParsedInput } from '../../../shared/contract.ts';
import { listOrder, listRows } from './search.ts';

export interface FirstPage {
  locale: Locale;
  /** All listed firms. */
  total: number;
  /** The first rows of the list in `locale`'s order (all of them when there are fewer). */
  rows: FirmListRow[];
}

export async function firstPage(db: Kysely<Database>, locale: Locale, size: number): Promise<FirstPage> {
  const { rows: all } = await sql<{ rid: number; name: string }>`
    SELECT rid, name FROM firms WHERE deleted_at IS NULL AND is_lead = 0`.execute(db);
  const order = listOrder(locale);
  const top: { rid: number; name: string }[] = [];
  for (const firm of all) {
    if (top.length === size && order(firm, top[size - 1]!) >= 0) continue;
    let lo = 0;
    let hi = top.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (order(top[mid]!, firm) < 0) lo = mid + 1;
      else hi = mid;
    }
    top.splice(lo, 0, firm);
    if (top.length > size) top.pop();
  }
  return { locale, total: all.length, rows: await listRows(db, top.map((f) => f.rid)) };
}

/** The answer to a firms.list request from the first page, or null when the request asks for
 * anything else (a search, a filter, columns, another order or language, rows past the page). */
export function fromFirstPage(page: FirstPage, input: ParsedInput<'firms.list'>): FirmList | null {
  const plain = input.q.trim() === '' && input.kinds.length === 0 && input.ownerId === null && input.city.trim() === ''
    && input.segmentIds.length === 0 && input.fieldFilters.length === 0 && input.fieldColumns.length === 0
    && input.sort.by === 'name' && input.sort.dir === 'asc' && input.locale === page.locale;
  const covered = input.offset + input.limit <= page.rows.length || page.rows.length === page.total;
  if (!plain || !covered) return null;
  return { total: page.total, offset: input.offset, rows: page.rows.slice(input.offset, input.offset + input.limit).map((r) => ({ ...r, kinds: [...r.kinds] })) };
}
