// The desktop shell's security decisions, as pure functions. Nothing here imports `electron`,
// so vitest checks every rule in plain Node; main.ts only wires them to Electron's events.
//
// The model (Electron's security checklist): the renderer is web content we wrote, but it is
// still treated as untrusted. It is served from our own privileged scheme `app://kartoteka`
// (never file://), may not navigate or open windows anywhere else, gets no permissions, and
// every IPC call is checked for who sent it and which channel it names.
import path from 'node:path';
import { DESKTOP_ONLY_FIELDS, id as idSchema, isChannelName, type ChannelName } from '../../shared/contract.ts';
import type { AppErrorData } from '../../shared/errors.ts';

export const APP_SCHEME = 'app';
export const APP_HOST = 'kartoteka';
/** The only origin the shell trusts. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Same policy as the browser host and the meta tag in index.html. `'unsafe-inline'` styles:
 * Mantine sets inline style attributes; scripts stay strictly 'self'. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:",
  "connect-src 'self'", "font-src 'self' data:", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'",
].join('; ');

const MAX_URL_LENGTH = 4096;
/** ASCII controls, space, DEL and backslash: Chromium never hands us a canonical URL with these,
 * and lenient parsers drop or reinterpret them (`\` becomes `/` in special schemes). */
const SUSPICIOUS_URL_CHARS = /[\u0000-\u0020\u007f\\]/;

/** Parses `value` only if it is a URL of our own origin, in the canonical form Chromium uses
 * (`app://kartoteka/…`): no user info, no port, no lookalike host. */
function parseAppUrl(value: unknown): URL | null {
  if (typeof value !== 'string' || value.length > MAX_URL_LENGTH) return null;
  if (SUSPICIOUS_URL_CHARS.test(value)) return null;
  // A textual prefix check first: it rules out `app://kartoteka.evil`, `app://kartoteka@evil`,
  // `app://kartoteka:1234` and upper-case variants before any parser gets a say.
  if (value !== APP_ORIGIN && !value.startsWith(`${APP_ORIGIN}/`)) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  // …and the parser must agree (belt and braces).
  if (url.protocol !== `${APP_SCHEME}:` || url.hostname !== APP_HOST) return null;
  if (url.port !== '' || url.username !== '' || url.password !== '') return null;
  return url;
}

/** Whether a frame at `url` may talk to the core: only our own `app://kartoteka/…` pages. */
export function isTrustedSenderUrl(url: unknown): boolean {
  return parseAppUrl(url) !== null;
}

/** `will-navigate` / `will-redirect`: only moves within our own origin (path or hash changes);
 * a page that is somehow not ours may not navigate into the app either. */
export function shouldAllowNavigation(fromUrl: unknown, toUrl: unknown): boolean {
  return parseAppUrl(fromUrl) !== null && parseAppUrl(toUrl) !== null;
}

/** `will-frame-navigate` for iframes (the CSP already limits them to 'self'; this is the second
 * lock): our own origin, or the empty documents a library may create. Nothing else. */
export function shouldAllowFrameNavigation(toUrl: unknown): boolean {
  return toUrl === 'about:blank' || toUrl === 'about:srcdoc' || parseAppUrl(toUrl) !== null;
}

/** `setWindowOpenHandler`: the app never opens a second Electron window for anything. */
export function windowOpenDecision(_url?: unknown): { action: 'deny' } {
  return { action: 'deny' };
}

const EXTERNAL_PROTOCOLS = new Set(['https:', 'http:', 'mailto:', 'tel:']);
const MAX_EXTERNAL_URL_LENGTH = 2048;

/** A link the user clicked that leaves the app: the normalised URL to hand to
 * `shell.openExternal` (the system browser, mail client or dialer), or null to drop it.
 * Only http(s) (many small firms' sites are still plain http), mailto and tel — never file:, javascript:, data:, smb:, custom app schemes… */
export function externalUrlToOpen(url: unknown): string | null {
  if (typeof url !== 'string' || url.length > MAX_EXTERNAL_URL_LENGTH) return null;
  if (SUSPICIOUS_URL_CHARS.test(url)) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (!EXTERNAL_PROTOCOLS.has(parsed.protocol)) return null;
  if (parsed.protocol === 'https:' || parsed.protocol === 'http:') {
    // `https://bank.cz@evil.example/` shows one host and opens another.
    if (parsed.username !== '' || parsed.password !== '' || parsed.hostname === '') return null;
  } else if (parsed.pathname === '') {
    return null; // a bare `mailto:` / `tel:`
  }
  return parsed.href;
}

/** Camera, microphone, geolocation, notifications, clipboard reads, HID, serial, MIDI,
 * openExternal…: a CRM needs none of them, so the answer is always no. */
export function permissionDecision(_permission?: unknown): false {
  return false;
}

/**
 * Maps a request to `app://kartoteka/<path>` to a file under rootDir (dist/renderer), or null.
 * Works on the path exactly as it was sent (a URL parser would quietly collapse `..`), and
 * refuses rather than repairs: `..`/`.` segments in any encoding, empty segments, dotfiles,
 * backslashes, drive letters and colons, NUL and other controls, `%` left after decoding
 * (double encoding), other hosts and schemes. `/` and directory paths give their index.html.
 */
