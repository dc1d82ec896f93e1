// What the preload gives the page as `window.kartoteka`, built over an injected ipcRenderer so
// vitest can check it without Electron. Pure: no `electron`, no Node modules — a sandboxed
// preload can only `require` electron, events, timers and url, and this file is bundled into it.
//
// The page gets exactly the Bridge: `invoke` for contract channels, `openFile` for an
// attachment, `print` / `printToPdf` for a rendered document and `on('changed')`. Never ipcRenderer itself, never an IpcRendererEvent (its
// `sender` is ipcRenderer), never a channel name the page chose.
import { TABLES, id as idSchema, isChannelName, type Bridge, type ChangeEvent, type EventName, type Table } from '../../shared/contract.ts';

/** The IPC channel every contract call goes through (ipcMain.handle in main.ts). */
export const RPC_CHANNEL = 'rpc';
/** The IPC channel that opens an attachment with the system's program (main.ts). */
export const OPEN_FILE_CHANNEL = 'open-file';
/** The IPC channels that print a rendered document, or save it as PDF (main.ts, print.ts). */
export const PRINT_CHANNEL = 'print';
export const PRINT_PDF_CHANNEL = 'print-pdf';
/** The IPC event the shell sends after a write (the contract's only event). */
export const CHANGED_EVENT: EventName = 'changed';

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
    print(html: string): Promise<unknown> {
      if (typeof html !== 'string') return Promise.reject(new TypeError('kartoteka: print needs the document'));
      return ipc.invoke(PRINT_CHANNEL, html);
    },
    printToPdf(html: string, suggestedName: string): Promise<unknown> {
      if (typeof html !== 'string') return Promise.reject(new TypeError('kartoteka: printToPdf needs the document'));
      return ipc.invoke(PRINT_PDF_CHANNEL, html, typeof suggestedName === 'string' ? suggestedName.slice(0, 300) : '');
    },
    on(event: EventName, cb: (payload: ChangeEvent) => void): () => void {
      if (event !== CHANGED_EVENT) throw new TypeError(`kartoteka: unknown event "${String(event).slice(0, 40)}"`);
      if (typeof cb !== 'function') throw new TypeError('kartoteka: the listener must be a function');
      const listener = (_event: unknown, payload: unknown) => {
        const change = toChangeEvent(payload);
        if (change) cb(change);
      };
      ipc.on(CHANGED_EVENT, listener);
      let subscribed = true;
      return () => {
        if (!subscribed) return;
        subscribed = false;
        ipc.removeListener(CHANGED_EVENT, listener);
      };
    },
  } satisfies Bridge);
}
