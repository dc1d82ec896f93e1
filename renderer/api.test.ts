// The browser transport: the token header, envelopes through, failures as ApiError data.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, createHttpBridge, onCoreState, send, sendFile, setBridge } from './api.ts';
import { pickLocale } from './i18n/index.ts';

afterEach(() => { vi.unstubAllGlobals(); setBridge(null); });

describe('HTTP bridge', () => {
  it('POSTs the input to /rpc/<channel> with the custom header; the session is the cookie, never a token in the page', async () => {
    const fetchMock = vi.fn(async (_url: string, _init: RequestInit) => new Response(JSON.stringify({ ok: true, value: [] }), { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    const bridge = createHttpBridge();
    expect(await bridge.invoke('users.list', {})).toEqual({ ok: true, value: [] });
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('/rpc/users.list');
    expect(init.method).toBe('POST');
    expect(init.credentials).toBe('same-origin');
    expect(init.headers).toEqual({ 'x-kartoteka': '1', 'content-type': 'application/json' });
    expect(init.body).toBe('{}');
  });

  it('uploads a file as its raw bytes, the other fields in a header', async () => {
    const fetchMock = vi.fn(async (_url: string, _init: RequestInit) => new Response(JSON.stringify({ ok: true, value: { id: 'a' } }), { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    const bytes = new Uint8Array([1, 2, 3]).buffer;
    expect(await createHttpBridge().upload!('attachments.add', { firmId: 'f', name: 'Účet.pdf' }, bytes)).toEqual({ ok: true, value: { id: 'a' } });
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('/upload/attachments.add');
    expect(init.body).toBe(bytes);
    const headers = init.headers as Record<string, string>;
    expect(headers['x-kartoteka']).toBe('1');
    expect(JSON.parse(decodeURIComponent(headers['x-kartoteka-input']!))).toEqual({ firmId: 'f', name: 'Účet.pdf' });
  });

  it('turns a refused session and a dead host into error envelopes; a 503 keeps its envelope', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('Forbidden', { status: 403 })));
    expect(await createHttpBridge().invoke('users.list', {})).toMatchObject({ ok: false, error: { messageKey: 'errors.forbidden' } });
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Failed to fetch'); }));
    expect(await createHttpBridge().invoke('users.list', {})).toMatchObject({ ok: false, error: { messageKey: 'errors.network' } });
    const down = { ok: false, error: { code: 'unavailable', messageKey: 'errors.core_down' } };
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify(down), { status: 503 })));
    expect(await createHttpBridge().invoke('users.list', {})).toEqual(down);
  });
});

describe('sendFile', () => {
  it('refuses a file over its channel limit before reading it, and sends the rest as bytes', async () => {
    const upload = vi.fn(async () => ({ ok: true, value: { lines: 0, added: 0, skipped: 0, errors: [], importId: null } }));
    setBridge({ invoke: async () => ({ ok: true, value: null }), on: () => () => {}, upload });
    const huge = { size: 20 * 1024 * 1024 + 1, arrayBuffer: () => { throw new Error('read'); } } as unknown as Blob;
    const err = await sendFile('sales.import', { fileName: 'a.csv', dryRun: true }, huge).catch((e: unknown) => e);
    expect((err as ApiError).data).toEqual({ code: 'validation', messageKey: 'errors.file_too_big', field: 'content', params: { max: '20 MB' } });
    expect(upload).not.toHaveBeenCalled();
    await sendFile('sales.import', { fileName: 'a.csv', dryRun: true }, new Blob(['x;y']));
    expect(upload).toHaveBeenCalledWith('sales.import', { fileName: 'a.csv', dryRun: true }, expect.any(ArrayBuffer));
  });
});

describe('when the database worker stops', () => {
  it('tells the notice from a failed call and from the transport event', async () => {
    let core: ((e: { state: 'up' | 'down' }) => void) | null = null;
    setBridge({
      invoke: async () => ({ ok: false, error: { code: 'unavailable', messageKey: 'errors.core_restarted' } }),
      on: () => () => {}, onCore: (cb) => { core = cb; return () => { core = null; }; },
    });
    const seen: string[] = [];
    const off = onCoreState((s) => seen.push(s));
    await expect(send('users.list', {})).rejects.toBeInstanceOf(ApiError);
    core!({ state: 'down' });
    expect(seen).toEqual(['restarted', 'down']);
    off();
    expect(core).toBeNull();
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
