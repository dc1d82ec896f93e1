// Which character encoding a text file (CSV, a vCard 2.1) was written in, on its raw bytes.
//
// Order of evidence:
//  1. a byte-order mark (UTF-8, UTF-16 LE/BE) is the writer's own word;
//  2. UTF-16 without a mark shows as NUL bytes in every other position;
//  3. bytes that are valid UTF-8 and hold any non-ASCII sequence are UTF-8 — no single-byte
//     Czech, Hungarian or Russian text is valid UTF-8 by accident beyond a few characters, so
//     UTF-8 is preferred whenever the bytes allow it;
//  4. otherwise one of the four single-byte code pages our users' programs write: chardet ranks
//     them, but on short text it confuses Windows-1250 with ISO-8859-2 (Czech and Hungarian
//     letters share most positions) and Windows-1251 with KOI8-R (the same letters at other
//     positions, lower and upper case swapped), so the decision is a post-check (`scoreText`):
//     each candidate's decoding is scored by how Czech/Slovak/Hungarian/Polish or Russian its
//     non-ASCII characters look — frequent letters of those languages score, C1 control codes,
//     symbols inside words, a capital in the middle of a lowercase word and Latin and Cyrillic
//     letters in one word cost. chardet only breaks ties (when both decodings are identical,
//     e.g. Hungarian text that uses no letter the two Latin-2 pages place differently).
import chardet from 'chardet';
import iconv from 'iconv-lite';

export type EncodingName = 'utf-8' | 'utf-8-bom' | 'windows-1250' | 'iso-8859-2' | 'windows-1251' | 'koi8-r' | 'utf-16le' | 'utf-16be';
export interface EncodingGuess { name: EncodingName; confidence: number; candidates: { name: string; confidence: number }[] }

const SINGLE_BYTE = ['windows-1250', 'iso-8859-2', 'windows-1251', 'koi8-r'] as const;
type SingleByte = (typeof SINGLE_BYTE)[number];

/** How much of a big file the single-byte post-check reads: enough text for a clear verdict,
 * without decoding 60 MB four times. */
const SAMPLE_BYTES = 256 * 1024;

/** Bytes after the BOM and the name iconv-lite decodes them with. */
export function decodeWith(bytes: Uint8Array, name: EncodingName): string {
  switch (name) {
    case 'utf-8-bom': return utf8Decoder.decode(bytes.subarray(3));
    case 'utf-8': return utf8Decoder.decode(bytes);
    case 'utf-16le': return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'utf-16le', { stripBOM: true });
    case 'utf-16be': return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'utf-16be', { stripBOM: true });
    default: return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), name);
  }
}

const utf8Decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function strictUtf8OrNull(bytes: Uint8Array): string | null {
  try { return strictUtf8.decode(bytes); } catch { return null; }
}
const isValidUtf8 = (bytes: Uint8Array) => strictUtf8OrNull(bytes) !== null;
const hasBom = (b: Uint8Array) => (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) || (b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff);

/** The index of the first byte ≥ 0x80, or -1. */
function firstHighByte(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return i;
  return -1;
}

/** UTF-16 without a BOM: text in the Latin or Cyrillic ranges has a NUL as its high byte, so
 * NULs crowd the odd (LE) or even (BE) positions. */
function utf16Without(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return null;
  let evenNul = 0, oddNul = 0;
  for (let i = 0; i < n; i += 2) { if (bytes[i] === 0) evenNul++; if (bytes[i + 1] === 0) oddNul++; }
  const pairs = n / 2;
  if (oddNul > pairs * 0.4 && evenNul < pairs * 0.05) return 'utf-16le';
  if (evenNul > pairs * 0.4 && oddNul < pairs * 0.05) return 'utf-16be';
  return null;
}

