// Test support: the one place that decides which Chromium the tests drive, and how they read the
// PDFs it prints. Only tests import this module: the product's own `kartoteka print` finds the
// user's Chromium/Chrome/Edge through `printing/pdf.ts` and never falls back to the dev dependency.
//
// Order: CHROMIUM_PATH, then an installed Chromium/Chrome (the product's own candidate list),
// then the headless Chromium shipped inside the `@sparticuz/chromium` dev dependency, so that
// `npm install && npm test` needs nothing else on a Linux x64 machine.
//
// The bundled browser is unpacked by us rather than by its package's `executablePath()`: that
// one writes to the fixed path /tmp/chromium with mode 0700 and returns it whenever it exists, so
// after root ran the tests an ordinary user gets a browser they may not execute; it is also not
// atomic, so two test files starting together could launch a half-written binary. Here each user
// gets their own folder, filled under a temporary name and renamed into place in one step.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { pipeline } from 'node:stream/promises';
import type { Browser } from 'playwright-core';
import { candidatePaths, LAUNCH_ARGS } from './printing/pdf.ts';

export type BrowserChoice =
  | { source: 'CHROMIUM_PATH' | 'installed'; path: string }
  | { source: 'bundled' };

/** Which browser the tests use; pure (env, file test and platform are passed in) so the order
 * has a unit test. A CHROMIUM_PATH that does not exist is an error, not a silent fallback. */
export function chooseBrowser(env: NodeJS.ProcessEnv, exists: (p: string) => boolean, platform: NodeJS.Platform = process.platform): BrowserChoice {
  if (env.CHROMIUM_PATH) {
    if (!exists(env.CHROMIUM_PATH)) throw new Error(`CHROMIUM_PATH is set to ${env.CHROMIUM_PATH}, which does not exist`);
    return { source: 'CHROMIUM_PATH', path: env.CHROMIUM_PATH };
  }
  const installed = candidatePaths({ ...env, CHROMIUM_PATH: undefined }, platform).find(exists);
  return installed ? { source: 'installed', path: installed } : { source: 'bundled' };
}

export interface TestBrowser {
  source: BrowserChoice['source'];
  executablePath: string;
  /** What the browser process needs in its environment (the bundled one: its libraries and fonts).
   * A child process that launches the browser itself (the CLI) gets these plus CHROMIUM_PATH. */
  env: Record<string, string>;
}

const require = createRequire(import.meta.url);
const LAYOUT = 1;

/** The bundled browser's folder for this user: unpacked once, then reused by every test file. */
async function unpackBundled(): Promise<TestBrowser> {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`No Chromium found, and the one in @sparticuz/chromium runs on Linux x64 only (this is ${process.platform} ${process.arch}): install Chromium or Chrome, or set CHROMIUM_PATH`);
  }
  const pkgDir = path.resolve(path.dirname(require.resolve('@sparticuz/chromium')), '..');
  const version = (JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { version: string }).version;
  const uid = process.getuid!();
  // Per user: /tmp is shared, and another user's unpacked files are not ours to run or replace.
  // LAYOUT changes whenever what unpackInto writes changes, so an older folder is not reused.
  const dir = path.join(os.tmpdir(), `kartoteka-chromium-${version}-${LAYOUT}-uid${uid}`);
  if (!trustedBrowserDir(dir, uid)) {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `kartoteka-chromium-unpack-`));
    try {
      await unpackInto(path.join(pkgDir, 'bin'), tmp, dir);
      fs.renameSync(tmp, dir);
    } catch (e) {
      fs.rmSync(tmp, { recursive: true, force: true });
      // Another test file finished the same unpacking first: use theirs.
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw e;
    }
    if (!trustedBrowserDir(dir, uid)) throw new Error(`${dir} exists but is not a complete browser folder owned by you (uid ${uid}) and closed to others: remove it and run the tests again`);
  }
  const libs = path.join(dir, 'al2023', 'lib');
  return {
    source: 'bundled',
    executablePath: path.join(dir, 'chromium'),
    env: {
      // NSS and expat shipped beside the browser, so a machine without them still runs it; the
      // fonts described in unpackInto.
      LD_LIBRARY_PATH: [libs, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':'),
      FONTCONFIG_FILE: path.join(dir, 'fonts.conf'),
    },
  };
}

