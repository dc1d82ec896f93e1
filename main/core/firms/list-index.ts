// The firm list, ordered by name the way the user's language orders it. better-sqlite3 cannot
// register ICU collations, so SQLite can't ORDER BY "Czech": instead this keeps the list's
// columns for every live firm in memory (about 100 bytes a firm), sorted once per language
// with Intl.Collator, and patched in place after writes. Search narrows it through FTS5.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { FirmKind, FirmList, FirmListRow, Locale } from '../../../shared/types.ts';
import type { ParsedInput } from '../../../shared/contract.ts';
import { toFtsQuery } from './search-query.ts';

interface Entry extends FirmListRow {
  rid: number;
  updatedAt: number;
  cityFolded: string;
}

interface Order {
  collator: Intl.Collator;
  entries: Entry[];
  /** rid → index in `entries`; rebuilt lazily after a patch. */
  position: Positions | null;
}

/** rid → index: a typed array while rids are dense (SQLite hands out max + 1), else a Map. */
class Positions {
  private readonly dense: Int32Array | null = null;
  private readonly sparse: Map<number, number> | null = null;

  constructor(entries: readonly Entry[]) {
    let min = 0;
    let max = 0;
    for (const e of entries) {
      if (e.rid < min) min = e.rid;
      if (e.rid > max) max = e.rid;
    }
    if (min >= 0 && max <= 4 * entries.length + 65_536) {
      const dense = new Int32Array(max + 1).fill(-1);
      for (let i = 0; i < entries.length; i++) dense[entries[i]!.rid] = i;
      this.dense = dense;
    } else {
      const sparse = new Map<number, number>();
      for (let i = 0; i < entries.length; i++) sparse.set(entries[i]!.rid, i);
      this.sparse = sparse;
    }
  }

  /** The index of the entry with this rid, or -1 when it is not listed. */
  get(rid: number): number {
    if (this.dense) return rid >= 0 && rid < this.dense.length ? this.dense[rid]! : -1;
    return this.sparse!.get(rid) ?? -1;
  }
}

interface LoadRow {
  rid: number; id: string; name: string; ico: string | null; is_customer: number; is_prospect: number;
  is_supplier: number; owner_id: string | null; owner_name: string | null; updated_at: number;
  deleted_at: number | null; city: string | null;
}

