import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestCore, type TestCore } from '../test-helpers.ts';
import type { Input } from '../../../shared/contract.ts';

let t: TestCore;
let clock: number;
let firmId: string;
/** Sunday 15 March 2026, 10:00 UTC. */
const T0 = Date.UTC(2026, 2, 15, 10, 0);
const TODAY = '2026-03-15';

beforeEach(async () => {
  clock = T0;
  t = await openTestCore({ now: () => clock });
  firmId = (await t.call('firms.create', { name: 'Žluťoučký kůň s.r.o.', kinds: ['customer'], ico: '00216208' })).id;
});
afterEach(async () => { await t.close(); });

const sale = (extra: Partial<Input<'sales.create'>> = {}): Input<'sales.create'> => ({
  firmId, kind: 'order', date: '2026-03-10', amount: 1_250_050, currency: 'CZK', product: 'Lis', ...extra,
});
const salesRows = () => t.open.sqlite.prepare(
  'SELECT firm_id, kind, source, date, amount, currency, product, document_no, import_id FROM sales WHERE deleted_at IS NULL ORDER BY document_no').all() as
  { firm_id: string; kind: string; source: string; date: string; amount: number; currency: string; product: string; document_no: string | null; import_id: string | null }[];

describe('sales.create, sales.list, sales.delete', () => {
  it('records orders and contracts typed in, lists them newest first, filters by kind and deletes softly', async () => {
    const a = (await t.call('sales.create', sale({ date: '2026-01-05', documentNo: 'OBJ-1' }))).id;
    clock += 1000;
    const b = (await t.call('sales.create', sale({ kind: 'contract', date: '2026-03-01', amount: 500, currency: 'EUR', note: 'rámcová smlouva' }))).id;
    clock += 1000;
    const c = (await t.call('sales.create', sale({ date: '2026-03-01', documentNo: '  ' }))).id;
    const other = (await t.call('firms.create', { name: 'Jiná firma', kinds: ['customer'] })).id;
    await t.call('sales.create', sale({ firmId: other }));

    const list = await t.call('sales.list', { firmId });
    expect(list.map((s) => s.id)).toEqual([c, b, a]);
    expect(list[2]).toMatchObject({
      firmId, kind: 'order', source: 'manual', date: '2026-01-05', amount: 1_250_050, currency: 'CZK', product: 'Lis',
      documentNo: 'OBJ-1', opportunityId: null, note: '', createdAt: T0,
    });
    expect(list[0]!.documentNo).toBeNull();
    expect((await t.call('sales.list', { firmId, kind: 'contract' })).map((s) => s.id)).toEqual([b]);
    expect((await t.call('sales.list', { firmId, limit: 1 })).map((s) => s.id)).toEqual([c]);

    await t.call('sales.delete', { id: b });
    expect((await t.call('sales.list', { firmId })).map((s) => s.id)).toEqual([c, a]);
    expect(t.count('sales')).toBe(4); // a tombstone, not a hard delete
    expect(await t.fail('sales.delete', { id: b })).toMatchObject({ code: 'not_found' });
  });

  it('refuses a taken document number, an impossible date and an unknown firm as field errors', async () => {
    await t.call('sales.create', sale({ documentNo: 'F-1' }));
    expect(await t.fail('sales.create', sale({ documentNo: 'F-1' }))).toMatchObject({ code: 'validation', field: 'documentNo', messageKey: 'errors.document_taken' });
    expect(await t.fail('sales.create', sale({ date: '2026-02-30' }))).toMatchObject({ field: 'date', messageKey: 'errors.date' });
    expect(await t.fail('sales.create', sale({ firmId: '00000000-0000-7000-8000-000000000999' }))).toMatchObject({ field: 'firmId', messageKey: 'errors.unknown_ref' });
    expect(await t.fail('sales.create', sale({ amount: 1.5 }))).toMatchObject({ field: 'amount', messageKey: 'errors.amount' });
    expect(await t.fail('sales.create', sale({ currency: 'XYZ' as never }))).toMatchObject({ field: 'currency', messageKey: 'errors.currency' });
    // A deleted sale frees its number (the accounting import may bring it back).
    const [first] = await t.call('sales.list', { firmId });
    await t.call('sales.delete', { id: first!.id });
    await t.call('sales.create', sale({ documentNo: 'F-1' }));
    expect(salesRows().filter((r) => r.document_no === 'F-1')).toHaveLength(1);
  });
});

