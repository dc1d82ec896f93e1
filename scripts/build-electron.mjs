#!/usr/bin/env node
// Bundles the desktop shell with esbuild into dist/electron/:
//   main.cjs       the main process      (main/electron/main.ts; CommonJS, node)
//   preload.cjs    the window's preload  (main/electron/preload.ts; ONE CommonJS file: a sandboxed
//                  preload may require only `electron` and a few built-ins, so the contract and
//                  zod are inlined and anything else is a build error)
//   db-worker.mjs  the database worker   (main/core/db/worker.ts; ESM, node)
// `electron` and the native `better-sqlite3` stay external. The renderer is built by vite.
//
// And the command line with its browser host and database worker into dist/cli/ (buildCli):
//   kartoteka.mjs  the CLI, `kartoteka serve`'s host included   (main/cli/entry.ts; ESM, node)
//   db-worker.mjs  the database worker                          (main/core/db/worker.ts)
//   chunk-*.mjs    code both share, and what a command or handler imports lazily (exceljs,
//                  the demo generator…): split out so `--help` or `find` never parse it
//   inputs.json    the source files it was built from: bin/kartoteka.mjs rebuilds when one is newer
// Running TypeScript sources directly makes Node's type stripping load ~2,000 modules one by
// one (seconds before `--help` answers); a bundle is a few files.
//
//   node scripts/build-electron.mjs [--out DIR]   (npm run build:electron; default dist/electron)
//   node scripts/build-electron.mjs --cli         (npm run build:cli; dist/cli)
//   import { buildElectron, buildCli, cliIsStale } from './build-electron.mjs'   (scripts/start.mjs, bin/)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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
  const { build } = await import('esbuild');

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

export const CLI_DIR = path.join(ROOT, 'dist', 'cli');
const CLI_ENTRIES = { kartoteka: 'main/cli/entry.ts', 'db-worker': 'main/core/db/worker.ts' };
/** What else decides the output: the dependencies' versions and this script. */
const CLI_ALSO = ['package.json', 'package-lock.json', 'scripts/build-electron.mjs'];
const CLI_STAMP = 'inputs.json';
/** Old chunks are kept this long: a process started before a rebuild may still import them. */
const CHUNK_GRACE_MS = 60 * 60 * 1000;

/** Whether dist/cli is missing or older than one of the files it was built from. Costs a stat
 * per source file (a few ms): bin/kartoteka.mjs asks on every start. */
export function cliIsStale(outDir = CLI_DIR) {
  let stamp;
  try {
    stamp = JSON.parse(fs.readFileSync(path.join(outDir, CLI_STAMP), 'utf8'));
  } catch {
    return true;
  }
  for (const rel of [...stamp.inputs, ...CLI_ALSO]) {
    let mtime;
    try { mtime = fs.statSync(path.join(ROOT, rel)).mtimeMs; } catch { return true; } // gone: rebuild
    if (mtime > stamp.builtAt) return true;
  }
  return !Object.values(stamp.outputs ?? {}).every((f) => fs.existsSync(path.join(outDir, f)));
}

/**
 * Bundles the CLI and its worker. Several processes may build at once (test files starting the
 * CLI in parallel, two terminals): every file is written to a temporary name and renamed, chunk
 * names carry a content hash, and the stamp goes last — so a reader sees either the old build
 * or the new one, never half a file.
 */
export async function buildCli({ outDir = CLI_DIR, quiet = true } = {}) {
  outDir = path.resolve(outDir);
  fs.mkdirSync(outDir, { recursive: true });
  const builtAt = Date.now();
  // Imported here: bin/kartoteka.mjs loads this file on every start just to ask cliIsStale().
  const { build } = await import('esbuild');
  const result = await build({
    ...common,
    entryPoints: CLI_ENTRIES,
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    entryNames: '[name]',
    chunkNames: 'chunk-[hash]',
    splitting: true,
    platform: 'node',
    format: 'esm',
    // Native; and playwright-core finds its own files at run time (it is imported lazily anyway).
    external: ['better-sqlite3', 'playwright-core'],
    banner: { js: `import { createRequire as __kartotekaCreateRequire } from 'node:module';\nconst require = __kartotekaCreateRequire(import.meta.url);` },
    write: false,
  });
  const written = new Set();
  // Chunks first, the entries after them, the stamp last.
  const files = [...result.outputFiles].sort((a, b) => Number(isEntry(a.path)) - Number(isEntry(b.path)));
  for (const f of files) {
    const tmp = `${f.path}.tmp-${process.pid}`;
    fs.writeFileSync(tmp, f.contents);
    fs.renameSync(tmp, f.path);
    written.add(path.basename(f.path));
  }
  const inputs = Object.keys(result.metafile.inputs).filter((p) => !p.includes('node_modules/'));
  const outputs = Object.fromEntries(Object.keys(CLI_ENTRIES).map((name) => [name, `${name}.mjs`]));
  const tmp = path.join(outDir, `${CLI_STAMP}.tmp-${process.pid}`);
  fs.writeFileSync(tmp, `${JSON.stringify({ builtAt, outputs, inputs })}\n`);
  fs.renameSync(tmp, path.join(outDir, CLI_STAMP));
  for (const name of fs.readdirSync(outDir)) {
    if (written.has(name) || name === CLI_STAMP) continue;
    const abs = path.join(outDir, name);
    try {
      if (builtAt - fs.statSync(abs).mtimeMs > CHUNK_GRACE_MS) fs.rmSync(abs, { force: true });
    } catch { /* another build removed it */ }
  }
  if (!quiet) {
    const size = (f) => `${(fs.statSync(path.join(outDir, f)).size / 1024).toFixed(0)} kB`;
    process.stdout.write(`Built ${path.relative(ROOT, outDir) || '.'} in ${Date.now() - builtAt} ms: kartoteka.mjs ${size('kartoteka.mjs')}, db-worker.mjs ${size('db-worker.mjs')}, ${written.size - 4} more files\n`);
  }
  return result.metafile;

  function isEntry(file) {
    return Object.keys(CLI_ENTRIES).some((name) => path.basename(file) === `${name}.mjs`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.slice(2).join(' ') === '--cli') {
    await buildCli({ quiet: false }).catch((e) => {
      process.stderr.write(`build-electron: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    });
    process.exit(0);
  }
  const args = process.argv.slice(2);
  const at = args.indexOf('--out');
  const unknown = args.filter((a, i) => !(a === '--out' || (at >= 0 && i === at + 1)));
  if (unknown.length || (at >= 0 && !args[at + 1])) {
    process.stderr.write('usage: node scripts/build-electron.mjs [--out DIR | --cli]\n');
    process.exit(2);
  }
  buildElectron(at >= 0 ? { outDir: args[at + 1] } : {}).catch((e) => {
    process.stderr.write(`build-electron: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
