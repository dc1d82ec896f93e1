// What the import wizard, the CLI and the core say to each other about an import (issue 15):
// the staged file's head, the cell-by-cell preview, the dry-run report and the import log.
// Pure types and constants, shared by shared/contract.ts, main/core/import/ and renderer/import/.
import type { ImportKind, ImportMapping } from './import-targets.ts';

/** create: only new records (a matched row is left alone); update: only matched records (a row
 * matching nothing is left alone); both: update what matches, create the rest. */
export const IMPORT_MODES = ['create', 'update', 'both'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

/** The encodings the reader can decode a text file from. */
export const IMPORT_ENCODINGS = ['utf-8', 'utf-8-bom', 'windows-1250', 'iso-8859-2', 'windows-1251', 'koi8-r', 'utf-16le', 'utf-16be'] as const;
export type ImportEncoding = (typeof IMPORT_ENCODINGS)[number];

/** How the file is read: what the user confirmed in the wizard's first step. */
export interface ImportReadOptions {
  encoding?: ImportEncoding;
  delimiter?: string;
  sheet?: string;
}

/** A problem of one cell (or of the row: column null), by the file's line. */
export interface ImportIssue {
  line: number;
  /** The column (0-based) whose cell is wrong; null for the whole row (a duplicate, a firm not found). */
  column: number | null;
  /** The target the column fills ('firm.ico', 'field:<id>'), '' for the row. */
  target: string;
  messageKey: string;
  params?: Record<string, string | number>;
}

/** The staged file as the wizard first shows it. */
export interface ImportStaged {
  /** Names the staged bytes for the next steps (their SHA-256). */
  token: string;
  fileName: string;
  format: string;
  flavor: string;
  encoding: { name: string; confidence: number; candidates: { name: string; confidence: number }[] } | null;
  /** The first lines decoded with each candidate encoding, for the user to pick the readable one. */
  decodings: { name: string; text: string }[];
  delimiter: string | null;
  sheets: string[];
  headers: string[];
  rows: { line: number; cells: string[] }[];
  totalRows: number;
  sourceKey: string;
  warnings: { line: number; messageKey: string; params?: Record<string, string | number> }[];
  kind: ImportKind;
  mapping: ImportMapping;
  /** The mapping is the one remembered from the last import of this source. */
  remembered: boolean;
  options: ImportReadOptions;
}

export interface ImportPreviewRow {
  line: number;
  cells: { value: string; normalized: string; issue: ImportIssue | null }[];
  /** Problems of the row not tied to one cell. */
  issues: ImportIssue[];
}

export interface ImportCounts {
  rows: number;
  created: number;
  updated: number;
  /** Matched, and nothing in the file differs from what is stored. */
  unchanged: number;
  /** Left alone by the mode (create-only: matched; update-only: not matched). */
  skipped: number;
  duplicate: number;
  invalid: number;
}

export interface ImportReport {
  counts: ImportCounts;
  /** Invalid cells and duplicate rows by line and field — the first MAX_REPORTED of them. */
  issues: ImportIssue[];
  /** How many issues there are in all. */
  totalIssues: number;
}

export const MAX_REPORTED_ISSUES = 500;

export interface ImportRunResult extends ImportReport {
  importId: string;
}

export interface ImportRecord {
  id: string;
  kind: ImportKind;
  fileName: string;
  format: string;
  encoding: string | null;
  mode: ImportMode;
  userName: string;
  at: number;
  counts: ImportCounts;
  undoneAt: number | null;
  undoneByName: string | null;
}
