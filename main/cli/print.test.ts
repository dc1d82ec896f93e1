// `kartoteka print` as a process: real PDFs through Chromium, read back with pdfjs-dist; skipped
// records on stderr; clear errors and exit codes for what cannot be printed. The CLI is handed the
// tests' browser as CHROMIUM_PATH (with the environment it needs): it never looks for the dev
// dependency's browser itself.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../core/test-helpers.ts';
import { openDatabase, closeDatabase } from '../core/db/open.ts';
import { createCore } from '../core/dispatcher.ts';
import { NOW, seed } from '../core/printing/test-fixture.ts';
import { testBrowser } from '../core/test-browser.ts';
import { readPdf } from '../core/test-pdf.ts';
import { runCli } from './test-run.ts';

const dir = tempDir();
const db = path.join(dir, 'print.sqlite');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let browserEnv: Record<string, string> = {};

const run = (args: string[], env: Record<string, string> = {}) => runCli(dir, ['--db', db, ...args], { ...browserEnv, ...env });
const text = async (pdf: string) => (await readPdf(pdf)).text;
const pages = async (pdf: string) => (await readPdf(pdf)).pages.length;

beforeAll(async () => {
  const browser = await testBrowser();
  browserEnv = { ...browser.env, CHROMIUM_PATH: browser.executablePath };
  const open = await openDatabase(db, { localUserName: 'Eva Testová' });
  const core = createCore(open, { now: () => NOW });
  const call = async (channel: string, input: unknown) => {
    const { envelope } = await core.dispatch(channel, input);
    if (!envelope.ok) throw new Error(`${channel}: ${JSON.stringify(envelope.error)}`);
    return envelope.value as any;
  };
  const code = (list: string, c: string) => (open.sqlite.prepare('SELECT id FROM codes WHERE list = ? AND code = ?').get(list, c) as { id: string }).id;
  await seed(call, code, open.localUserId);
  await closeDatabase(open);
}, 60_000);

describe('kartoteka print', () => {
  it('prints serial letters to a segment, listing the skipped records and those written to in a language not theirs on stderr', async () => {
    const out = path.join(dir, 'dopisy.pdf');
    const r = run(['print', 'letters', '--template', 'dopis (česky)', '--segment', 'odběratelé', '--date', '2026-11-29', '--out', out]);
    // The Czech template has no Hungarian or Russian version.
    expect(r.err).toBe('skipped (no postal address): Bez Adresy a.s.\n'
      + 'language not theirs (HU: hu wanted, cs printed): Győző Szűts (Kővágó Műszaki Kft.)\n'
      + 'language not theirs (RU: ru wanted, cs printed): Иван Сидоров (ООО «Ромашка»)\n');
    expect(r.code).toBe(0);
    expect(r.out).toBe(`Printed 4 letters to ${out} (1 skipped).\n`);
    expect(await pages(out)).toBe(4);
    const s = await text(out);
    for (const x of ['Vážený pane Dvořáku', 'Győző Szűts', 'Иван Сидоров', '<b>X</b>']) expect(s, x).toContain(x);
  }, 180_000);

  it('prints a brief by IČO and a label sheet by its grid', async () => {
    const brief = path.join(dir, 'brief.pdf');
    const r = run(['print', 'brief', '--firm', '25596641', '--locale', 'en', '--out', brief]);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(await text(brief)).toContain('Meeting brief');
    const labels = path.join(dir, 'labels.pdf');
    const l = run(['print', 'labels', '--format', '3x8', '--start', '23', '--segment', 'Odběratelé', '--out', labels]);
    expect(l.code).toBe(0);
    // Starting at label 23 of 24: two on the first sheet, two on the next.
    expect(await pages(labels)).toBe(2);
  }, 180_000);

  it('refuses clearly: unknown names, bad options, no browser', () => {
    const out = path.join(dir, 'x.pdf');
    const unknown = run(['print', 'letters', '--template', 'Neznámá', '--firm', '25596641', '--out', out]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('no letter template named "Neznámá"');
    expect(run(['print', 'envelopes', '--size', 'B4', '--firm', '25596641', '--out', out]).err).toContain('--size must be one of DL, C5, C4');
    expect(run(['print', 'labels', '--format', '3x8', '--start', '30', '--firm', '25596641', '--out', out]).err).toContain('--start must be');
    expect(run(['print', 'envelopes', '--firm', 'Bez Adresy a.s.', '--out', out]).err).toContain('nothing to print');
    const none = run(['print', 'brief', '--firm', '25596641', '--out', out], { CHROMIUM_PATH: '/nowhere/chromium' });
    expect(none.code).toBe(1);
    expect(none.err).toContain('No Chromium or Chrome found');
    expect(fs.existsSync(out)).toBe(false);
  }, 180_000);
});
