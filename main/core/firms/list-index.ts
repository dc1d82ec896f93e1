// The firm list, ordered by name the way the user's language orders it. better-sqlite3 cannot
// register ICU collations, so SQLite can't ORDER BY "Czech": instead this keeps the list's
// columns for every live firm in memory (about 100 bytes a firm), sorted once per language
// with Intl.Collator, and patched in place after writes. Search narrows it through FTS5;
// segments narrow it through their indexed table (read per request); user fields through a
// per-field cache of values kept beside the list (see fieldValues).
// Leads (is_lead = 1) and merged or deleted firms are not listed.
import { sql, type Kysely } from 'kysely';
import type SQLite from 'better-sqlite3';
import type { Database } from '../db/schema.ts';
import type { FirmKind, FirmList, FirmListRow, Locale } from '../../../shared/types.ts';
import type { ParsedInput } from '../../../shared/contract.ts';
import { AppError } from '../../../shared/errors.ts';
import { toFtsQuery } from './search-query.ts';
import { FoldedNames, OTHER, addMatchReasons, concatRanks, foldName, queryMask, rankOf, rankQuery, wordMask } from './relevance.ts';
import { RidIndex } from '../util/rid-index.ts';
import { loadDefs, present, type LoadedDef, type RawValue } from '../fields/values.ts';
import { isCalendarDate, parseNumber } from '../fields/handlers.ts';

type ListInput = ParsedInput<'firms.list'>;
type Filter = ListInput['fieldFilters'][number];

interface Entry extends FirmListRow {
  rid: number;
  updatedAt: number;
  createdAt: number;
  cityFolded: string;
  /** The name as search ranks it (relevance.ts foldName): computed the first time a search needs it. */
  nameFolded?: string;
  /** wordMask(nameFolded): which letters its words start with (relevance.ts). */
  wordMask: number;
}

/** A listed firm as other lists of firms show it (the neglected clients). */
export type ListedFirm = Readonly<Pick<Entry, 'id' | 'rid' | 'name' | 'ownerId' | 'ownerName' | 'createdAt'>>;

interface Order {
  collator: Intl.Collator;
  entries: Entry[];
  /** rid → index in `entries`; rebuilt lazily after a patch. */
  position: RidIndex | null;
  /** Each entry's wordMask by index in `entries` (typed, so ranking hundreds of thousands of
   * hits touches no entry object); rebuilt lazily after a patch. */
  masks: Uint32Array | null;
  /** The entries' folded names in one array, by index in `entries` (relevance.ts FoldedNames),
   * built in slices between requests (foldInBackground) and dropped by every patch; ranking reads
   * the entries' strings meanwhile, with the same result. */
  folded: FoldedNames | null;
  /** Bumped by every change to `entries`: a build begun before one is thrown away. */
  generation: number;
  folding: boolean;
}

/** Names folded per slice of the background build: ~10-20 ms of work at a time, so a request
 * that arrives meanwhile waits no longer than that. */
const FOLD_SLICE = 40_000;
/** Below this many firms the strings rank fast enough: no array is built. */
const FOLD_FROM = 50_000;

interface LoadRow {
  rid: number; id: string; name: string; ico: string | null; is_customer: number; is_prospect: number;
  is_supplier: number; owner_id: string | null; owner_name: string | null; updated_at: number; created_at: number;
  deleted_at: number | null; is_lead: number; city: string | null;
}

/** Merged firms carry deleted_at too; leads wait on their own screen until converted. */
const listed = (r: LoadRow) => r.deleted_at === null && r.is_lead === 0;

/** Firms a condition keeps — or, `negate`, the ones it drops — as one byte per entry of the
 * order being listed (marks[i] for order.entries[i]). Checking 100k firms against a set of
 * uuid strings costs 30 ms, against a Set of numbers several, against a byte array well under
 * one; walking the marks also yields the candidates already in list order. */
interface Narrowing {
  marks: Uint8Array;
  size: number;
  negate: boolean;
  /** The marked positions in list order, when they are few (a search of three letters or more):
   * walking them beats walking every entry of a million-firm list for a few thousand hits. */
  at?: Int32Array;
}

/** Positions are kept beside the marks when the rids are at most this share of the list. */
const FEW_HITS = 1 / 8;

export class FirmListIndex {
  private byId = new Map<string, Entry>();
  private orders = new Map<Locale, Order>();
  private loaded = false;
  private watermark = 0;
  private stale = false;
  /** field id → (firm rid → value), for listed firms. */
  private fieldCache = new Map<string, Map<number, RawValue>>();
  private readonly db: Kysely<Database>;
  /** Search hits as a plain array of rowids, when the connection itself is at hand. */
  private readonly ftsRowids: ((query: string) => number[]) | null = null;
  /** The search index's version (see shortHits), null while a transaction is open. */
  private readonly ftsStamp: (() => string | null) | null = null;
  /** Hits of one- and two-letter searches, by FTS query, while the search index is at `shortStamp`. */
  private shortHits = new Map<string, RidBits>();
  private shortStamp: string | null = null;
  /** Short searches' first RANKED_KEPT rows of each rank and their total, by locale and FTS
   * query, while the search index is at `rankedStamp` and the list at `rankedVersion`. */
  private ranked = new Map<string, { buckets: Entry[][]; total: number }>();
  private rankedStamp: string | null = null;
  private rankedVersion = -1;
  /** Moves whenever the list's entries change (a refresh that read rows, a reload). */
  private version = 0;
  /** From how many firms ranking reads a names array (FOLD_FROM; tests lower it). */
  private readonly foldFrom: number;

