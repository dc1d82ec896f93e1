import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_PRINT_HTML, PDF_OPTIONS, pdfFileName, printTempFile, printWindowOptions, validatePrintCall } from './print.ts';

const OURS = 'app://kartoteka/index.html#/firm/1';

describe('validatePrintCall', () => {
  it('takes a document from our own top-level page, with a safe file name', () => {
    expect(validatePrintCall(OURS, '<p>x</p>', 'Brief: Dvořák/s.r.o.')).toEqual({ ok: true, html: '<p>x</p>', fileName: 'Brief Dvořák s.r.o.pdf' });
  });
  it('refuses other senders and subframes', () => {
    const forbidden = { ok: false, error: { code: 'forbidden', messageKey: 'errors.forbidden' } };
    expect(validatePrintCall('https://evil.example/', '<p>x</p>')).toEqual(forbidden);
    expect(validatePrintCall('file:///tmp/x.html', '<p>x</p>')).toEqual(forbidden);
    expect(validatePrintCall(undefined, '<p>x</p>')).toEqual(forbidden);
    expect(validatePrintCall(OURS, '<p>x</p>', 'a', { isMainFrame: false })).toEqual(forbidden);
  });
  it('refuses what is not a document', () => {
    expect(validatePrintCall(OURS, 42)).toMatchObject({ ok: false, error: { code: 'validation', field: 'html' } });
    expect(validatePrintCall(OURS, '')).toMatchObject({ ok: false, error: { code: 'validation', field: 'html' } });
    expect(validatePrintCall(OURS, { length: 3 })).toMatchObject({ ok: false, error: { code: 'validation' } });
  });
  it('refuses a document over the size limit', () => {
    expect(validatePrintCall(OURS, 'x'.repeat(1001), 'a', { isMainFrame: true, maxLength: 1000 }))
      .toEqual({ ok: false, error: { code: 'validation', messageKey: 'errors.too_long', field: 'html' } });
    expect(validatePrintCall(OURS, 'x'.repeat(1000), 'a', { isMainFrame: true, maxLength: 1000 })).toMatchObject({ ok: true });
    expect(MAX_PRINT_HTML).toBeGreaterThanOrEqual(64 * 1024 * 1024);
    expect(validatePrintCall(OURS, 'x'.repeat(1000))).toMatchObject({ ok: true });
  });
});

describe('pdfFileName', () => {
  it('keeps diacritics and Cyrillic, drops folders and forbidden characters', () => {
    expect(pdfFileName('Dopis – Šťastný')).toBe('Dopis – Šťastný.pdf');
    expect(pdfFileName('Письмо Иванову')).toBe('Письмо Иванову.pdf');
    expect(pdfFileName('../../etc/passwd')).toBe('etc passwd.pdf');
    expect(pdfFileName('C:\\Windows\\x')).toBe('C Windows x.pdf');
    expect(pdfFileName('a<b>c:d"e|f?g*h')).toBe('a b c d e f g h.pdf');
    expect(pdfFileName('tab\there\nnewline')).toBe('tab here newline.pdf');
  });
  it('never hidden, never empty, never a device name, one .pdf', () => {
    expect(pdfFileName('.hidden')).toBe('hidden.pdf');
    expect(pdfFileName('')).toBe('document.pdf');
    expect(pdfFileName(undefined)).toBe('document.pdf');
    expect(pdfFileName('...')).toBe('document.pdf');
    expect(pdfFileName('CON')).toBe('_CON.pdf');
    expect(pdfFileName('report.PDF')).toBe('report.pdf');
    expect(pdfFileName('x'.repeat(400))).toBe(`${'x'.repeat(150)}.pdf`);
  });
});

describe('the hidden print window', () => {
  it('is sandboxed, isolated, without JavaScript or a preload', () => {
    const o = printWindowOptions();
    expect(o.show).toBe(false);
    expect(o.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, javascript: false, nodeIntegration: false, webSecurity: true, devTools: false });
    expect('preload' in o.webPreferences).toBe(false);
  });
  it('loads from a file of our own naming in the temp folder', () => {
    expect(printTempFile('/tmp/app', '0190abcd-1234')).toBe(path.join('/tmp/app', 'kartoteka-print', 'print-0190abcd-1234.html'));
    expect(() => printTempFile('/tmp/app', '../x')).toThrow();
  });
  it('prints to PDF at the document\'s own page size with backgrounds', () => {
    expect(PDF_OPTIONS).toEqual({ preferCSSPageSize: true, printBackground: true });
  });
});
