// The sales import from accounting: all or nothing, idempotent by document number.
// 1. read the whole file (csv.ts) — every line is checked before anything is written;
// 2. lines whose document number is already in are skipped (counted, not checked further: a
//    firm deleted since must not block re-importing last month's file);
// 3. the firm of every other line: by IČO first (as firms store it, leading zeros kept), else by
//    its exact name ignoring case and diacritics — which must name one firm only;
// 4. any problem → the list of problems (line, column, message) and nothing written; else the
//    lines are inserted and a `sales_imports` row records who imported which file and what it did.
// The dispatcher runs the write in one transaction, so a failure half-way leaves nothing behind.
import type { Ctx } from '../context.ts';
import { stamps } from '../context.ts';
import type { ImportProblem, SalesImportResult } from '../../../shared/types.ts';
import { IMPORT_FIELDS, parseSalesCsv, type CsvLine } from './csv.ts';
import { fold } from '../duplicates/normalize.ts';
import { uuidv7 } from '../util/ids.ts';

/** A file with thousands of bad lines reports the first ones; fixing those usually fixes the rest. */
export const MAX_PROBLEMS = 500;
const CHUNK = 500;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

interface FirmRow { id: string; is_lead: number }

/** Firms are compared without case, diacritics and extra spaces: "ŽLUŤOUČKÝ  kůň" = "Žluťoučký kůň". */
const nameKey = (name: string) => fold(name).replace(/\s+/g, ' ').trim();

/** One match: a real firm wins over a lead of the same name or IČO (a lead not yet converted or merged). */
function pick(rows: FirmRow[] | undefined): FirmRow[] {
  if (!rows || rows.length === 0) return [];
  const firms = rows.filter((r) => r.is_lead === 0);
  return firms.length > 0 ? firms : rows;
}

async function existingDocuments(ctx: Ctx, docs: string[]): Promise<Set<string>> {
  const known = new Set<string>();
  for (const part of chunks(docs)) {
    const rows = await ctx.db.selectFrom('sales').select('document_no')
      .where('document_no', 'in', part).where('deleted_at', 'is', null).execute();
    for (const r of rows) if (r.document_no !== null) known.add(r.document_no);
  }
  return known;
}

async function firmsByIco(ctx: Ctx, icos: string[]): Promise<Map<string, FirmRow[]>> {
  const out = new Map<string, FirmRow[]>();
  for (const part of chunks(icos)) {
    const rows = await ctx.db.selectFrom('firms').select(['id', 'ico', 'is_lead'])
      .where('ico', 'in', part).where('deleted_at', 'is', null).execute();
    for (const r of rows) {
      const list = out.get(r.ico!) ?? [];
      list.push({ id: r.id, is_lead: r.is_lead });
      out.set(r.ico!, list);
    }
  }
  return out;
}

/** Every live firm by its compared name; only read when some line names its firm by name. */
async function firmsByName(ctx: Ctx, wanted: Set<string>): Promise<Map<string, FirmRow[]>> {
  const out = new Map<string, FirmRow[]>();
  const rows = await ctx.db.selectFrom('firms').select(['id', 'name', 'is_lead']).where('deleted_at', 'is', null).execute();
  for (const r of rows) {
    const key = nameKey(r.name);
    if (!wanted.has(key)) continue;
    const list = out.get(key) ?? [];
    list.push({ id: r.id, is_lead: r.is_lead });
    out.set(key, list);
  }
  return out;
}

const fieldOrder = (f: string) => {
  const i = (IMPORT_FIELDS as readonly string[]).indexOf(f);
  return i < 0 ? -1 : i;
};

export async function importSales(ctx: Ctx, input: { fileName: string; content: string; dryRun: boolean }): Promise<SalesImportResult> {
  const parsed = parseSalesCsv(input.content);
  const lines = parsed.lines;
  const problems: ImportProblem[] = [...parsed.problems];

  const known = await existingDocuments(ctx, lines.flatMap((l) => (l.documentNo === null ? [] : [l.documentNo])));
  const skipped = lines.filter((l) => l.documentNo !== null && known.has(l.documentNo));
  const fresh = lines.filter((l) => !(l.documentNo !== null && known.has(l.documentNo)));
  // A skipped line still counts as a duplicate inside the file: that is the export's mistake.
  for (const l of skipped) problems.push(...l.problems.filter((p) => p.messageKey === 'errors.import_duplicate_document'));
  for (const l of fresh) problems.push(...l.problems);

  // Firms, for the lines that are read well enough to need one.
  const firmOf = new Map<CsvLine, string>();
  const needFirm = fresh.filter((l) => l.firmText !== '' && !l.problems.some((p) => p.field === 'firm' || p.field === ''));
  const byIco = await firmsByIco(ctx, [...new Set(needFirm.flatMap((l) => (l.ico ? [l.ico] : [])))]);
  const names = new Set(needFirm.filter((l) => l.name !== null && pick(l.ico ? byIco.get(l.ico) : undefined).length === 0).map((l) => nameKey(l.name!)));
  const byName = names.size > 0 ? await firmsByName(ctx, names) : new Map<string, FirmRow[]>();
  for (const l of needFirm) {
    let match = l.ico ? pick(byIco.get(l.ico)) : [];
    if (match.length === 0 && l.name !== null) match = pick(byName.get(nameKey(l.name)));
    if (match.length === 1) firmOf.set(l, match[0]!.id);
    else if (match.length === 0) problems.push({ line: l.line, field: 'firm', messageKey: 'errors.import_unknown_firm', params: { value: clip(l.firmText) } });
    else problems.push({ line: l.line, field: 'firm', messageKey: 'errors.import_ambiguous_firm', params: { value: clip(l.firmText), count: match.length } });
  }

  problems.sort((a, b) => a.line - b.line || fieldOrder(a.field) - fieldOrder(b.field));
  const base = { lines: lines.length, skipped: skipped.length };
  if (problems.length > 0) {
    const shown = problems.slice(0, MAX_PROBLEMS);
    if (problems.length > MAX_PROBLEMS) {
      shown.push({ line: problems[MAX_PROBLEMS]!.line, field: '', messageKey: 'errors.import_too_many_problems', params: { max: MAX_PROBLEMS } });
    }
    return { ...base, added: 0, errors: shown, importId: null };
  }
  if (input.dryRun) return { ...base, added: fresh.length, errors: [], importId: null };

  const now = ctx.now();
  const importId = uuidv7(now);
  await ctx.db.insertInto('sales_imports').values({
    id: importId, file_name: input.fileName, user_id: ctx.localUserId, lines: lines.length, added: fresh.length, skipped: skipped.length, ...stamps(now),
  }).execute();
  for (const part of chunks(fresh)) {
    await ctx.db.insertInto('sales').values(part.map((l) => ({
      id: uuidv7(now), firm_id: firmOf.get(l)!, kind: 'invoice' as const, source: 'import' as const, date: l.date!, amount: l.amount!,
      currency: l.currency!, product: l.product, document_no: l.documentNo!, opportunity_id: null, import_id: importId, note: '', ...stamps(now),
    }))).execute();
  }
  return { ...base, added: fresh.length, errors: [], importId };
}

const clip = (s: string, n = 60) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