  /** `sqlite`: the same connection as `db`, for the search's hits — a one-letter prefix matches
   * tens of thousands of firms, and through Kysely each would come as an object to unwrap. */
  constructor(db: Kysely<Database>, sqlite?: SQLite.Database, opts: { foldNamesFrom?: number } = {}) {
    this.db = db;
    this.foldFrom = opts.foldNamesFrom ?? FOLD_FROM;
    if (sqlite) {
      // As one JSON array rather than a row each: better-sqlite3 hands every row to JavaScript
      // through a call, ~140 ns, and a three-letter prefix matches 100k firms at XL (17 ms of
      // the search's 40); SQLite writes the array and JSON.parse reads it in a third of that.
      let statement: SQLite.Statement<[string], string> | null = null;
      this.ftsRowids = (query) => JSON.parse((statement ??= sqlite.prepare<[string], string>('SELECT json_group_array(rowid) FROM firm_search WHERE firm_search MATCH ?').pluck()).get(query) ?? '[]') as number[];
      // FTS5 rewrites its structure record (row 10 of the _data table: the segments and a write
      // counter) and its averages record (row 1: row and token totals) whenever a change to the
      // index is committed — by a trigger, a merge, an import, whoever writes. Inside an open
      // transaction its pending changes are not there yet, so no version is given then.
      let stamp: SQLite.Statement<[], string> | null = null;
      this.ftsStamp = () => (sqlite.inTransaction ? null
        : (stamp ??= sqlite.prepare<[], string>(`SELECT group_concat(id || ':' || hex(block), ' ') FROM firm_search_data WHERE id IN (1, 10)`).pluck()).get() ?? '');
    }
  }

  /** Called after any write that may change a list row (firms, addresses, users). */
  markStale(): void {
    this.stale = true;
  }

  /** Buffers of finished list() calls, reused: a search marks its hits in a byte per listed firm
   * (1 MB at a million firms), and a new one per keystroke was external memory that kept
   * triggering full garbage collections of the whole list (~300 ms each at XL). */
  private readonly bytePool: Uint8Array[] = [];
  private readonly intPool: Int32Array[] = [];

  async list(input: ListInput): Promise<FirmList> {
    const bytes: Uint8Array[] = [];
    const ints: Int32Array[] = [];
    const lease = {
      /** Zeroed, `n` long. */
      bytes: (n: number) => {
        const k = this.bytePool.findIndex((b) => b.length === n);
        const b = k >= 0 ? this.bytePool.splice(k, 1)[0]!.fill(0) : new Uint8Array(n);
        bytes.push(b);
        return b;
      },
      /** At least `n` long, contents undefined. */
      ints: (n: number) => {
        const k = this.intPool.findIndex((b) => b.length >= n);
        const b = k >= 0 ? this.intPool.splice(k, 1)[0]! : new Int32Array(Math.max(n, 1024));
        ints.push(b);
        return b;
      },
    };
    try {
      return await this.listWith(input, lease);
    } finally {
      // Back for the next call (a few kept: a list call marks at most a handful of sets).
      this.bytePool.push(...bytes);
      this.intPool.push(...ints);
      if (this.bytePool.length > 4) this.bytePool.splice(0, this.bytePool.length - 4);
      if (this.intPool.length > 4) this.intPool.splice(0, this.intPool.length - 4);
    }
  }

