// The renderer's only door to the core. In Electron the preload exposes a Bridge as
// `window.kartoteka`; in a plain browser (the `kartoteka serve` host) we build the same Bridge
// over HTTP: POST /rpc/<channel>, files as raw bodies to POST /upload/<channel>, change events
// over SSE. The page never holds the session token: the host traded the printed link's token
// for an HttpOnly cookie, which the browser sends with our own requests; every POST carries
// the `X-Kartoteka: 1` header, which a cross-site form cannot.
import type { Bridge, ChangeEvent, ChannelName, CoreEvent, Input, Output, ProgressEvent, Table } from '../shared/contract.ts';
import { TABLES } from '../shared/contract.ts';
import { UPLOADS, isUploadChannel, megabytes, type UploadChannel } from '../shared/limits.ts';
import type { AppErrorData, Envelope } from '../shared/errors.ts';

declare global {
  interface Window {
    kartoteka?: Bridge;
  }
}

/** An `{ok:false}` envelope (or a transport failure) as an exception the UI can show in place. */
export class ApiError extends Error {
  readonly data: AppErrorData;
  constructor(data: AppErrorData) {
    super(`${data.code}: ${data.messageKey}${data.field ? ` (${data.field})` : ''}`);
    this.name = 'ApiError';
    this.data = data;
  }
}

const failure = (code: AppErrorData['code'], messageKey: string): Envelope<never> => ({ ok: false, error: { code, messageKey } });

/** The answer of a POST to the host as an envelope (403 and unreadable bodies included). */
async function envelopeOf(request: Promise<Response>): Promise<unknown> {
  let res: Response;
  try {
    res = await request;
  } catch {
    return failure('internal', 'errors.network');
  }
  if (res.status === 403) return failure('forbidden', 'errors.forbidden');
  try {
    return (await res.json()) as unknown;
  } catch {
    return failure('internal', res.ok ? 'errors.internal' : 'errors.network');
  }
}

/** The Bridge over the browser host's HTTP API (same origin: the session cookie rides along). */
export function createHttpBridge(base = ''): Bridge {
  const listeners = new Set<(e: ChangeEvent) => void>();
  const coreListeners = new Set<(e: CoreEvent) => void>();
  const progressListeners = new Set<(e: ProgressEvent) => void>();
  let source: EventSource | null = null;
  let broken = false;

  const emit = (e: ChangeEvent) => { for (const cb of [...listeners]) cb(e); };

  const connect = () => {
    if (source || typeof EventSource === 'undefined') return;
    source = new EventSource(`${base}/events`);
    source.onmessage = (m: MessageEvent<string>) => {
      try {
        const data = JSON.parse(m.data) as Partial<ChangeEvent>;
        if (Array.isArray(data.tables)) emit({ tables: data.tables });
      } catch { /* not ours */ }
    };
    source.addEventListener('core', (m: MessageEvent<string>) => {
      let state: unknown;
      try { state = (JSON.parse(m.data) as Partial<CoreEvent>).state; } catch { return; }
      if (state !== 'up' && state !== 'down' && state !== 'reopened') return;
      for (const cb of [...coreListeners]) cb({ state });
      // A new worker, or the file replaced by a restore: what is on screen gets re-read.
      if (state !== 'down') emit({ tables: [...TABLES] });
    });
    source.addEventListener('progress', (m: MessageEvent<string>) => {
      let e: Partial<ProgressEvent>;
      try { e = JSON.parse(m.data) as Partial<ProgressEvent>; } catch { return; }
      if (typeof e.job !== 'string' || typeof e.done !== 'number' || typeof e.total !== 'number') return;
      for (const cb of [...progressListeners]) cb({ job: e.job, done: e.done, total: e.total });
    });
    source.onerror = () => { broken = true; };
    // After a reconnect we may have missed events: everything on screen gets re-read.
    source.onopen = () => { if (broken) { broken = false; emit({ tables: [...TABLES] }); } };
  };
  const disconnectIfUnused = () => {
    if (listeners.size === 0 && coreListeners.size === 0 && progressListeners.size === 0 && source) { source.close(); source = null; }
  };
  const post = (path: string, headers: Record<string, string>, body: BodyInit) => envelopeOf(fetch(`${base}${path}`, {
    method: 'POST', credentials: 'same-origin', headers: { 'x-kartoteka': '1', ...headers }, body,
  }));

  return {
    invoke(channel, input) {
      return post(`/rpc/${encodeURIComponent(channel)}`, { 'content-type': 'application/json' }, JSON.stringify(input ?? {}));
    },
    upload(channel, input, bytes) {
      // The other fields in a header (URI-encoded: header values are ASCII, file names are not).
      return post(`/upload/${encodeURIComponent(channel)}`, {
        'content-type': 'application/octet-stream', 'x-kartoteka-input': encodeURIComponent(JSON.stringify(input ?? {})),
      }, bytes);
    },
    on(event, cb) {
      if (event !== 'changed') return () => {};
      listeners.add(cb);
      connect();
      return () => { listeners.delete(cb); disconnectIfUnused(); };
    },
    onCore(cb) {
      coreListeners.add(cb);
      connect();
      return () => { coreListeners.delete(cb); disconnectIfUnused(); };
    },
    onProgress(cb) {
      progressListeners.add(cb);
      connect();
      return () => { progressListeners.delete(cb); disconnectIfUnused(); };
    },
  };
}

