// Pure text keys for finding duplicates: a firm's name without its legal form, spelling or
// punctuation; e-mails and phones as comparable keys; and a bounded edit distance for names
// typed slightly differently. No database here, so all of it is unit-tested on its own.

/** Letters NFD does not decompose into a base letter plus a mark. */
const FOLD: Record<string, string> = {
  ł: 'l', đ: 'd', ø: 'o', æ: 'ae', œ: 'oe', ß: 'ss', ı: 'i', ё: 'е', þ: 'th', ð: 'd',
};

/** Lower case, no diacritics (Novák → novak, ё → е, ł → l); Cyrillic stays Cyrillic. */
export function fold(text: string): string {
  const lower = text.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
  let out = '';
  for (const ch of lower) out += FOLD[ch] ?? ch;
  return out;
}

/** Words of folded text: letters and digits only, everything else separates. */
export function words(text: string): string[] {
  return fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

// Legal forms as word sequences after punctuation became spaces, so "s.r.o.", "s. r. o." and
// "S.R.O" are all [s, r, o]. Longest first: "spol. s r.o." must win over "s r.o.".
const LEGAL_FORMS: string[][] = [
  // Czech and Slovak
  'spol s r o', 'spol s ro', 'spol sro', 's r o', 'sro', 'a s', 'v o s', 'k s', 'z s', 'o p s', 's p', 'z u', 'o z',
  'druzstvo',
  // Polish
  'sp z o o', 'sp z oo', 'sp j', 'sp k', 's a',
  // Hungarian
  'kft', 'bt', 'zrt', 'nyrt', 'rt', 'kkt', 'kht', 'nonprofit kft',
  // Russian (Cyrillic and the Latin transliteration seen on invoices)
  'ооо', 'оао', 'зао', 'пао', 'ао', 'ип', 'нко', 'ooo', 'oao', 'zao', 'pao',
  // German, English and others met in Central Europe
  'gmbh', 'gmbh co kg', 'co kg', 'kg', 'ag', 'ltd', 'limited', 'llc', 'inc', 'plc', 'corp', 'se',
].map((f) => f.split(' ')).sort((a, b) => b.length - a.length);
const FORMS_BY_FIRST = new Map<string, string[][]>();
for (const form of LEGAL_FORMS) {
  const list = FORMS_BY_FIRST.get(form[0]!) ?? [];
  list.push(form);
  FORMS_BY_FIRST.set(form[0]!, list);
}

/**
 * A firm's name as a comparison key: lower case, no diacritics or punctuation, single spaces,
 * and no legal form wherever it stands ("ООО «Ромашка»" and "Ромашка ООО" are both "ромашка").
 * A name that is nothing but a legal form keeps it, so it still has a key.
 */
export function normalizeFirmName(name: string): string {
  const tokens = words(name);
  const kept: string[] = [];
  for (let i = 0; i < tokens.length;) {
    const form = FORMS_BY_FIRST.get(tokens[i]!)?.find((f) => f.every((w, k) => tokens[i + k] === w));
    if (form) { i += form.length; continue; }
    kept.push(tokens[i]!);
    i += 1;
  }
  return (kept.length > 0 ? kept : tokens).join(' ');
}

/** The key two names are "the same" by: the normalized name without spaces, so "Agro Servis"
 * and "AGROSERVIS" meet. */
export function nameKey(normalized: string): string {
  return normalized.replace(/ /g, '');
}

/** The words in alphabetical order: "Trading Dvořák" and "Dvořák Trading" share it. */
export function sortedTokenKey(normalized: string): string {
  return normalized.split(' ').sort().join(' ');
}

/** A person's name as a key: folded words of first and last name, in any order. */
export function normalizePersonName(firstName: string, lastName: string): string {
  return words(`${firstName} ${lastName}`).sort().join(' ');
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

const COUNTRY_CODES = ['420', '421', '36', '7'];

/**
 * A phone as digits without the international prefix, so "+420 603 123 456", "00420603123456"
 * and "603 123 456" are one number. The country code goes only when enough digits remain for
 * a national number (≥ 9), so a short local number is never cut. Empty when not a phone.
 */
export function normalizePhone(phone: string): string {
  let d = phone.replace(/\D+/g, '');
  if (d.startsWith('00')) d = d.slice(2);
  for (const cc of COUNTRY_CODES) {
    if (d.startsWith(cc) && d.length - cc.length >= 9) return d.slice(cc.length);
  }
  return d.length >= 6 ? d : '';
}

// Rows of the distance table, reused: the scan runs this a million times.
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);
let rowC = new Int32Array(64);

/**
 * Damerau–Levenshtein distance (optimal string alignment: an adjacent swap is one edit), or
 * `max + 1` as soon as it is certain to exceed `max`. The common beginning and end are skipped
 * first, so names sharing most of their letters cost only their differing middle.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (a === b) return 0;
  let start = 0;
  let endA = a.length;
  let endB = b.length;
  if (Math.abs(endA - endB) > max) return max + 1;
  while (start < endA && start < endB && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  while (endA > start && endB > start && a.charCodeAt(endA - 1) === b.charCodeAt(endB - 1)) { endA--; endB--; }
  // Keep one shared letter on each side: an adjacent swap may straddle the cut.
  if (start > 0) start--;
  if (endA < a.length && endB < b.length) { endA++; endB++; }
  const la = endA - start;
  const lb = endB - start;
  if (rowA.length <= lb) { rowA = new Int32Array(lb + 1); rowB = new Int32Array(lb + 1); rowC = new Int32Array(lb + 1); }
  let prev2 = rowA;
  let prev = rowB;
  let cur = rowC;
  // Only cells within `max` of the diagonal can stay ≤ max (each step off it costs an edit), so
  // each row computes that band alone and treats the rest as "too far": O(len·max), not O(len²).
  const far = max + 1;
  for (let j = 0; j <= lb; j++) prev[j] = j <= max ? j : far;
  for (let i = 1; i <= la; i++) {
    const lo = i - max > 1 ? i - max : 1;
    const hi = i + max < lb ? i + max : lb;
    cur[0] = i <= max ? i : far;
    if (lo > 1) cur[lo - 1] = far;
    if (hi < lb) cur[hi + 1] = far; // the next row's band reaches one further right
    let rowMin = cur[0]!;
    const ca = a.charCodeAt(start + i - 1);
    const caBefore = i > 1 ? a.charCodeAt(start + i - 2) : -1;
    for (let j = lo; j <= hi; j++) {
      const cb = b.charCodeAt(start + j - 1);
      let v = prev[j - 1]! + (ca === cb ? 0 : 1);
      const del = prev[j]! + 1;
      if (del < v) v = del;
      const ins = cur[j - 1]! + 1;
      if (ins < v) v = ins;
      if (j > 1 && caBefore === cb && ca === b.charCodeAt(start + j - 2)) {
        const swap = prev2[j - 2]! + 1;
        if (swap < v) v = swap;
      }
      if (v > far) v = far;
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return far;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return Math.min(prev[lb]!, max + 1);
}

/** How many typos a name of this length may differ by and still look like the same firm:
 * none under 5 letters (too many short names are one letter apart), 1 up to 8, then 2. */
export function allowedTypos(length: number): number {
  if (length < 5) return 0;
  return length <= 8 ? 1 : 2;
}

/** Which letters occur, hashed into 32 bits: a letter of one name missing from the other needs
 * an edit of its own, so names whose masks differ in more than `k` bits are more than `k`
 * edits apart — a test of two instructions that spares most distance computations. */
export function letterMask(s: string): number {
  let m = 0;
  for (let i = 0; i < s.length; i++) m |= 1 << (s.charCodeAt(i) & 31);
  return m;
}

export function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

const digitsOf = (s: string) => s.replace(/\D+/g, '');

/**
 * Two name keys (see nameKey) that differ only by a typo or two. Names with different numbers
 * are different firms ("Stavby 2000" and "Stavby 2001"), however close their spelling.
 */
export function similarKeys(a: string, b: string): boolean {
  if (a === b) return false;
  const k = allowedTypos(Math.min(a.length, b.length));
  if (k === 0 || Math.abs(a.length - b.length) > k) return false;
  return editDistance(a, b, k) <= k && digitsOf(a) === digitsOf(b);
}