  private async listWith(input: ListInput, lease: { bytes(n: number): Uint8Array; ints(n: number): Int32Array }): Promise<FirmList> {
    await this.refresh();
    const order = this.order(input.locale);
    const defs = await this.fieldDefs(input);
    const position = this.positions(order);
    // Indexed, not for…of: a one-letter search marks most firms, and the iterator protocol
    // over arrays of several kinds costs ~100 ns a hit (9 ms for 80k).
    const mark = (rids: ArrayLike<number> | RidBits, negate = false): Narrowing => {
      const marks = lease.bytes(order.entries.length);
      let size = 0;
      const few = !(rids instanceof RidBits) && rids.length <= order.entries.length * FEW_HITS;
      const at = few ? lease.ints(rids.length) : null;
      const add = (rid: number) => {
        const i = position.get(rid);
        if (i >= 0 && marks[i] === 0) {
          marks[i] = 1;
          if (at) at[size] = i;
          size++;
        }
      };
      if (rids instanceof RidBits) rids.forEach(add);
      else for (let k = 0; k < rids.length; k++) add(rids[k]!);
      return { marks, size, negate, ...(at ? { at: at.subarray(0, size).sort() } : {}) };
    };
    const narrowings = [
      ...await Promise.all(input.segmentIds.map(async (id) => mark(await this.segmentMembers(id)))),
      ...await Promise.all(input.fieldFilters.map(async (f, i) => {
        const { rids, negate } = await this.fieldNarrowing(f, defs.get(f.fieldId)!, i);
        return mark(rids, negate);
      })),
    ];
    const fts = toFtsQuery(input.q);
    if (fts) narrowings.push(mark(await this.searchHits(fts)));
    // Walk the smallest positive set (or everything) in list order and check the rest of the
    // conditions per entry by index.
    const positives = narrowings.filter((n) => !n.negate).sort((a, b) => a.size - b.size);
    const start = positives[0];
    const rest = narrowings.filter((n) => n !== start);
    const city = fold(input.city);
    const entries = order.entries;
    const unfiltered = !start && rest.length === 0 && input.kinds.length === 0 && !input.ownerId && !city;
    const keeps = (i: number): boolean => {
      if (start && start.marks[i] === 0) return false;
      const e = entries[i]!;
      if (input.kinds.length > 0 && !input.kinds.some((k) => e.kinds.includes(k))) return false;
      if (input.ownerId && e.ownerId !== input.ownerId) return false;
      if (city && e.cityFolded !== city) return false;
      for (const n of rest) if ((n.marks[i] === 1) === n.negate) return false;
      return true;
    };
    const end = input.offset + input.limit;
    let page: Entry[];
    let total: number;
    // A search in the default order lists by relevance (relevance.ts): the name's rank first,
    // the list's order within a rank. Every kept firm is ranked (a rank's count decides where the
    // next begins), but only the first `end` of each rank are kept.
    let ranks: number[] | null = null;
    if (fts && input.sort.by === 'name' && input.sort.dir === 'asc') {
      const onlyHits = start !== undefined && rest.length === 0 && input.kinds.length === 0 && !input.ownerId && !city;
      // One- and two-letter searches rank tens of thousands of hits; typing starts with the same
      // few letters again and again, so their ranks' first rows are kept while neither the search
      // index (the same version as shortHits) nor the list changed.
      const key = onlyHits && this.ftsStamp && isShortPrefix(fts) && end <= RANKED_KEPT ? `${input.locale}\u0000${fts}` : null;
      const stamp = key ? this.ftsStamp!() : null;
      let cached = key && stamp !== null && stamp === this.rankedStamp && this.rankedVersion === this.version ? this.ranked.get(key) : undefined;
      if (!cached) {
        const query = rankQuery(input.q);
        const buckets: Entry[][] = [[], [], [], []];
        const keep = key ? RANKED_KEPT : end;
        const marks = start?.marks;
        let count = 0;
        const need = queryMask(query);
        const masks = this.masks(order);
        const names = this.foldedNames(order);
        const last = buckets[OTHER]!;
        const rankIn = (i: number) => {
          count++;
          // Most hits of a short search are found through people, e-mails or places: the name's
          // mask says so without the entry, let alone its name, being read.
          if ((masks[i]! & need) !== need) {
            if (last.length < keep) last.push(entries[i]!);
            return;
          }
          let bucket: Entry[];
          if (names) bucket = buckets[names.rank(i, query)]!;
          else { const e = entries[i]!; bucket = buckets[rankOf(e.nameFolded ??= foldName(e.name), query)]!; }
          if (bucket.length < keep) bucket.push(entries[i]!);
        };
        const hitsAt = onlyHits ? start!.at : undefined;
        if (hitsAt) {
          for (let k = 0; k < hitsAt.length; k++) rankIn(hitsAt[k]!);
        } else {
          for (let i = 0; i < entries.length; i++) {
            if (onlyHits ? marks![i] === 0 : !keeps(i)) continue;
            rankIn(i);
          }
        }
        cached = { buckets, total: count };
        if (key && stamp !== null) {
          if (stamp !== this.rankedStamp || this.rankedVersion !== this.version) {
            this.ranked.clear();
            this.rankedStamp = stamp;
            this.rankedVersion = this.version;
          }
          if (this.ranked.size >= SHORT_SEARCHES_KEPT) this.ranked.delete(this.ranked.keys().next().value!);
          this.ranked.set(key, cached);
        }
      }
      total = cached.total;
      const buckets = cached.buckets;
      ({ page, ranks } = concatRanks(buckets, input.offset, end));
    } else if (input.sort.by === 'name') {
      // The list's own order (or its reverse): the kept firms are counted and only the page's
      // entries picked on the way — a one-letter search keeps tens of thousands of firms, and
      // an array of them all would be made (and collected) for the 100 rows shown.
      const asc = input.sort.dir === 'asc';
      if (unfiltered) {
        total = entries.length;
        page = asc ? entries.slice(input.offset, end) : entries.slice(Math.max(0, total - end), Math.max(0, total - input.offset)).reverse();
      } else {
        // One set of firms and nothing else to check (a search, a segment): its size is the
        // total, and the walk stops at the page's end — a one-letter search keeps most of 1M
        // firms, and its first 100 are among the first few hundred.
        const onlyStart = start !== undefined && rest.length === 0 && input.kinds.length === 0 && !input.ownerId && !city;
        page = [];
        total = 0;
        for (let k = 0; k < entries.length; k++) {
          const i = asc ? k : entries.length - 1 - k;
          if (!keeps(i)) continue;
          if (total >= input.offset && total < end) page.push(entries[i]!);
          total++;
          if (onlyStart && total >= end) break;
        }
        if (onlyStart) total = start.size;
      }
    } else {
      // City and field sorts rank every kept firm: they need them all.
      let filtered: Entry[] = [];
      if (unfiltered) filtered = entries;
      else for (let i = 0; i < entries.length; i++) if (keeps(i)) filtered.push(entries[i]!);
      filtered = await this.sorted(filtered, input, order.collator, defs);
      total = filtered.length;
      page = filtered.slice(input.offset, end);
    }
    const rows = page.map(toRow);
    if (ranks && ranks.includes(OTHER)) await addMatchReasons(this.db, rows, ranks, input.q);
    const columns = input.fieldColumns.map((id) => defs.get(id)).filter((d): d is LoadedDef => d !== undefined);
    if (columns.length > 0) await this.fillColumns(rows, columns);
    return { total, offset: input.offset, rows };
  }

