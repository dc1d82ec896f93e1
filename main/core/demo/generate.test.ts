import { afterEach, describe, expect, it } from 'vitest';
import { openTestCore, type TestCore } from '../test-helpers.ts';
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { generateDemo, DEMO_FIELDS, type DemoOptions, type PlantedDuplicate } from './generate.ts';
import { channelInput } from '../../../shared/contract.ts';
import { companyIdProblems } from '../../../shared/company-ids.ts';
import type { FirmList } from '../../../shared/types.ts';

const NOW = Date.UTC(2026, 2, 16, 10, 0);
const TODAY = '2026-03-16';
/** Groups headed by a firm are made anew by each run (named after their head). */
const GROUPS_WITH_HOLDING = 12;
const DAY = 86_400_000;
const opened: TestCore[] = [];
afterEach(async () => { while (opened.length) await opened.pop()!.close(); });

const dupes = new Map<TestCore, PlantedDuplicate[]>();

async function demo(opts: Partial<DemoOptions> = {}) {
  const t = await openTestCore({ now: () => NOW });
  opened.push(t);
  const planted: PlantedDuplicate[] = [];
  dupes.set(t, planted);
  const counts = await generateDemo(t.open, { firms: 120, seed: 7, now: NOW, onDuplicate: (d) => planted.push(d), ...opts });
  return { t, counts };
}

const all = <T>(t: TestCore, sql: string, ...params: unknown[]) => t.open.sqlite.prepare(sql).all(...params) as T[];
const one = <T>(t: TestCore, sql: string, ...params: unknown[]) => t.open.sqlite.prepare(sql).get(...params) as T;
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const searchRows = (t: TestCore) => all(t, 'SELECT rowid, name, ids, people, emails, phones, places FROM firm_search ORDER BY rowid');
const triggers = (t: TestCore) => all<{ name: string; sql: string }>(t, `SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name`);

