// Finding duplicates: the full scan behind the review screen (every live firm or person against
// every other) and the quick look-up behind the "does this firm exist already?" warning.
//
// The scan never compares all pairs (5·10⁹ of them for 100k firms). It loads the few columns it
// needs in a handful of queries, groups rows by exact keys in Maps (IČO, e-mail, phone, name)
// and compares spellings only within small blocks of distinct names (same first or last three
// letters), so 100k firms take about three seconds on a small two-core machine.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { JobHandle } from '../jobs.ts';
import type { DuplicatePair, DuplicateReason, DuplicateScan, DuplicateSide, FirmMatch } from '../../../shared/types.ts';
import {
  fold, nameKey, normalizeEmail, normalizeFirmName, normalizePersonName, normalizePhone, similarKeys, sortedTokenKey, words,
  letterMask, popcount,
} from './normalize.ts';
import { normalizeCompanyId, principalIdKey } from '../../../shared/company-ids.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Evidence weights: a shared IČO is near proof, a similar spelling only a hint. */
export const REASON_SCORE: Record<DuplicateReason, number> = { ico: 100, email: 60, phone: 50, name: 40, similar_name: 25 };
const REASON_BIT: Record<DuplicateReason, number> = { ico: 1, email: 2, phone: 4, name: 8, similar_name: 16 };
const REASONS = Object.keys(REASON_BIT) as DuplicateReason[];

/** A value shared by more records than this (a switchboard number, "info@gmail.com", a
 * generic name) says nothing about any one pair and would flood the review with pairs. */
export const MAX_GROUP = 250;

const reasonsOf = (mask: number) => REASONS.filter((r) => (mask & REASON_BIT[r]) !== 0);
const scoreOf = (mask: number) => REASONS.reduce((s, r) => ((mask & REASON_BIT[r]) !== 0 ? s + REASON_SCORE[r] : s), 0);

/**
 * Pairs of record indexes with the reasons found for each. A Map of millions of pairs is slow
 * to fill; instead each (pair, reason) is one number — (i·n + j)·32 + bit — appended to a typed
 * array, sorted once, and the runs of one pair merged.
 */
class PairSet {
  private codes = new Float64Array(1 << 16);
  private length = 0;
  private readonly n: number;
  constructor(n: number) { this.n = n; }
  add(i: number, j: number, bit: number): void {
    if (i === j) return;
    if (this.length === this.codes.length) {
      const bigger = new Float64Array(this.codes.length * 2);
      bigger.set(this.codes);
      this.codes = bigger;
    }
    this.codes[this.length++] = (i < j ? i * this.n + j : j * this.n + i) * 32 + bit;
  }
  addGroup(members: number | readonly number[], bit: number): void {
    if (typeof members === 'number' || members.length > MAX_GROUP) return;
    for (let x = 0; x < members.length; x++) for (let y = x + 1; y < members.length; y++) this.add(members[x]!, members[y]!, bit);
  }
  /** The distinct pairs (i·n + j, ascending) with all the reasons of each. */
  compact(): { pairs: Float64Array; masks: Uint8Array } {
    const sorted = this.codes.subarray(0, this.length).sort();
    const pairs = new Float64Array(sorted.length);
    const masks = new Uint8Array(sorted.length);
    let count = 0;
    let k = 0;
    while (k < sorted.length) {
      const pair = Math.floor(sorted[k]! / 32);
      let mask = 0;
      while (k < sorted.length && Math.floor(sorted[k]! / 32) === pair) mask |= sorted[k++]! % 32;
      pairs[count] = pair;
      masks[count++] = mask;
    }
    return { pairs: pairs.subarray(0, count), masks: masks.subarray(0, count) };
  }
}

/** Records by key. Most keys (e-mails, phones) belong to one record only, so a single record
 * is kept as a bare index and an array made only for the second: ~700k small arrays fewer. */
type Groups = Map<string, number | number[]>;

/** Adds a record to the group of a key, once (a firm with the same e-mail twice is one member). */
function group(map: Groups, key: string, index: number): void {
  if (!key) return;
  const cur = map.get(key);
  if (cur === undefined) map.set(key, index);
  else if (typeof cur === 'number') { if (cur !== index) map.set(key, [cur, index]); }
  else if (cur[cur.length - 1] !== index) cur.push(index);
}

