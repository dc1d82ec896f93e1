// Turns what a person types into an FTS5 query: every word must match as a prefix, in any
// column. Diacritics and case are folded by the index's tokenizer (remove_diacritics 2), on the
// query side too, so "dvorak" finds Dvořák and "novák" finds Novak.
export function toFtsQuery(text: string): string | null {
  const words = text.normalize('NFC').split(/[^\p{L}\p{N}]+/u).filter(Boolean).slice(0, 12);
  if (words.length === 0) return null;
  // Only letters and digits remain, so quoting each word is enough to keep FTS syntax out.
  return words.map((w) => `"${w}"*`).join(' ');
}
