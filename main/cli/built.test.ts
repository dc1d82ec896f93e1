// The bundled CLI (dist/cli/, what bin/kartoteka.mjs runs) and its browser host, started as
// processes: they answer. No timing here — start-up speed is measured by bench/startup.ts.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, tempDir } from '../core/test-helpers.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BUNDLE = path.join(ROOT, 'dist', 'cli', 'kartoteka.mjs');
const BIN = path.join(ROOT, 'bin', 'kartoteka.mjs');
const dir = tempDir();
const db = path.join(dir, 'built.sqlite');
const env = { ...process.env, KARTOTEKA_HOME: dir, LANG: 'cs_CZ.UTF-8', LC_ALL: '' };

/** Runs the bundle itself (not bin/, which could fall back to the sources), from a file: a
 * `node -e` would hand its flags on to the worker thread. */
const RUNNER = path.join(dir, 'run-bundle.mjs');
fs.writeFileSync(RUNNER, `const { main } = await import(${JSON.stringify(pathToFileURL(BUNDLE).href)});\nprocess.exitCode = await main(process.argv.slice(2));\n`);
const bundled = (...args: string[]) => [RUNNER, ...args];
const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, bundled(...args), { encoding: 'utf8', env, cwd: dir });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

beforeAll(async () => {
  // What `npm test` has built already; built here when this file runs alone on a fresh clone.
  const { buildCli, cliIsStale } = await import(pathToFileURL(path.join(ROOT, 'scripts', 'build-electron.mjs')).href) as {
    buildCli(): Promise<unknown>; cliIsStale(): boolean;
  };
  if (cliIsStale()) await buildCli();
  if (!fs.existsSync(path.join(ROOT, 'dist', 'renderer', 'index.html'))) {
    spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  }
}, 180_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the built CLI', () => {
  it('is a bundle: the CLI and its worker, with the heavy libraries in chunks of their own', () => {
    expect(fs.existsSync(BUNDLE)).toBe(true);
    expect(fs.existsSync(path.join(ROOT, 'dist', 'cli', 'db-worker.mjs'))).toBe(true);
    // --help needs only the entry: it imports nothing but the code every command shares.
    const entry = fs.readFileSync(BUNDLE, 'utf8');
    expect(entry).not.toMatch(/from ["']exceljs["']|ExcelJS/);
  });

  it('answers --help and bad arguments', () => {
    const help = run('--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('Usage: kartoteka');
    expect(help.out).toContain('--verbose');
    expect(run('--frobnicate')).toMatchObject({ code: 2, err: expect.stringContaining("Unknown option '--frobnicate'") });
    // bin/ runs the same bundle
    const viaBin = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8', env });
    expect(viaBin.stdout).toBe(help.out);
  });

  it('fills a database and finds in it (JSON as firms.list)', () => {
    const demo = run('--db', db, 'demo', '--firms', '30', '--seed', '3');
    expect(demo.code, demo.err).toBe(0);
    const found = run('--db', db, 'find', 'a', '--json', '--limit', '5');
    expect(found.code, found.err).toBe(0);
    const list = JSON.parse(found.out) as { total: number; offset: number; rows: { id: string; name: string }[] };
    expect(list.total).toBeGreaterThan(0);
    expect(list.offset).toBe(0);
    expect(list.rows.length).toBe(Math.min(5, list.total));
  });

  it('serves the app: the URL, then firms.list over HTTP with the token from the bundled worker', async () => {
    const serve = await startServe([...bundled('--db', db, 'serve')], { env, cwd: dir });
    try {
      const call = async (channel: string, input: unknown, token?: string) => {
        const res = await serve.rpc(channel, input, token);
        return { status: res.status, body: res.status === 200 ? await res.json() as { ok: boolean; value: { total: number; rows: unknown[] } } : null };
      };
      const first = await call('firms.list', { locale: 'cs', limit: 100 });
      expect(first.status).toBe(200);
      expect(first.body!.ok).toBe(true);
      expect(first.body!.value.total).toBe(30);
      expect(first.body!.value.rows).toHaveLength(30);
      const search = await call('firms.list', { locale: 'cs', q: 'a', limit: 5 });
      expect(search.body!.ok).toBe(true);
      expect((await call('firms.list', { locale: 'cs' }, 'wrong')).status).toBe(403);
      expect((await fetch(serve.url)).status).toBe(200); // the page itself
    } finally {
      expect(await serve.stop()).toBe(0);
    }
  });
});