const membersOf = (g: number | number[]): number[] => (typeof g === 'number' ? [g] : g);

/** Like group(), always as arrays (blocks get sorted). */
function block(map: Map<string, number[]>, key: string, index: number): void {
  const list = map.get(key);
  if (!list) map.set(key, [index]);
  else list.push(index);
}

/**
 * Distinct name keys that look alike: the same words in another order, or a typo or two apart
 * (compared only within blocks sharing the first or the last three letters).
 */
export function similarKeyPairs(keys: readonly { key: string; sorted: string }[]): [number, number][] {
  const out: [number, number][] = [];
  const seen = new Set<number>();
  const n = keys.length;
  const push = (a: number, b: number) => {
    const code = a < b ? a * n + b : b * n + a;
    if (a === b || seen.has(code)) return;
    seen.add(code);
    out.push([a, b]);
  };
  const bySorted = new Map<string, number[]>();
  const byHead = new Map<string, number[]>();
  const byTail = new Map<string, number[]>();
  keys.forEach((k, i) => {
    block(bySorted, k.sorted, i);
    if (k.key.length >= 5) {
      block(byHead, k.key.slice(0, 3), i);
      block(byTail, k.key.slice(-3), i);
    }
  });
  for (const members of bySorted.values()) {
    if (members.length > MAX_GROUP) continue;
    for (let x = 0; x < members.length; x++) for (let y = x + 1; y < members.length; y++) push(members[x]!, members[y]!);
  }
  const masks = Int32Array.from(keys, (k) => letterMask(k.key));
  for (const block of [byHead, byTail]) {
    const tails = block === byTail;
    for (const members of block.values()) {
      if (members.length < 2) continue;
      // By length, so each name meets only those at most two letters longer.
      members.sort((a, b) => keys[a]!.key.length - keys[b]!.key.length);
      for (let x = 0; x < members.length; x++) {
        const a = keys[members[x]!]!.key;
        for (let y = x + 1; y < members.length; y++) {
          const b = keys[members[y]!]!.key;
          if (b.length - a.length > 2) break;
          // Names with the same first letters were compared in their head block already.
          if (tails && a.charCodeAt(0) === b.charCodeAt(0) && a.charCodeAt(1) === b.charCodeAt(1) && a.charCodeAt(2) === b.charCodeAt(2)) continue;
          const ma = masks[members[x]!]!;
          const mb = masks[members[y]!]!;
          if (popcount(ma & ~mb) > 2 || popcount(mb & ~ma) > 2) continue;
          if (similarKeys(a, b)) push(members[x]!, members[y]!);
        }
      }
    }
  }
  return out;
}

interface Rec { id: string; name: string; createdAt: number; detail: string }
const side = (r: Rec): DuplicateSide => ({ id: r.id, name: r.name, detail: r.detail, country: '', ico: null, isLead: false });

const SCORE = Int32Array.from({ length: 32 }, (_, m) => scoreOf(m));
/** Each distinct score's rank, best first: a pair's place in the answer starts with it. */
const SCORE_RANK = (() => {
  const scores = [...new Set(SCORE)].sort((x, y) => y - x);
  return Int32Array.from(SCORE, (sc) => scores.indexOf(sc));
})();

/**
 * Turns the pair set into the answer: dismissed pairs dropped, best first (then by name), at
 * most `limit`. Millions of pairs are possible (a demo database repeats names), so they stay
 * in typed arrays: one pass counts them by score to find the lowest score that makes the cut,
 * and only those pairs are ordered — by one number each.
 */
