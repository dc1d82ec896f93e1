// The desktop shell's security rules, checked in plain Node. Nothing here (or in what it
// imports) touches `electron`: the last block makes sure it stays that way.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES, TABLES } from '../../shared/contract.ts';
import {
  APP_ENTRY_URL, APP_ORIGIN, CONTENT_SECURITY_POLICY, FORBIDDEN, assetResponseHeaders, contentTypeFor,
  externalUrlToOpen, isTrustedSenderUrl, permissionDecision, resolveAppAsset, shouldAllowFrameNavigation, shouldAllowNavigation,
  validateIpcCall, validateOpenFileCall, windowOpenDecision, validateChoosePathCall, desktopPathRefused,
} from './security.ts';
import { CHANGED_EVENT, CHOOSE_PATH_CHANNEL, CORE_EVENT, PROGRESS_EVENT, OPEN_FILE_CHANNEL, PRINT_CHANNEL, PRINT_PDF_CHANNEL, RPC_CHANNEL, UPLOAD_CHANNEL, createPreloadBridge, toChangeEvent, type IpcRendererLike } from './bridge.ts';

const HERE = import.meta.dirname;
const REPO = path.resolve(HERE, '../..');

/** Lookalikes and foreign URLs that must never count as the app. */
const FOREIGN_URLS = [
  'app://kartoteka.evil/', 'app://kartoteka.evil.com/index.html', 'app://kartoteka@evil/', 'app://kartoteka@evil/index.html',
  'app://evil@kartoteka/', 'app://user:pw@kartoteka/', 'app://kartoteka:8080/', 'app://kartoteka:/', 'app://KARTOTEKA/',
  'APP://kartoteka/', 'App://Kartoteka/', 'app://kartotekaa/', 'app://kartotek/', 'app://evil/kartoteka/', 'app://evil/',
  'app:kartoteka/', 'app:/kartoteka/', 'app:///kartoteka/', 'app://kartoteka\\@evil/', 'app://kartoteka\\evil/',
  'app://kartoteka%2eevil/', 'app://kartoteka%2fevil/', 'app://xn--kartoteka-/', ' app://kartoteka/', '\tapp://kartoteka/',
  'app://kartoteka/\n', 'app://kar\ttoteka/', 'app://kartoteka?x', 'app://kartoteka#x',
  'file:///work/main/dist/renderer/index.html', 'file:///etc/passwd', 'file://kartoteka/', 'file:///C:/Windows/win.ini',
  'http://kartoteka/', 'https://kartoteka/', 'https://kartoteka.cz/', 'http://localhost:5173/', 'http://127.0.0.1:4000/',
  'javascript:alert(1)', 'JavaScript:alert(document.domain)', 'data:text/html,<script>alert(1)</script>',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==', 'about:blank', 'about:srcdoc',
  'blob:app://kartoteka/6f1c0d0e-1d2b-4c3a-9e8f-0a1b2c3d4e5f', 'devtools://devtools/bundled/inspector.html',
  'chrome://settings/', 'chrome-extension://abc/index.html', 'view-source:app://kartoteka/', 'ws://kartoteka/',
  'not a url', '', '//kartoteka/', '/index.html', 'kartoteka', `app://kartoteka/${'a'.repeat(5000)}`,
];

describe('isTrustedSenderUrl', () => {
  it.each([
    'app://kartoteka/', 'app://kartoteka', 'app://kartoteka/index.html', 'app://kartoteka/index.html#/firms/0194d1f2-7c3a-7e0b-8f00-123456789abc',
    'app://kartoteka/index.html?lang=cs', 'app://kartoteka/index.html#/agenda?scope=all', APP_ENTRY_URL,
  ])('trusts our own page %s', (url) => {
    expect(isTrustedSenderUrl(url)).toBe(true);
  });

  it.each(FOREIGN_URLS)('does not trust %j', (url) => {
    expect(isTrustedSenderUrl(url)).toBe(false);
  });

  it.each([null, undefined, 42, {}, [], new URL('app://kartoteka/'), { toString: () => 'app://kartoteka/' }])(
    'does not trust a non-string (%j)', (value) => {
      expect(isTrustedSenderUrl(value)).toBe(false);
    },
  );
});

