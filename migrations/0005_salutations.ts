// Schema v5: salutations — the salutation ("Vážený pane inženýre") and the addressee (the name
// line of an address block) stored per person. '' means "none stored": letters, exports and
// envelopes then use the rule's suggestion in the letter's language (shared/salutation.ts).
// Frozen in time against Kysely<any>.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `ALTER TABLE people ADD COLUMN salutation TEXT NOT NULL DEFAULT ''`,
    `ALTER TABLE people ADD COLUMN addressee TEXT NOT NULL DEFAULT ''`,
  ];
  for (const s of statements) await sql.raw(s).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Downgrades are not supported: restore the backup taken before the upgrade.');
}
