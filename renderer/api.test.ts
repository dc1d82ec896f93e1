// The browser transport: the token header, envelopes through, failures as ApiError data.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, createHttpBridge, send, setBridge } from './api.ts';
import { pickLocale } from './i18n/index.ts';

afterEach(() => { vi.unstubAllGlobals(); setBridge(null); });

describe('HTTP bridge', () => {
  it('POSTs the input to /rpc/<channel> with the token header and returns the envelope', async () => {
    const fetchMock = vi.fn(async (_url: string, _init: RequestInit) => new Response(JSON.stringify({ ok: true, value: [] }), { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    const bridge = createHttpBridge('tok-1');
    expect(await bridge.invoke('users.list', {})).toEqual({ ok: true, value: [] });
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('/rpc/users.list');
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>)['x-kartoteka-token']).toBe('tok-1');
    expect(init.body).toBe('{}');
  });

  it('turns a refused token and a dead host into error envelopes', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('Forbidden', { status: 403 })));
    expect(await createHttpBridge('x').invoke('users.list', {})).toMatchObject({ ok: false, error: { messageKey: 'errors.forbidden' } });
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Failed to fetch'); }));
    expect(await createHttpBridge('x').invoke('users.list', {})).toMatchObject({ ok: false, error: { messageKey: 'errors.network' } });
  });
});

describe('send', () => {
  it('resolves with the value of an ok envelope', async () => {
    setBridge({ invoke: async () => ({ ok: true, value: { id: 'a' } }), on: () => () => {} });
    await expect(send('firms.delete', { id: '00000000-0000-7000-8000-000000000000' })).resolves.toEqual({ id: 'a' });
  });

  it('throws an ApiError carrying the field and the i18n key', async () => {
    setBridge({ invoke: async () => ({ ok: false, error: { code: 'validation', messageKey: 'errors.ico_checksum', field: 'ico' } }), on: () => () => {} });
    const err = await send('firms.create', { name: 'x', kinds: ['customer'], ico: '12345678' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).data).toEqual({ code: 'validation', messageKey: 'errors.ico_checksum', field: 'ico' });
  });
});

describe('default language', () => {
  it('follows the browser: Czech/Slovak, Hungarian, Russian, otherwise English', () => {
    expect(pickLocale(['cs-CZ'])).toBe('cs');
    expect(pickLocale(['sk'])).toBe('cs');
    expect(pickLocale(['hu-HU', 'en'])).toBe('hu');
    expect(pickLocale(['ru'])).toBe('ru');
    expect(pickLocale(['de-DE', 'fr'])).toBe('en');
    expect(pickLocale(['de-DE', 'hu'])).toBe('hu');
  });
});
