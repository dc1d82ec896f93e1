// The shell as shipped: scripts/build-electron.mjs bundles main.cjs, preload.cjs and
// db-worker.mjs, then main.cjs runs in a child Node process against a small stand-in for the
// `electron` module (the real binary is not needed, and this test never imports electron).
// It checks that main.ts really wires security.ts into Electron: the privileged scheme, the
// sandboxed window, the guards, the permission handlers, asset serving with the CSP, the IPC
// sender check in front of the real database worker, opening attachments, change broadcasts and
// a clean quit.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = path.resolve(import.meta.dirname, '../..');
// Under the repo's node_modules so the unpacked worker bundle can resolve better-sqlite3.
const WORK = path.join(REPO, 'node_modules', '.cache', `kartoteka-shell-test-${process.pid}`);
const OUT = path.join(WORK, 'electron');

/** A stand-in for `electron`: records what main.cjs does, and lets the scenario drive it. */
const HARNESS = String.raw`
const Module = require('node:module');
const path = require('node:path');
const fs = require('node:fs');
const log = [];
const appEvents = {};
const sent = [];
const opened = [];
let protocolHandler = null, resolveReady, menuTemplate = null;
const ipcHandlers = {};
const openedPaths = [], revealed = [];
const whenReady = new Promise((r) => { resolveReady = r; });
const windows = [];
class WebContents {
  constructor() { this.events = {}; this.url = ''; this.windowOpenHandler = null; }
  on(name, fn) { (this.events[name] ??= []).push(fn); return this; }
  emit(name, ...args) { for (const fn of this.events[name] ?? []) fn(...args); }
  setWindowOpenHandler(fn) { this.windowOpenHandler = fn; }
  getURL() { return this.url; }
  isDestroyed() { return false; }
  send(channel, payload) { sent.push({ url: this.url, channel, payload }); }
}
function contentsCreated(contents) { for (const fn of appEvents['web-contents-created'] ?? []) fn({}, contents); }
class BrowserWindow {
  constructor(options = {}) { this.options = options; this.webContents = new WebContents(); windows.push(this); contentsCreated(this.webContents); }
  once() { return this; } on() { return this; }
  loadURL(url) { log.push('loadURL ' + url); this.webContents.url = url; return Promise.resolve(); }
  isMinimized() { return false; } restore() {} focus() { log.push('focus'); }
  static getAllWindows() { return windows; }
}
const defaultSession = {
  webRequest: { onBeforeRequest(filter, fn) { this.filter = filter; this.fn = fn; } },
  setPermissionRequestHandler(fn) { this.request = fn; },
  setPermissionCheckHandler(fn) { this.check = fn; },
  setDevicePermissionHandler(fn) { this.device = fn; },
};
let ready = false;
const electron = {
  app: {
    isPackaged: false,
    getPath: (name) => {
      if (name === 'userData') return process.env.FAKE_USER_DATA;
      if (name === 'temp') return process.env.FAKE_TEMP;
      throw new Error('unexpected getPath ' + name);
    },
    getLocale: () => 'hu-HU',
    enableSandbox: () => log.push('enableSandbox' + (ready ? ' AFTER READY' : '')),
    requestSingleInstanceLock: () => true,
    on(name, fn) { (appEvents[name] ??= []).push(fn); return this; },
    whenReady: () => whenReady,
    isReady: () => ready,
    quit: () => log.push('quit'),
    exit: (code) => log.push('exit ' + code),
  },
  BrowserWindow,
  ipcMain: { handle(channel, fn) { ipcHandlers[channel] = fn; } },
  Menu: { buildFromTemplate: (t) => { menuTemplate = t; return {}; }, setApplicationMenu: () => log.push('setApplicationMenu') },
  // Reminders as OS notifications are tested in reminders.test.ts; here none are supported.
  Notification: class { static isSupported() { return false; } },
  protocol: {
    registerSchemesAsPrivileged: (schemes) => log.push('registerSchemesAsPrivileged ' + JSON.stringify(schemes) + (ready ? ' AFTER READY' : '')),
    handle(scheme, fn) { protocolHandler = { scheme, fn }; },
  },
  session: { defaultSession },
  shell: {
    openExternal: async (url) => { opened.push(url); },
    openPath: async (p) => { openedPaths.push(p); return ''; },
    showItemInFolder: (p) => { revealed.push(p); },
  },
};
const load = Module._load;
Module._load = function (request, ...rest) { return request === 'electron' ? electron : load.call(this, request, ...rest); };
require(path.join(process.env.SHELL_OUT, 'main.cjs'));

const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));
// Waits for what the shell does asynchronously instead of a fixed time: a busy machine may take
// longer than any chosen delay (15 s at most, then the assertions say what did not happen).
const until = async (done) => { for (const end = Date.now() + 15000; !done() && Date.now() < end;) await tick(10); };
(async () => {
  const r = { log };
  ready = true;
  resolveReady();
  await until(() => windows.length > 0 && log.some((l) => l.startsWith('loadURL')));
  const win = windows[0];
  r.webPreferences = win.options.webPreferences;
  r.menu = menuTemplate;

  // app:// assets
  const serve = async (url, method = 'GET') => {
    const res = await protocolHandler.fn(new Request(url, { method }));
    return { url, method, status: res.status, type: res.headers.get('content-type'), csp: res.headers.get('content-security-policy'), nosniff: res.headers.get('x-content-type-options'), body: await res.text() };
  };
  r.scheme = protocolHandler.scheme;
  r.assets = [];
  for (const url of ['app://kartoteka/', 'app://kartoteka/assets/app.js', 'app://kartoteka/missing.js', 'app://kartoteka/%2e%2e/secret.txt', 'app://kartoteka/..%2fsecret.txt']) r.assets.push(await serve(url));
  r.assets.push(await serve('app://kartoteka/index.html', 'HEAD'));
  r.assets.push(await serve('app://kartoteka/index.html', 'POST'));

  // IPC
  const top = { url: 'app://kartoteka/index.html#/firms', parent: null };
  const call = (frame, channel, input) => ipcHandlers.rpc({ senderFrame: frame }, channel, input);
  r.ipcChannels = Object.keys(ipcHandlers);
  r.info = await call(top, 'app.info', {});
  r.refused = [
    await call({ url: 'https://evil.example/', parent: null }, 'app.info', {}),
    await call({ url: 'file:///etc/passwd', parent: null }, 'app.info', {}),
    await call({ url: 'app://kartoteka.evil/', parent: null }, 'app.info', {}),
    await call({ url: 'app://kartoteka/index.html', parent: top }, 'app.info', {}),
    await call(null, 'app.info', {}),
  ];
  r.unknown = await call(top, 'no.such.channel', {});
  r.invalid = await call(top, 'firms.get', { id: 'not-an-id' });

  // change events go to our windows only
  const foreign = new BrowserWindow();
  foreign.webContents.url = 'https://evil.example/';
  r.write = await call(top, 'codes.add', { list: 'contact_kind', label: 'Zkouška' });
  await until(() => sent.length > 0);
  await tick(50); // and a moment for a send that should not come
  r.sent = [...sent];

  // navigation, redirects, new windows, webviews — on the window and on any other contents
  const devtools = new WebContents();
  devtools.url = 'devtools://devtools/bundled/inspector.html';
  contentsCreated(devtools);
  const nav = (contents, name, url) => { let prevented = false; contents.emit(name, { url, preventDefault() { prevented = true; } }); return prevented; };
  r.navigation = {
    inApp: nav(win.webContents, 'will-navigate', 'app://kartoteka/index.html#/agenda'),
    https: nav(win.webContents, 'will-navigate', 'https://www.example.cz/'),
    mailto: nav(win.webContents, 'will-navigate', 'mailto:jan@firma.cz'),
    file: nav(win.webContents, 'will-navigate', 'file:///etc/passwd'),
    javascript: nav(win.webContents, 'will-navigate', 'javascript:alert(1)'),
    redirect: nav(win.webContents, 'will-redirect', 'https://www.example.cz/'),
    redirectInApp: nav(win.webContents, 'will-redirect', 'app://kartoteka/index.html'),
    webview: nav(win.webContents, 'will-attach-webview', 'app://kartoteka/'),
    devtoolsNavigate: nav(devtools, 'will-navigate', 'file:///etc/passwd'),
  };
  const frameNav = (url, isMainFrame = false) => { let prevented = false; win.webContents.emit('will-frame-navigate', { url, isMainFrame, preventDefault() { prevented = true; } }); return prevented; };
  r.frameNavigation = {
    app: frameNav('app://kartoteka/frame.html'), blank: frameNav('about:blank'), https: frameNav('https://evil.example/'),
    data: frameNav('data:text/html,x'), mainFrame: frameNav('https://evil.example/', true),
  };
  let cancelled = null;
  defaultSession.webRequest.fn({ url: 'https://evil.example/collect' }, (res) => { cancelled = res.cancel; });
  r.webRequest = { urls: defaultSession.webRequest.filter.urls, cancelled };
  r.windowOpen = ['https://www.example.cz/', 'http://insecure.example/', 'file:///etc/passwd', 'app://kartoteka/index.html']
    .map((url) => win.webContents.windowOpenHandler({ url }));
  r.devtoolsWindowOpen = devtools.windowOpenHandler({ url: 'javascript:alert(1)' });
  await tick();
  r.opened = opened;

  // permissions
  r.permissions = {};
  for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read']) {
    let granted = 'not called';
    defaultSession.request(win.webContents, p, (g) => { granted = g; }, {});
    r.permissions[p] = { request: granted, check: defaultSession.check(win.webContents, p, 'app://kartoteka', {}) };
  }
  r.device = defaultSession.device({ deviceType: 'hid' });

  // opening attachments: a read-only copy under the real name; programs only shown; refusals
  const firm = await call(top, 'firms.create', { name: 'Příloha s.r.o.', kinds: ['customer'] });
  const attach = (name, text) => call(top, 'attachments.add', { firmId: firm.value.id, name, content: Buffer.from(text).toString('base64') });
  const pdf = await attach('Smlouva 2026.pdf', 'PDF bytes');
  const exe = await attach('setup.exe', 'MZ program');
  const gone = await attach('gone.txt', 'will vanish');
  fs.rmSync(path.join(process.env.FAKE_USER_DATA, 'files', gone.value.sha256.slice(0, 2), gone.value.sha256));
  const openFile = (frame, id) => ipcHandlers['open-file']({ senderFrame: frame }, id);
  r.pdfSha = pdf.value.sha256;
  r.exeSha = exe.value.sha256;
  r.openFile = {
    pdf: await openFile(top, pdf.value.id),
    again: await openFile(top, pdf.value.id),
    exe: await openFile(top, exe.value.id),
    gone: await openFile(top, gone.value.id),
    foreign: await openFile({ url: 'https://evil.example/', parent: null }, pdf.value.id),
    subframe: await openFile({ url: 'app://kartoteka/index.html', parent: top }, pdf.value.id),
    path: await openFile(top, '/etc/passwd'),
    unknown: await openFile(top, '01900000-0000-7000-8000-000000000000'),
  };
  r.openedPaths = openedPaths;
  r.revealed = revealed;

  // files as ArrayBuffers over their own channel, with the browser host's limits
  const up = (frame, channel, fields, bytes) => ipcHandlers.upload({ senderFrame: frame }, channel, fields, bytes);
  const big = new Uint8Array(3 * 1024 * 1024 + 1).fill(7);
  // windows-1250, as Czech accounting exports write it: "Příloha" has ř = 0xF8, í = 0xED
  const csv = Buffer.concat([Buffer.from('date,firm,amount,currency,product,document\r\n2026-03-01,P'), Buffer.from([0xf8, 0xed]), Buffer.from('loha s.r.o.,100.00,CZK,Screw,F-1\r\n')]);
  r.upload = {
    ok: await up(top, 'attachments.add', { firmId: firm.value.id, name: 'velký.bin' }, big.buffer),
    tooBig: await up(top, 'attachments.add', { firmId: firm.value.id, name: 'x.bin' }, new ArrayBuffer(25 * 1024 * 1024 + 1)),
    notUpload: await up(top, 'firms.list', {}, new ArrayBuffer(1)),
    foreign: await up({ url: 'https://evil.example/', parent: null }, 'attachments.add', {}, new ArrayBuffer(1)),
    notBytes: await up(top, 'attachments.add', { firmId: firm.value.id, name: 's.txt' }, 'text'),
    csv: await up(top, 'sales.import', { fileName: 'faktury.csv', dryRun: true }, csv.buffer.slice(csv.byteOffset, csv.byteOffset + csv.length)),
  };
  r.bigJson = await call(top, 'firms.list', { q: 'x'.repeat(3 * 1024 * 1024) });
  r.copy = openedPaths[0] ? { content: fs.readFileSync(openedPaths[0], 'utf8'), mode: fs.statSync(openedPaths[0]).mode & 0o777 } : null;

  // a second launch focuses the window; quitting closes the database first
  for (const fn of appEvents['second-instance'] ?? []) fn({}, [], '');
  let quitPrevented = false;
  for (const fn of appEvents['will-quit'] ?? []) fn({ preventDefault() { quitPrevented = true; } });
  await until(() => log.includes('quit'));
  r.quitPrevented = quitPrevented;
  r.afterClose = await call(top, 'app.info', {});
  process.stdout.write('\nRESULT ' + JSON.stringify(r) + '\n');
})().catch((e) => { console.error(e); process.exit(1); });
`;

