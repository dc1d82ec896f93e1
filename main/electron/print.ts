// Printing in the desktop shell, the pure half: who may ask, what a document may be, what the
// hidden print window is allowed to do, where its temporary file goes and what the PDF is called.
// main.ts wires these to Electron (a hidden BrowserWindow loads the document from a temporary
// file, then webContents.print / printToPDF and the save dialog). Nothing here imports electron.
import path from 'node:path';
import type { AppErrorData } from '../../shared/errors.ts';
import { isTrustedSenderUrl } from './security.ts';

/** A rendered document (PrintDoc.html, fonts and images inline) may be large: 1000 serial letters. */
export const MAX_PRINT_HTML = 256 * 1024 * 1024;

export type PrintCallCheck =
  | { ok: true; html: string; fileName: string }
  | { ok: false; error: AppErrorData };

const FORBIDDEN: AppErrorData = { code: 'forbidden', messageKey: 'errors.forbidden' };

/** The gate in front of the 'print' / 'print-pdf' IPC handlers: the same sender rule as 'rpc'
 * (our own top-level page), then a string document of a sane size and a safe file name. */
export function validatePrintCall(
  senderUrl: string | null | undefined,
  html: unknown,
  suggestedName: unknown = '',
  frame: { isMainFrame: boolean; maxLength?: number } = { isMainFrame: true },
): PrintCallCheck {
  if (!frame.isMainFrame || !isTrustedSenderUrl(senderUrl)) return { ok: false, error: { ...FORBIDDEN } };
  if (typeof html !== 'string' || html.length === 0) return { ok: false, error: { code: 'validation', messageKey: 'errors.invalid', field: 'html' } };
  if (html.length > (frame.maxLength ?? MAX_PRINT_HTML)) return { ok: false, error: { code: 'validation', messageKey: 'errors.too_long', field: 'html' } };
  return { ok: true, html, fileName: pdfFileName(suggestedName) };
}

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

/** The PDF's suggested name: no folders, no characters Windows or macOS refuse, no reserved
 * device names, not hidden, at most 150 characters, always ending in `.pdf`. */
export function pdfFileName(suggested: unknown): string {
  let s = typeof suggested === 'string' ? suggested : '';
  s = s.normalize('NFC').replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim();
  s = s.replace(/\.pdf$/i, '').replace(/^[.\s]+|[.\s]+$/g, '');
  if (s.length > 150) s = s.slice(0, 150).trim();
  if (!s || WINDOWS_RESERVED.test(s)) s = s ? `_${s}` : 'document';
  return `${s}.pdf`;
}

/** The hidden window that lays the document out for printing: sandboxed, isolated, no preload,
 * and no JavaScript at all — the document is data. Navigation and new windows are denied by
 * the guards every web contents gets (main.ts guardContents). */
export function printWindowOptions() {
  return {
    show: false,
    width: 794, // A4 at 96 dpi: the layout the preview showed
    height: 1123,
    webPreferences: {
      sandbox: true,
      contextIsolation: true,
      javascript: false,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: false,
    },
  } as const;
}

/** Where the document is written for the hidden window to load: the app's temp folder, a name
 * of our own making (never the caller's). */
export function printTempFile(tempDir: string, token: string): string {
  if (!/^[0-9a-f-]{8,64}$/i.test(token)) throw new TypeError('print: bad token');
  return path.join(tempDir, 'kartoteka-print', `print-${token}.html`);
}

/** Options of webContents.printToPDF: the document's own @page size and margins, its backgrounds. */
export const PDF_OPTIONS = { preferCSSPageSize: true, printBackground: true } as const;
