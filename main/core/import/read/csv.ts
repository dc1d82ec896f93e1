// CSV as spreadsheets and address books write it: RFC 4180 quoting ("" for a quote, quoted
// cells may hold the delimiter and line breaks), any of , ; TAB | as the delimiter (Czech and
// Hungarian Excel save with ';', their decimal comma being taken), CRLF, LF or a lone CR.
//
// Our own scanner rather than papaparse's: each record must carry the physical line it starts
// on (a quoted address with two line breaks shifts every later line), and an unclosed quote or a
// runaway cell must fail naming that line. The scanner walks char codes and slices unquoted
// cells out of the text — 100k rows of ten cells read in a fraction of a second.
import { decodeText } from './encoding.ts';
import { MAX_CELL_CHARS, MAX_COLUMNS, ReadError, type ReadOptions, type ReadTable } from './types.ts';
import { TableBuilder, isBlank } from './table.ts';

const DELIMITERS = [';', ',', '\t', '|'] as const;
const QUOTE = 34, CR = 13, LF = 10;

export function readCsv(bytes: Uint8Array, options: ReadOptions = {}): ReadTable {
  if (bytes.length === 0) throw new ReadError('errors.import_file_empty', null);
  const { text, encoding } = decodeText(bytes, options.encoding);
  assertText(text);
  // Excel's "sep=;" first line names the delimiter (and is no record): it wins over a guess.
  const sep = /^sep=(.)[ \t]*(?:\r\n|\n|\r|$)/i.exec(text);
  const delimiter = options.delimiter ? options.delimiter[0]! : sep ? sep[1]! : detectDelimiter(text);

  const table = new TableBuilder(options.maxRows);
  scan(text, delimiter, (cells, line) => (sep && line === 1 ? true : table.add(cells, line)));
  return { format: 'csv', encoding, delimiter, sheets: [], ...table.finish() };
}

/** Binary files (a picture, an .xls from the last century, a zip) renamed to .csv: NULs or
 * control codes a text never has. Only the start is checked. */
function assertText(text: string): void {
  const n = Math.min(text.length, 65536);
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0xfffd) bad++;
  }
  if (bad > 0 && bad * 100 > n) throw new ReadError('errors.import_not_text', null);
}

/**
 * Calls `onRecord(cells, line)` for every record, `line` being the 1-based physical line the
 * record starts on; `onRecord` returns false to stop. Throws ReadError for an unclosed quote
 * (the line its cell starts on), too many columns or a cell over MAX_CELL_CHARS.
 */
export function scan(text: string, delimiter: string, onRecord: (cells: string[], line: number) => boolean): void {
  const d = delimiter.charCodeAt(0);
  const n = text.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    const recordLine = line;
    const cells: string[] = [];
    for (;;) {
      let cell: string;
      const cellLine = line;
      if (text.charCodeAt(i) === QUOTE) {
        // Quoted: up to the quote not doubled; line breaks inside count as physical lines.
        i++;
        cell = '';
        let from = i;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) throw new ReadError('errors.import_unclosed_quote', cellLine);
          line += countBreaks(text, i, q);
          if (text.charCodeAt(q + 1) === QUOTE) {
            cell += text.slice(from, q + 1);
            i = q + 2;
            from = i;
          } else {
            cell += text.slice(from, q);
            i = q + 1;
            break;
          }
          if (cell.length > MAX_CELL_CHARS) throw new ReadError('errors.import_cell_too_long', cellLine, { max: MAX_CELL_CHARS });
        }
        // Text after the closing quote (`"Praha" 1`): kept, as spreadsheets do.
        const rest = i;
        while (i < n) {
          const c = text.charCodeAt(i);
          if (c === d || c === CR || c === LF) break;
          i++;
        }
        if (i > rest) cell += text.slice(rest, i);
      } else {
        const from = i;
        while (i < n) {
          const c = text.charCodeAt(i);
          if (c === d || c === CR || c === LF) break;
          i++;
        }
        cell = text.slice(from, i);
      }
      if (cell.length > MAX_CELL_CHARS) throw new ReadError('errors.import_cell_too_long', cellLine, { max: MAX_CELL_CHARS });
      cells.push(cell);
      if (cells.length > MAX_COLUMNS) throw new ReadError('errors.import_too_many_columns', recordLine, { max: MAX_COLUMNS });
      if (i < n && text.charCodeAt(i) === d) {
        i++;
        if (i === n) cells.push(''); // "a;b;" at the very end: a last empty cell
        else continue;
      }
      break;
    }
    // The record's line end.
    if (i < n) {
      if (text.charCodeAt(i) === CR) i++;
      if (i < n && text.charCodeAt(i) === LF) i++;
      line++;
    }
    if (!onRecord(cells, recordLine)) return;
  }
}

/** Line breaks (CRLF, LF or a lone CR, each once) in text[from, to). */
function countBreaks(text: string, from: number, to: number): number {
  let breaks = 0;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === LF) breaks++;
    else if (c === CR && text.charCodeAt(k + 1) !== LF) breaks++;
  }
  return breaks;
}

/**
 * The delimiter that splits the first records most consistently. Each candidate's records are
 * cut by the quoting rules (a "Praha 1, Nové Město" in quotes or a decimal comma in a ';' file
 * does not count), then scored by the share of records with the most common cell count, whether
 * the header has that count, and — between equals — by more cells. papaparse's own guess looks
 * at the spread of counts only: it answers ',' for a Czech Excel file whose rows each hold one
 * decimal comma ("Alfa;1234,5") or an unquoted address ("Alfa;Praha 1, Nové Město") — checked
 * with papaparse 5.5 — so it is not used here.
 */
export function detectDelimiter(text: string): string {
  const sample = text.slice(0, 65536);
  let best: string = ',';
  let bestScore = -1;
  for (const d of DELIMITERS) {
    const counts: number[] = [];
    try {
      scan(sample, d, (cells) => {
        if (!isBlank(cells)) counts.push(cells.length);
        return counts.length < 100;
      });
    } catch { /* the sample cut a quoted cell (or worse): the records so far decide */ }
    if (counts.length === 0) continue;
    const freq = new Map<number, number>();
    for (const c of counts) freq.set(c, (freq.get(c) ?? 0) + 1);
    let mode = 0, modeFreq = 0;
    for (const [c, f] of freq) if (f > modeFreq || (f === modeFreq && c > mode)) { mode = c; modeFreq = f; }
    if (mode < 2) continue;
    const score = (modeFreq / counts.length) * 100 + (counts[0] === mode ? 10 : 0) + Math.min(mode, 50) / 50;
    if (score > bestScore) { bestScore = score; best = d; }
  }
  return best;
}
