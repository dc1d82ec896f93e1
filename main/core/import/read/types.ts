// The reading layer's shapes, shared by the three readers and the public entry (index.ts).
import type { EncodingGuess } from './encoding.ts';

export type { EncodingGuess };
export type SourceFormat = 'csv' | 'xlsx' | 'vcard';
/** Who wrote the file: a program whose column names we know, or one of our own export presets. */
export type SourceFlavor = 'generic' | 'outlook' | 'google' | 'kartoteka';

export interface ReadOptions {
  encoding?: EncodingGuess['name'];
  delimiter?: string;
  sheet?: string;
  /** Read at most this many data rows (a preview); the header row does not count. */
  maxRows?: number;
}

export interface SourceRow { line: number; cells: string[] }
export interface ReadWarning { line: number; messageKey: string; params?: Record<string, string | number> }

export interface SourceTable {
  format: SourceFormat;
  flavor: SourceFlavor;
  encoding: EncodingGuess | null;
  delimiter: string | null;
  sheets: string[];
  headers: string[];
  rows: SourceRow[];
  sourceKey: string;
  warnings: ReadWarning[];
}

/** Input that cannot be read: `messageKey` is an `errors.import_*` key, `line` the file's line
 * (or sheet row) where that is knowable. */
export class ReadError extends Error {
  messageKey: string;
  line: number | null;
  params?: Record<string, string | number>;
  constructor(messageKey: string, line: number | null, params?: Record<string, string | number>) {
    super(`${messageKey}${line !== null ? ` (line ${line})` : ''}`);
    this.name = 'ReadError';
    this.messageKey = messageKey;
    this.line = line;
    this.params = params;
  }
}

/** What every reader refuses: more columns than anyone maps by hand, a cell longer than any
 * value we store (a sign of a wrong delimiter or an unclosed quote swallowing the file). */
export const MAX_COLUMNS = 500;
export const MAX_CELL_CHARS = 100_000;
/** Warnings kept per file (a wrong delimiter would otherwise warn on every one of 100k rows). */
export const MAX_WARNINGS = 100;

/** What a reader hands back before the flavor and the source key are worked out. */
export type ReadTable = Omit<SourceTable, 'flavor' | 'sourceKey'> & { flavorHint?: SourceFlavor };

export function addWarning(warnings: ReadWarning[], w: ReadWarning): void {
  if (warnings.length < MAX_WARNINGS) warnings.push(w);
}