export function resolveAppAsset(rootDir: string, requestUrl: string): string | null {
  if (!parseAppUrl(requestUrl)) return null;
  const rawPath = requestUrl.slice(APP_ORIGIN.length).split(/[?#]/, 1)[0] ?? '';
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return null; // malformed percent-encoding
  }
  if (/[\u0000-\u001f\u007f\\:%]/.test(decoded)) return null;
  if (decoded === '' || decoded === '/') decoded = '/index.html';
  else if (decoded.endsWith('/')) decoded += 'index.html';
  const segments = decoded.split('/').slice(1); // the path starts with '/'
  if (segments.some((s) => s === '' || s.startsWith('.'))) return null;

  const root = path.resolve(rootDir);
  const full = path.resolve(root, ...segments);
  const rel = path.relative(root, full);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return full;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8', '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif',
  '.webp': 'image/webp', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8', '.wasm': 'application/wasm',
};

export function contentTypeFor(filePath: string): string {
  return CONTENT_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/** Headers for every file the `app:` protocol serves: its type, the CSP, no sniffing. */
export function assetResponseHeaders(filePath: string): Record<string, string> {
  return {
    'content-type': contentTypeFor(filePath),
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-cache',
  };
}

export const FORBIDDEN: AppErrorData = Object.freeze({ code: 'forbidden', messageKey: 'errors.forbidden' });

export type IpcCallCheck =
  | { ok: true; channel: ChannelName }
  | { ok: false; error: AppErrorData };

/**
 * The gate in front of `ipcMain.handle('rpc')`: the sending frame must be our own top-level
 * page (`event.senderFrame.url`, `senderFrame.parent === null`; a destroyed frame has no URL)
 * and the channel must be one of the contract's. The input itself is validated by the core.
 */
export function validateIpcCall(
  senderUrl: string | null | undefined,
  channel: unknown,
  frame: { isMainFrame: boolean } = { isMainFrame: true },
): IpcCallCheck {
  if (!frame.isMainFrame || !isTrustedSenderUrl(senderUrl)) return { ok: false, error: { ...FORBIDDEN } };
  if (!isChannelName(channel)) {
    return {
      ok: false,
      error: { code: 'unknown_channel', messageKey: 'errors.unknown_channel', params: { channel: typeof channel === 'string' ? channel.slice(0, 80) : typeof channel } },
    };
  }
  return { ok: true, channel };
}

export type OpenFileCallCheck =
  | { ok: true; attachmentId: string }
  | { ok: false; error: AppErrorData };

/** The gate in front of `ipcMain.handle('open-file')`: the same sender rule as 'rpc' (our own
 * top-level page), then the argument must be an attachment id — nothing path-like ever crosses. */
export function validateOpenFileCall(
  senderUrl: string | null | undefined,
  attachmentId: unknown,
  frame: { isMainFrame: boolean } = { isMainFrame: true },
): OpenFileCallCheck {
  if (!frame.isMainFrame || !isTrustedSenderUrl(senderUrl)) return { ok: false, error: { ...FORBIDDEN } };
  if (!idSchema.safeParse(attachmentId).success) return { ok: false, error: { code: 'validation', messageKey: 'errors.invalid_id', field: 'id' } };
  return { ok: true, attachmentId: attachmentId as string };
}

export type ChoosePathCheck =
  | { ok: true; purpose: 'backup' | 'restore' }
  | { ok: false; error: AppErrorData };

/** The gate in front of `ipcMain.handle('choose-path')`: our own top-level page, asking for one
 * of the two dialogs. The page never names a path: the OS dialog does, and main remembers it. */
export function validateChoosePathCall(
  senderUrl: string | null | undefined,
  purpose: unknown,
  frame: { isMainFrame: boolean } = { isMainFrame: true },
): ChoosePathCheck {
  if (!frame.isMainFrame || !isTrustedSenderUrl(senderUrl)) return { ok: false, error: { ...FORBIDDEN } };
  if (purpose !== 'backup' && purpose !== 'restore') return { ok: false, error: { code: 'validation', messageKey: 'errors.invalid' } };
  return { ok: true, purpose };
}

/**
 * A path on this machine in a contract input (DESKTOP_ONLY_FIELDS: where to back up to, which
 * file to restore) must be one the user picked in the OS dialog in this session — the page,
 * untrusted, cannot make Kartoteka write or read a path of its own choosing. Null: allowed.
 */
export function desktopPathRefused(channel: string, input: unknown, chosen: ReadonlySet<string>): AppErrorData | null {
  const field = Object.hasOwn(DESKTOP_ONLY_FIELDS, channel) ? DESKTOP_ONLY_FIELDS[channel]! : null;
  if (!field || input === null || typeof input !== 'object' || !Object.hasOwn(input, field)) return null;
  const value = (input as Record<string, unknown>)[field];
  return typeof value === 'string' && chosen.has(value) ? null : { code: 'forbidden', messageKey: 'errors.desktop_only', field };
}