export function detectEncoding(bytes: Uint8Array): EncodingGuess {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return sure('utf-8-bom');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return sure('utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return sure('utf-16be');
  const wide = utf16Without(bytes);
  if (wide) return sure(wide, 90);
  if (firstHighByte(bytes) < 0) return sure('utf-8', 100); // ASCII reads the same in every candidate
  if (isValidUtf8(bytes)) return sure('utf-8', 100);
  // The sample starts a little before the first non-ASCII byte: a long English or numeric start
  // (ids, phones) would otherwise leave nothing to tell the code pages apart by.
  const from = Math.max(0, firstHighByte(bytes) - 1024);
  return singleByte(bytes.subarray(from, from + SAMPLE_BYTES));
}

function sure(name: EncodingName, confidence = 100): EncodingGuess {
  return { name, confidence, candidates: [{ name, confidence }] };
}

const CHARDET_NAMES: Record<string, SingleByte> = {
  'windows-1250': 'windows-1250', 'ISO-8859-2': 'iso-8859-2', 'windows-1251': 'windows-1251', 'KOI8-R': 'koi8-r',
};

function singleByte(sample: Uint8Array): EncodingGuess {
  const chardetRank = new Map<SingleByte, number>();
  for (const m of chardet.analyse(sample)) {
    const ours = CHARDET_NAMES[m.name];
    if (ours && !chardetRank.has(ours)) chardetRank.set(ours, m.confidence);
  }
  const buf = Buffer.from(sample.buffer, sample.byteOffset, sample.byteLength);
  const scored = SINGLE_BYTE.map((name) => {
    const text = iconv.decode(buf, name);
    return { name, text, score: scoreText(text), chardet: chardetRank.get(name) ?? 0 };
  });
  // Best score first; equal scores (identical decodings) by chardet's confidence.
  scored.sort((a, b) => b.score - a.score || b.chardet - a.chardet);
  const best = scored[0]!;
  const highChars = countHigh(best.text) || 1;
  // Confidence: the lead over the runner-up per non-ASCII character, squashed to 0–100. When
  // the runner-up decodes to the very same text the choice does not matter: full confidence.
  const confidenceOf = (s: (typeof scored)[number]) => {
    if (s === best) {
      const second = scored[1]!;
      if (second.text === best.text) return 100;
      const lead = (best.score - second.score) / highChars;
      return Math.round(100 * (1 - Math.exp(-2 * Math.max(0, lead))));
    }
    if (s.text === best.text) return 100;
    const behind = (best.score - s.score) / highChars;
    return Math.round(100 * Math.exp(-2 * Math.max(0, behind)) * 0.5);
  };
  const candidates = scored.map((s) => ({ name: s.name, confidence: confidenceOf(s) }));
  return { name: best.name, confidence: candidates[0]!.confidence, candidates };
}

function countHigh(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) n++;
  return n;
}

// Weights of the non-ASCII letters of the languages our users write (lower case). Czech and
// Slovak, Hungarian, Polish, German; then Russian by frequency (о е а и н т с … ъ ё). Frequent
// letters 3, usual 2, rare 1; a letter missing here (â î in "Čâŕíîâ", Russian read as 1250) -2.
const LETTER_WEIGHT: Record<string, number> = {};
const weigh = (letters: string, w: number) => { for (const ch of letters) LETTER_WEIGHT[ch] = w; };
weigh('áéíóúýčďěňřšťžůöőüű', 3); // cs, hu
weigh('äľĺôŕąęłńśźżćß', 1); //        sk, pl, de: fewer of our users, and each lies where a cs letter could
weigh('оеаинтсрвлкмдпу', 3);
weigh('яыьгзбчйхжшю', 2);
weigh('цщэфъё', 1);

const isLetter = (ch: string) => ch.toLowerCase() !== ch.toUpperCase();
const isUpper = (ch: string) => ch !== ch.toLowerCase();
const isCyrillic = (code: number) => code >= 0x400 && code <= 0x4ff;

/** How plausible a decoding is; only characters outside ASCII count (ASCII reads the same in
 * every candidate). Higher is better. */
export function scoreText(text: string): number {
  let score = 0;
  let prev = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const ch = text[i]!;
    if (code < 0x80) { prev = ch; continue; }
    if ((code >= 0x80 && code <= 0x9f) || code === 0xfffd) {
      score -= 10; // C1 control codes: no text has them; ISO-8859-2 shows Windows-1250's š ž Š Ž so
    } else if (isLetter(ch)) {
      score += LETTER_WEIGHT[ch.toLowerCase()] ?? -2;
      if (prev && isLetter(prev)) {
        // A capital after a small letter inside a word: KOI8-R read as 1251 (and back) swaps case.
        if (isUpper(ch) && !isUpper(prev)) score -= 2;
        // One word in two alphabets: Czech read as a Cyrillic page, or Russian as a Latin one.
        const prevCyr = isCyrillic(prev.charCodeAt(0));
        if (prevCyr !== isCyrillic(code) && (prevCyr || prev.charCodeAt(0) >= 0x41)) score -= 3;
      }
    } else {
      // A symbol (© ® « » ¤ box drawing…) touching a letter is a letter read in the wrong page.
      const next = text[i + 1] ?? '';
      score -= (prev && isLetter(prev)) || (next && isLetter(next)) ? 3 : 0.5;
    }
    prev = ch;
  }
  return score;
}

/** A text file's bytes as text: in the encoding the user chose, else the one detected; a BOM
 * under a chosen encoding is dropped. */
export function decodeText(bytes: Uint8Array, chosen?: EncodingName): { text: string; encoding: EncodingGuess } {
  if (!chosen && !hasBom(bytes)) {
    // Most files are UTF-8: the strict decoding that proves it is the text (one pass, not two).
    const strict = strictUtf8OrNull(bytes);
    if (strict !== null && !utf16Without(bytes)) return { text: strict, encoding: sure('utf-8', 100) };
  }
  const encoding: EncodingGuess = chosen ? sure(chosen) : detectEncoding(bytes);
  const text = decodeWith(bytes, encoding.name);
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, encoding };
}
