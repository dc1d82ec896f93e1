// The browser host: the same contract channels as Electron's IPC, over loopback HTTP, plus the
// built renderer and attachment downloads. Only 127.0.0.1, a random token per start (sent in a
// header, never a cookie, so other local pages can't ride on it; in the query only where the
// browser itself fetches: the event stream and downloads), and a Host check against DNS
// rebinding.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { DbClient } from '../core/db/client.ts';
import type { ChangeEvent } from '../../shared/contract.ts';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:",
  "connect-src 'self'", "font-src 'self' data:", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon',
  '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf',
};
const MAX_BODY = 2 * 1024 * 1024;
/** attachments.add carries a file of up to 25 MB as base64 (4/3 of it) inside JSON. */
const MAX_UPLOAD_BODY = 40 * 1024 * 1024;
/** What a downloaded attachment may do if a browser renders it after all: nothing. */
const DOWNLOAD_CSP = "default-src 'none'; sandbox";

/** What the host needs of the database client: `kartoteka serve` hands it one that waits for
 * the worker still opening (main/core/db/pending-client.ts), so the URL is out at once. */
export type HostClient = Pick<DbClient, 'invoke' | 'onChange'>;

export interface HostOptions {
  client: HostClient;
  staticDir: string;
  port?: number;
  token?: string;
}

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

export async function startHost(opts: HostOptions): Promise<Host> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const streams = new Set<http.ServerResponse>();
  let port = 0;

  const unsubscribe = opts.client.onChange((e: ChangeEvent) => {
    const frame = `data: ${JSON.stringify(e)}\n\n`;
    for (const res of streams) res.write(frame);
  });

  const server = http.createServer(async (req, res) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return send(res, 421, 'Misdirected request');
    const url = new URL(req.url ?? '/', `http://${host}`);

    if (url.pathname.startsWith('/rpc/')) {
      if (req.method !== 'POST') return send(res, 405, 'POST only');
      if (!tokensEqual(header(req, 'x-kartoteka-token'), token)) return send(res, 403, 'Forbidden');
      let channel: string;
      try { channel = decodeURIComponent(url.pathname.slice(5)); } catch { channel = url.pathname.slice(5); }
      let input: unknown;
      try {
        const body = await readBody(req, channel === 'attachments.add' ? MAX_UPLOAD_BODY : MAX_BODY);
        input = body.length ? JSON.parse(body) : {};
      } catch (e) {
        if (e instanceof BodyTooLarge) {
          const error = channel === 'attachments.add'
            ? { code: 'validation', messageKey: 'errors.file_too_big', field: 'content', params: { max: '25 MB' } }
            : { code: 'validation', messageKey: 'errors.too_big', params: { max: MAX_BODY } };
          return json(res, 413, { ok: false, error });
        }
        return json(res, 400, { ok: false, error: { code: 'validation', messageKey: 'errors.invalid_json' } });
      }
      const envelope = await opts.client.invoke(channel, input);
      return json(res, 200, envelope);
    }

    if (url.pathname.startsWith('/files/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed');
      if (!tokensEqual(url.searchParams.get('token') ?? undefined, token)) return send(res, 403, 'Forbidden');
      return download(req, res, opts.client, url.pathname.slice('/files/'.length));
    }

    if (url.pathname === '/events') {
      if (!tokensEqual(url.searchParams.get('token') ?? undefined, token)) return send(res, 403, 'Forbidden');
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
    fs.readFile(file, (err, data) => {
      if (err) return send(res, 404, 'Not found');
      const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
      res.writeHead(200, {
        'Content-Type': type,
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'Cache-Control': type.startsWith('text/html') ? 'no-store' : 'public, max-age=3600',
      });
      res.end(req.method === 'HEAD' ? undefined : data);
    });
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
      for (const res of streams) res.end();
      streams.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

interface Located { path: string; exists: boolean; name: string; mime: string; size: number }

/** Streams an attachment as a download. The core says where the file is (attachments.locate
 * checks the id and that it is live); the browser gets it under its real name. */
async function download(req: http.IncomingMessage, res: http.ServerResponse, client: HostClient, attachmentId: string): Promise<void> {
  const located = await client.invoke('attachments.locate', { id: attachmentId });
  if (!located.ok) return json(res, located.error.code === 'not_found' ? 404 : 400, located);
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

class BodyTooLarge extends Error {}

function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      if (over) return;
      size += c.length;
      // Past the limit the rest is read and dropped, and the answer comes after it: a client
      // still sending would otherwise see a reset instead of the error. (Only token holders
      // get this far.)
      if (size > limit) { over = true; chunks.length = 0; return; }
      chunks.push(c);
    });
    req.on('end', () => (over ? reject(new BodyTooLarge('body too large')) : resolve(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
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
