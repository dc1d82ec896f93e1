// A database client usable before its worker is open: calls wait for it. `kartoteka serve`
// prints its URL as soon as the host listens — opening the worker (loading the code, checking
// and maybe migrating the file) runs meanwhile, and the page's first requests wait for it
// instead of the user waiting for the URL.
import { AppError, type Envelope } from '../../../shared/errors.ts';
import type { ChangeEvent } from '../../../shared/contract.ts';
import type { DbClient } from './client.ts';

export type ClientCalls = Pick<DbClient, 'invoke' | 'onChange' | 'onRestart' | 'onProgress'>;

/** `opening`'s client once it is open; until then calls queue. If it fails to open, every call
 * answers the error it failed with (the caller reports it and stops). */
export function pendingClient(opening: Promise<DbClient>): ClientCalls {
  // The rejection is the caller's to report; calls turn it into an error envelope.
  const settled = opening.then((client) => ({ client, error: null }), (e: unknown) => ({ client: null, error: e }));
  return {
    async invoke(channel: string, input: unknown): Promise<Envelope<unknown>> {
      const { client, error } = await settled;
      if (client) return client.invoke(channel, input);
      return { ok: false, error: error instanceof AppError ? error.data : { code: 'internal', messageKey: 'errors.internal' } };
    },
    onChange: (cb: (e: ChangeEvent) => void) => subscribeWhenOpen(settled, (client) => client.onChange(cb)),
    onRestart: (cb) => subscribeWhenOpen(settled, (client) => client.onRestart(cb)),
    onProgress: (cb) => subscribeWhenOpen(settled, (client) => client.onProgress(cb)),
  };
}

/** A subscription made now, taken out on the client once it is open; the returned function
 * ends it either way. (Each `on…` of the client passes through this.) */
function subscribeWhenOpen(settled: Promise<{ client: DbClient | null }>, subscribe: (client: DbClient) => () => void): () => void {
  let off: (() => void) | null = null;
  let cancelled = false;
  void settled.then(({ client }) => {
    if (client && !cancelled) off = subscribe(client);
  });
  return () => {
    cancelled = true;
    off?.();
  };
}
