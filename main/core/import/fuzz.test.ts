// Generated malformed tables (fast-check). Through the normalisation and validation layer, 1500
// of them: no crash, and every problem names its line and a column the mapping gave that target
// (or none, for a problem of the whole row). Through a real database, 50 more, run as imports:
// either the whole import is written or nothing is — never half of it — and the search index
// holds exactly the live firms either way.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_KINDS, IMPORT_TARGETS, type ImportMapping, type ImportTarget } from '../../../shared/import-targets.ts';
import { openTestCore, type TestCore } from '../test-helpers.ts';
import { columnsOf, normalizeRow, type Lookups } from './normalize.ts';

const LOOKUPS: Lookups = {
  codes: { industry: new Map([['stavebnictvi', 'i1']]), firm_source: new Map(), person_role: new Map([['rozhoduje', 'r1']]), contact_kind: new Map([['call', 'k1'], ['telefonat', 'k1']]), contact_result: new Map() },
  defaultContactKind: '00000000-0000-7000-8000-00000000000a',
  users: new Map([['eva testova', '00000000-0000-7000-8000-00000000000b']]),
  fields: new Map([['f1', { id: 'f1', entity: 'firm', label: 'Počet', type: 'number', hasOptions: false, options: [], optionLabel: new Map() }],
    ['f2', { id: 'f2', entity: 'person', label: 'Narozen', type: 'date', hasOptions: false, options: [], optionLabel: new Map() }]]),
  me: '00000000-0000-7000-8000-00000000000b',
};

/** Cells as files hold them: empty, spaces, ids right and wrong, dates, e-mails, junk, long text. */
const cell = fc.oneof(
  fc.constant(''), fc.constant('   '), fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('25596641', '12345678', '7707083893', 'CZ25596641', '10537914-4-44', 'x@y.cz', 'not@', 'ano', 'ne', 'igen', '1. 2. 2026', '2026-02-30', '31/12/1999',
    'Ing. Jan Novák, Ph.D.', 'Иванов Иван Петрович', 'CZ', 'Magyarország', 'Telefonát', 'Eva Testová', '+420 777 123 456', 'a;b;,c', '=cmd|calc'),
  fc.string({ minLength: 200, maxLength: 600 }),
);
const target = fc.constantFrom<ImportTarget>(...IMPORT_TARGETS, 'field:f1', 'field:f2', 'field:missing');