function rankPairs(
  entity: 'firm' | 'person', recs: readonly Rec[], index: Map<string, number>, set: PairSet,
  dismissedRows: readonly { a_id: string; b_id: string }[], limit: number,
): DuplicatePair[] {
  const n = recs.length;
  const dismissed = new Set<number>();
  for (const d of dismissedRows) {
    const a = index.get(d.a_id);
    const b = index.get(d.b_id);
    if (a !== undefined && b !== undefined) dismissed.add(a < b ? a * n + b : b * n + a);
  }
  const { pairs, masks } = set.compact();
  const perMask = new Int32Array(32);
  for (let k = 0; k < pairs.length; k++) {
    if (dismissed.size > 0 && dismissed.has(pairs[k]!)) masks[k] = 0;
    else perMask[masks[k]!]!++;
  }
  let cut = Infinity;
  let taken = 0;
  for (const score of [...new Set(SCORE)].sort((x, y) => y - x)) {
    if (score === 0 || taken >= limit) break;
    cut = score;
    for (let m = 0; m < 32; m++) if (SCORE[m] === score) taken += perMask[m]!;
  }
  // Name order of the records that can appear: folded names compared plainly (cheap); the few
  // pairs returned are put in the language's order at the end.
  const chosen: number[] = [];
  const involved = new Set<number>();
  for (let k = 0; k < pairs.length; k++) {
    if (masks[k] === 0 || SCORE[masks[k]!]! < cut) continue;
    chosen.push(k);
    involved.add(Math.floor(pairs[k]! / n));
    involved.add(pairs[k]! % n);
  }
  const folded = new Map<number, string>();
  for (const i of involved) folded.set(i, fold(recs[i]!.name));
  const byName = [...involved].sort((x, y) => {
    const fx = folded.get(x)!;
    const fy = folded.get(y)!;
    return fx < fy ? -1 : fx > fy ? 1 : x - y;
  });
  const rank = new Map<number, number>();
  byName.forEach((i, r) => rank.set(i, r));
  const R = byName.length;
  const codes = new Float64Array(chosen.length);
  chosen.forEach((k, c) => {
    let i = Math.floor(pairs[k]! / n);
    let j = pairs[k]! % n;
    // The older record first: the natural survivor of a merge.
    const a = recs[i]!;
    const b = recs[j]!;
    if (b.createdAt < a.createdAt || (b.createdAt === a.createdAt && b.id < a.id)) [i, j] = [j, i];
    codes[c] = ((SCORE_RANK[masks[k]!]! * R + rank.get(i)!) * R + rank.get(j)!) * 32 + masks[k]!;
  });
  codes.sort();
  const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
  const out: DuplicatePair[] = [];
  for (const code of codes.subarray(0, limit)) {
    const mask = code % 32;
    const rest = Math.floor(code / 32);
    const a = recs[byName[Math.floor(rest / R) % R]!]!;
    const b = recs[byName[rest % R]!]!;
    out.push({
      entity, score: SCORE[mask]!, reasons: reasonsOf(mask),
      a: side(a), b: side(b),
    });
  }
  return out.sort((x, y) => y.score - x.score || collator.compare(x.a.name, y.a.name) || collator.compare(x.b.name, y.b.name));
}

async function loadDismissed(db: Db, entity: 'firm' | 'person') {
  return db.selectFrom('duplicate_dismissals').select(['a_id', 'b_id'])
    .where('entity', '=', entity).where('deleted_at', 'is', null).execute();
}

/** The city a firm is listed with (registered seat first), for the pairs shown. */
async function citiesOf(db: Db, firmIds: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let k = 0; k < firmIds.length; k += 500) {
    const chunk = firmIds.slice(k, k + 500);
    const rows = await db.selectFrom('addresses').select(['firm_id', 'city', 'kind', 'sort'])
      .where('firm_id', 'in', chunk).where('deleted_at', 'is', null).where('city', '<>', '')
      .orderBy(sql`kind <> 'registered'`).orderBy('sort').execute();
    for (const r of rows) if (!out.has(r.firm_id)) out.set(r.firm_id, r.city);
  }
  return out;
}

export interface ScanOptions {
  limit: number;
  /** Told each phase done (the scan over 100k firms takes seconds): progress, and where a cancel stops it. */
  job?: JobHandle;
}

/** The firm scan's phases (read, ids and names, channels, similar names, ranking). */
const FIRM_PHASES = 5;
/** The person scan's (read, names, channels, ranking). */
const PERSON_PHASES = 4;

/** Every live firm (leads included) against every other: shared IČO, e-mail, phone, name, or
 * a similar name. Used by `duplicates.scan` and the benchmark. */
