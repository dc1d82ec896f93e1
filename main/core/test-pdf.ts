// Test support: PDFs read back in JavaScript with pdfjs-dist (no poppler on the machine): the
// text of each page and each page's size in points.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

export interface PdfContent {
  /** The text of each page: runs on one line joined, a line break where pdfjs sees one. */
  pages: string[];
  /** Each page's width × height in points (1/72 in). */
  sizes: [number, number][];
  /** All pages' text, separated by form feeds (as pdftotext does). */
  text: string;
}

const require = createRequire(import.meta.url);
// The folders pdfjs needs for fonts a PDF does not embed and for CJK-style character maps; given
// so that no text is silently dropped if a printed document ever relies on them.
const pdfjsDir = path.dirname(require.resolve('pdfjs-dist/package.json'));
const asDirUrl = (dir: string) => pathToFileURL(path.join(pdfjsDir, dir)).href + '/';

async function open(file: string) {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjs.getDocument({
    data: new Uint8Array(fs.readFileSync(file)),
    standardFontDataUrl: asDirUrl('standard_fonts'),
    cMapUrl: asDirUrl('cmaps'),
    cMapPacked: true,
    verbosity: 0,
  });
}

export async function readPdf(file: string): Promise<PdfContent> {
  const task = await open(file);
  try {
    const doc = await task.promise;
    const pages: string[] = [];
    const sizes: [number, number][] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const { width, height } = page.getViewport({ scale: 1 });
      sizes.push([width, height]);
      const content = await page.getTextContent();
      let s = '';
      for (const item of content.items) {
        if (!('str' in item)) continue;
        s += item.str + (item.hasEOL ? '\n' : '');
      }
      pages.push(s);
      page.cleanup();
    }
    return { pages, sizes, text: pages.join('\f') };
  } finally {
    await task.destroy();
  }
}

/** Where each run of text sits on a page (1-based): its left edge and baseline in millimetres
 * from the page's top-left corner — to check that an address lands in an envelope's window. */
export async function textPlaces(file: string, pageNo = 1): Promise<{ str: string; xMm: number; yMm: number }[]> {
  const task = await open(file);
  try {
    const doc = await task.promise;
    const page = await doc.getPage(pageNo);
    const { height } = page.getViewport({ scale: 1 });
    const toMm = (pt: number) => (pt / 72) * 25.4;
    const out: { str: string; xMm: number; yMm: number }[] = [];
    for (const item of (await page.getTextContent()).items) {
      if (!('str' in item) || !item.str.trim()) continue;
      out.push({ str: item.str, xMm: toMm(item.transform[4]), yMm: toMm(height - item.transform[5]) });
    }
    page.cleanup();
    return out;
  } finally {
    await task.destroy();
  }
}

/** A PNG of the first page at `dpi`, drawn by pdfjs (glyphs from the fonts embedded in the PDF) on
 * @napi-rs/canvas, pdfjs-dist's own canvas for Node: a picture of the printed page for a person. */
export async function firstPageToPng(file: string, out: string, dpi = 70): Promise<void> {
  const task = await open(file);
  try {
    const doc = await task.promise;
    const page = await doc.getPage(1);
    const viewport = page.getViewport({ scale: dpi / 72 });
    const factory = doc.canvasFactory as { create(w: number, h: number): { canvas: { toBuffer(mime: 'image/png'): Buffer }; context: CanvasRenderingContext2D } };
    const { canvas, context } = factory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
    // The PDF's page is transparent where nothing is printed: paper is white.
    context.fillStyle = '#fff';
    context.fillRect(0, 0, Math.ceil(viewport.width), Math.ceil(viewport.height));
    await page.render({ canvas: canvas as unknown as HTMLCanvasElement, canvasContext: context, viewport }).promise;
    fs.writeFileSync(out, canvas.toBuffer('image/png'));
  } finally {
    await task.destroy();
  }
}
