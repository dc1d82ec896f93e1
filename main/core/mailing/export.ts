// One export: select the rows, build their cells, write them in the chosen format to a stream,
// and — only when the file was written whole — the export log entry. Used by exports.run (into
// memory, handed to the UI) and by `kartoteka export` (into a file).
import { once } from 'node:events';
import type { Ctx } from '../context.ts';
import type { ParsedInput } from '../../../shared/contract.ts';
import type { ExportColumn, ExportFormat, SelectionCount } from '../../../shared/types.ts';
import { uuidv7 } from '../util/ids.ts';
import { stamps } from '../context.ts';
import { UnencodableError, writeExport } from './formats/index.ts';
import { Base64Sink } from './formats/sink.ts';
import { buildPlacedRows, buildRowBatches, planColumns } from './rows.ts';
import { invalid, localDay, selectRows, type RowRef } from './select.ts';
import { COLUMN_HEADERS, KIND_LABELS, UNTITLED, salutation } from './headers.ts';

export type ExportInput = ParsedInput<'exports.run'>;

const CONTACT_FORMATS = new Set<ExportFormat>(['outlook', 'google', 'vcard3', 'vcard4']);
const CONTACT_COLUMNS: ExportColumn[] = ['firmName', 'titleBefore', 'firstName', 'lastName', 'titleAfter', 'jobTitle', 'email', 'phone',
  'firmEmail', 'firmPhone', 'website', 'street', 'city', 'postalCode', 'country'];

export interface Written extends SelectionCount {
  mime: string; extension: string;
  /** Who is in the file, row by row: logged with the export (logExport), so a data-protection
   * report can say which exports included a person or firm. */
  refs: RowRef[];
}

/** Writes the export to `out` (ended on success). A character the format's encoding cannot hold
 * becomes errors.unencodable naming the first rows (1-based data rows) and the characters.
 * `held`: the file is kept whole anyway (exports.run) — its rows are made in the database's order
 * and put in place by the writer (buildPlacedRows); otherwise they are streamed in file order, a
 * window at a time, in flat memory (the CLI). */
export async function writeSelectionExport(ctx: Ctx, input: ExportInput, out: NodeJS.WritableStream,
  opts: { firmList: boolean; held?: boolean } = { firmList: true }): Promise<Written> {
  if (input.format === 'excel-cz') await refuseUnencodableLanguage(input);
  // Address books (Outlook, Google, vCard) have their own fields: they always get every contact
  // column, whatever columns the selection lists for the spreadsheet formats.
  const plan = await planColumns(ctx, CONTACT_FORMATS.has(input.format) ? CONTACT_COLUMNS : input.columns, input.locale);
  // The app's worker keeps the firm list warm: its name order is free. The CLI has none.
  const { rows, count } = await selectRows(ctx, input, input.locale, opts);
  const people = input.recipients === 'people';
  try {
    const type = await writeExport({
      format: input.format, columns: plan.specs, mergeNames: input.mergeNames, locale: input.locale, sheetName: fileTitle(input),
      rows: opts.held
        ? { count: rows.length, placed: tracked(ctx, rows.length, buildPlacedRows(ctx, rows, plan, input.locale, people), (b) => b.rows.length) }
        : { batches: tracked(ctx, rows.length, buildRowBatches(ctx, rows, plan, input.locale, people), (b) => b.length) },
    }, out);
    return { ...count, ...type, refs: rows };
  } catch (e) {
    if (e instanceof UnencodableError) {
      const more = e.count > 5 || e.rows.length > 5 ? ', …' : '';
      const shown = e.rows.slice(0, 5).join(', ') + more;
      // The firms and people by name: "row 5" means nothing to someone who has not opened the file.
      const names = (await rowNames(ctx, e.rows.slice(0, 5).map((n) => rows[n - 1]).filter((r) => r !== undefined))).join('; ') + (more ? '; …' : '');
      throw invalid('errors.unencodable', 'format', { rows: shown, names, chars: e.chars.slice(0, 10).join(' '), suggest: 'excel-utf8' });
    }
    throw e;
  }
}

/** The batches as they are, with the job (when the request has one) told the rows made after
 * each — where a cancel is noticed too (jobs.ts). */
async function* tracked<B>(ctx: Ctx, total: number, batches: AsyncGenerator<B>, size: (b: B) => number): AsyncGenerator<B> {
  const job = ctx.job;
  if (!job) { yield* batches; return; }
  let done = 0;
  await job.step(0, total);
  for await (const b of batches) {
    yield b;
    done += size(b);
    await job.step(done, total);
  }
}

/** Columns whose words are the app's own, in the export language (the salutation, firm types,
 * built-in roles, country lines, amounts), not the user's data. */
const APP_TEXT_COLUMNS = new Set<string>(['salutation', 'kinds', 'role', 'address1', 'address2', 'address3', 'revenue12m']);

/**
 * Windows-1250 cannot hold the app's own words in every export language (Russian: "Уважаемый…").
 * That is no fault of the user's data, so it is refused before any row is read, naming the
 * columns and the way out (UTF-8, or another export language) — the row-by-row refusal then only
 * ever names characters of the user's own data.
 */