export async function scanFirmDuplicates(db: Db, opts: ScanOptions): Promise<DuplicateScan> {
  const started = performance.now();
  await opts.job?.step(0, FIRM_PHASES);
  const firms = (await sql<{ id: string; name: string; country: string; ico: string | null; is_lead: number; created_at: number }>`
    SELECT id, name, country, ico, is_lead, created_at FROM firms WHERE deleted_at IS NULL`.execute(db)).rows;
  await opts.job?.step(1, FIRM_PHASES);
  const n = firms.length;
  const index = new Map<string, number>();
  firms.forEach((f, i) => index.set(f.id, i));
  const pairs = new PairSet(n);

  const byIco: Groups = new Map();
  const byName: Groups = new Map();
  for (let i = 0; i < n; i++) {
    const f = firms[i]!;
    // The principal id in its country's namespace (a Hungarian adószám by its törzsszám).
    const idKey = principalIdKey(f.country, f.ico);
    if (idKey) group(byIco, idKey, i);
    group(byName, nameKey(normalizeFirmName(f.name)), i);
  }
  for (const members of byIco.values()) pairs.addGroup(members, REASON_BIT.ico);
  for (const members of byName.values()) pairs.addGroup(members, REASON_BIT.name);
  await opts.job?.step(2, FIRM_PHASES);

  // Channels of the firm and of its people alike: a person's e-mail at two firms is a lead too.
  // 700k rows at L: deleted people's channels are dropped in SQL (their ids as a set built once)
  // and the kind comes as a number, so no person id or kind string is made per row.
  const channels = (await sql<{ firm_id: string; email: number; value: string }>`
    SELECT firm_id, kind = 'email' AS email, value FROM channels
    WHERE deleted_at IS NULL AND kind IN ('email', 'phone')
      AND (person_id IS NULL OR person_id NOT IN (SELECT id FROM people WHERE deleted_at IS NOT NULL))`.execute(db)).rows;
  const byEmail: Groups = new Map();
  const byPhone: Groups = new Map();
  for (const c of channels) {
    const i = index.get(c.firm_id);
    if (i === undefined) continue;
    if (c.email) group(byEmail, normalizeEmail(c.value), i);
    else group(byPhone, normalizePhone(c.value), i);
  }
  for (const members of byEmail.values()) pairs.addGroup(members, REASON_BIT.email);
  for (const members of byPhone.values()) pairs.addGroup(members, REASON_BIT.phone);
  await opts.job?.step(3, FIRM_PHASES);

  // Similar spelling: compared between distinct names, then every firm of one with every firm
  // of the other.
  const distinct = [...byName.keys()].map((key) => {
    const first = firms[membersOf(byName.get(key)!)[0]!]!;
    return { key, sorted: nameKey(sortedTokenKey(normalizeFirmName(first.name))) };
  });
  const keyGroups = [...byName.values()].map(membersOf);
  for (const [x, y] of similarKeyPairs(distinct)) {
    const gx = keyGroups[x]!;
    const gy = keyGroups[y]!;
    if (gx.length * gy.length > MAX_GROUP * 4) continue;
    for (const i of gx) for (const j of gy) pairs.add(i, j, REASON_BIT.similar_name);
  }
  await opts.job?.step(4, FIRM_PHASES);

  const dismissed = await loadDismissed(db, 'firm');
  const recs: Rec[] = firms.map((f) => ({ id: f.id, name: f.name, createdAt: f.created_at, detail: '' }));
  const ranked = rankPairs('firm', recs, index, pairs, dismissed, opts.limit);
  const shown = new Set<string>();
  for (const p of ranked) { shown.add(p.a.id); shown.add(p.b.id); }
  const cities = await citiesOf(db, [...shown]);
  for (const p of ranked) {
    for (const s of [p.a, p.b]) {
      const f = firms[index.get(s.id)!]!;
      s.detail = cities.get(f.id) ?? '';
      s.country = f.country;
      s.ico = f.ico;
      s.isLead = f.is_lead === 1;
    }
  }
  await opts.job?.step(FIRM_PHASES, FIRM_PHASES);
  return { pairs: ranked, scanned: n, ms: Math.round(performance.now() - started) };
}

/**
 * Every live person against every other: the same e-mail or phone anywhere, or the same name
 * within one firm. "Jan Novák" at two different firms is two people; the same e-mail is one.
 */
