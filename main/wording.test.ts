// How the four languages read, checked mechanically over every per-language string the app has:
// the UI's translations (renderer/i18n, the code lists in shared/i18n), the printed documents'
// words (main/core/printing/i18n, main/core/privacy/i18n), the export files' headers (main/core/mailing/headers.ts) and
// the desktop menu (main/electron/menu-labels.ts); it lives in main/ because renderer/ may not
// import main/. Each check is a class of slip a native speaker would stop at: a count without
// its plural forms ("1 kontaktů"), a suffix glued to a variable that vowel harmony cannot follow
// ("HUF-ban"), English left in a translation, the wrong quotation marks, three dots for an
// ellipsis, stray spaces, two words for one thing.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { messages, type Tree } from '../renderer/i18n/messages.ts';
import { COLUMN_HEADERS, KIND_LABELS, UNTITLED } from './core/mailing/headers.ts';
import { MENU_LABELS } from './electron/menu-labels.ts';
import { LOCALES, type Locale } from '../shared/types.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function flatten(tree: Tree, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else flatten(v, key, out);
  }
  return out;
}

/** Every per-language string, by language: "source:key" → text. */
const strings = Object.fromEntries(LOCALES.map((lng) => {
  const out = new Map<string, string>();
  for (const [k, v] of flatten(messages[lng])) out.set(`ui:${k}`, v);
  const printing = JSON.parse(fs.readFileSync(path.join(repo, 'main/core/printing/i18n', `${lng}.json`), 'utf8')) as Tree;
  for (const [k, v] of flatten(printing)) out.set(`print:${k}`, v);
  const privacy = JSON.parse(fs.readFileSync(path.join(repo, 'main/core/privacy/i18n', `${lng}.json`), 'utf8')) as Tree;
  for (const [k, v] of flatten(privacy)) out.set(`privacy-print:${k}`, v);
  for (const [k, v] of Object.entries(COLUMN_HEADERS[lng])) out.set(`export-header:${k}`, v);
  for (const [k, v] of Object.entries(KIND_LABELS[lng])) out.set(`export-kind:${k}`, v);
  for (const [k, v] of Object.entries(UNTITLED[lng])) out.set(`export-untitled:${k}`, v);
  for (const [k, v] of Object.entries(MENU_LABELS[lng])) out.set(`menu:${k}`, v);
  return [lng, out];
})) as Record<Locale, Map<string, string>>;

const PLURAL = /_(one|few|many|other)$/;
const withoutPlaceholders = (s: string) => s.replace(/\{\{\s*\w+\s*\}\}/g, '');
const offenders = (lng: Locale, bad: (value: string, key: string) => boolean) =>
  [...strings[lng]].filter(([k, v]) => bad(v, k)).map(([k, v]) => `${lng} ${k}: ${v}`);

