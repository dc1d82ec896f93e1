// What the preload gives the page as `window.kartoteka`, built over an injected ipcRenderer so
// vitest can check it without Electron. Pure: no `electron`, no Node modules — a sandboxed
// preload can only `require` electron, events, timers and url, and this file is bundled into it.
//
// The page gets exactly the Bridge: `invoke` for contract channels, `upload` for a file (its
// bytes as an ArrayBuffer), `openFile` for an attachment, `print` / `printToPdf` for a rendered
// document, `on('changed')` and `onCore`. Never ipcRenderer itself, never an IpcRendererEvent
// (its `sender` is ipcRenderer), never a channel name the page chose.
import {
  TABLES, id as idSchema, isChannelName, isUploadChannel, UPLOADS,
  type Bridge, type ChangeEvent, type CoreEvent, type EventName, type ProgressEvent, type Table, jobId,
} from '../../shared/contract.ts';

/** The IPC channel every contract call goes through (ipcMain.handle in main.ts). */
export const RPC_CHANNEL = 'rpc';
/** The IPC channel that opens an attachment with the system's program (main.ts). */
export const OPEN_FILE_CHANNEL = 'open-file';
/** The IPC channels that print a rendered document, or save it as PDF (main.ts, print.ts). */
export const PRINT_CHANNEL = 'print';
export const PRINT_PDF_CHANNEL = 'print-pdf';
/** The OS dialog choosing a backup's target or the file to restore (Bridge.choosePath). */
export const CHOOSE_PATH_CHANNEL = 'choose-path';
/** The IPC channel a file goes through: a contract channel of UPLOADS, its fields, its bytes. */
export const UPLOAD_CHANNEL = 'upload';
/** The IPC event the shell sends after a write (the contract's only event). */
export const CHANGED_EVENT: EventName = 'changed';
/** The IPC event the shell sends when the database worker was restarted (or could not be). */
export const CORE_EVENT = 'core';
/** The IPC event the shell sends with a job's progress (main/core/jobs.ts). */
export const PROGRESS_EVENT = 'progress';

/** The part of Electron's ipcRenderer the bridge uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

const KNOWN_TABLES = new Set<string>(TABLES);

/** A `changed` payload as plain, checked data (a fresh object with known table names only). */
export function toChangeEvent(payload: unknown): ChangeEvent | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const tables = (payload as { tables?: unknown }).tables;
  if (!Array.isArray(tables)) return null;
  const known = tables.filter((t): t is Table => typeof t === 'string' && KNOWN_TABLES.has(t));
  return { tables: [...new Set(known)] };
}

/** A `core` payload as plain, checked data. */
export function toCoreEvent(payload: unknown): CoreEvent | null {
  const state = typeof payload === 'object' && payload !== null ? (payload as { state?: unknown }).state : null;
  return state === 'up' || state === 'down' || state === 'reopened' ? { state } : null;
}

/** A `progress` payload as plain, checked data. */
export function toProgressEvent(payload: unknown): ProgressEvent | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const { job, done, total } = payload as { job?: unknown; done?: unknown; total?: unknown };
  if (!jobId.safeParse(job).success || !Number.isSafeInteger(done) || !Number.isSafeInteger(total)) return null;
  return { job: job as string, done: done as number, total: total as number };
}

/** Listens to one IPC event, handing the page only what `check` makes of the payload (never
 * the IpcRendererEvent); the returned function unsubscribes, once. */
function subscribe<T>(ipc: IpcRendererLike, channel: string, check: (payload: unknown) => T | null, cb: (payload: T) => void): () => void {
  if (typeof cb !== 'function') throw new TypeError('kartoteka: the listener must be a function');
  const listener = (_event: unknown, payload: unknown) => {
    const checked = check(payload);
    if (checked) cb(checked);
  };
  ipc.on(channel, listener);
  let subscribed = true;
  return () => {
    if (!subscribed) return;
    subscribed = false;
    ipc.removeListener(channel, listener);
  };
}

export function createPreloadBridge(ipc: IpcRendererLike): Bridge {
  return Object.freeze({
    invoke(channel: string, input: unknown): Promise<unknown> {
      if (!isChannelName(channel)) {
        return Promise.reject(new Error(`kartoteka: unknown channel "${typeof channel === 'string' ? channel.slice(0, 80) : typeof channel}"`));
      }
      return ipc.invoke(RPC_CHANNEL, channel, input);
    },
    openFile(attachmentId: string): Promise<unknown> {
      // Only an id crosses: which file, and whether it may be opened, the main process decides.
      if (!idSchema.safeParse(attachmentId).success) return Promise.reject(new TypeError('kartoteka: openFile needs an attachment id'));
      return ipc.invoke(OPEN_FILE_CHANNEL, attachmentId);
    },
    upload(channel: string, input: unknown, bytes: ArrayBuffer): Promise<unknown> {
      if (typeof channel !== 'string' || !isUploadChannel(channel)) {
        return Promise.reject(new Error(`kartoteka: "${typeof channel === 'string' ? channel.slice(0, 80) : typeof channel}" takes no file`));
      }
      // By its tag, not instanceof: the page's ArrayBuffer comes from another realm.
      if (Object.prototype.toString.call(bytes) !== '[object ArrayBuffer]') return Promise.reject(new TypeError('kartoteka: upload needs the bytes as an ArrayBuffer'));
      // Checked again in main (the page may skip this bridge's checks, never main's): the same
      // limit as the browser host, before the bytes are copied across.
      if (bytes.byteLength > UPLOADS[channel].maxBytes) {
        return Promise.resolve({ ok: false, error: { code: 'validation', messageKey: 'errors.file_too_big', field: 'content' } });
      }
      return ipc.invoke(UPLOAD_CHANNEL, channel, input, bytes);
    },
    print(html: string): Promise<unknown> {
      if (typeof html !== 'string') return Promise.reject(new TypeError('kartoteka: print needs the document'));
      return ipc.invoke(PRINT_CHANNEL, html);
    },
    printToPdf(html: string, suggestedName: string): Promise<unknown> {
      if (typeof html !== 'string') return Promise.reject(new TypeError('kartoteka: printToPdf needs the document'));
      return ipc.invoke(PRINT_PDF_CHANNEL, html, typeof suggestedName === 'string' ? suggestedName.slice(0, 300) : '');
    },
    choosePath(purpose: 'backup' | 'restore'): Promise<string | null> {
      if (purpose !== 'backup' && purpose !== 'restore') return Promise.reject(new TypeError('kartoteka: choosePath is for a backup or a restore'));
      return ipc.invoke(CHOOSE_PATH_CHANNEL, purpose) as Promise<string | null>;
    },
    on(event: EventName, cb: (payload: ChangeEvent) => void): () => void {
      if (event !== CHANGED_EVENT) throw new TypeError(`kartoteka: unknown event "${String(event).slice(0, 40)}"`);
      return subscribe(ipc, CHANGED_EVENT, toChangeEvent, cb);
    },
    onCore(cb: (payload: CoreEvent) => void): () => void {
      return subscribe(ipc, CORE_EVENT, toCoreEvent, cb);
    },
    onProgress(cb: (payload: ProgressEvent) => void): () => void {
      return subscribe(ipc, PROGRESS_EVENT, toProgressEvent, cb);
    },
  } satisfies Bridge);
}