describe('demo data', () => {
  it('fills firms, people, channels and a contact history in the expected proportions', async () => {
    const { t, counts } = await demo({ firms: 300 });
    expect(counts).toMatchObject({ firms: 300, people: t.count('people'), contacts: t.count('contacts'), users: 7 });
    expect(t.count('firms')).toBe(300 + counts.leads);
    expect(t.count('users')).toBe(8);
    expect(counts.people / 300).toBeGreaterThan(2.5);
    expect(counts.people / 300).toBeLessThan(3.6);
    expect(counts.contacts / 300).toBeGreaterThan(15);
    expect(counts.contacts / 300).toBeLessThan(25);

    // 1–6 people a firm, exactly one main person; an address and a phone for every firm.
    const perFirm = all<{ n: number; mains: number }>(t, 'SELECT count(p.id) AS n, sum(p.is_main) AS mains FROM firms f LEFT JOIN people p ON p.firm_id = f.id WHERE f.is_lead = 0 GROUP BY f.id');
    expect(perFirm.length).toBe(300);
    expect(perFirm.every((r) => r.n >= 1 && r.n <= 6 && r.mains === 1)).toBe(true);
    expect(one(t, `SELECT count(*) AS n FROM firms f WHERE f.is_lead = 0 AND NOT EXISTS (SELECT 1 FROM addresses a WHERE a.firm_id = f.id AND a.kind = 'registered')`)).toEqual({ n: 0 });
    expect(one(t, `SELECT count(*) AS n FROM firms f WHERE f.is_lead = 0 AND NOT EXISTS (SELECT 1 FROM channels c WHERE c.firm_id = f.id AND c.person_id IS NULL AND c.kind = 'phone')`)).toEqual({ n: 0 });

    // Countries: about 60 / 20 / 20; every firm's ids are valid for its country (Czech: IČO and DIČ
    // CZ+IČO; Hungarian: adószám and cégjegyzékszám; Russian: ИНН and ОГРН).
    const byCountry = Object.fromEntries(all<{ country: string; n: number }>(t, `SELECT country, count(*) AS n FROM addresses WHERE kind = 'registered' GROUP BY country`).map((r) => [r.country, r.n]));
    expect(byCountry.CZ).toBeGreaterThan(140);
    expect(byCountry.HU).toBeGreaterThan(30);
    expect(byCountry.RU).toBeGreaterThan(30);
    // (Leads have no address; deliberate duplicates share an IČO or take a trade name, so they
    // are left out of the uniqueness and legal-form checks.)
    const firms = all<{ id: string; name: string; ico: string | null; dic: string | null; country: string; firm_country: string }>(t,
      `SELECT f.id, f.name, f.ico, f.dic, a.country, f.country AS firm_country FROM firms f JOIN addresses a ON a.firm_id = f.id AND a.kind = 'registered'`);
    const planted = new Set(dupes.get(t)!.map((d) => d.duplicateId));
    expect(planted.size).toBe(counts.duplicates);
    const originals = firms.filter((f) => !planted.has(f.id));
    const czech = firms.filter((f) => f.country === 'CZ');
    expect(czech.filter((f) => f.ico).length).toBeGreaterThan(czech.length * 0.9);
    for (const f of firms) {
      expect(f.firm_country).toBe(f.country);
      expect(companyIdProblems(f.country, { ico: f.ico ?? '', dic: f.dic ?? '' }), `${f.country} ${f.ico} ${f.dic}`).toEqual([]);
      if (f.country === 'CZ' && f.dic) expect(f.dic).toBe(`CZ${f.ico}`);
    }
    for (const country of ['HU', 'RU']) {
      const own = originals.filter((f) => f.country === country);
      expect(own.filter((f) => f.ico).length, country).toBeGreaterThan(own.length * 0.6);
      expect(new Set(own.filter((f) => f.ico).map((f) => f.ico)).size).toBe(own.filter((f) => f.ico).length);
    }
    // Most Russians have their patronymic on file, in a field of its own.
    const russians = all<{ first_name: string; patronymic: string }>(t,
      `SELECT p.first_name, p.patronymic FROM people p JOIN firms f ON f.id = p.firm_id WHERE f.country = 'RU'`);
    expect(russians.filter((p) => /(вич|вна|ич|чна)$/.test(p.patronymic)).length).toBeGreaterThan(russians.length * 0.8);
    expect(russians.every((p) => !p.first_name.includes(' '))).toBe(true);
    const czechOriginals = originals.filter((f) => f.country === 'CZ' && f.ico);
    expect(new Set(czechOriginals.map((f) => f.ico)).size).toBe(czechOriginals.length); // unique
    expect(originals.filter((f) => f.country === 'RU').every((f) => /[А-Яа-я]/.test(f.name) && /^(ООО|АО|ПАО|ИП) /.test(f.name))).toBe(true);
    expect(originals.filter((f) => f.country === 'HU').every((f) => / (Kft|Zrt|Bt|Nyrt)\.$/.test(f.name))).toBe(true);

    // Every channel passes the same checks the forms use, so a demo firm can be edited and saved.
    for (const c of all<{ kind: string; value: string; label: string }>(t, 'SELECT kind, value, label FROM channels')) {
      expect(channelInput.safeParse(c).success, `${c.kind} ${c.value}`).toBe(true);
    }
    // Person channels carry the firm too.
    expect(one(t, 'SELECT count(*) AS n FROM channels c JOIN people p ON p.id = c.person_id WHERE c.firm_id <> p.firm_id')).toEqual({ n: 0 });

    // Diacritics-heavy names in all three languages.
    const surnames = new Set(all<{ last_name: string }>(t, 'SELECT last_name FROM people').map((r) => r.last_name));
    expect([...surnames].some((s) => /[řěšžčůťďň]/.test(s))).toBe(true);
    expect([...surnames].some((s) => /[őűáé]/.test(s))).toBe(true);
    expect([...surnames].some((s) => /[а-я]/.test(s))).toBe(true);
    expect([...surnames].some((s) => /ová$/.test(s))).toBe(true);

    // Owners and referents: the local user and seven colleagues.
    const owners = all<{ owner_id: string }>(t, 'SELECT DISTINCT owner_id FROM firms WHERE owner_id IS NOT NULL').map((r) => r.owner_id);
    expect(owners).toContain(t.open.localUserId);
    expect(owners.length).toBe(8);
    expect(one<{ n: number }>(t, 'SELECT count(DISTINCT referent_id) AS n FROM contacts').n).toBe(8);

    // History over the last three years up to now; planned contacts in the coming weeks.
    const done = one<{ min: number; max: number; notes: number; n: number }>(t, `SELECT min(at) AS min, max(at) AS max, sum(note <> '') AS notes, count(*) AS n FROM contacts WHERE status = 'done'`);
    expect(done.max).toBeLessThanOrEqual(NOW);
    expect(done.min).toBeGreaterThanOrEqual(NOW - 3 * 366 * DAY);
    expect(done.max - done.min).toBeGreaterThan(2.5 * 365 * DAY);
    expect(done.notes / done.n).toBeGreaterThan(0.02);
    expect(done.notes / done.n).toBeLessThan(0.09);
    const planned = all<{ at: number; follows: string | null; follows_firm: string | null; firm_id: string; follows_status: string | null }>(t,
      `SELECT c.at, c.follows_id AS follows, c.firm_id, p.firm_id AS follows_firm, p.status AS follows_status
       FROM contacts c LEFT JOIN contacts p ON p.id = c.follows_id WHERE c.status = 'planned'`);
    expect(planned.length).toBeGreaterThan(30);
    expect(planned.every((c) => c.at > NOW && c.at < NOW + 50 * DAY)).toBe(true);
    const following = planned.filter((c) => c.follows);
    expect(following.length).toBeGreaterThan(10);
    expect(following.every((c) => c.follows_firm === c.firm_id && c.follows_status === 'done')).toBe(true);
    // Every contact kind and most results occur; calls are the most frequent kind.
    const kinds = all<{ code: string; n: number }>(t, `SELECT k.code, count(*) AS n FROM contacts c JOIN codes k ON k.id = c.kind_id GROUP BY k.code ORDER BY n DESC`);
    expect(kinds.map((k) => k.code).sort()).toEqual(['call', 'email', 'event', 'letter', 'meeting', 'task']);
    expect(kinds[0]!.code).toBe('call');
    expect(one<{ n: number }>(t, 'SELECT count(DISTINCT result_id) AS n FROM contacts').n).toBe(6);
    // The people of a contact are the firm's own.
    expect(one(t, 'SELECT count(*) AS n FROM contacts c JOIN people p ON p.id = c.person_id WHERE p.firm_id <> c.firm_id')).toEqual({ n: 0 });

    expect(t.open.sqlite.pragma('foreign_key_check')).toEqual([]);
    expect(t.open.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('fills the whole firm card: segments, fields, hierarchy, notes, tasks, files, changes', async () => {
    const { t, counts } = await demo({ firms: 400, filesDir: undefined });
    const filesDir = path.join(t.dir, 'files');
    // Another run into its own database, with the attachment files written (the CLI's way).
    const withFiles = await openTestCore({ now: () => NOW });
    opened.push(withFiles);
    const countsWithFiles = await generateDemo(withFiles.open, { firms: 400, seed: 7, now: NOW, filesDir: path.join(withFiles.dir, 'files') });
    expect(fs.existsSync(filesDir)).toBe(false);
    const firms = one<{ n: number }>(t, 'SELECT count(*) AS n FROM firms WHERE is_lead = 0').n;
    expect(firms).toBe(400);

    // Every new table has rows, and the counts say how many.
    for (const [table, n] of [['segments', counts.segments], ['segment_members', counts.segmentMembers], ['field_values', counts.fieldValues],
      ['notes', counts.notes], ['tasks', counts.tasks], ['attachments', counts.attachments], ['changes', counts.changes]] as const) {
      expect(n, table).toBeGreaterThan(0);
      expect(t.count(table), table).toBe(n);
    }
    expect(t.count('note_shares')).toBeGreaterThan(0);
    expect(counts.notes / firms).toBeGreaterThan(0.35);
    expect(counts.notes / firms).toBeLessThan(0.8);
    expect(counts.tasks / firms).toBeGreaterThan(0.35);
    expect(counts.tasks / firms).toBeLessThan(0.8);
    expect(counts.attachments / firms).toBeGreaterThan(0.04);
    expect(counts.attachments / firms).toBeLessThan(0.2);
    expect(counts.changes / firms).toBeGreaterThan(0.8);

    // Segments: 8 categories, 15 tags, up to 20 groups; ~70 % of firms in a category, ~30 % tagged.
    const kinds = Object.fromEntries(all<{ kind: string; n: number }>(t, 'SELECT kind, count(*) AS n FROM segments GROUP BY kind').map((r) => [r.kind, r.n]));
    expect(kinds).toMatchObject({ category: 8, tag: 15 });
    expect(kinds.group).toBeGreaterThan(5);
    expect(kinds.group).toBeLessThanOrEqual(20);
    const share = (kind: string) => one<{ n: number }>(t, `SELECT count(DISTINCT m.firm_id) AS n FROM segment_members m
      JOIN segments s ON s.id = m.segment_id WHERE s.kind = ?`, kind).n / firms;
    expect(share('category')).toBeGreaterThan(0.6);
    expect(share('category')).toBeLessThan(0.85);
    expect(share('tag')).toBeGreaterThan(0.2);
    expect(share('tag')).toBeLessThan(0.4);
    // Groups hold 1–30 firms; a holding's group is headed by one of its own members.
    const groups = all<{ n: number; parent: string | null; head_member: number }>(t, `SELECT count(*) AS n, s.parent_firm_id AS parent,
      max(m.firm_id = s.parent_firm_id) AS head_member FROM segments s JOIN segment_members m ON m.segment_id = s.id WHERE s.kind = 'group' GROUP BY s.id`);
    expect(groups.every((g) => g.n <= 30)).toBe(true);
    expect(groups.filter((g) => g.parent).length).toBeGreaterThan(2);
    expect(groups.filter((g) => g.parent).every((g) => g.head_member === 1)).toBe(true);
    // Only firms are members (never a lead), each at most once per segment.
    expect(one(t, 'SELECT count(*) AS n FROM segment_members m JOIN firms f ON f.id = m.firm_id WHERE f.is_lead = 1')).toEqual({ n: 0 });

    // User fields: the definitions, values for most firms but not all, options of their own field.
    const defs = all<{ id: string; label: string; entity: string; type: string; has_options: number }>(t, 'SELECT id, label, entity, type, has_options FROM field_defs ORDER BY sort');
    expect(defs.map((d) => d.label)).toEqual(Object.values(DEMO_FIELDS));
    const filled = (label: string) => one<{ n: number }>(t, `SELECT count(*) AS n FROM field_values v JOIN field_defs d ON d.id = v.field_id WHERE d.label = ?`, label).n;
    for (const label of [DEMO_FIELDS.territory, DEMO_FIELDS.nace, DEMO_FIELDS.headcount]) {
      expect(filled(label) / firms, label).toBeGreaterThan(0.7);
      expect(filled(label) / firms, label).toBeLessThan(0.92);
    }
    expect(filled(DEMO_FIELDS.since)).toBeGreaterThan(0);
    expect(filled(DEMO_FIELDS.competitor)).toBeGreaterThan(0);
    expect(filled(DEMO_FIELDS.birthday)).toBeGreaterThan(0);
    expect(one(t, `SELECT count(*) AS n FROM field_values v JOIN field_defs d ON d.id = v.field_id
      LEFT JOIN field_options o ON o.id = v.option_id AND o.field_id = v.field_id
      WHERE (d.has_options = 1) <> (o.id IS NOT NULL)
         OR (d.type = 'number') <> (v.value_num IS NOT NULL)
         OR (d.has_options = 0 AND d.type <> 'number') <> (v.value_text IS NOT NULL)
         OR (d.entity = 'firm') <> EXISTS (SELECT 1 FROM firms f WHERE f.id = v.entity_id)
         OR (d.entity = 'person') <> EXISTS (SELECT 1 FROM people p WHERE p.id = v.entity_id)`)).toEqual({ n: 0 });
    const dates = all<{ value_text: string }>(t, `SELECT v.value_text FROM field_values v JOIN field_defs d ON d.id = v.field_id WHERE d.type = 'date'`);
    expect(dates.every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d.value_text) && new Date(`${d.value_text}T00:00:00Z`).toISOString().startsWith(d.value_text))).toBe(true);
    expect(one<{ n: number }>(t, `SELECT count(DISTINCT option_id) AS n FROM field_values v JOIN field_defs d ON d.id = v.field_id WHERE d.label = ?`, DEMO_FIELDS.territory).n).toBe(14);

    // The decision hierarchy stays within the firm, never points at oneself, never at a later person.
    const reports = all<{ firm: string; boss_firm: string; self: number }>(t, `SELECT p.firm_id AS firm, b.firm_id AS boss_firm, p.id = b.id AS self
      FROM people p JOIN people b ON b.id = p.reports_to_id`);
    expect(reports.length).toBeGreaterThan(firms * 0.8);
    expect(reports.every((r) => r.firm === r.boss_firm && !r.self)).toBe(true);

    // Notes: mostly private; shared ones with everyone or named colleagues (never the author).
    const vis = Object.fromEntries(all<{ visibility: string; n: number }>(t, 'SELECT visibility, count(*) AS n FROM notes GROUP BY visibility').map((r) => [r.visibility, r.n]));
    expect(vis.private).toBeGreaterThan(vis.everyone);
    expect(vis.everyone).toBeGreaterThan(0);
    expect(vis.named).toBeGreaterThan(0);
    expect(one(t, `SELECT count(*) AS n FROM notes n WHERE n.visibility = 'named' AND NOT EXISTS (SELECT 1 FROM note_shares s WHERE s.note_id = n.id)`)).toEqual({ n: 0 });
    expect(one(t, 'SELECT count(*) AS n FROM note_shares s JOIN notes n ON n.id = s.note_id WHERE s.user_id = n.author_id OR n.visibility <> \'named\'')).toEqual({ n: 0 });
    expect(one<{ n: number }>(t, 'SELECT count(*) AS n FROM notes WHERE at > ?', NOW).n).toBe(0);
    // Linked contacts and people belong to the note's firm.
    for (const table of ['notes', 'tasks', 'attachments']) {
      expect(one(t, `SELECT count(*) AS n FROM ${table} x JOIN contacts c ON c.id = x.contact_id WHERE c.firm_id IS NOT x.firm_id`), table).toEqual({ n: 0 });
      expect(one(t, `SELECT count(*) AS n FROM ${table} x JOIN people p ON p.id = x.person_id WHERE p.firm_id IS NOT x.firm_id`), table).toEqual({ n: 0 });
    }

    // Tasks: some done, some overdue, some coming; a few of a salesperson's own, tied to no firm.
    const state = one<{ done: number; overdue: number; coming: number; standalone: number }>(t, `SELECT
      sum(done_at IS NOT NULL) AS done, sum(done_at IS NULL AND due_date < ?) AS overdue,
      sum(done_at IS NULL AND due_date >= ?) AS coming, sum(firm_id IS NULL) AS standalone FROM tasks`, TODAY, TODAY);
    expect(state.done).toBeGreaterThan(20);
    expect(state.overdue).toBeGreaterThan(10);
    expect(state.coming).toBeGreaterThan(20);
    expect(state.standalone).toBeGreaterThan(0);
    expect(one<{ n: number }>(t, 'SELECT count(*) AS n FROM tasks WHERE done_at > ? OR created_at > ? OR done_at < created_at', NOW, NOW).n).toBe(0);

    // Attachments: the same rows either way; with filesDir each file is there under its SHA-256.
    const rows = (x: typeof t) => all<{ name: string; folder: string; mime: string; size: number; sha256: string }>(x,
      'SELECT name, folder, mime, size, sha256 FROM attachments ORDER BY rowid');
    expect(rows(withFiles)).toEqual(rows(t));
    expect(countsWithFiles.files).toBe(new Set(rows(t).map((r) => r.sha256)).size);
    for (const r of rows(withFiles)) {
      const bytes = fs.readFileSync(path.join(withFiles.dir, 'files', r.sha256.slice(0, 2), r.sha256));
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(r.sha256);
      expect(bytes.length).toBe(r.size);
      if (r.mime === 'application/pdf') expect(bytes.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
      expect(r.name).toMatch(r.mime === 'application/pdf' ? /\.pdf$/ : r.mime === 'text/csv' ? /\.csv$/ : /\.txt$/);
    }

    // Changes: the last handover names today's owner; joining a segment names the segment.
    const handovers = all<{ new_value: string; owner: string }>(t, `SELECT c.new_value, u.name AS owner FROM changes c
      JOIN firms f ON f.id = c.firm_id JOIN users u ON u.id = f.owner_id
      WHERE c.field = 'owner' AND c.at = (SELECT max(at) FROM changes x WHERE x.firm_id = c.firm_id AND x.field = 'owner')`);
    expect(handovers.length).toBeGreaterThan(50);
    expect(handovers.every((h) => h.new_value === h.owner)).toBe(true);
    expect(one(t, `SELECT count(*) AS n FROM changes c WHERE c.field = 'segment' AND NOT EXISTS (SELECT 1 FROM segments s WHERE s.name = c.new_value)`)).toEqual({ n: 0 });
    expect(one<{ n: number }>(t, 'SELECT count(*) AS n FROM changes c JOIN firms f ON f.id = c.firm_id WHERE c.at > ? OR c.at < f.created_at', NOW).n).toBe(0);

    expect(t.open.sqlite.pragma('foreign_key_check')).toEqual([]);
  });

  it('sells: open deals on about a fifth of the firms, won ones with their sale, invoices, reminders and rules', async () => {
    const { t, counts } = await demo({ firms: 400 });
    expect(counts.opportunities).toBe(t.count('opportunities'));
    expect(counts.sales).toBe(t.count('sales'));
    expect(counts.reminders).toBe(t.count('reminders'));
    expect(counts.rules).toBe(3);
    // Consent: about a third of people subscribed, some opted out since, one live row per subject and topic.
    expect(counts.subscriptions).toBe(t.count('subscriptions'));
    expect(counts.subscriptions / counts.people).toBeGreaterThan(0.25);
    expect(counts.subscriptions / counts.people).toBeLessThan(0.7);
    expect(one<{ n: number }>(t, 'SELECT count(*) AS n FROM subscriptions WHERE unsubscribed_at IS NOT NULL').n).toBeGreaterThan(0);
    expect(all(t, 'SELECT 1 FROM subscriptions WHERE unsubscribed_at < subscribed_at OR subscribed_at > ?', NOW)).toEqual([]);
    expect(t.count('topics')).toBe(3);
    expect(counts.openOpportunities / 400).toBeGreaterThan(0.12);
    expect(counts.openOpportunities / 400).toBeLessThan(0.32);
    const open = one<{ n: number }>(t, `SELECT count(*) AS n FROM opportunities o JOIN pipeline_stages s ON s.id = o.stage_id WHERE s.outcome = 'open'`).n;
    expect(open).toBe(counts.openOpportunities);
    // Every amount is the sum of its lines; won deals have exactly one sale of that amount; lost ones a reason.
    const bad = all(t, `SELECT o.id FROM opportunities o WHERE o.amount <> (SELECT sum(CAST(round(l.quantity * l.unit_price) AS INTEGER)) FROM opportunity_lines l WHERE l.opportunity_id = o.id)`);
    expect(bad).toEqual([]);
    const won = all<{ amount: number; sold: number; n: number }>(t, `SELECT o.amount, sum(sa.amount) AS sold, count(sa.id) AS n FROM opportunities o
      JOIN pipeline_stages s ON s.id = o.stage_id AND s.outcome = 'won' LEFT JOIN sales sa ON sa.opportunity_id = o.id GROUP BY o.id`);
    expect(won.length).toBeGreaterThan(20);
    for (const w of won) expect([w.n, w.sold]).toEqual([1, w.amount]);
    expect(one<{ n: number }>(t, `SELECT count(*) AS n FROM opportunities o JOIN pipeline_stages s ON s.id = o.stage_id
      WHERE s.outcome = 'lost' AND o.lost_reason_id IS NULL`).n).toBe(0);
    // Invoices: unique document numbers, dates within three years before now, positive amounts.
    const inv = one<{ n: number; docs: number; min: string; max: string; neg: number }>(t, `SELECT count(*) AS n, count(DISTINCT document_no) AS docs,
      min(date) AS min, max(date) AS max, sum(amount <= 0) AS neg FROM sales WHERE source = 'import'`);
    expect(inv.n).toBeGreaterThan(400);
    expect(inv.docs).toBe(inv.n);
    expect(inv.neg).toBe(0);
    expect(inv.max <= TODAY).toBe(true);
    // Reminders ring before what they remind of, for the referent or a watcher.
    expect(all(t, `SELECT r.id FROM reminders r JOIN contacts c ON c.id = r.contact_id WHERE r.at >= c.at OR r.user_id <> c.referent_id`)).toEqual([]);
    expect(all(t, `SELECT r.id FROM reminders r JOIN opportunities o ON o.id = r.opportunity_id WHERE r.at <> o.deadline_at - o.watch_days * ${DAY}`)).toEqual([]);
    expect(one<{ n: number }>(t, `SELECT count(*) AS n FROM reminders WHERE kind = 'deadline'`).n).toBeGreaterThan(5);
    // A second run reuses the rules and goes on with the document numbers.
    const again = await generateDemo(t.open, { firms: 50, seed: 8, now: NOW });
    expect(again.rules).toBe(0);
    expect(t.count('contact_rules')).toBe(3);
    expect(one<{ n: number }>(t, 'SELECT count(*) - count(DISTINCT document_no) AS n FROM sales WHERE document_no IS NOT NULL').n).toBe(0);
  });

  it('adds leads kept out of the firm list, and deliberate duplicates for the duplicate screen', async () => {
    const { t, counts } = await demo({ firms: 800 });
    const planted = dupes.get(t)!;

    // Leads: ~2 % on top of the firms, each with one person and a way to reach them.
    expect(counts.leads).toBe(one<{ n: number }>(t, 'SELECT count(*) AS n FROM firms WHERE is_lead = 1').n);
    expect(counts.leads).toBeGreaterThan(5);
    expect(counts.leads).toBeLessThan(40);
    const leads = all<{ id: string; people: number; mains: number; reach: number }>(t, `SELECT f.id,
      (SELECT count(*) FROM people p WHERE p.firm_id = f.id) AS people, (SELECT sum(is_main) FROM people p WHERE p.firm_id = f.id) AS mains,
      (SELECT count(*) FROM channels c WHERE c.firm_id = f.id AND c.person_id IS NOT NULL AND c.kind IN ('email', 'phone')) AS reach
      FROM firms f WHERE f.is_lead = 1`);
    expect(leads.every((l) => l.people === 1 && l.mains === 1 && l.reach >= 1)).toBe(true);
    // …and the firm list leaves them out (through the dispatcher, as the UI sees it).
    const list = await t.call('firms.list', { locale: 'cs', limit: 1000 });
    expect(list.total).toBe(800);
    const leadIds = new Set(leads.map((l) => l.id));
    expect(list.rows.some((r) => leadIds.has(r.id))).toBe(false);

    // Duplicates: 0.5 %, each a real pair of firms, by IČO, by a name typed differently, by e-mail.
    expect(planted.length).toBe(counts.duplicates);
    expect(planted.length).toBe(4);
    expect(new Set(planted.map((d) => d.reason))).toEqual(new Set(['ico', 'name', 'email']));
    const firm = (id: string) => one<{ name: string; ico: string | null; is_lead: number; created_at: number }>(t, 'SELECT name, ico, is_lead, created_at FROM firms WHERE id = ?', id);
    const emails = (id: string) => all<{ value: string }>(t, `SELECT value FROM channels WHERE firm_id = ? AND kind = 'email'`, id).map((r) => r.value);
    // Names compared as a duplicate check would: no diacritics, case, punctuation or legal form.
    const bare = (n: string) => fold(n).replace(/[^\p{L}\p{N}]+/gu, ' ').replace(/\b(s r o|spol s r o|spol|a s|v o s|k s|kft|zrt|bt|nyrt|ооо|ао|пао)\s*$/u, '').trim();
    for (const d of planted) {
      const a = firm(d.originalId);
      const b = firm(d.duplicateId);
      expect(a.is_lead + b.is_lead).toBe(0);
      expect(b.created_at).toBeGreaterThan(a.created_at);
      expect(b.name).not.toBe(a.name);
      if (d.reason === 'ico') { expect(a.ico).toBeTruthy(); expect(b.ico).toBe(a.ico); }
      if (d.reason === 'name') expect(bare(b.name)).toBe(bare(a.name));
      if (d.reason === 'email') expect(emails(d.duplicateId).some((e) => emails(d.originalId).includes(e))).toBe(true);
    }
    // Apart from the planted pairs, no two firms share a name or a firm e-mail: the scan's hits
    // are the deliberate duplicates, not accidents of the generator.
    const plantedIds = new Set(planted.map((d) => d.duplicateId));
    const sharing = (rows: { id: string; key: string }[]) => {
      const by = new Map<string, Set<string>>();
      for (const r of rows) by.set(r.key, (by.get(r.key) ?? new Set()).add(r.id));
      return [...by.values()].filter((ids) => ids.size > 1).map((ids) => [...ids]);
    };
    const byName = sharing(all<{ id: string; name: string }>(t, 'SELECT id, name FROM firms WHERE is_lead = 0').map((f) => ({ id: f.id, key: bare(f.name) })));
    expect(byName.length).toBeGreaterThan(0);
    expect(byName.every((ids) => ids.length === 2 && ids.some((id) => plantedIds.has(id))), JSON.stringify(byName)).toBe(true);
    const byEmail = sharing(all<{ id: string; key: string }>(t, `SELECT f.id, c.value AS key FROM channels c JOIN firms f ON f.id = c.firm_id
      WHERE c.kind = 'email' AND f.is_lead = 0`));
    expect(byEmail.every((ids) => ids.length === 2 && ids.some((id) => plantedIds.has(id))), JSON.stringify(byEmail)).toBe(true);
    const byPhone = sharing(all<{ id: string; value: string }>(t, `SELECT c.firm_id AS id, c.value FROM channels c WHERE c.kind = 'phone'`)
      .map((c) => ({ id: c.id, key: c.value.replace(/\D+/g, '') })));
    expect(byPhone.every((ids) => ids.length === 2 && ids.some((id) => plantedIds.has(id))), JSON.stringify(byPhone)).toBe(true);
    // At least one pair of firms in the list shares an IČO.
    expect(all(t, 'SELECT ico FROM firms WHERE ico IS NOT NULL AND is_lead = 0 GROUP BY ico HAVING count(*) = 2').length).toBeGreaterThan(0);
  });

  it('is deterministic for a seed and differs between seeds', async () => {
    const sample = (t: TestCore) => ({
      firms: all<{ name: string }>(t, 'SELECT name FROM firms ORDER BY rid').map((r) => r.name),
      people: all<{ n: string }>(t, `SELECT first_name || ' ' || last_name AS n FROM people ORDER BY rowid LIMIT 50`).map((r) => r.n),
      contacts: all<{ s: string }>(t, `SELECT at || ' ' || summary AS s FROM contacts ORDER BY rowid LIMIT 200`).map((r) => r.s),
      card: {
        segments: all(t, `SELECT f.rid, s.kind, s.name FROM segment_members m JOIN firms f ON f.id = m.firm_id JOIN segments s ON s.id = m.segment_id ORDER BY f.rid, s.kind, s.name`),
        fields: all(t, `SELECT f.rid, d.label, v.value_text, v.value_num, o.label AS option FROM field_values v JOIN firms f ON f.id = v.entity_id
          JOIN field_defs d ON d.id = v.field_id LEFT JOIN field_options o ON o.id = v.option_id ORDER BY f.rid, d.sort`),
        hierarchy: all(t, `SELECT p.last_name, b.last_name AS boss FROM people p LEFT JOIN people b ON b.id = p.reports_to_id ORDER BY p.rowid`),
        notes: all(t, 'SELECT title, body, at, visibility FROM notes ORDER BY rowid'),
        tasks: all(t, 'SELECT title, due_date, done_at, priority FROM tasks ORDER BY rowid'),
        attachments: all(t, 'SELECT name, size, sha256 FROM attachments ORDER BY rowid'),
        changes: all(t, 'SELECT field, old_value, new_value, at FROM changes ORDER BY rowid'),
        leads: all(t, 'SELECT name, ico FROM firms WHERE is_lead = 1 ORDER BY rid'),
      },
    });
    const a = sample((await demo({ seed: 11 })).t);
    const b = sample((await demo({ seed: 11 })).t);
    const c = sample((await demo({ seed: 12 })).t);
    expect(b).toEqual(a);
    expect(a.card.notes.length).toBeGreaterThan(0);
    expect(a.card.leads.length).toBeGreaterThan(0);
    expect(c.firms).not.toEqual(a.firms);
    expect(c.card.notes).not.toEqual(a.card.notes);
    expect(a.firms.slice(0, 5).every((n) => n.length > 3)).toBe(true);
  });

  it('fills the search index exactly as the triggers do, and restores the triggers verbatim', async () => {
    const reference = await demo({ searchIndex: 'triggers', firms: 150 });
    const before = triggers(reference.t);
    const { t } = await demo({ searchIndex: 'bulk', firms: 150, batchSize: 40 });
    expect(triggers(t)).toEqual(before);
    expect(searchRows(t)).toEqual(searchRows(reference.t));
    expect(t.count('firm_search')).toBe(t.count('firms')); // leads are searchable too (in the leads list)
    expect(t.open.sqlite.prepare(`INSERT INTO firm_search(firm_search, rank) VALUES ('integrity-check', 1)`).run().changes).toBeGreaterThanOrEqual(0);

    // A person with a diacritics-heavy surname is found by it typed plainly, through the dispatcher.
    const person = one<{ first_name: string; last_name: string; firm_id: string }>(t,
      `SELECT first_name, last_name, firm_id FROM people WHERE last_name GLOB '*[řšžčůěťň]*' ORDER BY rowid LIMIT 1`);
    expect(person).toBeTruthy();
    const q = fold(person.last_name);
    expect(q).not.toBe(person.last_name.toLowerCase());
    const found = await t.call('firms.list', { q, locale: 'cs', limit: 1000 });
    const firmId = person.firm_id;
    expect(found.rows.map((r) => r.id)).toContain(firmId);
    // …and the result set is the one the trigger-built index gives.
    const expected = await reference.t.call('firms.list', { q, locale: 'cs', limit: 1000 });
    expect(found.rows.map((r) => r.name)).toEqual(expected.rows.map((r) => r.name));
    expect(found.total).toBe(expected.total);
    const narrowed = await t.call('firms.list', { q: `${fold(person.first_name)} ${q}`, locale: 'cs' });
    expect(narrowed.rows.map((r) => r.id)).toContain(firmId);
  });

  it('leaves the database working normally: a new person is indexed by the restored triggers', async () => {
    const { t } = await demo({ firms: 50 });
    const target = (await t.call('firms.list', { locale: 'cs', limit: 1 })).rows[0]!;
    await t.call('people.create', { firmId: target.id, firstName: 'Zdeňka', lastName: 'Přívozníková', channels: [{ kind: 'phone', value: '+420 777 888 999' }] });
    const hits = (q: string) => t.call('firms.list', { q, locale: 'cs' }).then((r: FirmList) => r.rows.map((row) => row.id));
    expect(await hits('privoznikova')).toEqual([target.id]);
    expect(await hits('777 888 999')).toEqual([target.id]);
    expect(await hits('420777888999')).toEqual([target.id]);
    // A demo firm's card reads back and can be saved unchanged through the validated channel.
    const card = await t.call('firms.get', { id: target.id });
    expect(card.people.some((p) => p.lastName === 'Přívozníková')).toBe(true);
    await t.call('firms.update', {
      id: target.id, name: card.firm.name, kinds: card.firm.kinds, ico: card.firm.ico ?? '', dic: card.firm.dic ?? '',
      website: card.firm.website ?? '', industryId: card.firm.industryId, sourceId: card.firm.sourceId, ownerId: card.firm.ownerId,
      addresses: card.addresses, channels: card.channels,
    });
    expect(await hits('privoznikova')).toEqual([target.id]);
    expect((await t.call('contacts.list', { firmId: target.id })).length).toBeGreaterThan(0);
  });

  it('adds to an existing database: salespeople are reused, IČOs stay unique, progress is reported', async () => {
    const { t, counts: first } = await demo({ firms: 40, seed: 3 });
    const progress: [number, number][] = [];
    const planted = [...dupes.get(t)!];
    const more = await generateDemo(t.open, { firms: 60, seed: 3, now: NOW, batchSize: 25, onProgress: (d, n) => progress.push([d, n]), onDuplicate: (d) => planted.push(d) });
    expect(more.users).toBe(0);
    expect(t.count('users')).toBe(8);
    expect(one(t, 'SELECT count(*) AS n FROM firms WHERE is_lead = 0')).toEqual({ n: 100 });
    expect(t.count('firms')).toBe(100 + first.leads + more.leads);
    expect(progress).toEqual([[25, 60], [50, 60], [60, 60]]);
    // IČOs repeat only where a duplicate was planted on purpose.
    const twice = all<{ ico: string }>(t, 'SELECT ico FROM firms WHERE ico IS NOT NULL AND is_lead = 0 GROUP BY ico HAVING count(*) > 1');
    expect(twice.length).toBeLessThanOrEqual(planted.filter((d) => d.reason === 'ico').length);
    expect(t.count('firm_search')).toBe(t.count('firms'));
    // The office's categories, tags and fields are reused, not made twice.
    expect(more.segments).toBeLessThanOrEqual(GROUPS_WITH_HOLDING);
    expect(one(t, `SELECT count(*) AS n FROM segments WHERE kind = 'category'`)).toEqual({ n: 8 });
    expect(one(t, `SELECT count(*) AS n FROM segments WHERE kind = 'tag'`)).toEqual({ n: 15 });
    expect(t.count('field_defs')).toBe(Object.keys(DEMO_FIELDS).length);
  });
});