describe('fuzzed imports', () => {
  it('normalises 1500 generated malformed tables without a crash, every problem by line and field', () => {
    fc.assert(fc.property(
      fc.constantFrom(...IMPORT_KINDS),
      fc.array(fc.option(target, { nil: null }), { minLength: 1, maxLength: 10 }),
      fc.array(fc.array(cell, { maxLength: 12 }), { minLength: 1, maxLength: 6 }),
      (kind, targets, rows) => {
        const mapping: ImportMapping = Object.fromEntries(targets.map((t, i) => [i, t]));
        const columns = columnsOf(mapping);
        rows.forEach((cells, i) => {
          const line = i + 2;
          const r = normalizeRow(kind, columns, line, cells, LOOKUPS);
          expect(r.normalized.length).toBe(cells.length);
          for (const issue of r.issues) {
            expect(issue.line).toBe(line);
            expect(issue.messageKey).toMatch(/^errors\.[a-z_]+$/);
            if (issue.column === null) continue;
            expect(mapping[issue.column], JSON.stringify(issue)).toBe(issue.target);
          }
          // A row with no problem has what its kind writes.
          if (r.issues.length === 0) {
            if (kind === 'firms') expect(r.firm?.name).toBeTruthy();
            if (kind === 'people') expect(r.person?.lastName).toBeTruthy();
            if (kind === 'contacts') expect(r.contact?.summary).toBeTruthy();
          }
        });
      },
    ), { numRuns: 1500, seed: 20261207 });
  });

  describe('through a real database', () => {
    let t: TestCore;
    beforeAll(async () => { t = await openTestCore(); });
    afterAll(async () => { await t.close(); });

    const csvCell = (v: string) => `"${v.replace(/\r?\n|\r/g, ' ').replace(/"/g, '""')}"`;
    const FIRM_TARGETS: ImportTarget[] = ['firm.name', 'firm.ico', 'firm.email', 'firm.phone', 'address.city', 'address.postalCode', 'tags', 'segment', 'firm.isCustomer', 'field:none'];

    it('writes a whole import or nothing of it, 50 generated files', async () => {
      const q = (s: string) => (t.open.sqlite.prepare(s).get() as { n: number }).n;
      const state = () => ({
        firms: q(`SELECT count(*) AS n FROM firms`), changes: q(`SELECT count(*) AS n FROM import_changes`), imports: q(`SELECT count(*) AS n FROM imports`),
        members: q(`SELECT count(*) AS n FROM segment_members`), channels: q(`SELECT count(*) AS n FROM channels`),
      });
      let runs = 0;
      let imported = 0;
      await fc.assert(fc.asyncProperty(
        fc.array(fc.constantFrom(...FIRM_TARGETS), { minLength: 2, maxLength: 6 }),
        fc.array(fc.array(fc.oneof(cell.filter((c) => c.length < 100), fc.constantFrom('Firma A', 'Firma B s.r.o.', 'FIRMA A')), { minLength: 6, maxLength: 6 }), { minLength: 1, maxLength: 15 }),
        fc.constantFrom('create', 'update', 'both') as fc.Arbitrary<'create' | 'update' | 'both'>,
        fc.boolean(),
        async (targets, rows, mode, skipInvalid) => {
          runs++;
          const headers = targets.map((_, i) => `c${i}`);
          const text = [headers.join(';'), ...rows.map((r) => targets.map((_, i) => csvCell(r[i] ?? '')).join(';'))].join('\n');
          const stagedEnv = (await t.core.dispatch('imports.stage', { fileName: 'f.csv', kind: 'firms', content: Buffer.from(text).toString('base64'), options: { delimiter: ';', encoding: 'utf-8' } })).envelope;
          // A file the reader refuses (control characters: not text) is refused with a reason.
          if (!stagedEnv.ok) { expect(stagedEnv.error.messageKey).toMatch(/^errors\./); return; }
          const staged = stagedEnv.value as { token: string };
          imported++;
          const mapping: ImportMapping = Object.fromEntries(targets.map((x, i) => [i, x === 'field:none' ? null : x]));
          const before = state();
          const { envelope } = await t.core.dispatch('imports.run', { token: staged.token, fileName: 'f.csv', kind: 'firms', mapping, mode, skipInvalid, options: { delimiter: ';', encoding: 'utf-8' } });
          const after = state();
          if (!envelope.ok) {
            expect(envelope.error.messageKey).toMatch(/^errors\./);
            expect(after).toEqual(before);
          } else {
            const r = envelope.value as { counts: { created: number; rows: number; invalid: number; updated: number; unchanged: number; skipped: number; duplicate: number } };
            const c = r.counts;
            expect(c.created + c.updated + c.unchanged + c.skipped + c.duplicate + c.invalid).toBe(c.rows);
            expect(after.firms - before.firms).toBe(c.created);
            expect(after.imports - before.imports).toBe(1);
            expect(q(`SELECT count(*) AS n FROM import_changes WHERE tbl = 'firms' AND op = 'insert'`)).toBe(q(`SELECT count(*) AS n FROM firms`));
          }
          expect(q(`SELECT count(*) AS n FROM firm_search`)).toBe(q(`SELECT count(*) AS n FROM firms WHERE deleted_at IS NULL`));
        },
      ), { numRuns: 50, seed: 7 });
      expect(runs).toBe(50);
      // Most files are read and run (the rest are refused as not text, also checked above).
      expect(imported).toBeGreaterThanOrEqual(35);
    }, 120_000);
  });
});
