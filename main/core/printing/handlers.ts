// Printing: meeting briefs, letters from templates, label sheets and envelopes — each rendered
// by a pure document function into one self-contained HTML page (preview, print and PDF alike)
// — and the templates, the letterhead and the label formats they use.
import type { HandlerMap } from '../handler-types.ts';
import type { Ctx } from '../context.ts';
import { notFound, stamps } from '../context.ts';
import type { LabelFormat, LetterTemplate, LetterVariant, Locale, PrintDoc, PrintLanguageMismatch, PrintSkip, SalutationStyle } from '../../../shared/types.ts';
import { LOCALES } from '../../../shared/types.ts';
import { countryLanguage } from '../../../shared/locale.ts';
import { uuidv7 } from '../util/ids.ts';
import { fold } from '../duplicates/normalize.ts';
import { invalid, localDay } from '../mailing/select.ts';
import { loadBriefData } from './brief-data.ts';
import { renderBrief } from './brief.ts';
import { checkMergeFields, letterTexts, renderLetters, userFieldIds, type LetterSource } from './letter.ts';
import { renderLabels } from './labels.ts';
import { renderEnvelopes } from './envelopes.ts';
import { loadRecipients, resolveTarget, type PrintTarget, type ResolveOptions } from './recipients.ts';
import { EMPTY_LETTERHEAD, type PrintRecipient } from './model.ts';
import { loadLetterhead, saveLetterhead } from './letterhead.ts';
import { longDate, placeDateLine, texts } from './texts.ts';

const sameName = (a: string, b: string) => fold(a.trim()) === fold(b.trim());
const collator = () => new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });


async function liveFieldIds(ctx: Ctx): Promise<Set<string>> {
  return new Set((await ctx.db.selectFrom('field_defs').select('id').where('deleted_at', 'is', null).execute()).map((r) => r.id));
}

/** Who prints: their name, e-mail, phone and position (the first-start profile, app/profile.ts). */
async function localProfile(ctx: Ctx): Promise<ResolveOptions['user']> {
  const u = await ctx.db.selectFrom('users').select(['name', 'email', 'phone', 'position']).where('id', '=', ctx.localUserId).executeTakeFirst();
  return { name: u?.name ?? '', email: u?.email ?? '', phone: u?.phone ?? '', position: u?.position ?? '' };
}

/** Recipients loaded between two progress steps of a print job (a few tenths of a second at most). */
const RECIPIENTS_PER_STEP = 500;

/** The target's recipients; with `limit`, only as many printable ones (read in growing slices). */
async function recipientsOf(ctx: Ctx, target: PrintTarget, locale: Locale, o: ResolveOptions, limit: number | null = null)
  : Promise<{ recipients: PrintRecipient[]; skipped: PrintSkip[] }> {
  const refs = await resolveTarget(ctx, target, locale);
  if (limit === null && !ctx.job) return loadRecipients(ctx, refs, o);
  if (limit === null) {
    // Serial work the user waits for: loaded a slice at a time, each counted (jobs.ts), so the
    // window shows how far it got and a cancel stops it between slices.
    const job = ctx.job!;
    const out: { recipients: PrintRecipient[]; skipped: PrintSkip[] } = { recipients: [], skipped: [] };
    await job.step(0, refs.length);
    for (let i = 0; i < refs.length; i += RECIPIENTS_PER_STEP) {
      const part = await loadRecipients(ctx, refs.slice(i, i + RECIPIENTS_PER_STEP), o);
      out.recipients.push(...part.recipients);
      out.skipped.push(...part.skipped);
      await job.step(Math.min(i + RECIPIENTS_PER_STEP, refs.length), refs.length);
    }
    return out;
  }
  const out: { recipients: PrintRecipient[]; skipped: PrintSkip[] } = { recipients: [], skipped: [] };
  for (let i = 0, size = Math.max(limit * 2, 50); i < refs.length && out.recipients.length < limit; i += size, size *= 2) {
    const part = await loadRecipients(ctx, refs.slice(i, i + size), o);
    out.recipients.push(...part.recipients);
    out.skipped.push(...part.skipped);
  }
  out.recipients = out.recipients.slice(0, limit);
  return out;
}

