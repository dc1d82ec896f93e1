// The desktop shell, deliberately thin: one window showing the built renderer from our own
// `app://kartoteka` scheme, the database worker behind one IPC channel (plus one that opens an
// attachment), and Electron's security checklist applied. Every decision (which URL is ours,
// where navigation may go, which file a request maps to, who may call the core, which stored
// file may be opened and how) is a pure function in security.ts / open-file.ts, tested there.
//
// Bundled by scripts/build-electron.mjs into dist/electron/main.cjs (CommonJS, so __dirname is
// the bundle's folder), beside preload.cjs and db-worker.mjs; the renderer is ../renderer.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  app, BrowserWindow, dialog, ipcMain, Menu, Notification, protocol, session, shell,
  type IpcMainInvokeEvent, type WebContents,
} from 'electron';
import { DbClient } from '../core/db/client.ts';
import { AUTO_BACKUPS } from '../core/db/protocol.ts';
import { TABLES, type ChangeEvent, type CoreEvent, type ProgressEvent } from '../../shared/contract.ts';
import type { Reminder } from '../../shared/types.ts';
import { AppError, type AppErrorData, type Envelope } from '../../shared/errors.ts';
import { filesDirFor } from '../core/attachments/store.ts';
import { CHANGED_EVENT, CHOOSE_PATH_CHANNEL, CORE_EVENT, PROGRESS_EVENT, OPEN_FILE_CHANNEL, PRINT_CHANNEL, PRINT_PDF_CHANNEL, RPC_CHANNEL, UPLOAD_CHANNEL } from './bridge.ts';
import { inputTooBig, jsonInputTooBig, uploadInput } from '../core/uploads.ts';
import { PDF_OPTIONS, printTempFile, printWindowOptions, validatePrintCall } from './print.ts';
import { planOpenFile, type OpenFilePlan } from './open-file.ts';
import { menuTemplate } from './menu-labels.ts';
import { startReminderPoller, type ReminderPoller } from './reminders.ts';
import {
  APP_ENTRY_URL, APP_SCHEME, CONTENT_SECURITY_POLICY, assetResponseHeaders, externalUrlToOpen, isTrustedSenderUrl,
  permissionDecision, resolveAppAsset, shouldAllowFrameNavigation, shouldAllowNavigation, validateIpcCall, validateOpenFileCall,
  windowOpenDecision, validateChoosePathCall, desktopPathRefused, type IpcCallCheck,
} from './security.ts';

const BUNDLE_DIR = __dirname;
const RENDERER_DIR = path.join(BUNDLE_DIR, '..', 'renderer');
const PRELOAD = path.join(BUNDLE_DIR, 'preload.cjs');
/** worker_threads cannot start a script from inside app.asar, so electron-builder.yml unpacks
 * the worker (and better-sqlite3 beside it) into app.asar.unpacked. */
const DB_WORKER = path.join(BUNDLE_DIR, 'db-worker.mjs').replace(/\.asar([\\/])/, '.asar.unpacked$1');
const isDev = !app.isPackaged;

/** `--db PATH` / `--db=PATH` (npm start passes it through), else KARTOTEKA_HOME like the CLI,
 * else the app's own data folder — the same file the CLI and the browser host use. */
function databasePath(argv: readonly string[]): string {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--db' && argv[i + 1]) return path.resolve(argv[i + 1]!);
    if (arg.startsWith('--db=') && arg.length > 5) return path.resolve(arg.slice(5));
  }
  const home = process.env.KARTOTEKA_HOME;
  return path.join(home ? path.resolve(home) : app.getPath('userData'), 'kartoteka.sqlite');
}

// ---- before ready ----------------------------------------------------------------------------
// `standard` gives relative URLs, localStorage and a real origin; `secure` makes it a secure
// context; `supportFetchAPI` lets the page fetch its own assets. Not bypassCSP.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);
// Every renderer sandboxed, whatever a BrowserWindow says.
app.enableSandbox();

