// Change capture on a connection (issue 16; the triggers are migration 0015's). Every connection
// that writes to the file gets two SQL functions here, before anything else runs on it:
//   hlc_next()        the next stamp of this device's hybrid logical clock (hlc.ts);
//   sync_capturing()  1, or 0 while the demo generator loads sample data (`withoutCapture`).
// openDatabase registers them on every read-write open, so the worker, the CLI, tests and the
// kill-test child all capture. A connection opened without them (a raw `new SQLite(file)`) fails
// at its first write to a synced table with "no such function" — loud, and nothing half-written —
// rather than writing changes no colleague would ever get; such code calls `attachCapture` first.
//
// The device id (`sync_device`, one row) belongs to one file. Its identity is recorded as
// "st_dev:st_ino:birth time": a restored backup, a recovered one and a file copied by the user
// (to another laptop, or back over this one) are new files with another identity, so their first
// read-write open gives them a new device id — two laptops never send changes under one id.
// Moving or renaming the file on the same disk keeps the identity (and the id), as it should.
// Not detected: a disk image or VM snapshot put back block by block (same inode, same birth
// time), and filesystems that report no inode (identity then only `dev`: a copy onto such a disk
// is not told apart) — the server's per-device sequence will have to catch those.
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import type SQLite from 'better-sqlite3';
import { formatHlc, HybridClock, type HlcOptions } from './hlc.ts';

interface CaptureState {
  clock: HybridClock | null;
  capturing: boolean;
  wall: () => number;
  maxDriftMs?: number;
}

const states = new WeakMap<SQLite.Database, CaptureState>();

export interface CaptureOptions {
  /** The wall clock for the device's stamps (tests inject one). */
  wall?: () => number;
  maxDriftMs?: number;
}

/**
 * Registers hlc_next() and sync_capturing() on a connection and loads its device when the file
 * has one. openDatabase calls it once the file has passed its guards; code that opens a raw
 * read-write connection to write to a synced table calls it itself.
 */
export function attachCapture(sqlite: SQLite.Database, opts: CaptureOptions = {}): void {
  if (states.has(sqlite)) return;
  const state: CaptureState = { clock: null, capturing: true, wall: opts.wall ?? Date.now, maxDriftMs: opts.maxDriftMs };
  states.set(sqlite, state);
  sqlite.function('hlc_next', { deterministic: false, varargs: false }, () => {
    // Before 0015 has run there are no triggers to call this; after it, loadDevice has run.
    if (!state.clock) throw new Error('change capture: this connection has not loaded its device id');
    return formatHlc(state.clock.now());
  });
  sqlite.function('sync_capturing', { deterministic: false, varargs: false }, () => (state.capturing ? 1 : 0));
  loadDevice(sqlite);
}

function stateOf(sqlite: SQLite.Database): CaptureState {
  const state = states.get(sqlite);
  if (!state) throw new Error('change capture is not attached to this connection');
  return state;
}

function hasTable(sqlite: SQLite.Database, name: string): boolean {
  return !!sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name);
}

/**
 * (Re)reads the device id and resumes the clock after the newest stamp in the outbox, so a
 * restart with the wall clock set back still stamps later changes later. Called at attach and
 * after each migration (0015 creates the table; a later migration may write synced rows).
 */
