// Properties of the hybrid logical clock, with fast-check. A fixed seed in CI (FC_SEED for
// another, FC_RUNS for more runs on demand), so a failure is reproducible from the log.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ClockDriftError, compareHlc, formatHlc, HybridClock, HLC_LENGTH, MAX_COUNTER, parseHlc, type Hlc } from './hlc.ts';

const params = { seed: Number(process.env.FC_SEED ?? 20261207), numRuns: Number(process.env.FC_RUNS ?? 300) };
const DRIFT = 5 * 60_000;
const T0 = Date.UTC(2026, 11, 7);

const deviceArb = fc.stringMatching(/^[0-9a-f]{16}$/);
const hlcArb: fc.Arbitrary<Hlc> = fc.record({
  ms: fc.integer({ min: 0, max: 2 ** 48 - 1 }),
  counter: fc.integer({ min: 0, max: MAX_COUNTER }),
  device: deviceArb,
});

/** Wall-clock moves: small steps either way, big jumps back (a clock fixed by hand), standing still. */
const stepArb = fc.oneof(
  fc.integer({ min: -50, max: 50 }),
  fc.integer({ min: -3 * 86_400_000, max: 0 }),
  fc.constant(0),
  fc.integer({ min: 0, max: 3_600_000 }),
);

type Op = { kind: 'now'; step: number } | { kind: 'receive'; step: number; ahead: number; counter: number; device: string };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('now' as const), step: stepArb }),
  fc.record({
    kind: fc.constant('receive' as const), step: stepArb,
    // A remote stamp anywhere from far behind to just within the allowed drift ahead.
    ahead: fc.integer({ min: -86_400_000, max: DRIFT }), counter: fc.integer({ min: 0, max: MAX_COUNTER }), device: deviceArb,
  }),
);

describe('hybrid logical clock', () => {
  it('is strictly monotonic under any wall-clock sequence, backward jumps included', () => {
    fc.assert(fc.property(deviceArb, fc.array(opArb, { maxLength: 200 }), (device, ops) => {
      let wall = T0;
      const clock = new HybridClock(device, { wall: () => wall, maxDriftMs: DRIFT });
      let prev: Hlc | null = null;
      for (const op of ops) {
        wall = Math.max(1, wall + op.step);
        const next = op.kind === 'now'
          ? clock.now()
          : clock.receive({ ms: Math.max(0, wall + op.ahead), counter: op.counter, device: op.device });
        if (prev) {
          expect(compareHlc(next, prev)).toBeGreaterThan(0);
          expect(formatHlc(next) > formatHlc(prev)).toBe(true);
        }
        expect(next.device).toBe(device);
        prev = next;
      }
    }), params);
  });

  it('receive() returns a stamp after both the remote one and the local clock', () => {
    fc.assert(fc.property(deviceArb, fc.array(fc.constantFrom(-1000, 0, 1, 7), { maxLength: 20 }), hlcArb, fc.integer({ min: -1000, max: 10_000_000 }),
      (device, steps, remote, wallAt) => {
        let wall = T0;
        const clock = new HybridClock(device, { wall: () => wall, maxDriftMs: DRIFT });
        for (const s of steps) { wall += s; clock.now(); }
        const local = clock.last;
        wall = Math.max(1, remote.ms - DRIFT + wallAt); // the remote is at most DRIFT ahead
        if (remote.ms - wall > DRIFT) return;
        const merged = clock.receive(remote);
        expect(compareHlc(merged, remote)).toBeGreaterThan(0);
        expect(compareHlc(merged, local)).toBeGreaterThan(0);
        expect(merged.ms).toBeGreaterThanOrEqual(Math.min(wall, 2 ** 48 - 1));
        // And the next local event is after it too: "an edit made after seeing another wins".
        expect(compareHlc(clock.now(), remote)).toBeGreaterThan(0);
      }), params);
  });

  it('refuses a remote stamp too far ahead and stays where it was', () => {
    fc.assert(fc.property(deviceArb, hlcArb, fc.integer({ min: 1, max: 10 * 86_400_000 }), (device, remote, beyond) => {
      const wall = T0;
      const clock = new HybridClock(device, { wall: () => wall, maxDriftMs: DRIFT });
      const before = clock.now();
      const r = { ...remote, ms: wall + DRIFT + beyond };
      expect(() => clock.receive(r)).toThrow(ClockDriftError);
      expect(clock.last).toEqual(before);
    }), params);
  });

  it('the packed form sorts as text exactly as the clock orders, and round-trips', () => {
    fc.assert(fc.property(fc.array(hlcArb, { minLength: 2, maxLength: 40 }), (stamps) => {
      for (const s of stamps) {
        const p = formatHlc(s);
        expect(p).toHaveLength(HLC_LENGTH);
        expect(parseHlc(p)).toEqual(s);
        expect(p.slice(18)).toBe(s.device); // SQL: substr(hlc, 19)
      }
      const byClock = [...stamps].sort(compareHlc).map(formatHlc);
      const byText = stamps.map(formatHlc).sort();
      expect(byText).toEqual(byClock);
      for (const a of stamps) for (const b of stamps) {
        expect(Math.sign(compareHlc(a, b))).toBe(Math.sign(formatHlc(a) < formatHlc(b) ? -1 : formatHlc(a) > formatHlc(b) ? 1 : 0));
      }
    }), params);
  });

  it('resumes after its last issued stamp when the wall clock is behind it (a restart)', () => {
    const last = formatHlc({ ms: T0 + 60_000, counter: 3, device: 'aaaaaaaaaaaaaaaa' });
    const clock = new HybridClock('aaaaaaaaaaaaaaaa', { wall: () => T0, last });
    expect(formatHlc(clock.now()) > last).toBe(true);
    expect(clock.now()).toMatchObject({ ms: T0 + 60_000, counter: 5 });
  });

  it('a full counter borrows the next millisecond', () => {
    const clock = new HybridClock('bbbbbbbbbbbbbbbb', { wall: () => T0, last: { ms: T0, counter: MAX_COUNTER, device: 'bbbbbbbbbbbbbbbb' } });
    expect(clock.now()).toMatchObject({ ms: T0 + 1, counter: 0 });
  });

  it('refuses malformed stamps and device ids', () => {
    expect(() => parseHlc('0190abcdef12-0000-XYZ')).toThrow(/not a clock stamp/);
    expect(() => new HybridClock('short')).toThrow(/not a device id/);
  });
});
