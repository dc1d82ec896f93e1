// A firm's company ids by the scheme of its country: what they are called, how they are written
// and how their check digits are checked. Pure: the firm form (labels, instant errors), the
// contract (the authority), the card, exports and printed documents all read the same table.
//
// Where they are kept: three columns whatever the country, by their ROLE, not by a Czech name.
//   ico    the principal id — the one the firm is known and looked up by: CZ/SK IČO,
//          HU adószám (tax number), RU ИНН. Completeness counts it, the duplicate finder
//          matches on it, the list shows it, the `firms_ico` index finds it.
//   dic    the second id: CZ/SK DIČ, HU cégjegyzékszám (company registration number),
//          RU ОГРН (ОГРНИП for a sole trader).
//   vat_id the third, only where a country has one apart: SK IČ DPH.
// Keeping the principal id in one indexed column (rather than adószám/ИНН in `dic` "because they
// are tax numbers") is what lets completeness, matching, search and the list work for every
// country without asking which column holds it.
//
// Countries without a scheme of their own keep the Czech one (IČO and a prefixed VAT id), as
// every firm had before ids became per country.
import { isValidDic, isValidIco, normalizeIco } from './validation.ts';

export type CompanyIdField = 'ico' | 'dic' | 'vatId';

export interface CompanyIdSpec {
  field: CompanyIdField;
  /** The id's own name in its country, as its documents print it ("Adószám", "ИНН"). */
  name: string;
  /** A well-formed example, for placeholders. */
  example: string;
  /** The i18n key of the field error for a value that does not check. */
  error: string;
  /** As the id is written (separators, padding); the form of the value that is stored. */
  normalize(value: string): string;
  valid(normalized: string): boolean;
}

const compact = (v: string) => v.replace(/\s+/g, '');
const digits = (v: string) => v.replace(/[\s-]+/g, '');
const weighted = (d: string, weights: readonly number[]) => weights.reduce((sum, w, i) => sum + w * Number(d[i]), 0);

/** HU adószám "12345678-1-42": törzsszám (8 digits, the last a check digit over weights
 * 9,7,3,1,9,7,3), VAT status code 1–5, county code. */
export function isValidHuTaxNumber(v: string): boolean {
  const m = /^(\d{8})-([1-5])-(\d{2})$/.exec(v);
  if (!m) return false;
  const base = m[1]!;
  return (10 - (weighted(base, [9, 7, 3, 1, 9, 7, 3]) % 10)) % 10 === Number(base[7]);
}

/** HU cégjegyzékszám "01-09-123456": court (01 Budapest … 20), company form, serial number. */
export function isValidHuCompanyReg(v: string): boolean {
  const m = /^(\d{2})-(\d{2})-(\d{6})$/.exec(v);
  return !!m && Number(m[1]) >= 1 && Number(m[1]) <= 20 && Number(m[2]) >= 1;
}

