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
import { invalid, localDay, selectRows } from './select.ts';

export type ExportInput = ParsedInput<'exports.run'>;

const CONTACT_FORMATS = new Set<ExportFormat>(['outlook', 'google', 'vcard3', 'vcard4']);
const CONTACT_COLUMNS: ExportColumn[] = ['firmName', 'titleBefore', 'firstName', 'lastName', 'titleAfter', 'jobTitle', 'email', 'phone',
  'firmEmail', 'firmPhone', 'website', 'street', 'city', 'postalCode', 'country'];

export interface Written extends SelectionCount { mime: string; extension: string }

/** Writes the export to `out` (ended on success). A character the format's encoding cannot hold
 * becomes errors.unencodable naming the first rows (1-based data rows) and the characters.
 * `held`: the file is kept whole anyway (exports.run) — its rows are made in the database's order
 * and put in place by the writer (buildPlacedRows); otherwise they are streamed in file order, a
 * window at a time, in flat memory (the CLI). */
export async function writeSelectionExport(ctx: Ctx, input: ExportInput, out: NodeJS.WritableStream,
  opts: { firmList: boolean; held?: boolean } = { firmList: true }): Promise<Written> {
  // Address books (Outlook, Google, vCard) have their own fields: they always get every contact
  // column, whatever columns the selection lists for the spreadsheet formats.
  const plan = await planColumns(ctx, CONTACT_FORMATS.has(input.format) ? CONTACT_COLUMNS : input.columns, input.locale);
  // The app's worker keeps the firm list warm: its name order is free. The CLI has none.
  const { rows, count } = await selectRows(ctx, input, input.locale, opts);
  const people = input.recipients === 'people';
  try {
    const type = await writeExport({
      format: input.format, columns: plan.specs, mergeNames: input.mergeNames,
      rows: opts.held
        ? { count: rows.length, placed: buildPlacedRows(ctx, rows, plan, input.locale, people) }
        : { batches: buildRowBatches(ctx, rows, plan, input.locale, people) },
    }, out);
    return { ...count, ...type };
  } catch (e) {
    if (e instanceof UnencodableError) {
      const shown = e.rows.slice(0, 5).join(', ') + (e.count > 5 || e.rows.length > 5 ? ', …' : '');
      throw invalid('errors.unencodable', 'format', { rows: shown, chars: e.chars.slice(0, 10).join(' '), suggest: 'excel-utf8' });
    }
    throw e;
  }
}

/** The export in memory, as the base64 text exports.run hands the UI. */
export async function exportToBase64(ctx: Ctx, input: ExportInput): Promise<Written & { contentBase64: string }> {
  const sink = new Base64Sink();
  const written = await writeSelectionExport(ctx, input, sink, { firmList: true, held: true });
  if (!sink.writableFinished) await once(sink, 'finish');
  return { ...written, contentBase64: sink.text() };
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
}): Promise<string> {
  const now = ctx.now();
  const id = uuidv7(now);
  await ctx.db.insertInto('export_log').values({
    id, user_id: ctx.localUserId, selection_id: entry.selectionId, selection_name: entry.selectionName, format: entry.format,
    rows: entry.rows, excluded: entry.excluded, file_name: entry.fileName, at: now, ...stamps(now),
  }).execute();
  return id;
}

export const excludedTotal = (c: SelectionCount) => c.excluded.noConsent + c.excluded.optedOut + c.excluded.duplicates + c.excluded.noEmail;
