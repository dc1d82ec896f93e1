// Turns what a person types into an FTS5 query: every word must match as a prefix, in any
// column. Diacritics and case are folded by the index's tokenizer (remove_diacritics 2), on the
// query side too, so "dvorak" finds Dvořák and "novák" finds Novak.
export function toFtsQuery(text: string): string | null {
  const phone = phoneQuery(text);
  if (phone) return phone;
  const words = text.normalize('NFC').split(/[^\p{L}\p{N}]+/u).filter(Boolean).slice(0, 12);
  if (words.length === 0) return null;
  // Only letters and digits remain, so quoting each word is enough to keep FTS syntax out.
  return words.map((w) => `"${w}"*`).join(' ');
}

/** A phone-like query: digits and what people write between them, at least 6 digits. */
const PHONE_LIKE = /^[\d\s+\-()/.\u00a0]+$/;

/** A phone number however it is typed ("576880700", "+420 576 880 700", "06 1 234 5678",
 * "8 (495) 123-45-67") as a search of its digits. The search row holds each number's digits and
 * those digits without their first 1–3 (migration 0011: a country code or a trunk prefix gone),
 * so the typed digits, leading "+"/"00" dropped, meet one of them as a prefix. A number typed
 * with a country code ("+36…", "0036…") or a trunk prefix ("06…", "8…") may be stored the other
 * way round: then the digits without their first 1–3 are tried too (never fewer than 6 left). */
export function phoneQuery(text: string): string | null {
  const t = text.trim();
  if (!PHONE_LIKE.test(t)) return null;
  const all = t.replace(/\D/g, '');
  if (all.length < 6) return null;
  // "00" only before a whole international number: an 8-digit IČO may start with zeros too.
  const international = t.startsWith('+') || (t.startsWith('00') && all.length >= 11);
  const digits = international ? all.replace(/^00/, '') : all;
  const dropped = international ? [1, 2, 3] : /^[08]/.test(digits) && digits.length >= 9 ? [1, 2] : [];
  const tries = [...new Set([all, digits, ...dropped.map((n) => digits.slice(n)).filter((d) => d.length >= 6)])];
  return tries.length === 1 ? `"${all}"*` : `(${tries.map((d) => `"${d}"*`).join(' OR ')})`;
}
