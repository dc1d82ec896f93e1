// The HTML shell every printed document shares: one self-contained page (no scripts, no network)
// with the Noto fonts embedded as data: URLs (Latin, Latin-2 and Cyrillic, regular and bold, so
// the output looks the same on every machine), print CSS for the paper size, page breaks and the
// running header and footer with page numbers in @page margin boxes (Chromium 131+).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Locale } from '../../../shared/types.ts';

/** The one escaper: text into HTML (element content and quoted attributes alike). */
export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Text as a CSS string literal (the margin boxes' content). */
export function cssString(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\n\r\f]/g, ' ').replace(/</g, '\\3c ')}"`;
}

const SUBSETS = ['latin', 'latin-ext', 'cyrillic'] as const;
const WEIGHTS = [400, 700] as const;
const FAMILIES = [['noto-sans', 'Noto Sans'], ['noto-serif', 'Noto Serif']] as const;

let fontCss: string | null = null;

/** The @font-face rules with the woff2 files inlined; read once per process. */
export function fontFaces(): string {
  if (fontCss !== null) return fontCss;
  const require = createRequire(import.meta.url);
  const rules: string[] = [];
  for (const [pkg, family] of FAMILIES) {
    for (const weight of WEIGHTS) {
      const cssFile = require.resolve(`@fontsource/${pkg}/${weight}.css`);
      const css = fs.readFileSync(cssFile, 'utf8');
      for (const subset of SUBSETS) {
        const name = `${pkg}-${subset}-${weight}-normal`;
        // The package's own unicode-range for the subset: the browser only uses the file for those characters.
        const block = css.split('/* ').find((b) => b.startsWith(`${name} */`));
        const range = block?.match(/unicode-range:\s*([^;]+);/)?.[1];
        if (!range) throw new Error(`Font subset ${name} not found in ${cssFile}`);
        const file = path.join(path.dirname(cssFile), 'files', `${name}.woff2`);
        const data = fs.readFileSync(file).toString('base64');
        rules.push(`@font-face{font-family:'${family}';font-style:normal;font-weight:${weight};font-display:swap;`
          + `src:url(data:font/woff2;base64,${data}) format('woff2');unicode-range:${range.trim()};}`);
      }
    }
  }
  fontCss = rules.join('\n');
  return fontCss;
}

export interface PageOptions {
  lang: Locale;
  title: string;
  /** 'A4' portrait, or an envelope's own size in millimetres. */
  size: 'A4' | { widthMm: number; heightMm: number };
  /** The @page margin (CSS), e.g. '18mm 18mm 20mm 20mm'. */
  margin: string;
  /** Running header (top left) and footer text (bottom left, or centred; lines); '' none. */
  header?: string;
  footer?: string | string[];
  footerAlign?: 'left' | 'center';
  /** "Page 2 / 5" bottom right; the word before the numbers. */
  pageLabel?: string | null;
  /** The document's own CSS. */
  css: string;
  body: string;
}

const BASE_CSS = `
*{box-sizing:border-box}
html,body{margin:0;padding:0}
body{font-family:'Noto Sans',sans-serif;font-size:10pt;line-height:1.35;color:#111;-webkit-print-color-adjust:exact;print-color-adjust:exact}
h1,h2,h3{margin:0;line-height:1.2}
table{border-collapse:collapse;width:100%}
tr,li,.keep{break-inside:avoid}
section{break-inside:avoid-page}
h2,h3{break-after:avoid}
.sheet-break{break-after:page}
.muted{color:#555}
@media screen{body{background:#e8e8e8}}
`;

/** Every face in use from the start: a font is otherwise fetched only when some text needs it,
 * and text that first needs it in a running header or footer may be printed before it arrives.
 * Printers wait for document.fonts.ready (pdf.ts, the desktop shell); should one not, swap (not
 * block) prints a fallback face rather than invisible text — a loaded machine once printed a
 * brief with no text at all under font-display:block. One letter of each subset, sans and serif,
 * both weights. */
const FONT_WARMUP = `<div aria-hidden="true" style="position:absolute;left:0;top:0;width:0;height:0;overflow:hidden;visibility:hidden">${
  ['Noto Sans', 'Noto Serif'].flatMap((family) => [400, 700].map((w) => `<span style="font-family:'${family}';font-weight:${w}">aČж</span>`)).join('')}</div>`;

/** The whole document. */
export function page(o: PageOptions): string {
  const size = o.size === 'A4' ? 'A4' : `${o.size.widthMm}mm ${o.size.heightMm}mm`;
  const boxes: string[] = [];
  const box = 'font-family:"Noto Sans",sans-serif;font-size:8pt;color:#555';
  if (o.header) boxes.push(`@top-left{content:${cssString(o.header)};${box}}`);
  const footer = (Array.isArray(o.footer) ? o.footer : [o.footer ?? '']).filter(Boolean);
  if (footer.length) {
    boxes.push(`@bottom-${o.footerAlign ?? 'left'}{content:${footer.map(cssString).join(' "\\A" ')};white-space:pre-wrap;`
      + `text-align:${o.footerAlign ?? 'left'};${box}}`);
  }
  if (o.pageLabel) boxes.push(`@bottom-right{content:${cssString(`${o.pageLabel} `)} counter(page) " / " counter(pages);${box}}`);
  const pageCss = `@page{size:${size};margin:${o.margin};${boxes.join('')}}`;
  return `<!doctype html>
<html lang="${esc(o.lang)}"><head><meta charset="utf-8"><title>${esc(o.title)}</title>
<style>
${fontFaces()}
${pageCss}
${BASE_CSS}
${o.css}
</style></head>
<body>
${FONT_WARMUP}
${o.body}
</body></html>
`;
}
