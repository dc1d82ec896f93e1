// The server's migrations, registered by hand in order: directory scanning breaks once bundled
// (dist/cli). Separate from the laptop's (../../../migrations/): another database, another history.
import type { Migration } from 'kysely/migration';
import * as m0001 from './0001_initial.ts';

export const serverMigrations: Record<string, Migration> = {
  '0001_initial': m0001,
};