describe('shouldAllowNavigation', () => {
  const HOME = 'app://kartoteka/index.html#/firms';

  it('allows moves inside the app: hash routes, queries, other pages of our origin', () => {
    expect(shouldAllowNavigation(HOME, 'app://kartoteka/index.html#/agenda')).toBe(true);
    expect(shouldAllowNavigation(HOME, 'app://kartoteka/index.html?x=1#/firms/abc')).toBe(true);
    expect(shouldAllowNavigation(HOME, 'app://kartoteka/')).toBe(true);
    expect(shouldAllowNavigation('app://kartoteka/', 'app://kartoteka/other.html')).toBe(true);
  });

  it.each(FOREIGN_URLS)('refuses to leave the app for %j', (to) => {
    expect(shouldAllowNavigation(HOME, to)).toBe(false);
  });

  it('refuses https, mailto and tel as navigations too (those are opened externally, never in the window)', () => {
    for (const to of ['https://www.example.cz/', 'mailto:jan@firma.cz', 'tel:+420123456789']) expect(shouldAllowNavigation(HOME, to)).toBe(false);
  });

  it('refuses navigation into the app from a page that is not ours', () => {
    for (const from of ['https://evil.example/', 'about:blank', 'file:///tmp/x.html', 'app://kartoteka.evil/', '', null, undefined]) {
      expect(shouldAllowNavigation(from, 'app://kartoteka/index.html')).toBe(false);
    }
  });

  it('refuses garbage', () => {
    expect(shouldAllowNavigation(HOME, undefined)).toBe(false);
    expect(shouldAllowNavigation(HOME, 17)).toBe(false);
    expect(shouldAllowNavigation(HOME, 'app://kartoteka/\u0000')).toBe(false);
  });
});

describe('shouldAllowFrameNavigation', () => {
  it.each(['app://kartoteka/index.html', 'app://kartoteka/frame.html#x', 'about:blank', 'about:srcdoc'])('lets an iframe load %s', (url) => {
    expect(shouldAllowFrameNavigation(url)).toBe(true);
  });

  it.each(FOREIGN_URLS.filter((u) => u !== 'about:blank' && u !== 'about:srcdoc'))('keeps an iframe away from %j', (url) => {
    expect(shouldAllowFrameNavigation(url)).toBe(false);
  });

  it.each(['about:blank#x', 'about:blank?x', 'ABOUT:BLANK', 'about:config', null, undefined])('refuses %j', (url) => {
    expect(shouldAllowFrameNavigation(url)).toBe(false);
  });
});

describe('windowOpenDecision', () => {
  it.each(['https://www.example.cz/', 'mailto:jan@firma.cz', 'app://kartoteka/index.html', 'about:blank', 'javascript:alert(1)', '', undefined])(
    'denies every new window (%j)', (url) => {
      expect(windowOpenDecision(url)).toEqual({ action: 'deny' });
    },
  );
});

describe('externalUrlToOpen', () => {
  it.each([
    ['https://www.example.cz/', 'https://www.example.cz/'],
    ['https://example.cz', 'https://example.cz/'],
    ['HTTPS://Example.CZ/Cesta?q=1#kotva', 'https://example.cz/Cesta?q=1#kotva'],
    ['https://příklad.cz/', 'https://xn--pklad-zsa96e.cz/'],
    ['mailto:jan.novak@firma.cz', 'mailto:jan.novak@firma.cz'],
    ['mailto:jan@firma.cz?subject=Nab%C3%ADdka', 'mailto:jan@firma.cz?subject=Nab%C3%ADdka'],
    ['tel:+420123456789', 'tel:+420123456789'],
    ['tel:+36123456789', 'tel:+36123456789'],
    ['http://www.example.cz/', 'http://www.example.cz/'],
    ['HTTP://example.cz/', 'http://example.cz/'],
  ])('opens %s as %s', (url, expected) => {
    expect(externalUrlToOpen(url)).toBe(expected);
  });

  it.each([
    'http://user:pw@bank.cz/', 'ftp://ftp.example.cz/', 'file:///etc/passwd', 'file:///C:/Windows/System32/calc.exe',
    'file://server/share/x.exe', 'smb://server/share', '\\\\server\\share\\x.exe', 'javascript:alert(1)', 'JaVaScRiPt:alert(1)',
    ' javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)', 'app://kartoteka/index.html',
    'ms-msdt:/id PCWDiagnostic', 'search-ms:query=x', 'ms-settings:', 'shell:startup', 'steam://run/1', 'x-apple.systempreferences:',
    'about:blank', 'blob:https://example.cz/uuid', 'chrome://settings', 'ssh://host', 'sms:+420123456789', 'callto:+420123',
    'https://user:pw@bank.cz/', 'https://bank.cz@evil.example/', 'https://bank.cz%40evil.example@evil.example/',
    'https://example.cz\\@evil.example/', 'https://exa mple.cz/', 'https://example.cz/\u0000', 'https://example.cz/\n', '\nhttps://example.cz/',
    'mailto:', 'tel:', 'https://', 'https:', 'www.example.cz', '//example.cz', '', `https://example.cz/${'a'.repeat(3000)}`,
  ])('refuses %j', (url) => {
    expect(externalUrlToOpen(url)).toBeNull();
  });

  it.each([null, undefined, 1, {}, new URL('https://example.cz/')])('refuses a non-string (%j)', (value) => {
    expect(externalUrlToOpen(value)).toBeNull();
  });
});

