// CSV the way it arrives broken: random bytes, and soups of quotes, delimiters, line ends, BOMs,
// NULs and letters in any of the encodings we read. The reader answers with a well-formed table
// or a ReadError naming the line — never anything else.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { SEED, readsOrRefuses } from './fuzz-support.ts';

const PIECES = ['"', '""', ';', ',', '\t', '|', '\r', '\n', '\r\n', ' ', 'a', 'Jméno', 'Šťastný', 'Ödön', 'Иванов', 'ёж', '\u0000', '\uFEFF', '=', '€', '\u2028'];
const ENCODINGS = ['utf8', 'win1250', 'iso-8859-2', 'win1251', 'koi8-r', 'utf-16le', 'utf-16be'] as const;

const soup = fc.tuple(fc.array(fc.constantFrom(...PIECES), { maxLength: 300 }), fc.constantFrom(...ENCODINGS))
  .map(([pieces, enc]) => iconv.encode(pieces.join(''), enc));
/** A well-formed file with one thing broken in it: an unclosed quote, a stray quote, a cut. */
const nearlyValid = fc.tuple(
  fc.array(fc.array(fc.string({ maxLength: 12 }), { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 20 }),
  fc.constantFrom(';', ',', '\t'),
  fc.nat(),
  fc.constantFrom('cut', 'quote', 'none'),
).map(([rows, d, at, how]) => {
  const text = rows.map((r) => r.map((c) => (/["\r\n;,\t]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(d)).join('\r\n');
  const k = text.length ? at % text.length : 0;
  return Buffer.from(how === 'cut' ? text.slice(0, k) : how === 'quote' ? `${text.slice(0, k)}"${text.slice(k)}` : text, 'utf8');
});

describe('CSV reader under malformed input', () => {
  it('never fails with anything but a ReadError (1000 inputs)', async () => {
    const outcomes = new Map<string, number>();
    await fc.assert(fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 3000 }), soup, nearlyValid), async (bytes) => {
      const outcome = await readsOrRefuses(bytes, 'fuzz.csv');
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }), { numRuns: 1000, seed: SEED });
    expect(outcomes.get('read')).toBeGreaterThan(0);
    expect(outcomes.get('errors.import_unclosed_quote')).toBeGreaterThan(0);
  });
});
