// `kartoteka serve` hands the host a client before its worker is open: calls and subscriptions
// made meanwhile reach the worker once it is; a worker that cannot open answers its error.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DbClient } from './client.ts';
import { pendingClient } from './pending-client.ts';
import { tempDir } from '../test-helpers.ts';
import { AppError } from '../../../shared/errors.ts';
import type { ChangeEvent } from '../../../shared/contract.ts';

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('pendingClient', () => {
  it('queues calls and subscriptions until the worker is open', async () => {
    const opening = DbClient.open({ dbPath: path.join(dir, 'k.sqlite') });
    const client = pendingClient(opening);
    const events: ChangeEvent[] = [];
    client.onChange((e) => events.push(e));
    const dropped: ChangeEvent[] = [];
    client.onChange((e) => dropped.push(e))(); // unsubscribed before the worker was open
    const info = client.invoke('app.info', {}); // before the worker is open
    const created = client.invoke('users.create', { name: 'Jana Nová' });
    expect((await info).ok).toBe(true);
    expect((await created).ok).toBe(true);
    await expect.poll(() => events).toEqual([{ tables: ['users'] }]);
    expect(dropped).toEqual([]);
    await (await opening).close();
  });

  it('answers every call with the error the worker failed to open with', async () => {
    const error = new AppError({ code: 'db_too_new', messageKey: 'errors.db_too_new' });
    const opening = Promise.reject(error);
    opening.catch(() => {}); // reported by the caller, not here
    const client = pendingClient(opening);
    expect(await client.invoke('app.info', {})).toEqual({ ok: false, error: error.data });
    expect(await pendingClient(Promise.reject(new Error('boom'))).invoke('app.info', {}))
      .toEqual({ ok: false, error: { code: 'internal', messageKey: 'errors.internal' } });
  });
});
