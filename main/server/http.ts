// `kartoteka server`'s HTTP face: the sync protocol's five requests (shared/sync.ts) on
// node:http. Plain HTTP on 127.0.0.1 by default: TLS and the public address are a reverse
// proxy's job (docs/server.md). Every body is size-limited and checked with the protocol's zod
// schemas; every refusal is a SyncErrorBody with a code the laptop translates.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { z } from 'zod';
import { joinRequest, pushRequest, type SyncErrorBody } from '../../shared/sync.ts';
import { openServerDb, type ServerDb } from './db.ts';
import { SyncError } from './errors.ts';
import { authenticate, join, me, pull, push, snapshot } from './sync.ts';

export interface SyncServerOptions {
  /** postgres://user:password@host:port/database */
  pg: string;
  /** 0: any free port (tests). */
  port?: number;
  /** Default 127.0.0.1; '0.0.0.0' only behind a firewall or on a private network. */
  host?: string;
  /** The server's clock (ms since the epoch): tests move it. */
  now?: () => number;
  /** Request bodies larger than this are refused (413). 5,000 changes of ordinary fields fit. */
  maxBodyBytes?: number;
  poolSize?: number;
  /** Unexpected failures (bugs, a database gone): the CLI prints them. */
  onError?: (e: unknown) => void;
}

export interface SyncServer {
  url: string;
  port: number;
  db: ServerDb;
  close(): Promise<void>;
}

export const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;

export async function startSyncServer(opts: SyncServerOptions): Promise<SyncServer> {
  const { db, close: closeDb } = await openServerDb(opts.pg, { poolSize: opts.poolSize });
  const now = opts.now ?? Date.now;
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const server = http.createServer((req, res) => {
    handle(req).then(
      (body) => send(res, 200, body),
      (e: unknown) => {
        if (e instanceof SyncError) return send(res, e.status, errorBody(e));
        opts.onError?.(e);
        send(res, 500, { error: { code: 'internal', message: 'the server failed; see its log' } } satisfies SyncErrorBody);
      },
    );
  });
  // Keep-alive connections of syncing laptops: close() must not wait for them.
  server.keepAliveTimeout = 5_000;

  async function handle(req: http.IncomingMessage): Promise<unknown> {
    const url = new URL(req.url ?? '/', 'http://server');
    const route = `${req.method} ${url.pathname}`;
    switch (route) {
      case 'POST /v1/join': return join(db, parse(joinRequest, await readJson(req, maxBody)), now());
      case 'POST /v1/push': {
        const caller = await authenticate(db, req.headers.authorization, now());
        return push(db, caller, parse(pushRequest, await readJson(req, maxBody)), now());
      }
      case 'GET /v1/pull': return pull(db, await authenticate(db, req.headers.authorization, now()), url.searchParams.get('after'), url.searchParams.get('limit'));
      case 'GET /v1/snapshot': return snapshot(db, await authenticate(db, req.headers.authorization, now()), url.searchParams.get('after'), url.searchParams.get('limit'));
      case 'GET /v1/me': return me(db, await authenticate(db, req.headers.authorization, now()));
      // For a load balancer or a monitoring check: answers without a token, says nothing.
      case 'GET /health': return { ok: true };
      default: throw new SyncError(404, 'invalid', `no such request: ${route}`);
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => { server.off('error', reject); resolve(); });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    db,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await closeDb();
    },
  };
}

function errorBody(e: SyncError): SyncErrorBody {
  return { error: { code: e.code, message: e.message, ...(e.details ? { details: e.details } : {}) } };
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue?.path.join('.') ?? '';
  throw new SyncError(400, 'invalid', `invalid request${field ? ` (${field})` : ''}: ${issue?.message ?? 'bad body'}`, { field });
}

function readJson(req: http.IncomingMessage, max: number): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > max) {
    req.resume();
    return Promise.reject(new SyncError(413, 'invalid', `the request is larger than ${max} bytes`, { field: 'body' }));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > max) {
        refused = true;
        reject(new SyncError(413, 'invalid', `the request is larger than ${max} bytes`, { field: 'body' }));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (refused) return;
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        reject(new SyncError(400, 'invalid', 'the request body is not JSON', { field: 'body' }));
      }
    });
    req.on('error', reject);
  });
}