  /** The rowids of the firms an FTS query matches (listed or not: mark() keeps the listed).
   * One- and two-letter prefixes match a large share of all firms — at 1M firms "s" matches
   * 825k, "pr" 247k — and most of their cost is making a JS number of every hit (100–250 ms at
   * 1M firms; FTS itself counts them in a fifth of that). Typing starts with the same few
   * letters again and again, so their hits are kept, one bit per rid, while the search index
   * stays the same version: exact whoever changes it, since the version is the index's own
   * (ftsStamp). At most SHORT_SEARCHES_KEPT are kept, the least recently used go first. */
  private async searchHits(fts: string): Promise<ArrayLike<number> | RidBits> {
    if (!this.ftsRowids) {
      return (await sql<{ rowid: number }>`SELECT rowid FROM firm_search WHERE firm_search MATCH ${fts}`.execute(this.db)).rows.map((h) => h.rowid);
    }
    const stamp = isShortPrefix(fts) ? this.ftsStamp!() : null;
    if (stamp === null) return this.ftsRowids(fts);
    if (stamp !== this.shortStamp) {
      this.shortHits.clear();
      this.shortStamp = stamp;
    }
    let hits = this.shortHits.get(fts);
    if (hits) {
      this.shortHits.delete(fts); // set again: the Map's order is the order of use
    } else {
      const rowids = this.ftsRowids(fts);
      // Bits only while rids are dense (SQLite hands out max + 1), as in Positions.
      const bits = RidBits.from(rowids, 4 * this.byId.size + 65_536);
      if (!bits) return rowids;
      hits = bits;
      if (this.shortHits.size >= SHORT_SEARCHES_KEPT) this.shortHits.delete(this.shortHits.keys().next().value!);
    }
    this.shortHits.set(fts, hits);
    return hits;
  }

  /** Whether a firm is in the list (live, not a lead, not merged away). */
  async listedCheck(): Promise<(firmId: string) => boolean> {
    await this.refresh();
    return (firmId) => this.byId.has(firmId);
  }

  /** Every listed firm by id, up to date: its name and owner without reading the firms table
   * (a random seek per firm through its text id — 50k of them cost more than the rest of a
   * neglected-clients list). Valid until the next write; read it, don't keep it. */
  async listedFirms(): Promise<ReadonlyMap<string, ListedFirm>> {
    await this.refresh();
    return this.byId;
  }

  /** The firm list's name order as a rank per firm id (for other lists sorted by firm name).
   * `db`: the caller's transaction, when it holds the connection (a refresh through the list's
   * own handle would wait for it forever). */
  /** Like nameRank, by the firm's integer rid (an array lookup: exports rank 100k firms). */
  async ridRank(locale: Locale, db?: Kysely<Database>): Promise<(rid: number) => number> {
    await this.refresh(db);
    const position = this.positions(this.order(locale));
    return (rid) => {
      const i = position.get(rid);
      return i >= 0 ? i : Number.MAX_SAFE_INTEGER;
    };
  }

  async nameRank(locale: Locale, db?: Kysely<Database>): Promise<(firmId: string) => number> {
    await this.refresh(db);
    const order = this.order(locale);
    const position = this.positions(order);
    return (firmId) => {
      const e = this.byId.get(firmId);
      const i = e ? position.get(e.rid) : -1;
      return i >= 0 ? i : Number.MAX_SAFE_INTEGER;
    };
  }

