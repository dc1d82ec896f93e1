// vCard 2.1, 3.0 (RFC 2426) and 4.0 (RFC 6350) as a table: one row per card, synthetic column
// names for the parts the import can use ('FN', 'N.family', 'N.given', 'ORG', 'TITLE',
// 'EMAIL;WORK', 'TEL;CELL', 'ADR.street'…). What address books write:
//  - folded lines (a line starting with a space or TAB continues the one before);
//  - 2.1's quoted-printable values (ENCODING=QUOTED-PRINTABLE or a bare QUOTED-PRINTABLE, with
//    '=' soft line breaks that continue without a leading space) in the CHARSET they name;
//  - escapes \, \; \n \\ in text, ';' separating the parts of N, ADR and ORG;
//  - grouped properties (Apple's "item1.EMAIL");
//  - types as 2.1's bare params (TEL;CELL), 3.0's TYPE=cell,voice and 4.0's TYPE="work,voice";
//  - pictures and keys (PHOTO, LOGO, SOUND, KEY, base64 values) are skipped.
// Several e-mails or phones of one type: the first fills 'EMAIL;WORK', the next ones
// 'EMAIL;WORK 2', 'EMAIL;WORK 3'….
import iconv from 'iconv-lite';
import { decodeText } from './encoding.ts';
import { MAX_CELL_CHARS, MAX_COLUMNS, ReadError, addWarning, type ReadOptions, type ReadTable, type ReadWarning, type SourceRow } from './types.ts';

interface Prop { name: string; params: Map<string, string[]>; types: string[]; value: string; line: number }
interface Card { line: number; props: Prop[] }

const SKIPPED = new Set(['PHOTO', 'LOGO', 'SOUND', 'KEY', 'VERSION', 'PRODID', 'REV', 'UID', 'LABEL', 'TZ', 'GEO', 'CLASS',
  'MAILER', 'SOURCE', 'NAME', 'PROFILE', 'CLIENTPIDMAP', 'SORT-STRING', 'AGENT', 'IMPP', 'MEMBER', 'RELATED', 'FBURL',
  'CALURI', 'CALADRURI', 'XML', 'LANG']);
/** Plain text properties kept under their own name. */
const TEXT_PROPS = new Set(['FN', 'NICKNAME', 'TITLE', 'ROLE', 'URL', 'BDAY', 'ANNIVERSARY', 'NOTE', 'CATEGORIES', 'GENDER', 'KIND', 'X-GENDER']);
const N_PARTS = ['family', 'given', 'additional', 'prefix', 'suffix'];
const ADR_PARTS = ['pobox', 'extended', 'street', 'city', 'region', 'postalCode', 'country'];
/** The order columns are listed in (a column's family, then the order it was first met). */
const FAMILY_ORDER = ['FN', 'N', 'NICKNAME', 'ORG', 'TITLE', 'ROLE', 'EMAIL', 'TEL', 'ADR', 'URL', 'BDAY', 'ANNIVERSARY', 'GENDER', 'X-GENDER', 'KIND', 'CATEGORIES', 'NOTE'];
/** Types that name a column: the first of these a property carries (the rest — voice, internet,
 * pref — say nothing the import can use). */
const TEL_TYPES = ['FAX', 'CELL', 'PAGER', 'WORK', 'HOME'];
const EMAIL_TYPES = ['WORK', 'HOME'];
const ADR_PREFERRED = ['WORK', 'PREF'];

