import { describe, expect, it } from 'vitest';
import { buildTarget, insertAtCursor, labelsPerSheet, logoProblem, mergeToken, pdfName, screenView, userFieldToken } from './print.ts';

describe('printing helpers', () => {
  it('inserts a merge field at the cursor, replacing a selection', () => {
    expect(insertAtCursor('Dear ,', 5, 5, mergeToken('personName'))).toEqual({ text: 'Dear {{personName}},', caret: 19 });
    expect(insertAtCursor('abcXYZdef', 3, 6, userFieldToken('01ab'))).toEqual({ text: 'abc{{field:01ab}}def', caret: 17 });
    expect(insertAtCursor('abc', 99, 120, 'X')).toEqual({ text: 'abcX', caret: 4 });
    expect(insertAtCursor('abc', 2, 1, 'X')).toEqual({ text: 'abXc', caret: 3 });
  });
  it('counts the labels of a sheet', () => {
    expect(labelsPerSheet({ columns: 3, rows: 7 })).toBe(21);
    expect(labelsPerSheet({ columns: 2, rows: 8 })).toBe(16);
  });
  it('accepts PNG/JPEG logos up to 300 kB', () => {
    expect(logoProblem({ type: 'image/png', size: 1000 })).toBeNull();
    expect(logoProblem({ type: 'image/jpeg', size: 300 * 1024 })).toBeNull();
    expect(logoProblem({ type: 'image/jpeg', size: 300 * 1024 + 1 })).toBe('printing.letterhead.logo_size');
    expect(logoProblem({ type: 'image/gif', size: 10 })).toBe('printing.letterhead.logo_type');
  });
  it('builds the print target', () => {
    expect(buildTarget('segment', null)).toBeNull();
    expect(buildTarget('segment', 's1', 'people')).toEqual({ from: 'segment', segmentId: 's1', recipients: 'people' });
    expect(buildTarget('selection', 'x')).toEqual({ from: 'selection', selectionId: 'x' });
    expect(buildTarget('firm', 'f')).toEqual({ from: 'firm', firmId: 'f', personId: null });
  });
  it('names PDFs safely', () => {
    expect(pdfName('Brief: Dvořák s.r.o.')).toBe('Brief Dvořák s.r.o.pdf');
    expect(pdfName('../..')).toBe('document.pdf');
    expect(pdfName('a/b\\c')).toBe('a b c.pdf');
  });
});

describe('screenView', () => {
  const doc = (page: string) => `<!doctype html><html><head><style>${page}</style></head><body><p>x</p></body></html>`;
  it('shows the page as a sheet of its own size with its margins, before </head>', () => {
    const a4 = screenView(doc('@page{size:A4;margin:18mm 18mm 20mm 20mm;@top-left{content:"x"}}'));
    expect(a4).toContain('body{width:210mm;min-height:297mm;margin:16px auto;padding:18mm 18mm 20mm 20mm;');
    expect(a4.indexOf('<style media="screen">')).toBeLessThan(a4.indexOf('</head>'));
    expect(a4).toContain('<body><p>x</p></body>');
    const dl = screenView(doc('@page{size:220mm 110mm;margin:0}'));
    expect(dl).toContain('width:220mm;min-height:110mm;');
    expect(dl).toContain('padding:0;');
  });
  it('takes nothing but lengths from the document', () => {
    expect(screenView(doc('@page{size:A4;margin:1mm}body{x:1}</style><script>'))).toContain('padding:1mm;');
    expect(screenView(doc('@page{size:A4;margin:expression(alert(1))}'))).toContain('padding:0;');
    expect(screenView('<p>no head</p>').startsWith('<style media="screen">')).toBe(true);
  });
});