export async function scanPersonDuplicates(db: Db, opts: ScanOptions): Promise<DuplicateScan> {
  const started = performance.now();
  await opts.job?.step(0, PERSON_PHASES);
  const people = (await sql<{
    id: string; firm_id: string; title_before: string; first_name: string; last_name: string; created_at: number; firm_name: string;
  }>`
    SELECT p.id, p.firm_id, p.title_before, p.first_name, p.last_name, p.created_at, f.name AS firm_name
    FROM people p JOIN firms f ON f.id = p.firm_id
    WHERE p.deleted_at IS NULL AND f.deleted_at IS NULL`.execute(db)).rows;
  await opts.job?.step(1, PERSON_PHASES);
  const n = people.length;
  const index = new Map<string, number>();
  people.forEach((p, i) => index.set(p.id, i));
  const pairs = new PairSet(n);

  const byName: Groups = new Map();
  people.forEach((p, i) => group(byName, `${p.firm_id}|${normalizePersonName(p.first_name, p.last_name)}`, i));
  for (const members of byName.values()) pairs.addGroup(members, REASON_BIT.name);
  await opts.job?.step(2, PERSON_PHASES);

  const channels = (await sql<{ person_id: string; kind: string; value: string }>`
    SELECT person_id, kind, value FROM channels
    WHERE deleted_at IS NULL AND person_id IS NOT NULL AND kind IN ('email', 'phone')`.execute(db)).rows;
  const byEmail: Groups = new Map();
  const byPhone: Groups = new Map();
  for (const c of channels) {
    const i = index.get(c.person_id);
    if (i === undefined) continue;
    if (c.kind === 'email') group(byEmail, normalizeEmail(c.value), i);
    else group(byPhone, normalizePhone(c.value), i);
  }
  for (const members of byEmail.values()) pairs.addGroup(members, REASON_BIT.email);
  for (const members of byPhone.values()) pairs.addGroup(members, REASON_BIT.phone);

  await opts.job?.step(3, PERSON_PHASES);
  const dismissed = await loadDismissed(db, 'person');
  const recs: Rec[] = people.map((p) => ({
    id: p.id, name: [p.title_before, p.first_name, p.last_name].filter(Boolean).join(' '), createdAt: p.created_at, detail: p.firm_name,
  }));
  const ranked = rankPairs('person', recs, index, pairs, dismissed, opts.limit);
  await opts.job?.step(PERSON_PHASES, PERSON_PHASES);
  return { pairs: ranked, scanned: n, ms: Math.round(performance.now() - started) };
}

// ---- the create-form warning ---------------------------------------------------------------

export interface MatchQuery {
  name: string;
  ico: string;
  /** The scheme `ico` is in; null: Czech. */
  country: string | null;
  emails: readonly string[];
  phones: readonly string[];
  excludeId: string | null;
}

interface MatchRow { id: string; name: string; country: string; ico: string | null; is_lead: number }

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** FTS5 column query over the search index; the index only holds live firms. */
async function ftsFirms(db: Db, column: 'name' | 'emails' | 'phones', expr: string, limit: number) {
  return (await sql<MatchRow>`
    SELECT f.id, f.name, f.country, f.ico, f.is_lead FROM firm_search s JOIN firms f ON f.rid = s.rowid
    WHERE firm_search MATCH ${`${column} : (${expr})`} AND f.deleted_at IS NULL LIMIT ${limit}`.execute(db)).rows;
}

/**
 * Likely existing firms and leads for what is being typed into a new firm (or a lead being
 * converted): same IČO, e-mail, phone or name, or a similar name. Best first, at most 10.
 * Each look-up goes through an index (firms_ico, the search index) and is then checked
 * exactly, so it stays fast on 100k firms.
 */
