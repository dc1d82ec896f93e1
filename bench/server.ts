// Bench: the sync server under 50 pushing laptops (issue 16: ≤ 200 ms p95 per push of 100
// changes on one PostgreSQL). `npm run bench:server`.
//
// An embedded PostgreSQL (main/server/test-pg.ts; or BENCH_PG=postgres://… for a real one) and
// the server in this process; 50 devices of one workspace — the worst case, since pushes to a
// workspace take turns — each push 100 field changes (firm names, phones, contacts' notes) over
// HTTP: first all 50 at the same instant, for several rounds (a burst), then steadily, each
// device once every few seconds at a moment of its own; then a new laptop takes the snapshot and
// pulls the whole log. Per round: wall, p50/p95/max per push, and this process's CPU (the server
// and the 50 clients; PostgreSQL's own processes are not counted). A table on stdout, JSON in
// .cache/bench-server.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { createInvite, createWorkspace, startSyncServer } from '../main/server/index.ts';
import { startTestPg } from '../main/server/test-pg.ts';
import type { Change, JoinResponse, PullResponse, SnapshotResponse } from '../shared/sync.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const CACHE_DIR = path.join(ROOT, '.cache');
const DEVICES = Number(process.env.BENCH_SERVER_DEVICES ?? 50);
const CHANGES = 100;
const ROUNDS = Number(process.env.BENCH_SERVER_ROUNDS ?? 5);
const TARGET_P95_MS = 200;
const STEADY_EVERY_MS = Number(process.env.BENCH_SERVER_EVERY_MS ?? 3000);

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };

interface Round { round: string; pushes: number; wall: number; cpu: number; p50: number; p95: number; max: number }

