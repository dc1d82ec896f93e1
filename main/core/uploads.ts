// Files sent as files: both transports receive a channel's other fields plus the raw bytes
// (the browser host as a streamed request body, Electron as an ArrayBuffer over IPC), check
// the same limit (shared/limits.ts) and turn them into the channel's contract input here.
import type { AppErrorData } from '../../shared/errors.ts';
import { decodeCsv } from '../../shared/csv-text.ts';
import { MAX_JSON_BODY_BYTES, UPLOADS, isUploadChannel, megabytes, type UploadChannel } from '../../shared/limits.ts';

export type Checked<T> = { ok: true; value: T } | { ok: false; error: AppErrorData };

/** The error for a file over its channel's limit (also sent while it is still arriving). */
export function fileTooBig(channel: UploadChannel): AppErrorData {
  return { code: 'validation', messageKey: 'errors.file_too_big', field: 'content', params: { max: megabytes(UPLOADS[channel].maxBytes) } };
}

/** The error for a JSON input over the limit (the host's body cap; Electron's IPC the same). */
export function inputTooBig(): AppErrorData {
  return { code: 'validation', messageKey: 'errors.too_big', params: { max: megabytes(MAX_JSON_BODY_BYTES) } };
}

/** Whether a call's input, as JSON, stays within the limit the browser host applies to its
 * request bodies, so a call refused over HTTP is refused over IPC too. (Too deep to measure
 * counts as too big; DbClient refuses it anyway.) */
export function jsonInputTooBig(input: unknown): boolean {
  try {
    return Buffer.byteLength(JSON.stringify(input ?? {}) ?? '') > MAX_JSON_BODY_BYTES;
  } catch {
    return true;
  }
}

/** A channel's input from its other fields and the file's bytes (a Uint8Array from the host,
 * an ArrayBuffer from IPC; anything else the renderer sends is refused). */
export function uploadInput(channel: unknown, fields: unknown, bytes: unknown): Checked<Record<string, unknown>> {
  if (typeof channel !== 'string' || !isUploadChannel(channel)) {
    return { ok: false, error: { code: 'unknown_channel', messageKey: 'errors.unknown_channel', params: { channel: String(channel).slice(0, 80) } } };
  }
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
    return { ok: false, error: { code: 'validation', messageKey: 'errors.invalid' } };
  }
  // By tag, not instanceof: what arrives over IPC may come from another realm.
  const tag = Object.prototype.toString.call(bytes);
  const view = tag === '[object ArrayBuffer]' ? new Uint8Array(bytes as ArrayBuffer) : tag === '[object Uint8Array]' ? bytes as Uint8Array : null;
  if (!view) return { ok: false, error: { code: 'validation', messageKey: 'errors.file_content', field: 'content' } };
  if (view.byteLength > UPLOADS[channel].maxBytes) return { ok: false, error: fileTooBig(channel) };
  const buffer = Buffer.from(view.buffer, view.byteOffset, view.byteLength);
  // The contract's content fields stay text (base64 for an attachment or a file to import —
  // whose encoding the importer detects from the raw bytes —, the decoded CSV for sales), so
  // the core validates an upload exactly as it validates the same call over rpc.
  const content = channel === 'sales.import' ? decodeCsv(buffer).text : buffer.toString('base64');
  return { ok: true, value: { ...fields, content } };
}
