import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DbClient } from '../core/db/client.ts';
import net from 'node:net';
import iconv from 'iconv-lite';
import { startHost, resolveStatic, contentDisposition, downloadType, cookieName, type Host } from './server.ts';
import { tempDir } from '../core/test-helpers.ts';
import { MAX_ATTACHMENT_BYTES } from '../../shared/types.ts';

let dir: string;
let client: DbClient;
let host: Host;
let base: string;

beforeAll(async () => {
  dir = tempDir();
  const staticDir = path.join(dir, 'www');
  fs.mkdirSync(staticDir);
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>K</title>');
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'not for the web');
  client = await DbClient.open({ dbPath: path.join(dir, 'k.sqlite') });
  host = await startHost({ client, staticDir });
  base = `http://127.0.0.1:${host.port}`;
});
afterAll(async () => {
  await host.close();
  await client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** What the page sends: the session cookie and the custom header no cross-site form can set. */
const session = (token = host.token) => ({ cookie: `${cookieName(host.port)}=${token}`, 'x-kartoteka': '1' });
const rpcRaw = (channel: string, body: string, token = host.token) => fetch(`${base}/rpc/${channel}`, {
  method: 'POST', headers: { 'content-type': 'application/json', ...session(token) }, body,
});
const rpc = (channel: string, body: unknown, token = host.token) => rpcRaw(channel, JSON.stringify(body), token);
const upload = (channel: string, fields: unknown, bytes: Uint8Array) => fetch(`${base}/upload/${channel}`, {
  method: 'POST', headers: { ...session(), 'x-kartoteka-input': encodeURIComponent(JSON.stringify(fields)) }, body: new Uint8Array(bytes),
});
const get = (pathname: string, token = host.token) => fetch(`${base}${pathname}`, { headers: { cookie: `${cookieName(host.port)}=${token}` } });

/** Raw request, so the Host header can be set to what a DNS-rebinding page would send. */
function rawGet(pathname: string, hostHeader: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port: host.port, path: pathname, headers: { host: hostHeader } }, (res) => { res.resume(); resolve(res.statusCode!); })
      .on('error', reject);
  });
}

