// The hand-written Database interface Kysely types queries with. It describes the latest
// schema; migrations never import it (they are frozen against Kysely<any>).
import type { Generated } from 'kysely';

interface Stamped {
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
}

export interface UsersTable extends Stamped {
  id: string;
  name: string;
  email: string | null;
  is_local: number;
}

export interface CodesTable extends Stamped {
  id: string;
  list: string;
  code: string;
  label: string | null;
  built_in: number;
  sort: number;
}

export interface FirmsTable extends Stamped {
  rid: Generated<number>;
  id: string;
  name: string;
  is_customer: number;
  is_prospect: number;
  is_supplier: number;
  ico: string | null;
  dic: string | null;
  website: string | null;
  industry: string | null;
  source_id: string | null;
  owner_id: string | null;
}

export interface PeopleTable extends Stamped {
  id: string;
  firm_id: string;
  title_before: string;
  first_name: string;
  last_name: string;
  title_after: string;
  gender: string;
  job_title: string;
  role_id: string | null;
  note: string;
  is_main: number;
}

export interface AddressesTable extends Stamped {
  id: string;
  firm_id: string;
  kind: string;
  street: string;
  number: string;
  city: string;
  postal_code: string;
  country: string;
  sort: number;
}

export interface ChannelsTable extends Stamped {
  id: string;
  firm_id: string;
  person_id: string | null;
  kind: string;
  value: string;
  label: string;
  sort: number;
}

export interface ContactsTable extends Stamped {
  id: string;
  firm_id: string;
  person_id: string | null;
  status: 'done' | 'planned';
  at: number;
  kind_id: string;
  referent_id: string;
  result_id: string | null;
  summary: string;
  note: string;
  follows_id: string | null;
}

export interface FirmSearchTable {
  rowid: number;
  name: string;
  ids: string;
  people: string;
  emails: string;
  phones: string;
  places: string;
}

export interface Database {
  users: UsersTable;
  codes: CodesTable;
  firms: FirmsTable;
  people: PeopleTable;
  addresses: AddressesTable;
  channels: ChannelsTable;
  contacts: ContactsTable;
  firm_search: FirmSearchTable;
}