describe('permissionDecision', () => {
  it.each([
    'media', 'geolocation', 'notifications', 'midi', 'midiSysex', 'pointerLock', 'fullscreen', 'openExternal', 'clipboard-read',
    'clipboard-sanitized-write', 'display-capture', 'hid', 'serial', 'usb', 'idle-detection', 'window-management', 'fileSystem',
    'local-fonts', 'storage-access', 'persistent-storage', 'unknown', '', undefined,
  ])('denies %j', (permission) => {
    expect(permissionDecision(permission)).toBe(false);
  });
});

describe('CONTENT_SECURITY_POLICY', () => {
  it('is exactly the agreed policy', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
      "font-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    );
  });

  it('allows no eval, no inline script and nothing remote', () => {
    const scriptSrc = CONTENT_SECURITY_POLICY.split('; ').find((d) => d.startsWith('script-src'));
    expect(scriptSrc).toBe("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|wasm-unsafe-eval|https?:|\*|blob:/);
  });

  it('agrees with the meta tag in index.html; only frame-ancestors (ignored in a meta tag) is header-only', () => {
    const html = fs.readFileSync(path.join(REPO, 'renderer', 'index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    const directives = (csp: string) => csp.split(';').map((d) => d.trim()).filter(Boolean);
    if (meta === undefined) return; // no meta tag: the header alone applies
    const header = directives(CONTENT_SECURITY_POLICY);
    expect(directives(meta).filter((d) => !header.includes(d))).toEqual([]);
    expect(header.filter((d) => !directives(meta).includes(d) && !d.startsWith('frame-ancestors'))).toEqual([]);
  });
});

describe('resolveAppAsset', () => {
  const ROOT = path.resolve(os.tmpdir(), 'kartoteka-renderer');
  const inRoot = (...p: string[]) => path.join(ROOT, ...p);

  it.each([
    ['app://kartoteka/', ['index.html']],
    ['app://kartoteka', ['index.html']],
    ['app://kartoteka/index.html', ['index.html']],
    ['app://kartoteka/index.html#/firms/abc', ['index.html']],
    ['app://kartoteka/?x=1', ['index.html']],
    ['app://kartoteka/assets/index-BoYCpc1Z.js', ['assets', 'index-BoYCpc1Z.js']],
    ['app://kartoteka/assets/index-BfptRvlI.css?v=3#x', ['assets', 'index-BfptRvlI.css']],
    ['app://kartoteka/assets/', ['assets', 'index.html']],
    ['app://kartoteka/fonts/Noto%20Sans.woff2', ['fonts', 'Noto Sans.woff2']],
    ['app://kartoteka/img/%C5%BElut%C3%BD.png', ['img', 'žlutý.png']],
    ['app://kartoteka/assets/a..b.js', ['assets', 'a..b.js']],
    ['app://kartoteka/assets/x...', ['assets', 'x...']],
  ])('maps %s into the root', (url, parts) => {
    expect(resolveAppAsset(ROOT, url)).toBe(inRoot(...parts));
  });

  it.each([
    // plain and encoded dot segments
    'app://kartoteka/../package.json', 'app://kartoteka/../../../../etc/passwd', 'app://kartoteka/assets/../../etc/passwd',
    'app://kartoteka/assets/../index.html', 'app://kartoteka/./index.html', 'app://kartoteka/assets/./x.js', 'app://kartoteka/..',
    'app://kartoteka/%2e%2e/package.json', 'app://kartoteka/%2E%2E/%2E%2E/etc/passwd', 'app://kartoteka/.%2e/x', 'app://kartoteka/%2e./x',
    'app://kartoteka/%2e/index.html', 'app://kartoteka/..%2fpackage.json', 'app://kartoteka/..%2F..%2Fetc%2Fpasswd',
    'app://kartoteka/%2e%2e%2f%2e%2e%2fetc%2fpasswd', 'app://kartoteka/assets%2f..%2f..%2fpackage.json',
    // Windows separators, drives, streams
    'app://kartoteka/..%5c..%5cwindows%5cwin.ini', 'app://kartoteka/..\\..\\etc\\passwd', 'app://kartoteka/assets\\..\\..\\x',
    'app://kartoteka/C:/Windows/win.ini', 'app://kartoteka/C%3A%5CWindows%5Cwin.ini', 'app://kartoteka/index.html::$DATA',
    // absolute paths and empty segments
    'app://kartoteka//etc/passwd', 'app://kartoteka/%2fetc%2fpasswd', 'app://kartoteka/%2Fetc/passwd', 'app://kartoteka/assets//x.js',
    // NUL, controls, double and broken encoding
    'app://kartoteka/index.html%00.js', 'app://kartoteka/%00', 'app://kartoteka/a%0ab', 'app://kartoteka/%252e%252e/package.json',
    'app://kartoteka/%25', 'app://kartoteka/%E0%A4%A', 'app://kartoteka/%', 'app://kartoteka/%zz',
    // dotfiles
    'app://kartoteka/.env', 'app://kartoteka/.git/config', 'app://kartoteka/assets/.hidden',
    // other hosts and schemes
    'app://evil/index.html', 'app://kartoteka.evil/index.html', 'app://kartoteka@evil/index.html', 'app://x@kartoteka/index.html',
    'app://kartoteka:80/index.html', 'app://KARTOTEKA/index.html', 'file:///etc/passwd', 'file:///work/main/dist/renderer/index.html',
    'http://kartoteka/index.html', 'https://kartoteka/index.html', 'javascript:alert(1)', '', 'index.html', '/etc/passwd',
  ])('refuses %j', (url) => {
    expect(resolveAppAsset(ROOT, url)).toBeNull();
  });

  it('never resolves outside the root, whatever the mix of segments (exhaustive over short paths)', () => {
    const parts = ['..', '%2e%2e', '%2E.', '.%2e', '.', '%2e', 'a', 'index.html', '', '%2f', '%5c', '..%2f', '%00', '~', '%2e%2e%2f'];
    let checked = 0;
    const walk = (prefix: string[], depth: number) => {
      const url = `app://kartoteka/${prefix.join('/')}`;
      const result = resolveAppAsset(ROOT, url);
      checked++;
      if (result !== null) expect(result.startsWith(ROOT + path.sep), url).toBe(true);
      if (depth === 0) return;
      for (const p of parts) walk([...prefix, p], depth - 1);
    };
    walk([], 4);
    expect(checked).toBeGreaterThan(50_000);
  });

  it('accepts a relative root and still stays inside it', () => {
    expect(resolveAppAsset('dist/renderer', 'app://kartoteka/index.html')).toBe(path.resolve('dist/renderer', 'index.html'));
    expect(resolveAppAsset('dist/renderer', 'app://kartoteka/%2e%2e/package.json')).toBeNull();
  });
});

describe('asset responses', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'], ['assets/index-x.js', 'text/javascript; charset=utf-8'],
    ['assets/index-x.css', 'text/css; charset=utf-8'], ['f.woff2', 'font/woff2'], ['logo.SVG', 'image/svg+xml'],
    ['x.png', 'image/png'], ['strange.bin', 'application/octet-stream'], ['no-extension', 'application/octet-stream'],
  ])('%s is served as %s', (file, type) => {
    expect(contentTypeFor(file)).toBe(type);
  });

  it('carry the CSP, forbid sniffing and name the type', () => {
    expect(assetResponseHeaders('/x/index.html')).toEqual({
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache',
    });
  });
});

