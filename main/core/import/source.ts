// The staged file of an import: its bytes kept in the data folder under their SHA-256 (so the
// wizard's later steps send a token, not the file again), and read into a table of cells by
// the reading layer (./read/: encodings, CSV dialects, XLSX, vCard, known flavors).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import type { ImportReadOptions } from '../../../shared/imports.ts';
import type { ImportKind, ImportMapping } from '../../../shared/import-targets.ts';
import { readSource as readWithReader, suggestMapping as suggestWithReader, ReadError, type SourceTable } from './read/index.ts';

export type { SourceTable };

/** Staged files live beside the database, like attachments; a day is plenty for a wizard. */
const KEEP_MS = 24 * 3600_000;

export function stagingDir(dbPath: string): string {
  return path.join(path.dirname(dbPath), 'imports');
}

/** Keeps the bytes (written to a temporary name and renamed: never half a file) and answers their token. */
export function stage(dbPath: string, bytes: Uint8Array): string {
  const token = crypto.createHash('sha256').update(bytes).digest('hex');
  const dir = stagingDir(dbPath);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, token);
  if (!fs.existsSync(file)) {
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, bytes);
    fs.renameSync(tmp, file);
  }
  // Old staged files are dropped as new ones come: nothing else would ever remove them.
  const now = Date.now();
  for (const name of fs.readdirSync(dir)) {
    if (name === token) continue;
    try {
      const p = path.join(dir, name);
      if (now - fs.statSync(p).mtimeMs > KEEP_MS) fs.rmSync(p, { force: true });
    } catch { /* another process got there first */ }
  }
  return token;
}

export function staged(dbPath: string, token: string): Uint8Array {
  const file = path.join(stagingDir(dbPath), token);
  if (!/^[0-9a-f]{64}$/.test(token) || !fs.existsSync(file)) {
    throw new AppError({ code: 'not_found', messageKey: 'errors.import_staged_gone', field: 'token' });
  }
  return fs.readFileSync(file);
}

/** The last staged file read, kept: the wizard's preview, dry run and run read the same file
 * with the same options one after another (a second each at 100k rows). Its token is the
 * content's hash, so a kept table is always the file's. */
let kept: { key: string; table: SourceTable } | null = null;

export async function readStaged(dbPath: string, token: string, fileName: string, options: ImportReadOptions = {}): Promise<SourceTable> {
  const key = JSON.stringify([dbPath, token, fileName, options]);
  if (kept?.key === key) return kept.table;
  const table = await readTable(staged(dbPath, token), fileName, options);
  kept = { key, table };
  return table;
}

/** The reader's table, its errors as the field errors of `content`. */
export async function readTable(bytes: Uint8Array, fileName: string, options: ImportReadOptions = {}, maxRows?: number): Promise<SourceTable> {
  try {
    return await readWithReader(bytes, fileName, { ...(options as object), ...(maxRows ? { maxRows } : {}) });
  } catch (e) {
    if (e instanceof ReadError) {
      throw new AppError({ code: 'validation', messageKey: e.messageKey, field: 'content', params: { ...(e.params ?? {}), ...(e.line !== null ? { line: e.line } : {}) } });
    }
    throw e;
  }
}

export function suggest(table: Pick<SourceTable, 'headers' | 'flavor'>, kind: ImportKind, userFields: { id: string; name: string }[]): ImportMapping {
  return suggestWithReader(table, kind, userFields);
}