describe('sales.summary', () => {
  it('sums per year and month per currency and compares year and month to date with the same days before', async () => {
    const add = (date: string, amount: number, currency: 'CZK' | 'EUR' = 'CZK') => t.call('sales.create', sale({ date, amount, currency }));
    await add('2026-03-10', 100_000);
    await add('2026-03-16', 50_000); // later this month: in the month, not in "so far"
    await add('2026-02-14', 40_000);
    await add('2026-02-20', 7_000); // after the 15th of February: not in the month-to-date comparison
    await add('2026-01-05', 20_000, 'EUR');
    await add('2025-03-15', 80_000); // the same day last year: counted
    await add('2025-03-16', 999); // one day later: not
    await add('2024-06-01', 12_345);
    await add('2024-03-01', 1); // 25 months back: in the year, not in the 24 months
    const gone = (await add('2026-03-11', 1_000_000)).id;
    await t.call('sales.delete', { id: gone });
    const other = (await t.call('firms.create', { name: 'Jiná firma', kinds: ['customer'] })).id;
    await t.call('sales.create', sale({ firmId: other, date: '2026-03-12', amount: 777 }));

    const s = await t.call('sales.summary', { firmId, today: TODAY });
    expect(s.years).toEqual([
      { period: '2026', totals: [{ currency: 'CZK', amount: 197_000 }, { currency: 'EUR', amount: 20_000 }] },
      { period: '2025', totals: [{ currency: 'CZK', amount: 80_999 }] },
      { period: '2024', totals: [{ currency: 'CZK', amount: 12_346 }] },
    ]);
    expect(s.months).toHaveLength(24);
    expect(s.months[0]).toEqual({ period: '2026-03', totals: [{ currency: 'CZK', amount: 150_000 }] });
    expect(s.months[1]).toEqual({ period: '2026-02', totals: [{ currency: 'CZK', amount: 47_000 }] });
    expect(s.months[2]).toEqual({ period: '2026-01', totals: [{ currency: 'EUR', amount: 20_000 }] });
    expect(s.months[3]).toEqual({ period: '2025-12', totals: [] });
    expect(s.months[12]).toEqual({ period: '2025-03', totals: [{ currency: 'CZK', amount: 80_999 }] });
    expect(s.months[21]).toEqual({ period: '2024-06', totals: [{ currency: 'CZK', amount: 12_345 }] });
    expect(s.months[23]!.period).toBe('2024-04');
    expect(s.yearToDate).toEqual([
      { currency: 'CZK', current: 147_000, previous: 80_000, ratio: 147_000 / 80_000 - 1 },
      { currency: 'EUR', current: 20_000, previous: 0, ratio: null },
    ]);
    expect(s.monthToDate).toEqual([{ currency: 'CZK', current: 100_000, previous: 40_000, ratio: 1.5 }]);
  });

  it('is empty for a firm without sales and refuses an impossible today', async () => {
    const s = await t.call('sales.summary', { firmId, today: TODAY });
    expect(s.years).toEqual([]);
    expect(s.months.map((m) => m.totals)).toEqual(Array(24).fill([]));
    expect(s.yearToDate).toEqual([]);
    expect(s.monthToDate).toEqual([]);
    expect(await t.fail('sales.summary', { firmId, today: '2026-13-01' })).toMatchObject({ field: 'today', messageKey: 'errors.date' });
  });
});

