// `kartoteka import FILE`: the wizard's steps without the wizard — stage the file, map its
// columns (the remembered or suggested mapping, or --mapping FILE.json), dry-run, and unless
// --dry-run, run in one transaction. The report lists problems by line and field in the
// chosen language. Invalid rows refuse the whole import (exit 1) unless --skip-invalid; a dry
// run with invalid rows also exits 1, so a script can check a file before importing it.
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase, closeDatabase, type OpenOptions } from '../core/db/open.ts';
import { createCore, type CoreOptions } from '../core/dispatcher.ts';
import { AppError } from '../../shared/errors.ts';
import { IMPORT_KINDS, isImportTarget, type ImportKind, type ImportMapping } from '../../shared/import-targets.ts';
import { IMPORT_MODES, type ImportIssue, type ImportMode, type ImportReport, type ImportStaged } from '../../shared/imports.ts';
import type { Locale } from '../../shared/types.ts';
import { LOCALES } from '../../shared/types.ts';
import enBase from '../../renderer/i18n/en.json' with { type: 'json' };
import csBase from '../../renderer/i18n/cs.json' with { type: 'json' };
import huBase from '../../renderer/i18n/hu.json' with { type: 'json' };
import ruBase from '../../renderer/i18n/ru.json' with { type: 'json' };
import enCard from '../../renderer/i18n/card.en.json' with { type: 'json' };
import csCard from '../../renderer/i18n/card.cs.json' with { type: 'json' };
import huCard from '../../renderer/i18n/card.hu.json' with { type: 'json' };
import ruCard from '../../renderer/i18n/card.ru.json' with { type: 'json' };
import enImport from '../../renderer/i18n/import.en.json' with { type: 'json' };
import csImport from '../../renderer/i18n/import.cs.json' with { type: 'json' };
import huImport from '../../renderer/i18n/import.hu.json' with { type: 'json' };
import ruImport from '../../renderer/i18n/import.ru.json' with { type: 'json' };


export interface ImportArgs {
  kind?: string; mode?: string; mapping?: string; 'dry-run'?: boolean; 'skip-invalid'?: boolean; locale: string;
}
export type ImportOutcome = { message: string; code: number } | { usage: string };

type Errors = Record<string, string>;
const ERRORS: Record<Locale, Errors> = {
  en: { ...(enBase as { errors?: Errors }).errors, ...(enCard as { errors?: Errors }).errors, ...enImport.errors },
  cs: { ...(csBase as { errors?: Errors }).errors, ...(csCard as { errors?: Errors }).errors, ...csImport.errors },
  hu: { ...(huBase as { errors?: Errors }).errors, ...(huCard as { errors?: Errors }).errors, ...huImport.errors },
  ru: { ...(ruBase as { errors?: Errors }).errors, ...(ruCard as { errors?: Errors }).errors, ...ruImport.errors },
};

/** An error key in the language, with its {{params}} filled in (the key itself if untranslated). */
export function say(locale: Locale, key: string, params: Record<string, string | number> = {}): string {
  const base = key.replace(/^errors\./, '');
  // A counted message exists in its plural forms only (errors.import_invalid_rows_few…).
  const plural = typeof params.count === 'number' ? `${base}_${new Intl.PluralRules(locale).select(params.count)}` : null;
  const text = (plural && (ERRORS[locale][plural] ?? ERRORS[locale][`${base}_other`])) ?? ERRORS[locale][base] ?? ERRORS.en[base] ?? key;
  return text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(params[k] ?? ''));
}

export function issueLine(locale: Locale, headers: readonly string[], i: ImportIssue): string {
  const where = i.column === null ? `line ${i.line}` : `line ${i.line}, column ${i.column + 1} "${headers[i.column] ?? ''}" (${i.target})`;
  return `${where}: ${say(locale, i.messageKey, i.params)}`;
}

export function reportText(locale: Locale, headers: readonly string[], r: ImportReport, done: string): string {
  const c = r.counts;
  const lines = [`${done}: ${c.rows} rows — ${c.created} new, ${c.updated} updated, ${c.unchanged} unchanged, ${c.skipped} skipped by the mode, ${c.duplicate} duplicate, ${c.invalid} invalid`];
  for (const i of r.issues) lines.push(`  ${issueLine(locale, headers, i)}`);
  if (r.totalIssues > r.issues.length) lines.push(`  … and ${r.totalIssues - r.issues.length} more`);
  return `${lines.join('\n')}\n`;
}

