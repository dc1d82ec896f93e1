// How much the UI may send, the same on both transports (the Electron IPC handler and the
// browser host check these before anything reaches the database worker). A module without
// zod, so the host's main thread can read the limits without loading the schemas;
// shared/contract.ts re-exports them and builds its file fields from them.
import { MAX_ATTACHMENT_BYTES } from './types.ts';

/** A contract call's input as JSON: far above any form, far below what would hurt the host. */
export const MAX_JSON_BODY_BYTES = 2 * 1024 * 1024;
/** Nesting of a call's input. The deepest real input (a selection: groups nested four levels)
 * is about 15; thousands of levels overflow the structured clone on the way to the worker. */
export const MAX_INPUT_DEPTH = 64;
/** A sales CSV from accounting (`sales.import`). */
export const MAX_SALES_CSV_BYTES = 20 * 1024 * 1024;

/** A file to import (`imports.stage`): 100k rows of firms with people are ~20 MB of CSV. */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

/** Channels that take a file. Its bytes travel as bytes (a streamed HTTP body, an ArrayBuffer
 * over IPC), never inside the JSON, and are refused past `maxBytes` while still arriving. */
export const UPLOADS = {
  'attachments.add': { maxBytes: MAX_ATTACHMENT_BYTES },
  'sales.import': { maxBytes: MAX_SALES_CSV_BYTES },
  'imports.stage': { maxBytes: MAX_IMPORT_BYTES },
} as const;
export type UploadChannel = keyof typeof UPLOADS;

export function isUploadChannel(channel: string): channel is UploadChannel {
  return Object.hasOwn(UPLOADS, channel);
}

/** A limit as people read it in an error (`params.max`): "25 MB". */
export function megabytes(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MB`;
}

/** The depth of a JSON-like value, measured without recursion (so a hostile value cannot
 * overflow the stack here either); stops counting once past `limit`. */
export function depthExceeds(value: unknown, limit = MAX_INPUT_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null || ArrayBuffer.isView(v) || v instanceof ArrayBuffer) continue;
    if (depth > limit) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}

/** Inputs naming a path on this machine, which only the desktop shell's file dialog may choose:
 * the browser host refuses them (a page cannot show what it would write to or read from). */
export const DESKTOP_ONLY_FIELDS: Readonly<Record<string, string>> = {
  'backups.run': 'target',
  'backups.restore': 'path',
};