export function readVcard(bytes: Uint8Array, options: ReadOptions = {}): ReadTable {
  if (bytes.length === 0) throw new ReadError('errors.import_file_empty', null);
  const { text, encoding } = decodeText(bytes, options.encoding);
  const warnings: ReadWarning[] = [];
  const fileCharset = encoding.name.startsWith('utf-8') ? 'utf-8' : encoding.name;
  const cards = parseCards(text, fileCharset, options.maxRows ?? Infinity);
  if (cards.length === 0) throw new ReadError('errors.import_vcard_none', null);

  const columns = new Map<string, { family: number; order: number }>();
  const colOf = (name: string, family: string, line: number) => {
    if (!columns.has(name)) {
      if (columns.size >= MAX_COLUMNS) throw new ReadError('errors.import_too_many_columns', line, { max: MAX_COLUMNS });
      const f = FAMILY_ORDER.indexOf(family);
      columns.set(name, { family: f < 0 ? FAMILY_ORDER.length : f, order: columns.size });
    }
    return name;
  };
  const records: { line: number; values: Map<string, string> }[] = [];
  for (const card of cards) {
    const values = new Map<string, string>();
    let at = card.line; // the line of the property being read: where a refusal points
    const set = (name: string, family: string, value: string) => {
      if (value === '' || values.has(name)) return;
      if (value.length > MAX_CELL_CHARS) throw new ReadError('errors.import_cell_too_long', at, { max: MAX_CELL_CHARS });
      values.set(colOf(name, family, at), value);
    };
    /** The first free of 'EMAIL;WORK', 'EMAIL;WORK 2'… */
    const setNumbered = (base: string, family: string, value: string) => {
      if (value === '') return;
      let name = base;
      for (let k = 2; values.has(name); k++) name = `${base} ${k}`;
      set(name, family, value);
    };
    let hasName = false;
    const adrs: Prop[] = [];
    for (const p of card.props) {
      at = p.line;
      switch (p.name) {
        case 'FN': {
          const v = unescapeText(p.value).trim();
          if (v) hasName = true;
          set('FN', 'FN', v);
          break;
        }
        case 'N': {
          const parts = splitStructured(p.value);
          if (parts.some((s) => s.trim())) hasName = true;
          N_PARTS.forEach((part, k) => set(`N.${part}`, 'N', (parts[k] ?? '').trim()));
          break;
        }
        case 'ORG': {
          const parts = splitStructured(p.value);
          set('ORG', 'ORG', (parts[0] ?? '').trim());
          set('ORG.unit', 'ORG', parts.slice(1).map((s) => s.trim()).filter(Boolean).join(', '));
          break;
        }
        case 'EMAIL': {
          const type = EMAIL_TYPES.find((t) => p.types.includes(t));
          setNumbered(type ? `EMAIL;${type}` : 'EMAIL', 'EMAIL', unescapeText(p.value).trim());
          break;
        }
        case 'TEL': {
          const type = TEL_TYPES.find((t) => p.types.includes(t));
          // 4.0 writes numbers as tel: URIs.
          setNumbered(type ? `TEL;${type}` : 'TEL', 'TEL', unescapeText(p.value).trim().replace(/^tel:/i, ''));
          break;
        }
        case 'ADR':
          adrs.push(p);
          break;
        case 'BDAY':
        case 'ANNIVERSARY':
          set(p.name, p.name, isoDay(unescapeText(p.value).trim()));
          break;
        case 'CATEGORIES':
          // A list: commas separate, "\," is a comma inside one.
          set('CATEGORIES', 'CATEGORIES', splitList(p.value).map((s) => s.trim()).filter(Boolean).join(', '));
          break;
        default:
          if (TEXT_PROPS.has(p.name)) set(p.name, p.name, unescapeText(p.value).trim());
      }
    }
    // One address: the work one (the firm's), else the preferred, else the first.
    const adr = ADR_PREFERRED.map((t) => adrs.find((a) => a.types.includes(t))).find(Boolean) ?? adrs[0];
    if (adr) {
      at = adr.line;
      const parts = splitStructured(adr.value);
      ADR_PARTS.forEach((part, k) => set(`ADR.${part}`, 'ADR', (parts[k] ?? '').trim()));
    }
    if (!hasName) addWarning(warnings, { line: card.line, messageKey: 'errors.import_vcard_no_name' });
    records.push({ line: card.line, values });
  }
  const headers = [...columns].sort((a, b) => a[1].family - b[1].family || a[1].order - b[1].order).map(([name]) => name);
  const rows: SourceRow[] = records.map((r) => ({ line: r.line, cells: headers.map((h) => r.values.get(h) ?? '') }));
  return { format: 'vcard', encoding, delimiter: null, sheets: [], headers, rows, warnings, flavorHint: flavorOf(text) };
}

/** Outlook marks its cards with X-MS-… properties; Google names itself in PRODID. */
function flavorOf(text: string): 'outlook' | 'google' | undefined {
  const head = text.slice(0, 65536);
  if (/^X-MS-/im.test(head)) return 'outlook';
  if (/^PRODID:.*google/im.test(head)) return 'google';
  return undefined;
}

/** The cards of a file with their properties (unfolded, decoded), each with the line of its
 * BEGIN:VCARD and each property with its own first line. */
