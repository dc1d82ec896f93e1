// `kartoteka print brief|letters|labels|envelopes … --out FILE.pdf`: the documents the app prints,
// rendered by the same core into HTML and printed to PDF by a local Chromium or Chrome
// (found automatically or via CHROMIUM_PATH). Records without a postal address are listed on
// stderr; a document with nothing to print is an error, not an empty PDF.
import fs from 'node:fs';
import path from 'node:path';
import { AppError, type AppErrorData } from '../../shared/errors.ts';
import { ENVELOPE_SIZES, LOCALES, type PrintDoc } from '../../shared/types.ts';
import type { ChannelName } from '../../shared/contract.ts';
import { PRINT_HELP } from './help.ts';
import { openDatabase, closeDatabase, type OpenDb, type OpenOptions } from '../core/db/open.ts';
import { createCore, type CoreOptions } from '../core/dispatcher.ts';
import { fold } from '../core/duplicates/normalize.ts';
import { htmlToPdf, findChromium } from '../core/printing/pdf.ts';

export { PRINT_HELP };

export interface PrintArgs {
  firm?: string; person?: string; template?: string; selection?: string; segment?: string; people?: boolean;
  format?: string; start?: string; size?: string; out?: string; locale: string; date?: string;
}

export type PrintOutcome = { message: string; warnings: string } | { usage: string };

const ID = /^[0-9a-f-]{36}$/;
const usage = (text: string): PrintOutcome => ({ usage: text });

/** A wrong argument found while resolving it (a firm no one has): the command's usage error. */
export class Usage extends Error {}

async function byName<T extends { id: string; name: string }>(rows: T[], name: string, what: string): Promise<T> {
  const exact = rows.filter((r) => r.id === name || fold(r.name.trim()) === fold(name.trim()));
  if (exact.length === 1) return exact[0]!;
  if (exact.length > 1) throw new Usage(`more than one ${what} is named "${name}"; use its id`);
  throw new Usage(`no ${what} named "${name}"`);
}

/** A live firm by IČO, exact name or id (also `privacy`'s --firm). */
export async function findFirm(open: OpenDb, x: string): Promise<string> {
  const live = () => open.db.selectFrom('firms').select(['id', 'name']).where('deleted_at', 'is', null).where('merged_into_id', 'is', null);
  if (ID.test(x)) {
    const r = await live().where('id', '=', x).executeTakeFirst();
    if (r) return r.id;
  }
  const digits = x.replace(/\s+/g, '');
  if (/^\d{6,8}$/.test(digits)) {
    const r = await live().where('ico', '=', digits.padStart(8, '0')).execute();
    if (r.length === 1) return r[0]!.id;
  }
  const folded = fold(x.trim());
  const all = (await live().execute()).filter((f) => fold(f.name.trim()) === folded);
  if (all.length === 1) return all[0]!.id;
  if (all.length > 1) throw new Usage(`more than one firm is named "${x}"; use its IČO or id`);
  throw new Usage(`no firm "${x}" (give an IČO, the exact name or an id)`);
}

async function target(open: OpenDb, a: PrintArgs): Promise<Record<string, unknown>> {
  const given = [a.firm, a.person, a.selection, a.segment].filter(Boolean).length;
  if (given !== 1) throw new Usage('name exactly one of --firm, --person, --selection, --segment');
  if (a.person) {
    if (!ID.test(a.person)) throw new Usage('--person takes the person\'s id');
    return { from: 'person', personId: a.person };
  }
  if (a.firm) return { from: 'firm', firmId: await findFirm(open, a.firm) };
  if (a.selection) {
    const s = await byName(await open.db.selectFrom('selections').select(['id', 'name']).where('deleted_at', 'is', null).execute(), a.selection, 'saved selection');
    return { from: 'selection', selectionId: s.id };
  }
  const s = await byName(await open.db.selectFrom('segments').select(['id', 'name']).where('deleted_at', 'is', null).execute(), a.segment!, 'segment');
  return { from: 'segment', segmentId: s.id, recipients: a.people ? 'people' : 'firms' };
}