describe('validateIpcCall', () => {
  const PAGE = 'app://kartoteka/index.html#/firms';

  it('lets our own top-level page call every contract channel', () => {
    for (const channel of CHANNEL_NAMES) expect(validateIpcCall(PAGE, channel, { isMainFrame: true })).toEqual({ ok: true, channel });
    expect(validateIpcCall(PAGE, 'firms.list')).toEqual({ ok: true, channel: 'firms.list' });
  });

  it.each([...FOREIGN_URLS, null, undefined])('answers forbidden to a frame at %j', (url) => {
    expect(validateIpcCall(url as string | null | undefined, 'firms.list', { isMainFrame: true })).toEqual({
      ok: false, error: { code: 'forbidden', messageKey: 'errors.forbidden' },
    });
  });

  it('answers forbidden to a subframe, even one of our origin', () => {
    expect(validateIpcCall(PAGE, 'firms.list', { isMainFrame: false })).toEqual({ ok: false, error: { code: 'forbidden', messageKey: 'errors.forbidden' } });
  });

  it('checks the sender before the channel, so a foreign page learns nothing about channels', () => {
    expect(validateIpcCall('https://evil.example/', 'no.such.channel')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it.each(['no.such.channel', 'toString', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf', 'FIRMS.LIST', 'firms.list ', ''])(
    'refuses the unknown channel %j', (channel) => {
      expect(validateIpcCall(PAGE, channel)).toMatchObject({ ok: false, error: { code: 'unknown_channel', messageKey: 'errors.unknown_channel' } });
    },
  );

  it.each<unknown>([42, null, undefined, {}, ['firms.list'], { toString: 'x' }, Symbol('firms.list')])('refuses a channel that is not a string (%s)', (channel) => {
    const check = validateIpcCall(PAGE, channel);
    expect(check).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
  });

  it('hands out a fresh error object (the shared constant cannot be tampered with)', () => {
    const a = validateIpcCall('https://evil.example/', 'firms.list');
    if (a.ok) throw new Error('expected a refusal');
    a.error.messageKey = 'tampered';
    expect(FORBIDDEN).toEqual({ code: 'forbidden', messageKey: 'errors.forbidden' });
    expect(Object.isFrozen(FORBIDDEN)).toBe(true);
    const b = validateIpcCall('https://evil.example/', 'firms.list');
    expect(b).toEqual({ ok: false, error: { code: 'forbidden', messageKey: 'errors.forbidden' } });
  });
});

describe('validateOpenFileCall', () => {
  const PAGE = 'app://kartoteka/index.html#/firms/x';
  const ID = '0194d1f2-7c3a-7e0b-8f00-123456789abc';

  it('lets our own top-level page ask for an attachment by id', () => {
    expect(validateOpenFileCall(PAGE, ID, { isMainFrame: true })).toEqual({ ok: true, attachmentId: ID });
  });

  it.each([...FOREIGN_URLS, null, undefined])('answers forbidden to a frame at %j', (url) => {
    expect(validateOpenFileCall(url as string | null | undefined, ID)).toEqual({ ok: false, error: { code: 'forbidden', messageKey: 'errors.forbidden' } });
  });

  it('answers forbidden to a subframe, before looking at the argument', () => {
    expect(validateOpenFileCall(PAGE, ID, { isMainFrame: false })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(validateOpenFileCall('https://evil.example/', '/etc/passwd')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it.each<unknown>(['/etc/passwd', '../../kartoteka.sqlite', 'C:\\Windows\\notepad.exe', `${ID}/../x`, ID.toUpperCase(), '', 42, null, {}, [ID]])(
    'refuses %j: only an attachment id crosses', (arg) => {
      expect(validateOpenFileCall(PAGE, arg)).toEqual({ ok: false, error: { code: 'validation', messageKey: 'errors.invalid_id', field: 'id' } });
    },
  );
});

// ---- the preload's bridge, over a fake ipcRenderer -------------------------------------------
function fakeIpc() {
  const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  const ipc = {
    invoke: vi.fn(async (...args: unknown[]) => ({ ok: true, value: args })),
    on: vi.fn((channel: string, l: (event: unknown, ...args: unknown[]) => void) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(l);
    }),
    removeListener: vi.fn((channel: string, l: (event: unknown, ...args: unknown[]) => void) => {
      listeners.get(channel)?.delete(l);
    }),
  } satisfies IpcRendererLike;
  const emit = (channel: string, ...args: unknown[]) => {
    const event = { sender: ipc, senderId: 0, ports: [] };
    for (const l of listeners.get(channel) ?? []) l(event, ...args);
  };
  const count = (channel: string) => listeners.get(channel)?.size ?? 0;
  return { ipc, emit, count };
}

describe('createPreloadBridge', () => {
  it('exposes exactly invoke, upload, openFile, print, printToPdf, choosePath, on, onCore and onProgress, frozen', () => {
    const bridge = createPreloadBridge(fakeIpc().ipc);
    expect(Object.keys(bridge).sort()).toEqual(['choosePath', 'invoke', 'on', 'onCore', 'onProgress', 'openFile', 'print', 'printToPdf', 'upload']);
    expect(Object.isFrozen(bridge)).toBe(true);
    expect(Object.values(bridge).every((v) => typeof v === 'function')).toBe(true);
  });

  it('upload sends a file channel, its fields and an ArrayBuffer within the limit; nothing else', async () => {
    const { ipc } = fakeIpc();
    const bridge = createPreloadBridge(ipc);
    const bytes = new ArrayBuffer(3);
    await expect(bridge.upload!('sales.import', { fileName: 'a.csv' }, bytes)).resolves.toEqual({ ok: true, value: [UPLOAD_CHANNEL, 'sales.import', { fileName: 'a.csv' }, bytes] });
    await expect(bridge.upload!('firms.create', {}, bytes)).rejects.toThrow(/takes no file/);
    await expect(bridge.upload!('attachments.add', {}, 'base64' as unknown as ArrayBuffer)).rejects.toThrow(/ArrayBuffer/);
    await expect(bridge.upload!('sales.import', {}, new ArrayBuffer(20 * 1024 * 1024 + 1)))
      .resolves.toMatchObject({ ok: false, error: { messageKey: 'errors.file_too_big' } });
    expect(ipc.invoke).toHaveBeenCalledTimes(1);
  });

  it('onCore passes only a known state, as a fresh object', () => {
    const { ipc, emit } = fakeIpc();
    const seen: unknown[] = [];
    const off = createPreloadBridge(ipc).onCore!((e) => seen.push(e));
    emit(CORE_EVENT, { state: 'up', extra: 1 });
    emit(CORE_EVENT, { state: 'reopened' });
    emit(CORE_EVENT, { state: 'sideways' });
    emit(CORE_EVENT, null);
    off();
    emit(CORE_EVENT, { state: 'down' });
    expect(seen).toEqual([{ state: 'up' }, { state: 'reopened' }]);
  });

  it('choosePath asks main for one of its two dialogs, naming no path', async () => {
    const { ipc } = fakeIpc();
    const bridge = createPreloadBridge(ipc);
    await expect(bridge.choosePath!('backup')).resolves.toEqual({ ok: true, value: [CHOOSE_PATH_CHANNEL, 'backup'] });
    await expect(bridge.choosePath!('/etc/passwd' as 'restore')).rejects.toThrow(/backup or a restore/);
    expect(ipc.invoke).toHaveBeenCalledTimes(1);
  });

  it('onProgress passes only a well-formed job id and whole counts, as a fresh object', () => {
    const { ipc, emit } = fakeIpc();
    const seen: unknown[] = [];
    const off = createPreloadBridge(ipc).onProgress!((e) => seen.push(e));
    emit(PROGRESS_EVENT, { job: 'job-12345678', done: 3, total: 10, extra: { x: 1 } });
    emit(PROGRESS_EVENT, { job: 'x', done: 3, total: 10 });
    emit(PROGRESS_EVENT, { job: 'job-12345678', done: '3', total: 10 });
    emit(PROGRESS_EVENT, { job: 'job-12345678', done: 1.5, total: 10 });
    emit(PROGRESS_EVENT, null);
    off();
    emit(PROGRESS_EVENT, { job: 'job-12345678', done: 4, total: 10 });
    expect(seen).toEqual([{ job: 'job-12345678', done: 3, total: 10 }]);
  });

  it('print and printToPdf send only the document (and a name) over their own IPC channels', async () => {
    const { ipc } = fakeIpc();
    const bridge = createPreloadBridge(ipc);
    await expect(bridge.print!('<p>x</p>')).resolves.toEqual({ ok: true, value: [PRINT_CHANNEL, '<p>x</p>'] });
    await expect(bridge.printToPdf!('<p>x</p>', 'Brief.pdf')).resolves.toEqual({ ok: true, value: [PRINT_PDF_CHANNEL, '<p>x</p>', 'Brief.pdf'] });
    expect(ipc.invoke).toHaveBeenCalledWith('print', '<p>x</p>');
    expect(ipc.invoke).toHaveBeenCalledWith('print-pdf', '<p>x</p>', 'Brief.pdf');
    await expect(bridge.printToPdf!('<p>x</p>', 42 as unknown as string)).resolves.toEqual({ ok: true, value: [PRINT_PDF_CHANNEL, '<p>x</p>', ''] });
    for (const bad of [42, null, { html: 'x' }] as unknown[]) {
      await expect(bridge.print!(bad as string)).rejects.toThrow(/document/);
      await expect(bridge.printToPdf!(bad as string, 'a')).rejects.toThrow(/document/);
    }
    expect(ipc.invoke).toHaveBeenCalledTimes(3);
  });

  it('openFile sends only an attachment id over its own IPC channel', async () => {
    const { ipc } = fakeIpc();
    const bridge = createPreloadBridge(ipc);
    const id = '0194d1f2-7c3a-7e0b-8f00-123456789abc';
    await expect(bridge.openFile!(id)).resolves.toEqual({ ok: true, value: [OPEN_FILE_CHANNEL, id] });
    expect(ipc.invoke).toHaveBeenCalledWith('open-file', id);
    for (const bad of ['/etc/passwd', '', 'x'.repeat(36), 42, null, { id }]) {
      await expect(bridge.openFile!(bad as string)).rejects.toThrow(/attachment id/);
    }
    expect(ipc.invoke).toHaveBeenCalledTimes(1);
  });

  it('sends contract channels over the one rpc IPC channel and returns its answer', async () => {
    const { ipc } = fakeIpc();
    const bridge = createPreloadBridge(ipc);
    await expect(bridge.invoke('firms.get', { id: 'x' })).resolves.toEqual({ ok: true, value: [RPC_CHANNEL, 'firms.get', { id: 'x' }] });
    expect(ipc.invoke).toHaveBeenCalledTimes(1);
    expect(ipc.invoke).toHaveBeenCalledWith('rpc', 'firms.get', { id: 'x' });
  });

  it.each(['no.such.channel', '__proto__', 'constructor', 'toString', 'rpc', 'open-file', 'changed', ''])('rejects %j without touching IPC', async (channel) => {
    const { ipc } = fakeIpc();
    await expect(createPreloadBridge(ipc).invoke(channel, {})).rejects.toThrow(/unknown channel/);
    expect(ipc.invoke).not.toHaveBeenCalled();
  });

  it('rejects non-string channels without touching IPC', async () => {
    const { ipc } = fakeIpc();
    const bridge = createPreloadBridge(ipc);
    for (const channel of [42, null, undefined, {}, ['firms.list']]) {
      await expect(bridge.invoke(channel as unknown as string, {})).rejects.toThrow(/unknown channel/);
    }
    expect(ipc.invoke).not.toHaveBeenCalled();
  });

  it('delivers change events as plain data, never the IPC event (whose sender is ipcRenderer)', () => {
    const { ipc, emit } = fakeIpc();
    const seen: unknown[][] = [];
    createPreloadBridge(ipc).on('changed', (...args: unknown[]) => seen.push(args));
    expect(ipc.on).toHaveBeenCalledWith(CHANGED_EVENT, expect.any(Function));
    const payload = { tables: ['firms', 'people'] };
    emit('changed', payload);
    expect(seen).toEqual([[{ tables: ['firms', 'people'] }]]);
    expect(seen[0]![0]).not.toBe(payload);
    expect(JSON.stringify(seen)).not.toContain('sender');
  });

  it('keeps only known tables and ignores malformed payloads', () => {
    const { ipc, emit } = fakeIpc();
    const cb = vi.fn();
    createPreloadBridge(ipc).on('changed', cb);
    emit('changed', { tables: ['firms', 'sqlite_master', 42, 'firms', '__proto__'] });
    emit('changed', null);
    emit('changed', 'firms');
    emit('changed', { tables: 'firms' });
    expect(cb).toHaveBeenCalledTimes(1);
    expect(cb).toHaveBeenCalledWith({ tables: ['firms'] });
    expect(toChangeEvent({ tables: [...TABLES] })).toEqual({ tables: [...TABLES] });
    expect(toChangeEvent(undefined)).toBeNull();
  });

  it('unsubscribes, once', () => {
    const { ipc, emit, count } = fakeIpc();
    const cb = vi.fn();
    const off = createPreloadBridge(ipc).on('changed', cb);
    expect(count('changed')).toBe(1);
    off();
    off();
    expect(count('changed')).toBe(0);
    expect(ipc.removeListener).toHaveBeenCalledTimes(1);
    emit('changed', { tables: ['firms'] });
    expect(cb).not.toHaveBeenCalled();
  });

  it('keeps separate subscriptions separate', () => {
    const { ipc, emit } = fakeIpc();
    const bridge = createPreloadBridge(ipc);
    const a = vi.fn();
    const b = vi.fn();
    const offA = bridge.on('changed', a);
    bridge.on('changed', b);
    offA();
    emit('changed', { tables: ['contacts'] });
    expect(a).not.toHaveBeenCalled();
    expect(b).toHaveBeenCalledWith({ tables: ['contacts'] });
  });

  it('refuses other event names and non-function listeners', () => {
    const { ipc } = fakeIpc();
    const bridge = createPreloadBridge(ipc);
    expect(() => bridge.on('rpc' as 'changed', () => {})).toThrow(TypeError);
    expect(() => bridge.on('ipc-message' as 'changed', () => {})).toThrow(TypeError);
    expect(() => bridge.on('changed', 'alert(1)' as unknown as () => void)).toThrow(TypeError);
    expect(ipc.on).not.toHaveBeenCalled();
  });
});

// ---- what the shell's files may import -------------------------------------------------------
function importsOf(file: string): string[] {
  const code = fs.readFileSync(path.join(HERE, file), 'utf8');
  const found = new Set<string>();
  for (const re of [/\bfrom\s+['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g, /^\s*import\s+['"]([^'"]+)['"]/gm]) {
    for (const m of code.matchAll(re)) found.add(m[1]!);
  }
  return [...found].sort();
}

describe('shell import rules', () => {
  it('only main.ts and preload.ts import electron; the pure modules import nothing of Electron or main.ts', () => {
    const files = fs.readdirSync(HERE).filter((f) => f.endsWith('.ts'));
    const withElectron = files.filter((f) => importsOf(f).some((s) => s === 'electron' || s.startsWith('electron/')));
    expect(withElectron.sort()).toEqual(['main.ts', 'preload.ts']);
    for (const f of files.filter((x) => x !== 'main.ts' && x !== 'preload.ts')) {
      expect(importsOf(f).filter((s) => /(^|\/)(main|preload)(\.ts)?$/.test(s)), f).toEqual([]);
    }
  });

  it('the preload pulls in only electron, the Node-free bridge and the zod switch', () => {
    expect(importsOf('preload.ts')).toEqual(['../../shared/zod-jitless.ts', './bridge.ts', 'electron']);
    expect(importsOf('bridge.ts')).toEqual(['../../shared/contract.ts']);
    expect(importsOf('../../shared/zod-jitless.ts')).toEqual(['zod']);
    // …and the switch comes first, before anything builds a schema.
    const code = fs.readFileSync(path.join(HERE, 'preload.ts'), 'utf8');
    expect(code.indexOf("import '../../shared/zod-jitless.ts'")).toBeLessThan(code.indexOf("from './bridge.ts'"));
  });

  it('APP_ORIGIN and the entry URL agree', () => {
    expect(APP_ORIGIN).toBe('app://kartoteka');
    expect(APP_ENTRY_URL.startsWith(`${APP_ORIGIN}/`)).toBe(true);
    expect(isTrustedSenderUrl(APP_ENTRY_URL)).toBe(true);
    expect(resolveAppAsset('/r', APP_ENTRY_URL)).toBe(path.resolve('/r', 'index.html'));
  });
});

describe('paths on this machine in backups', () => {
  it('choose-path answers our own top-level page only, for a backup or a restore', () => {
    expect(validateChoosePathCall(APP_ENTRY_URL, 'backup')).toEqual({ ok: true, purpose: 'backup' });
    expect(validateChoosePathCall(APP_ENTRY_URL, 'restore')).toEqual({ ok: true, purpose: 'restore' });
    expect(validateChoosePathCall('https://evil.example/', 'backup')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(validateChoosePathCall(APP_ENTRY_URL, 'backup', { isMainFrame: false })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(validateChoosePathCall(APP_ENTRY_URL, '/home/eva')).toMatchObject({ ok: false, error: { code: 'validation' } });
  });

  it('a backup target or restore source must be a path the user picked in the dialog', () => {
    const chosen = new Set(['/media/usb/kartoteka.sqlite']);
    expect(desktopPathRefused('backups.run', { target: '/media/usb/kartoteka.sqlite' }, chosen)).toBeNull();
    expect(desktopPathRefused('backups.restore', { path: '/media/usb/kartoteka.sqlite' }, chosen)).toBeNull();
    expect(desktopPathRefused('backups.run', {}, chosen)).toBeNull();
    expect(desktopPathRefused('backups.restore', { name: 'kartoteka-x-auto.sqlite' }, chosen)).toBeNull();
    expect(desktopPathRefused('backups.run', { target: '/home/eva/.bashrc' }, chosen)).toEqual({ code: 'forbidden', messageKey: 'errors.desktop_only', field: 'target' });
    expect(desktopPathRefused('backups.restore', { path: 42 }, chosen)).toMatchObject({ field: 'path' });
    expect(desktopPathRefused('firms.list', { target: 'x' }, chosen)).toBeNull();
  });
});
