// The hybrid logical clock of one device (issue 16): every captured change carries a stamp that
// (a) is close to the wall clock, so "last writer wins" means what a user expects, (b) never goes
// backwards on this device even when the wall clock does (NTP corrections, a wrong clock fixed by
// hand, a laptop resumed from a stale image), and (c) once a remote stamp has been seen, every
// later local stamp is after it — an edit made after seeing another always wins over it.
// Pure: the wall clock is injected, no I/O.
//
// The packed form is what goes into SQLite and over the wire, and it sorts correctly as TEXT
// (byte order = clock order, so `ORDER BY hlc`, `max(hlc)` and string `<` are all the clock's order):
//
//   0190abcdef12-0000-9f3c21d0a4b6e871
//   └ ms ──────┘ └ctr┘ └ device ───────┘
//   12 hex digits of wall milliseconds (48 bits: until the year 10889), zero-padded;
//   4 hex digits of counter (events within one millisecond, or while the wall clock lags);
//   16 hex digits of device id (the tie-break between devices: a total order, never equal).
//   34 characters, lowercase, fixed width: `device` is `substr(hlc, 19)` in SQL.

export interface Hlc {
  /** Logical milliseconds: the largest wall time seen (local or remote), never decreasing. */
  ms: number;
  /** Events at the same `ms`, 0..MAX_COUNTER. */
  counter: number;
  /** 16 lowercase hex digits. */
  device: string;
}

export const MAX_COUNTER = 0xffff;
const MAX_MS = 2 ** 48 - 1;
/** How far ahead of our wall clock a remote stamp may be before it is refused. */
export const DEFAULT_MAX_DRIFT_MS = 5 * 60_000;
export const HLC_LENGTH = 34;
const DEVICE_RE = /^[0-9a-f]{16}$/;
const HLC_RE = /^[0-9a-f]{12}-[0-9a-f]{4}-[0-9a-f]{16}$/;

export function isDeviceId(s: string): boolean {
  return DEVICE_RE.test(s);
}

export function formatHlc(h: Hlc): string {
  return `${h.ms.toString(16).padStart(12, '0')}-${h.counter.toString(16).padStart(4, '0')}-${h.device}`;
}

export function parseHlc(s: string): Hlc {
  if (!HLC_RE.test(s)) throw new Error(`not a clock stamp: ${JSON.stringify(s)}`);
  return { ms: parseInt(s.slice(0, 12), 16), counter: parseInt(s.slice(13, 17), 16), device: s.slice(18) };
}

/** The clock's order; the same as comparing the packed forms as strings. */
export function compareHlc(a: Hlc, b: Hlc): number {
  return a.ms - b.ms || a.counter - b.counter || (a.device < b.device ? -1 : a.device > b.device ? 1 : 0);
}

/** A remote stamp too far ahead of our wall clock: taking it would drag our clock into the future. */
export class ClockDriftError extends Error {
  readonly remote: Hlc;
  readonly wall: number;
  readonly driftMs: number;
  constructor(remote: Hlc, wall: number, maxDriftMs: number) {
    super(`clock stamp ${formatHlc(remote)} is ${remote.ms - wall} ms ahead of this device's clock (at most ${maxDriftMs} ms allowed)`);
    this.name = 'ClockDriftError';
    this.remote = remote;
    this.wall = wall;
    this.driftMs = remote.ms - wall;
  }
}

export interface HlcOptions {
  /** The wall clock in epoch ms (default Date.now). */
  wall?: () => number;
  /** A remote stamp more than this ahead of the wall clock is refused (default 5 minutes). */
  maxDriftMs?: number;
  /** The last stamp this device issued (e.g. the newest in its outbox): the clock starts after it. */
  last?: Hlc | string | null;
}

export class HybridClock {
  readonly device: string;
  readonly maxDriftMs: number;
  private readonly wall: () => number;
  private ms = 0;
  private counter = 0;

  constructor(device: string, opts: HlcOptions = {}) {
    if (!isDeviceId(device)) throw new Error(`not a device id: ${JSON.stringify(device)}`);
    this.device = device;
    this.wall = opts.wall ?? Date.now;
    this.maxDriftMs = opts.maxDriftMs ?? DEFAULT_MAX_DRIFT_MS;
    if (opts.last) this.observe(opts.last);
  }

  /** The last stamp issued (or observed), without advancing. */
  get last(): Hlc {
    return { ms: this.ms, counter: this.counter, device: this.device };
  }

  /** A stamp for a local event: after every stamp this clock issued or received. */
  now(): Hlc {
    const pt = this.readWall();
    if (pt > this.ms) {
      this.ms = pt;
      this.counter = 0;
    } else {
      this.bump(this.counter + 1);
    }
    return this.last;
  }

  /**
   * Merges a remote stamp (a change pulled from the server): the returned stamp — our clock from
   * now on — is after both the remote one and everything this clock issued before. A stamp more
   * than `maxDriftMs` ahead of our wall clock is refused (ClockDriftError) and changes nothing.
   */
  receive(remote: Hlc | string): Hlc {
    const r = typeof remote === 'string' ? parseHlc(remote) : remote;
    const pt = this.readWall();
    if (r.ms - pt > this.maxDriftMs) throw new ClockDriftError(r, pt, this.maxDriftMs);
    const ms = Math.max(this.ms, r.ms, pt);
    let counter: number;
    if (ms === this.ms && ms === r.ms) counter = Math.max(this.counter, r.counter) + 1;
    else if (ms === this.ms) counter = this.counter + 1;
    else if (ms === r.ms) counter = r.counter + 1;
    else counter = 0;
    this.ms = ms;
    this.bump(counter);
    return this.last;
  }

  /** Moves the clock up to `h` (no new event): a restart resumes after its last issued stamp. */
  observe(h: Hlc | string): void {
    const s = typeof h === 'string' ? parseHlc(h) : h;
    if (s.ms > this.ms || (s.ms === this.ms && s.counter > this.counter)) {
      this.ms = s.ms;
      this.counter = s.counter;
    }
  }

  /** The counter overflowing (65 536 events in one logical ms) borrows the next millisecond. */
  private bump(counter: number): void {
    if (counter > MAX_COUNTER) {
      this.ms += 1;
      this.counter = 0;
    } else {
      this.counter = counter;
    }
    if (this.ms > MAX_MS) throw new Error('clock beyond the year 10889');
  }

  private readWall(): number {
    const t = Math.floor(this.wall());
    return Number.isFinite(t) && t > 0 ? Math.min(t, MAX_MS) : 0;
  }
}