export async function importCommand(db: string, file: string | undefined, args: ImportArgs, opts: { db?: OpenOptions; core?: CoreOptions } = {}): Promise<ImportOutcome> {
  const usage = (text: string): ImportOutcome => ({ usage: text });
  if (!file) return usage('import needs the file to import');
  const kind = (args.kind ?? 'firms') as ImportKind;
  if (!(IMPORT_KINDS as readonly string[]).includes(kind)) return usage(`--kind must be one of ${IMPORT_KINDS.join(', ')}, not "${args.kind}"`);
  const mode = (args.mode ?? 'both') as ImportMode;
  if (!(IMPORT_MODES as readonly string[]).includes(mode)) return usage(`--mode must be one of ${IMPORT_MODES.join(', ')}, not "${args.mode}"`);
  if (!(LOCALES as readonly string[]).includes(args.locale)) return usage(`--locale must be one of ${LOCALES.join(', ')}, not "${args.locale}"`);
  const locale = args.locale as Locale;
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    return usage(`cannot read ${file}: ${(e as Error).message}`);
  }
  let given: Record<string, unknown> | null = null;
  if (args.mapping) {
    try {
      const parsed = JSON.parse(fs.readFileSync(args.mapping, 'utf8')) as unknown;
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return usage(`${args.mapping} must hold a JSON object`);
      given = parsed as Record<string, unknown>;
    } catch (e) {
      return usage(`cannot read the mapping ${args.mapping}: ${(e as Error).message}`);
    }
  }

  const open = await openDatabase(db, opts.db);
  try {
    const core = createCore(open, opts.core);
    const call = async <T>(channel: string, input: unknown): Promise<T> => {
      const { envelope } = await core.dispatch(channel, input);
      if (!envelope.ok) throw new AppError(envelope.error);
      return envelope.value as T;
    };
    const fileName = path.basename(file);
    const s = await call<ImportStaged>('imports.stage', { fileName, kind, content: bytes.toString('base64') });
    let mapping: ImportMapping = s.mapping;
    if (given) {
      mapping = {};
      for (const [key, target] of Object.entries(given)) {
        const col = /^\d+$/.test(key) ? Number(key) : s.headers.findIndex((h) => h.trim() === key.trim());
        if (col < 0 || col >= Math.max(s.headers.length, 1)) return usage(`the mapping names a column the file does not have: "${key}"`);
        if (target !== null && (typeof target !== 'string' || !isImportTarget(target))) return usage(`the mapping's target for "${key}" is not one Kartoteka knows: ${JSON.stringify(target)}`);
        mapping[col] = target as ImportMapping[number];
      }
    }
    const mapped = Object.entries(mapping).filter(([, t]) => t).map(([c, t]) => `${s.headers[Number(c)] ?? c} → ${t}`);
    const head = `${fileName}: ${s.format}${s.encoding ? `, ${s.encoding.name}` : ''}${s.delimiter ? `, delimiter "${s.delimiter}"` : ''}, ${s.totalRows} rows\n`
      + `mapping${s.remembered && !given ? ' (remembered)' : given ? '' : ' (suggested)'}: ${mapped.join(', ') || 'none'}\n`;
    const spec = { token: s.token, fileName, kind, mapping, mode };
    if (args['dry-run']) {
      const r = await call<ImportReport>('imports.dryRun', spec);
      return { message: head + reportText(locale, s.headers, r, 'dry run'), code: r.counts.invalid > 0 && !args['skip-invalid'] ? 1 : 0 };
    }
    const { envelope } = await core.dispatch('imports.run', { ...spec, skipInvalid: args['skip-invalid'] ?? false });
    if (!envelope.ok) {
      if (envelope.error.messageKey !== 'errors.import_invalid_rows') throw new AppError(envelope.error);
      // Nothing was written: the dry run says which rows and fields are wrong.
      const r = await call<ImportReport>('imports.dryRun', spec);
      return { message: head + reportText(locale, s.headers, r, say(locale, envelope.error.messageKey, envelope.error.params)), code: 1 };
    }
    const r = envelope.value as ImportReport & { importId: string };
    return { message: `${head}${reportText(locale, s.headers, r, 'imported')}import ${r.importId}\n`, code: 0 };
  } finally {
    await closeDatabase(open);
  }
}
