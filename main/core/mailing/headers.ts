// The words an export file carries, per export language: column headers, firm types, built-in
// person roles and the salutation. The core has no i18next, so they live here as plain maps
// (the headers match the UI's mailing.col.* labels, so the preview and the file agree).
// `ico` and `dic` hold each firm's ids by its country's scheme (shared/company-ids.ts: IČO,
// adószám or ИНН; DIČ, cégjegyzékszám or ОГРН): their headers name the role and the kinds in it,
// and `companyIds` labels each firm's own. Czech files keep "IČO" / "DIČ", what Czech programs
// reading them look for.
import type { FirmKind, Locale, Recipients } from '../../../shared/types.ts';
import { EXPORT_COLUMNS } from '../../../shared/types.ts';
import { firmSalutation, personSalutation, type SalutationPerson } from '../../../shared/salutation.ts';

type BuiltInColumn = (typeof EXPORT_COLUMNS)[number];

export const COLUMN_HEADERS: Record<Locale, Record<BuiltInColumn, string>> = {
  cs: {
    firmName: 'Název firmy', ico: 'IČO', dic: 'DIČ', vatId: 'IČ DPH', companyIds: 'Identifikátory firmy', kinds: 'Typ firmy', owner: 'Vlastník', segments: 'Segmenty',
    website: 'Web', firmEmail: 'E-mail firmy', firmPhone: 'Telefon firmy', street: 'Ulice', city: 'Obec', postalCode: 'PSČ',
    country: 'Stát', address1: 'Adresa – 1. řádek', address2: 'Adresa – 2. řádek', address3: 'Adresa – 3. řádek',
    titleBefore: 'Titul', firstName: 'Jméno', patronymic: 'Jméno po otci', lastName: 'Příjmení', titleAfter: 'Titul za jménem', jobTitle: 'Funkce',
    role: 'Role', email: 'E-mail', phone: 'Telefon', salutation: 'Oslovení', addressee: 'Adresát',
    lastContactAt: 'Poslední kontakt', openOpportunities: 'Otevřené obchodní případy', revenue12m: 'Tržby (12 měsíců)', createdAt: 'Založeno',
  },
  en: {
    firmName: 'Firm name', ico: 'Company ID (IČO / adószám / INN)', dic: 'Second ID (DIČ / cégjegyzékszám / OGRN)',
    vatId: 'IČ DPH (Slovak VAT ID)', companyIds: 'Company IDs', kinds: 'Firm type', owner: 'Owner', segments: 'Segments',
    website: 'Website', firmEmail: 'Firm e-mail', firmPhone: 'Firm phone', street: 'Street', city: 'City', postalCode: 'Postcode',
    country: 'Country', address1: 'Address line 1', address2: 'Address line 2', address3: 'Address line 3',
    titleBefore: 'Title', firstName: 'First name', patronymic: 'Patronymic', lastName: 'Last name', titleAfter: 'Title after', jobTitle: 'Job title',
    role: 'Role', email: 'E-mail', phone: 'Phone', salutation: 'Salutation', addressee: 'Addressee',
    lastContactAt: 'Last contact', openOpportunities: 'Open opportunities', revenue12m: 'Revenue (12 months)', createdAt: 'Created',
  },
  hu: {
    firmName: 'Cégnév', ico: 'Cégazonosító (IČO / adószám / INN)', dic: 'Második azonosító (DIČ / cégjegyzékszám / OGRN)',
    vatId: 'IČ DPH (szlovák közösségi adószám)', companyIds: 'Cégazonosítók', kinds: 'Cégtípus', owner: 'Felelős', segments: 'Szegmensek',
    website: 'Weboldal', firmEmail: 'Cég e-mail-címe', firmPhone: 'Cég telefonszáma', street: 'Utca', city: 'Település',
    postalCode: 'Irányítószám', country: 'Ország', address1: 'Cím 1. sora', address2: 'Cím 2. sora', address3: 'Cím 3. sora',
    titleBefore: 'Előtag', firstName: 'Utónév', patronymic: 'Apai név', lastName: 'Vezetéknév', titleAfter: 'Utótag', jobTitle: 'Beosztás',
    role: 'Szerep', email: 'E-mail', phone: 'Telefon', salutation: 'Megszólítás', addressee: 'Címzett',
    lastContactAt: 'Utolsó kapcsolat', openOpportunities: 'Nyitott lehetőségek', revenue12m: 'Árbevétel (12 hónap)', createdAt: 'Létrehozva',
  },
  ru: {
    firmName: 'Название фирмы', ico: 'Идентификатор (IČO / adószám / ИНН)', dic: 'Второй идентификатор (DIČ / cégjegyzékszám / ОГРН)',
    vatId: 'IČ DPH (НДС, Словакия)', companyIds: 'Реквизиты', kinds: 'Тип фирмы', owner: 'Ответственный',
    segments: 'Сегменты', website: 'Сайт', firmEmail: 'E-mail фирмы', firmPhone: 'Телефон фирмы', street: 'Улица', city: 'Город',
    postalCode: 'Индекс', country: 'Страна', address1: 'Адрес, строка 1', address2: 'Адрес, строка 2', address3: 'Адрес, строка 3',
    titleBefore: 'Титул', firstName: 'Имя', patronymic: 'Отчество', lastName: 'Фамилия', titleAfter: 'Титул после имени', jobTitle: 'Должность',
    role: 'Роль', email: 'E-mail', phone: 'Телефон', salutation: 'Обращение', addressee: 'Адресат',
    lastContactAt: 'Последний контакт', openOpportunities: 'Открытые сделки', revenue12m: 'Выручка (12 месяцев)', createdAt: 'Создано',
  },
};

export const KIND_LABELS: Record<Locale, Record<FirmKind, string>> = {
  cs: { customer: 'Zákazník', prospect: 'Zájemce', supplier: 'Dodavatel' },
  en: { customer: 'Customer', prospect: 'Prospect', supplier: 'Supplier' },
  hu: { customer: 'Ügyfél', prospect: 'Potenciális ügyfél', supplier: 'Beszállító' },
  ru: { customer: 'Клиент', prospect: 'Потенциальный клиент', supplier: 'Поставщик' },
};

/**
 * The salutation of a letter, without its closing punctuation (the template adds "," or "!"):
 * the person's stored salutation, else the rules of shared/salutation.ts (the Czech vocative,
 * Hungarian family-name order, the Russian name and patronymic) in the export's language; a row
 * without a person greets the firm.
 */
export function salutation(locale: Locale, person: SalutationPerson | null): string {
  return person ? personSalutation(person, { language: locale, style: 'formal' }) : firmSalutation({ language: locale, style: 'formal' });
}

/** What an export of an unsaved selection is called when the UI gives no name (the CLI): its file
 * "Adresář firem 2026-12-07.xlsx" and its sheet. Matches the UI's mailing.export.untitled_*. */
export const UNTITLED: Record<Locale, Record<Recipients, string>> = {
  cs: { firms: 'Adresář firem', people: 'Adresář osob' },
  en: { firms: 'Firm directory', people: 'People directory' },
  hu: { firms: 'Cégek címjegyzéke', people: 'Személyek címjegyzéke' },
  ru: { firms: 'Список фирм', people: 'Список сотрудников' },
};
