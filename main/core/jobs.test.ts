// Long work reports progress and stops when cancelled, having written nothing — through the
// dispatcher on a real file, and through the database worker, where the cancel is a second
// message that must be read while the first request still runs.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCore, tempDir, type TestCore } from './test-helpers.ts';
import { generateDemo } from './demo/generate.ts';
import { createCore, type Core } from './dispatcher.ts';
import { Jobs } from './jobs.ts';
import { DbClient } from './db/client.ts';
import type { ProgressEvent } from '../../shared/contract.ts';

const FIRMS = 1200;

describe('Jobs', () => {
  it('reports the first step, is cancelled at its next step, and refuses a job cancelled before it started', async () => {
    const seen: ProgressEvent[] = [];
    const jobs = new Jobs((e) => seen.push(e));
    const a = jobs.start('job-aaaaaaaa');
    await a.step(0, 10);
    expect(seen).toEqual([{ job: 'job-aaaaaaaa', done: 0, total: 10 }]);
    expect(jobs.cancel('job-aaaaaaaa')).toBe(true);
    await expect(a.step(1, 10)).rejects.toMatchObject({ data: { code: 'cancelled', messageKey: 'errors.cancelled' } });
    a.end();

    // Not running yet: false now, and the job stops at its first step when it starts.
    expect(jobs.cancel('job-bbbbbbbb')).toBe(false);
    const b = jobs.start('job-bbbbbbbb');
    await expect(b.step(0, 5)).rejects.toMatchObject({ data: { code: 'cancelled' } });
    b.end();
    // The early cancel was used up: the same id runs again.
    const again = jobs.start('job-bbbbbbbb');
    await again.step(0, 5);
    again.end();

    // The last step is always reported, however soon after the previous one.
    const c = jobs.start('job-cccccccc');
    seen.length = 0;
    await c.step(0, 2);
    await c.step(1, 2);
    await c.step(2, 2);
    expect(seen[0]).toEqual({ job: 'job-cccccccc', done: 0, total: 2 });
    expect(seen.at(-1)).toEqual({ job: 'job-cccccccc', done: 2, total: 2 });
  });
});