export function loadDevice(sqlite: SQLite.Database): void {
  const state = stateOf(sqlite);
  if (!hasTable(sqlite, 'sync_device')) return;
  const device = sqlite.prepare('SELECT device FROM sync_device WHERE id = 1').pluck().get() as string | undefined;
  if (!device) throw new Error('sync_device has no row: the file has no device id');
  const last = sqlite.prepare('SELECT hlc FROM sync_outbox ORDER BY seq DESC LIMIT 1').pluck().get() as string | undefined;
  const clockOpts: HlcOptions = { wall: state.wall, maxDriftMs: state.maxDriftMs, last: last ?? null };
  // The clock of a previous device id carries on: its stamps must stay after the old ones too.
  if (state.clock && state.clock.device !== device) clockOpts.last = state.clock.last;
  state.clock = new HybridClock(device, clockOpts);
  if (last) state.clock.observe(last);
  // The newest stamp received from colleagues (migration 0016): later edits stay after it.
  // Unreadable (a damaged page): the file still opens for reading — the integrity check reports
  // the damage and refuses every write, so no stamp is issued from the clock without it.
  if (hasTable(sqlite, 'sync_config')) {
    let high: string | null | undefined;
    try { high = sqlite.prepare('SELECT clock_high FROM sync_config WHERE id = 1').pluck().get() as string | null | undefined; } catch { high = null; }
    if (high) state.clock.observe(high);
  }
}

/** This connection's device id (null before migration 0015). */
export function deviceId(sqlite: SQLite.Database): string | null {
  return stateOf(sqlite).clock?.device ?? null;
}

/** This connection's clock, for the sync protocol (receive() of pulled stamps). */
export function clockOf(sqlite: SQLite.Database): HybridClock | null {
  return stateOf(sqlite).clock;
}

/** The identity of the file on its disk: what a copy or a restored backup does not share. */
export function fileIdentity(file: string): string | null {
  try {
    const st = fs.statSync(file, { bigint: true });
    return `${st.dev}:${st.ino}:${st.birthtimeNs}`;
  } catch {
    return null;
  }
}

/**
 * Gives the file a new device id (a restore, a copy): changes made from now on are this new
 * device's; the old id is kept in `previous_device` so the server can tell what happened.
 */
export function newDeviceId(sqlite: SQLite.Database, reason: string, identity: string | null = null): string {
  const device = randomBytes(8).toString('hex');
  sqlite.prepare(`UPDATE sync_device SET previous_device = device, device = ?, file_identity = ?, reason = ?, created_at = ? WHERE id = 1`)
    .run(device, identity, reason, Date.now());
  loadDevice(sqlite);
  return device;
}

/**
 * At a read-write open, after the migrations: a file whose recorded identity is not its own is
 * a copy (or a restored backup) and gets a new device id; a file with none recorded yet (just
 * migrated) records its own. Returns whether the id changed.
 */
export function checkFileIdentity(sqlite: SQLite.Database, file: string): boolean {
  if (!hasTable(sqlite, 'sync_device')) return false;
  const identity = fileIdentity(file);
  if (identity === null) return false; // an in-memory or vanished file: nothing to compare
  const stored = sqlite.prepare('SELECT file_identity FROM sync_device WHERE id = 1').pluck().get() as string | null;
  if (stored === identity) return false;
  if (stored === null) {
    sqlite.prepare('UPDATE sync_device SET file_identity = ? WHERE id = 1').run(identity);
    return false;
  }
  newDeviceId(sqlite, 'another_file', identity);
  return true;
}

/**
 * Runs `fn` with capture off on this connection (the demo generator: sample data is nobody's
 * edit, and hundreds of thousands of rows would only bloat the outbox). On again afterwards,
 * whatever happens; other connections keep capturing.
 */
export async function withoutCapture<T>(sqlite: SQLite.Database, fn: () => Promise<T>): Promise<T> {
  const state = stateOf(sqlite);
  const was = state.capturing;
  state.capturing = false;
  try {
    return await fn();
  } finally {
    state.capturing = was;
  }
}

/**
 * `withoutCapture` for synchronous work: applying pulled changes (apply.ts) writes what another
 * device already captured — recording it again would send it back as this device's change.
 */
export function withoutCaptureSync<T>(sqlite: SQLite.Database, fn: () => T): T {
  const state = stateOf(sqlite);
  const was = state.capturing;
  state.capturing = false;
  try {
    return fn();
  } finally {
    state.capturing = was;
  }
}
