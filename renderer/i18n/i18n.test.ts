// The four languages must stay complete: the same keys everywhere, nothing left empty, and the
// same {{placeholders}} in every translation of a string.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { messages, type Tree } from './messages.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const LANGS: Record<string, Tree> = messages;

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const flat = Object.fromEntries(Object.entries(LANGS).map(([l, t]) => [l, flatten(t)]));
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('translations', () => {
  it('have exactly the same key set in cs, en, hu and ru', () => {
    const reference = [...flat.en!.keys()].sort();
    expect(reference.length).toBeGreaterThan(50);
    for (const lang of Object.keys(flat)) expect([...flat[lang]!.keys()].sort(), lang).toEqual(reference);
  });

  it('have no empty values', () => {
    for (const [lang, map] of Object.entries(flat)) {
      const empty = [...map].filter(([, v]) => v.trim() === '').map(([k]) => `${lang}:${k}`);
      expect(empty).toEqual([]);
    }
  });

  it('use the same interpolation placeholders in every language', () => {
    for (const [key, value] of flat.en!) {
      for (const lang of Object.keys(flat)) expect(placeholders(flat[lang]!.get(key) ?? ''), `${lang}:${key}`).toEqual(placeholders(value));
    }
  });

  it('cover every error key the contract can produce and every built-in code', () => {
    const errorKeys = ['required', 'ico_checksum', 'email', 'phone', 'too_long', 'kinds_required', 'country', 'dic', 'invalid_id',
      'date', 'invalid', 'format', 'too_small', 'too_big', 'not_found', 'internal', 'unknown_channel', 'db_too_new', 'forbidden', 'network'];
    const codes = {
      contact_kind: ['call', 'meeting', 'letter', 'email', 'event', 'task'],
      contact_result: ['follow_up', 'contract_signed', 'not_interested', 'no_answer', 'offer_sent', 'info_given'],
      person_role: ['decision_maker', 'influencer', 'user', 'gatekeeper', 'other'],
      firm_source: ['referral', 'web', 'fair', 'cold_call', 'campaign', 'other'],
      lost_reason: ['price', 'competitor', 'no_budget', 'no_decision', 'timing', 'other'],
    };
    const keys = flat.en!;
    for (const k of errorKeys) expect(keys.has(`errors.${k}`), `errors.${k}`).toBe(true);
    for (const [list, entries] of Object.entries(codes)) for (const c of entries) expect(keys.has(`codes.${list}.${c}`), `codes.${list}.${c}`).toBe(true);
  });

  it('translate every errors.* key the core, the contract and the transports can produce', () => {
    // Scans the source instead of keeping a list by hand, so a new error key without a
    // translation fails here rather than showing "errors.something" to a user.
    const roots = ['shared', 'main', 'renderer'].map((d) => path.join(repo, d));
    const found = new Set<string>();
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) {
          for (const m of fs.readFileSync(p, 'utf8').matchAll(/['"`](errors\.[a-z_]+)['"`]/g)) found.add(m[1]!);
        }
      }
    };
    roots.forEach(walk);
    expect(found.size).toBeGreaterThan(20);
    // A counted message may exist only in its plural forms (errors.stage_in_use_one, …).
    const missing = [...found].filter((k) => !flat.en!.has(k) && !flat.en!.has(`${k}_one`)).sort();
    expect(missing).toEqual([]);
  });

  it('keep Czech diacritics (a sanity check against accidental ASCII-only files)', () => {
    expect(flat.cs!.get('firms.new')).toBe('Nová firma');
    expect([...flat.cs!.values()].join(' ')).toMatch(/[čěřšžýáíéůú]/);
    expect([...flat.ru!.values()].join(' ')).toMatch(/[а-яё]/);
    expect([...flat.hu!.values()].join(' ')).toMatch(/[őűáéíóöü]/);
  });
});

describe('counted words', () => {
  it('take each language\'s plural forms (2 štítky, 5 štítků, 5 конвертов)', async () => {
    const { default: i18next } = await import('i18next');
    const i = i18next.createInstance();
    await i.init({ resources: Object.fromEntries(Object.entries(messages).map(([l, tr]) => [l, { translation: tr }])), lng: 'cs' });
    const say = (lng: string, key: string, count: number) => i.t(key, { lng, count });
    expect([1, 2, 5].map((n) => say('cs', 'printing.preview_units.labels', n))).toEqual(['1 štítek', '2 štítky', '5 štítků']);
    expect([1, 3, 5].map((n) => say('ru', 'printing.preview_units.envelopes', n))).toEqual(['1 конверт', '3 конверта', '5 конвертов']);
    expect([1, 2].map((n) => say('en', 'printing.preview_units.letters', n))).toEqual(['1 letter', '2 letters']);
    expect(say('hu', 'printing.preview_units.labels', 7)).toBe('7 címke');
  });
});
