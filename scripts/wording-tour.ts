// A tour of the main screens in each language, screenshotted for a native speaker to read
// (issue 14, "Wording"): `npm run build:renderer && node scripts/wording-tour.ts [cs hu ru en]`.
// Writes artifacts/wording/<lang>-<nn>-<screen>.png. Not a test: it asserts nothing, a person reads.
import fs from 'node:fs';
import path from 'node:path';
import { startSession, ROOT } from '../e2e/harness.ts';

const OUT = path.join(ROOT, 'artifacts', 'wording');
const DAY = 86_400_000;
const BROWSER_LOCALE: Record<string, string> = { cs: 'cs-CZ', hu: 'hu-HU', ru: 'ru-RU', en: 'en-GB' };

async function tour(lang: string) {
  const s = await startSession({ locale: BROWSER_LOCALE[lang] });
  const tid = (id: string) => s.page.getByTestId(id);
  const shot = async (n: string) => {
    await s.page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))));
    await s.page.screenshot({ path: path.join(OUT, `${lang}-${n}.png`) });
  };
  const call = s.call.bind(s);
  try {
    const codes = async (list: string) => call<{ id: string; code: string }[]>('codes.list', { list });
    const kind = async (c: string) => (await codes('contact_kind')).find((x) => x.code === c)!.id;
    const firm = async (name: string, city: string) => (await call<{ id: string }>('firms.create', {
      name, kinds: ['customer'], ico: '', addresses: [{ kind: 'registered', street: 'Hlavní', number: '12', city, postalCode: '11000' }],
    })).id;
    const f1 = await firm('Pekárna Dvořák s.r.o.', 'Brno');
    await firm('Strojírny Žlutý a.s.', 'Praha');
    await firm('Vodárna Tábor s.r.o.', 'Tábor');
    await call('people.create', { firmId: f1, firstName: 'Řehoř', lastName: 'Žlutý', gender: 'male', isMain: true, jobTitle: 'jednatel' });
    await call('people.create', { firmId: f1, firstName: 'Jiřina', lastName: 'Šťastná', gender: 'female', isMain: false, jobTitle: 'nákup' });
    const zsofia = (await call<{ id: string }>('users.create', { name: 'Zsófia Varga' })).id;
    const petr = (await call<{ id: string }>('users.create', { name: 'Petr Svoboda' })).id;
    const me = (await call<{ id: string; name: string }[]>('users.list', {})).find((u) => u.name === 'Eva Nováková')!.id;
    const meeting = await kind('meeting');
    const callKind = await kind('call');
    await call('contacts.create', { firmId: f1, status: 'planned', at: Date.now() + 5 * DAY, kindId: meeting, referentId: zsofia, summary: 'Návštěva v Hořicích' });
    await call('contacts.create', { firmId: f1, status: 'planned', at: Date.now() + 12 * DAY, kindId: meeting, referentId: zsofia, summary: 'Ochutnávka' });
    for (const d of [3, 10, 40]) await call('contacts.create', { firmId: f1, status: 'done', at: Date.now() - d * DAY, kindId: callKind, referentId: petr, summary: `Telefonát ${d}` });
    await call('contacts.create', { firmId: f1, status: 'planned', at: Date.now() + 3_600_000, kindId: callKind, referentId: me, summary: 'Zavolat kvůli objednávce' });
    await call('contacts.create', { firmId: f1, status: 'planned', at: Date.now() - 2 * DAY, kindId: callKind, referentId: me, summary: 'Poslat nabídku' });
    const stages = await call<{ id: string; code: string }[]>('stages.list', {}).catch(() => []);
    const stage = stages.find((x) => x.code === 'offer') ?? stages[0];
    if (stage) await call('opportunities.create', { firmId: f1, title: 'Dodávka pečiva', stageId: stage.id, amount: 250000, currency: 'CZK', probability: null, ownerId: me });
    await s.page.reload();

    await tid('nav-firms').click();
    await tid('firm-row').first().waitFor();
    await shot('01-firms');
    await s.page.goto(`${s.host.url.split('#')[0]}#/firm/${f1}`);
    await tid('firm-card-name').waitFor();
    await tid('colleague-row').first().waitFor().catch(() => undefined);
    await shot('02-card');
    await tid('colleague-row').first().scrollIntoViewIfNeeded();
    await shot('02b-card-colleagues');
    await tid('log-contact').click();
    await tid('contact-summary').waitFor();
    await shot('03-log-contact');
    await s.page.keyboard.press('Escape');
    await tid('contact-summary').waitFor({ state: 'detached' });
    await tid('card-print-brief').click();
    await tid('brief-dialog').getByTestId('print-preview-frame').waitFor();
    await s.page.waitForTimeout(1500);
    await shot('04-print-brief');
    await s.page.keyboard.press('Escape');
    await tid('brief-dialog').waitFor({ state: 'detached' });
    const BODY: Record<string, string> = {
      cs: 'děkujeme za spolupráci s firmou {{firmName}}.', hu: 'köszönjük az együttműködést.', ru: 'благодарим за сотрудничество.', en: 'thank you for working with us.',
    };
    const template = (await call<{ id: string }>('templates.save', { name: 'Tour', language: lang, subject: 'Servis', body: BODY[lang] })).id;
    await tid('card-print-letter').click();
    await tid('letter-template').selectOption(template);
    await s.page.waitForTimeout(1500);
    await shot('04b-print-letter');
    await s.page.keyboard.press('Escape');
    await tid('letter-dialog').waitFor({ state: 'detached' });
    // The main screens, then the data-quality ones, each as it first opens.
    const screens: [string, string][] = [['agenda', '05-agenda'], ['pipeline', '06-pipeline'], ['mailing', '07-mailing'], ['printing', '08-printing'],
      ['settings', '09-settings'], ...['neglected', 'incomplete', 'duplicates', 'segments', 'leads', 'trash'].map((n): [string, string] => [n, `10-${n}`])];
    for (const [nav, name] of screens) {
      await tid(`nav-${nav}`).click();
      await s.page.waitForTimeout(800);
      await shot(name);
    }
  } finally {
    await s.close().catch((e) => console.error(lang, String(e).slice(0, 500)));
  }
}

fs.mkdirSync(OUT, { recursive: true });
const langs = process.argv.slice(2).length ? process.argv.slice(2) : ['cs', 'hu', 'ru', 'en'];
for (const l of langs) { await tour(l); console.log('done', l); }
