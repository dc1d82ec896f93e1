// Data transfer objects: what crosses the boundary between the core and the UI.
// Times are epoch milliseconds UTC; calendar dates are 'YYYY-MM-DD'.

export const FIRM_KINDS = ['customer', 'prospect', 'supplier'] as const;
export type FirmKind = (typeof FIRM_KINDS)[number];
export const ADDRESS_KINDS = ['registered', 'billing', 'delivery', 'postal'] as const;
export type AddressKind = (typeof ADDRESS_KINDS)[number];
export const CHANNEL_KINDS = ['phone', 'email', 'web'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];
export const GENDERS = ['female', 'male', 'unspecified'] as const;
export type Gender = (typeof GENDERS)[number];
export const CONTACT_STATUSES = ['done', 'planned'] as const;
export type ContactStatus = (typeof CONTACT_STATUSES)[number];
export const CODE_LISTS = ['contact_kind', 'contact_result', 'person_role', 'firm_source'] as const;
export type CodeListName = (typeof CODE_LISTS)[number];
export const LOCALES = ['cs', 'en', 'hu', 'ru'] as const;
export type Locale = (typeof LOCALES)[number];

export interface User {
  id: string;
  name: string;
  email: string | null;
  isLocal: boolean;
}

/** An entry of a code list. Built-in entries have no label (the UI translates `code`);
 * entries users add carry their own label. */
export interface Code {
  id: string;
  list: CodeListName;
  code: string;
  label: string | null;
  builtIn: boolean;
}

export interface Address {
  id: string;
  kind: AddressKind;
  street: string;
  number: string;
  city: string;
  postalCode: string;
  country: string;
}

export interface Channel {
  id: string;
  kind: ChannelKind;
  value: string;
  label: string;
}

export interface FirmListRow {
  id: string;
  name: string;
  ico: string | null;
  kinds: FirmKind[];
  city: string | null;
  ownerId: string | null;
  ownerName: string | null;
}

export interface FirmList {
  total: number;
  offset: number;
  rows: FirmListRow[];
}

export interface Firm {
  id: string;
  name: string;
  kinds: FirmKind[];
  ico: string | null;
  dic: string | null;
  website: string | null;
  industry: string | null;
  sourceId: string | null;
  ownerId: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface Person {
  id: string;
  firmId: string;
  titleBefore: string;
  firstName: string;
  lastName: string;
  titleAfter: string;
  gender: Gender;
  jobTitle: string;
  roleId: string | null;
  note: string;
  isMain: boolean;
  channels: Channel[];
}

export interface FirmCard {
  firm: Firm;
  addresses: Address[];
  channels: Channel[];
  people: Person[];
}

export interface Contact {
  id: string;
  firmId: string;
  firmName: string;
  personId: string | null;
  personName: string | null;
  status: ContactStatus;
  at: number;
  kindId: string;
  referentId: string;
  referentName: string;
  resultId: string | null;
  summary: string;
  note: string;
  followsId: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface AppInfo {
  version: string;
  schemaVersion: number;
  dbPath: string;
  localUserId: string;
}
