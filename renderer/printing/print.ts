// Pure helpers of the printing screens (tested in print.test.ts): inserting a merge field at
// the cursor, the label sheet's positions, the logo upload check and the print target chosen.
import type { Input } from '../../shared/contract.ts';
import type { LabelFormat, Recipients } from '../../shared/types.ts';

export type PrintTarget = Input<'print.letters'>['target'];

/** `{{key}}` put where the cursor is (replacing a selection); the caret lands after it. */
export function insertAtCursor(text: string, start: number, end: number, token: string): { text: string; caret: number } {
  const a = Math.max(0, Math.min(start, text.length));
  const b = Math.max(a, Math.min(end, text.length));
  return { text: text.slice(0, a) + token + text.slice(b), caret: a + token.length };
}

export const mergeToken = (key: string): string => `{{${key}}}`;
export const userFieldToken = (fieldId: string): string => `{{field:${fieldId}}}`;

/** Labels on one sheet of the format (the start position picker offers 1…this). */
export function labelsPerSheet(f: Pick<LabelFormat, 'columns' | 'rows'>): number {
  return Math.max(1, f.columns * f.rows);
}

/** Logos: PNG or JPEG up to 300 kB (the letterhead keeps them as data: URLs). */
export const LOGO_MAX_BYTES = 300 * 1024;
export function logoProblem(file: { type: string; size: number }): string | null {
  if (file.type !== 'image/png' && file.type !== 'image/jpeg') return 'printing.letterhead.logo_type';
  if (file.size > LOGO_MAX_BYTES) return 'printing.letterhead.logo_size';
  return null;
}

export type TargetKind = 'selection' | 'segment' | 'firm';

/** What the target controls chose, as the contract's print target (null while incomplete). */
export function buildTarget(kind: TargetKind, id: string | null, recipients: Recipients = 'firms'): PrintTarget | null {
  if (!id) return null;
  if (kind === 'selection') return { from: 'selection', selectionId: id };
  if (kind === 'segment') return { from: 'segment', segmentId: id, recipients };
  return { from: 'firm', firmId: id, personId: null };
}

/** A PDF's name from the document's title: no path characters, never empty, ends in .pdf. */
export function pdfName(title: string): string {
  const base = title.replace(/[\\/:*?"<>|\u0000-\u001f]/g, ' ').replace(/\s+/g, ' ').replace(/^[.\s]+|[.\s]+$/g, '').slice(0, 120);
  return `${base || 'document'}.pdf`;
}

const CSS_LENGTHS = /^(\d+(\.\d+)?(mm|cm|in|pt|px)?\s*){1,4}$/;

/** The document as the preview shows it: on screen (only) the page as a white sheet of the
 * document's own @page size, its @page margins as padding, letters separated by a rule. Print
 * and PDF ignore this (media screen): what is printed is the core's document unchanged. */
export function screenView(html: string): string {
  const block = /@page\s*\{([^{}]*)/.exec(html)?.[1] ?? '';
  const size = /(?:^|[;\s])size:\s*([^;]+)/.exec(block)?.[1]?.trim() ?? 'A4';
  let width = '210mm';
  let height = '297mm';
  const dims = /^(\d+(?:\.\d+)?mm)\s+(\d+(?:\.\d+)?mm)$/.exec(size);
  if (dims) { width = dims[1]!; height = dims[2]!; }
  const rawMargin = /(?:^|[;\s])margin:\s*([^;]+)/.exec(block)?.[1]?.trim() ?? '0';
  const margin = CSS_LENGTHS.test(rawMargin) ? rawMargin : '0';
  const css = `<style media="screen">html{background:#dee2e6}body{width:${width};min-height:${height};margin:16px auto;`
    + `padding:${margin};background:#fff;box-shadow:0 1px 6px rgba(0,0,0,.3)}`
    + `.sheet-break{border-bottom:1px dashed #adb5bd;padding-bottom:8mm;margin-bottom:8mm}</style>`;
  const at = html.search(/<\/head>/i);
  return at < 0 ? css + html : html.slice(0, at) + css + html.slice(at);
}
