// End-to-end harness: a fresh database, the real browser host serving the built renderer,
// and Chromium driven by playwright-core — the tests' browser (CHROMIUM_PATH, an installed one,
// else the one in the @sparticuz/chromium dev dependency; see main/core/test-browser.ts).
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DbClient } from '../main/core/db/client.ts';
import { startHost, type Host } from '../main/host/server.ts';
import { tempDir } from '../main/core/test-helpers.ts';
import { launchTestBrowser } from '../main/core/test-browser.ts';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const ARTIFACTS = path.join(ROOT, 'artifacts', 'e2e');

export interface Session {
  page: Page;
  host: Host;
  client: DbClient;
  /** The SQLite file the host serves (a test may open it as another user to check what they see). */
  dbPath: string;
  /** A contract call straight to the core, for setting the scene; throws on an error envelope. */
  call<T>(channel: string, input: unknown): Promise<T>;
  /** Finds a firm in the list by name and opens its card. */
  openCard(name: string): Promise<void>;
  shot(name: string): Promise<void>;
  /** Stops the host and the database worker (the page waits on a blank tab), runs `whileStopped`
   * on the closed file, and starts both again on the same file, the page reopened on the new host. */
  restart(whileStopped?: () => void | Promise<void>): Promise<void>;
  close(): Promise<void>;
}

/** `localUserName: null`: the local user gets the OS account's name, as on a real first start
 * (the app then asks who they are); by default a name is given and nothing is asked. */
export async function startSession(opts: { locale?: string; localUserName?: string | null } = {}): Promise<Session> {
  const renderer = path.join(ROOT, 'dist', 'renderer');
  if (!fs.existsSync(path.join(renderer, 'index.html'))) throw new Error('dist/renderer is not built: run "npm run build:renderer" (npm test does)');
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const dir = tempDir('kartoteka-e2e-');
  const dbPath = path.join(dir, 'e2e.sqlite');
  const localUserName = opts.localUserName === null ? undefined : opts.localUserName ?? 'Eva Nováková';
  let client = await DbClient.open({ dbPath, options: { localUserName } });
  let host = await startHost({ client, staticDir: renderer });
  let browser: Browser | undefined;
  try {
    browser = await launchTestBrowser(['--disable-sync', '--disable-quic']);
    const context = await browser.newContext({ locale: opts.locale ?? 'en-US', viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    // Fail on the step that waits, naming its locator, well before the test's own 30 s timeout.
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    // CSP violations and failed requests surface as console errors: none is acceptable.
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(host.url);
    const b = browser;
    const session: Session = {
      page, host, client, dbPath,
      async call<T>(channel: string, input: unknown) {
        const env = await client.invoke(channel, input);
        if (!env.ok) throw new Error(`${channel}: ${JSON.stringify(env.error)}`);
        return env.value as T;
      },
      async openCard(name) {
        const tid = (id: string) => page.getByTestId(id);
        await tid('nav-firms').click();
        await tid('firm-search').fill(name);
        await tid('firm-row').filter({ hasText: name }).first().click();
        await tid('firm-card-name').filter({ hasText: name }).waitFor();
      },
      shot: async (name) => {
        // Let dialogs finish fading in: a screenshot is for a person to look at.
        // (Endless ones — a spinner, a striped progress bar — never finish: not waited for.)
        await page.evaluate(() => Promise.all(document.getAnimations()
          .filter((a) => a.effect?.getComputedTiming().iterations !== Infinity)
          .map((a) => a.finished.catch(() => undefined))));
        await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
      },
      async restart(whileStopped) {
        // Off the host first: a page whose host vanished logs failed requests (counted as errors).
        await page.goto('about:blank');
        await host.close();
        await client.close();
        await whileStopped?.();
        client = await DbClient.open({ dbPath, options: { localUserName } });
        host = await startHost({ client, staticDir: renderer });
        session.client = client;
        session.host = host;
        await page.goto(host.url);
      },
      async close() {
        await b.close();
        await host.close();
        await client.close();
        fs.rmSync(dir, { recursive: true, force: true });
        if (errors.length) throw new Error(`errors in the page: ${errors.join('\n')}`);
      },
    };
    return session;
  } catch (e) {
    await browser?.close();
    await host.close();
    await client.close();
    throw e;
  }
}