async function refuseUnencodableLanguage(input: ExportInput): Promise<void> {
  const cols = input.columns.filter((c) => APP_TEXT_COLUMNS.has(c));
  if (!cols.length) return;
  const { win1250Unencodable } = await import('./formats/csv.ts');
  const words = Object.values(KIND_LABELS[input.locale]).join(' ') + salutation(input.locale, null);
  if (!win1250Unencodable(words).length) return;
  throw invalid('errors.unencodable_language', 'format', {
    columns: cols.map((c) => COLUMN_HEADERS[input.locale][c as keyof (typeof COLUMN_HEADERS)['cs']]).join(', '), suggest: 'excel-utf8',
  });
}

/** "Ольга Иванова (Strojírny Dvořák s.r.o.)" for a person's row, the firm's name for a firm's. */
async function rowNames(ctx: Ctx, refs: RowRef[]): Promise<string[]> {
  if (!refs.length) return [];
  const firms = new Map((await ctx.db.selectFrom('firms').select(['rid', 'name']).where('rid', 'in', refs.map((r) => r.rid)).execute())
    .map((f) => [f.rid, f.name]));
  const personIds = refs.flatMap((r) => (r.personId ? [r.personId] : []));
  const people = new Map(personIds.length ? (await ctx.db.selectFrom('people').select(['id', 'first_name', 'last_name'])
    .where('id', 'in', personIds).execute()).map((p) => [p.id, [p.first_name, p.last_name].filter(Boolean).join(' ')]) : []);
  return refs.map((r) => {
    const firm = firms.get(r.rid) ?? '';
    const person = r.personId ? people.get(r.personId) : '';
    return person ? `${person} (${firm})` : firm;
  });
}

/** The export in memory, as the base64 text exports.run hands the UI. */
export async function exportToBase64(ctx: Ctx, input: ExportInput): Promise<Written & { contentBase64: string }> {
  const sink = new Base64Sink();
  const written = await writeSelectionExport(ctx, input, sink, { firmList: true, held: true });
  if (!sink.writableFinished) await once(sink, 'finish');
  return { ...written, contentBase64: sink.text() };
}

/** What the file is about: the selection's name; an unsaved one's is the UI's word for it
 * ("Adresář firem"), else the core's in the export language — never a bare "export". */
export function fileTitle(input: Pick<ExportInput, 'name' | 'untitled' | 'locale' | 'recipients'>): string {
  return input.name.trim() || input.untitled.trim() || UNTITLED[input.locale][input.recipients];
}

/** "Odběratelé Praha 2026-11-29.csv": the selection's name (characters no file system takes
 * replaced), the day, the format's extension. */
export function exportFileName(name: string, now: number, extension: string): string {
  const safe = name.normalize('NFC').replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '-').replace(/\s+/g, ' ').replace(/^[\s.-]+|[\s.]+$/g, '').slice(0, 100);
  return `${safe || 'export'} ${localDay(now)}.${extension}`;
}

/** The name an export is logged and saved under: the one given, else the saved selection's. */
export async function exportName(ctx: Ctx, input: Pick<ExportInput, 'name' | 'selectionId'>): Promise<string> {
  if (input.name) return input.name;
  if (input.selectionId) {
    const row = await ctx.db.selectFrom('selections').select('name').where('id', '=', input.selectionId)
      .where('deleted_at', 'is', null).executeTakeFirst();
    if (!row) throw invalid('errors.unknown_ref', 'selectionId');
    return row.name;
  }
  return '';
}

export async function logExport(ctx: Ctx, entry: {
  selectionId: string | null; selectionName: string; format: ExportFormat; rows: number; excluded: number; fileName: string;
  refs: readonly RowRef[];
}): Promise<string> {
  const now = ctx.now();
  const id = uuidv7(now);
  await ctx.db.insertInto('export_log').values({
    id, user_id: ctx.localUserId, selection_id: entry.selectionId, selection_name: entry.selectionName, format: entry.format,
    rows: entry.rows, excluded: entry.excluded, file_name: entry.fileName, at: now, ...stamps(now),
  }).execute();
  await logExportRows(ctx, id, entry.refs);
  return id;
}

/** Who was in the export, in the log's transaction (data protection: which exports included a
 * person or firm): one row, the firms' rids packed (exportedRids) and the people's ids. */
async function logExportRows(ctx: Ctx, exportId: string, refs: readonly RowRef[]): Promise<void> {
  const rids = new Float64Array(refs.length);
  const people = new Set<string>();
  for (let i = 0; i < refs.length; i++) {
    rids[i] = refs[i]!.rid;
    const p = refs[i]!.personId;
    if (p) people.add(p);
  }
  rids.sort();
  let n = 0;
  for (let i = 0; i < rids.length; i++) if (n === 0 || rids[i] !== rids[n - 1]) rids[n++] = rids[i]!;
  await ctx.db.insertInto('export_rows').values({
    export_id: exportId, firm_rids: packRids(rids.subarray(0, n)), person_ids: JSON.stringify([...people]),
  }).execute();
}

/** Sorted rids as float64 little-endian bytes (the same on every machine). */
export function packRids(sorted: Float64Array): Uint8Array {
  const bytes = new Uint8Array(sorted.length * 8);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < sorted.length; i++) view.setFloat64(i * 8, sorted[i]!, true);
  return bytes;
}

/** Whether a packed, sorted list of rids holds `rid` (binary search over the bytes). */
export function packedHas(bytes: Uint8Array, rid: number): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let lo = 0;
  let hi = Math.floor(bytes.byteLength / 8) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = view.getFloat64(mid * 8, true);
    if (v === rid) return true;
    if (v < rid) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

export const excludedTotal = (c: SelectionCount) => c.excluded.noConsent + c.excluded.optedOut + c.excluded.duplicates + c.excluded.noEmail;