/** A folder we may run a browser from: a real directory (not a link), owned by `uid`, not
 * writable by others, fully unpacked (fonts.conf is written last). */
export function trustedBrowserDir(dir: string, uid: number): boolean {
  try {
    const st = fs.lstatSync(dir);
    return st.isDirectory() && st.uid === uid && (st.mode & 0o022) === 0 && fs.existsSync(path.join(dir, 'fonts.conf'));
  } catch {
    return false;
  }
}

/** Fills `dir`, which becomes `final` once complete (the font config names its final place). */
async function unpackInto(bin: string, dir: string, final: string): Promise<void> {
  // tar-fs is @sparticuz/chromium's own dependency (it unpacks these archives with it).
  const tar = createRequire(require.resolve('@sparticuz/chromium'))('tar-fs') as { extract(cwd: string, opts?: { chown?: boolean }): NodeJS.WritableStream };
  const brotli = () => zlib.createBrotliDecompress({ chunkSize: 2 ** 21 });
  await pipeline(fs.createReadStream(path.join(bin, 'chromium.br')), brotli(), fs.createWriteStream(path.join(dir, 'chromium'), { mode: 0o755 }));
  // al2023.tar.br: lib/ with NSS and expat. Its GPU emulation (swiftshader) is not needed: the
  // tests launch with --disable-gpu.
  await pipeline(fs.createReadStream(path.join(bin, 'al2023.tar.br')), brotli(), tar.extract(path.join(dir, 'al2023'), { chown: false }));
  // Fonts: the machine's, plus DejaVu from the dejavu-fonts-ttf dev dependency (copied, so this
  // folder does not depend on one clone's node_modules). DejaVu is what Debian's Chromium shows,
  // and it holds the Czech, Hungarian and Cyrillic letters and the symbols the UI uses (▤ ◷ ⇄ ✕),
  // so screenshots look right even on a machine without any fonts.
  const dejavu = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  const fonts = path.join(dir, 'fonts');
  fs.mkdirSync(fonts);
  for (const f of fs.readdirSync(dejavu)) if (/^DejaVuSans|^DejaVuSerif/.test(f)) fs.copyFileSync(path.join(dejavu, f), path.join(fonts, f));
  // Written last: it marks the folder complete.
  fs.writeFileSync(path.join(dir, 'fonts.conf'), `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>${path.join(final, 'fonts')}</dir>
  <cachedir>${path.join(final, 'fontconfig-cache')}</cachedir>
  <alias><family>sans-serif</family><prefer><family>DejaVu Sans</family></prefer></alias>
  <alias><family>serif</family><prefer><family>DejaVu Serif</family></prefer></alias>
  <alias><family>monospace</family><prefer><family>DejaVu Sans Mono</family></prefer></alias>
</fontconfig>
`);
}

let found: Promise<TestBrowser> | undefined;

/** The browser for this test process (looked up, and unpacked if need be, once). */
export function testBrowser(): Promise<TestBrowser> {
  found ??= (async () => {
    const choice = chooseBrowser(process.env, (p) => fs.existsSync(p));
    if (choice.source === 'bundled') return unpackBundled();
    return { source: choice.source, executablePath: choice.path, env: {} };
  })();
  return found;
}

/** Launches the test browser with the product's own flags (plus `extraArgs`). */
export async function launchTestBrowser(extraArgs: string[] = []): Promise<Browser> {
  const b = await testBrowser();
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: b.executablePath, args: [...LAUNCH_ARGS, ...extraArgs], env: { ...process.env, ...b.env } as Record<string, string> });
}