export async function findFirmMatches(db: Db, q: MatchQuery): Promise<FirmMatch[]> {
  const found = new Map<string, { id: string; name: string; country: string; ico: string | null; isLead: boolean; mask: number }>();
  const hit = (f: MatchRow, bit: number) => {
    if (f.id === q.excludeId) return;
    const m = found.get(f.id) ?? { id: f.id, name: f.name, country: f.country, ico: f.ico, isLead: f.is_lead === 1, mask: 0 };
    m.mask |= bit;
    found.set(f.id, m);
  };

  const country = q.country ?? 'CZ';
  const idKey = principalIdKey(country, normalizeCompanyId(country, 'ico', q.ico));
  if (idKey) {
    // Through firms_ico: the same id, or (a Hungarian adószám) any with the same törzsszám —
    // "12345676-" up to "12345676." in the index's order; then compared in each one's namespace.
    const stored = normalizeCompanyId(country, 'ico', q.ico);
    const base = stored.slice(0, 8);
    let query = db.selectFrom('firms').select(['id', 'name', 'country', 'ico', 'is_lead']).where('deleted_at', 'is', null);
    query = country === 'HU' && /^\d{8}/.test(stored)
      ? query.where('ico', '>=', `${base}-`).where('ico', '<', `${base}.`)
      : query.where('ico', '=', stored);
    for (const r of await query.limit(50).execute()) if (principalIdKey(r.country, r.ico) === idKey) hit(r, REASON_BIT.ico);
  }

  const emails = [...new Set(q.emails.map(normalizeEmail).filter((e) => /\S@\S/.test(e)))];
  if (emails.length > 0) await channelMatches(db, 'email', emails, emails.map(quote).join(' OR '), normalizeEmail, REASON_BIT.email, hit);

  const phones = [...new Set(q.phones.map(normalizePhone).filter(Boolean))];
  if (phones.length > 0) {
    // The index holds each phone as typed and without spaces and '+': look for the number with
    // and without a country code, and as it was typed; then check the digits exactly.
    const terms = new Set<string>();
    for (const raw of q.phones) {
      const groups = raw.split(/\D+/).filter(Boolean);
      if (groups.length > 0) terms.add(quote(groups.join(' ')));
    }
    for (const p of phones) {
      terms.add(quote(p));
      for (const cc of ['420', '421', '36', '7']) { terms.add(quote(cc + p)); terms.add(quote(`00${cc}${p}`)); }
      if (p.length === 9) terms.add(quote(`${p.slice(0, 3)} ${p.slice(3, 6)} ${p.slice(6)}`));
    }
    await channelMatches(db, 'phone', phones, [...terms].join(' OR '), normalizePhone, REASON_BIT.phone, hit);
  }

  const normalized = normalizeFirmName(q.name);
  if (normalized) {
    const key = nameKey(normalized);
    const sorted = nameKey(sortedTokenKey(normalized));
    // Candidates share the first three letters of every word (typos later in a word, and any
    // word order, still meet); each is then compared exactly.
    const tokens = words(normalized);
    const useful = tokens.filter((w) => w.length >= 2);
    const chosen = (useful.length > 0 ? useful : tokens).slice(0, 6);
    // The whole words first: a common short name ("Kovo") has thousands of prefix hits, and the
    // firm with exactly this name must not be cut off by the limit.
    const exact = await ftsFirms(db, 'name', chosen.map((w) => quote(w)).join(' AND '), 5000);
    const prefixed = await ftsFirms(db, 'name', chosen.map((w) => `${quote(w.slice(0, 3))}*`).join(' AND '), 5000);
    for (const r of [...exact, ...prefixed]) {
      const other = normalizeFirmName(r.name);
      const otherKey = nameKey(other);
      if (otherKey === key) hit(r, REASON_BIT.name);
      else if (nameKey(sortedTokenKey(other)) === sorted || similarKeys(key, otherKey)) hit(r, REASON_BIT.similar_name);
    }
  }

  const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
  const best = [...found.values()]
    .sort((a, b) => scoreOf(b.mask) - scoreOf(a.mask) || collator.compare(a.name, b.name))
    .slice(0, 10);
  const cities = await citiesOf(db, best.map((m) => m.id));
  return best.map((m) => ({ id: m.id, name: m.name, country: m.country, ico: m.ico, city: cities.get(m.id) ?? null, isLead: m.isLead, reasons: reasonsOf(m.mask) }));
}

async function channelMatches(
  db: Db, kind: 'email' | 'phone', wanted: readonly string[], expr: string, norm: (v: string) => string, bit: number,
  hit: (f: MatchRow, bit: number) => void,
): Promise<void> {
  const candidates = await ftsFirms(db, kind === 'email' ? 'emails' : 'phones', expr, 200);
  if (candidates.length === 0) return;
  const want = new Set(wanted);
  const rows = await db.selectFrom('channels').select(['firm_id', 'person_id', 'value'])
    .where('firm_id', 'in', candidates.map((c) => c.id)).where('kind', '=', kind).where('deleted_at', 'is', null).execute();
  const dead = new Set((await db.selectFrom('people').select('id')
    .where('firm_id', 'in', candidates.map((c) => c.id)).where('deleted_at', 'is not', null).execute()).map((p) => p.id));
  const matching = new Set(rows.filter((r) => !(r.person_id && dead.has(r.person_id)) && want.has(norm(r.value))).map((r) => r.firm_id));
  for (const c of candidates) if (matching.has(c.id)) hit(c, bit);
}