describe('browser host', () => {
  it('listens on loopback only and prints a URL with its token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
  });

  it('backs up into the default folder only: a path on this machine is for the desktop shell to choose', async () => {
    for (const [channel, input, field] of [
      ['backups.run', { target: dir }, 'target'],
      ['backups.restore', { path: path.join(dir, 'k.sqlite') }, 'path'],
    ] as const) {
      const res = await rpc(channel, input);
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ ok: false, error: { code: 'forbidden', messageKey: 'errors.desktop_only', field } });
    }
    expect(fs.existsSync(path.join(dir, 'backups'))).toBe(false);
    const done = await (await rpc('backups.run', {})).json();
    expect(done).toMatchObject({ ok: true, value: { path: expect.stringContaining(path.join(dir, 'backups')) } });
  });

  it('serves contract channels through the database worker', async () => {
    const created = await (await rpc('firms.create', { name: 'Hrubý s.r.o.', kinds: ['customer'] })).json();
    expect(created).toMatchObject({ ok: true, value: { id: expect.any(String) } });
    const list = await (await rpc('firms.list', { q: 'hruby', locale: 'cs' })).json();
    expect(list).toMatchObject({ ok: true, value: { total: 1, rows: [{ name: 'Hrubý s.r.o.' }] } });
    const bad = await (await rpc('firms.create', { name: 'X', kinds: ['customer'], ico: '12345678' })).json();
    expect(bad).toEqual({ ok: false, error: { code: 'validation', field: 'ico', messageKey: 'errors.ico_checksum' } });
    expect(await (await rpc('no.such', {})).json()).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
  });

  it('trades the token in the printed link for a session cookie and drops it from the address bar', async () => {
    const first = await fetch(host.url, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/');
    const cookie = first.headers.get('set-cookie')!;
    // HttpOnly (no page script reads it), Strict (never sent cross-site), host-only (no Domain),
    // a session cookie (no Expires / Max-Age), named after the port (cookies ignore ports).
    expect(cookie).toBe(`${cookieName(host.port)}=${host.token}; HttpOnly; SameSite=Strict; Path=/`);
    // Other query parameters survive the redirect; a wrong token is refused.
    expect((await fetch(`${base}/firm?id=7&token=${host.token}`, { redirect: 'manual' })).headers.get('location')).toBe('/firm?id=7');
    // Never a protocol-relative Location (`//other.example/` would leave this host).
    for (const p of ['//evil.example/', '/%2F/evil.example/', '///evil.example']) {
      expect((await fetch(`${base}${p}?token=${host.token}`, { redirect: 'manual' })).headers.get('location')).toMatch(/^\/(?!\/)/);
    }
    expect((await fetch(`${base}/?token=wrong`, { redirect: 'manual' })).status).toBe(403);
    // The cookie alone (with the custom header on POST) authenticates rpc, events and files.
    const pair = cookie.split(';')[0]!;
    const list = await fetch(`${base}/rpc/users.list`, { method: 'POST', headers: { cookie: pair, 'x-kartoteka': '1' }, body: '{}' });
    expect(await list.json()).toMatchObject({ ok: true });
    const events = await fetch(`${base}/events`, { headers: { cookie: pair } });
    expect(events.status).toBe(200);
    await events.body!.cancel();
  });

  it('refuses calls without the session, with a wrong one, without the custom header, or by GET', async () => {
    expect((await rpc('firms.list', {}, 'wrong')).status).toBe(403);
    expect((await fetch(`${base}/rpc/firms.list`, { method: 'POST', body: '{}' })).status).toBe(403);
    // What a cross-site form could send (were the cookie sent at all): no custom header → refused.
    expect((await fetch(`${base}/rpc/firms.list`, { method: 'POST', headers: { cookie: session().cookie }, body: '{}' })).status).toBe(403);
    expect((await fetch(`${base}/upload/attachments.add`, { method: 'POST', headers: { cookie: session().cookie }, body: 'x' })).status).toBe(403);
    expect((await fetch(`${base}/rpc/firms.list`)).status).toBe(405);
    expect((await get('/events', 'wrong')).status).toBe(403);
    expect((await fetch(`${base}/events?token=${host.token}`, { redirect: 'manual' })).status).toBe(303);
    // Programs may send the token as a header instead of the cookie.
    const byHeader = await fetch(`${base}/rpc/users.list`, { method: 'POST', headers: { 'x-kartoteka-token': host.token, 'x-kartoteka': '1' }, body: '{}' });
    expect(await byHeader.json()).toMatchObject({ ok: true });
  });

  it('answers deeply nested JSON with a validation error, and keeps serving', async () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000); // 10 KB
    const res = await rpcRaw('firms.list', deep);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: false, error: { code: 'validation', messageKey: 'errors.too_deep', params: { max: 64 } } });
    const nested = await rpcRaw('firms.list', `{"q":${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}}`);
    expect(await nested.json()).toMatchObject({ ok: false, error: { messageKey: 'errors.too_deep' } });
    expect(await (await rpcRaw('firms.list', '{"q":')).json()).toEqual({ ok: false, error: { code: 'validation', messageKey: 'errors.invalid_json' } });
    expect(await (await rpc('users.list', {})).json()).toMatchObject({ ok: true });
  });

  it('refuses other Host names (DNS rebinding)', async () => {
    expect(await rawGet('/', 'evil.example:80')).toBe(421);
    expect(await rawGet('/', `localhost:${host.port}`)).toBe(200);
  });

  it('serves the renderer with a CSP, and nothing outside its folder', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await fetch(`${base}/..%2fsecret.txt`)).status).toBe(404);
    expect(resolveStatic('/srv/www', '/../secret.txt')).toBeNull();
    expect(resolveStatic('/srv/www', '/%2e%2e/secret.txt')).toBeNull();
    expect(resolveStatic('/srv/www', '/a/../../secret.txt')).toBeNull();
    expect(resolveStatic('/srv/www', '/assets/app.js')).toBe('/srv/www/assets/app.js');
    expect(resolveStatic('/srv/www', '/')).toBe('/srv/www/index.html');
  });

  it('takes files as files: an attachment uploaded as bytes, downloaded by id with the session', async () => {
    const firm = await (await rpc('firms.create', { name: 'Přílohy s.r.o.', kinds: ['customer'] })).json();
    const bytes = Buffer.alloc(3 * 1024 * 1024 + 7);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31) % 251;
    const res0 = await upload('attachments.add', {
      firmId: firm.value.id, name: 'Účetní závěrka (2025) 100%.pdf', mime: 'application/pdf',
    }, bytes);
    const added = await res0.json();
    expect(added).toMatchObject({ ok: true, value: { size: bytes.length, missing: false } });

    const res = await get(`/files/${added.value.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-length')).toBe(String(bytes.length));
    expect(res.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''%C3%9A%C4%8Detn%C3%AD%20z%C3%A1v%C4%9Brka%20%282025%29%20100%25.pdf");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    // The core validates the other fields as usual.
    expect(await (await upload('attachments.add', { firmId: 'nope', name: 'a.txt' }, Buffer.from('a'))).json())
      .toMatchObject({ ok: false, error: { code: 'validation', field: 'firmId' } });
    expect((await upload('firms.create', {}, Buffer.from('a'))).status).toBe(404);
  });

  it('caps JSON at one limit and each file at its own, while the bytes arrive', async () => {
    // JSON over 2 MB: refused, whatever the channel (files do not travel inside JSON).
    const big = await rpc('firms.list', { q: 'x'.repeat(3 * 1024 * 1024) });
    expect(big.status).toBe(413);
    expect(await big.json()).toEqual({ ok: false, error: { code: 'validation', messageKey: 'errors.too_big', params: { max: '2 MB' } } });
    const firm = await (await rpc('firms.create', { name: 'Velké soubory', kinds: ['customer'] })).json();
    const tooBig = new Uint8Array(MAX_ATTACHMENT_BYTES + 1);
    const over = await upload('attachments.add', { firmId: firm.value.id, name: 'big.bin' }, tooBig);
    expect(over.status).toBe(413);
    expect(await over.json()).toEqual({ ok: false, error: { code: 'validation', messageKey: 'errors.file_too_big', field: 'content', params: { max: '25 MB' } } });
    // Streamed without a length (chunked): counted as it arrives.
    const chunked = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: host.port, path: '/upload/attachments.add', method: 'POST', headers: {
        host: `127.0.0.1:${host.port}`, ...session(), 'x-kartoteka-input': encodeURIComponent(JSON.stringify({ firmId: firm.value.id, name: 'c.bin' })),
      } }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (c: string) => { body += c; }).on('end', () => resolve({ status: res.statusCode!, body }));
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(1024 * 1024);
      for (let i = 0; i < 26; i++) req.write(chunk);
      req.end();
    });
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body)).toMatchObject({ ok: false, error: { messageKey: 'errors.file_too_big' } });
    expect(await (await rpc('attachments.list', { firmId: firm.value.id })).json()).toEqual({ ok: true, value: [] });
  });

  it('imports a sales CSV over the JSON limit as an upload (windows-1250 decoded on the way)', async () => {
    await rpc('firms.create', { name: 'Kovárna Dvořák', kinds: ['customer'] });
    const lines = ['Datum;Firma;Částka;Měna;Produkt;Číslo dokladu'];
    for (let i = 0; i < 50; i++) lines.push(`2026-03-01;Kovárna Dvořák;100,00;CZK;Šroub;F-${i}`);
    // Blank lines pad the file past the 2 MB JSON limit (it imports in the desktop app too).
    const csv = iconv.encode(lines.join('\r\n') + '\r\n'.repeat(1_200_000), 'win1250');
    expect(csv.length).toBeGreaterThan(2 * 1024 * 1024);
    const dry = await (await upload('sales.import', { fileName: 'faktury.csv', dryRun: true }, csv)).json();
    expect(dry).toEqual({ ok: true, value: { lines: 50, added: 50, skipped: 0, errors: [], importId: null } });
  });

  it('refuses downloads with a wrong or no token; unknown ids and files gone from disk are 404 envelopes', async () => {
    const firm = await (await rpc('firms.create', { name: 'Ztracené', kinds: ['customer'] })).json();
    const added = await (await rpc('attachments.add', {
      firmId: firm.value.id, name: 'gone.bin', content: Buffer.from('short-lived').toString('base64'),
    })).json();
    expect((await get(`/files/${added.value.id}`, 'wrong')).status).toBe(403);
    expect((await fetch(`${base}/files/${added.value.id}`)).status).toBe(403);
    expect((await fetch(`${base}/files/${added.value.id}`, { method: 'POST', headers: session() })).status).toBe(405);
    const located = await (await rpc('attachments.locate', { id: added.value.id })).json();
    expect(located.value.path.startsWith(path.join(dir, 'files'))).toBe(true);
    // Octet-stream when no type was stored.
    expect((await get(`/files/${added.value.id}`)).headers.get('content-type')).toBe('application/octet-stream');

    fs.rmSync(located.value.path);
    const gone = await get(`/files/${added.value.id}`);
    expect(gone.status).toBe(404);
    expect(await gone.json()).toEqual({ ok: false, error: { code: 'not_found', messageKey: 'errors.file_missing' } });
    const unknown = await get('/files/01900000-0000-7000-8000-000000000000');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect((await get('/files/..%2f..%2fk.sqlite')).status).toBe(400);
  });

  it('keeps stored types and names from breaking the headers', () => {
    expect(downloadType('image/png')).toBe('image/png');
    expect(downloadType('text/html\r\nSet-Cookie: a=b')).toBe('application/octet-stream');
    expect(downloadType('text/html; charset=utf-8')).toBe('application/octet-stream');
    expect(downloadType('')).toBe('application/octet-stream');
    expect(contentDisposition('a"b\r\n;c.txt')).toBe("attachment; filename*=UTF-8''a%22b%0D%0A%3Bc.txt");
    expect(contentDisposition("it's (1)*.txt")).toBe("attachment; filename*=UTF-8''it%27s%20%281%29%2A.txt");
  });

  it('announces which tables a write changed on the event stream', async () => {
    const controller = new AbortController();
    const res = await fetch(`${base}/events`, { headers: { cookie: session().cookie }, signal: controller.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    await reader.read(); // ": connected"
    await rpc('firms.create', { name: 'Událost', kinds: ['prospect'] });
    let text = '';
    while (!text.includes('data:')) text += decoder.decode((await reader.read()).value);
    expect(JSON.parse(text.slice(text.indexOf('data:') + 5).trim())).toEqual({ tables: ['firms', 'addresses', 'channels'] });
    controller.abort();
  });
});

describe('progress of long work', () => {
  it('goes to the pages as `progress` events, and a cancel over HTTP stops the job', async () => {
    const events = await fetch(`${base}/events`, { headers: { cookie: session().cookie } });
    const reader = events.body!.getReader();
    try {
      await reader.read(); // ": connected"
      for (const name of ['Alfa s.r.o.', 'Beta a.s.', 'Gama v.o.s.']) expect((await rpc('firms.create', { name, kinds: ['customer'] })).status).toBe(200);
      const res = await rpc('exports.run', { columns: ['firmName'], format: 'csv', locale: 'cs', job: 'http-export-1' });
      const done = await res.json() as { ok: boolean; value: { rows: number } };
      expect(done.ok).toBe(true);
      const rows = done.value.rows;
      let text = '';
      const last = `event: progress\ndata: {"job":"http-export-1","done":${rows},"total":${rows}}`;
      while (!text.includes(last)) text += new TextDecoder().decode((await reader.read()).value);
      expect(text).toContain(`event: progress\ndata: {"job":"http-export-1","done":0,"total":${rows}}`);

      // The cancel overtakes the request it names: the job stops at its first step.
      expect(await (await rpc('jobs.cancel', { job: 'http-export-2' })).json()).toEqual({ ok: true, value: { cancelled: false } });
      const stopped = await rpc('exports.run', { columns: ['firmName'], format: 'csv', locale: 'cs', job: 'http-export-2' });
      expect(stopped.status).toBe(200);
      expect(await stopped.json()).toEqual({ ok: false, error: { code: 'cancelled', messageKey: 'errors.cancelled' } });
    } finally {
      await reader.cancel();
    }
  });
});

describe('when the database worker dies', () => {
  it('fails the call in flight, starts a new worker, and later calls succeed; the pages are told', async () => {
    const d = tempDir();
    const c = await DbClient.open({ dbPath: path.join(d, 'k.sqlite') });
    const h = await startHost({ client: c, staticDir: d });
    try {
      const events = await fetch(`http://127.0.0.1:${h.port}/events`, { headers: { cookie: `${cookieName(h.port)}=${h.token}` } });
      const reader = events.body!.getReader();
      await reader.read(); // ": connected"
      const before = await c.invoke('firms.create', { name: 'Před pádem', kinds: ['customer'] });
      expect(before.ok).toBe(true);

      // A call sent just before the worker dies: answered either way, never left hanging. (The
      // worker may still answer it before the kill lands — a tiny database is fast — so both
      // outcomes are right; which one happens is the machine's timing, not the code's.)
      const inFlight = c.invoke('firms.list', { locale: 'cs' });
      await c.killWorker();
      const answer = await inFlight;
      if (!answer.ok) expect(answer.error).toEqual({ code: 'unavailable', messageKey: 'errors.core_restarted' });
      else expect(answer.value).toMatchObject({ total: 1 });
      expect(c.status).toBe('up');

      // The same file, through HTTP and directly: what was saved before is there.
      const res = await fetch(`http://127.0.0.1:${h.port}/rpc/firms.list`, {
        method: 'POST', headers: { cookie: `${cookieName(h.port)}=${h.token}`, 'x-kartoteka': '1' }, body: JSON.stringify({ locale: 'cs' }),
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ ok: true, value: { total: 1, rows: [{ name: 'Před pádem' }] } });
      expect(await c.invoke('firms.create', { name: 'Po pádu', kinds: ['customer'] })).toMatchObject({ ok: true });

      let text = '';
      while (!text.includes('event: core')) text += new TextDecoder().decode((await reader.read()).value);
      expect(text).toContain('event: core\ndata: {"state":"up"}');
      await reader.cancel();
    } finally {
      await h.close();
      await c.close();
      fs.rmSync(d, { recursive: true, force: true });
    }
  }, 180_000); // two worker starts on a busy machine

  it('answers 503 with errors.core_down, at once, once it gives up restarting', async () => {
    const d = tempDir();
    const c = await DbClient.open({ dbPath: path.join(d, 'k.sqlite'), maxRestarts: 0 });
    const h = await startHost({ client: c, staticDir: d });
    try {
      await c.killWorker();
      expect(c.status).toBe('down');
      const res = await fetch(`http://127.0.0.1:${h.port}/rpc/users.list`, {
        method: 'POST', headers: { 'x-kartoteka-token': h.token, 'x-kartoteka': '1' }, body: '{}',
      });
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ ok: false, error: { code: 'unavailable', messageKey: 'errors.core_down' } });
    } finally {
      await h.close();
      await c.close();
      fs.rmSync(d, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('connections', () => {
  /** A raw socket that sends the start of a request and then trickles, never finishing its
   * headers; resolves with whatever the server answered once the server closes it. */
  function trickle(port: number): Promise<string> {
    return new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      let got = '';
      socket.setEncoding('utf8');
      socket.on('connect', () => socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Slow: `));
      const drip = setInterval(() => { if (socket.writable) socket.write('a'); }, 50);
      socket.on('data', (c: string) => { got += c; });
      socket.on('error', () => { /* a reset is a close too */ });
      socket.on('close', () => { clearInterval(drip); resolve(got); });
    });
  }

  it('caps open connections and closes trickling ones; the event stream stays open', async () => {
    // A second host on the same worker, with short limits.
    const h = await startHost({
      client, staticDir: path.join(dir, 'www'),
      limits: { maxConnections: 6, headersTimeoutMs: 1500, requestTimeoutMs: 1500, keepAliveTimeoutMs: 200, idleTimeoutMs: 400, checkIntervalMs: 100 },
    });
    try {
      // The event stream first: it lives past every timeout and still delivers.
      const controller = new AbortController();
      const events = await fetch(`http://127.0.0.1:${h.port}/events`, { headers: { cookie: `${cookieName(h.port)}=${h.token}` }, signal: controller.signal });
      const reader = events.body!.getReader();
      await reader.read();

      // 5 more fit under the cap of 6; the other 5 are dropped unanswered. The 5 that got in are
      // closed by the header timeout (408), though they keep sending.
      const answers = await Promise.all(Array.from({ length: 10 }, () => trickle(h.port)));
      expect(answers.filter((a) => a.startsWith('HTTP/1.1 408')).length).toBe(5);
      expect(answers.filter((a) => a === '').length).toBe(5);

      // Still serving, and the stream (older than every timeout by now) still delivers.
      const res = await fetch(`http://127.0.0.1:${h.port}/`);
      expect(await res.text()).toContain('<title>K</title>');
      await client.invoke('firms.create', { name: 'Stále tu', kinds: ['customer'] });
      let text = '';
      while (!text.includes('data:')) text += new TextDecoder().decode((await reader.read()).value);
      expect(text).toContain('"firms"');
      controller.abort();
    } finally {
      await h.close();
    }
  });
});