  /** The firm fields the request names (filters, sort, columns). A filter or sort on a field
   * that is gone is an error (its result would be wrong); a gone column is just left out. */
  private async fieldDefs(input: ListInput): Promise<Map<string, LoadedDef>> {
    const ids = new Set([...input.fieldFilters.map((f) => f.fieldId), ...input.fieldColumns]);
    if (input.sort.by === 'field') {
      if (!input.sort.fieldId) throw invalid('errors.required', 'sort.fieldId');
      ids.add(input.sort.fieldId);
    }
    const defs = new Map((await loadDefs(this.db, { entity: 'firm', ids: [...ids] })).map((d) => [d.id, d]));
    input.fieldFilters.forEach((f, i) => {
      if (!defs.has(f.fieldId)) throw invalid('errors.unknown_ref', `fieldFilters.${i}.fieldId`);
    });
    if (input.sort.by === 'field' && !defs.has(input.sort.fieldId!)) throw invalid('errors.unknown_ref', 'sort.fieldId');
    return defs;
  }

  private async segmentMembers(segmentId: string): Promise<number[]> {
    const rows = await this.db.selectFrom('segment_members').select('firm_id')
      .where('segment_id', '=', segmentId).where('deleted_at', 'is', null).execute();
    const rids: number[] = [];
    for (const r of rows) {
      const e = this.byId.get(r.firm_id);
      if (e) rids.push(e.rid);
    }
    return rids;
  }

  /** One user-field condition as the set of firms it keeps, from the field's cached values. */
  private async fieldNarrowing(f: Filter, def: LoadedDef, i: number): Promise<{ rids: number[]; negate: boolean }> {
    const values = await this.fieldValues(def.id);
    const where = (keep: (v: RawValue) => boolean, negate = false) => {
      const rids: number[] = [];
      for (const [rid, v] of values) if (keep(v)) rids.push(rid);
      return { rids, negate };
    };
    // An option value counts only while its option is in the code list.
    const nonEmpty = def.hasOptions ? (v: RawValue) => v.option_id !== null && def.optionLabel.has(v.option_id)
      : def.type === 'number' ? (v: RawValue) => v.value_num !== null
      : (v: RawValue) => v.value_text !== null && v.value_text !== '';
    switch (f.op) {
      case 'empty':
        return where(nonEmpty, true);
      case 'not_empty':
        return where(nonEmpty);
      case 'eq': {
        if (def.hasOptions) {
          const want = String(f.value);
          return where((v) => v.option_id === want && def.optionLabel.has(want));
        }
        if (def.type === 'number') {
          const n = typeof f.value === 'number' ? f.value : parseNumber(f.value);
          if (n === null) throw invalid('errors.field_number', `fieldFilters.${i}.value`);
          return where((v) => v.value_num === n);
        }
        if (def.type === 'date') {
          if (typeof f.value !== 'string' || !isCalendarDate(f.value)) throw invalid('errors.date', `fieldFilters.${i}.value`);
          return where((v) => v.value_text === f.value);
        }
        // Free text: equal ignoring case and diacritics. Values repeat a lot, so each distinct
        // one is folded once.
        const want = fold(String(f.value));
        const folded = new Map<string, boolean>();
        return where((v) => {
          if (v.value_text === null) return false;
          let same = folded.get(v.value_text);
          if (same === undefined) folded.set(v.value_text, (same = fold(v.value_text) === want));
          return same;
        });
      }
      case 'range': {
        if (def.type === 'number' && !def.hasOptions) {
          const bound = (v: number | string | null, end: 'min' | 'max') => {
            if (v === null) return null;
            const n = typeof v === 'number' ? v : parseNumber(v);
            if (n === null) throw invalid('errors.field_number', `fieldFilters.${i}.${end}`);
            return n;
          };
          const min = bound(f.min, 'min') ?? -Infinity;
          const max = bound(f.max, 'max') ?? Infinity;
          return where((v) => v.value_num !== null && v.value_num >= min && v.value_num <= max);
        }
        if (def.type === 'date') {
          for (const end of ['min', 'max'] as const) {
            const v = f[end];
            if (v !== null && (typeof v !== 'string' || !isCalendarDate(v))) throw invalid('errors.date', `fieldFilters.${i}.${end}`);
          }
          const min = (f.min as string | null) ?? '';
          const max = (f.max as string | null) ?? '\uffff';
          return where((v) => v.value_text !== null && v.value_text >= min && v.value_text <= max);
        }
        throw invalid('errors.invalid', `fieldFilters.${i}.op`); // a range of free text or options means nothing
      }
    }
  }

  /** City and field sorts (name order is the index's own, walked in list()) rank the distinct
   * values once (collator comparisons on a few thousand values, not on every firm), then sort
   * numbers that pack (rank, position): ties keep name order, and empty values go last in
   * either direction. */
  private async sorted(entries: Entry[], input: ListInput, collator: Intl.Collator, defs: Map<string, LoadedDef>): Promise<Entry[]> {
    const { by, dir } = input.sort;
    let keys: (string | number | null)[];
    let compareValues: (a: string, b: string) => number = collator.compare;
    if (by === 'city') {
      keys = entries.map((e) => e.city);
    } else {
      const def = defs.get(input.sort.fieldId!)!;
      const values = await this.fieldValues(def.id);
      // Options sort by their label; numbers numerically; dates (YYYY-MM-DD) as plain strings.
      keys = entries.map((e) => {
        const raw = values.get(e.rid);
        if (!raw) return null;
        const shown = present(def, raw);
        return def.hasOptions ? shown.display || null : shown.value;
      });
      if (def.type === 'date') compareValues = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
    }
    const ranks = rankValues(keys, compareValues);
    let top = 0;
    for (const r of ranks) if (r > top) top = r;
    const packed = new Float64Array(entries.length);
    for (let i = 0; i < entries.length; i++) {
      const r = ranks[i]!;
      const rank = r < 0 ? top + 1 : dir === 'asc' ? r : top - r;
      packed[i] = rank * 2 ** 21 + i; // exact: ranks < 2^32, positions < 2^21
    }
    packed.sort();
    const out = new Array<Entry>(entries.length);
    for (let k = 0; k < packed.length; k++) out[k] = entries[packed[k]! % 2 ** 21]!;
    return out;
  }

