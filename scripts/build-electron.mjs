#!/usr/bin/env node
// Bundles the desktop shell with esbuild into dist/electron/:
//   main.cjs       the main process      (main/electron/main.ts; CommonJS, node)
//   preload.cjs    the window's preload  (main/electron/preload.ts; ONE CommonJS file: a sandboxed
//                  preload may require only `electron` and a few built-ins, so the contract and
//                  zod are inlined and anything else is a build error)
//   db-worker.mjs  the database worker   (main/core/db/worker.ts; ESM, node)
// `electron` and the native `better-sqlite3` stay external. The renderer is built by vite.
//
//   node scripts/build-electron.mjs [--out DIR]   (npm run build:electron; default dist/electron)
//   import { buildElectron } from './build-electron.mjs'   (scripts/start.mjs)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const OUT_DIR = path.join(ROOT, 'dist', 'electron');

const ENTRIES = {
  main: 'main/electron/main.ts',
  preload: 'main/electron/preload.ts',
  worker: 'main/core/db/worker.ts',
};

/** Built-ins a sandboxed preload may `require` (Electron's sandbox docs). */
const SANDBOX_REQUIRABLE = new Set(['electron', 'events', 'timers', 'url']);

const common = {
  absWorkingDir: ROOT,
  bundle: true,
  target: 'es2023',
  sourcemap: 'linked',
  logLevel: 'warning',
  metafile: true,
  charset: 'utf8',
  legalComments: 'eof',
};

const OUTPUTS = ['main.cjs', 'preload.cjs', 'db-worker.mjs'];

export async function buildElectron({ outDir = OUT_DIR, quiet = false } = {}) {
  const missing = Object.values(ENTRIES).filter((file) => !fs.existsSync(path.join(ROOT, file)));
  if (missing.length) {
    throw new Error(`cannot build the desktop app: ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing`);
  }
  outDir = path.resolve(outDir);
  fs.mkdirSync(outDir, { recursive: true });
  // Only our own outputs are replaced; whatever else lives in outDir is left alone.
  for (const f of OUTPUTS) for (const g of [f, `${f}.map`]) fs.rmSync(path.join(outDir, g), { force: true });
  const started = Date.now();

  const [main, preload, worker] = await Promise.all([
    build({
      ...common,
      entryPoints: [ENTRIES.main],
      outfile: path.join(outDir, 'main.cjs'),
      platform: 'node',
      format: 'cjs',
      external: ['electron', 'better-sqlite3'],
      // The core's ESM code asks for import.meta.url (e.g. DbClient's default worker path):
      // give the CommonJS bundle the real one instead of esbuild's empty stand-in.
      define: { 'import.meta.url': '__kartotekaImportMetaUrl' },
      banner: { js: `const __kartotekaImportMetaUrl = require('node:url').pathToFileURL(__filename).href;` },
    }),
    build({
      ...common,
      entryPoints: [ENTRIES.preload],
      outfile: path.join(outDir, 'preload.cjs'),
      // 'browser': a Node built-in import fails the build instead of failing in the sandbox.
      platform: 'browser',
      format: 'cjs',
      external: ['electron'],
      // Parsed on every page load; the linked source map keeps stack traces readable.
      minify: true,
    }),
    build({
      ...common,
      entryPoints: [ENTRIES.worker],
      outfile: path.join(outDir, 'db-worker.mjs'),
      platform: 'node',
      format: 'esm',
      external: ['better-sqlite3'],
      // Bundled CommonJS dependencies may call require(); give the ESM bundle a real one.
      banner: { js: `import { createRequire as __kartotekaCreateRequire } from 'node:module';\nconst require = __kartotekaCreateRequire(import.meta.url);` },
    }),
  ]);

  // The preload must stay one self-contained file: its only imports may be sandbox-requirable.
  const preloadImports = Object.values(preload.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path));
  const forbidden = preloadImports.filter((p) => !SANDBOX_REQUIRABLE.has(p));
  if (forbidden.length) throw new Error(`preload.cjs requires ${forbidden.join(', ')}, which a sandboxed preload cannot load`);

  if (!quiet) {
    const size = (f) => `${(fs.statSync(path.join(outDir, f)).size / 1024).toFixed(0)} kB`;
    process.stdout.write(`Built ${path.relative(ROOT, outDir) || '.'} in ${Date.now() - started} ms: main.cjs ${size('main.cjs')}, preload.cjs ${size('preload.cjs')}, db-worker.mjs ${size('db-worker.mjs')}\n`);
  }
  return { main: main.metafile, preload: preload.metafile, worker: worker.metafile };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--out');
  const unknown = args.filter((a, i) => !(a === '--out' || (at >= 0 && i === at + 1)));
  if (unknown.length || (at >= 0 && !args[at + 1])) {
    process.stderr.write('usage: node scripts/build-electron.mjs [--out DIR]\n');
    process.exit(2);
  }
  buildElectron(at >= 0 ? { outDir: args[at + 1] } : {}).catch((e) => {
    process.stderr.write(`build-electron: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
