// vCards the way they arrive broken: line soups of real properties and fragments, unclosed and
// nested cards, bad quoted-printable, bad folding, random bytes after BEGIN:VCARD. The reader
// answers with a well-formed table or a ReadError (an unclosed card with its line) — nothing else.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SEED, readsOrRefuses } from './fuzz-support.ts';

const LINES = [
  'BEGIN:VCARD', 'END:VCARD', 'VERSION:2.1', 'VERSION:3.0', 'VERSION:4.0', 'FN:Jan Novák', 'N:Novák;Jan;;;', 'N:;;;;', 'N:\\', 'FN:\\',
  'N;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Nov=C3=A1k=', 'NOTE;QUOTED-PRINTABLE:=', 'NOTE;QUOTED-PRINTABLE:=Z=9', 'TITLE;CHARSET=nonsense;QUOTED-PRINTABLE:=C5=A0',
  ' folded', '\tfolded', ' ', '=', '=C5', 'item1.EMAIL;type=INTERNET:a@b.cz', 'item1.', '.EMAIL:x', 'TEL;TYPE="cell,voice:1', 'TEL;TYPE=:2', 'TEL;;;:3',
  'ADR;TYPE=work:;;;;;;;;;;', 'ADR:', 'ORG:A\\;B;C', 'CATEGORIES:a,b\\,c', 'PHOTO;ENCODING=b:AAAA', 'PHOTO;ENCODING=BASE64:', ' AAAA', 'AGENT:', ':', ';', '::::',
  'BDAY:--0512', 'BDAY:19800512', 'X-GENDER:M', 'GENDER:F', 'KIND:org', 'URL:https://x.cz', 'begin:vcard', 'end:vcard', 'BEGIN:VCALENDAR', 'Šťastný',
];
const EOLS = ['\r\n', '\n', '\r'];

const soup = fc.tuple(fc.array(fc.oneof(fc.constantFrom(...LINES), fc.string({ maxLength: 30 })), { maxLength: 60 }), fc.constantFrom(...EOLS))
  .map(([lines, eol]) => Buffer.from(lines.join(eol), 'utf8'));
/** Cards made of the fragments, most of them closed: the soup above rarely closes all it opens. */
const PROPS = LINES.filter((l) => !/^(begin|end):vcard$/i.test(l));
const cards = fc.tuple(
  fc.array(fc.tuple(fc.array(fc.oneof(fc.constantFrom(...PROPS), fc.string({ maxLength: 30 })), { maxLength: 12 }), fc.boolean(), fc.nat({ max: 9 })), { minLength: 1, maxLength: 5 }),
  fc.constantFrom(...EOLS),
).map(([list, eol]) => Buffer.from(list.map(([props, nested, open]) =>
  ['BEGIN:VCARD', ...props, ...(nested ? ['AGENT:', 'BEGIN:VCARD', 'FN:x', 'END:VCARD'] : []), ...(open === 0 ? [] : ['END:VCARD'])].join(eol)).join(eol), 'utf8'));
const garbageCard = fc.uint8Array({ maxLength: 1500 }).map((b) => Buffer.concat([Buffer.from('BEGIN:VCARD\r\n'), b]));

describe('vCard reader under malformed input', () => {
  it('never fails with anything but a ReadError (1000 inputs)', async () => {
    const outcomes = new Map<string, number>();
    await fc.assert(fc.asyncProperty(fc.oneof(soup, cards, garbageCard, fc.uint8Array({ maxLength: 1500 })), async (bytes) => {
      const outcome = await readsOrRefuses(bytes, 'fuzz.vcf');
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }), { numRuns: 1000, seed: SEED });
    expect(outcomes.get('read')).toBeGreaterThan(0);
    expect(outcomes.get('errors.import_vcard_unclosed')).toBeGreaterThan(0);
  });
});
