// Salutations ("Vážený pane Nováku") and addressee lines ("Ing. Jan Novák, Ph.D.") by the
// custom of the LETTER's language (not of the person's name). Pure: used by the core (letters,
// mailing exports) and by the renderer (the person dialog's suggestions).
//
// Decisions, per language:
//  - cs: the Czech vocative (czech-vocative, a typed, case-preserving ESM/CJS repackaging of the
//    `vokativ` suffix tables). Women's surnames never change ("paní Nováková"). A title replaces
//    the surname, the highest one wins: prof. > doc. > doctor (MUDr., JUDr., PhDr., RNDr., …, and
//    Ph.D./CSc./DrSc. after the name, as Czech etiquette addresses them) > Ing. > Mgr./MgA.
//    ("Vážený pane inženýre", "Vážená paní doktorko"). Bc. is not used in address. Informal:
//    "Milý Petře" / "Milá Jano".
//  - hu: family name first. Men "Tisztelt Kovács Úr"; women "Tisztelt Kovács Anna Asszony" (the
//    family name alone with Asszony reads as a married-name form, so only a "-né" name is used
//    alone: "Tisztelt Kovácsné Asszony"); a doctor "Tisztelt Dr. Kovács Úr". Informal "Kedves János".
//    The addressee is "Dr. Kovács János" (Hungarian order, titles as written).
//  - ru: the patronymic (отчество) is a field of its own (people.patronymic, 0008); a record that
//    still has it typed after the given name ("Иван Петрович" as the first name) is read the same
//    way. With it "Уважаемый Иван Петрович" (the respectful form, no surname); without it
//    "Уважаемый господин Иванов". Informal "Дорогой Иван". The addressee of a Cyrillic name is in
//    the dative, family name, given name, patronymic — the order of the Russian postal rules
//    ("наименование адресата: фамилия, имя, отчество") and of business letters ("Кому":
//    "Иванову Ивану Петровичу"; GOST R 7.0.97), declined by petrovich; names in other scripts are
//    never declined.
//  - The patronymic is part of the full name in every language's addressee ("Ing. Alexej
//    Petrovič Lebedev", Hungarian order "Lebegyev Alekszej Petrovics"); only Russian greets with it.
//  - en: British style without full stops: "Dear Mr Smith", "Dear Ms Smith", "Dear Dr Smith",
//    "Dear Professor Smith"; informal "Dear John". The addressee keeps a person's own titles
//    ("Ing. Jan Novák, Ph.D."), else "Mr John Smith" / "Ms Jane Smith".
// Unknown gender is inferred from the name (-ová/-á, Russian -ова/-ович/-овна, Hungarian -né,
// Czech first names); when it cannot be, each language has a neutral form.
import { isWoman as czIsWoman, vocative } from 'czech-vocative';
import petrovich from 'petrovich';
import type { Gender, Locale, SalutationStyle } from './types.ts';

export interface SalutationPerson {
  titleBefore: string;
  firstName: string;
  /** The Russian отчество; '' or absent = none (or still typed after the first name). */
  patronymic?: string;
  lastName: string;
  titleAfter: string;
  gender: Gender;
  /** Stored overrides, '' = none. */
  salutation?: string;
  addressee?: string;
}

type Sex = 'male' | 'female' | null;
type TitleRank = 'prof' | 'doc' | 'dr' | 'ing' | 'mgr' | null;

