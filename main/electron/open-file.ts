// Opening an attachment with the system's program, decided as pure functions (main.ts only
// copies the file and calls `shell`). Nothing here imports `electron`.
//
// Why a copy: the stored file is named by its SHA-256 without an extension, so the OS would not
// know which program to use, and a program that saves in place would change bytes other
// attachments (or an undo) share. So the file is copied, read-only, to a temporary folder under
// its real (sanitised) name and that copy is opened. Programs and scripts are never started with
// one click: for those the copy is only shown in the file manager.
import path from 'node:path';
import type { AppErrorData, Envelope } from '../../shared/errors.ts';

export interface LocatedFile {
  path: string;
  exists: boolean;
  name: string;
  mime: string;
  size: number;
}

export type OpenFilePlan =
  | { ok: true; source: string; copy: string; reveal: boolean }
  | { ok: false; error: AppErrorData };

/** The temporary folder (under the OS temp dir) the copies go to. */
export const OPEN_COPIES_DIR = 'kartoteka-files';

const SHA256 = /^[0-9a-f]{64}$/;

/** True when `p` is a path strictly inside `dir` (not `dir` itself, not a `..` escape). */
export function isInside(dir: string, p: string): boolean {
  const rel = path.relative(path.resolve(dir), path.resolve(p));
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
const MAX_NAME = 180;

/** A file name every OS accepts and that cannot point anywhere else: no separators, no
 * characters Windows refuses, no controls or bidi overrides (which can disguise `fdp.exe` as
 * `exe.pdf`), no trailing dots or spaces, no device names; long names keep their extension. */
export function safeFileName(name: string): string {
  let n = name.normalize('NFC')
    .replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, '_')
    .trim()
    .replace(/[. ]+$/, '');
  if (n === '') n = 'file';
  if (WINDOWS_RESERVED.test(n)) n = `_${n}`;
  if (n.length > MAX_NAME) {
    const ext = path.extname(n).slice(0, 20);
    n = n.slice(0, MAX_NAME - ext.length) + ext;
  }
  return n;
}

/** Extensions the OS would run (or follow) rather than show: programs, installers, scripts,
 * shortcuts. Lower case, without the dot. */
const RISKY_EXTENSIONS = new Set([
  // Windows
  'exe', 'com', 'scr', 'pif', 'bat', 'cmd', 'msi', 'msp', 'mst', 'cpl', 'hta', 'jar', 'js', 'jse', 'vb', 'vbs', 'vbe',
  'wsf', 'wsh', 'ws', 'wsc', 'ps1', 'ps1xml', 'ps2', 'psc1', 'psd1', 'psm1', 'reg', 'lnk', 'url', 'scf', 'inf', 'application',
  'appref-ms', 'gadget', 'msc', 'dll', 'sys', 'ocx', 'chm', 'hlp', 'settingcontent-ms', 'library-ms', 'appx', 'msix',
  'appxbundle', 'msixbundle', 'xll', 'iso', 'img', 'vhd', 'vhdx',
  // macOS
  'app', 'command', 'tool', 'pkg', 'mpkg', 'dmg', 'workflow', 'terminal', 'scpt', 'applescript', 'action', 'webloc',
  'inetloc', 'fileloc',
  // Linux and everywhere
  'sh', 'bash', 'zsh', 'csh', 'ksh', 'desktop', 'run', 'bin', 'appimage', 'deb', 'rpm', 'snap', 'flatpakref', 'py', 'pyw',
  'pl', 'rb', 'php', 'elf', 'out', 'so',
]);

/** Whether opening this name could start a program: a risky extension, or none at all (then
 * the OS guesses from the content, and an executable may be what it finds). */
export function isRiskyName(name: string): boolean {
  const ext = path.extname(name).slice(1).toLowerCase();
  return ext === '' || RISKY_EXTENSIONS.has(ext);
}

const fileMissing = (): AppErrorData => ({ code: 'not_found', messageKey: 'errors.file_missing' });
const forbidden = (): AppErrorData => ({ code: 'forbidden', messageKey: 'errors.forbidden' });

/**
 * What to do with the answer of `attachments.locate`: copy `source` (a stored file, which must
 * lie inside filesDir and be named by a SHA-256) to `copy` (under tempDir, by hash and name),
 * then open the copy — or only show it in its folder when `reveal`. Errors come back as
 * envelopes for the page: the core's own, `errors.file_missing`, or forbidden.
 */
export function planOpenFile(located: Envelope<unknown>, dirs: { filesDir: string; tempDir: string }): OpenFilePlan {
  if (!located.ok) return { ok: false, error: located.error };
  const f = located.value as Partial<LocatedFile> | null;
  if (!f || typeof f.path !== 'string' || typeof f.name !== 'string') return { ok: false, error: forbidden() };
  if (f.exists !== true) return { ok: false, error: fileMissing() };
  const hash = path.basename(f.path);
  if (!isInside(dirs.filesDir, f.path) || !SHA256.test(hash)) return { ok: false, error: forbidden() };
  const name = safeFileName(f.name);
  return {
    ok: true,
    source: path.resolve(f.path),
    copy: path.join(path.resolve(dirs.tempDir), OPEN_COPIES_DIR, hash, name),
    reveal: isRiskyName(name),
  };
}
