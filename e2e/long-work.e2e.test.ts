// Long work in the window: serial letters, an export and the duplicate scan show how far they
// got and can be cancelled (issue 14). The network is held at chosen points, so what is checked
// never depends on how fast this machine is: a response held back while the core's progress
// events arrive shows the count; a request held back until Cancel was answered shows the core
// stopping a job it was told to cancel before it started.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Route } from 'playwright-core';
import { startSession, type Session } from './harness.ts';

let s: Session;
const tid = (id: string) => s.page.getByTestId(id);
const call = <T>(channel: string, input: unknown) => s.call<T>(channel, input);
const FIRMS = 40;
const ids: Record<string, string> = {};

/** A gate the test opens: requests wait on it. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => { open = resolve; });
  return { opened, open };
}

/** Holds the job-carrying requests to `channel`: `hold: 'response'` lets the core work (and
 * report) and holds its answer; `hold: 'request'` holds the request before the core sees it. */
async function holdJobs(channel: string, hold: 'response' | 'request') {
  const g = gate();
  const handled = gate();
  const pattern = `**/rpc/${channel}`;
  const handler = async (route: Route) => {
    const body = route.request().postDataJSON() as { job?: string } | null;
    if (!body?.job) return route.continue();
    if (hold === 'request') {
      await g.opened;
      await route.continue();
    } else {
      const response = await route.fetch();
      await g.opened;
      await route.fulfill({ response });
    }
    handled.open();
  };
  await s.page.route(pattern, handler);
  return {
    // Taken away only once the held route went on: unrouting a pending one would send it again.
    release: async () => { g.open(); await handled.opened; await s.page.unroute(pattern, handler); },
  };
}

/** Clicks Cancel and waits until the core has been told. */
async function cancel(testid: string) {
  await Promise.all([s.page.waitForResponse('**/rpc/jobs.cancel'), tid(`${testid}-cancel`).click()]);
}

beforeAll(async () => {
  s = await startSession({ locale: 'cs-CZ' });
  ids.segment = (await call<{ id: string }>('segments.create', { kind: 'category', name: 'Velkoobchod' })).id;
  const firms: string[] = [];
  for (let i = 1; i <= FIRMS; i++) {
    firms.push((await call<{ id: string }>('firms.create', {
      name: `Velkoobchod ${String(i).padStart(2, '0')} s.r.o.`, kinds: ['customer'],
      addresses: [{ kind: 'registered', street: 'Nádražní', number: String(i), city: 'Tábor', postalCode: '39001' }],
    })).id);
  }
  await call('segments.members', { id: ids.segment, add: firms });
  ids.selection = (await call<{ id: string }>('selections.save', {
    name: 'Velkoobchody', recipients: 'firms', where: { op: 'and', items: [{ on: 'segment', ids: [ids.segment] }] }, columns: ['firmName', 'address1'], format: 'excel-utf8',
  })).id;
  ids.template = (await call<{ id: string }>('templates.save', {
    name: 'Pozvánka', language: 'cs', style: 'formal', subject: 'Pozvánka na veletrh', body: '{{salutation}}\n\nzveme Vás na veletrh.', closing: '',
  })).id;
  await s.page.reload();
  await tid('nav-printing').waitFor();
}, 120_000);
afterAll(async () => { await s?.close(); });

describe('long work', () => {
  it('serial letters show how many letters are ready, then the preview', async () => {
    await tid('nav-printing').click();
    await tid('printing-tab-letters').click();
    await tid('tpl-item').filter({ hasText: 'Pozvánka' }).click();
    await tid('letters-target-kind').selectOption('segment');
    await tid('letters-target-select').selectOption(ids.segment!);
    const held = await holdJobs('print.letters', 'response');
    await tid('letters-preview').click();
    const dialog = tid('letters-serial-preview');
    const text = dialog.getByTestId('print-progress-text');
    await expect.poll(() => text.textContent()).toBe(`${FIRMS} z ${FIRMS} dopisů`);
    expect(await dialog.getByTestId('print-progress').getAttribute('data-total')).toBe(String(FIRMS));
    await s.shot('70-long-work-letters-progress');
    await held.release();
    await expect.poll(() => dialog.getByTestId('print-preview-count').getAttribute('data-count'), { timeout: 15_000 }).toBe(String(FIRMS));
    expect(await dialog.getByTestId('print-progress').count()).toBe(0);
    await s.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('cancelled serial letters stop in the core and say so; nothing is shown', async () => {
    const held = await holdJobs('print.letters', 'request');
    await tid('letters-preview').click();
    const dialog = tid('letters-serial-preview');
    await dialog.getByTestId('print-progress').waitFor();
    expect(await dialog.getByTestId('print-progress-text').textContent()).toBe('Pracuji…');
    await cancel('print-progress');
    await held.release();
    const alert = dialog.getByTestId('print-preview-error');
    await expect.poll(() => alert.getAttribute('data-code'), { timeout: 15_000 }).toBe('cancelled');
    expect(await alert.textContent()).toBe('Zrušeno, nic nebylo vytvořeno.');
    expect(await dialog.getByTestId('print-preview-frame').count()).toBe(0);
    await s.shot('71-long-work-letters-cancelled');
    await s.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('an export counts its rows; a cancelled one downloads nothing and is not logged', async () => {
    await tid('nav-mailing').click();
    await tid('mailing-saved').selectOption(ids.selection!);
    await expect.poll(() => tid('mailing-save-name').inputValue()).toBe('Velkoobchody');

    const held = await holdJobs('exports.run', 'response');
    const download = s.page.waitForEvent('download', { timeout: 20_000 });
    await tid('mailing-export').click();
    await expect.poll(() => tid('export-progress-text').textContent()).toBe(`${FIRMS} z ${FIRMS} řádků`);
    await s.shot('72-long-work-export-progress');
    await held.release();
    expect((await download).suggestedFilename()).toMatch(/^Velkoobchody .*\.csv$/);
    await tid('export-progress').waitFor({ state: 'detached' });
    expect(await call<unknown[]>('exports.log', {})).toHaveLength(1);

    let downloads = 0;
    s.page.on('download', () => { downloads++; });
    const stopped = await holdJobs('exports.run', 'request');
    await tid('mailing-export').click();
    await tid('export-progress').waitFor();
    await cancel('export-progress');
    await stopped.release();
    await expect.poll(() => tid('toast').allTextContents(), { timeout: 15_000 }).toContain('Zrušeno. Nic nebylo vytvořeno.');
    await tid('export-progress').waitFor({ state: 'detached' });
    expect(downloads).toBe(0);
    expect(await call<unknown[]>('exports.log', {})).toHaveLength(1);
  });

  it('the duplicate scan counts its steps and can be cancelled', async () => {
    await tid('nav-duplicates').click();
    const held = await holdJobs('duplicates.scan', 'response');
    await tid('dup-scan').click();
    await expect.poll(() => tid('dup-progress-text').textContent()).toBe('krok 5 z 5');
    await held.release();
    await tid('dup-scan-summary').waitFor();
    await tid('dup-progress').waitFor({ state: 'detached' });

    const stopped = await holdJobs('duplicates.scan', 'request');
    await tid('dup-scan').click();
    await tid('dup-progress').waitFor();
    await cancel('dup-progress');
    await stopped.release();
    await expect.poll(() => tid('toast').allTextContents(), { timeout: 15_000 }).toContain('Hledání duplicit zrušeno.');
    await tid('dup-progress').waitFor({ state: 'detached' });
  });
});