  /** The requested user fields' display values, for the page's rows only. */
  private async fillColumns(rows: FirmListRow[], columns: LoadedDef[]): Promise<void> {
    if (rows.length === 0) return;
    const raws = await this.db.selectFrom('field_values').select(['entity_id', 'field_id', 'value_text', 'value_num', 'option_id'])
      .where('entity_id', 'in', rows.map((r) => r.id)).where('field_id', 'in', columns.map((c) => c.id))
      .where('deleted_at', 'is', null).execute();
    const byKey = new Map(raws.map((r) => [`${r.entity_id}|${r.field_id}`, r]));
    for (const row of rows) {
      const fields: Record<string, string | number | null> = {};
      for (const def of columns) {
        const shown = present(def, byKey.get(`${row.id}|${def.id}`));
        fields[def.id] = def.hasOptions ? shown.display || null : shown.value;
      }
      row.fields = fields;
    }
  }

  /** Distinct cities of live firms, in the language's order (for the city filter). */
  async cities(locale: Locale): Promise<string[]> {
    await this.refresh();
    const seen = new Map<string, string>();
    // byId holds listed firms only: a city known only from a lead is not offered.
    for (const e of this.byId.values()) if (e.city && !seen.has(e.cityFolded)) seen.set(e.cityFolded, e.city);
    return [...seen.values()].sort(this.order(locale).collator.compare);
  }

  private async refresh(db: Kysely<Database> = this.db): Promise<void> {
    if (this.loaded && !this.stale) return;
    this.stale = false;
    const since = this.loaded ? this.watermark : -1;
    // A refresh reads the few changed firms through firms_updated; the first load reads them all,
    // and `+` keeps it off that index: a scan in rid order is 3–4× faster than visiting 100k rows
    // in updated_at order (random pages of firms and of addresses_firm).
    const updatedAt = this.loaded ? sql`f.updated_at` : sql`+f.updated_at`;
    const { rows } = await sql<LoadRow>`
      SELECT f.rid, f.id, f.name, f.ico, f.is_customer, f.is_prospect, f.is_supplier, f.owner_id,
        u.name AS owner_name, f.updated_at, f.created_at, f.deleted_at, f.is_lead,
        (SELECT a.city FROM addresses a WHERE a.firm_id = f.id AND a.deleted_at IS NULL AND a.city <> ''
          ORDER BY a.kind <> 'registered', a.sort LIMIT 1) AS city
      FROM firms f LEFT JOIN users u ON u.id = f.owner_id
      WHERE ${updatedAt} >= ${since}`.execute(db);
    const first = !this.loaded;
    this.loaded = true;
    if (rows.length > 0) this.version++;
    for (const r of rows) this.watermark = Math.max(this.watermark, r.updated_at);
    if (first || rows.length > 2000) {
      // Many changed rows (an import, a sync): replace them, then sort each order once. Cities
      // repeat (a few thousand for 1M firms): each is folded once.
      const foldCity = memoized(fold);
      for (const r of rows) {
        this.byId.delete(r.id);
        if (listed(r)) this.put(toEntry(r, foldCity));
      }
      for (const order of this.orders.values()) this.sortAll(order);
      this.fieldCache.clear();
      return;
    }
    for (const r of rows) {
      const old = this.byId.get(r.id);
      if (old) {
        for (const order of this.orders.values()) removeSorted(order, old);
        this.byId.delete(old.id);
      }
      // Deleted, merged away or (again) a lead: out of the list; a converted lead comes in.
      if (!listed(r)) continue;
      const e = toEntry(r);
      this.put(e);
      for (const order of this.orders.values()) insertSorted(order, e);
    }
    await this.patchFieldCache(rows.map((r) => r.id), rows.map((r) => r.rid), db);
  }

  /** Owner names live on list rows; a renamed user means a full reload (users rarely change). */
  reloadAll(): void {
    this.version++;
    this.loaded = false;
    this.watermark = 0;
    this.byId.clear();
    this.fieldCache.clear();
  }