async function commonOptions(ctx: Ctx, language: ResolveOptions['language'], style: SalutationStyle, day: string, fieldIds: string[] = []): Promise<ResolveOptions> {
  const [lh, user] = await Promise.all([loadLetterhead(ctx), localProfile(ctx)]);
  // A letterhead without a signer: whoever prints signs, with their position under the name.
  const letterhead = lh.signatureName.trim() ? lh : { ...lh, signatureName: user.name, signatureTitle: user.position };
  return { language, style, letterhead, day, user, fieldIds };
}

/** The stored variants (JSON), only well-formed ones in a known language other than the template's. */
function parseVariants(json: string, own: string): LetterVariant[] {
  let raw: unknown;
  try { raw = JSON.parse(json); } catch { return []; }
  if (!Array.isArray(raw)) return [];
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  return raw.filter((v): v is Record<string, unknown> => !!v && typeof v === 'object' && (LOCALES as readonly unknown[]).includes((v as { language?: unknown }).language)
    && (v as { language: unknown }).language !== own)
    .map((v) => ({ language: v.language as Locale, subject: str(v.subject), body: str(v.body), closing: str(v.closing) }));
}

function toTemplate(r: { id: string; name: string; language: string; style: string; subject: string; body: string; closing: string; variants: string; updated_at: number }): LetterTemplate {
  return {
    id: r.id, name: r.name, language: r.language as Locale, style: r.style as SalutationStyle, subject: r.subject, body: r.body, closing: r.closing,
    variants: parseVariants(r.variants, r.language), updatedAt: r.updated_at,
  };
}

/** Each recipient's letter language: their country's when the template has it, else English
 * when it has that, else the template's own. */
function languageChooser(template: LetterSource): (country: string) => Locale {
  const texts = letterTexts(template);
  return (country) => {
    const wanted = countryLanguage(country);
    return texts.has(wanted) ? wanted : texts.has('en') ? 'en' : template.language;
  };
}

function toFormat(r: { id: string; name: string; columns: number; rows: number; label_width_mm: number; label_height_mm: number; margin_top_mm: number;
  margin_left_mm: number; gap_x_mm: number; gap_y_mm: number; padding_mm: number; built_in: number }): LabelFormat {
  return {
    id: r.id, name: r.name, columns: r.columns, rows: r.rows, labelWidthMm: r.label_width_mm, labelHeightMm: r.label_height_mm,
    marginTopMm: r.margin_top_mm, marginLeftMm: r.margin_left_mm, gapXMm: r.gap_x_mm, gapYMm: r.gap_y_mm, paddingMm: r.padding_mm,
    builtIn: r.built_in === 1,
  };
}

/** A sheet must hold its grid: the labels may not run off the A4 page. */
function checkGeometry(f: { columns: number; rows: number; labelWidthMm: number; labelHeightMm: number; marginTopMm: number; marginLeftMm: number; gapXMm: number; gapYMm: number; paddingMm: number }): void {
  const w = f.marginLeftMm + f.columns * f.labelWidthMm + (f.columns - 1) * f.gapXMm;
  const h = f.marginTopMm + f.rows * f.labelHeightMm + (f.rows - 1) * f.gapYMm;
  if (w > 210.5) throw invalid('errors.out_of_range', 'labelWidthMm');
  if (h > 297.5) throw invalid('errors.out_of_range', 'labelHeightMm');
  if (2 * f.paddingMm >= Math.min(f.labelWidthMm, f.labelHeightMm)) throw invalid('errors.out_of_range', 'paddingMm');
}

