import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DbClient } from '../core/db/client.ts';
import { startHost, resolveStatic, type Host } from './server.ts';
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
