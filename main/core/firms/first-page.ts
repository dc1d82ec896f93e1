// The first page of the firm list before the list is warm. A window's first request is the
// unfiltered list in name order, offset 0; answering it through the warm list means sorting
// every firm first (100k names: seconds of collator comparisons). Here the page comes from
// one pass over the listed names that keeps only the first rows in the list's order (a
// bounded selection, ~n comparisons instead of n·log n), and the total from the same pass.
// The answer is exactly what the warm list gives for that request (first-page.test.ts).
// That pass costs ~2 s of CPU at a million firms, so its result — the page's rids and the total —
// is kept in `first_page_cache` (0012) for the next start, with the epoch it was read at;
// triggers move the epoch on whenever a firm is added, removed, renamed, deleted or made a lead,
// by whoever writes, and a page of an older epoch is not used.
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
  /** Their firms' rids, in the same order (what is kept for the next start). */
  rids: number[];
  /** first_page_epoch when the names were read. */
  epoch: number;
}

export async function firstPage(db: Kysely<Database>, locale: Locale, size: number): Promise<FirstPage & { cached: boolean }> {
  // Read before the names: a write between the two makes this page look stale, never right.
  const epoch = await currentEpoch(db);
  const kept = await cachedFirstPage(db, locale, size, epoch);
  if (kept) return kept;
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
  const rids = top.map((f) => f.rid);
  return { locale, total: all.length, rows: await listRows(db, rids), rids, epoch, cached: false };
}

/** The kept page, when there is one for this language and it covers `size` rows (or the whole
 * list); its rows read now. Anything odd about it (a rid gone) and it is not used. */
async function cachedFirstPage(db: Kysely<Database>, locale: Locale, size: number, epoch: number): Promise<(FirstPage & { cached: true }) | null> {
  const row = await db.selectFrom('first_page_cache').select(['total', 'rids']).where('locale', '=', locale).where('epoch', '=', epoch)
    .executeTakeFirst();
  if (!row) return null;
  let rids: unknown;
  try { rids = JSON.parse(row.rids); } catch { return null; }
  if (!Array.isArray(rids) || !rids.every((r) => Number.isSafeInteger(r))) return null;
  if (rids.length < Math.min(size, row.total)) return null;
  const page = (rids as number[]).slice(0, size);
  const found = await db.selectFrom('firms').select('rid').where('rid', 'in', page.length ? page : [-1])
    .where('deleted_at', 'is', null).where('is_lead', '=', 0).execute();
  if (found.length !== page.length) return null;
  return { locale, total: row.total, rows: await listRows(db, page), rids: page, epoch, cached: true };
}

async function currentEpoch(db: Kysely<Database>): Promise<number> {
  return (await db.selectFrom('first_page_epoch').select('n').where('id', '=', 1).executeTakeFirst())?.n ?? -1;
}

/** Keeps a page worked out by the pass for the next start, under the epoch it was read at (a
 * write since has moved the epoch on: then it is simply never used). The caller makes sure the
 * file may be written to (its integrity check passed). */
export async function keepFirstPage(db: Kysely<Database>, page: FirstPage, now: number): Promise<void> {
  const rids = JSON.stringify(page.rids);
  const values = { epoch: page.epoch, total: page.total, rids, created_at: now };
  await db.insertInto('first_page_cache').values({ locale: page.locale, ...values })
    .onConflict((oc) => oc.column('locale').doUpdateSet(values)).execute();
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