let mainWindow: BrowserWindow | null = null;
let client: Promise<DbClient> | null = null;
/** Where the core keeps attachment files: `files/` beside the database (as the core decides). */
let filesDir: string | null = null;
let closingDb = false;
let reminderPoller: ReminderPoller | null = null;
/** Raised notifications, held until clicked or closed: a collected one loses its click handler. */
const liveNotifications = new Set<Notification>();

if (!app.requestSingleInstanceLock()) {
  // Another Kartoteka already owns the database file: it gets focused (second-instance), we go.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => guardContents(contents));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (app.isReady() && BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  app.on('will-quit', (event) => {
    // Close the database cleanly (WAL checkpoint) before the process goes; at most 5 s.
    reminderPoller?.stop();
    if (closingDb || !client) return;
    event.preventDefault();
    closingDb = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const done = client.then((c) => c.close()).catch(() => undefined);
    const timeout = new Promise<void>((resolve) => { timer = setTimeout(resolve, 5000); });
    void Promise.race([done, timeout]).then(() => {
      clearTimeout(timer);
      app.quit();
    });
  });
  ipcMain.handle(RPC_CHANNEL, rpc);
  ipcMain.handle(UPLOAD_CHANNEL, upload);
  ipcMain.handle(OPEN_FILE_CHANNEL, openFile);
  ipcMain.handle(PRINT_CHANNEL, printDocument);
  ipcMain.handle(PRINT_PDF_CHANNEL, printDocumentToPdf);
  ipcMain.handle(CHOOSE_PATH_CHANNEL, choosePath);
  app.whenReady().then(onReady).catch((e: unknown) => {
    console.error('[kartoteka] failed to start:', e);
    app.exit(1);
  });
}

// ---- ready -----------------------------------------------------------------------------------
function onReady(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, permission, callback) => callback(permissionDecision(permission)));
  ses.setPermissionCheckHandler((_contents, permission) => permissionDecision(permission));
  ses.setDevicePermissionHandler(() => false);
  // An offline app: no page may reach the network, whatever a CSP slip would allow. (The main
  // process and shell.openExternal are not affected.)
  ses.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] }, (_details, callback) => callback({ cancel: true }));

  protocol.handle(APP_SCHEME, serveAsset);
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(app.getLocale(), { platform: process.platform, isDev })));

  const dbPath = databasePath(process.argv);
  filesDir = filesDirFor(dbPath);
  client = DbClient.open({ dbPath, workerPath: DB_WORKER, autoBackups: AUTO_BACKUPS });
  // Windows shows notifications only for an app with its user model id (the installer's appId).
  if (process.platform === 'win32') app.setAppUserModelId('cz.kartoteka.app');
  client.then(
    (c) => {
      c.onChange(broadcastChange);
      // How far a job got (serial letters, exports, scans): the window that started it shows a count.
      c.onProgress((e) => broadcast(PROGRESS_EVENT, { job: e.job, done: e.done, total: e.total } satisfies ProgressEvent));
      // A new database worker after a crash: the page says so and re-reads what it shows.
      c.onRestart((state) => {
        broadcast(CORE_EVENT, { state } satisfies CoreEvent);
        if (state !== 'down') broadcastChange({ tables: [...TABLES] });
      });
      // Due reminders become OS notifications: the same in-process path as the IPC handler.
      if (Notification.isSupported()) reminderPoller = startReminderPoller({ invoke: (channel, input) => c.invoke(channel, input), notify: showReminder });
    },
    (e: unknown) => console.error(`[kartoteka] cannot open ${dbPath}:`, e),
  );
  createWindow();
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 840,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Kartoteka',
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      // The spellchecker downloads dictionaries from a Google CDN: not in an offline app.
      spellcheck: false,
      devTools: isDev,
    },
  });
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  mainWindow = win;
  void win.loadURL(APP_ENTRY_URL);
  return win;
}

