import { describe, expect, it } from 'vitest';
import type { Gender, Locale } from './types.ts';
import { firmSalutation, personAddressee, personSalutation, suggestAddressee, suggestSalutation, type SalutationPerson } from './salutation.ts';

const P = (titleBefore: string, firstName: string, lastName: string, titleAfter = '', gender: Gender = 'unspecified', over: Partial<SalutationPerson> = {}): SalutationPerson =>
  ({ titleBefore, firstName, lastName, titleAfter, gender, ...over });

// [language, person, formal, informal]
const TABLE: [Locale, SalutationPerson, string, string][] = [
  // Czech: surname vocative, -ová unchanged, first-name vocative for the informal style.
  ['cs', P('', 'Jan', 'Novák', '', 'male'), 'Vážený pane Nováku', 'Milý Jane'],
  ['cs', P('', 'Jana', 'Nováková', '', 'female'), 'Vážená paní Nováková', 'Milá Jano'],
  ['cs', P('', 'Petr', 'Svoboda', '', 'male'), 'Vážený pane Svobodo', 'Milý Petře'],
  ['cs', P('', 'Marek', 'Dvořák', '', 'male'), 'Vážený pane Dvořáku', 'Milý Marku'],
  ['cs', P('', 'Tomáš', 'Procházka', '', 'male'), 'Vážený pane Procházko', 'Milý Tomáši'],
  ['cs', P('', 'Jiří', 'Černý', '', 'male'), 'Vážený pane Černý', 'Milý Jiří'],
  ['cs', P('', 'Lukáš', 'Němec', '', 'male'), 'Vážený pane Němče', 'Milý Lukáši'],
  ['cs', P('', 'Marie', 'Svobodová', '', 'female'), 'Vážená paní Svobodová', 'Milá Marie'],
  ['cs', P('', 'Pavel', 'Kučera', '', 'male'), 'Vážený pane Kučero', 'Milý Pavle'],
  ['cs', P('', 'Zdeněk', 'Sedláček', '', 'male'), 'Vážený pane Sedláčku', 'Milý Zdeňku'],
  ['cs', P('', 'Martin', 'Veselý', '', 'male'), 'Vážený pane Veselý', 'Milý Martine'],
  ['cs', P('', 'Václav', 'Beneš', '', 'male'), 'Vážený pane Beneši', 'Milý Václave'],
  ['cs', P('', 'Ondřej', 'Kříž', '', 'male'), 'Vážený pane Kříži', 'Milý Ondřeji'],
  ['cs', P('', 'Vojtěch', 'Hájek', '', 'male'), 'Vážený pane Hájku', 'Milý Vojtěchu'],
  ['cs', P('', 'Karel', 'Krejčí', '', 'male'), 'Vážený pane Krejčí', 'Milý Karle'],
  ['cs', P('', 'Kateřina', 'Marešová', '', 'female'), 'Vážená paní Marešová', 'Milá Kateřino'],
  ['cs', P('', 'Lucie', 'Černá', '', 'female'), 'Vážená paní Černá', 'Milá Lucie'],
  ['cs', P('', 'Hana', 'Krejčí', '', 'female'), 'Vážená paní Krejčí', 'Milá Hano'],
  // Czech titles: the highest one replaces the surname.
  ['cs', P('Ing.', 'Jan', 'Novák', '', 'male'), 'Vážený pane inženýre', 'Milý Jane'],
  ['cs', P('Ing.', 'Eva', 'Horáková', '', 'female'), 'Vážená paní inženýrko', 'Milá Evo'],
  ['cs', P('Mgr.', 'Josef', 'Zeman', '', 'male'), 'Vážený pane magistře', 'Milý Josefe'],
  ['cs', P('Mgr.', 'Alena', 'Zemanová', '', 'female'), 'Vážená paní magistro', 'Milá Aleno'],
  ['cs', P('MUDr.', 'Michal', 'Kolář', '', 'male'), 'Vážený pane doktore', 'Milý Michale'],
  ['cs', P('JUDr.', 'Jitka', 'Pokorná', '', 'female'), 'Vážená paní doktorko', 'Milá Jitko'],
  ['cs', P('Ing.', 'Radek', 'Vaněk', 'Ph.D.', 'male'), 'Vážený pane doktore', 'Milý Radku'],
  ['cs', P('doc. Ing.', 'Miroslav', 'Blažek', 'CSc.', 'male'), 'Vážený pane docente', 'Milý Miroslave'],
  ['cs', P('doc. RNDr.', 'Dana', 'Musilová', '', 'female'), 'Vážená paní docentko', 'Milá Dano'],
  ['cs', P('prof. MUDr.', 'Jaroslav', 'Navrátil', 'DrSc.', 'male'), 'Vážený pane profesore', 'Milý Jaroslave'],
  ['cs', P('prof. PhDr.', 'Ludmila', 'Holubová', '', 'female'), 'Vážená paní profesorko', 'Milá Ludmilo'],
  // Czech, gender unspecified: inferred from the surname or the first name, else neutral.
  ['cs', P('', 'Jana', 'Dvořáková'), 'Vážená paní Dvořáková', 'Milá Jano'],
  ['cs', P('', 'Filip', 'Urban'), 'Vážený pane Urbane', 'Milý Filipe'],
  ['cs', P('', '', 'Nguyen'), 'Vážená paní, vážený pane', 'Dobrý den'],
  // Czech letter to a foreigner: the language of the letter decides.
  ['cs', P('', 'John', 'Smith', '', 'male'), 'Vážený pane Smithe', 'Milý Johne'],
  // Hungarian: family name first.
  ['hu', P('', 'János', 'Kovács', '', 'male'), 'Tisztelt Kovács Úr', 'Kedves János'],
  ['hu', P('Dr.', 'László', 'Nagy', '', 'male'), 'Tisztelt Dr. Nagy Úr', 'Kedves László'],
  ['hu', P('', 'Anna', 'Szabó', '', 'female'), 'Tisztelt Szabó Anna Asszony', 'Kedves Anna'],
  ['hu', P('', 'Katalin', 'Tóthné', '', 'female'), 'Tisztelt Tóthné Asszony', 'Kedves Katalin'],
  ['hu', P('', 'Zoltán', 'Horváth'), 'Tisztelt Horváth Zoltán', 'Kedves Zoltán'],
  ['hu', P('Ing.', 'Jan', 'Novák', '', 'male'), 'Tisztelt Novák Úr', 'Kedves Jan'],
  // Russian: given name and patronymic (stored in firstName), else господин/госпожа + surname.
  ['ru', P('', 'Иван Петрович', 'Иванов', '', 'male'), 'Уважаемый Иван Петрович', 'Дорогой Иван'],
  ['ru', P('', 'Анна Сергеевна', 'Петрова', '', 'female'), 'Уважаемая Анна Сергеевна', 'Дорогая Анна'],
  ['ru', P('', 'Ольга Ильинична', 'Смирнова'), 'Уважаемая Ольга Ильинична', 'Дорогая Ольга'],
  ['ru', P('', 'Никита Сергеевич', 'Кузнецов'), 'Уважаемый Никита Сергеевич', 'Дорогой Никита'],
  ['ru', P('', 'Игорь', 'Соколов', '', 'male'), 'Уважаемый господин Соколов', 'Дорогой Игорь'],
  ['ru', P('', 'Мария', 'Попова'), 'Уважаемая госпожа Попова', 'Дорогая Мария'],
  ['ru', P('', 'Jana', 'Nováková', '', 'female'), 'Уважаемая госпожа Nováková', 'Дорогая Jana'],
  // English.
  ['en', P('', 'John', 'Smith', '', 'male'), 'Dear Mr Smith', 'Dear John'],
  ['en', P('', 'Emma', 'Brown', '', 'female'), 'Dear Ms Brown', 'Dear Emma'],
  ['en', P('Dr', 'Sarah', 'Jones', '', 'female'), 'Dear Dr Jones', 'Dear Sarah'],
  ['en', P('prof. Ing.', 'Tomáš', 'Procházka', '', 'male'), 'Dear Professor Procházka', 'Dear Tomáš'],
  ['en', P('', 'Alex', 'Taylor'), 'Dear Alex Taylor', 'Dear Alex'],
  ['en', P('', 'Jana', 'Nováková'), 'Dear Ms Nováková', 'Dear Jana'],
];

