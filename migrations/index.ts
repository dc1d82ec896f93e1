// Migrations are registered here by hand, in order: directory scanning breaks once bundled.
import type { Migration } from 'kysely/migration';
import * as m0001 from './0001_initial.ts';
import * as m0002 from './0002_firm_card.ts';
import * as m0003 from './0003_selling.ts';
import * as m0004 from './0004_mailing.ts';
import * as m0005 from './0005_salutations.ts';
import * as m0006 from './0006_printing.ts';
import * as m0007 from './0007_covering_indexes.ts';
import * as m0008 from './0008_other_countries.ts';
import * as m0009 from './0009_codes_trash.ts';
import * as m0010 from './0010_user_profile.ts';
import * as m0011 from './0011_phone_search.ts';
import * as m0012 from './0012_first_page_cache.ts';
import * as m0013 from './0013_data_protection.ts';
import * as m0014 from './0014_imports.ts';
import * as m0015 from './0015_change_capture.ts';
import * as m0016 from './0016_sync_state.ts';

export const migrations: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_firm_card': m0002,
  '0003_selling': m0003,
  '0004_mailing': m0004,
  '0005_salutations': m0005,
  '0006_printing': m0006,
  '0007_covering_indexes': m0007,
  '0008_other_countries': m0008,
  '0009_codes_trash': m0009,
  '0010_user_profile': m0010,
  '0011_phone_search': m0011,
  '0012_first_page_cache': m0012,
  '0013_data_protection': m0013,
  '0014_imports': m0014,
  '0015_change_capture': m0015,
  '0016_sync_state': m0016,
};
export const LATEST_SCHEMA_VERSION = Object.keys(migrations).length;
