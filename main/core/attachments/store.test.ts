import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test-helpers.ts';
import { blobExists, blobPath, filesDirFor, putBlob, sha256Of } from './store.ts';

let dir: string;
beforeEach(() => { dir = path.join(tempDir(), 'files'); });
afterEach(() => { fs.rmSync(path.dirname(dir), { recursive: true, force: true }); });

const filesUnder = (root: string): string[] => fs.existsSync(root)
  ? fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name))
  : [];

describe('blob store', () => {
  it('stores content under its SHA-256 in a two-letter folder', async () => {
    const bytes = Buffer.from('Nabídka na jaro 2026');
    const { sha256, path: p, written } = await putBlob(dir, bytes);
    expect(sha256).toBe(sha256Of(bytes));
    expect(sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(p).toBe(path.join(dir, sha256.slice(0, 2), sha256));
    expect(written).toBe(true);
    expect(fs.readFileSync(p)).toEqual(bytes);
    expect(blobExists(dir, sha256)).toBe(true);
  });

  it('the same content twice is one file (and no temp file is left behind)', async () => {
    const a = await putBlob(dir, Buffer.from('stejné'));
    const b = await putBlob(dir, Buffer.from('stejné'));
    expect(b).toEqual({ ...a, written: false });
    await putBlob(dir, Buffer.from('jiné'));
    expect(filesUnder(dir)).toHaveLength(2);
  });

  it('reports a missing file instead of failing', async () => {
    const { sha256, path: p } = await putBlob(dir, Buffer.from('smazat'));
    fs.rmSync(p);
    expect(blobExists(dir, sha256)).toBe(false);
    expect(blobExists(dir, 'f'.repeat(64))).toBe(false);
  });

  it('refuses hashes that could leave the folder', () => {
    expect(() => blobPath(dir, '../../etc/passwd')).toThrow();
    expect(() => blobPath(dir, 'A'.repeat(64))).toThrow();
    expect(blobExists(dir, '../x')).toBe(false);
  });

  it('keeps files beside the database', () => {
    expect(filesDirFor('/data/kartoteka.sqlite')).toBe(path.resolve('/data/files'));
  });
});
