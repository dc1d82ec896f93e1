// Address labels on A4 sheets: columns × rows of labels absolutely positioned in millimetres
// (the sheet's own geometry, margins editable), starting at label `startAt` of the first sheet
// (1 = top left, row by row) so a partly used sheet can be finished. Long addresses are set
// smaller to fit; what still does not fit is cut off at the label's edge, never spills over.
import type { LabelFormat, Locale } from '../../../shared/types.ts';
import { esc, page } from './page.ts';
import { lines, type PrintRecipient } from './model.ts';

const PT = 0.3528; // mm per point

/** The font size (pt) an address block gets on a label of this inner size: 10 pt, smaller for
 * long blocks, never below 6 pt. */
export function labelFontPt(block: string[], innerWidthMm: number, innerHeightMm: number): number {
  const longest = Math.max(1, ...block.map((l) => l.length));
  const byHeight = innerHeightMm / (Math.max(1, block.length) * 1.2 * PT);
  const byWidth = innerWidthMm / (longest * 0.52 * PT);
  return Math.max(6, Math.min(10, Math.floor(Math.min(byHeight, byWidth) * 2) / 2));
}

export interface LabelPosition { sheet: number; row: number; column: number; topMm: number; leftMm: number }

/** Where the i-th recipient's label goes. */
export function labelPosition(f: LabelFormat, startAt: number, i: number): LabelPosition {
  const perSheet = f.columns * f.rows;
  const slot = ((startAt - 1) % perSheet) + i;
  const sheet = Math.floor(slot / perSheet);
  const inSheet = slot % perSheet;
  const row = Math.floor(inSheet / f.columns);
  const column = inSheet % f.columns;
  return {
    sheet, row, column,
    topMm: round(f.marginTopMm + row * (f.labelHeightMm + f.gapYMm)),
    leftMm: round(f.marginLeftMm + column * (f.labelWidthMm + f.gapXMm)),
  };
}

const round = (n: number) => Math.round(n * 100) / 100;

export function renderLabels(opts: { format: LabelFormat; startAt: number; recipients: PrintRecipient[]; locale: Locale; title: string }): string {
  const f = opts.format;
  const sheets: string[][] = [];
  const innerW = f.labelWidthMm - 2 * f.paddingMm;
  const innerH = f.labelHeightMm - 2 * f.paddingMm;
  opts.recipients.forEach((r, i) => {
    const p = labelPosition(f, opts.startAt, i);
    const block = lines(r.addressBlock);
    const size = labelFontPt(block, innerW, innerH);
    (sheets[p.sheet] ??= []).push(`<div class="label" data-row="${p.row + 1}" data-column="${p.column + 1}" style="top:${p.topMm}mm;left:${p.leftMm}mm;font-size:${size}pt">`
      + `<div class="in">${block.map(esc).join('<br>')}</div></div>`);
  });
  if (sheets.length === 0) sheets.push([]);
  const css = `
.sheet{position:relative;width:210mm;height:297mm;overflow:hidden;break-after:page}
.sheet:last-child{break-after:auto}
.label{position:absolute;width:${f.labelWidthMm}mm;height:${f.labelHeightMm}mm;padding:${f.paddingMm}mm;overflow:hidden;
  display:flex;align-items:center;line-height:1.2}
.label .in{max-width:100%;max-height:100%;overflow:hidden;overflow-wrap:anywhere}
@media screen{.sheet{background:#fff;margin:0 auto 6mm}.label{outline:0.2mm dashed #bbb}}`;
  return page({
    lang: opts.locale, title: opts.title, size: 'A4', margin: '0', css,
    body: [...sheets].map((s) => `<div class="sheet">${(s ?? []).join('\n')}</div>`).join('\n'),
  });
}
