// Test support: the sync server's semantics in memory (issue 16), behind the same fetch-like
// interface the client uses against the real one — so client tests and the property test run the
// whole protocol without PostgreSQL. What it keeps is what the server's contract promises: an
// append-only log with a sequence, pushes applied whole and idempotent by batch id, refused when
// their newest stamp is too far ahead of the server's clock, the current state of every field
// (last writer wins by stamp; a tombstone ends a row), pull pages by cursor and a paged snapshot.
import {
  MAX_CLOCK_AHEAD_MS, pushRequest, type Change, type LoggedChange, type PullResponse, type PushResponse, type SnapshotResponse,
  type SyncErrorCode,
} from '../../../shared/sync.ts';
import type { FetchLike, FetchResponse } from './client.ts';

export class ModelServer {
  readonly log: LoggedChange[] = [];
  readonly batches = new Map<string, number>();
  /** tbl \0 row \0 col ('' for the tombstone) → the field's current value. */
  readonly state = new Map<string, { val: Change['val']; hlc: string }>();
  readonly tokens = new Set<string>();
  readonly invites = new Map<string, string>();
  now: () => number;

  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  /** A device token the server accepts. */
  device(token: string): string {
    this.tokens.add(token);
    return token;
  }

  private answer(status: number, body: unknown): FetchResponse {
    return { ok: status < 400, status, json: async () => JSON.parse(JSON.stringify(body)) };
  }

  private error(status: number, code: SyncErrorCode, message: string): FetchResponse {
    return this.answer(status, { error: { code, message } });
  }

  /** Handles one request, as the HTTP server would. */
  handle(url: string, init: Parameters<FetchLike>[1]): FetchResponse {
    const u = new URL(url);
    if (u.pathname === '/v1/join' && init.method === 'POST') {
      const body = JSON.parse(init.body ?? '{}') as { code?: string };
      const token = body.code ? this.invites.get(body.code) : undefined;
      if (!token) return this.error(400, 'invite_invalid', 'unknown invite code');
      this.invites.delete(body.code!);
      this.tokens.add(token);
      return this.answer(200, { token, workspace: { id: 'w1', name: 'Kancelář' }, user: { id: 'u-joined', name: 'Jana', role: 'member' } });
    }
    const auth = init.headers.authorization ?? '';
    if (!auth.startsWith('Bearer ') || !this.tokens.has(auth.slice(7))) return this.error(401, 'unauthorized', 'unknown token');
    if (u.pathname === '/v1/push' && init.method === 'POST') return this.push(JSON.parse(init.body ?? 'null'));
    if (u.pathname === '/v1/pull' && init.method === 'GET') return this.pull(u.searchParams);
    if (u.pathname === '/v1/snapshot' && init.method === 'GET') return this.snapshot(u.searchParams);
    return this.error(404, 'invalid', 'no such endpoint');
  }

  readonly fetch: FetchLike = async (url, init) => this.handle(url, init);

  private push(body: unknown): FetchResponse {
    const parsed = pushRequest.safeParse(body);
    if (!parsed.success) return this.error(400, 'invalid', parsed.error.message);
    const { batch, changes } = parsed.data;
    const serverTime = this.now();
    if (this.batches.has(batch)) return this.answer(200, { accepted: 0, duplicate: true, serverTime } satisfies PushResponse);
    const newest = changes.reduce((m, c) => Math.max(m, parseInt(c.hlc.slice(0, 12), 16)), 0);
    if (newest - serverTime > MAX_CLOCK_AHEAD_MS) return this.error(409, 'clock_ahead', 'clock ahead');
    for (const c of changes) {
      this.log.push({ ...c, seq: this.log.length + 1 });
      const k = `${c.tbl}\u0000${c.row}\u0000${c.col ?? ''}`;
      const had = this.state.get(k);
      if (!had || c.hlc > had.hlc) this.state.set(k, { val: c.val, hlc: c.hlc });
    }
    this.batches.set(batch, changes.length);
    return this.answer(200, { accepted: changes.length, duplicate: false, serverTime } satisfies PushResponse);
  }

  private pull(params: URLSearchParams): FetchResponse {
    const after = Number(params.get('after') ?? 0);
    const limit = Number(params.get('limit') ?? 1000);
    const changes = this.log.slice(after, after + limit);
    const cursor = String(after + changes.length);
    return this.answer(200, { changes, cursor, more: after + changes.length < this.log.length } satisfies PullResponse);
  }

  /** The current state: a tombstone for a deleted row, else each field's value, in key order. */
  current(): Change[] {
    const dead = new Set<string>();
    for (const k of this.state.keys()) if (k.endsWith('\u0000')) dead.add(k.slice(0, -1));
    const out: Change[] = [];
    for (const [k, v] of [...this.state].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const [tbl, row, col] = k.split('\u0000') as [string, string, string];
      if (col === '') out.push({ tbl, row, col: null, val: null, hlc: v.hlc });
      else if (!dead.has(`${tbl}\u0000${row}`)) out.push({ tbl, row, col, val: v.val, hlc: v.hlc });
    }
    return out;
  }

  private snapshot(params: URLSearchParams): FetchResponse {
    const after = Number(params.get('after') ?? 0);
    const limit = Number(params.get('limit') ?? 1000);
    const all = this.current();
    const changes = all.slice(after, after + limit);
    const next = after + changes.length < all.length ? String(after + changes.length) : null;
    return this.answer(200, { changes, next, cursor: String(this.log.length) } satisfies SnapshotResponse);
  }
}
