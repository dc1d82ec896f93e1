// Records (a CSV line, a sheet row) → the header and the rows, as CSV and XLSX share it: blank
// records skipped, a title above the header skipped (with a warning), short rows padded, a row
// wider than the header warned of.
import { ReadError, addWarning, type ReadWarning, type SourceRow } from './types.ts';

/** Nothing but spaces — or only delimiters, an empty ";;;" row read with another delimiter. */
const BLANK = /^[\s;,|]*$/;
export function isBlank(cells: readonly string[]): boolean {
  for (const c of cells) if (!BLANK.test(c)) return false;
  return true;
}

/** Records looked at before the header is chosen. */
const LOOKAHEAD = 8;
const filled = (cells: readonly string[]) => cells.reduce((n, c) => n + (c.trim() ? 1 : 0), 0);

export class TableBuilder {
  headers: string[] | null = null;
  readonly rows: SourceRow[] = [];
  readonly warnings: ReadWarning[] = [];
  private pending: SourceRow[] = [];
  private width = 0;
  private readonly maxRows: number;

  constructor(maxRows = Infinity) { this.maxRows = maxRows; }

  /** Takes one record; false once maxRows rows are in (the reader may stop). */
  add(cells: string[], line: number): boolean {
    if (isBlank(cells)) return true;
    if (this.headers === null) {
      this.pending.push({ line, cells });
      if (this.pending.length >= LOOKAHEAD) this.settle();
      return this.rows.length < this.maxRows;
    }
    return this.push({ line, cells });
  }

  /**
   * The header is the first record — unless records with one filled cell at most come before
   * one with several: a sheet's title ("Seznam zákazníků k 1. 1. 2026") and its date lines,
   * which Excel users put above the header.
   */
  private settle(): void {
    const pending = this.pending;
    this.pending = [];
    let start = 0;
    while (start < pending.length - 1 && filled(pending[start]!.cells) <= 1 && pending.slice(start + 1).some((r) => filled(r.cells) >= 2)) {
      addWarning(this.warnings, { line: pending[start]!.line, messageKey: 'errors.import_title_skipped' });
      start++;
    }
    this.headers = pending[start]!.cells.map((h) => h.trim());
    this.width = this.headers.length;
    for (const r of pending.slice(start + 1)) this.push(r);
  }

  private push(row: SourceRow): boolean {
    if (this.rows.length >= this.maxRows) return false;
    if (row.cells.length > this.width) {
      addWarning(this.warnings, { line: row.line, messageKey: 'errors.import_row_wider', params: { found: row.cells.length, expected: this.headers!.length } });
      this.width = row.cells.length;
    }
    this.rows.push(row);
    return this.rows.length < this.maxRows;
  }

  /** The header and the rows, all as wide as the widest; no record at all → errors.import_file_empty. */
  finish(): { headers: string[]; rows: SourceRow[]; warnings: ReadWarning[] } {
    if (this.headers === null && this.pending.length) this.settle();
    if (this.headers === null) throw new ReadError('errors.import_file_empty', null);
    const headers = this.headers;
    while (headers.length < this.width) headers.push('');
    for (const r of this.rows) while (r.cells.length < this.width) r.cells.push('');
    return { headers, rows: this.rows, warnings: this.warnings };
  }
}
