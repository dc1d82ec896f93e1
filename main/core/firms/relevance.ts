// Search results by relevance: a firm whose name is what was typed comes first, then names that
// start with it, then names with a word starting with each typed word, and last the firms found
// only through their people, e-mails, phones, cities or ids — each rank in the list's own name
// order. Only the name decides the rank, and the warm list already holds every name (the folded
// form is kept on its entry once computed), so ranking costs a string test per hit and no
// database read. Why a firm of the last rank was found is read for the rows of the page only.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { FirmListRow, SearchMatch } from '../../../shared/types.ts';
import { phoneQuery } from './search-query.ts';

/** Lower case, no diacritics, every run of other characters one space: "Dvořák & syn, s.r.o." → "dvorak syn s r o". */
export function foldName(s: string): string {
  // Most names are plain ASCII: they skip the decomposition and the Unicode classes (the first
  // one-letter search folds most of the list's names).
  const lower = s.toLowerCase();
  if (ASCII.test(lower)) return lower.replace(/[^a-z0-9]+/g, ' ').trim();
  return lower.normalize('NFD').replace(/\p{M}/gu, '').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

const ASCII = /^[\x00-\x7f]*$/;

export interface RankQuery {
  /** The whole query folded; '' when it has no letters or digits. */
  text: string;
  /** Its words. */
  words: string[];
  /** The same words with a space in front (a word's start inside a name). */
  spaced: string[];
}

export function rankQuery(q: string): RankQuery {
  const text = foldName(q);
  const words = text === '' ? [] : text.split(' ');
  return { text, words, spaced: words.map((w) => ` ${w}`) };
}

/**
 * A 32-bit summary of which letters the name's words start with: bits 0–15 by each word's first
 * letter, bits 16–31 by its first two. Every query word must start a word of the name for any
 * rank but the last, so a name whose mask lacks the query's bits is of the last rank without its
 * text being looked at — at a million firms a three-letter search has hundreds of thousands of
 * hits, and reading each one's name was most of its time.
 */
export function wordMask(folded: string): number {
  let mask = 0;
  let start = true;
  for (let i = 0; i < folded.length; i++) {
    const c = folded.charCodeAt(i);
    if (c === 32) { start = true; continue; }
    if (start) {
      mask |= 1 << (c % 16);
      const next = i + 1 < folded.length ? folded.charCodeAt(i + 1) : 32;
      if (next !== 32) mask |= 1 << (16 + ((c * 31 + next) % 16));
      start = false;
    }
  }
  return mask >>> 0;
}

/** The bits a name's mask must have for the query's words to start words of it. */
export function queryMask(q: RankQuery): number {
  let mask = 0;
  for (const w of q.words) {
    const c = w.charCodeAt(0);
    mask |= 1 << (c % 16);
    if (w.length > 1) mask |= 1 << (16 + ((c * 31 + w.charCodeAt(1)) % 16));
  }
  return mask >>> 0;
}

/** The last rank: found through something other than the name. */
export const OTHER = 3;

/** 0: the name is the query; 1: starts with it; 2: each query word starts a word of the name; 3: otherwise. */
export function rankOf(folded: string, q: RankQuery): number {
  if (q.text === '') return OTHER;
  if (folded.startsWith(q.text)) return folded.length === q.text.length ? 0 : 1;
  // Called for every hit (tens of thousands for one letter): no string is made here.
  for (let k = 0; k < q.words.length; k++) {
    if (!folded.startsWith(q.words[k]!) && !folded.includes(q.spaced[k]!)) return OTHER;
  }
  return 2;
}

/**
 * The folded names of a list order in one array of UTF-16 code units, in list order — what
 * rankOf reads, without a string per name. At a million firms the names are a million strings
 * scattered over a heap of a gigabyte or two, and a search ranking 100k hits spent most of its
 * time fetching them; one array read in list order is a fraction of that.
 */
export class FoldedNames {
  private readonly chars: Uint16Array;
  /** Name i is chars[start[i] .. start[i + 1]). */
  private readonly start: Uint32Array;

  private constructor(chars: Uint16Array, start: Uint32Array) {
    this.chars = chars;
    this.start = start;
  }

  /** From all names at once (tests, small lists). */
  static of(names: string[]): FoldedNames {
    const start = new Uint32Array(names.length + 1);
    let at = 0;
    for (let i = 0; i < names.length; i++) { start[i] = at; at += names[i]!.length; }
    start[names.length] = at;
    return FoldedNames.from([Buffer.from(names.join(''), 'utf16le')], start);
  }

  /** From the names' UTF-16LE code units in slices (joined natively: a per-character loop took
   * seconds at 1M names) and where each name starts (start[n] = the total length). */
  static from(parts: Buffer[], start: Uint32Array): FoldedNames {
    let bytes = Buffer.concat(parts);
    if (bytes.byteOffset % 2 !== 0) bytes = Buffer.from(bytes); // a Uint16Array must be aligned
    return new FoldedNames(new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2), start);
  }

  /** rankOf(name i, q), read from the array. */
  rank(i: number, q: RankQuery): number {
    if (q.text === '') return OTHER;
    const from = this.start[i]!;
    const to = this.start[i + 1]!;
    if (this.startsAt(from, to, q.text)) return to - from === q.text.length ? 0 : 1;
    for (let k = 0; k < q.words.length; k++) {
      const w = q.words[k]!;
      if (this.startsAt(from, to, w)) continue;
      let found = false;
      for (let p = from; p < to - w.length; p++) {
        if (this.chars[p] === 32 && this.startsAt(p + 1, to, w)) { found = true; break; }
      }
      if (!found) return OTHER;
    }
    return 2;
  }

  private startsAt(from: number, to: number, s: string): boolean {
    if (to - from < s.length) return false;
    for (let k = 0; k < s.length; k++) if (this.chars[from + k] !== s.charCodeAt(k)) return false;
    return true;
  }
}