  /** A firm field's live values by firm id, read once (through field_values' field_id indexes)
   * and then patched with the firms a refresh re-reads. Reading 80k values from SQLite takes
   * ~100 ms (a table lookup per row), too slow for every filter; scanning this map takes ~3 ms.
   * It stays right because whatever writes a firm's field values also moves the firm's
   * updated_at (fields.set does, as do merges), exactly as the list already relies on for
   * addresses. Options removed or fields deleted since are checked against the definitions
   * read per request, not here. */
  private async fieldValues(fieldId: string): Promise<Map<number, RawValue>> {
    let values = this.fieldCache.get(fieldId);
    if (!values) {
      const rows = await this.db.selectFrom('field_values').select(['entity_id', 'value_text', 'value_num', 'option_id'])
        .where('field_id', '=', fieldId).where('deleted_at', 'is', null).execute();
      values = new Map();
      for (const r of rows) {
        // Firms not listed now (leads, deleted) come in through a refresh when that changes.
        const e = this.byId.get(r.entity_id);
        if (e) values.set(e.rid, { value_text: r.value_text, value_num: r.value_num, option_id: r.option_id });
      }
      this.fieldCache.set(fieldId, values);
    }
    return values;
  }

  /** Re-reads the cached fields' values of the firms a refresh saw change (by id and rid). */
  private async patchFieldCache(firmIds: string[], rids: number[], db: Kysely<Database> = this.db): Promise<void> {
    if (this.fieldCache.size === 0 || firmIds.length === 0) return;
    const fields = [...this.fieldCache.keys()];
    for (const values of this.fieldCache.values()) for (const rid of rids) values.delete(rid);
    const listedIds = [...firmIds].filter((id) => this.byId.has(id));
    for (let i = 0; i < listedIds.length; i += 500) {
      const rows = await db.selectFrom('field_values').select(['entity_id', 'field_id', 'value_text', 'value_num', 'option_id'])
        .where('entity_id', 'in', listedIds.slice(i, i + 500)).where('field_id', 'in', fields).where('deleted_at', 'is', null).execute();
      for (const r of rows) {
        const e = this.byId.get(r.entity_id);
        if (e) this.fieldCache.get(r.field_id)?.set(e.rid, { value_text: r.value_text, value_num: r.value_num, option_id: r.option_id });
      }
    }
  }

  private put(e: Entry): void {
    this.byId.set(e.id, e);
  }

  private order(locale: Locale): Order {
    let order = this.orders.get(locale);
    if (!order) {
      order = { collator: new Intl.Collator(locale, { sensitivity: 'base', numeric: true }), entries: [], position: null, masks: null, folded: null, generation: 0, folding: false };
      this.sortAll(order);
      this.orders.set(locale, order);
    }
    return order;
  }

  private sortAll(order: Order): void {
    // Code-unit order first: a comparison without the collator costs a third. Most neighbours
    // there are neighbours in the collator's order too, so V8's sort (a TimSort: it finds the
    // runs already in order and merges them) then needs ~4 collator comparisons a firm instead
    // of ~18 — at 1M firms 4.6 s of CPU instead of 7.5 s. The result is the collator's order all
    // the same: the first sort only arranges what the second one is given.
    const entries = [...this.byId.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.rid - b.rid));
    order.entries = entries.sort((a, b) => compare(order.collator, a, b));
    changed(order);
  }

  /**
   * The order's names as one array, or null while it is being built. At a million firms the
   * names are a million strings scattered over a heap of a gigabyte or more, and ranking 100k
   * hits of a search spent most of its time fetching them (XL: search p95 80 ms from strings,
   * 38 ms from the array). Building the array takes ~0.5 s there, too long to hold a request —
   * and every edit of a firm shifts the positions — so it is built in slices between requests
   * and ranking reads the strings until it is ready.
   */
  private foldedNames(order: Order): FoldedNames | null {
    if (order.folded || order.entries.length < this.foldFrom) return order.folded;
    if (!order.folding) this.foldInBackground(order);
    return null;
  }

  private foldInBackground(order: Order): void {
    order.folding = true;
    const generation = order.generation;
    const count = order.entries.length;
    const parts: Buffer[] = [];
    const start = new Uint32Array(count + 1);
    let at = 0;
    let i = 0;
    const slice = () => {
      if (order.generation !== generation) {
        order.folding = false; // changed meanwhile: the next search starts over
        return;
      }
      const names: string[] = [];
      const to = Math.min(count, i + FOLD_SLICE);
      for (; i < to; i++) {
        const e = order.entries[i]!;
        const name = e.nameFolded ??= foldName(e.name);
        start[i] = at;
        at += name.length;
        names.push(name);
      }
      parts.push(Buffer.from(names.join(''), 'utf16le'));
      if (i < count) { setImmediate(slice).unref(); return; }
      start[count] = at;
      order.folded = FoldedNames.from(parts, start);
      order.folding = false;
    };
    // Unref'd: a one-off command (`kartoteka find`) exits without waiting for a build it never uses.
    setImmediate(slice).unref();
  }

  /** Tests: resolves once the order's names array is built (or nothing is to be built). */
  async foldedReady(locale: Locale): Promise<boolean> {
    const order = this.order(locale);
    this.foldedNames(order);
    while (order.folding) await new Promise((r) => setImmediate(r));
    return order.folded !== null;
  }

  private masks(order: Order): Uint32Array {
    if (!order.masks) {
      const masks = new Uint32Array(order.entries.length);
      for (let i = 0; i < masks.length; i++) masks[i] = order.entries[i]!.wordMask;
      order.masks = masks;
    }
    return order.masks;
  }

  private positions(order: Order): RidIndex {
    if (!order.position) order.position = new RidIndex(order.entries.length, (i) => order.entries[i]!.rid);
    return order.position;
  }

  /** The search hits that are listed, in the order's order. Without comparisons: a hit's place
   * is its index, so many hits are marked and the order walked once; a few are sorted by index. */

}