function parseCards(text: string, fileCharset: string, maxCards: number): Card[] {
  const lines = text.split(/\r\n|\n|\r/);
  const cards: Card[] = [];
  let card: Card | null = null;
  let depth = 0; // a 2.1 AGENT may hold a whole card: its lines belong to no row
  let i = 0;
  while (i < lines.length) {
    const startLine = i + 1;
    let logical = lines[i]!;
    i++;
    // Folding: continuation lines start with a space or a TAB (one of which is dropped).
    while (i < lines.length && isContinuation(lines[i]!)) {
      logical += lines[i]!.slice(1);
      i++;
      if (logical.length > MAX_CELL_CHARS * 2 && !/^(PHOTO|LOGO|SOUND|KEY)/i.test(logical)) {
        throw new ReadError('errors.import_cell_too_long', startLine, { max: MAX_CELL_CHARS });
      }
    }
    if (logical.trim() === '') continue;
    const colon = findColon(logical);
    if (colon < 0) continue; // not a property (garbage, a stray base64 line): skipped
    const head = logical.slice(0, colon);
    const name = propName(head);
    // Pictures and keys are dropped before their params are even looked at.
    if (card && depth === 0 && isSkipped(name)) continue;
    const { params, types } = parseParams(head);
    let value = logical.slice(colon + 1);
    const qp = isQuotedPrintable(params, types);
    // Quoted-printable soft line breaks: a value ending in '=' goes on in the next line,
    // which (in 2.1) does not start with a space.
    if (qp) {
      // (A writer's stray '=' before END:VCARD must not swallow the card's end.)
      while (value.endsWith('=') && i < lines.length && !/^(BEGIN|END):VCARD\s*$/i.test(lines[i]!)) {
        value = value.slice(0, -1) + lines[i]!.replace(/^[ \t]/, '');
        i++;
      }
    }
    if (name === 'BEGIN' && value.trim().toUpperCase() === 'VCARD') {
      if (card) { depth++; continue; } // a card inside a card (2.1's AGENT)
      card = { line: startLine, props: [] };
      continue;
    }
    if (name === 'END' && value.trim().toUpperCase() === 'VCARD') {
      if (!card) continue; // a stray END: nothing to close
      if (depth > 0) { depth--; continue; }
      cards.push(card);
      card = null;
      if (cards.length >= maxCards) return cards;
      continue;
    }
    if (!card || depth > 0 || isSkipped(name)) continue; // text outside cards (a mail's signature…)
    const enc = (params.get('ENCODING')?.[0] ?? '').toUpperCase();
    if (enc === 'B' || enc === 'BASE64') continue;
    // Quoted-printable line breaks are =0D=0A: one \n, as an escaped \n in 3.0 reads.
    if (qp) value = decodeQuotedPrintable(value, params.get('CHARSET')?.[0], fileCharset).replace(/\r\n?/g, '\n');
    card.props.push({ name, params, types, value, line: startLine });
  }
  if (card) throw new ReadError('errors.import_vcard_unclosed', card.line, { line: card.line });
  return cards;
}

/** The colon ending the name and params: not one inside a quoted param value (4.0). */
function findColon(line: string): number {
  let quoted = false;
  for (let k = 0; k < line.length; k++) {
    const c = line[k];
    if (c === '"') quoted = !quoted;
    else if (c === ':' && !quoted) return k;
  }
  return -1;
}

const isContinuation = (line: string) => { const c = line.charCodeAt(0); return c === 32 || c === 9; };
const isSkipped = (name: string) => SKIPPED.has(name) || (name.startsWith('X-') && !TEXT_PROPS.has(name));

/** The property's name without its group ("ITEM1.EMAIL" → "EMAIL": the group says nothing we use). */
function propName(head: string): string {
  const semi = head.indexOf(';');
  const name = (semi < 0 ? head : head.slice(0, semi)).trim().toUpperCase();
  const dot = name.lastIndexOf('.');
  return dot >= 0 ? name.slice(dot + 1) : name;
}

const NO_PARAMS: { params: Map<string, string[]>; types: string[] } = { params: new Map(), types: [] };