// ---- guards on every web contents (windows, devtools, anything Electron creates) -------------
function guardContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => {
    if (shouldAllowNavigation(contents.getURL(), event.url)) return;
    event.preventDefault();
    openExternally(event.url); // a plain link to https:, mailto: or tel:
  });
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame && !shouldAllowFrameNavigation(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!shouldAllowNavigation(contents.getURL(), event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url); // target=_blank links
    return windowOpenDecision(url);
  });
}

function openExternally(url: string): void {
  const allowed = externalUrlToOpen(url);
  if (allowed) shell.openExternal(allowed).catch((e: unknown) => console.warn('[kartoteka] cannot open link:', e));
}

// ---- app://kartoteka/… → dist/renderer -------------------------------------------------------
async function serveAsset(request: Request): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method Not Allowed');
  const file = resolveAppAsset(RENDERER_DIR, request.url);
  if (!file) return plain(404, 'Not Found');
  let body: Buffer;
  try {
    body = await fs.readFile(file);
  } catch {
    return plain(404, 'Not Found');
  }
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers: assetResponseHeaders(file) });
}

function plain(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'content-security-policy': CONTENT_SECURITY_POLICY, 'x-content-type-options': 'nosniff' },
  });
}

// ---- the core --------------------------------------------------------------------------------
function sender(event: IpcMainInvokeEvent): { senderUrl: string | undefined; isMainFrame: boolean } {
  try {
    const frame = event.senderFrame; // null once the frame navigated away or was destroyed
    return { senderUrl: frame?.url, isMainFrame: frame != null && frame.parent === null };
  } catch {
    return { senderUrl: undefined, isMainFrame: false };
  }
}

/** The sender and channel check of 'rpc' and 'upload' (a refused sender is logged). */
function checkCall(event: IpcMainInvokeEvent, channel: unknown, what: string): IpcCallCheck {
  const { senderUrl, isMainFrame } = sender(event);
  const check = validateIpcCall(senderUrl, channel, { isMainFrame });
  if (!check.ok && check.error.code === 'forbidden') console.warn(`[kartoteka] refused ${what} from ${String(senderUrl).slice(0, 200)}`);
  return check;
}

async function rpc(event: IpcMainInvokeEvent, channel: unknown, input: unknown): Promise<Envelope<unknown>> {
  const check = checkCall(event, channel, 'IPC');
  if (!check.ok) return { ok: false, error: check.error };
  // The browser host's body limit, so a call refused there is refused here (files go by upload).
  if (jsonInputTooBig(input)) return { ok: false, error: inputTooBig() };
  const refused = desktopPathRefused(check.channel, input, chosenPaths);
  if (refused) return { ok: false, error: refused };
  return invokeCore(check.channel, input);
}

/** Paths the user picked in choosePath's dialogs this session: the only ones a backup may be
 * written to or restored from (security.ts, desktopPathRefused). */
const chosenPaths = new Set<string>();

/** Bridge.choosePath: where to back up to (a new file, suggested in Documents) or which file to restore. */
async function choosePath(event: IpcMainInvokeEvent, purpose: unknown): Promise<string | null> {
  const { senderUrl, isMainFrame } = sender(event);
  const check = validateChoosePathCall(senderUrl, purpose, { isMainFrame });
  if (!check.ok) return null;
  const filters = [{ name: 'Kartoteka', extensions: ['sqlite'] }];
  let picked: string | undefined;
  if (check.purpose === 'backup') {
    const stamp = new Date().toISOString().slice(0, 10);
    const options = { defaultPath: path.join(app.getPath('documents'), `kartoteka-${stamp}.sqlite`), filters };
    const choice = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
    picked = choice.canceled ? undefined : choice.filePath;
    // An existing file is refused by the core (errors.backup_exists): a backup never overwrites,
    // least of all the database itself, whatever the save dialog's "replace?" was answered.
  } else {
    const options = { properties: ['openFile' as const], filters };
    const choice = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
    picked = choice.canceled ? undefined : choice.filePaths[0];
  }
  if (!picked) return null;
  chosenPaths.add(picked);
  return picked;
}

