// Letters: a template with {{merge}} fields and a letterhead → one page (or more) per recipient,
// in one HTML. Pure: data in, HTML out. The address sits in the window of a DL window envelope
// (ČSN 01 6910 / DIN 5008: the address field 20 mm from the left edge, 45 mm from the top,
// 85 × 40 mm); the footer carries the company ids and the bank on every page.
import type { Letterhead, LetterTemplate, LetterVariant, Locale } from '../../../shared/types.ts';
import { MERGE_FIELDS } from '../../../shared/types.ts';
import { AppError } from '../../../shared/errors.ts';
import { esc, page } from './page.ts';
import { texts } from './texts.ts';
import { lines, senderBlock, type PrintRecipient } from './model.ts';

const FIELD = /\{\{\s*([^{}]*?)\s*\}\}/g;
const KNOWN = new Set<string>(MERGE_FIELDS);
const USER_FIELD = /^field:([0-9a-f-]{36})$/;

export type LetterText = Pick<LetterTemplate, 'subject' | 'body' | 'closing'>;
/** A template as letters print it: its own language's text and the variants in others. */
export type LetterSource = LetterText & { language: Locale; variants?: readonly LetterVariant[] };

/** The template's text in each of its languages, its own first. */
export function letterTexts(t: LetterSource): Map<Locale, LetterText> {
  const out = new Map<Locale, LetterText>([[t.language, t]]);
  for (const v of t.variants ?? []) if (!out.has(v.language)) out.set(v.language, v);
  return out;
}

/** The merge fields a text names, in order of appearance. */
export function mergeFieldNames(text: string): string[] {
  return [...text.matchAll(FIELD)].map((m) => m[1]!);
}

/** The user-field ids a template names ({{field:<id>}}), in any of its languages. */
export function userFieldIds(t: LetterText & { variants?: readonly LetterText[] }): string[] {
  const ids = new Set<string>();
  for (const part of [t, ...(t.variants ?? [])].flatMap((x) => [x.subject, x.body, x.closing])) {
    for (const name of mergeFieldNames(part)) {
      const m = USER_FIELD.exec(name);
      if (m) ids.add(m[1]!);
    }
  }
  return [...ids];
}

/** Every merge field must be known (a built-in one, or a live user field): the first unknown one
 * is a validation error naming it (errors.merge_field, params {name}) on the part it is in. */
export function checkMergeFields(t: LetterText, liveFieldIds: ReadonlySet<string>, fieldPrefix = ''): void {
  for (const part of ['subject', 'body', 'closing'] as const) {
    for (const name of mergeFieldNames(t[part])) {
      const m = USER_FIELD.exec(name);
      if (KNOWN.has(name) || (m && liveFieldIds.has(m[1]!))) continue;
      throw new AppError({ code: 'validation', messageKey: 'errors.merge_field', field: `${fieldPrefix}${part}`, params: { name } });
    }
  }
}

/** The text with its fields filled: literal text and values alike escaped, newlines as <br>. */
export function mergeHtml(text: string, values: Record<string, string>): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(FIELD)) {
    out += esc(text.slice(last, m.index));
    out += esc(values[m[1]!] ?? '');
    last = m.index! + m[0].length;
  }
  out += esc(text.slice(last));
  return out.replace(/\r?\n/g, '<br>');
}

/** Blank lines separate paragraphs; a single newline is a line break. */
export function paragraphs(text: string, values: Record<string, string>): string {
  return text.replace(/\r\n/g, '\n').split(/\n[ \t]*\n+/).map((p) => p.trim()).filter(Boolean)
    .map((p) => `<p>${mergeHtml(p, values)}</p>`).join('\n');
}

/** The footer lines: company and ids, bank, the extra note. */
export function letterFooter(lh: Letterhead, locale: Locale): string[] {
  const t = texts(locale);
  const ids = [lh.companyName, lh.ico && `${t.ico_short} ${lh.ico}`, lh.dic && `${t.dic_short} ${lh.dic}`].filter(Boolean).join(' · ');
  const bank = [lh.bankName && `${t.bank}: ${lh.bankName}`, lh.bankAccount, lh.iban && `${t.iban} ${lh.iban}`].filter(Boolean).join(' · ');
  return [ids, bank, lh.footerNote].filter(Boolean);
}

