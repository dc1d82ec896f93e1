// Which program wrote a table (its flavor), a key to remember the user's mapping by, and the
// suggested mapping of its columns onto the import targets.
import { createHash } from 'node:crypto';
import type { ImportKind, ImportMapping, ImportTarget } from '../../../../shared/import-targets.ts';
import { FULL_NAME_UNLESS_PARTS, GENERIC, GOOGLE, KARTOTEKA, OUTLOOK, VCARD, byWords, normaliseHeader, vcardExtra, type Rule, type RuleContext, type Target } from './names.ts';
import type { SourceFlavor, SourceTable } from './types.ts';

/** Targets a row can fill from several columns (tags from "Štítky" and "Kategorie"). */
const MULTI: ReadonlySet<string> = new Set(['tags']);

// Names only Outlook writes (a generic file may well have "First Name" and "Company").
const OUTLOOK_MARKS = ['E-mail Address', 'E-mail 2 Address', 'Business Street', 'Business City', 'Business Postal Code', 'Business Phone',
  'Company Main Phone', 'Mobile Phone', 'Job Title', 'E-mail Display Name',
  'E-mailová adresa', 'Ulice (zaměstnání)', 'Město (zaměstnání)', 'PSČ (zaměstnání)', 'Telefon do zaměstnání', 'Hlavní telefon společnosti',
  'Mobilní telefon', 'Zobrazované jméno e-mailu', 'Společnost'].map(normaliseHeader);
const GOOGLE_MARKS = ['Organization Name', 'Organization Title', 'Organization 1 - Name', 'E-mail 1 - Value', 'Phone 1 - Value',
  'Address 1 - Street', 'Given Name', 'Family Name', 'Group Membership', 'Name Prefix'].map(normaliseHeader);

/** The flavor of a table by its headers (a vCard reader may know better: `hint`). */
export function detectFlavor(headers: readonly string[], hint?: SourceFlavor): SourceFlavor {
  if (hint) return hint;
  const norm = headers.map(normaliseHeader).filter(Boolean);
  if (norm.length === 0) return 'generic';
  const count = (marks: readonly string[]) => norm.filter((h) => marks.includes(h)).length;
  if (count(GOOGLE_MARKS) >= 2) return 'google';
  if (count(OUTLOOK_MARKS) >= 2) return 'outlook';
  // Our own presets: three in four columns or more are our export headers (a user field's
  // column is not; a hand-made Czech sheet shares a few of them: "Ulice", "PSČ", "E-mail").
  const ours = norm.filter((h) => KARTOTEKA.has(h)).length;
  if (ours >= 2 && ours * 4 >= norm.length * 3) return 'kartoteka';
  return 'generic';
}

/** Same flavor and the same headers (as normalised) → the same key, whatever the rows. */
export function sourceKey(flavor: SourceFlavor, headers: readonly string[]): string {
  const hash = createHash('sha256').update(headers.map(normaliseHeader).join('\u001f')).digest('hex').slice(0, 16);
  return `${flavor}:${hash}`;
}

const FLAVOR_TABLE: Partial<Record<SourceFlavor, Map<string, Rule>>> = { outlook: OUTLOOK, google: GOOGLE, kartoteka: KARTOTEKA };
const isVcardHeader = (h: string) => VCARD.has(h.replace(/ \d+$/, ''));

/** How sure a column's rule is: a flavor's or vCard's own name, a generic name, a word in it. */
const Strength = { Words: 1, Generic: 2, Exact: 3, UserField: 4 } as const;
type Strength = (typeof Strength)[keyof typeof Strength];

/**
 * Each column's most likely target, or null. User fields by their name first (the user named
 * them so), then the flavor's own names, the generic names in four languages, and words within
 * a name. A single-valued target goes to one column only: the surest, then the first.
 */
export function suggestMapping(table: Pick<SourceTable, 'headers' | 'flavor'>, kind: ImportKind, userFields: { id: string; name: string }[] = []): ImportMapping {
  const fieldByName = new Map<string, string>();
  for (const f of userFields) {
    const n = normaliseHeader(f.name);
    if (n && !fieldByName.has(n)) fieldByName.set(n, f.id);
  }
  const flavorTable = FLAVOR_TABLE[table.flavor];
  const vcardLike = table.headers.some((h) => h === 'FN' || h.startsWith('N.') || h.startsWith('ADR.'));
  const rules = table.headers.map((raw): { rule: Rule; strength: Strength } | null => {
    const h = raw.trim();
    const norm = normaliseHeader(h);
    if (!norm) return null;
    const field = fieldByName.get(norm);
    if (field) return { rule: `field:${field}` as ImportTarget, strength: Strength.UserField };
    if (vcardLike && isVcardHeader(h)) {
      const base = h.replace(/ \d+$/, '');
      return { rule: base === h ? VCARD.get(h)! : vcardExtra(base), strength: Strength.Exact };
    }
    const own = flavorTable?.get(norm);
    if (own !== undefined) return { rule: own, strength: Strength.Exact };
    const generic = GENERIC.get(norm) ?? KARTOTEKA.get(norm);
    if (generic !== undefined) return { rule: generic, strength: Strength.Generic };
    // "Telefon 2", "E-mail (soukromý)": the name without its number or brackets, then its words.
    const bare = normaliseHeader(h.replace(/\(.*?\)/g, ' ').replace(/\s*\d+\s*$/, ''));
    const bareRule = bare && bare !== norm ? (flavorTable?.get(bare) ?? GENERIC.get(bare)) : undefined;
    if (bareRule !== undefined) return { rule: bareRule, strength: Strength.Words };
    const words = byWords(norm);
    return words === undefined ? null : { rule: words, strength: Strength.Words };
  });

  // NAME and FN look at what the other columns are — their plain targets, never each other's answers.
  const ctx = (self: number): RuleContext => ({
    kind,
    has: (t) => rules.some((r, i) => i !== self && r !== null && resolvedPlain(r.rule, kind) === t),
  });
  const resolved = rules.map((r, i) => (r === null ? null : typeof r.rule === 'function' ? r.rule(ctx(i)) : r.rule));

  const mapping: ImportMapping = {};
  const taken = new Set<string>();
  const order = table.headers.map((_, i) => i).sort((a, b) => (rules[b]?.strength ?? 0) - (rules[a]?.strength ?? 0) || a - b);
  for (const i of order) {
    const t = resolved[i] ?? null;
    if (t && !MULTI.has(t) && taken.has(t)) { mapping[i] = null; continue; }
    if (t) taken.add(t);
    mapping[i] = t;
  }
  // Listed in column order (the object's keys are integers: they iterate in order anyway).
  return mapping;
}

/** The rules that read the other columns (NAME, FN, a whole name): they are resolved against the others'
 * plain targets only, never against each other's answers. */
const CONTEXTUAL = new Set<Rule>([GENERIC.get('jmeno')!, VCARD.get('FN')!, FULL_NAME_UNLESS_PARTS]);
function isContextual(rule: Rule): boolean { return CONTEXTUAL.has(rule); }

function resolvedPlain(rule: Rule, kind: ImportKind): Target {
  if (typeof rule !== 'function') return rule;
  if (isContextual(rule)) return null;
  return rule({ kind, has: () => false });
}
