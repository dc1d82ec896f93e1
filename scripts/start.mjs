#!/usr/bin/env node
// `npm start`: build the UI if it is missing or stale, then open the desktop app — or, where
// the Electron binary is not installed (it is downloaded by electron's postinstall, which needs
// internet access), serve the very same UI to the browser on 127.0.0.1 instead.
//
//   npm start [-- --db PATH] [-- --port P] [-- --browser]
//
// Extra arguments go to the app (`--db`) or to `kartoteka serve` (`--db`, `--port`);
// `--browser` skips Electron even when it is available. Nothing here ever downloads anything:
// we never `require('electron')`, whose entry point would try to fetch the binary.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RENDERER_INDEX = path.join(ROOT, 'dist', 'renderer', 'index.html');
/** What the renderer build is made from. */
const RENDERER_SOURCES = ['renderer', 'shared', 'vite.config.ts', 'package.json'];

function newestMtime(entry) {
  const abs = path.join(ROOT, entry);
  if (!fs.existsSync(abs)) return 0;
  const stat = fs.statSync(abs);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file changes its folder's mtime
  for (const rel of fs.readdirSync(abs, { recursive: true })) {
    const s = fs.statSync(path.join(abs, String(rel)));
    if (s.mtimeMs > newest) newest = s.mtimeMs;
  }
  return newest;
}

export function rendererIsStale() {
  if (!fs.existsSync(RENDERER_INDEX)) return true;
  const built = fs.statSync(RENDERER_INDEX).mtimeMs;
  return RENDERER_SOURCES.some((entry) => newestMtime(entry) > built);
}

function buildRenderer() {
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!fs.existsSync(vite)) fail('vite is not installed. Run "npm install" first.');
  process.stdout.write('Building the user interface…\n');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) fail('the user interface did not build (see above).');
}

/** The Electron executable if it was installed: node_modules/electron/path.txt names it,
 * relative to node_modules/electron/dist (ELECTRON_OVERRIDE_DIST_PATH replaces that folder,
 * as in electron's own entry point). */
export function electronBinary(root = ROOT, env = process.env) {
  const pkg = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  const name = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : '';
  const distDir = env.ELECTRON_OVERRIDE_DIST_PATH || path.join(pkg, 'dist');
  if (!name && !env.ELECTRON_OVERRIDE_DIST_PATH) return null;
  const bin = path.join(distDir, name || 'electron');
  return fs.existsSync(bin) ? bin : null;
}

/** Node for the CLI: it needs 24; the project pins it in node_modules/.bin. */
function nodeForCli() {
  if (Number(process.versions.node.split('.')[0]) >= 24) return process.execPath;
  const pinned = process.platform === 'win32' ? null : path.join(ROOT, 'node_modules', 'node', 'bin', 'node');
  if (pinned && fs.existsSync(pinned)) return pinned;
  fail(`the browser UI needs Node 24 or newer (this is ${process.version}). Run "npm start" inside the project.`);
}

function fail(message) {
  process.stderr.write(`kartoteka: ${message}\n`);
  process.exit(1);
}

/** Runs a child to completion, passing stop signals on. Ctrl+C in a terminal already reaches
 * the child (same process group), so SIGINT is forwarded only when there is no terminal. */
function run(command, args, options = {}) {
  const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit', ...options });
  const forward = (signal) => () => {
    if (signal === 'SIGINT' && process.stdin.isTTY) return;
    if (child.exitCode === null) child.kill(signal);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, forward(signal));
  child.on('error', (e) => fail(`cannot start ${path.basename(command)}: ${e.message}`));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

/** Electron 45 fetches its binary on first use, not at install: do that once, with its own
 * installer, and fall back to the browser if it fails (offline, or a machine like our build
 * machines that reaches only the npm registry — there it fails at once). */
function installElectron() {
  const installer = path.join(ROOT, 'node_modules', 'electron', 'install.js');
  if (!fs.existsSync(installer)) return null;
  process.stdout.write('Fetching the Electron runtime (first start only)…\n');
  const result = spawnSync(process.execPath, [installer], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], timeout: 300_000 });
  if (result.status !== 0) return null;
  return electronBinary();
}

async function main(argv) {
  const forceBrowser = argv.includes('--browser');
  const args = argv.filter((a) => a !== '--browser');

  if (rendererIsStale()) buildRenderer();

  const electron = forceBrowser ? null : (electronBinary() ?? installElectron());
  if (electron) {
    const { buildElectron } = await import('./build-electron.mjs');
    try {
      await buildElectron({ quiet: true });
    } catch (e) {
      fail(e instanceof Error ? e.message : String(e));
    }
    const env = { ...process.env };
    delete env.ELECTRON_RUN_AS_NODE; // would turn the app into a plain Node process
    run(electron, [ROOT, ...args], { env });
    return;
  }

  if (!forceBrowser) {
    process.stdout.write('Electron is not available on this machine (its binary could not be downloaded); starting the same UI in your browser instead.\n');
  }
  // bin/kartoteka.mjs runs the bundled CLI (dist/cli/), rebuilding it first when it is stale.
  run(nodeForCli(), [path.join(ROOT, 'bin', 'kartoteka.mjs'), 'serve', ...args]);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main(process.argv.slice(2));
}
