// Bench: the laptop's side of sync (issue 16). `npm run bench:sync`.
//
// An embedded PostgreSQL and the server in this process (BENCH_PG=postgres://… for a real one),
// two laptops — real database files, the real core and its channels, real HTTP:
//   1. first sync: laptop A holds N firms (BENCH_SYNC_FIRMS, default 20,000 — each with an
//      address, an e-mail, a phone and a person: ~13 rows' worth of fields per firm), pushes them,
//      and a new laptop B joins and takes it all (snapshot + log) — search and list included;
//   2. round trip: A changes 1,000 fields (the website of 1,000 firms), syncs; B syncs and has
//      them (target ≤ 2 s for push + pull + apply);
//   3. contacts.create p50/p95 with the outbox (capture) on a joined laptop, beside the same
//      calls with capture off on this connection — the outbox's cost (target ≤ 20 %, p95 ≤ 5 ms).
// Wall and this process's CPU (both laptops and the server; PostgreSQL's processes are not
// counted). A table on stdout, JSON in .cache/bench-sync.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, closeDatabase } from '../main/core/db/open.ts';
import { createCore } from '../main/core/dispatcher.ts';
import { withoutCapture } from '../main/core/sync/capture.ts';
import { createInvite, createWorkspace, startSyncServer } from '../main/server/index.ts';
import { startTestPg } from '../main/server/test-pg.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const FIRMS = Number(process.env.BENCH_SYNC_FIRMS ?? 20_000);
const ROUND_TRIP_FIELDS = 1000;
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

interface Step { step: string; wall: number; cpu: number; note: string }

