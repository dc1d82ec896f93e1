// Pure checks shared by the forms (instant feedback) and the core (the authority).

/** Czech company id (IČO): 8 digits, the last a mod-11 check digit over weights 8..2. */
export function isValidIco(value: string): boolean {
  if (!/^\d{8}$/.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += Number(value[i]) * (8 - i);
  const check = (11 - (sum % 11)) % 10;
  return check === Number(value[7]);
}

/** IČO as people type it: spaces dropped, short ones padded with the leading zeros Excel loses. */
export function normalizeIco(value: string): string {
  const digits = value.replace(/\s+/g, '');
  return /^\d{1,8}$/.test(digits) ? digits.padStart(8, '0') : digits;
}

/** VAT id: two-letter country prefix and 2–13 alphanumerics; Czech ones have 8–10 digits. */
export function isValidDic(value: string): boolean {
  const v = value.replace(/\s+/g, '').toUpperCase();
  if (v.startsWith('CZ')) return /^CZ\d{8,10}$/.test(v);
  return /^[A-Z]{2}[0-9A-Z]{2,13}$/.test(v);
}

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