interface Asset { url: string; method: string; status: number; type: string | null; csp: string | null; nosniff: string | null; body: string }
let r: Record<string, any>;

beforeAll(() => {
  fs.rmSync(WORK, { recursive: true, force: true });
  fs.mkdirSync(path.join(WORK, 'renderer', 'assets'), { recursive: true });
  fs.mkdirSync(path.join(WORK, 'userData'));
  fs.writeFileSync(path.join(WORK, 'renderer', 'index.html'), '<!doctype html><title>Kartoteka</title>');
  fs.writeFileSync(path.join(WORK, 'renderer', 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(WORK, 'secret.txt'), 'secret');
  fs.writeFileSync(path.join(WORK, 'harness.cjs'), HARNESS);

  const build = spawnSync(process.execPath, [path.join(REPO, 'scripts', 'build-electron.mjs'), '--out', OUT], { cwd: REPO, encoding: 'utf8' });
  expect(build.stderr).toBe('');
  expect(build.status).toBe(0);

  fs.mkdirSync(path.join(WORK, 'tmp'));
  const env: NodeJS.ProcessEnv = { ...process.env, SHELL_OUT: OUT, FAKE_USER_DATA: path.join(WORK, 'userData'), FAKE_TEMP: path.join(WORK, 'tmp') };
  delete env.KARTOTEKA_HOME;
  const run = spawnSync(process.execPath, [path.join(WORK, 'harness.cjs')], { cwd: WORK, env, encoding: 'utf8', timeout: 20_000 });
  const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) throw new Error(`the shell harness failed (status ${run.status}):\n${run.stdout}\n${run.stderr}`);
  r = JSON.parse(line.slice('RESULT '.length));
}, 60_000);

