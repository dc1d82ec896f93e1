// The client's wire form and its failures: a row image goes out as one change per column under
// its one stamp, a retried batch keeps its id, and every failure has a message in every language.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../../renderer/i18n/messages.ts';
import { tempDir } from '../test-helpers.ts';
import { syncOnce, SyncError, toChanges, type FetchLike, type SyncFailure } from './client.ts';
import { ModelServer } from './model-server.ts';
import { migratedTemplate, Replica } from './test-replicas.ts';

let dir: string;
let template: string;
beforeAll(async () => {
  dir = tempDir();
  template = await migratedTemplate(dir);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('sync client', () => {
  it('sends a row image as one change per column, a tombstone as col null', () => {
    const h = '0190abcdef12-0000-9f3c21d0a4b6e871';
    expect(toChanges([
      { seq: 1, tbl: 'topics', row_id: 't1', col: '*', val: JSON.stringify({ name: 'Novinky', note: '', deleted_at: null }), hlc: h },
      { seq: 2, tbl: 'topics', row_id: 't1', col: 'name', val: 'Zprávy', hlc: h },
      { seq: 3, tbl: 'topics', row_id: 't1', col: null, val: null, hlc: h },
      { seq: 4, tbl: 'attachments', row_id: 'a1', col: 'sha256', val: Buffer.from('x'), hlc: h },
    ])).toEqual([
      { tbl: 'topics', row: 't1', col: 'name', val: 'Novinky', hlc: h },
      { tbl: 'topics', row: 't1', col: 'note', val: '', hlc: h },
      { tbl: 'topics', row: 't1', col: 'deleted_at', val: null, hlc: h },
      { tbl: 'topics', row: 't1', col: 'name', val: 'Zprávy', hlc: h },
      { tbl: 'topics', row: 't1', col: null, val: null, hlc: h },
    ]);
  });

  it('retries a batch whose answer was lost under the same id: the server writes it once', async () => {
    const server = new ModelServer(() => Date.now());
    const token = server.device('t');
    const r = new Replica(template, path.join(dir, 'a.sqlite'), Date.now);
    try {
      r.sqlite.prepare(`INSERT INTO topics (id, name, created_at, updated_at) VALUES ('t1', 'Novinky', 1, 1)`).run();
      const batches: string[] = [];
      let lose = true;
      const fetch: FetchLike = async (url, init) => {
        // A server that does not send a device its own changes back: only the retry can tell.
        if (url.includes('/v1/pull')) return { ok: true, status: 200, json: async () => ({ changes: [], cursor: '0', more: false }) };
        const res = server.handle(url, init);
        if (init.method === 'POST') {
          batches.push(JSON.parse(init.body!).batch);
          if (lose) { lose = false; throw new Error('connection reset'); }
        }
        return res;
      };
      await expect(syncOnce({ sqlite: r.sqlite, fetch, url: 'http://s', token })).rejects.toMatchObject({ code: 'network' });
      r.reopen(); // and the laptop restarted in between
      await syncOnce({ sqlite: r.sqlite, fetch, url: 'http://s', token });
      expect(batches).toHaveLength(2);
      expect(batches[1]).toBe(batches[0]);
      expect(server.log.filter((c) => c.tbl === 'topics' && c.col === 'name')).toHaveLength(1);
      expect(server.batches.get(batches[0]!)).toBeGreaterThan(0);
      expect(r.sqlite.prepare('SELECT count(*) FROM sync_outbox').pluck().get()).toBe(0);
    } finally {
      r.close();
    }
  });

  it('keeps the changes when the server refuses a clock too far ahead', async () => {
    const server = new ModelServer(() => Date.now());
    const token = server.device('t');
    const r = new Replica(template, path.join(dir, 'b.sqlite'), () => Date.now() + 2 * 3600_000);
    try {
      r.sqlite.prepare(`INSERT INTO topics (id, name, created_at, updated_at) VALUES ('t1', 'Novinky', 1, 1)`).run();
      const waiting = r.sqlite.prepare('SELECT count(*) FROM sync_outbox').pluck().get();
      const err = await syncOnce({ sqlite: r.sqlite, fetch: server.fetch, url: 'http://s', token }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SyncError);
      expect((err as SyncError).messageKey).toBe('errors.sync_clock_ahead');
      expect(r.sqlite.prepare('SELECT count(*) FROM sync_outbox').pluck().get()).toBe(waiting);
      expect(server.log).toEqual([]);
    } finally {
      r.close();
    }
  });

  it('has a message for every failure in every language', () => {
    const codes: SyncFailure[] = ['network', 'not_configured', 'bad_response', 'unauthorized', 'revoked', 'invite_invalid', 'clock_ahead', 'invalid', 'forbidden', 'internal'];
    for (const [lang, tree] of Object.entries(messages)) {
      const errors = tree.errors as Record<string, string>;
      for (const c of codes) expect(errors[new SyncError(c, '').messageKey.slice('errors.'.length)], `${lang}: ${c}`).toMatch(/\S/);
    }
  });
});