function parseParams(head: string): { params: Map<string, string[]>; types: string[] } {
  if (head.indexOf(';') < 0) return NO_PARAMS; // most lines: "FN:…", "N:…" — nothing to allocate
  const parts = splitParams(head);
  const params = new Map<string, string[]>();
  const types: string[] = [];
  for (let k = 1; k < parts.length; k++) {
    const p = parts[k]!;
    const eq = p.indexOf('=');
    if (eq < 0) {
      // 2.1: a bare type (TEL;CELL;VOICE) or a bare encoding (QUOTED-PRINTABLE, BASE64).
      const bare = p.trim().toUpperCase();
      if (bare === 'QUOTED-PRINTABLE' || bare === 'BASE64' || bare === 'B') params.set('ENCODING', [bare]);
      else if (bare) types.push(bare);
      continue;
    }
    const key = p.slice(0, eq).trim().toUpperCase();
    const values = p.slice(eq + 1).split(',').map((v) => v.trim().replace(/^"|"$/g, '')).filter(Boolean);
    if (key === 'TYPE') for (const v of values) types.push(...v.split(',').map((t) => t.trim().toUpperCase()));
    else params.set(key, [...(params.get(key) ?? []), ...values]);
  }
  // 4.0's "PREF=1" and 3.0's "TYPE=PREF" both mean preferred.
  if (params.has('PREF')) types.push('PREF');
  // Apple and Google write the mobile phone as TYPE=mobile / TYPE=iPhone.
  for (let k = 0; k < types.length; k++) if (types[k] === 'MOBILE' || types[k] === 'IPHONE') types[k] = 'CELL';
  return { params, types };
}

/** Params split on ';' outside quotes. */
function splitParams(head: string): string[] {
  const out: string[] = [];
  let quoted = false, from = 0;
  for (let k = 0; k < head.length; k++) {
    const c = head[k];
    if (c === '"') quoted = !quoted;
    else if (c === ';' && !quoted) { out.push(head.slice(from, k)); from = k + 1; }
  }
  out.push(head.slice(from));
  return out;
}

function isQuotedPrintable(params: Map<string, string[]>, types: string[]): boolean {
  return (params.get('ENCODING')?.[0] ?? '').toUpperCase() === 'QUOTED-PRINTABLE' || types.includes('QUOTED-PRINTABLE');
}

/** =XX escapes to bytes, then the bytes in the named CHARSET (else UTF-8 when they are valid
 * UTF-8, else the file's own code page). A '=' not followed by two hex digits stays as it is. */
function decodeQuotedPrintable(value: string, charset: string | undefined, fileCharset: string): string {
  const bytes: number[] = [];
  for (let k = 0; k < value.length; k++) {
    const c = value.charCodeAt(k);
    if (c === 61 /* = */ && /^[0-9A-Fa-f]{2}$/.test(value.slice(k + 1, k + 3))) {
      bytes.push(parseInt(value.slice(k + 1, k + 3), 16));
      k += 2;
    } else if (c < 0x80) {
      bytes.push(c);
    } else {
      // Not QP-safe, but seen: a raw character. Kept as its UTF-8 bytes.
      for (const b of Buffer.from(value[k]!, 'utf8')) bytes.push(b);
    }
  }
  const buf = Buffer.from(bytes);
  if (charset && iconv.encodingExists(charset)) return iconv.decode(buf, charset);
  const asUtf8 = new TextDecoder('utf-8', { fatal: false }).decode(buf);
  if (!asUtf8.includes('\uFFFD')) return asUtf8;
  return iconv.decode(buf, iconv.encodingExists(fileCharset) && !fileCharset.startsWith('utf') ? fileCharset : 'windows-1250');
}

/** TEXT unescaping: \n \N → line break, \, \; \\ → the character; other backslashes stay. */
export function unescapeText(s: string): string {
  if (s.indexOf('\\') < 0) return s;
  return s.replace(/\\([nN,;\\:])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

/** A structured value's parts (N, ADR, ORG): split on ';' not escaped, each part unescaped. */
function splitStructured(value: string): string[] {
  return splitUnescaped(value, ';').map(unescapeText);
}
function splitList(value: string): string[] {
  return splitUnescaped(value, ',').map(unescapeText);
}
function splitUnescaped(value: string, sep: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (let k = 0; k < value.length; k++) {
    if (value[k] === '\\') { k++; continue; }
    if (value[k] === sep) { out.push(value.slice(from, k)); from = k + 1; }
  }
  out.push(value.slice(from));
  return out;
}

/** '19800512' and '1980-05-12T00:00:00Z' → '1980-05-12'; 4.0's '--0512' (no year) as it is. */
function isoDay(v: string): string {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})(?:T.*)?$/.exec(v);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : v;
}
