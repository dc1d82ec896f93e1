// The browser host: the same contract channels as Electron's IPC, over loopback HTTP, plus the
// built renderer, attachment downloads and file uploads. Only 127.0.0.1 and a Host check
// against DNS rebinding. A random token per start: the printed URL carries it once
// (`/?token=…`); that first load answers with an HttpOnly, SameSite=Strict, host-only session
// cookie (named after the port: cookies ignore ports) and a redirect to `/`, so the token leaves
// the address bar and the history, and page scripts never see it. Every later request (rpc,
// events, files, uploads) is authenticated by the cookie (or, for programs, the
// `X-Kartoteka-Token` header). Against cross-site requests: the cookie is never sent cross-site
// (Strict), a rebinding name fails the Host check, and every POST must carry `X-Kartoteka: 1`,
// a header no cross-site form can send (and a cross-site fetch would need a preflight we never
// answer).
//
// It never falls over: every request runs inside one catch (an error is a 500 envelope); bodies
// are capped while they arrive (shared/limits.ts, the same limits as the IPC side); connections
// are capped, and slow or idle sockets are closed by header, request and keep-alive timeouts
// (the event stream, long-lived on purpose, is exempt from the idle timeout).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { DbClient } from '../core/db/client.ts';
import type { ChangeEvent } from '../../shared/contract.ts';
import type { AppErrorData, Envelope } from '../../shared/errors.ts';
import { DESKTOP_ONLY_FIELDS, MAX_JSON_BODY_BYTES, UPLOADS, isUploadChannel } from '../../shared/limits.ts';
import { fileTooBig, inputTooBig, uploadInput } from '../core/uploads.ts';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:",
  "connect-src 'self'", "font-src 'self' data:", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon',
  '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf',
};
/** What a downloaded attachment may do if a browser renders it after all: nothing. */
const DOWNLOAD_CSP = "default-src 'none'; sandbox";

/** What the host needs of the database client (its calls, its change and restart events): `kartoteka serve` hands it one that waits for
 * the worker still opening (main/core/db/pending-client.ts), so the URL is out at once. */
export type HostClient = Pick<DbClient, 'invoke' | 'onChange' | 'onRestart' | 'onProgress'>;

export interface HostOptions {
  client: HostClient;
  staticDir: string;
  port?: number;
  token?: string;
  /** Connection limits; the defaults suit one user with a few tabs (tests shorten them). */
  limits?: Partial<ConnectionLimits>;
}

export interface ConnectionLimits {
  /** Open connections at once (each tab: its event stream plus a few requests). */
  maxConnections: number;
  /** From the connection's start until its request headers are complete. */
  headersTimeoutMs: number;
  /** Until the whole request (a 25 MB upload included) has arrived. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection between requests. */
  keepAliveTimeoutMs: number;
  /** A socket with no traffic either way (not the event stream). */
  idleTimeoutMs: number;
  /** How often Node checks the header and request timeouts. */
  checkIntervalMs: number;
}

export const DEFAULT_LIMITS: ConnectionLimits = {
  maxConnections: 64, headersTimeoutMs: 10_000, requestTimeoutMs: 120_000, keepAliveTimeoutMs: 5_000,
  idleTimeoutMs: 120_000, checkIntervalMs: 1_000,
};

/** The header every POST must carry: a cross-site form cannot set it. */
export const CSRF_HEADER = 'x-kartoteka';