export async function printCommand(db: string, kind: string | undefined, args: PrintArgs, opts: { db?: OpenOptions; core?: CoreOptions } = {}): Promise<PrintOutcome> {
  if (!kind || !['brief', 'letters', 'labels', 'envelopes'].includes(kind)) return usage('print needs what to print: brief, letters, labels or envelopes');
  if (!args.out) return usage('--out FILE.pdf is required');
  if (!(LOCALES as readonly string[]).includes(args.locale)) return usage(`--locale must be one of ${LOCALES.join(', ')}, not "${args.locale}"`);
  const out = path.resolve(args.out);
  if (!fs.existsSync(path.dirname(out))) return usage(`the folder of --out does not exist: ${path.dirname(out)}`);
  if (!fs.existsSync(db)) return usage(`no database at ${db}`);
  // Before any work: a clear error when there is no browser to print with.
  const chromium = findChromium();

  // Read-only, as find and export: printing only reads, so it neither migrates nor writes the file.
  const open = await openDatabase(db, { ...opts.db, readonly: true });
  let doc: PrintDoc;
  try {
    const core = createCore(open, opts.core);
    const call = async (channel: ChannelName, input: Record<string, unknown>): Promise<PrintDoc> => {
      const { envelope } = await core.dispatch(channel, input);
      if (!envelope.ok) throw new AppError(envelope.error);
      return envelope.value as PrintDoc;
    };
    const locale = args.locale;
    switch (kind) {
      case 'brief': {
        if (Boolean(args.firm) === Boolean(args.person)) return usage('print brief needs --firm X or --person ID');
        if (args.person && !ID.test(args.person)) return usage('--person takes the person\'s id');
        doc = await call('print.brief', args.firm ? { firmId: await findFirm(open, args.firm), locale } : { personId: args.person, locale });
        break;
      }
      case 'letters': {
        if (!args.template) return usage('print letters needs --template NAME');
        const t = await byName(await open.db.selectFrom('letter_templates').select(['id', 'name']).where('deleted_at', 'is', null).execute(), args.template, 'letter template');
        doc = await call('print.letters', { templateId: t.id, target: await target(open, args), locale, ...(args.date ? { date: args.date } : {}) });
        break;
      }
      case 'labels': {
        if (!args.format) return usage('print labels needs --format NAME (or CxR, e.g. 3x8)');
        const formats = await open.db.selectFrom('label_formats').select(['id', 'name', 'columns', 'rows']).where('deleted_at', 'is', null).orderBy('built_in', 'desc').orderBy('name').execute();
        const grid = /^(\d+)\s*[x×]\s*(\d+)$/i.exec(args.format.trim());
        const f = grid ? formats.find((r) => r.columns === Number(grid[1]) && r.rows === Number(grid[2])) : undefined;
        const format = f ?? await byName(formats, args.format, 'label format');
        const start = args.start === undefined ? 1 : Number(args.start);
        if (!Number.isInteger(start) || start < 1 || start > format.columns * format.rows) {
          return usage(`--start must be a label number from 1 to ${format.columns * format.rows}`);
        }
        doc = await call('print.labels', { formatId: format.id, startAt: start, target: await target(open, args), locale });
        break;
      }
      default: {
        const size = (args.size ?? 'DL').toUpperCase();
        if (!(ENVELOPE_SIZES as readonly string[]).includes(size)) return usage(`--size must be one of ${ENVELOPE_SIZES.join(', ')}`);
        doc = await call('print.envelopes', { size, target: await target(open, args), locale });
      }
    }
  } catch (e) {
    if (e instanceof Usage) return usage(e.message);
    if (e instanceof AppError && (e.data.code === 'validation' || e.data.code === 'not_found')) return usage(describe(e.data));
    throw e;
  } finally {
    await closeDatabase(open);
  }
  // The CLI prints regardless (it asks nothing), but says who got a language not theirs.
  const warnings = doc.skipped.map((s) => `skipped (no postal address): ${s.name}\n`).join('')
    + (doc.mismatched ?? []).map((m) => `language not theirs (${m.country}: ${m.wanted} wanted, ${m.language} printed): ${m.name}\n`).join('');
  if (doc.count === 0) return usage(`nothing to print${doc.skipped.length ? `: all ${doc.skipped.length} records lack a postal address` : ''}`);
  await htmlToPdf(doc.html, out, undefined, chromium);
  const what = kind === 'brief' ? 'brief' : `${doc.count} ${kind === 'letters' ? 'letter' : kind === 'labels' ? 'label' : 'envelope'}${doc.count === 1 ? '' : 's'}`;
  return { message: `Printed ${what} to ${out}${doc.skipped.length ? ` (${doc.skipped.length} skipped)` : ''}.\n`, warnings };
}

function describe(e: AppErrorData): string {
  const where = e.field ? ` (${e.field})` : '';
  switch (e.messageKey) {
    case 'errors.merge_field': return `the template names an unknown merge field {{${e.params?.name}}}${where}`;
    case 'errors.unknown_ref': return `something named no longer exists${where}`;
    default: return `${e.messageKey.replace(/^errors\./, '').replace(/_/g, ' ')}${where}`;
  }
}