describe('long work through the dispatcher', () => {
  let t: TestCore;
  let core: Core;
  let events: ProgressEvent[];
  let selectionId: string;
  let templateId: string;

  beforeAll(async () => {
    t = await openTestCore();
    await generateDemo(t.open, { firms: FIRMS, seed: 11, now: Date.UTC(2026, 5, 1) });
    events = [];
    core = createCore(t.open, { onProgress: (e) => events.push(e) });
    selectionId = (await call('selections.save', { name: 'Všechny', recipients: 'firms', columns: ['firmName', 'ico'], format: 'csv' }) as { id: string }).id;
    templateId = (await call('templates.save', {
      name: 'Nabídka', language: 'cs', style: 'formal', subject: 'Nabídka', body: '{{salutation}}\n\nnabízíme {{firmName}}…', closing: '',
    }) as { id: string }).id;
  }, 120_000);
  afterAll(async () => { await t.close(); });

  async function call(channel: string, input: unknown): Promise<unknown> {
    const r = await core.dispatch(channel, input);
    if (!r.envelope.ok) throw new Error(JSON.stringify(r.envelope.error));
    return r.envelope.value;
  }
  const of = (job: string) => events.filter((e) => e.job === job);
  const exportLog = () => t.count('export_log');

  it('an export counts its rows up to the last one', async () => {
    const res = await call('exports.run', { selectionId, columns: ['firmName', 'ico'], format: 'csv', locale: 'cs', job: 'export-1234' }) as { rows: number };
    const seen = of('export-1234');
    expect(res.rows).toBeGreaterThan(1000);
    expect(seen[0]).toEqual({ job: 'export-1234', done: 0, total: res.rows });
    expect(seen.at(-1)).toEqual({ job: 'export-1234', done: res.rows, total: res.rows });
    // Never backwards.
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.done).toBeGreaterThanOrEqual(seen[i - 1]!.done);
  });

  it('a cancelled export answers errors.cancelled and leaves no log entry', async () => {
    const before = exportLog();
    const running = core.dispatch('exports.run', { selectionId, columns: ['firmName', 'ico'], format: 'xlsx', locale: 'cs', job: 'export-cancel' });
    const cancel = await core.dispatch('jobs.cancel', { job: 'export-cancel' });
    expect(cancel.envelope).toEqual({ ok: true, value: { cancelled: true } });
    const { envelope, changed } = await running;
    expect(envelope).toEqual({ ok: false, error: { code: 'cancelled', messageKey: 'errors.cancelled' } });
    expect(changed).toEqual([]);
    expect(exportLog()).toBe(before);
    // Nothing of it stays behind: the next export of the same selection runs and is logged.
    await call('exports.run', { selectionId, columns: ['firmName'], format: 'csv', locale: 'cs' });
    expect(exportLog()).toBe(before + 1);
  });

  it('serial letters count the recipients loaded; cancelled, they stop', async () => {
    const doc = await call('print.letters', { templateId, target: { from: 'selection', selectionId }, locale: 'cs', job: 'letters-1234' }) as { count: number; skipped: unknown[] };
    const seen = of('letters-1234');
    const total = doc.count + doc.skipped.length;
    expect(seen[0]).toEqual({ job: 'letters-1234', done: 0, total });
    expect(seen.at(-1)).toEqual({ job: 'letters-1234', done: total, total });

    const running = core.dispatch('print.letters', { templateId, target: { from: 'selection', selectionId }, locale: 'cs', job: 'letters-cancel' });
    await core.dispatch('jobs.cancel', { job: 'letters-cancel' });
    expect((await running).envelope).toMatchObject({ ok: false, error: { code: 'cancelled' } });
  });

  it('labels and envelopes count as letters do', async () => {
    const formatId = ((await call('labelFormats.list', {})) as { id: string }[])[0]!.id;
    await call('print.labels', { formatId, target: { from: 'selection', selectionId }, locale: 'hu', job: 'labels-1234' });
    expect(of('labels-1234').at(-1)).toMatchObject({ done: expect.any(Number) });
    expect(of('labels-1234').at(-1)!.done).toBe(of('labels-1234').at(-1)!.total);
    await call('print.envelopes', { target: { from: 'selection', selectionId }, locale: 'ru', job: 'envelopes-1234' });
    expect(of('envelopes-1234').length).toBeGreaterThanOrEqual(2);
  });

  it('the duplicate scan reports its phases; cancelled, it stops', async () => {
    await call('duplicates.scan', { entity: 'firm', job: 'scan-firm-1' });
    expect(of('scan-firm-1').map((e) => e.done)).toEqual([0, 1, 2, 3, 4, 5]);
    await call('duplicates.scan', { entity: 'person', job: 'scan-person-1' });
    expect(of('scan-person-1').map((e) => e.done)).toEqual([0, 1, 2, 3, 4]);

    const running = core.dispatch('duplicates.scan', { entity: 'firm', job: 'scan-cancel' });
    await core.dispatch('jobs.cancel', { job: 'scan-cancel' });
    expect((await running).envelope).toMatchObject({ ok: false, error: { code: 'cancelled' } });
  });

  it('refuses a malformed job id, naming the field; a cancel of no job says so', async () => {
    const bad = await core.dispatch('exports.run', { selectionId, columns: ['firmName'], format: 'csv', job: 'x' });
    expect(bad.envelope).toMatchObject({ ok: false, error: { code: 'validation', field: 'job' } });
    const odd = await core.dispatch('jobs.cancel', { job: '../../etc' });
    expect(odd.envelope).toMatchObject({ ok: false, error: { code: 'validation', field: 'job' } });
    expect((await core.dispatch('jobs.cancel', { job: 'nothing-runs' })).envelope).toEqual({ ok: true, value: { cancelled: false } });
  });
});

describe('long work through the database worker', () => {
  it('reports progress as messages, and a cancel sent right after the request stops it', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'k.sqlite');
    const seeded = await openTestCore();
    await generateDemo(seeded.open, { firms: FIRMS, seed: 12, now: Date.UTC(2026, 5, 1) });
    seeded.open.sqlite.exec(`VACUUM INTO '${file.replace(/'/g, "''")}'`);
    await seeded.close();
    const c = await DbClient.open({ dbPath: file });
    try {
      const seen: ProgressEvent[] = [];
      c.onProgress((e) => seen.push(e));
      const selection = await c.invoke('selections.save', { name: 'Vše', recipients: 'firms', columns: ['firmName'], format: 'csv' });
      expect(selection.ok).toBe(true);
      const selectionId = (selection as { value: { id: string } }).value.id;

      const done = await c.invoke('exports.run', { selectionId, columns: ['firmName'], format: 'csv', locale: 'cs', job: 'worker-export' });
      expect(done).toMatchObject({ ok: true });
      const rows = (done as { value: { rows: number } }).value.rows;
      expect(seen.filter((e) => e.job === 'worker-export').at(-1)).toEqual({ job: 'worker-export', done: rows, total: rows });

      // Two messages in a row: the worker reads the cancel while the export waits at a step.
      const running = c.invoke('exports.run', { selectionId, columns: ['firmName'], format: 'csv', locale: 'cs', job: 'worker-cancel' });
      const cancel = c.invoke('jobs.cancel', { job: 'worker-cancel' });
      expect(await running).toEqual({ ok: false, error: { code: 'cancelled', messageKey: 'errors.cancelled' } });
      expect((await cancel).ok).toBe(true);
      // The worker goes on answering.
      expect(await c.invoke('exports.log', {})).toMatchObject({ ok: true, value: [{ rows }] });
    } finally {
      await c.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