describe('sales.import', () => {
  let novakId: string;
  let dvorakId: string;
  beforeEach(async () => {
    novakId = (await t.call('firms.create', { name: 'Novák Strojírny s.r.o.', kinds: ['customer'], ico: '25596641' })).id;
    dvorakId = (await t.call('firms.create', { name: 'Kovárna Dvořák', kinds: ['customer'] })).id;
  });

  // Czech Excel: a BOM, `;`, CRLF, decimal commas, spaces as thousands separators.
  const CZECH = '\uFEFFDatum;Firma;Částka;Měna;Produkt;Číslo dokladu\r\n'
    + '2026-03-01;00216208;12 500,50;CZK;Lis;F2026-001\r\n'
    + '15.3.2026;216208;"1 000,00";Kč;Servis;F2026-002\r\n'
    + '2026.02.10.;kovarna DVORAK;-300,00;EUR;Dobropis;F2026-003\r\n'
    + '2026-01-20;NOVÁK STROJÍRNY S.R.O.;1.250,5;czk;;F2026-004\r\n'
    + '\r\n';
  const run = (content: string, dryRun = false, fileName = 'faktury-2026.csv') => t.call('sales.import', { fileName, content, dryRun });
  const imports = () => t.open.sqlite.prepare('SELECT file_name, user_id, lines, added, skipped, created_at FROM sales_imports').all();

  it('imports a Czech export: IČO with and without its leading zeros, names without case or diacritics', async () => {
    const preview = await run(CZECH, true);
    expect(preview).toEqual({ lines: 4, added: 4, skipped: 0, errors: [], importId: null });
    expect(t.count('sales')).toBe(0);
    expect(t.count('sales_imports')).toBe(0);

    const res = await run(CZECH);
    expect(res).toMatchObject({ lines: 4, added: 4, skipped: 0, errors: [] });
    expect(res.importId).toMatch(/^[0-9a-f-]{36}$/);
    expect(salesRows()).toEqual([
      { firm_id: firmId, kind: 'invoice', source: 'import', date: '2026-03-01', amount: 1_250_050, currency: 'CZK', product: 'Lis', document_no: 'F2026-001', import_id: res.importId },
      { firm_id: firmId, kind: 'invoice', source: 'import', date: '2026-03-15', amount: 100_000, currency: 'CZK', product: 'Servis', document_no: 'F2026-002', import_id: res.importId },
      { firm_id: dvorakId, kind: 'invoice', source: 'import', date: '2026-02-10', amount: -30_000, currency: 'EUR', product: 'Dobropis', document_no: 'F2026-003', import_id: res.importId },
      { firm_id: novakId, kind: 'invoice', source: 'import', date: '2026-01-20', amount: 125_050, currency: 'CZK', product: '', document_no: 'F2026-004', import_id: res.importId },
    ]);
    expect(imports()).toEqual([{ file_name: 'faktury-2026.csv', user_id: t.open.localUserId, lines: 4, added: 4, skipped: 0, created_at: T0 }]);
    // The card sees it.
    const s = await t.call('sales.summary', { firmId, today: TODAY });
    expect(s.monthToDate).toEqual([{ currency: 'CZK', current: 1_350_050, previous: 0, ratio: null }]);
  });

  it('adds nothing when the same file comes again, and only the new lines of a longer one', async () => {
    await run(CZECH);
    const again = await run(CZECH);
    expect(again).toMatchObject({ lines: 4, added: 0, skipped: 4, errors: [] });
    expect(t.count('sales')).toBe(4);
    const longer = CZECH + '2026-03-14;25596641;99,90;EUR;Díly;F2026-005\r\n';
    expect(await run(longer, true)).toMatchObject({ lines: 5, added: 1, skipped: 4, errors: [] });
    expect(await run(longer)).toMatchObject({ lines: 5, added: 1, skipped: 4, errors: [] });
    expect(t.count('sales')).toBe(5);
    expect(salesRows().find((r) => r.document_no === 'F2026-005')).toMatchObject({ firm_id: novakId, amount: 9_990, currency: 'EUR' });
    expect(imports()).toHaveLength(3);
  });

  it('skips already imported lines even when their firm is gone since', async () => {
    await run(CZECH);
    await t.call('firms.delete', { id: dvorakId });
    expect(await run(CZECH)).toMatchObject({ added: 0, skipped: 4, errors: [] });
  });

  it('reports a bad amount and an unknown firm with line and column, and imports nothing', async () => {
    const bad = 'Datum;Firma;Částka;Měna;Produkt;Číslo dokladu\n'
      + '2026-03-01;00216208;12 500,50;CZK;Lis;F-1\n'
      + '2026-03-02;Neznámá firma a.s.;100;CZK;Lis;F-2\n'
      + '2026-03-03;00216208;12,5,0;CZK;Lis;F-3\n'
      + '2026-03-04;12345678;1 000;ABC;Lis;F-4\n'
      + '31.2.2026;00216208;1;CZK;Lis;F-5\n';
    for (const dryRun of [true, false]) {
      const res = await run(bad, dryRun);
      expect(res).toEqual({
        lines: 5, added: 0, skipped: 0, importId: null, errors: [
          { line: 3, field: 'firm', messageKey: 'errors.import_unknown_firm', params: { value: 'Neznámá firma a.s.' } },
          { line: 4, field: 'amount', messageKey: 'errors.import_amount', params: { value: '12,5,0' } },
          { line: 5, field: 'firm', messageKey: 'errors.import_unknown_firm', params: { value: '12345678' } },
          { line: 5, field: 'currency', messageKey: 'errors.import_currency', params: { value: 'ABC' } },
          { line: 6, field: 'date', messageKey: 'errors.import_date', params: { value: '31.2.2026' } },
        ],
      });
    }
    expect(t.count('sales')).toBe(0);
    expect(t.count('sales_imports')).toBe(0);
  });

  it('refuses a document number twice in one file, and a firm name that fits two firms', async () => {
    await t.call('firms.create', { name: 'Kovarna dvorak', kinds: ['supplier'] });
    const dup = 'date,firm,amount,currency,product,document\n'
      + '2026-03-01,00216208,1250.50,CZK,Press,INV-1\n'
      + '2026-03-02,25596641,"1,250.50",EUR,Press,INV-2\n'
      + '2026-03-03,00216208,10,CZK,Press,INV-1\n'
      + '2026-03-04,Kovárna Dvořák,10,CZK,Press,INV-3\n';
    const res = await run(dup);
    expect(res.errors).toEqual([
      { line: 4, field: 'documentNo', messageKey: 'errors.import_duplicate_document', params: { documentNo: 'INV-1', first: 2 } },
      { line: 5, field: 'firm', messageKey: 'errors.import_ambiguous_firm', params: { value: 'Kovárna Dvořák', count: 2 } },
    ]);
    expect(res).toMatchObject({ lines: 4, added: 0, importId: null });
    expect(t.count('sales')).toBe(0);
    expect(t.count('sales_imports')).toBe(0);
  });

  it('reports a missing column once, at the header line', async () => {
    const res = await run('Datum;IČO;Částka;Produkt\n2026-03-01;00216208;100;Lis\n');
    expect(res).toEqual({
      lines: 1, added: 0, skipped: 0, importId: null, errors: [
        { line: 1, field: 'currency', messageKey: 'errors.import_missing_column' },
        { line: 1, field: 'documentNo', messageKey: 'errors.import_missing_column' },
      ],
    });
  });

  it('reads a Hungarian export with an IČO and a name column, and a headerless file by position', async () => {
    const hu = 'Dátum;Cégnév;ičo;Összeg;Pénznem;Termék;Bizonylatszám\n'
      + '2026.03.01.;Akármi Kft.;00216208;15 000;HUF;Gép;SZ-1\n'
      + '2026.03.02.;Kovárna Dvořák;;2 500,5;HUF;;SZ-2\n';
    expect(await run(hu)).toMatchObject({ lines: 2, added: 2, errors: [] });
    expect(salesRows().map((r) => [r.document_no, r.firm_id, r.amount])).toEqual([['SZ-1', firmId, 1_500_000], ['SZ-2', dvorakId, 250_050]]);
    const bare = '2026-03-05;00216208;1,5;RUB;Услуга;RU-1\n';
    expect(await run(bare)).toMatchObject({ lines: 1, added: 1, errors: [] });
    expect(salesRows().find((r) => r.document_no === 'RU-1')).toMatchObject({ amount: 150, currency: 'RUB', product: 'Услуга' });
  });

  it('imports nothing from an empty file and says so', async () => {
    expect(await run('Datum;Firma;Částka;Měna;Produkt;Doklad\n', true)).toEqual({ lines: 0, added: 0, skipped: 0, errors: [], importId: null });
    expect(await run('', true)).toEqual({ lines: 0, added: 0, skipped: 0, errors: [], importId: null });
  });
});