/** RU ИНН: 10 digits (an organisation, one check digit) or 12 (a person or sole trader, two). */
export function isValidInn(v: string): boolean {
  const check = (d: string, weights: number[]) => (weighted(d, weights) % 11) % 10;
  if (/^\d{10}$/.test(v)) return check(v, [2, 4, 10, 3, 5, 9, 4, 6, 8]) === Number(v[9]);
  if (/^\d{12}$/.test(v)) {
    return check(v, [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === Number(v[10])
      && check(v, [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === Number(v[11]);
  }
  return false;
}

/** The remainder of a long decimal number, digit by digit (13–15 digits exceed a double's exact range). */
function mod(d: string, m: number): number {
  let r = 0;
  for (const c of d) r = (r * 10 + Number(c)) % m;
  return r;
}

/** RU ОГРН: 13 digits, the first 12 as a number mod 11 (mod 10) is the last; ОГРНИП: 15 digits, mod 13. */
export function isValidOgrn(v: string): boolean {
  if (/^\d{13}$/.test(v)) return mod(v.slice(0, 12), 11) % 10 === Number(v[12]);
  if (/^\d{15}$/.test(v)) return mod(v.slice(0, 14), 13) % 10 === Number(v[14]);
  return false;
}

/** SK IČ DPH: SK and 10 digits, the number divisible by 11. */
export function isValidSkVatId(v: string): boolean {
  return /^SK[1-9]\d{9}$/.test(v) && mod(v.slice(2), 11) === 0;
}

const czIco: CompanyIdSpec = {
  field: 'ico', name: 'IČO', example: '25596641', error: 'errors.ico_checksum', normalize: normalizeIco, valid: isValidIco,
};
const czDic: CompanyIdSpec = {
  field: 'dic', name: 'DIČ', example: 'CZ25596641', error: 'errors.dic',
  normalize: (v) => compact(v).toUpperCase(), valid: isValidDic,
};

const SCHEMES: Record<string, CompanyIdSpec[]> = {
  CZ: [czIco, czDic],
  SK: [
    czIco, // the Slovak IČO has the Czech shape and check digit (one register until 1993)
    { field: 'dic', name: 'DIČ', example: '2022749619', error: 'errors.sk_dic', normalize: digits, valid: (v) => /^[1-9]\d{9}$/.test(v) },
    {
      field: 'vatId', name: 'IČ DPH', example: 'SK2022749619', error: 'errors.sk_vat_id',
      normalize: (v) => { const c = digits(v).toUpperCase(); return /^\d{10}$/.test(c) ? `SK${c}` : c; }, valid: isValidSkVatId,
    },
  ],
  HU: [
    {
      field: 'ico', name: 'Adószám', example: '12345676-2-41', error: 'errors.hu_tax_number',
      normalize: (v) => { const d = digits(v); return /^\d{11}$/.test(d) ? `${d.slice(0, 8)}-${d[8]}-${d.slice(9)}` : compact(v); },
      valid: isValidHuTaxNumber,
    },
    {
      field: 'dic', name: 'Cégjegyzékszám', example: '01-09-123456', error: 'errors.hu_company_reg',
      // "Cg. 01-09-123456" as court documents write it: the "Cg." is not part of the number.
      normalize: (v) => { const d = digits(v.replace(/^\s*cg\.?/i, '')); return /^\d{10}$/.test(d) ? `${d.slice(0, 2)}-${d.slice(2, 4)}-${d.slice(4)}` : compact(v); },
      valid: isValidHuCompanyReg,
    },
  ],
  RU: [
    { field: 'ico', name: 'ИНН', example: '7707083893', error: 'errors.ru_inn', normalize: digits, valid: isValidInn },
    { field: 'dic', name: 'ОГРН', example: '1027700132195', error: 'errors.ru_ogrn', normalize: digits, valid: isValidOgrn },
  ],
};

/** The ids a firm of this country has, in the order its documents list them. */
export function companyIdSpecs(country: string): CompanyIdSpec[] {
  return SCHEMES[country.toUpperCase()] ?? SCHEMES.CZ!;
}

export function companyIdSpec(country: string, field: CompanyIdField): CompanyIdSpec | null {
  return companyIdSpecs(country).find((s) => s.field === field) ?? null;
}

/** The name a stored value is printed with: "ОГРНИП" for the 15-digit ОГРН of a sole trader. */
export function companyIdName(country: string, field: CompanyIdField, value = ''): string {
  const spec = companyIdSpec(country, field);
  if (!spec) return field === 'vatId' ? 'IČ DPH' : field.toUpperCase();
  return spec.name === 'ОГРН' && /^\d{15}$/.test(value) ? 'ОГРНИП' : spec.name;
}

/** A value as it is stored for the country ('' stays ''). */
export function normalizeCompanyId(country: string, field: CompanyIdField, value: string): string {
  const v = value.trim();
  if (!v) return '';
  const spec = companyIdSpec(country, field);
  return spec ? spec.normalize(v) : compact(v);
}

/** The first id that does not check, as a field error key; null when all are right (or empty).
 * An id the country does not have (an IČ DPH outside Slovakia) is refused. */
export function companyIdProblems(country: string, ids: Partial<Record<CompanyIdField, string>>): { field: CompanyIdField; error: string }[] {
  const out: { field: CompanyIdField; error: string }[] = [];
  for (const field of ['ico', 'dic', 'vatId'] as const) {
    const raw = (ids[field] ?? '').trim();
    if (!raw) continue;
    const spec = companyIdSpec(country, field);
    if (!spec) out.push({ field, error: 'errors.company_id_country' });
    else if (!spec.valid(spec.normalize(raw))) out.push({ field, error: spec.error });
  }
  return out;
}

/** "IČO 25596641 · DIČ CZ25596641", "ИНН 7707083893 · ОГРН 1027700132195": a firm's ids with
 * their names, for documents and the export's labelled column. */
export function companyIdsLine(country: string, ids: Partial<Record<CompanyIdField, string | null>>, separator = ' · '): string {
  return companyIdSpecs(country).map((s) => {
    const v = (ids[s.field] ?? '').trim();
    return v ? `${companyIdName(country, s.field, v)} ${v}` : '';
  }).filter(Boolean).join(separator);
}

/** What the duplicate finder compares: the principal id in its country's namespace. A
 * Hungarian adószám is one taxpayer by its first eight digits (the törzsszám; VAT status and
 * county code change over a firm's life); Czech and Slovak IČOs share one namespace (one
 * register until 1993, so the same number is the same firm entered under the other country). */
export function principalIdKey(country: string, ico: string | null | undefined): string | null {
  const v = (ico ?? '').trim();
  if (!v) return null;
  const c = country.toUpperCase();
  if (c === 'HU') return `HU:${digits(v).slice(0, 8)}`;
  if (c === 'RU') return `RU:${digits(v)}`;
  return `CZ:${v}`;
}

/** Countries a firm's address may lie in are many; these are the ones with an id scheme of their own. */
export const ID_COUNTRIES = ['CZ', 'SK', 'HU', 'RU'] as const;

/** The firm's country when none is given: its registered address's, else its first address's, else CZ. */
export function countryOfAddresses(addresses: readonly { kind: string; country?: string | null }[]): string {
  const a = addresses.find((x) => x.kind === 'registered') ?? addresses[0];
  return (a?.country || 'CZ').trim().toUpperCase() || 'CZ';
}
