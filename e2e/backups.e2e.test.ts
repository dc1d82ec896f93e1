// Issue 15 end to end: back up from Settings, damage the file while the app is stopped, start it
// again on that file — it is recovered from the backup and says which period may be missing —
// then restore a backup from Settings, the current state kept aside.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSession, type Session } from './harness.ts';
import { damage } from '../migrations/old-database.ts';

let s: Session;
beforeAll(async () => { s = await startSession({ locale: 'cs-CZ' }); });
afterAll(async () => { await s?.close(); });

const tid = (id: string) => s.page.getByTestId(id);

async function firmListed(name: string, listed: boolean): Promise<void> {
  await tid('nav-firms').click();
  await tid('firm-search').fill(name);
  if (listed) await tid('firm-row').filter({ hasText: name }).first().waitFor();
  else await expect.poll(() => tid('firm-row').filter({ hasText: name }).count()).toBe(0);
}

describe('backups and recovery', () => {
  it('backs up, recovers a damaged file at start, and restores a backup from Settings', async () => {
    // Enough pages for a damaged one in the middle to be a real table page.
    await s.call('firms.create', { name: 'Před zálohou s.r.o.', kinds: ['customer'] });
    for (let i = 0; i < 150; i++) await s.call('firms.create', { name: `Výplň ${i} s.r.o.`, kinds: ['customer'], website: `https://www.vypln-${i}.cz/${'stranka/'.repeat(20)}` });

    await tid('nav-settings').click();
    await tid('settings-backups').scrollIntoViewIfNeeded();
    await tid('backups-none').waitFor();
    await tid('backup-now').click();
    await tid('backup-row').first().waitFor();
    expect(await tid('backup-row').first().getAttribute('data-kind')).toBe('manual');
    expect(await tid('backups-folder').textContent()).toContain('backups');
    await tid('settings-backups').scrollIntoViewIfNeeded();
    await s.shot('backups-settings');

    await s.call('firms.create', { name: 'Po záloze s.r.o.', kinds: ['customer'] });
    // Overwritten bytes in the middle of the main file, while nothing has it open.
    await s.restart(() => damage(s.dbPath));

    await tid('recovery-notice').waitFor({ timeout: 30_000 });
    const notice = (await tid('recovery-notice').textContent())!;
    expect(notice).toContain('Databáze byla poškozená');
    expect(notice).toContain('.damaged-');
    expect(notice).toMatch(/mezi \d/);
    await s.shot('backups-recovered');
    await firmListed('Před zálohou', true);
    await firmListed('Po záloze', false);
    await tid('recovery-dismiss').click();
    await expect.poll(() => tid('recovery-notice').count()).toBe(0);

    // Restore from Settings: the confirmation says the current state is kept aside.
    await s.call('firms.create', { name: 'Navíc po obnově s.r.o.', kinds: ['customer'] });
    await tid('nav-settings').click();
    await s.page.locator('[data-testid="backup-row"][data-kind="manual"]').getByTestId('backup-restore').click();
    expect(await tid('backup-restore-text').textContent()).toContain('Současný stav se neztratí');
    await s.shot('backups-restore-confirm');
    await tid('backup-restore-confirm').click();
    await s.page.locator('[data-testid="backup-row"][data-kind="before-restore"]').waitFor();
    await firmListed('Navíc po obnově', false);
    await firmListed('Před zálohou', true);
  }, 180_000);
});
