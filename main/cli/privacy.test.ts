// `kartoteka privacy` as a process: a person's report as JSON and a firm's as a PDF with its
// diacritics, then the person erased — the texts still naming her listed — and clear refusals.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caller, tempDir } from '../core/test-helpers.ts';
import { openDatabase, closeDatabase } from '../core/db/open.ts';
import { createCore } from '../core/dispatcher.ts';
import { testBrowser } from '../core/test-browser.ts';
import { readPdf } from '../core/test-pdf.ts';
import { runCli } from './test-run.ts';

const dir = tempDir();
const db = path.join(dir, 'privacy.sqlite');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let browserEnv: Record<string, string> = {};
const ids: Record<string, string> = {};

const run = (...args: string[]) => runCli(dir, ['--db', db, ...args], browserEnv);

beforeAll(async () => {
  const browser = await testBrowser();
  browserEnv = { ...browser.env, CHROMIUM_PATH: browser.executablePath };
  const open = await openDatabase(db, { localUserName: 'Eva Testová' });
  const { call } = caller(createCore(open));
  ids.firm = (await call('firms.create', { name: 'Strojírny Dvořák s.r.o.', kinds: ['customer'], ico: '25596641' })).id;
  ids.her = (await call('people.create', { firmId: ids.firm, firstName: 'Květoslava', lastName: 'Řeřichová',
    channels: [{ kind: 'email', value: 'kvetoslava@dvorak-stroje.cz' }] })).id;
  const other = (await call('firms.create', { name: 'Slévárna Beneš a.s.', kinds: ['prospect'] })).id;
  ids.note = (await call('notes.create', { firmId: other, title: 'Doporučení', body: 'Volat Květoslava Řeřichová.', at: Date.now(), visibility: 'everyone' })).id;
  await closeDatabase(open);
}, 60_000);

describe('kartoteka privacy', () => {
  it('writes a person\'s report as JSON and a firm\'s as a PDF', async () => {
    const json = path.join(dir, 'report.json');
    const r = run('privacy', 'report', '--person', ids.her!, '--locale', 'cs', '--out', json);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toBe(`Wrote Osobní údaje, které vedeme: Květoslava Řeřichová to ${json}.\n`);
    const report = JSON.parse(fs.readFileSync(json, 'utf8'));
    expect(report.people[0]).toMatchObject({ lastName: 'Řeřichová', emails: [{ value: 'kvetoslava@dvorak-stroje.cz' }] });
    expect(report.mentions.map((m: { id: string }) => m.id)).toEqual([ids.note]);

    const pdf = path.join(dir, 'firma.pdf');
    const f = run('privacy', 'report', '--firm', '25596641', '--locale', 'en', '--out', pdf);
    expect(f).toMatchObject({ code: 0, err: '' });
    const text = (await readPdf(pdf)).text;
    for (const x of ['Data we hold about a firm', 'Strojírny Dvořák s.r.o.', 'Řeřichová', 'kvetoslava@dvorak-stroje.cz']) expect(text, x).toContain(x);
  }, 180_000);

  it('erases a person and lists the texts that still name her', () => {
    const r = run('privacy', 'erase', '--person', ids.her!, '--locale', 'en');
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toBe(`Erased the personal data of 1 person.\nThese texts still name them; edit them in the app:\n  note ${ids.note}: Doporučení\n`);
    const raw = new SQLite(db, { readonly: true });
    try {
      expect(raw.prepare('SELECT first_name, last_name FROM people WHERE id = ?').get(ids.her)).toEqual({ first_name: '', last_name: '[erased person]' });
      expect(raw.prepare('SELECT count(*) AS n FROM erasures').get()).toEqual({ n: 1 });
    } finally {
      raw.close();
    }
  });

  it('refuses clearly', () => {
    expect(run('privacy', 'forget', '--person', ids.her!)).toMatchObject({ code: 2, err: expect.stringContaining('privacy needs what to do: report or erase') });
    expect(run('privacy', 'erase')).toMatchObject({ code: 2, err: expect.stringContaining('needs --firm X or --person ID') });
    expect(run('privacy', 'report', '--firm', 'Nikdo s.r.o.', '--out', path.join(dir, 'x.json'))).toMatchObject({ code: 2, err: expect.stringContaining('no firm "Nikdo s.r.o."') });
    expect(run('privacy', 'report', '--person', ids.her!, '--out', path.join(dir, 'x.txt'))).toMatchObject({ code: 2, err: expect.stringContaining('--out FILE.json or FILE.pdf') });
    expect(run('privacy', 'erase', '--person', '01900000-0000-7000-8000-000000000001')).toMatchObject({ code: 2, err: expect.stringContaining('no such person') });
  });
});