/** Short searches whose hits are kept: rids / 8 bytes each (125 kB at 1M firms, 16 MB in all);
 * every one- and two-letter start of what the bench types fits, with room to spare. */
const SHORT_SEARCHES_KEPT = 128;

/** Rows of each rank kept for a short search: the first pages (a window asks for 100 at a time). */
const RANKED_KEPT = 500;

/** A set of rids as one bit each: the size of a dense set is the span of rids, not the hits. */
class RidBits {
  private readonly words: Uint32Array;

  private constructor(words: Uint32Array) {
    this.words = words;
  }

  /** The set, or null when a rid is negative or above `maxRid`. */
  static from(rids: readonly number[], maxRid: number): RidBits | null {
    let max = 0;
    for (const rid of rids) {
      if (rid < 0 || rid > maxRid) return null;
      if (rid > max) max = rid;
    }
    const words = new Uint32Array((max >>> 5) + 1);
    for (const rid of rids) words[rid >>> 5]! |= 1 << (rid & 31);
    return new RidBits(words);
  }

  forEach(visit: (rid: number) => void): void {
    const words = this.words;
    for (let w = 0; w < words.length; w++) {
      let bits = words[w]!;
      while (bits !== 0) {
        const low = bits & -bits;
        visit((w << 5) + 31 - Math.clz32(low));
        bits ^= low;
      }
    }
  }
}

/** A search for one word of one or two letters (toFtsQuery's `"w"*`). */
function isShortPrefix(fts: string): boolean {
  const m = /^"([^"]*)"\*$/.exec(fts);
  return m !== null && [...m[1]!].length <= 2;
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
  changed(order);
}

/** What is kept by position is stale once `entries` changed. */
function changed(order: Order): void {
  order.position = null;
  order.masks = null;
  order.folded = null;
  order.generation++;
}


function removeSorted(order: Order, e: Entry): void {
  const i = lowerBound(order, e);
  if (order.entries[i] === e) order.entries.splice(i, 1);
  else order.entries = order.entries.filter((x) => x !== e); // should not happen; stay correct anyway
  changed(order);
}

function invalid(messageKey: string, field: string): AppError {
  return new AppError({ code: 'validation', messageKey, field });
}

/** Dense ranks of the keys (0, 1, 2… in `compare` order for strings, numeric order for
 * numbers); equal values share a rank; empty ones are -1. */
function rankValues(keys: readonly (string | number | null)[], compare: (a: string, b: string) => number): Int32Array {
  const ranks = new Int32Array(keys.length);
  const strings = [...new Set(keys.filter((k): k is string => typeof k === 'string' && k !== ''))].sort(compare);
  const numbers = [...new Set(keys.filter((k): k is number => typeof k === 'number'))].sort((a, b) => a - b);
  const rankOf = new Map<string | number, number>();
  let rank = -1;
  strings.forEach((v, i) => {
    if (i === 0 || compare(strings[i - 1]!, v) !== 0) rank += 1;
    rankOf.set(v, rank);
  });
  for (const v of numbers) rankOf.set(v, ++rank);
  keys.forEach((k, i) => {
    ranks[i] = k === null || k === '' ? -1 : rankOf.get(k)!;
  });
  return ranks;
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();

function memoized(f: (s: string) => string): (s: string) => string {
  const seen = new Map<string, string>();
  return (s) => {
    let v = seen.get(s);
    if (v === undefined) seen.set(s, (v = f(s)));
    return v;
  };
}

function toEntry(r: LoadRow, foldCity: (city: string) => string = fold): Entry {
  const folded = foldName(r.name);
  const kinds: FirmKind[] = [];
  if (r.is_customer) kinds.push('customer');
  if (r.is_prospect) kinds.push('prospect');
  if (r.is_supplier) kinds.push('supplier');
  return {
    rid: r.rid, id: r.id, name: r.name, ico: r.ico, kinds, city: r.city, ownerId: r.owner_id,
    ownerName: r.owner_name, updatedAt: r.updated_at, createdAt: r.created_at, cityFolded: foldCity(r.city ?? ''),
    // Folded once, as the entry is made: a search ranks every hit by it (relevance.ts), and
    // folding on first use made the first searches over a million firms fold tens of thousands.
    nameFolded: folded,
    wordMask: wordMask(folded),
  };
}

function toRow(e: Entry): FirmListRow {
  return { id: e.id, name: e.name, ico: e.ico, kinds: e.kinds, city: e.city, ownerId: e.ownerId, ownerName: e.ownerName };
}
