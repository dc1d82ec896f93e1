// `kartoteka export`: a saved selection (by name) or the conditions in a JSON file, written in
// a preset format to a file. The rows are read through a read-only connection and stream into a
// temporary file beside the target, which is renamed over it only when complete and logged
// (export_log, as the app logs its exports) in one short write transaction: an interrupted or
// refused export leaves neither a half-written file nor a log entry.
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { contract } from '../../shared/contract.ts';
import { AppError, fromZodIssues, type AppErrorData } from '../../shared/errors.ts';
import { EXPORT_FORMATS, LOCALES } from '../../shared/types.ts';
import { DEFAULT_COLUMNS, EXPORT_HELP } from './help.ts';
import { openDatabase, closeDatabase, type OpenDb, type OpenOptions } from '../core/db/open.ts';
import type { Ctx } from '../core/context.ts';
import { FirmListIndex } from '../core/firms/list-index.ts';
import { filesDirFor } from '../core/attachments/store.ts';
import { fold } from '../core/duplicates/normalize.ts';
import { excludedTotal, logExport, writeSelectionExport, type ExportInput } from '../core/mailing/export.ts';

export { DEFAULT_COLUMNS, EXPORT_HELP };

export interface ExportArgs {
  selection?: string; where?: string; format?: string; out?: string; columns?: string; locale: string;
}

/** Done (a message for stdout) or a usage problem (for stderr, exit code 2). */
export type ExportOutcome = { message: string } | { usage: string };

export async function exportCommand(db: string, args: ExportArgs, openOptions: OpenOptions = {}): Promise<ExportOutcome> {
  const usage = (text: string): ExportOutcome => ({ usage: text });
  if (Boolean(args.selection) === Boolean(args.where)) return usage('export needs either --selection NAME or --where FILE.json');
  if (!args.out) return usage('--out FILE is required');
  if (args.format !== undefined && !(EXPORT_FORMATS as readonly string[]).includes(args.format)) {
    return usage(`--format must be one of ${EXPORT_FORMATS.join(', ')}, not "${args.format}"`);
  }
  if (!(LOCALES as readonly string[]).includes(args.locale)) return usage(`--locale must be one of ${LOCALES.join(', ')}, not "${args.locale}"`);
  const out = path.resolve(args.out);
  if (!fs.existsSync(path.dirname(out))) return usage(`the folder of --out does not exist: ${path.dirname(out)}`);
  if (!fs.existsSync(db)) return usage(`no database at ${db}`);

  let fromFile: Record<string, unknown> | null = null;
  if (args.where) {
    let text: string;
    try {
      text = fs.readFileSync(args.where, 'utf8');
    } catch (e) {
      return usage(`cannot read ${args.where}: ${(e as Error).message}`);
    }
    try {
      const parsed = JSON.parse(text) as unknown;
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return usage(`${args.where} must hold a JSON object`);
      fromFile = parsed as Record<string, unknown>;
    } catch (e) {
      return usage(`${args.where} is not valid JSON: ${(e as Error).message}`);
    }
  }

  // Read-only: an export must not migrate or write a file it may be rescuing data from; its log
  // row is written afterwards, on a short read-write connection of its own (writeFile).
  const open = await openDatabase(db, { ...openOptions, readonly: true });
  try {
    let input: Record<string, unknown>;
    if (args.selection) {
      const saved = (await open.db.selectFrom('selections').selectAll().where('deleted_at', 'is', null).execute())
        .find((s) => fold(s.name.trim()) === fold(args.selection!.trim()));
      if (!saved) return usage(`no saved selection named "${args.selection}"`);
      input = {
        recipients: saved.recipients, where: JSON.parse(saved.where_json), topicId: saved.topic_id, dedupe: saved.dedupe,
        columns: JSON.parse(saved.columns_json), format: saved.format, mergeNames: saved.merge_names === 1,
        selectionId: saved.id, name: saved.name,
      };
    } else {
      // A whole selection, or just its condition tree.
      const spec = 'op' in fromFile! && 'items' in fromFile! ? { where: fromFile } : fromFile!;
      input = { columns: DEFAULT_COLUMNS, name: path.basename(args.where!).replace(/\.json$/i, ''), ...spec, selectionId: null };
      if (!args.format && !('format' in spec)) return usage('--format PRESET is required with --where');
    }
    if (args.format) input.format = args.format;
    if (args.columns) input.columns = args.columns.split(',').map((c) => c.trim()).filter(Boolean);
    input.locale = args.locale;
    const parsed = contract['exports.run'].input.safeParse(input);
    if (!parsed.success) return usage(describe(fromZodIssues(parsed.error.issues)));
    return { message: await writeFile(open, parsed.data, out) };
  } catch (e) {
    if (e instanceof AppError && e.data.code === 'validation') return usage(describe(e.data));
    throw e;
  } finally {
    await closeDatabase(open);
  }
}

