// What the pure document functions take: recipients already resolved (address block, salutation,
// merge values) by recipients.ts, so the documents never touch the database.
import type { Letterhead, Locale } from '../../../shared/types.ts';
import { formatPostalBlock } from '../../../shared/postal.ts';

export interface PrintRecipient {
  firmId: string;
  personId: string | null;
  firmName: string;
  /** For lists of skipped records: "Ing. Jan Novák (Pekárna Novák)". */
  name: string;
  /** The firm's country, and the language the recipient's salutation, addressee and letter are in. */
  country: string;
  language: Locale;
  /** The address block, one line per line ('' when the firm has no usable address). */
  addressBlock: string;
  salutation: string;
  /** Merge values by field name (MERGE_FIELDS and field:<id>), plain text. */
  values: Record<string, string>;
}

export const EMPTY_LETTERHEAD: Letterhead = {
  companyName: '', logoDataUrl: '', street: '', number: '', city: '', postalCode: '', country: 'CZ', phone: '', email: '', web: '',
  ico: '', dic: '', bankName: '', bankAccount: '', iban: '', footerNote: '', signatureName: '', signatureTitle: '',
};

/** The sender's address block (return address): company and its address as its own post writes it. */
export function senderBlock(lh: Letterhead, locale: Locale): string {
  if (!lh.street && !lh.city && !lh.postalCode) return lh.companyName;
  return formatPostalBlock({
    person: null, firmName: lh.companyName, locale, homeCountry: lh.country,
    address: { street: lh.street, number: lh.number, city: lh.city, postalCode: lh.postalCode, country: lh.country },
  });
}

/** Lines → HTML lines (each escaped by the caller's esc). */
export const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);
