import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DbClient } from '../core/db/client.ts';
import { startHost, resolveStatic, contentDisposition, downloadType, type Host } from './server.ts';
import { tempDir } from '../core/test-helpers.ts';

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

const rpc = (channel: string, body: unknown, token = host.token) => fetch(`${base}/rpc/${channel}`, {
  method: 'POST', headers: { 'content-type': 'application/json', 'x-kartoteka-token': token }, body: JSON.stringify(body),
});

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

  it('serves contract channels through the database worker', async () => {
    const created = await (await rpc('firms.create', { name: 'Hrubý s.r.o.', kinds: ['customer'] })).json();
    expect(created).toMatchObject({ ok: true, value: { id: expect.any(String) } });
    const list = await (await rpc('firms.list', { q: 'hruby', locale: 'cs' })).json();
    expect(list).toMatchObject({ ok: true, value: { total: 1, rows: [{ name: 'Hrubý s.r.o.' }] } });
    const bad = await (await rpc('firms.create', { name: 'X', kinds: ['customer'], ico: '12345678' })).json();
    expect(bad).toEqual({ ok: false, error: { code: 'validation', field: 'ico', messageKey: 'errors.ico_checksum' } });
    expect(await (await rpc('no.such', {})).json()).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
  });

  it('refuses calls without the token, with a wrong one, or by GET', async () => {
    expect((await rpc('firms.list', {}, 'wrong')).status).toBe(403);
    expect((await fetch(`${base}/rpc/firms.list`, { method: 'POST', body: '{}' })).status).toBe(403);
    expect((await fetch(`${base}/rpc/firms.list`)).status).toBe(405);
    expect((await fetch(`${base}/events?token=wrong`)).status).toBe(403);
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

  it('uploads an attachment through rpc (a body over the usual limit) and downloads it by id with its token', async () => {
    const firm = await (await rpc('firms.create', { name: 'Přílohy s.r.o.', kinds: ['customer'] })).json();
    const bytes = Buffer.alloc(3 * 1024 * 1024 + 7);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31) % 251;
    const added = await (await rpc('attachments.add', {
      firmId: firm.value.id, name: 'Účetní závěrka (2025) 100%.pdf', mime: 'application/pdf', content: bytes.toString('base64'),
    })).json();
    expect(added).toMatchObject({ ok: true, value: { size: bytes.length, missing: false } });
    // The bigger limit is for uploads only.
    const big = await rpc('firms.list', { q: 'x'.repeat(3 * 1024 * 1024) });
    expect(big.status).toBe(413);

    const res = await fetch(`${base}/files/${added.value.id}?token=${host.token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-length')).toBe(String(bytes.length));
    expect(res.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''%C3%9A%C4%8Detn%C3%AD%20z%C3%A1v%C4%9Brka%20%282025%29%20100%25.pdf");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('refuses downloads with a wrong or no token; unknown ids and files gone from disk are 404 envelopes', async () => {
    const firm = await (await rpc('firms.create', { name: 'Ztracené', kinds: ['customer'] })).json();
    const added = await (await rpc('attachments.add', {
      firmId: firm.value.id, name: 'gone.bin', content: Buffer.from('short-lived').toString('base64'),
    })).json();
    expect((await fetch(`${base}/files/${added.value.id}?token=wrong`)).status).toBe(403);
    expect((await fetch(`${base}/files/${added.value.id}`)).status).toBe(403);
    expect((await fetch(`${base}/files/${added.value.id}?token=${host.token}`, { method: 'POST' })).status).toBe(405);
    const located = await (await rpc('attachments.locate', { id: added.value.id })).json();
    expect(located.value.path.startsWith(path.join(dir, 'files'))).toBe(true);
    // Octet-stream when no type was stored.
    expect((await fetch(`${base}/files/${added.value.id}?token=${host.token}`)).headers.get('content-type')).toBe('application/octet-stream');

    fs.rmSync(located.value.path);
    const gone = await fetch(`${base}/files/${added.value.id}?token=${host.token}`);
    expect(gone.status).toBe(404);
    expect(await gone.json()).toEqual({ ok: false, error: { code: 'not_found', messageKey: 'errors.file_missing' } });
    const unknown = await fetch(`${base}/files/01900000-0000-7000-8000-000000000000?token=${host.token}`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect((await fetch(`${base}/files/..%2f..%2fk.sqlite?token=${host.token}`)).status).toBe(400);
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
    const res = await fetch(`${base}/events?token=${host.token}`, { signal: controller.signal });
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