let bridge: Bridge | null = null;
export function getBridge(): Bridge {
  bridge ??= typeof window !== 'undefined' && window.kartoteka ? window.kartoteka : createHttpBridge();
  return bridge;
}
/** For tests: swap the transport. */
export function setBridge(b: Bridge | null): void { bridge = b; }

function isEnvelope(v: unknown): v is Envelope<unknown> {
  return typeof v === 'object' && v !== null && 'ok' in v && typeof (v as { ok: unknown }).ok === 'boolean';
}

/** Calls a channel; resolves with its value or throws an ApiError carrying the core's error. */
export async function send<C extends ChannelName>(channel: C, input: Input<C>): Promise<Output<C>> {
  let envelope: unknown;
  try {
    envelope = await getBridge().invoke(channel, input);
  } catch {
    throw new ApiError({ code: 'internal', messageKey: 'errors.network' });
  }
  return unwrap<Output<C>>(envelope);
}

function unwrap<T>(envelope: unknown): T {
  if (!isEnvelope(envelope)) throw new ApiError({ code: 'internal', messageKey: 'errors.internal' });
  if (!envelope.ok) {
    // The worker died under this call (or is gone): the notice says so beyond this one form.
    if (envelope.error.code === 'unavailable') notifyCore(envelope.error.messageKey === 'errors.core_down' ? 'down' : 'restarted');
    throw new ApiError(envelope.error);
  }
  return envelope.value as T;
}

/** Sends a file to one of the channels that take one (UPLOADS): refused at once when it is over
 * the channel's limit, else its bytes go as bytes beside the other fields. */
export async function sendFile<C extends ChannelName & UploadChannel>(channel: C, fields: Omit<Input<C>, 'content'>, file: Blob): Promise<Output<C>> {
  if (!isUploadChannel(channel)) throw new ApiError({ code: 'unknown_channel', messageKey: 'errors.unknown_channel' });
  const max = UPLOADS[channel].maxBytes;
  if (file.size > max) {
    throw new ApiError({ code: 'validation', messageKey: 'errors.file_too_big', field: 'content', params: { max: megabytes(max) } });
  }
  const b = getBridge();
  if (!b.upload) throw new ApiError({ code: 'internal', messageKey: 'errors.internal' });
  let envelope: unknown;
  try {
    envelope = await b.upload(channel, fields, await file.arrayBuffer());
  } catch {
    throw new ApiError({ code: 'internal', messageKey: 'errors.network' });
  }
  return unwrap<Output<C>>(envelope);
}

export type CoreState = 'restarted' | 'down';
const coreStateListeners = new Set<(state: CoreState) => void>();
let coreSubscription: (() => void) | null = null;

function notifyCore(state: CoreState): void {
  for (const cb of [...coreStateListeners]) cb(state);
}

/** Tells when the database worker stopped: 'restarted' (a new one took over; the screen is
 * re-read) or 'down' (nothing can be saved until the app is started again). Both from the
 * transport's own event and from a call that failed because of it. */
export function onCoreState(cb: (state: CoreState) => void): () => void {
  coreStateListeners.add(cb);
  // 'reopened' (a restore the user asked for) is no alarm: the screen is re-read, that is all.
  coreSubscription ??= getBridge().onCore?.((e) => { if (e.state !== 'reopened') notifyCore(e.state === 'down' ? 'down' : 'restarted'); }) ?? (() => {});
  return () => {
    coreStateListeners.delete(cb);
    if (coreStateListeners.size === 0) { coreSubscription?.(); coreSubscription = null; }
  };
}

/** Subscribes to the core's change events; returns the unsubscribe function. */
export function onChange(cb: (e: ChangeEvent) => void): () => void {
  return getBridge().on('changed', cb);
}

/** Progress of one job this window started (nothing when the transport has no events). */
export function onJobProgress(job: string, cb: (e: ProgressEvent) => void): () => void {
  return getBridge().onProgress?.((e) => { if (e.job === job) cb(e); }) ?? (() => {});
}

/** Whether a change event touches any of the tables a view shows. */
export function touches(e: ChangeEvent, tables: readonly Table[]): boolean {
  return e.tables.some((t) => tables.includes(t));
}

/** The AppErrorData of anything thrown (unknown failures become `errors.internal`). */
export function errorData(e: unknown): AppErrorData {
  if (e instanceof ApiError) return e.data;
  return { code: 'internal', messageKey: 'errors.internal' };
}

/** Opens an attachment: the desktop shell hands it to the OS's default program; the browser
 * host streams it as a download (a plain link: the session cookie authenticates it). Throws an
 * ApiError (`errors.file_missing`, …). */
export async function openAttachment(id: string): Promise<void> {
  const b = typeof window !== 'undefined' ? window.kartoteka : undefined;
  if (b?.openFile) {
    let envelope: unknown;
    try {
      envelope = await b.openFile(id);
    } catch {
      throw new ApiError({ code: 'internal', messageKey: 'errors.internal' });
    }
    if (isEnvelope(envelope) && !envelope.ok) throw new ApiError(envelope.error);
    return;
  }
  const a = document.createElement('a');
  a.href = `/files/${encodeURIComponent(id)}`;
  a.download = '';
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
}