async function invokeCore(channel: string, input: unknown): Promise<Envelope<unknown>> {
  if (!client) return { ok: false, error: { code: 'internal', messageKey: 'errors.internal' } };
  try {
    return await (await client).invoke(channel, input);
  } catch (e) {
    return { ok: false, error: errorData(e) };
  }
}

/** Bridge.upload: a file for one of the UPLOADS channels, its bytes as an ArrayBuffer, held to
 * the same limit as the browser host's `/upload/<channel>`; uploads.ts makes the input. */
async function upload(event: IpcMainInvokeEvent, channel: unknown, fields: unknown, bytes: unknown): Promise<Envelope<unknown>> {
  const check = checkCall(event, channel, 'upload');
  if (!check.ok) return { ok: false, error: check.error };
  if (jsonInputTooBig(fields)) return { ok: false, error: inputTooBig() };
  const input = uploadInput(check.channel, fields, bytes);
  if (!input.ok) return { ok: false, error: input.error };
  return invokeCore(check.channel, input.value);
}

/** Bridge.openFile: asks the core where the attachment is, then opens a read-only copy under its
 * real name with the system's program (programs and scripts are only shown in their folder). */
async function openFile(event: IpcMainInvokeEvent, attachmentId: unknown): Promise<Envelope<{ action: 'open' | 'reveal' }>> {
  const { senderUrl, isMainFrame } = sender(event);
  const check = validateOpenFileCall(senderUrl, attachmentId, { isMainFrame });
  if (!check.ok) {
    if (check.error.code === 'forbidden') console.warn(`[kartoteka] refused open-file from ${String(senderUrl).slice(0, 200)}`);
    return { ok: false, error: check.error };
  }
  if (!client || !filesDir) return { ok: false, error: { code: 'internal', messageKey: 'errors.internal' } };
  let plan: OpenFilePlan;
  try {
    const located = await (await client).invoke('attachments.locate', { id: check.attachmentId });
    plan = planOpenFile(located, { filesDir, tempDir: app.getPath('temp') });
  } catch (e) {
    return { ok: false, error: errorData(e) };
  }
  if (!plan.ok) return { ok: false, error: plan.error };
  try {
    await copyForOpening(plan.source, plan.copy);
  } catch (e) {
    console.warn('[kartoteka] cannot copy the attachment to open it:', e);
    return { ok: false, error: { code: 'internal', messageKey: 'errors.file_open' } };
  }
  if (plan.reveal) {
    shell.showItemInFolder(plan.copy);
    return { ok: true, value: { action: 'reveal' } };
  }
  const failure = await shell.openPath(plan.copy); // '' on success, else the OS's message
  if (failure) return { ok: false, error: { code: 'internal', messageKey: 'errors.file_open', params: { detail: failure.slice(0, 200) } } };
  return { ok: true, value: { action: 'open' } };
}

/** Copies a stored file to where it is opened from, read-only; a copy made earlier is reused
 * (same hash folder, same name: same bytes), so an open document is not overwritten. */
async function copyForOpening(source: string, copy: string): Promise<void> {
  const [from, existing] = await Promise.all([fs.stat(source), fs.stat(copy).catch(() => null)]);
  if (existing?.isFile() && existing.size === from.size) return;
  await fs.mkdir(path.dirname(copy), { recursive: true });
  if (existing) await fs.chmod(copy, 0o600);
  await fs.copyFile(source, copy);
  await fs.chmod(copy, 0o444);
}

// ---- printing: a hidden window lays the document out, then the OS dialog or a PDF -------------
/** Loads the document into a hidden, script-less window (from a temp file: documents with fonts
 * and many letters are too big for a data: URL), runs `fn`, and always cleans up. */
