// `kartoteka privacy report|erase (--firm X | --person ID)`: a data-protection request from the
// terminal, through the same core channels as the card's "Data protection" menu — the report as
// JSON or as the printed PDF, the erasure with the texts that still name them listed.
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors.ts';
import { LOCALES } from '../../shared/types.ts';
import type { ErasureResult, SubjectReportResult } from '../../shared/privacy.ts';
import { openDatabase, closeDatabase, type OpenOptions } from '../core/db/open.ts';
import { createCore, type CoreOptions } from '../core/dispatcher.ts';
import { htmlToPdf, findChromium } from '../core/printing/pdf.ts';
import { findFirm, Usage } from './print.ts';

export interface PrivacyArgs { firm?: string; person?: string; out?: string; consents?: boolean; locale: string }
export type PrivacyOutcome = { message: string } | { usage: string };

const ID = /^[0-9a-f-]{36}$/;
const usage = (text: string): PrivacyOutcome => ({ usage: text });

export async function privacyCommand(db: string, action: string | undefined, args: PrivacyArgs, opts: { db?: OpenOptions; core?: CoreOptions } = {}): Promise<PrivacyOutcome> {
  if (action !== 'report' && action !== 'erase') return usage('privacy needs what to do: report or erase');
  if (Boolean(args.firm) === Boolean(args.person)) return usage(`privacy ${action} needs --firm X or --person ID`);
  if (args.person && !ID.test(args.person)) return usage('--person takes the person\'s id');
  if (!(LOCALES as readonly string[]).includes(args.locale)) return usage(`--locale must be one of ${LOCALES.join(', ')}, not "${args.locale}"`);
  if (!fs.existsSync(db)) return usage(`no database at ${db}`);
  let out = '';
  if (action === 'report') {
    if (!args.out || !/\.(json|pdf)$/i.test(args.out)) return usage('--out FILE.json or FILE.pdf is required');
    out = path.resolve(args.out);
    if (!fs.existsSync(path.dirname(out))) return usage(`the folder of --out does not exist: ${path.dirname(out)}`);
  }
  const pdf = /\.pdf$/i.test(out);
  // Before any work: a clear error when there is no browser to print with.
  const chromium = pdf ? findChromium() : undefined;

  // A report only reads; an erasure writes (and compacts the file after it).
  const open = await openDatabase(db, { ...opts.db, readonly: action === 'report' });
  try {
    const core = createCore(open, opts.core);
    const subject = args.firm ? { firmId: await findFirm(open, args.firm) } : { personId: args.person };
    const { envelope } = await core.dispatch(action === 'report' ? 'privacy.report' : 'privacy.erase',
      { ...subject, locale: args.locale, ...(action === 'erase' ? { consents: args.consents ?? false } : {}) });
    if (!envelope.ok) throw new AppError(envelope.error);
    if (action === 'erase') {
      const r = envelope.value as ErasureResult;
      const texts = r.mentions.map((m) => `  ${m.kind} ${m.id}${m.private ? ` (a private note of ${m.author})` : `: ${m.title}`}\n`).join('');
      return { message: `Erased the personal data of ${r.people} ${r.people === 1 ? 'person' : 'people'}${args.firm ? ' and the firm' : ''}.\n`
        + (texts ? `These texts still name them; edit them in the app:\n${texts}` : '') };
    }
    const r = envelope.value as SubjectReportResult;
    if (pdf) await htmlToPdf(r.doc.html, out, undefined, chromium);
    else fs.writeFileSync(out, `${JSON.stringify(r.report, null, 2)}\n`);
    return { message: `Wrote ${r.doc.title} to ${out}.\n` };
  } catch (e) {
    if (e instanceof Usage) return usage(e.message);
    if (e instanceof AppError && (e.data.code === 'validation' || e.data.code === 'not_found')) {
      return usage(e.data.messageKey === 'errors.unknown_ref' ? `no such ${e.data.field === 'firmId' ? 'firm' : 'person'}` : e.data.messageKey);
    }
    throw e;
  } finally {
    await closeDatabase(open);
  }
}