describe('suggestSalutation', () => {
  it('covers at least 40 real names', () => expect(TABLE.length).toBeGreaterThanOrEqual(40));
  it.each(TABLE)('%s %o: formal and informal', (language, p, formal, informal) => {
    expect(suggestSalutation(p, { language, style: 'formal' })).toBe(formal);
    expect(suggestSalutation(p, { language, style: 'informal' })).toBe(informal);
  });
});

describe('suggestAddressee', () => {
  it('writes the name line by the custom of the letter\'s language', () => {
    const novak = P('Ing.', 'Jan', 'Novák', 'Ph.D.', 'male');
    expect(suggestAddressee(novak, { language: 'cs' })).toBe('Ing. Jan Novák, Ph.D.');
    expect(suggestAddressee(novak, { language: 'en' })).toBe('Ing. Jan Novák, Ph.D.');
    expect(suggestAddressee(novak, { language: 'ru' })).toBe('Ing. Jan Novák, Ph.D.'); // Latin names are never declined
    expect(suggestAddressee(P('Dr.', 'János', 'Kovács', '', 'male'), { language: 'hu' })).toBe('Dr. Kovács János');
    expect(suggestAddressee(P('', 'John', 'Smith', '', 'male'), { language: 'en' })).toBe('Mr John Smith');
    expect(suggestAddressee(P('', 'Emma', 'Brown', '', 'female'), { language: 'en' })).toBe('Ms Emma Brown');
    expect(suggestAddressee(P('', 'Alex', 'Taylor'), { language: 'en' })).toBe('Alex Taylor');
  });
  it('puts Russian names in the dative, family name first', () => {
    expect(suggestAddressee(P('', 'Иван Петрович', 'Иванов', '', 'male'), { language: 'ru' })).toBe('Иванову Ивану Петровичу');
    expect(suggestAddressee(P('', 'Анна Сергеевна', 'Петрова'), { language: 'ru' })).toBe('Петровой Анне Сергеевне');
    expect(suggestAddressee(P('', 'Мария', 'Кузнецова', '', 'female'), { language: 'ru' })).toBe('Кузнецовой Марии');
    // Unknown gender and nothing to infer it from: nominative, never a wrong case.
    expect(suggestAddressee(P('', 'Саша', 'Ким'), { language: 'ru' })).toBe('Ким Саша');
  });
});