export const printHandlers = {
  'print.brief': async (input, ctx) => {
    const today = input.today ?? localDay(ctx.now());
    const data = await loadBriefData(ctx, { firmId: input.firmId, personId: input.personId, locale: input.locale, contacts: input.contacts, today });
    const html = renderBrief(data);
    const t = texts(input.locale);
    const name = data.person ? `${data.person.firstName} ${data.person.lastName}`.trim() : data.card.firm.name;
    return { title: `${data.person ? t.personBriefTitle : t.briefTitle} – ${name}`, html, count: 1, skipped: [] } satisfies PrintDoc;
  },

  /** Each letter in the language of the recipient's country when the template has it (else
   * English, else the template's own), and the recipients who would get one not theirs listed. */
  'print.letters': async (input, ctx) => {
    let template: LetterSource & { style: SalutationStyle; name: string };
    if (input.templateId) {
      const row = await ctx.db.selectFrom('letter_templates').selectAll().where('id', '=', input.templateId).where('deleted_at', 'is', null).executeTakeFirst();
      if (!row) throw invalid('errors.unknown_ref', 'templateId');
      template = toTemplate(row);
    } else {
      template = input.template!;
    }
    const live = await liveFieldIds(ctx);
    const prefix = input.templateId ? '' : 'template.';
    checkMergeFields(template, live, prefix);
    (template.variants ?? []).forEach((v, i) => checkMergeFields(v, live, `${prefix}variants.${i}.`));
    if (input.language && !letterTexts(template).has(input.language)) throw invalid('errors.invalid', 'language');
    const day = input.date ?? localDay(ctx.now());
    const forced = input.language;
    const o = await commonOptions(ctx, forced ?? languageChooser(template), template.style, day, userFieldIds(template));
    const { recipients, skipped } = await recipientsOf(ctx, input.target, input.locale, o, input.limit);
    const html = renderLetters({
      template, letterhead: o.letterhead, recipients, title: template.name || texts(template.language).letters,
      dateLine: (language) => placeDateLine(o.letterhead.city, day, language),
    });
    const mismatched: PrintLanguageMismatch[] = forced ? [] : recipients.filter((r) => countryLanguage(r.country) !== r.language)
      .map((r) => ({ firmId: r.firmId, personId: r.personId, name: r.name, country: r.country, wanted: countryLanguage(r.country), language: r.language }));
    return { title: template.name || texts(template.language).letters, html, count: recipients.length, skipped, mismatched } satisfies PrintDoc;
  },

  'print.labels': async (input, ctx) => {
    const row = await ctx.db.selectFrom('label_formats').selectAll().where('id', '=', input.formatId).where('deleted_at', 'is', null).executeTakeFirst();
    if (!row) throw invalid('errors.unknown_ref', 'formatId');
    if (input.measures) checkGeometry(input.measures);
    const format = { ...toFormat(row), ...input.measures };
    if (input.startAt > format.columns * format.rows) throw invalid('errors.out_of_range', 'startAt');
    const o = await commonOptions(ctx, input.locale, 'formal', localDay(ctx.now()));
    const { recipients, skipped } = await recipientsOf(ctx, input.target, input.locale, o);
    const title = `${texts(input.locale).labels} – ${format.name}`;
    return { title, html: renderLabels({ format, startAt: input.startAt, recipients, locale: input.locale, title }), count: recipients.length, skipped } satisfies PrintDoc;
  },

  'print.envelopes': async (input, ctx) => {
    const o = await commonOptions(ctx, input.locale, 'formal', localDay(ctx.now()));
    const { recipients, skipped } = await recipientsOf(ctx, input.target, input.locale, o);
    const title = `${texts(input.locale).envelopes} ${input.size}`;
    const html = renderEnvelopes({ size: input.size, window: input.window, letterhead: input.returnAddress ? o.letterhead : null, recipients, locale: input.locale, title });
    return { title, html, count: recipients.length, skipped } satisfies PrintDoc;
  },

  // ---- templates -------------------------------------------------------------------------------
  'templates.list': async (_input, ctx) => {
    const rows = await ctx.db.selectFrom('letter_templates').selectAll().where('deleted_at', 'is', null).execute();
    const c = collator();
    return rows.map(toTemplate).sort((a, b) => c.compare(a.name, b.name) || (a.id < b.id ? -1 : 1));
  },

  /** A new template, or `id`'s; names unique (ignoring case and diacritics); every merge field known. */
  'templates.save': async (input, ctx) => {
    if (input.id) {
      const row = await ctx.db.selectFrom('letter_templates').select('id').where('id', '=', input.id).where('deleted_at', 'is', null).executeTakeFirst();
      if (!row) throw notFound();
    }
    const others = await ctx.db.selectFrom('letter_templates').select(['id', 'name']).where('deleted_at', 'is', null).execute();
    if (others.some((o) => o.id !== input.id && sameName(o.name, input.name))) throw invalid('errors.template_name_taken', 'name');
    const live = await liveFieldIds(ctx);
    checkMergeFields(input, live);
    const now = ctx.now();
    input.variants.forEach((v, i) => checkMergeFields(v, live, `variants.${i}.`));
    const values = {
      name: input.name, language: input.language, style: input.style, subject: input.subject, body: input.body, closing: input.closing,
      variants: JSON.stringify(input.variants.map((v) => ({ language: v.language, subject: v.subject, body: v.body, closing: v.closing }))),
    };
    if (input.id) {
      await ctx.db.updateTable('letter_templates').set({ ...values, updated_at: now }).where('id', '=', input.id).execute();
      return { id: input.id };
    }
    const id = uuidv7(now);
    await ctx.db.insertInto('letter_templates').values({ id, ...values, ...stamps(now) }).execute();
    return { id };
  },

  'templates.delete': async ({ id }, ctx) => {
    const now = ctx.now();
    const r = await ctx.db.updateTable('letter_templates').set({ deleted_at: now, updated_at: now }).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw notFound();
    return { id };
  },

  // ---- letterhead ------------------------------------------------------------------------------
  'letterhead.get': async (_input, ctx) => loadLetterhead(ctx),

  'letterhead.save': async (input, ctx) => {
    await saveLetterhead(ctx, input);
    return { ok: true as const };
  },

  // ---- label formats ---------------------------------------------------------------------------
  'labelFormats.list': async (_input, ctx) => {
    const rows = await ctx.db.selectFrom('label_formats').selectAll().where('deleted_at', 'is', null).execute();
    const c = collator();
    return rows.map(toFormat).sort((a, b) => Number(b.builtIn) - Number(a.builtIn) || c.compare(a.name, b.name) || (a.id < b.id ? -1 : 1));
  },

  'labelFormats.save': async (input, ctx) => {
    let existing: { id: string; built_in: number } | undefined;
    if (input.id) {
      existing = await ctx.db.selectFrom('label_formats').select(['id', 'built_in']).where('id', '=', input.id).where('deleted_at', 'is', null).executeTakeFirst();
      if (!existing) throw notFound();
    }
    const others = await ctx.db.selectFrom('label_formats').select(['id', 'name']).where('deleted_at', 'is', null).execute();
    if (others.some((o) => o.id !== input.id && sameName(o.name, input.name))) throw invalid('errors.label_format_name_taken', 'name');
    checkGeometry(input);
    const now = ctx.now();
    const values = {
      name: input.name, columns: input.columns, rows: input.rows, label_width_mm: input.labelWidthMm, label_height_mm: input.labelHeightMm,
      margin_top_mm: input.marginTopMm, margin_left_mm: input.marginLeftMm, gap_x_mm: input.gapXMm, gap_y_mm: input.gapYMm, padding_mm: input.paddingMm,
    };
    if (existing) {
      await ctx.db.updateTable('label_formats').set({ ...values, updated_at: now }).where('id', '=', existing.id).execute();
      return { id: existing.id };
    }
    const id = uuidv7(now);
    await ctx.db.insertInto('label_formats').values({ id, ...values, built_in: 0, ...stamps(now) }).execute();
    return { id };
  },

  'labelFormats.delete': async ({ id }, ctx) => {
    const row = await ctx.db.selectFrom('label_formats').select(['id', 'built_in']).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
    if (!row) throw notFound();
    if (row.built_in === 1) throw invalid('errors.label_format_built_in', 'id');
    const now = ctx.now();
    await ctx.db.updateTable('label_formats').set({ deleted_at: now, updated_at: now }).where('id', '=', id).execute();
    return { id };
  },
} satisfies Partial<HandlerMap>;