async function laptop(dir: string, name: string) {
  const open = await openDatabase(path.join(dir, `${name}.sqlite`), { localUserName: name });
  const core = createCore(open, { log: () => {} });
  const call = async <T = Record<string, unknown>>(channel: string, input: unknown): Promise<T> => {
    const r = await core.dispatch(channel, input);
    if (!r.envelope.ok) throw new Error(`${channel}: ${JSON.stringify(r.envelope.error)}`);
    return r.envelope.value as T;
  };
  return { open, call };
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kartoteka-bench-sync-'));
  const embedded = process.env.BENCH_PG ? null : await startTestPg();
  const server = await startSyncServer({ pg: process.env.BENCH_PG ?? await embedded!.newDatabase(), port: 0 });
  const steps: Step[] = [];
  const measure = async <T>(step: string, work: () => Promise<T>, note: (v: T) => string): Promise<T> => {
    const c0 = cpu();
    const t0 = performance.now();
    const v = await work();
    steps.push({ step, wall: (performance.now() - t0) / 1000, cpu: cpu() - c0, note: note(v) });
    return v;
  };
  let contacts: { withOutbox: { p50: number; p95: number }; withoutOutbox: { p50: number; p95: number } } | null = null;
  try {
    const a = await laptop(dir, 'A');
    const b = await laptop(dir, 'B');
    const { workspaceId, invite } = await createWorkspace(server.db, { name: 'Bench', adminName: 'A' });
    const second = await createInvite(server.db, { workspaceId, name: 'B' });

    // Laptop A's data, written through the firm channel (captured like the user's own writes).
    const ids: string[] = [];
    for (let i = 0; i < FIRMS; i++) {
      const { id } = await a.call<{ id: string }>('firms.create', {
        name: `Firma ${i} s.r.o.`, kinds: ['customer'], website: '',
        addresses: [{ kind: 'registered', street: `Husova ${i % 200}`, city: 'Hořice', postalCode: '508 01' }],
        channels: [{ kind: 'email', value: `info${i}@firma${i}.cz` }, { kind: 'phone', value: `+420 6${String(10_000_000 + i).slice(-8)}` }],
      });
      ids.push(id);
    }
    await a.call('sync.join', { url: server.url, code: invite.code });
    await measure('A: first push', () => a.call<{ pushed: number }>('sync.now', {}), (r) => `${r.pushed.toLocaleString('en')} fields`);
    await b.call('sync.join', { url: server.url, code: second.code });
    await measure(`B: first sync (${FIRMS.toLocaleString('en')} firms)`, () => b.call<{ pulled: number }>('sync.now', {}), (r) => `${r.pulled.toLocaleString('en')} fields`);
    const found = await b.call<{ rows: { id: string }[] }>('firms.list', { q: `firma ${FIRMS - 1}`, locale: 'cs' });
    if (!found.rows.some((r) => r.id === ids[FIRMS - 1])) throw new Error('B does not find the last firm after its first sync');

    // 1,000 changed fields, round trip: A writes and pushes, B pulls and applies.
    const chosen = ids.slice(0, ROUND_TRIP_FIELDS);
    const update = a.open.sqlite.prepare('UPDATE firms SET website = ? WHERE id = ?');
    a.open.sqlite.transaction(() => { for (const id of chosen) update.run(`www.${id.slice(-6)}.cz`, id); })();
    const t0 = performance.now();
    const c0 = cpu();
    await measure(`  A: sync now (sends ${ROUND_TRIP_FIELDS.toLocaleString('en')} fields)`, () => a.call<{ pushed: number }>('sync.now', {}), (r) => `${r.pushed} sent`);
    await measure('  B: sync now (receives them)', () => b.call<{ pulled: number }>('sync.now', {}), (r) => `${r.pulled} applied`);
    steps.push({ step: `round trip of ${ROUND_TRIP_FIELDS.toLocaleString('en')} fields (target ≤ 2 s)`, wall: (performance.now() - t0) / 1000, cpu: cpu() - c0, note: '' });
    const w = b.open.sqlite.prepare('SELECT website FROM firms WHERE id = ?').pluck().get(chosen[0]!) as string;
    if (!w.startsWith('www.')) throw new Error('B does not have the round trip\'s change');

    // contacts.create with and without the outbox (the same connection, the same firms).
    const kinds = await a.call<{ id: string; list: string }[]>('codes.list', {});
    const kindId = kinds.find((k) => k.list === 'contact_kind')!.id;
    const referentId = (await a.call<{ localUserId: string }>('app.info', {})).localUserId;
    const times = async (n: number) => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) {
        const t0 = performance.now();
        await a.call('contacts.create', { firmId: ids[i % ids.length], kindId, referentId, at: Date.now(), summary: `Hovor ${i}`, status: 'done' });
        out.push(performance.now() - t0);
      }
      out.sort((x, y) => x - y);
      return { p50: pct(out, 50), p95: pct(out, 95) };
    };
    await times(200); // warm
    const withOutbox = await times(1000);
    const withoutOutbox = await withoutCapture(a.open.sqlite, () => times(1000));
    contacts = { withOutbox, withoutOutbox };
    await closeDatabase(a.open);
    await closeDatabase(b.open);
  } finally {
    await server.close();
    await embedded?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`sync, ${FIRMS.toLocaleString('en')} firms, embedded PostgreSQL, real HTTP; machine: ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(2)}`);
  console.log(`${'step'.padEnd(52)} ${'wall s'.padStart(8)} ${'CPU s'.padStart(8)}  note`);
  for (const s of steps) console.log(`${s.step.padEnd(52)} ${s.wall.toFixed(2).padStart(8)} ${s.cpu.toFixed(2).padStart(8)}  ${s.note}`);
  if (contacts) {
    const extra = (contacts.withOutbox.p50 / contacts.withoutOutbox.p50 - 1) * 100;
    console.log(`contacts.create p50/p95: ${contacts.withOutbox.p50.toFixed(2)}/${contacts.withOutbox.p95.toFixed(2)} ms with the outbox, `
      + `${contacts.withoutOutbox.p50.toFixed(2)}/${contacts.withoutOutbox.p95.toFixed(2)} ms without (${extra >= 0 ? '+' : ''}${extra.toFixed(0)} % at p50; target ≤ 20 %, p95 ≤ 5 ms)`);
  }
  fs.mkdirSync(path.join(ROOT, '.cache'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, '.cache', 'bench-sync.json'), JSON.stringify({ at: new Date().toISOString(), firms: FIRMS, steps, contacts, load1: os.loadavg()[0] }, null, 2));
}

await main();