const clean = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
const words = (s: string) => clean(s).split(' ').filter(Boolean);
const isLatin = (s: string) => /^[\p{Script=Latin}\s'’.-]+$/u.test(s);
const isCyrillic = (s: string) => /^[\p{Script=Cyrillic}\s'’.-]+$/u.test(s);

const DOCTOR_TITLES = new Set([
  'dr.', 'mudr.', 'mvdr.', 'mddr.', 'judr.', 'phdr.', 'rndr.', 'paeddr.', 'pharmdr.', 'thdr.', 'rsdr.', 'artd.',
  'ph.d.', 'phd', 'phd.', 'csc.', 'drsc.', 'th.d.', 'dr', 'med.', 'univ.',
]);

/** The highest academic title of a person, as Czech (and, for Dr/Prof, other) address uses it. */
function titleRank(p: SalutationPerson): TitleRank {
  const tokens = `${p.titleBefore} ${p.titleAfter}`.toLowerCase().split(/[\s,]+/).filter(Boolean);
  const has = (test: (t: string) => boolean) => tokens.some(test);
  if (has((t) => t === 'prof.' || t === 'prof')) return 'prof';
  if (has((t) => t === 'doc.' || t === 'doc')) return 'doc';
  if (has((t) => DOCTOR_TITLES.has(t) || /^[a-z]*dr\.$/.test(t))) return 'dr';
  if (has((t) => t === 'ing.' || t === 'ing')) return 'ing';
  if (has((t) => t === 'mgr.' || t === 'mga.' || t === 'mgr')) return 'mgr';
  return null;
}

// ---- Russian names -----------------------------------------------------------------------------

const PATRONYMIC = /(ович|евич|ьич|ич|овна|евна|ична|инична)$/iu;

/** "Иван Петрович" → given "Иван", patronymic "Петрович"; a second word that is no patronymic
 * stays part of the given name. */
function splitRussian(firstName: string): { given: string; patronymic: string } {
  const w = words(firstName);
  if (w.length >= 2 && PATRONYMIC.test(w[w.length - 1]!)) return { given: w.slice(0, -1).join(' '), patronymic: w[w.length - 1]! };
  return { given: w.join(' '), patronymic: '' };
}

/** The given name and the patronymic: the stored one, else one typed after the given name. */
function russianNames(p: SalutationPerson): { given: string; patronymic: string } {
  const own = clean(p.patronymic);
  return own ? { given: clean(p.firstName), patronymic: own } : splitRussian(p.firstName);
}

// ---- gender ------------------------------------------------------------------------------------

/** The stored gender, else what the name says, else null (use a neutral form). */
function sexOf(p: SalutationPerson, language: Locale): Sex {
  if (p.gender === 'male' || p.gender === 'female') return p.gender;
  const last = clean(p.lastName).toLowerCase();
  const firstWords = words(p.firstName);
  const { given, patronymic } = russianNames(p);
  if (patronymic) {
    const g = petrovich.detect_gender(patronymic);
    if (g === 'male' || g === 'female') return g;
  }
  if (/(á|ova|ая|ова|ева|ина|ына|né)$/u.test(last)) return 'female';
  if (/(ý|ов|ев|ин|ын|ий|ой)$/u.test(last)) return 'male';
  const first = (given || firstWords[0] || '').toLowerCase();
  if (!first) return null;
  if (isLatin(first)) {
    if (czIsWoman(first)) return 'female';
    // Czech men's names end in a consonant (Petr, Jan, Tomáš; Jiří is the exception we accept);
    // trusted only in Czech letters, where the names are mostly Czech.
    if (language === 'cs' && (/[bcčdďfghjklmnňprřsštťvwxzž]$/u.test(first) || first === 'jiří')) return 'male';
  }
  if (isCyrillic(first)) {
    if (/[ая]$/u.test(first) && !/(илья|никита|фома|кузьма|лука|саша|миша|гриша|женя|ваня|коля)$/u.test(first)) return 'female';
    if (/[бвгджзйклмнпрстфхцчшщ]$/u.test(first)) return 'male';
  }
  return null;
}

// ---- per language ------------------------------------------------------------------------------

const CS_TITLE: Record<Exclude<TitleRank, null>, { male: string; female: string }> = {
  prof: { male: 'profesore', female: 'profesorko' },
  doc: { male: 'docente', female: 'docentko' },
  dr: { male: 'doktore', female: 'doktorko' },
  ing: { male: 'inženýre', female: 'inženýrko' },
  mgr: { male: 'magistře', female: 'magistro' },
};

/** The vocative of a Latin-script name; other scripts stay as written. */
function csVocative(name: string, sex: 'male' | 'female', lastName: boolean): string {
  if (!name || !isLatin(name)) return name;
  if (sex === 'female') return lastName ? name : vocative(name, true, false);
  return vocative(name, false, lastName);
}

function czech(p: SalutationPerson, style: SalutationStyle): string {
  const sex = sexOf(p, 'cs');
  const last = clean(p.lastName);
  const first = words(russianNames(p).given)[0] ?? '';
  if (style === 'informal' && first) {
    if (sex === 'male') return `Milý ${csVocative(first, 'male', false)}`;
    if (sex === 'female') return `Milá ${csVocative(first, 'female', false)}`;
    return `Dobrý den, ${first}`;
  }
  const opener = style === 'informal' ? { male: 'Milý', female: 'Milá' } : { male: 'Vážený', female: 'Vážená' };
  if (!sex) return style === 'informal' ? 'Dobrý den' : 'Vážená paní, vážený pane';
  const rank = titleRank(p);
  const tail = rank ? CS_TITLE[rank][sex] : csVocative(last, sex, true);
  return sex === 'male' ? `${opener.male} pane ${tail}`.trim() : `${opener.female} paní ${tail}`.trim();
}

function hungarian(p: SalutationPerson, style: SalutationStyle): string {
  const sex = sexOf(p, 'hu');
  const last = clean(p.lastName);
  const first = russianNames(p).given;
  if (style === 'informal' && first) return `Kedves ${first}`;
  const rank = titleRank(p);
  const prefix = rank === 'prof' ? 'Prof. ' : rank === 'dr' ? 'Dr. ' : '';
  if (sex === 'male') return `Tisztelt ${prefix}${last} Úr`;
  if (sex === 'female') return /né$/u.test(last) || !first ? `Tisztelt ${prefix}${last} Asszony` : `Tisztelt ${prefix}${last} ${first} Asszony`;
  return first ? `Tisztelt ${prefix}${last} ${first}` : 'Tisztelt Hölgyem/Uram';
}

function russian(p: SalutationPerson, style: SalutationStyle): string {
  const sex = sexOf(p, 'ru');
  const last = clean(p.lastName);
  const { given, patronymic } = russianNames(p);
  const dear = { male: 'Дорогой', female: 'Дорогая' };
  const respected = { male: 'Уважаемый', female: 'Уважаемая' };
  if (style === 'informal' && given) return sex ? `${dear[sex]} ${given}` : `Здравствуйте, ${given}`;
  if (given && patronymic) return sex ? `${respected[sex]} ${given} ${patronymic}` : `Здравствуйте, ${given} ${patronymic}`;
  if (sex === 'male') return `Уважаемый господин ${last}`;
  if (sex === 'female') return `Уважаемая госпожа ${last}`;
  return `Здравствуйте, ${[given, last].filter(Boolean).join(' ')}`;
}

function english(p: SalutationPerson, style: SalutationStyle): string {
  const sex = sexOf(p, 'en');
  const last = clean(p.lastName);
  const first = words(russianNames(p).given)[0] ?? '';
  if (style === 'informal' && first) return `Dear ${first}`;
  const rank = titleRank(p);
  if (rank === 'prof') return `Dear Professor ${last}`;
  if (rank === 'dr') return `Dear Dr ${last}`;
  if (sex === 'male') return `Dear Mr ${last}`;
  if (sex === 'female') return `Dear Ms ${last}`;
  return first ? `Dear ${first} ${last}` : 'Dear Sir or Madam';
}

// ---- addressee ---------------------------------------------------------------------------------

/** "Ing. Jana Nováková, Ph.D."; with familyFirst "Dr. Kovács János". The patronymic follows the
 * given name either way ("Alexej Petrovič Lebedev", "Lebegyev Alekszej Petrovics"). */
function nameLine(p: SalutationPerson, familyFirst: boolean, firstName = p.firstName, lastName = p.lastName): string {
  const patronymic = clean(p.patronymic);
  const names = familyFirst ? [lastName, firstName, patronymic] : [firstName, patronymic, lastName];
  const core = [p.titleBefore, ...names].map(clean).filter(Boolean).join(' ');
  const after = clean(p.titleAfter);
  return after ? `${core}, ${after}` : core;
}

function russianAddressee(p: SalutationPerson): string {
  const last = clean(p.lastName);
  const { given, patronymic } = russianNames(p);
  if (!isCyrillic(`${last} ${given} ${patronymic}`.trim())) return nameLine(p, false);
  const sex = sexOf(p, 'ru');
  const family = (l: string, g: string, m: string) => [clean(p.titleBefore), l, g, m, clean(p.titleAfter)].filter(Boolean).join(' ');
  if (!sex) return family(last, given, patronymic);
  const d = petrovich({ gender: sex, last, ...(given ? { first: given } : {}), ...(patronymic ? { middle: patronymic } : {}) }, 'dative');
  return family(d.last ?? last, d.first ?? given, d.middle ?? patronymic);
}

// ---- the API -----------------------------------------------------------------------------------

/** The rule's suggestion in the letter's language and style (without trailing comma). */
export function suggestSalutation(p: SalutationPerson, o: { language: Locale; style: SalutationStyle }): string {
  switch (o.language) {
    case 'cs': return czech(p, o.style);
    case 'hu': return hungarian(p, o.style);
    case 'ru': return russian(p, o.style);
    case 'en': return english(p, o.style);
  }
}

/** The name line of the address block / "addressee": CZ/EN "Ing. Jan Novák, Ph.D.", HU
 * "Dr. Kovács János", RU (Cyrillic names) the dative "Иванову Ивану Петровичу". English letters
 * give an untitled person "Mr"/"Ms". Family name first belongs to Hungarian names, not to the
 * Hungarian language: with the person's country known (their firm's), a Czech "Petr Svoboda" in
 * a Hungarian letter stays "Petr Svoboda"; unknown (a form's preview), Hungarian order. */
export function suggestAddressee(p: SalutationPerson, o: { language: Locale; country?: string | null }): string {
  switch (o.language) {
    case 'cs': return nameLine(p, false);
    case 'hu': return nameLine(p, (o.country ?? 'HU').toUpperCase() === 'HU');
    case 'ru': return russianAddressee(p);
    case 'en': {
      if (clean(p.titleBefore)) return nameLine(p, false);
      const sex = sexOf(p, 'en');
      const line = nameLine(p, false);
      return sex === 'male' ? `Mr ${line}` : sex === 'female' ? `Ms ${line}` : line;
    }
  }
}

const stored = (s: string | undefined) => clean(s).replace(/[,!]+$/u, '').trim();

/** What a letter prints: the stored one when set (formal style), else the suggestion. */
export function personSalutation(p: SalutationPerson, o: { language: Locale; style: SalutationStyle }): string {
  const own = stored(p.salutation);
  return own && o.style === 'formal' ? own : suggestSalutation(p, o);
}

export function personAddressee(p: SalutationPerson, o: { language: Locale; country?: string | null }): string {
  return clean(p.addressee) || suggestAddressee(p, o);
}

/** No person (letter to the firm): "Vážení obchodní přátelé" / "Dear Sir or Madam" / "Tisztelt Hölgyem/Uram" / "Уважаемые господа". */
export function firmSalutation(o: { language: Locale; style: SalutationStyle }): string {
  const formal = o.style === 'formal';
  switch (o.language) {
    case 'cs': return formal ? 'Vážení obchodní přátelé' : 'Dobrý den';
    case 'hu': return formal ? 'Tisztelt Hölgyem/Uram' : 'Kedves Partnerünk';
    case 'ru': return formal ? 'Уважаемые господа' : 'Здравствуйте';
    case 'en': return formal ? 'Dear Sir or Madam' : 'Hello';
  }
}
