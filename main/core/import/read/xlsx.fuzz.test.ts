// Workbooks broken every way a download, a disk or another program breaks them: random bytes,
// a valid workbook cut short or with bytes flipped, valid zips with broken or missing XML inside.
// The reader answers with a table or a ReadError — never anything else, never a hang.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSource } from './index.ts';
import { SEED, XLSX_PARTS, readsOrRefuses, zipStored } from './fuzz-support.ts';

const valid = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'samples', 'workbook.xlsx'));
const minimal = zipStored(XLSX_PARTS);

/** Breaks one XML text: cut, a tag's bracket removed, random text spliced in, an entity broken. */
const brokenXml = (xml: string) => fc.oneof(
  fc.nat({ max: xml.length }).map((n) => xml.slice(0, n)),
  fc.nat({ max: xml.length - 1 }).map((n) => xml.slice(0, n) + xml.slice(n + 1)),
  fc.tuple(fc.nat({ max: xml.length }), fc.string({ maxLength: 20, unit: fc.constantFrom('<', '>', '/', '"', '&', '=', 'r', 'c', 'v', 't', '1', 'A', ' ', 'Š', '\u0000', '&#0;', '<c r="ZZZ999999">', '<v>1e999</v>', '<row r="-1">') })).map(([n, s]) => xml.slice(0, n) + s + xml.slice(n)),
  fc.constant(''),
  fc.constant('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><x>&b;</x>'),
);

const parts = Object.keys(XLSX_PARTS);
const brokenZip = fc.constantFrom(...parts).chain((part) => fc.oneof(
  brokenXml(XLSX_PARTS[part]!).map((xml) => zipStored({ ...XLSX_PARTS, [part]: xml })),
  fc.constant(zipStored(Object.fromEntries(Object.entries(XLSX_PARTS).filter(([name]) => name !== part)))),
));

const malformed = fc.oneof(
  fc.uint8Array({ maxLength: 2000 }),
  fc.nat({ max: valid.length - 1 }).map((n) => valid.subarray(0, n)),
  fc.array(fc.tuple(fc.nat({ max: valid.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }).map((flips) => {
    const b = Buffer.from(valid);
    for (const [at, byte] of flips) b[at] = byte;
    return b;
  }),
  fc.nat({ max: minimal.length - 1 }).map((n) => minimal.subarray(0, n)),
  brokenZip,
);

describe('XLSX reader under malformed input', () => {
  it('reads the minimal workbook the fuzzing starts from', async () => {
    const t = await readSource(minimal, 'a.xlsx');
    expect([t.headers, t.rows]).toEqual([['Firma', 'IČO'], [{ line: 2, cells: ['Šťastný s.r.o.', '25596641'] }]]);
  });

  it('never fails with anything but a ReadError (1000 inputs)', async () => {
    const outcomes = new Map<string, number>();
    await fc.assert(fc.asyncProperty(malformed, async (bytes) => {
      const outcome = await readsOrRefuses(bytes, 'fuzz.xlsx');
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }), { numRuns: 1000, seed: SEED });
    // Both ways out were taken: the inputs were not all refused at the door.
    expect(outcomes.get('errors.import_xlsx_unreadable')).toBeGreaterThan(0);
    expect(outcomes.get('read')).toBeGreaterThan(0);
  });
});
