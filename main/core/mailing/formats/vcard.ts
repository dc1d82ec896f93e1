// vCard 3.0 (RFC 2426) and 4.0 (RFC 6350): one .vcf holding every row, UTF-8, CRLF, folded at 75 octets.
import type { Cell, ColumnSpec } from './index.ts';
import { endStream, writeUtf8Rows, type Rows } from './sink.ts';
import { cellText } from './text.ts';

export interface VcardInput {
  columns: ColumnSpec[];
  rows: Rows;
}

const CRLF = '\r\n';
const MAX_OCTETS = 75;

/**
 * TEXT escaping: backslash, comma and line breaks always; the semicolon only inside structured
 * values (N, ADR, ORG), where it separates components — RFC 6350 does not allow "\;" in a plain
 * text value (FN, TITLE…), and RFC 2426 only requires it in structured ones.
 */
export function escapeText(s: string, structured = false): string {
  return s.replace(structured ? /[\\,;]/g : /[\\,]/g, '\\$&').replace(/\r\n|\r|\n/g, '\\n');
}
const escapeComponent = (s: string) => escapeText(s, true);

function utf8Len(cp: number): number {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/**
 * Folds a content line to at most 75 octets per physical line (continuations start with one space,
 * which counts). Counts UTF-8 bytes and only breaks between code points, so a multi-byte character
 * is never split.
 */
export function foldLine(lineText: string): string {
  if (lineText.length <= MAX_OCTETS / 4 || Buffer.byteLength(lineText, 'utf8') <= MAX_OCTETS) return lineText + CRLF;
  let out = '';
  let current = '';
  let octets = 0;
  let limit = MAX_OCTETS;
  for (const ch of lineText) {
    const n = utf8Len(ch.codePointAt(0)!);
    if (octets + n > limit) {
      out += current + CRLF + ' ';
      current = '';
      octets = 0;
      limit = MAX_OCTETS - 1;
    }
    current += ch;
    octets += n;
  }
  return out + current + CRLF;
}

type Get = (key: string) => string;

function card(get: Get, version: '3.0' | '4.0'): string {
  const v4 = version === '4.0';
  const type = (t: string) => (v4 ? `TYPE=${t.toLowerCase()}` : `TYPE=${t.toUpperCase()}`);
  const lines: string[] = ['BEGIN:VCARD', `VERSION:${version}`];

  const first = get('firstName'), last = get('lastName');
  const before = get('titleBefore'), after = get('titleAfter');
  const firm = get('firmName');
  const hasPerson = Boolean(first || last);
  const personFn = [before, first, last].filter(Boolean).join(' ') + (after ? `, ${after}` : '');
  const [email1, email2] = pair(get('email'), get('firmEmail'));
  const [phone1, phone2] = pair(get('phone'), get('firmPhone'));

  // A row without a person (firm recipients) is the firm's own card.
  if (v4 && !hasPerson && firm) lines.push('KIND:org');
  const fn = hasPerson ? personFn : firm || email1 || phone1 || '-';
  lines.push(`FN:${escapeText(fn)}`);
  if (hasPerson) {
    lines.push(`N:${[last, first, '', before, after].map(escapeComponent).join(';')}`);
  } else if (!v4) {
    lines.push('N:;;;;'); // required in 3.0
  }
  if (firm) lines.push(`ORG:${escapeComponent(firm)}`);
  const job = get('jobTitle');
  if (job) lines.push(`TITLE:${escapeText(job)}`);
  if (email1) lines.push(`EMAIL;${type('work')}${v4 ? ';PREF=1' : ',INTERNET,PREF'}:${escapeText(email1)}`);
  if (email2) lines.push(`EMAIL;${type('work')}${v4 ? '' : ',INTERNET'}:${escapeText(email2)}`);
  // 4.0: TEL may be a tel: URI or text; the number is kept as the user typed it, so VALUE=text.
  if (phone1) lines.push(`TEL;${v4 ? 'VALUE=text;' : ''}${type('work')}${v4 ? ',voice;PREF=1' : ',VOICE,PREF'}:${escapeText(phone1)}`);
  if (phone2) lines.push(`TEL;${v4 ? 'VALUE=text;' : ''}${type('work')}${v4 ? ',voice' : ',VOICE'}:${escapeText(phone2)}`);
  const street = get('street'), city = get('city'), postal = get('postalCode'), country = get('country');
  if (street || city || postal || country) {
    // ADR: PO box; extended; street; locality; region; postal code; country
    lines.push(`ADR;${type('work')}:${['', '', street, city, '', postal, country].map(escapeComponent).join(';')}`);
  }
  const url = get('website');
  // URL is a URI value (RFC 6350 §6.7.8, RFC 2426 §3.6.8): not TEXT-escaped, kept on one line, and
  // a URI has a scheme — "www.firma.cz" as people type it becomes "https://www.firma.cz".
  if (url) lines.push(`URL:${withScheme(url.replace(/[\r\n]+/g, '').trim())}`);
  lines.push('END:VCARD');
  let s = '';
  for (const l of lines) s += foldLine(l);
  return s;
}

/** "www.firma.cz" → "https://www.firma.cz"; a value with a scheme ("http:", "mailto:") stays. */
export function withScheme(url: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(url) || url === '' ? url : `https://${url.replace(/^\/+/, '')}`;
}

function pair(own: string, firm: string): [string, string] {
  if (!own) return [firm, ''];
  return [own, firm && firm !== own ? firm : ''];
}

export async function writeVcard(input: VcardInput, out: NodeJS.WritableStream, version: '3.0' | '4.0'): Promise<void> {
  const index = new Map<string, number>();
  input.columns.forEach((c, i) => { if (!index.has(c.key)) index.set(c.key, i); });
  let row: Cell[] = [];
  const get: Get = (key) => {
    const i = index.get(key);
    return i === undefined ? '' : cellText(row[i] ?? null, false);
  };
  await writeUtf8Rows(out, '', input.rows, (r) => {
    row = r;
    return card(get, version);
  });
  await endStream(out);
}