export interface Host {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** Maps a URL path to a file inside root, or null for anything that tries to leave it. */
export function resolveStatic(root: string, urlPath: string): string | null {
  let decoded: string;
  try { decoded = decodeURIComponent(urlPath.split('?')[0]!); } catch { return null; }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const rel = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const full = path.resolve(root, rel);
  const base = path.resolve(root);
  if (full !== base && !full.startsWith(base + path.sep)) return null;
  return full;
}

export function tokensEqual(a: string | undefined, b: string): boolean {
  if (typeof a !== 'string') return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The session cookie's name: cookies are shared by every port of 127.0.0.1, so two hosts on
 * one machine (two databases, or a test beside a running app) must not overwrite each other's. */
export function cookieName(port: number): string {
  return `kartoteka-${port}`;
}

/** One cookie's value from a Cookie header (or undefined). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export async function startHost(opts: HostOptions): Promise<Host> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const streams = new Set<http.ServerResponse>();
  let port = 0;

  const broadcast = (frame: string) => { for (const res of streams) res.write(frame); };
  const unsubscribe = opts.client.onChange((e: ChangeEvent) => broadcast(`data: ${JSON.stringify(e)}\n\n`));
  // The worker died and a new one took over (or none could): pages re-read what they show and
  // say so (renderer/api.ts listens for this event).
  const unsubscribeRestart = opts.client.onRestart((state) => broadcast(`event: core\ndata: ${JSON.stringify({ state })}\n\n`));
  // How far a job got (serial letters, exports, scans): the page that started it shows a count.
  const unsubscribeProgress = opts.client.onProgress((e) => broadcast(`event: progress\ndata: ${JSON.stringify({ job: e.job, done: e.done, total: e.total })}\n\n`));

  const authed = (req: http.IncomingMessage): boolean =>
    tokensEqual(readCookie(header(req, 'cookie'), cookieName(port)), token) || tokensEqual(header(req, 'x-kartoteka-token'), token);

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return send(res, 421, 'Misdirected request');
    const url = new URL(req.url ?? '/', `http://${host}`);

    // The printed link: trade the token for the session cookie, then drop it from the URL.
    const fromUrl = url.searchParams.get('token');
    if (fromUrl !== null && (req.method === 'GET' || req.method === 'HEAD')) {
      if (!tokensEqual(fromUrl, token)) return send(res, 403, 'Forbidden: open the link printed by `kartoteka serve` again.');
      url.searchParams.delete('token');
      res.writeHead(303, {
        // No Expires/Max-Age: a session cookie, gone with the browser session; no Domain: this host only.
        'Set-Cookie': `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        // One leading slash: `//other.example` would leave this host.
        Location: `/${url.pathname.replace(/^\/+/, '')}${url.search}`,
        'Cache-Control': 'no-store',
      });
      res.end();
      return;
    }

    const isRpc = url.pathname.startsWith('/rpc/');
    const isUpload = url.pathname.startsWith('/upload/');
    if (isRpc || isUpload) {
      if (req.method !== 'POST') return send(res, 405, 'POST only');
      if (!authed(req) || header(req, CSRF_HEADER) !== '1') return send(res, 403, 'Forbidden');
      const raw = url.pathname.slice(isRpc ? '/rpc/'.length : '/upload/'.length);
      let channel: string;
      try { channel = decodeURIComponent(raw); } catch { channel = raw; }
      return isRpc ? rpc(req, res, channel) : upload(req, res, channel);
    }

    if (url.pathname.startsWith('/files/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed');
      if (!authed(req)) return send(res, 403, 'Forbidden');
      return download(req, res, opts.client, url.pathname.slice('/files/'.length));
    }

    if (url.pathname === '/events') {
      if (!authed(req)) return send(res, 403, 'Forbidden');
      // Long-lived on purpose: no idle timeout (pings keep it honest).
      req.socket.setTimeout(0);
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
      res.write(': connected\n\n');
      streams.add(res);
      const keepAlive = setInterval(() => res.write(': ping\n\n'), 25_000);
      req.on('close', () => { clearInterval(keepAlive); streams.delete(res); });
      return;
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed');
    const file = resolveStatic(opts.staticDir, url.pathname);
    if (!file) return send(res, 404, 'Not found');
    let data: Buffer;
    try { data = await fs.promises.readFile(file); } catch { return send(res, 404, 'Not found'); }
    const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
    res.writeHead(200, {
      'Content-Type': type,
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'Cache-Control': type.startsWith('text/html') ? 'no-store' : 'public, max-age=3600',
    });
    res.end(req.method === 'HEAD' ? undefined : data);
  };

  /** POST /rpc/<channel>: a JSON body within MAX_JSON_BODY_BYTES. */
  const rpc = async (req: http.IncomingMessage, res: http.ServerResponse, channel: string): Promise<void> => {
    const body = await readBody(req, MAX_JSON_BODY_BYTES);
    if (body === TOO_BIG) return answer(res, { ok: false, error: inputTooBig() }, 413);
    let input: unknown;
    try {
      input = body.length ? JSON.parse(body.toString('utf8')) : {};
    } catch {
      return answer(res, { ok: false, error: { code: 'validation', messageKey: 'errors.invalid_json' } }, 400);
    }
    const desktopOnly = Object.hasOwn(DESKTOP_ONLY_FIELDS, channel) ? DESKTOP_ONLY_FIELDS[channel] : undefined;
    if (desktopOnly && input !== null && typeof input === 'object' && Object.hasOwn(input, desktopOnly)) {
      return answer(res, { ok: false, error: { code: 'forbidden', messageKey: 'errors.desktop_only', field: desktopOnly } }, 403);
    }
    return answer(res, await opts.client.invoke(channel, input));
  };

  /** POST /upload/<channel>: the file as the raw body, refused past the channel's limit while it
   * arrives; the other fields as JSON in the `X-Kartoteka-Input` header (URI-encoded: header
   * values are ASCII, file names are not). */
  const upload = async (req: http.IncomingMessage, res: http.ServerResponse, channel: string): Promise<void> => {
    if (!isUploadChannel(channel)) {
      return answer(res, { ok: false, error: { code: 'unknown_channel', messageKey: 'errors.unknown_channel', params: { channel: channel.slice(0, 80) } } }, 404);
    }
    const max = UPLOADS[channel].maxBytes;
    let fields: unknown;
    try {
      fields = JSON.parse(decodeURIComponent(header(req, 'x-kartoteka-input') ?? '%7B%7D'));
    } catch {
      return answer(res, { ok: false, error: { code: 'validation', messageKey: 'errors.invalid_json' } }, 400);
    }
    const declared = Number(header(req, 'content-length') ?? NaN);
    // Said too big up front: answer at once and close, rather than read what we will refuse.
    if (declared > max) { res.setHeader('Connection', 'close'); return answer(res, { ok: false, error: fileTooBig(channel) }, 413); }
    const bytes = await readBody(req, max);
    if (bytes === TOO_BIG) return answer(res, { ok: false, error: fileTooBig(channel) }, 413);
    const input = uploadInput(channel, fields, bytes);
    if (!input.ok) return answer(res, { ok: false, error: input.error });
    return answer(res, await opts.client.invoke(channel, input.value));
  };

  const server = http.createServer({
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: limits.checkIntervalMs,
  }, (req, res) => {
    // One catch for every route: whatever goes wrong is a 500 envelope, never an unhandled
    // rejection (which would end the process and every open page's session).
    handle(req, res).catch((e: unknown) => {
      console.error('[kartoteka] request failed:', e);
      if (res.headersSent) { res.destroy(); return; }
      json(res, 500, { ok: false, error: { code: 'internal', messageKey: 'errors.internal' } });
    });
  });
  server.maxConnections = limits.maxConnections;
  server.timeout = limits.idleTimeoutMs;
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    // A malformed or timed-out request: answer if the socket still can, never throw.
    if (socket.writable && !socket.destroyed && err.code !== 'ECONNRESET') {
      socket.end(`HTTP/1.1 ${err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request'}\r\nConnection: close\r\n\r\n`);
    } else {
      socket.destroy();
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as { port: number }).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    async close() {
      unsubscribe();
      unsubscribeRestart();
      unsubscribeProgress();
      for (const res of streams) res.end();
      streams.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

/** An envelope as the answer: errors get a status a program can act on (the body says the rest). */
function answer(res: http.ServerResponse, envelope: Envelope<unknown>, status?: number): void {
  json(res, status ?? (envelope.ok ? 200 : statusOf(envelope.error)), envelope);
}

/** 503 when the database worker is restarting or down (try again later); otherwise 200 — a
 * refused input is an answer, not a transport failure (the renderer reads the envelope). */
function statusOf(error: AppErrorData): number {
  return error.code === 'unavailable' ? 503 : 200;
}

interface Located { path: string; exists: boolean; name: string; mime: string; size: number }

/** Streams an attachment as a download. The core says where the file is (attachments.locate
 * checks the id and that it is live); the browser gets it under its real name. */
async function download(req: http.IncomingMessage, res: http.ServerResponse, client: HostClient, attachmentId: string): Promise<void> {
  const located = await client.invoke('attachments.locate', { id: attachmentId });
  if (!located.ok) return json(res, located.error.code === 'not_found' ? 404 : located.error.code === 'unavailable' ? 503 : 400, located);
  const f = located.value as Located;
  const missing = () => json(res, 404, { ok: false, error: { code: 'not_found', messageKey: 'errors.file_missing' } });
  let size: number;
  try {
    if (!f.exists) return missing();
    size = (await fs.promises.stat(f.path)).size;
  } catch {
    return missing();
  }
  const stream = fs.createReadStream(f.path);
  stream.once('error', () => {
    if (!res.headersSent) missing();
    else res.destroy();
  });
  stream.once('open', () => {
    res.writeHead(200, {
      'Content-Type': downloadType(f.mime),
      'Content-Length': String(size),
      'Content-Disposition': contentDisposition(f.name),
      'Content-Security-Policy': DOWNLOAD_CSP,
      'Cache-Control': 'no-store',
    });
    if (req.method === 'HEAD') { stream.destroy(); res.end(); return; }
    stream.pipe(res);
  });
  res.once('close', () => stream.destroy());
}

/** The stored type when it is a plain `type/subtype` (it is user data: never let it add header
 * parameters or break the header), else application/octet-stream. */
export function downloadType(mime: string): string {
  return /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/i.test(mime) ? mime.toLowerCase() : 'application/octet-stream';
}

/** RFC 6266 / 5987: `attachment; filename*=UTF-8''<percent-encoded name>` — any name, any script. */
export function contentDisposition(name: string): string {
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename*=UTF-8''${encoded}`;
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

const TOO_BIG = Symbol('too big');

/** The request body, or TOO_BIG once it passes `limit` (counted as it arrives; nothing past the
 * limit is kept). Past the limit the rest is read and dropped, and the answer comes after it:
 * a client still sending would otherwise see a reset instead of the error. The request timeout
 * bounds how long that may take. (Only token holders get this far.) */
function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | typeof TOO_BIG> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      if (over) return;
      size += c.length;
      if (size > limit) { over = true; chunks.length = 0; return; }
      chunks.push(c);
    });
    req.on('end', () => resolve(over ? TOO_BIG : Buffer.concat(chunks)));
    req.on('error', reject);
    req.on('close', () => { if (!req.complete) reject(new Error('the request was aborted')); });
  });
}

function send(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}