describe('every per-language string', () => {
  it('covers all the sources (a sanity check that the files were found)', () => {
    for (const lng of LOCALES) {
      const sources = new Set([...strings[lng].keys()].map((k) => k.split(':')[0]));
      expect([...sources].sort(), lng).toEqual(['export-header', 'export-kind', 'export-untitled', 'menu', 'print', 'privacy-print', 'ui']);
      expect(strings[lng].size, lng).toBe(strings.en.size);
    }
  });

  it('has no leading, trailing or double spaces, and "…" rather than three dots', () => {
    // The separator of a joined list is meant to end in a space.
    const SPACED = new Set(['ui:mailing.count.sep']);
    for (const lng of LOCALES) {
      expect(offenders(lng, (v, k) => !SPACED.has(k) && v !== v.trim())).toEqual([]);
      expect(offenders(lng, (v) => / {2}/.test(v))).toEqual([]);
      expect(offenders(lng, (v) => /\.\.\./.test(v))).toEqual([]);
    }
  });

  it('quotes the way each language does: „…“ in Czech, „…” in Hungarian, «…» in Russian, “…” in English', () => {
    // Remove the language's own pairs; any quotation mark left over is a wrong one or unpaired.
    const pairs: Record<Locale, RegExp> = { cs: /„[^„“”"]*“/g, hu: /„[^„“”"]*”/g, ru: /«[^«»]*»/g, en: /“[^“”"]*”/g };
    for (const lng of LOCALES) {
      expect(offenders(lng, (v) => /["“”„«»]/.test(v.replace(pairs[lng], '')))).toEqual([]);
    }
  });

  it('is translated: no Czech, Hungarian or Russian text left the same as the English', () => {
    // Names, codes and international words each language writes the same way.
    const SAME = new Set(['Kartoteka', 'E-mail', 'IČO', 'IBAN', 'Tel.', 'Web', 'RFI', 'RFP', 'UTF-8', 'Windows-1250', 'CSV (RFC 4180)',
      'Excel (UTF-8)', 'vCard 3.0', 'vCard 4.0', 'C4 (229 × 324 mm)', 'C5 (162 × 229 mm)']);
    const SAME_IN: Record<'cs' | 'hu' | 'ru', Set<string>> = {
      cs: new Set(['Agenda', 'Lead', 'Text', 'Role', 'Segment', 'segment', 'Logo', 'Import']),
      hu: new Set(['Bank']),
      ru: new Set(),
    };
    for (const lng of ['cs', 'hu', 'ru'] as const) {
      expect(offenders(lng, (v, k) => v === strings.en.get(k) && /\p{L}/u.test(withoutPlaceholders(v)) && !SAME.has(v) && !SAME_IN[lng].has(v)))
        .toEqual([]);
    }
  });

  it('counts with plural forms: a {{count}} only in _one/_few/_many/_other keys, all four of them', () => {
    for (const lng of LOCALES) {
      expect(offenders(lng, (v, k) => /\{\{\s*count\s*\}\}/.test(v) && !PLURAL.test(k))).toEqual([]);
      const keys = strings[lng];
      const bases = new Set([...keys.keys()].filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, '')));
      const incomplete = [...bases].filter((b) => ['one', 'few', 'many', 'other'].some((f) => !keys.has(`${b}_${f}`)));
      expect(incomplete, lng).toEqual([]);
    }
  });

  it('puts a number that has no plural forms where no word has to agree with it: "Firem: 12", "(12)"', () => {
    // "+{{n}} dalších", "its {{n}} member firms" need plural keys; "Vybráno: {{n}}" does not.
    // Ordinals and a number before a reason's own words are fine as they are.
    const EXEMPT = new Set(['ui:printing.labels.start_at', 'ui:mailing.count.reason_n']);
    // After a colon or in brackets, and followed by nothing that would have to agree with it.
    const LABELLED = /(?<=: |\()\{\{\s*n\s*\}\}(?=$|\)|,| ·| \(|\.)/g;
    const labelled = (v: string) => v.trim() === '{{n}}' || !/\{\{\s*n\s*\}\}/.test(v.replace(LABELLED, ''));
    for (const lng of LOCALES) {
      expect(offenders(lng, (v, k) => /\{\{\s*n\s*\}\}/.test(v) && !PLURAL.test(k) && !EXEMPT.has(k) && !labelled(v))).toEqual([]);
    }
  });

  it('takes the right forms after numbers in each language', async () => {
    const { default: i18next } = await import('i18next');
    const i = i18next.createInstance();
    await i.init({ resources: Object.fromEntries(LOCALES.map((l) => [l, { translation: messages[l] }])), lng: 'en' });
    const say = (lng: Locale, key: string, count: number) => i.t(key, { lng, count, n: count, when: 'X' });
    expect([0, 1, 2, 5, 22].map((n) => say('cs', 'card.colleagues.done', n))).toEqual(['0 kontaktů', '1 kontakt', '2 kontakty', '5 kontaktů', '22 kontaktů']);
    expect([1, 2, 5, 11, 21].map((n) => say('ru', 'card.colleagues.done', n))).toEqual(['1 контакт', '2 контакта', '5 контактов', '11 контактов', '21 контакт']);
    expect([1, 3].map((n) => say('hu', 'card.colleagues.done', n))).toEqual(['1 kapcsolat', '3 kapcsolat']);
    expect([1, 3].map((n) => say('en', 'card.colleagues.done', n))).toEqual(['1 contact', '3 contacts']);
    expect([1, 2, 7].map((n) => say('cs', 'opportunities.view.watch', n))).toEqual(['připomenutí 1 den předem', 'připomenutí 2 dny předem', 'připomenutí 7 dní předem']);
    expect([1, 3, 5].map((n) => say('ru', 'agenda_ui.reminders.missed', n))).toEqual(['Вас ждёт 1 напоминание', 'Вас ждут 3 напоминания', 'Вас ждут 5 напоминаний']);
  });

  it('glues no Hungarian suffix to a variable (vowel harmony cannot follow it: EUR-ban, HUF-ben)', () => {
    // "-kor" has no harmony variants: "10:00-kor" is always right.
    for (const lng of ['hu'] as const) expect(offenders(lng, (v) => /\}\}-?(?!kor\b)\p{Ll}/u.test(v))).toEqual([]);
  });

  it('addresses the user formally and consistently: lowercase "vy"/"вы" in the UI, "Ön" capitalised in Hungarian', () => {
    const ui = (k: string) => k.startsWith('ui:') || k.startsWith('menu:');
    const midSentence = (word: string) => new RegExp(`[^.!?:—–]\\s(${word})(?!\\p{L})`, 'u');
    expect(offenders('cs', (v, k) => ui(k) && midSentence('Vy|Vás|Vám|Vámi|Váš|Vaše|Vaši|Vašeho|Vašem|Vaší').test(v))).toEqual([]);
    expect(offenders('ru', (v, k) => ui(k) && midSentence('Вы|Вас|Вам|Вами|Ваш|Ваша|Ваше|Ваши').test(v))).toEqual([]);
    expect(offenders('hu', (v) => /(?<!\p{L})(ön|önt|önnek|öné|önök)(?!\p{L})/u.test(v))).toEqual([]);
    // Informal Czech imperatives and pronouns ("zadej", "tvůj") would break the vykání.
    expect(offenders('cs', (v, k) => ui(k) && /(?<!\p{L})(tvůj|tvoje|tvá|tebe|tobě|zadej|vyber|klikni|zkus)(?!\p{L})/iu.test(v))).toEqual([]);
  });

  it('keeps one word for one thing within a language', () => {
    // Each language's core nouns as the app's screens name them; the other candidates are out.
    const AVOID: Record<Locale, [RegExp, string][]> = {
      cs: [[/příležitost/iu, 'an opportunity is "obchodní případ"'], [/(?<!\p{L})obchod(?!\p{L}|ník)/iu, 'an opportunity is "obchodní případ"'],
        [/(?<!\p{L}|dceřiné )společnost/iu, 'a firm is "firma" (a subsidiary stays a "dceřiná společnost")'], [/obchodník \(vlastník\)/u, 'a firm\'s owner is "vlastník"'], [/(?<!\p{L})obrat(?!\p{L})/iu, 'revenue is "tržby"'], [/připomínk|upozornění/iu, 'a reminder is "připomenutí"'], [/pipeline/iu, 'English']],
      hu: [[/kapcsolatfelvétel/iu, 'a contact is "kapcsolat"'], [/(?<!\p{L})lead/iu, 'a lead is "érdeklődő"'], [/folyamat(?!\p{L})/u, 'the pipeline is "értékesítési tölcsér"'],
        [/forgalom/iu, 'revenue is "árbevétel"']],
      ru: [[/этикет/iu, 'a label is "наклейка"'], [/воронка сделок/iu, 'the pipeline is "воронка продаж"'], [/(?<!\p{L})оборот/iu, 'revenue is "выручка"'],
        [/список контактов/iu, '"контакт" is the logged interaction, not a person']],
      en: [],
    };
    for (const lng of LOCALES) {
      expect(offenders(lng, (v) => AVOID[lng].some(([re]) => re.test(v)))).toEqual([]);
    }
  });

  it('writes the export files with the words the mailing screen shows', () => {
    const ui = (lng: Locale, key: string) => strings[lng].get(`ui:${key}`);
    for (const lng of LOCALES) {
      for (const [k, v] of Object.entries(COLUMN_HEADERS[lng])) expect(v, `${lng} ${k}`).toBe(ui(lng, `mailing.col.${k}`));
      for (const [k, v] of Object.entries(KIND_LABELS[lng])) expect(v, `${lng} ${k}`).toBe(ui(lng, `firm_kinds.${k}`));
      for (const [k, v] of Object.entries(UNTITLED[lng])) expect(v, `${lng} ${k}`).toBe(ui(lng, `mailing.export.untitled_${k}`));
    }
  });
});
