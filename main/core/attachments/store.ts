// The attachment blob store: every file lives once in the data folder under its SHA-256
// (`files/ab/ab12…`), never in the database, so the database stays small enough to back up
// and copy, and the same PDF attached to ten firms takes the space of one.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const SHA256 = /^[0-9a-f]{64}$/;

/** The folder beside the database file where attachments live (what the core uses by default). */
export function filesDirFor(dbPath: string): string {
  return path.join(path.dirname(path.resolve(dbPath)), 'files');
}

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Where the file with this hash lives. The hash comes from the database, so it is checked:
 * anything but 64 lower-case hex digits could walk out of the folder. */
export function blobPath(filesDir: string, sha256: string): string {
  if (!SHA256.test(sha256)) throw new Error(`not a SHA-256: ${sha256.slice(0, 80)}`);
  return path.join(filesDir, sha256.slice(0, 2), sha256);
}

export function blobExists(filesDir: string, sha256: string): boolean {
  return SHA256.test(sha256) && fs.existsSync(blobPath(filesDir, sha256));
}

/**
 * Stores the bytes under their hash and returns it. Atomic: written to a temporary name in the
 * same folder, flushed, then renamed, so a crash never leaves a half file under a real hash
 * (which would be "present" but wrong forever). Already there: nothing is written (dedupe).
 */
export async function putBlob(filesDir: string, bytes: Uint8Array): Promise<{ sha256: string; path: string; written: boolean }> {
  const sha256 = sha256Of(bytes);
  const target = blobPath(filesDir, sha256);
  if (fs.existsSync(target)) return { sha256, path: target, written: false };
  const dir = path.dirname(target);
  await fs.promises.mkdir(dir, { recursive: true });
  const temp = path.join(dir, `.${sha256}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await fs.promises.open(temp, 'wx');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    // Another writer may have stored the same content meanwhile: rename over it is harmless
    // (same bytes), and on Windows a rename onto an open file fails — then theirs stands.
    try {
      await fs.promises.rename(temp, target);
    } catch (e) {
      if (!fs.existsSync(target)) throw e;
    }
  } finally {
    await fs.promises.rm(temp, { force: true });
  }
  return { sha256, path: target, written: true };
}