describe('the patronymic as a field of its own (issue 14)', () => {
  const alexej = { titleBefore: '', firstName: 'Алексей', patronymic: 'Петрович', lastName: 'Лебедев', titleAfter: '', gender: 'unspecified' as const };
  const anna = { titleBefore: '', firstName: 'Анна', patronymic: 'Сергеевна', lastName: 'Смирнова', titleAfter: '', gender: 'unspecified' as const };
  it('greets by given name and patronymic, the gender read from the patronymic', () => {
    expect(suggestSalutation(alexej, { language: 'ru', style: 'formal' })).toBe('Уважаемый Алексей Петрович');
    expect(suggestSalutation(anna, { language: 'ru', style: 'formal' })).toBe('Уважаемая Анна Сергеевна');
    expect(suggestSalutation(anna, { language: 'ru', style: 'informal' })).toBe('Дорогая Анна');
    // No other language greets with it.
    expect(suggestSalutation({ ...alexej, firstName: 'Alexej', patronymic: 'Petrovič', lastName: 'Lebeděv' }, { language: 'cs', style: 'formal' })).toBe('Vážený pane Lebeděve');
    expect(suggestSalutation({ ...alexej, firstName: 'Alexei', patronymic: 'Petrovich', lastName: 'Lebedev' }, { language: 'en', style: 'informal' })).toBe('Dear Alexei');
  });
  it('addresses in the dative, family name, given name, patronymic; keeps it in other languages’ full name', () => {
    expect(suggestAddressee(alexej, { language: 'ru' })).toBe('Лебедеву Алексею Петровичу');
    expect(suggestAddressee(anna, { language: 'ru' })).toBe('Смирновой Анне Сергеевне');
    expect(suggestAddressee(alexej, { language: 'cs' })).toBe('Алексей Петрович Лебедев');
    expect(suggestAddressee(alexej, { language: 'hu' })).toBe('Лебедев Алексей Петрович');
  });
  it('reads the same as a patronymic still typed after the given name', () => {
    const legacy = { ...alexej, firstName: 'Алексей Петрович', patronymic: '' };
    expect(suggestSalutation(legacy, { language: 'ru', style: 'formal' })).toBe(suggestSalutation(alexej, { language: 'ru', style: 'formal' }));
    expect(suggestAddressee(legacy, { language: 'ru' })).toBe(suggestAddressee(alexej, { language: 'ru' }));
  });
});

describe('stored overrides', () => {
  const novak = P('Ing.', 'Jan', 'Novák', '', 'male', { salutation: 'Milý Honzo,', addressee: 'Ing. Jan Novák, jednatel' });
  it('the stored salutation wins in the formal style (trailing punctuation dropped), the rule in the informal one', () => {
    expect(personSalutation(novak, { language: 'cs', style: 'formal' })).toBe('Milý Honzo');
    expect(personSalutation(novak, { language: 'cs', style: 'informal' })).toBe('Milý Jane');
  });
  it('the stored addressee wins in every language; blank means the suggestion', () => {
    expect(personAddressee(novak, { language: 'hu' })).toBe('Ing. Jan Novák, jednatel');
    const plain = { ...novak, salutation: '  ', addressee: '' };
    expect(personSalutation(plain, { language: 'cs', style: 'formal' })).toBe('Vážený pane inženýre');
    expect(personAddressee(plain, { language: 'hu' })).toBe('Ing. Novák Jan');
  });
  it('family name first is for Hungarian names: a Czech person in a Hungarian letter keeps his order', () => {
    const plain = { ...novak, salutation: '', addressee: '' };
    expect(personAddressee(plain, { language: 'hu', country: 'CZ' })).toBe('Ing. Jan Novák');
    expect(personAddressee(plain, { language: 'hu', country: 'HU' })).toBe('Ing. Novák Jan');
    expect(suggestAddressee(P('Dr.', 'János', 'Kovács', '', 'male'), { language: 'hu', country: 'hu' })).toBe('Dr. Kovács János');
  });
});

describe('firmSalutation', () => {
  it('greets a firm in each language', () => {
    expect(firmSalutation({ language: 'cs', style: 'formal' })).toBe('Vážení obchodní přátelé');
    expect(firmSalutation({ language: 'en', style: 'formal' })).toBe('Dear Sir or Madam');
    expect(firmSalutation({ language: 'hu', style: 'formal' })).toBe('Tisztelt Hölgyem/Uram');
    expect(firmSalutation({ language: 'ru', style: 'formal' })).toBe('Уважаемые господа');
    expect(firmSalutation({ language: 'cs', style: 'informal' })).toBe('Dobrý den');
  });
});
