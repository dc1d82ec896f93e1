// Envelopes, one per page in the envelope's own size (landscape): the return address (the
// letterhead) top left, the recipient where a window envelope of that size shows it — the
// window 20 mm from the left edge, 90 × 45 mm, its top 50 mm down on DL (15 mm above the bottom
// edge) and 52 mm down on C5 and C4 (where the folded or flat A4's address field lands). A
// right-window envelope has it 119 mm from the left edge (ČSN 01 6910's second address field);
// the return address then stays top left, clear of the window.
import type { EnvelopeSize, Letterhead, Locale } from '../../../shared/types.ts';
import { esc, page } from './page.ts';
import { lines, senderBlock, type PrintRecipient } from './model.ts';

export const ENVELOPES: Record<EnvelopeSize, { widthMm: number; heightMm: number; window: { leftMm: number; topMm: number; widthMm: number; heightMm: number } }> = {
  DL: { widthMm: 220, heightMm: 110, window: { leftMm: 20, topMm: 50, widthMm: 90, heightMm: 45 } },
  C5: { widthMm: 229, heightMm: 162, window: { leftMm: 20, topMm: 52, widthMm: 90, heightMm: 45 } },
  C4: { widthMm: 324, heightMm: 229, window: { leftMm: 20, topMm: 52, widthMm: 90, heightMm: 45 } },
};

/** Left edge of the address field of a right-window envelope (ČSN 01 6910). */
export const RIGHT_WINDOW_LEFT_MM = 119;

export function renderEnvelopes(opts: {
  size: EnvelopeSize; letterhead: Letterhead | null; recipients: PrintRecipient[]; locale: Locale; title: string;
  window?: 'left' | 'right';
}): string {
  const base = ENVELOPES[opts.size];
  const e = opts.window === 'right' ? { ...base, window: { ...base.window, leftMm: RIGHT_WINDOW_LEFT_MM } } : base;
  const ret = opts.letterhead ? lines(senderBlock(opts.letterhead, opts.locale)) : [];
  const css = `
.envelope{position:relative;width:${e.widthMm}mm;height:${e.heightMm}mm;overflow:hidden;break-after:page}
.envelope:last-child{break-after:auto}
.ret{position:absolute;left:10mm;top:8mm;width:80mm;font-size:8pt;line-height:1.3;color:#222}
.ret b{font-size:9pt}
.to{position:absolute;left:${e.window.leftMm}mm;top:${e.window.topMm}mm;width:${e.window.widthMm}mm;height:${e.window.heightMm}mm;
  padding:3mm 4mm;overflow:hidden;font-size:11pt;line-height:1.3;overflow-wrap:anywhere}
@media screen{.envelope{background:#fff;margin:0 auto 6mm}.to{outline:0.2mm dashed #bbb}}`;
  const retHtml = ret.length ? `<div class="ret"><b>${esc(ret[0])}</b>${ret.slice(1).map((l) => `<br>${esc(l)}`).join('')}</div>` : '';
  return page({
    lang: opts.locale, title: opts.title, size: { widthMm: e.widthMm, heightMm: e.heightMm }, margin: '0', css,
    body: opts.recipients.map((r) => `<div class="envelope">${retHtml}<div class="to">${lines(r.addressBlock).map(esc).join('<br>')}</div></div>`).join('\n'),
  });
}
