// The renderer's only door to the core. In Electron the preload exposes a Bridge as
// `window.kartoteka`; in a plain browser (the `kartoteka serve` host) we build the same Bridge
// over HTTP: POST /rpc/<channel> with the session token in a header, change events over SSE.
import type { Bridge, ChangeEvent, ChannelName, Input, Output, Table } from '../shared/contract.ts';
import { TABLES } from '../shared/contract.ts';
import type { AppErrorData, Envelope } from '../shared/errors.ts';

declare global {
  interface Window {
    kartoteka?: Bridge;
  }
}

const TOKEN_KEY = 'kartoteka.token';

/** An `{ok:false}` envelope (or a transport failure) as an exception the UI can show in place. */
export class ApiError extends Error {
  readonly data: AppErrorData;
  constructor(data: AppErrorData) {
    super(`${data.code}: ${data.messageKey}${data.field ? ` (${data.field})` : ''}`);
    this.name = 'ApiError';
    this.data = data;
  }
}

/** The session token of the browser host: from `?token=` once, then from sessionStorage. */
export function sessionToken(): string {
  let fromUrl: string | null = null;
  try { fromUrl = new URLSearchParams(window.location.search).get('token'); } catch { /* no URL */ }
  try {
    if (fromUrl) { sessionStorage.setItem(TOKEN_KEY, fromUrl); return fromUrl; }
    return sessionStorage.getItem(TOKEN_KEY) ?? '';
  } catch {
    return fromUrl ?? '';
  }
}

const failure = (code: AppErrorData['code'], messageKey: string): Envelope<never> => ({ ok: false, error: { code, messageKey } });

/** The Bridge over the browser host's HTTP API. */
export function createHttpBridge(token = sessionToken(), base = ''): Bridge {
  const listeners = new Set<(e: ChangeEvent) => void>();
  let source: EventSource | null = null;
  let broken = false;

  const emit = (e: ChangeEvent) => { for (const cb of [...listeners]) cb(e); };

  const connect = () => {
    if (source || typeof EventSource === 'undefined') return;
    source = new EventSource(`${base}/events?token=${encodeURIComponent(token)}`);
    source.onmessage = (m: MessageEvent<string>) => {
      try {
        const data = JSON.parse(m.data) as Partial<ChangeEvent>;
        if (Array.isArray(data.tables)) emit({ tables: data.tables });
      } catch { /* not ours */ }
    };
    source.onerror = () => { broken = true; };
    // After a reconnect we may have missed events: everything on screen gets re-read.
    source.onopen = () => { if (broken) { broken = false; emit({ tables: [...TABLES] }); } };
  };

  return {
    async invoke(channel, input) {
      let res: Response;
      try {
        res = await fetch(`${base}/rpc/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-kartoteka-token': token },
          body: JSON.stringify(input ?? {}),
        });
      } catch {
        return failure('internal', 'errors.network');
      }
      if (res.status === 403) return failure('forbidden', 'errors.forbidden');
      try {
        return (await res.json()) as unknown;
      } catch {
        return failure('internal', res.ok ? 'errors.internal' : 'errors.network');
      }
    },
    on(event, cb) {
      if (event !== 'changed') return () => {};
      listeners.add(cb);
      connect();
      return () => {
        listeners.delete(cb);
        if (listeners.size === 0 && source) { source.close(); source = null; }
      };
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
  if (!isEnvelope(envelope)) throw new ApiError({ code: 'internal', messageKey: 'errors.internal' });
  if (!envelope.ok) throw new ApiError(envelope.error);
  return envelope.value as Output<C>;
}

/** Subscribes to the core's change events; returns the unsubscribe function. */
export function onChange(cb: (e: ChangeEvent) => void): () => void {
  return getBridge().on('changed', cb);
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
 * host streams it as a download (the token rides in the query, as for the event stream, since
 * a plain link cannot carry our header). Throws an ApiError (`errors.file_missing`, …). */
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
  a.href = `/files/${encodeURIComponent(id)}?token=${encodeURIComponent(sessionToken())}`;
  a.download = '';
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
}