/** The page in rank order from each rank's first `end` rows (buckets[rank]), with each row's rank. */
export function concatRanks<T>(buckets: T[][], offset: number, end: number): { page: T[]; ranks: number[] } {
  const page: T[] = [];
  const ranks: number[] = [];
  let n = 0;
  for (let r = 0; r < buckets.length && n < end; r++) {
    for (const x of buckets[r]!) {
      if (n >= end) break;
      if (n >= offset) { page.push(x); ranks.push(r); }
      n++;
    }
  }
  return { page, ranks };
}

/** Says on each row of the last rank why it was found: the first of its people, e-mails and
 * websites, phones, cities or ids that the query's words (or a phone query's digits) match.
 * Rows found by their name get no reason. Reads only these firms' rows, by firm id. */
export async function addMatchReasons(db: Kysely<Database>, rows: FirmListRow[], ranks: number[], q: string): Promise<void> {
  const ids = rows.filter((_, i) => ranks[i] === OTHER).map((r) => r.id);
  if (ids.length === 0) return;
  const phone = phoneQuery(q);
  const digits = phone ? q.replace(/\D/g, '').replace(/^00/, '') : '';
  const words = rankQuery(q).spaced;
  const wordMatch = (text: string) => {
    if (words.length === 0) return false;
    const spaced = ` ${foldName(text)}`;
    return words.some((w) => spaced.includes(w));
  };
  // The last six digits typed are in any spelling of the number found (at most 3 are dropped).
  const tail = digits.slice(-Math.min(6, digits.length));
  const phoneMatch = (value: string) => tail !== '' && value.replace(/\D/g, '').includes(tail);

  // Read kind by kind, each only for the rows still without a reason: most rows of the last rank
  // are found through a person, and one small read then answers the page (a search as you type
  // reads this for every page it shows).
  const found = new Map<string, SearchMatch>();
  const offer = (firmId: string, m: SearchMatch) => { if (!found.has(firmId)) found.set(firmId, m); };
  const open = () => ids.filter((id) => !found.has(id));
  const channelsOf = async (left: string[]) => (await sql<{ firm_id: string; kind: string; value: string }>`SELECT firm_id, kind, value FROM channels
    WHERE firm_id IN (${sql.join(left)}) AND deleted_at IS NULL ORDER BY kind = 'phone', sort`.execute(db)).rows;
  if (phone) {
    for (const c of await channelsOf(ids)) if (c.kind === 'phone' && phoneMatch(c.value)) offer(c.firm_id, { kind: 'phone', text: c.value });
  }
  let left = open();
  if (left.length > 0) {
    const people = await sql<{ firm_id: string; name: string }>`SELECT firm_id, trim(replace(first_name || ' ' || patronymic || ' ' || last_name, '  ', ' ')) AS name
      FROM people WHERE firm_id IN (${sql.join(left)}) AND deleted_at IS NULL ORDER BY is_main DESC, last_name, first_name`.execute(db);
    for (const p of people.rows) if (wordMatch(p.name)) offer(p.firm_id, { kind: 'person', text: p.name });
  }
  left = open();
  if (left.length > 0) {
    const channels = await channelsOf(left);
    for (const c of channels) if (c.kind !== 'phone' && wordMatch(c.value)) offer(c.firm_id, { kind: 'email', text: c.value });
    for (const c of channels) if (c.kind === 'phone' && wordMatch(c.value)) offer(c.firm_id, { kind: 'phone', text: c.value });
  }
  left = open();
  if (left.length > 0) {
    const places = await sql<{ firm_id: string; city: string; postal_code: string }>`SELECT firm_id, city, postal_code FROM addresses
      WHERE firm_id IN (${sql.join(left)}) AND deleted_at IS NULL ORDER BY kind <> 'registered', sort`.execute(db);
    for (const a of places.rows) {
      if (wordMatch(a.city)) offer(a.firm_id, { kind: 'place', text: a.city });
      else if (wordMatch(a.postal_code)) offer(a.firm_id, { kind: 'place', text: [a.postal_code, a.city].filter(Boolean).join(' ') });
    }
  }
  left = open();
  if (left.length > 0) {
    const firms = await sql<{ id: string; ico: string | null; dic: string | null }>`SELECT id, ico, dic FROM firms WHERE id IN (${sql.join(left)})`.execute(db);
    for (const f of firms.rows) {
      for (const v of [f.ico, f.dic]) if (v && (wordMatch(v) || phoneMatch(v) || (digits !== '' && v.includes(digits)))) offer(f.id, { kind: 'id', text: v });
    }
  }
  for (const row of rows) {
    const m = found.get(row.id);
    if (m) row.match = m;
  }
}
