#!/usr/bin/env node
// The `kartoteka` command. It runs the CLI bundled by esbuild (dist/cli/, scripts/build-electron.mjs):
// from TypeScript sources Node's type stripping would load ~2,000 modules one by one, seconds
// before even `--help` answers. A fresh clone has no bundle yet, and an edited source makes it
// stale: then it is (re)built first — esbuild takes about a second — so `npx kartoteka` always
// runs the current code. Without esbuild (not installed) the sources run as they are.
import fs from 'node:fs';
import module from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  process.stderr.write(`kartoteka needs Node 24 or newer (this is ${process.version}). Run it as "npx kartoteka" or "npm run kartoteka --" inside the project.\n`);
  process.exit(2);
}
// V8 keeps the compiled bundle on disk (in the OS temp folder): later starts skip compiling it.
// The variable hands the same cache to the database worker thread (serve), which would
// otherwise compile the whole core again at every start.
const cache = module.enableCompileCache?.();
if (cache?.directory && !process.env.NODE_COMPILE_CACHE) process.env.NODE_COMPILE_CACHE = cache.directory;

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BUNDLE = path.join(ROOT, 'dist', 'cli', 'kartoteka.mjs');

async function entry() {
  const esbuildThere = fs.existsSync(path.join(ROOT, 'node_modules', 'esbuild'));
  if (esbuildThere && fs.existsSync(path.join(ROOT, 'scripts', 'build-electron.mjs'))) {
    const { buildCli, cliIsStale } = await import('../scripts/build-electron.mjs');
    if (cliIsStale()) {
      try {
        await buildCli();
      } catch (e) {
        process.stderr.write(`kartoteka: could not build the command line (${e instanceof Error ? e.message : String(e)}); running the sources instead.\n`);
        return path.join(ROOT, 'main', 'cli', 'entry.ts');
      }
    }
  }
  return fs.existsSync(BUNDLE) ? BUNDLE : path.join(ROOT, 'main', 'cli', 'entry.ts');
}

const { main } = await import(pathToFileURL(await entry()).href);
process.exitCode = await main(process.argv.slice(2));