afterAll(() => {
  fs.rmSync(WORK, { recursive: true, force: true });
  try {
    fs.rmdirSync(path.dirname(WORK)); // node_modules/.cache, only if nothing else uses it
  } catch { /* not empty */ }
});

describe('the bundled shell (main.cjs against a stand-in electron)', () => {
  it('builds a preload that requires nothing but electron', () => {
    const preload = fs.readFileSync(path.join(OUT, 'preload.cjs'), 'utf8');
    const required = [...preload.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
    expect([...new Set(required)]).toEqual(['electron']);
    expect(preload).toContain('exposeInMainWorld');
  });

  it('runs the preload bundle in a bare context: exactly the Bridge, no code generation', async () => {
    const context = vm.createContext({});
    // Count every `Function(…)` / `new Function(…)` (zod's eval probe, which the CSP would report).
    vm.runInContext('globalThis.probes = 0; (() => { const F = Function; globalThis.Function = function (...a) { globalThis.probes++; return F(...a); }; })();', context);
    const calls: unknown[][] = [];
    let exposed: [string, Record<string, (...a: unknown[]) => unknown>] | undefined;
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: Record<string, (...a: unknown[]) => unknown>) => { exposed = [key, api]; } },
      ipcRenderer: { invoke: async (...args: unknown[]) => { calls.push(args); return { ok: true, value: null }; }, on() {}, removeListener() {} },
    };
    Object.assign(context, {
      require: (id: string) => { if (id !== 'electron') throw new Error(`a sandboxed preload cannot require ${id}`); return electron; },
      module: { exports: {} },
    });
    vm.runInContext(fs.readFileSync(path.join(OUT, 'preload.cjs'), 'utf8'), context, { filename: 'preload.cjs' });
    expect(exposed?.[0]).toBe('kartoteka');
    expect(Object.keys(exposed![1]).sort()).toEqual(['choosePath', 'invoke', 'on', 'onCore', 'onProgress', 'openFile', 'print', 'printToPdf', 'upload']);
    await expect(exposed![1].upload!('attachments.add', { name: 'a' }, new ArrayBuffer(2))).resolves.toEqual({ ok: true, value: null });
    await expect(exposed![1].upload!('firms.list', {}, new ArrayBuffer(2))).rejects.toThrow(/takes no file/);
    await expect(exposed![1].invoke!('firms.list', { q: 'novák' })).resolves.toEqual({ ok: true, value: null });
    await expect(exposed![1].invoke!('no.such.channel', {})).rejects.toThrow(/unknown channel/);
    expect(calls.map((c) => c.slice(0, 3))).toEqual([['upload', 'attachments.add', { name: 'a' }], ['rpc', 'firms.list', { q: 'novák' }]]);
    expect(Object.prototype.toString.call(calls[0]![3])).toBe('[object ArrayBuffer]');
    expect(vm.runInContext('probes', context)).toBe(0);
  });

  it('registers app:// as a privileged scheme and enables the sandbox before ready', () => {
    expect(r.log).toContain('registerSchemesAsPrivileged [{"scheme":"app","privileges":{"standard":true,"secure":true,"supportFetchAPI":true}}]');
    expect(r.log).toContain('enableSandbox');
    expect(r.log).toContain('loadURL app://kartoteka/index.html');
    expect(r.scheme).toBe('app');
  });

  it('opens a sandboxed, context-isolated window with the bundled preload', () => {
    expect(r.webPreferences).toMatchObject({
      contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false,
      webSecurity: true, allowRunningInsecureContent: false, webviewTag: false, spellcheck: false,
      preload: path.join(OUT, 'preload.cjs'),
    });
  });

  it('builds the menu in the system language (hu)', () => {
    expect(r.menu.map((m: { label: string }) => m.label)).toEqual(expect.arrayContaining(['Fájl', 'Szerkesztés', 'Nézet']));
  });

  it('serves dist/renderer with the CSP, refusing traversal and other methods', () => {
    const [root, js, missing, dotdot, slash, head, post] = r.assets as Asset[];
    expect(root).toMatchObject({ status: 200, type: 'text/html; charset=utf-8', nosniff: 'nosniff', body: '<!doctype html><title>Kartoteka</title>' });
    expect(root!.csp).toContain("script-src 'self'");
    expect(js).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8', body: 'console.log(1)' });
    for (const a of [missing, dotdot, slash]) expect(a, a!.url).toMatchObject({ status: 404 });
    expect(dotdot!.body).not.toContain('secret');
    expect(head).toMatchObject({ status: 200, body: '' });
    expect(post).toMatchObject({ status: 405 });
  });

  it('answers our page from the real database worker', () => {
    expect(r.ipcChannels).toEqual(['rpc', 'upload', 'open-file', 'print', 'print-pdf', 'choose-path']);
    expect(r.info).toMatchObject({ ok: true, value: { schemaVersion: expect.any(Number) } });
    expect(r.info.value.dbPath).toBe(path.join(WORK, 'userData', 'kartoteka.sqlite'));
  });

  it('refuses every other sender with the forbidden envelope', () => {
    for (const answer of r.refused) expect(answer).toEqual({ ok: false, error: { code: 'forbidden', messageKey: 'errors.forbidden' } });
    expect(r.unknown).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    expect(r.invalid).toMatchObject({ ok: false, error: { code: 'validation', field: 'id' } });
  });

  it('opens an attachment as a read-only copy under its real name; programs are only shown in their folder', () => {
    const copy = path.join(WORK, 'tmp', 'kartoteka-files', r.pdfSha, 'Smlouva 2026.pdf');
    expect(r.openFile.pdf).toEqual({ ok: true, value: { action: 'open' } });
    expect(r.openFile.again).toEqual({ ok: true, value: { action: 'open' } });
    expect(r.openedPaths).toEqual([copy, copy]);
    expect(r.copy).toEqual({ content: 'PDF bytes', mode: process.platform === 'win32' ? r.copy.mode : 0o444 });
    expect(r.openFile.exe).toEqual({ ok: true, value: { action: 'reveal' } });
    expect(r.revealed).toEqual([path.join(WORK, 'tmp', 'kartoteka-files', r.exeSha, 'setup.exe')]);
  });

  it('refuses to open a missing file, for a foreign sender or frame, or for anything but an attachment id', () => {
    expect(r.openFile.gone).toEqual({ ok: false, error: { code: 'not_found', messageKey: 'errors.file_missing' } });
    expect(r.openFile.foreign).toEqual({ ok: false, error: { code: 'forbidden', messageKey: 'errors.forbidden' } });
    expect(r.openFile.subframe).toEqual({ ok: false, error: { code: 'forbidden', messageKey: 'errors.forbidden' } });
    expect(r.openFile.path).toEqual({ ok: false, error: { code: 'validation', messageKey: 'errors.invalid_id', field: 'id' } });
    expect(r.openFile.unknown).toMatchObject({ ok: false, error: { code: 'not_found', messageKey: 'errors.not_found' } });
  });

  it('takes files as ArrayBuffers with the same limits as the browser host, and refuses JSON over its limit', () => {
    expect(r.upload.ok).toMatchObject({ ok: true, value: { name: 'velký.bin', size: 3 * 1024 * 1024 + 1 } });
    expect(r.upload.tooBig).toEqual({ ok: false, error: { code: 'validation', messageKey: 'errors.file_too_big', field: 'content', params: { max: '25 MB' } } });
    expect(r.upload.notUpload).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    expect(r.upload.foreign).toEqual({ ok: false, error: { code: 'forbidden', messageKey: 'errors.forbidden' } });
    expect(r.upload.notBytes).toMatchObject({ ok: false, error: { code: 'validation', field: 'content' } });
    expect(r.upload.csv).toEqual({ ok: true, value: { lines: 1, added: 1, skipped: 0, errors: [], importId: null } });
    expect(r.bigJson).toEqual({ ok: false, error: { code: 'validation', messageKey: 'errors.too_big', params: { max: '2 MB' } } });
  });

  it('sends change events after a write to our windows only', () => {
    expect(r.write).toMatchObject({ ok: true });
    expect(r.sent).toEqual([{ url: 'app://kartoteka/index.html', channel: 'changed', payload: { tables: ['codes'] } }]);
  });

  it('keeps every web contents inside the app and hands allowed links to the system', () => {
    expect(r.navigation).toEqual({
      inApp: false, https: true, mailto: true, file: true, javascript: true, redirect: true, redirectInApp: false,
      webview: true, devtoolsNavigate: true,
    });
    expect(r.windowOpen).toEqual([{ action: 'deny' }, { action: 'deny' }, { action: 'deny' }, { action: 'deny' }]);
    expect(r.devtoolsWindowOpen).toEqual({ action: 'deny' });
    // will-navigate https + mailto, window.open http(s); never file, javascript or app URLs
    expect(r.opened).toEqual(['https://www.example.cz/', 'mailto:jan@firma.cz', 'https://www.example.cz/', 'http://insecure.example/']);
  });

  it('keeps iframes on our origin (main-frame navigation is will-navigate\'s job)', () => {
    expect(r.frameNavigation).toEqual({ app: false, blank: false, https: true, data: true, mainFrame: false });
  });

  it('cancels every network request a page makes', () => {
    expect(r.webRequest).toEqual({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'], cancelled: true });
  });

  it('grants no permission', () => {
    for (const p of Object.values(r.permissions)) expect(p).toEqual({ request: false, check: false });
    expect(r.device).toBe(false);
  });

  it('focuses the window on a second launch and closes the database before quitting', () => {
    expect(r.log).toContain('focus');
    expect(r.quitPrevented).toBe(true);
    expect(r.log.at(-1)).toBe('quit');
    expect(r.afterClose).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});