export class FirmListIndex {
  private byId = new Map<string, Entry>();
  private orders = new Map<Locale, Order>();
  private loaded = false;
  private watermark = 0;
  private stale = false;
  private readonly db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.db = db;
  }

  /** Called after any write that may change a list row (firms, addresses, users). */
  markStale(): void {
    this.stale = true;
  }

  async list(input: ParsedInput<'firms.list'>): Promise<FirmList> {
    await this.refresh();
    const order = this.order(input.locale);
    let candidates: Entry[];
    const fts = toFtsQuery(input.q);
    if (fts) {
      const hits = await sql<{ rowid: number }>`SELECT rowid FROM firm_search WHERE firm_search MATCH ${fts}`.execute(this.db);
      candidates = this.inOrder(order, hits.rows);
    } else {
      candidates = order.entries;
    }
    const city = fold(input.city);
    const filtered = input.kinds.length === 0 && !input.ownerId && !city
      ? candidates
      : candidates.filter((e) =>
          (input.kinds.length === 0 || input.kinds.some((k) => e.kinds.includes(k)))
          && (!input.ownerId || e.ownerId === input.ownerId)
          && (!city || e.cityFolded === city));
    const rows = filtered.slice(input.offset, input.offset + input.limit).map(toRow);
    return { total: filtered.length, offset: input.offset, rows };
  }

  /** Distinct cities of live firms, in the language's order (for the city filter). */
  async cities(locale: Locale): Promise<string[]> {
    await this.refresh();
    const seen = new Map<string, string>();
    for (const e of this.byId.values()) if (e.city && !seen.has(e.cityFolded)) seen.set(e.cityFolded, e.city);
    return [...seen.values()].sort(this.order(locale).collator.compare);
  }

  private async refresh(): Promise<void> {
    if (this.loaded && !this.stale) return;
    this.stale = false;
    const since = this.loaded ? this.watermark : -1;
    // A refresh reads the few changed firms through firms_updated; the first load reads them all,
    // and `+` keeps it off that index: a scan in rid order is 3–4× faster than visiting 100k rows
    // in updated_at order (random pages of firms and of addresses_firm).
    const updatedAt = this.loaded ? sql`f.updated_at` : sql`+f.updated_at`;
    const { rows } = await sql<LoadRow>`
      SELECT f.rid, f.id, f.name, f.ico, f.is_customer, f.is_prospect, f.is_supplier, f.owner_id,
        u.name AS owner_name, f.updated_at, f.deleted_at,
        (SELECT a.city FROM addresses a WHERE a.firm_id = f.id AND a.deleted_at IS NULL AND a.city <> ''
          ORDER BY a.kind <> 'registered', a.sort LIMIT 1) AS city
      FROM firms f LEFT JOIN users u ON u.id = f.owner_id
      WHERE ${updatedAt} >= ${since}`.execute(this.db);
    const first = !this.loaded;
    this.loaded = true;
    for (const r of rows) this.watermark = Math.max(this.watermark, r.updated_at);
    if (first || rows.length > 2000) {
      if (!first) this.byId.clear();
      for (const r of rows) if (r.deleted_at === null) this.put(toEntry(r));
      for (const order of this.orders.values()) this.sortAll(order);
      return;
    }
    for (const r of rows) {
      const old = this.byId.get(r.id);
      if (old) {
        for (const order of this.orders.values()) removeSorted(order, old);
        this.byId.delete(old.id);
      }
      if (r.deleted_at !== null) continue;
      const e = toEntry(r);
      this.put(e);
      for (const order of this.orders.values()) insertSorted(order, e);
    }
  }

  /** Owner names live on list rows; a renamed user means a full reload (users rarely change). */
  reloadAll(): void {
    this.loaded = false;
    this.watermark = 0;
    this.byId.clear();
  }

  private put(e: Entry): void {
    this.byId.set(e.id, e);
  }

  private order(locale: Locale): Order {
    let order = this.orders.get(locale);
    if (!order) {
      order = { collator: new Intl.Collator(locale, { sensitivity: 'base', numeric: true }), entries: [], position: null };
      this.sortAll(order);
      this.orders.set(locale, order);
    }
    return order;
  }

  private sortAll(order: Order): void {
    order.entries = [...this.byId.values()].sort((a, b) => compare(order.collator, a, b));
    order.position = null;
  }

  private positions(order: Order): Positions {
    if (!order.position) order.position = new Positions(order.entries);
    return order.position;
  }

  /** The search hits that are listed, in the order's order. Without comparisons: a hit's place
   * is its index, so many hits are marked and the order walked once; a few are sorted by index. */
  private inOrder(order: Order, hits: readonly { rowid: number }[]): Entry[] {
    const position = this.positions(order);
    const entries = order.entries;
    if (hits.length * 16 >= entries.length) {
      const marked = new Uint8Array(entries.length);
      for (const { rowid } of hits) {
        const i = position.get(rowid);
        if (i >= 0) marked[i] = 1;
      }
      const found: Entry[] = [];
      for (let i = 0; i < entries.length; i++) if (marked[i] === 1) found.push(entries[i]!);
      return found;
    }
    const at = new Int32Array(hits.length);
    let n = 0;
    for (const { rowid } of hits) {
      const i = position.get(rowid);
      if (i >= 0) at[n++] = i;
    }
    const sorted = at.subarray(0, n).sort();
    const found = new Array<Entry>(n);
    for (let k = 0; k < n; k++) found[k] = entries[sorted[k]!]!;
    return found;
  }
}

function compare(collator: Intl.Collator, a: Entry, b: Entry): number {
  return collator.compare(a.name, b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || a.rid - b.rid;
}

function lowerBound(order: Order, e: Entry): number {
  let lo = 0;
  let hi = order.entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compare(order.collator, order.entries[mid]!, e) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertSorted(order: Order, e: Entry): void {
  order.entries.splice(lowerBound(order, e), 0, e);
  order.position = null;
}

function removeSorted(order: Order, e: Entry): void {
  const i = lowerBound(order, e);
  if (order.entries[i] === e) order.entries.splice(i, 1);
  else order.entries = order.entries.filter((x) => x !== e); // should not happen; stay correct anyway
  order.position = null;
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();

function toEntry(r: LoadRow): Entry {
  const kinds: FirmKind[] = [];
  if (r.is_customer) kinds.push('customer');
  if (r.is_prospect) kinds.push('prospect');
  if (r.is_supplier) kinds.push('supplier');
  return {
    rid: r.rid, id: r.id, name: r.name, ico: r.ico, kinds, city: r.city, ownerId: r.owner_id,
    ownerName: r.owner_name, updatedAt: r.updated_at, cityFolded: fold(r.city ?? ''),
  };
}

function toRow(e: Entry): FirmListRow {
  return { id: e.id, name: e.name, ico: e.ico, kinds: e.kinds, city: e.city, ownerId: e.ownerId, ownerName: e.ownerName };
}