async function withPrintWindow<T>(html: string, fn: (win: BrowserWindow) => Promise<T>): Promise<T> {
  const file = printTempFile(app.getPath('temp'), randomUUID());
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, html, { encoding: 'utf8', mode: 0o600 });
  const win = new BrowserWindow(printWindowOptions());
  try {
    await win.loadFile(file);
    // The embedded faces decoded before printing (the page's own scripts are off; this runs from
    // the shell). Should it not run or not settle, printing goes on after 3 s at most, and the
    // document's font-display:swap then prints a fallback face rather than nothing.
    await Promise.race([
      win.webContents.executeJavaScript('document.fonts.ready.then(() => true)', true).catch(() => undefined),
      new Promise((resolve) => { setTimeout(resolve, 3000).unref(); }),
    ]);
    return await fn(win);
  } finally {
    if (!win.isDestroyed()) win.destroy();
    await fs.rm(file, { force: true }).catch(() => undefined);
  }
}

/** Bridge.print: the OS print dialog for a rendered document. */
async function printDocument(event: IpcMainInvokeEvent, html: unknown): Promise<Envelope<{ printed: boolean }>> {
  const { senderUrl, isMainFrame } = sender(event);
  const check = validatePrintCall(senderUrl, html, '', { isMainFrame });
  if (!check.ok) return { ok: false, error: check.error };
  try {
    const printed = await withPrintWindow(check.html, (win) => new Promise<boolean>((resolve) => {
      win.webContents.print({ silent: false, printBackground: true }, (success) => resolve(success));
    }));
    return { ok: true, value: { printed } };
  } catch (e) {
    console.warn('[kartoteka] printing failed:', e);
    return { ok: false, error: { code: 'internal', messageKey: 'errors.internal' } };
  }
}

/** Bridge.printToPdf: renders the document to PDF, then asks where to save it. */
async function printDocumentToPdf(event: IpcMainInvokeEvent, html: unknown, suggestedName: unknown): Promise<Envelope<{ saved: boolean }>> {
  const { senderUrl, isMainFrame } = sender(event);
  const check = validatePrintCall(senderUrl, html, suggestedName, { isMainFrame });
  if (!check.ok) return { ok: false, error: check.error };
  try {
    const pdf = await withPrintWindow(check.html, (win) => win.webContents.printToPDF({ ...PDF_OPTIONS }));
    const options = { defaultPath: path.join(app.getPath('documents'), check.fileName), filters: [{ name: 'PDF', extensions: ['pdf'] }] };
    const choice = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
    if (choice.canceled || !choice.filePath) return { ok: true, value: { saved: false } };
    await fs.writeFile(choice.filePath, pdf);
    return { ok: true, value: { saved: true } };
  } catch (e) {
    console.warn('[kartoteka] saving the PDF failed:', e);
    return { ok: false, error: { code: 'internal', messageKey: 'errors.internal' } };
  }
}

function errorData(e: unknown): AppErrorData {
  if (e instanceof AppError) return e.data; // e.g. db_too_new: the UI explains it
  return { code: 'internal', messageKey: 'errors.internal' };
}

// ---- reminders as OS notifications ------------------------------------------------------------
/** Title: what it reminds of; body: the firm and when it happens, in the system's language. */
function showReminder(r: Reminder): void {
  const locale = app.getLocale();
  const when = r.eventAt !== null
    ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(r.eventAt)
    : r.eventDate !== null ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.parse(r.eventDate)) : '';
  const n = new Notification({ title: r.title, body: [r.firmName, when].filter(Boolean).join(' · ') });
  liveNotifications.add(n);
  n.on('click', () => {
    liveNotifications.delete(n);
    const win = mainWindow ?? createWindow();
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  });
  n.on('close', () => liveNotifications.delete(n));
  n.show();
}

function broadcastChange(change: ChangeEvent): void {
  broadcast(CHANGED_EVENT, { tables: [...change.tables] } satisfies ChangeEvent);
}

/** An event to our own windows only. */
function broadcast(channel: string, payload: unknown): void {
  for (const win of BrowserWindow.getAllWindows()) {
    const contents = win.webContents;
    if (!contents.isDestroyed() && isTrustedSenderUrl(contents.getURL())) contents.send(channel, payload);
  }
}