async function writeFile(open: OpenDb, input: ExportInput, out: string): Promise<string> {
  const ctxOf = (o: OpenDb): Ctx => ({
    db: o.db, localUserId: o.localUserId, dbPath: o.path, schemaVersion: o.schemaVersion,
    filesDir: filesDirFor(o.path), now: Date.now, firmList: new FirmListIndex(o.db),
  });
  const tmp = `${out}.tmp-${process.pid}`;
  // Opened here, synchronously: a refused export can remove it without racing a pending open.
  const stream = fs.createWriteStream(tmp, { fd: fs.openSync(tmp, 'w') });
  try {
    // One read transaction: every window of rows comes from the same snapshot of the database.
    const written = await open.db.transaction().execute((trx) => writeSelectionExport({ ...ctxOf(open), db: trx }, input, stream, { firmList: false }));
    if (!stream.closed) await once(stream, 'close');
    const fd = fs.openSync(tmp, 'r+');
    try { fs.fsyncSync(fd); } finally { fs.closeSync(fd); }
    // The log row and the rename commit together: no file without its log entry, nor the reverse
    // (up to a crash between rename and commit). A full integrity check here would cost seconds
    // on a large file for one row; checking the table it writes is enough to refuse a damaged one.
    const rw = await openDatabase(open.path, { integrityCheck: { only: ['export_log', 'export_rows'] } });
    try {
      await rw.db.transaction().execute(async (trx) => {
        await logExport({ ...ctxOf(rw), db: trx }, {
          selectionId: input.selectionId, selectionName: input.name || path.basename(out), format: input.format,
          rows: written.rows, excluded: excludedTotal(written), fileName: path.basename(out), refs: written.refs,
        });
        fs.renameSync(tmp, out);
      });
    } finally {
      await closeDatabase(rw);
    }
    const { noConsent, optedOut, duplicates, noEmail } = written.excluded;
    const why = [[noConsent, 'no consent'], [optedOut, 'opted out'], [duplicates, 'duplicates'], [noEmail, 'no e-mail']]
      .filter(([n]) => (n as number) > 0).map(([n, w]) => `${n} ${w}`).join(', ');
    const excluded = excludedTotal(written);
    return `Exported ${written.rows} row${written.rows === 1 ? '' : 's'} to ${out}${excluded ? ` (${excluded} excluded: ${why})` : ''}.\n`;
  } catch (e) {
    if (!stream.closed) {
      const closed = once(stream, 'close');
      stream.destroy();
      await closed;
    }
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/** An error of the core in words for the terminal. */
function describe(e: AppErrorData): string {
  const where = e.field ? ` (${e.field})` : '';
  switch (e.messageKey) {
    case 'errors.unencodable':
      return `rows ${e.params?.rows} (${e.params?.names}) contain characters this format's encoding cannot hold (${e.params?.chars}); nothing was written. Use --format ${e.params?.suggest}`;
    case 'errors.unencodable_language':
      return `this format's encoding cannot hold the export language's own words (columns: ${e.params?.columns}); nothing was written. Use --format ${e.params?.suggest} or another --locale`;
    case 'errors.unknown_ref':
      return `the selection names something that no longer exists${where}`;
    case 'errors.columns_required':
      return 'choose at least one column (--columns)';
    case 'errors.invalid':
    case 'errors.invalid_id':
      return `invalid value${where}`;
    default:
      return `${e.messageKey.replace(/^errors\./, '').replace(/_/g, ' ')}${where}`;
  }
}
