// The browser host as a user meets it: the printed link's token leaves the address bar (a
// session cookie the page cannot read carries it), and when the database worker dies the page
// says so, re-reads, and keeps working on a new worker.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSession, type Session } from './harness.ts';

let s: Session;
beforeAll(async () => { s = await startSession({ locale: 'en-US' }); });
afterAll(async () => { await s?.close(); });

const tid = (id: string) => s.page.getByTestId(id);

describe('the browser host', () => {
  it('drops the token from the address bar and keeps it from the page', async () => {
    await tid('nav-firms').waitFor();
    const url = new URL(s.page.url());
    expect(url.origin).toBe(`http://127.0.0.1:${s.host.port}`);
    expect(url.search).toBe('');
    expect(s.page.url()).not.toContain(s.host.token);
    // HttpOnly: no script in the page sees the session; nothing kept in storage either.
    expect(await s.page.evaluate(() => document.cookie)).toBe('');
    expect(await s.page.evaluate(() => JSON.stringify({ ...sessionStorage, ...localStorage }))).not.toContain(s.host.token);
    const [cookie] = await s.page.context().cookies();
    expect(cookie).toMatchObject({ name: `kartoteka-${s.host.port}`, httpOnly: true, sameSite: 'Strict', path: '/', expires: -1, domain: '127.0.0.1' });
  });

  it('tells the user when the database worker was restarted, and keeps working', async () => {
    // Killed while the page waits for nothing: a call in flight would rightly get a 503, which
    // the harness counts as a page error. (That path is the host test's.)
    const inFlight = new Set<unknown>();
    s.page.on('request', (r) => { if (r.url().includes('/rpc/')) inFlight.add(r); });
    s.page.on('requestfinished', (r) => inFlight.delete(r));
    s.page.on('requestfailed', (r) => inFlight.delete(r));
    await s.call('firms.create', { name: 'Před restartem s.r.o.', kinds: ['customer'] });
    await tid('nav-firms').click();
    await tid('firm-row').filter({ hasText: 'Před restartem s.r.o.' }).waitFor();
    await expect.poll(() => inFlight.size).toBe(0);
    await s.client.killWorker();
    await tid('core-notice').waitFor();
    expect(await tid('core-notice').textContent()).toContain('was restarted');
    // The new worker answers the page: the list is re-read and a new firm can be found.
    await s.call('firms.create', { name: 'Po restartu s.r.o.', kinds: ['customer'] });
    await tid('nav-firms').click();
    await tid('firm-search').fill('restart');
    await tid('firm-row').filter({ hasText: 'Po restartu s.r.o.' }).waitFor();
    await s.shot('host-core-restarted');
  });
});
