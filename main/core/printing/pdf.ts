// PDFs through a locally installed Chromium or Chrome, driven by playwright-core (never its own
// browser download): the same HTML the preview shows, printed with its own @page sizes. The
// playwright import is lazy, so loading the core never loads it.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';

export class NoChromiumError extends Error {
  constructor(tried: string[]) {
    super(`No Chromium or Chrome found (tried: ${tried.join(', ')}). Install one, or set CHROMIUM_PATH to its executable.`);
  }
}

/** CHROMIUM_PATH, then the usual places on Linux, Windows and macOS. */
export function candidatePaths(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string[] {
  const list: string[] = [];
  if (env.CHROMIUM_PATH) list.push(env.CHROMIUM_PATH);
  if (platform === 'win32') {
    for (const base of [env['PROGRAMFILES'], env['PROGRAMFILES(X86)'], env['LOCALAPPDATA']].filter((x): x is string => !!x)) {
      list.push(path.join(base, 'Google', 'Chrome', 'Application', 'chrome.exe'), path.join(base, 'Chromium', 'Application', 'chrome.exe'),
        path.join(base, 'Microsoft', 'Edge', 'Application', 'msedge.exe'));
    }
  } else if (platform === 'darwin') {
    list.push('/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', '/Applications/Chromium.app/Contents/MacOS/Chromium');
  } else {
    list.push('/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium');
  }
  return list;
}

/** The browser executable, or a clear error naming what was tried. CHROMIUM_PATH, when set,
 * must exist (a typo there should not silently fall back to another browser). */
export function findChromium(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.CHROMIUM_PATH) {
    if (fs.existsSync(env.CHROMIUM_PATH)) return env.CHROMIUM_PATH;
    throw new NoChromiumError([env.CHROMIUM_PATH]);
  }
  const list = candidatePaths(env, platform);
  const found = list.find((p) => fs.existsSync(p));
  if (!found) throw new NoChromiumError(list);
  return found;
}

export const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run'];

export async function launchBrowser(executablePath?: string): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: executablePath ?? findChromium(), args: LAUNCH_ARGS });
}

/** Prints `html` to `outPath` (written to a temporary name, then renamed). Reuses `browser` when
 * given (tests and batch runs launch one), else launches and closes its own. */
export async function htmlToPdf(html: string, outPath: string, browser?: Browser, executablePath?: string): Promise<void> {
  const own = browser ? null : await launchBrowser(executablePath);
  const b = browser ?? own!;
  try {
    const context = await b.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      // Documents are self-contained: nothing may be fetched.
      await page.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
      await page.setContent(html, { waitUntil: 'load', timeout: 120_000 });
      await page.evaluate('document.fonts.ready').catch(() => undefined);
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
      const tmp = `${outPath}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, pdf);
      fs.renameSync(tmp, outPath);
    } finally {
      await context.close();
    }
  } finally {
    await own?.close();
  }
}