export function letterheadHtml(lh: Letterhead, locale: Locale): string {
  const t = texts(locale);
  const address = senderBlock(lh, locale).split('\n').slice(lh.companyName ? 1 : 0).join(', ');
  const contacts = [lh.phone && `${t.phone} ${lh.phone}`, lh.email, lh.web].filter(Boolean).join(' · ');
  return `<header class="lh">${lh.logoDataUrl ? `<img class="logo" src="${esc(lh.logoDataUrl)}" alt="">` : ''}
<div class="lh-text"><div class="lh-name">${esc(lh.companyName)}</div><div>${esc(address)}</div><div class="muted">${esc(contacts)}</div></div></header>`;
}

export const LETTER_CSS = `
body{font-family:'Noto Serif',serif;font-size:11pt;line-height:1.4}
.letter{break-before:page;position:relative}
.letter:first-child{break-before:auto}
.lh{height:35mm;display:flex;gap:6mm;align-items:flex-start;padding-top:4mm;overflow:hidden;font-family:'Noto Sans',sans-serif;font-size:9pt}
.lh .logo{max-height:22mm;max-width:45mm;object-fit:contain}
.lh-name{font-size:14pt;font-weight:700;margin-bottom:1mm}
.window{width:85mm;height:40mm;overflow:hidden;padding:2mm 0 0 0}
.window .ret{font-family:'Noto Sans',sans-serif;font-size:7pt;color:#444;border-bottom:0.2mm solid #888;margin-bottom:2mm;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.window .addr{font-size:11pt;line-height:1.3}
.dateline{text-align:right;margin:6mm 0 8mm}
.subject{font-weight:700;margin-bottom:6mm}
.letter p{margin:0 0 3.5mm;orphans:3;widows:3}
.closing{margin-top:8mm;break-inside:avoid}
.signature{margin-top:16mm}
`;

/** One letter's article. */
export function letterArticle(template: LetterText & { language: Locale }, lh: Letterhead, r: PrintRecipient, dateLine: string): string {
  const t = texts(template.language);
  const v = r.values;
  const returnLine = senderBlock(lh, template.language).split('\n').join(', ');
  const subject = template.subject.trim() ? `<div class="subject">${mergeHtml(template.subject, v)}</div>` : '';
  const closing = mergeHtml(template.closing.trim() || t.closing, v);
  const signature = [lh.signatureName, lh.signatureTitle].filter(Boolean).map(esc).join('<br>');
  return `<article class="letter" lang="${template.language}">
${letterheadHtml(lh, template.language)}
<div class="window">${returnLine ? `<div class="ret">${esc(returnLine)}</div>` : ''}<div class="addr">${lines(r.addressBlock).map(esc).join('<br>')}</div></div>
<div class="dateline">${esc(dateLine)}</div>
${subject}
<p class="salutation">${esc(r.salutation)},</p>
${paragraphs(template.body, v)}
<div class="closing">${closing}${signature ? `<div class="signature">${signature}</div>` : ''}</div>
</article>`;
}

/** Serial letters: one article per recipient, each starting on a new page, each in the
 * recipient's language when the template has it (PrintRecipient.language), else in its own. */
export function renderLetters(opts: {
  template: LetterSource & { name?: string };
  letterhead: Letterhead;
  recipients: PrintRecipient[];
  /** The place-and-date line in a language. */
  dateLine: (language: Locale) => string;
  title: string;
}): string {
  const { template, letterhead } = opts;
  const texts = letterTexts(template);
  const dateLines = new Map<Locale, string>();
  return page({
    lang: template.language, title: opts.title, size: 'A4', margin: '10mm 20mm 24mm 20mm',
    footer: letterFooter(letterhead, template.language), footerAlign: 'center', css: LETTER_CSS,
    body: opts.recipients.map((r) => {
      const language = texts.has(r.language) ? r.language : template.language;
      if (!dateLines.has(language)) dateLines.set(language, opts.dateLine(language));
      return letterArticle({ ...texts.get(language)!, language }, letterhead, r, dateLines.get(language)!);
    }).join('\n'),
  });
}