async function main(): Promise<void> {
  const embedded = process.env.BENCH_PG ? null : await startTestPg();
  const url = process.env.BENCH_PG ?? await embedded!.newDatabase();
  // As many connections as laptops pushing at once would want; they queue for the workspace lock.
  const server = await startSyncServer({ pg: url, port: 0, poolSize: 20 });
  const rounds: Round[] = [];
  try {
    const { workspaceId } = await createWorkspace(server.db, { name: 'Bench', adminName: 'Admin' });
    const devices = await Promise.all(Array.from({ length: DEVICES }, async (_, d) => {
      const { code } = await createInvite(server.db, { workspaceId, name: `Colleague ${d}` });
      const deviceId = (0xd000000000000000n + BigInt(d)).toString(16);
      const r = await fetch(`${server.url}/v1/join`, { method: 'POST', body: JSON.stringify({ code, deviceName: `laptop ${d}`, deviceId }) });
      return { deviceId, token: ((await r.json()) as JoinResponse).token };
    }));
    const post = async (token: string, changes: Change[]) => {
      const t0 = performance.now();
      const r = await fetch(`${server.url}/v1/push`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: JSON.stringify({ batch: randomUUID(), changes }) });
      if (r.status !== 200) throw new Error(`push: ${r.status} ${await r.text()}`);
      await r.arrayBuffer();
      return performance.now() - t0;
    };
    const batchOf = (dev: { deviceId: string }, d: number, round: number): Change[] => {
      const wall = Date.now();
      return Array.from({ length: CHANGES }, (_, i): Change => {
        const kind = i % 3;
        const row = `firm-${d}-${(round * 37 + i) % 400}`;
        return {
          tbl: kind === 2 ? 'contacts' : 'firms', row, col: kind === 0 ? 'name' : kind === 1 ? 'phone' : 'note',
          val: kind === 1 ? 600_000_000 + i : `Pekárna Novák ${d}/${round}/${i} — poznámka k zakázce`,
          hlc: `${(wall + i).toString(16).padStart(12, '0')}-${round.toString(16).padStart(4, '0')}-${dev.deviceId}`,
        };
      });
    };
    const record = (round: string, times: number[], wall: number, cpuS: number) => {
      const sorted = times.sort((a, b) => a - b);
      rounds.push({ round, pushes: times.length, wall, cpu: cpuS, p50: pct(sorted, 50), p95: pct(sorted, 95), max: sorted.at(-1)! });
    };
    // Burst: all 50 at the same instant (after a network outage, or the office's morning).
    for (let round = 0; round < ROUNDS; round++) {
      const batches = devices.map((dev, d) => batchOf(dev, d, round));
      const c0 = cpu();
      const t0 = performance.now();
      const times = await Promise.all(devices.map((dev, d) => post(dev.token, batches[d]!)));
      record(`burst round ${round + 1}`, times, (performance.now() - t0) / 1000, cpu() - c0);
    }
    // Steady: each device pushes once every STEADY_EVERY_MS at its own moment, ROUNDS times —
    // 50 laptops syncing as they work.
    {
      const c0 = cpu();
      const t0 = performance.now();
      const times = (await Promise.all(devices.map(async (dev, d) => {
        const mine: number[] = [];
        for (let round = ROUNDS; round < 2 * ROUNDS; round++) {
          await new Promise((resolve) => setTimeout(resolve, Math.random() * STEADY_EVERY_MS));
          mine.push(await post(dev.token, batchOf(dev, d, round)));
        }
        return mine;
      }))).flat();
      record(`steady, 1 per ${STEADY_EVERY_MS / 1000} s each`, times, (performance.now() - t0) / 1000, cpu() - c0);
    }
    // A new laptop: the snapshot, then the whole log, in pages of 5,000.
    const reader = devices[0]!.token;
    const get = async (p: string) => (await fetch(`${server.url}${p}`, { headers: { authorization: `Bearer ${reader}` } })).json();
    let c0 = cpu();
    let t0 = performance.now();
    let fields = 0;
    for (let after = ''; ;) {
      const page = await get(`/v1/snapshot?limit=5000&after=${encodeURIComponent(after)}`) as SnapshotResponse;
      fields += page.changes.length;
      if (!page.next) break;
      after = page.next;
    }
    const snapWall = (performance.now() - t0) / 1000;
    const snapCpu = cpu() - c0;
    c0 = cpu();
    t0 = performance.now();
    let pulled = 0;
    for (let cursor = '0'; ;) {
      const page = await get(`/v1/pull?limit=5000&after=${cursor}`) as PullResponse;
      pulled += page.changes.length;
      cursor = page.cursor;
      if (!page.more) break;
    }
    const pullWall = (performance.now() - t0) / 1000;
    const pullCpu = cpu() - c0;
    if (pulled !== DEVICES * CHANGES * ROUNDS * 2) throw new Error(`pulled ${pulled} changes, expected ${DEVICES * CHANGES * ROUNDS * 2}`);

    const worst = Math.max(...rounds.filter((r) => r.round.startsWith('burst')).map((r) => r.p95));
    const steady = rounds.at(-1)!.p95;
    console.log(`sync server: ${DEVICES} devices of one workspace pushing ${CHANGES} changes at a time — ${ROUNDS} rounds all at once, then ${ROUNDS} each steadily — on ${embedded ? 'an embedded' : 'the given'} PostgreSQL:`);
    console.log(`${'step'.padEnd(24)} ${'pushes'.padStart(7)} ${'wall s'.padStart(8)} ${'CPU s'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'max ms'.padStart(8)}`);
    for (const r of rounds) console.log(`${r.round.padEnd(24)} ${String(r.pushes).padStart(7)} ${r.wall.toFixed(2).padStart(8)} ${r.cpu.toFixed(2).padStart(7)} ${r.p50.toFixed(0).padStart(8)} ${r.p95.toFixed(0).padStart(8)} ${r.max.toFixed(0).padStart(8)}`);
    console.log(`${'snapshot (new laptop)'.padEnd(24)} ${String(fields).padStart(7)} ${snapWall.toFixed(2).padStart(8)} ${snapCpu.toFixed(2).padStart(7)}   (fields)`);
    console.log(`${'pull whole log'.padEnd(24)} ${String(pulled).padStart(7)} ${pullWall.toFixed(2).padStart(8)} ${pullCpu.toFixed(2).padStart(7)}   (changes)`);
    console.log(`p95 per push, steady: ${steady.toFixed(0)} ms (target ≤ ${TARGET_P95_MS} ms: ${steady <= TARGET_P95_MS ? 'met' : 'NOT met'}); worst burst of all ${DEVICES} at once: ${worst.toFixed(0)} ms; machine: ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(2)}`);
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    fs.writeFileSync(path.join(CACHE_DIR, 'bench-server.json'), JSON.stringify({
      at: new Date().toISOString(), devices: DEVICES, changesPerPush: CHANGES, rounds, snapshot: { fields, wall: snapWall, cpu: snapCpu },
      pull: { changes: pulled, wall: pullWall, cpu: pullCpu }, steadyEveryMs: STEADY_EVERY_MS, steadyP95Ms: steady, worstBurstP95Ms: worst,
      targetP95Ms: TARGET_P95_MS, targetMet: steady <= TARGET_P95_MS,
      cores: os.cpus().length, load1: os.loadavg()[0],
    }, null, 2));
  } finally {
    await server.close();
    await embedded?.stop();
  }
}

await main();
