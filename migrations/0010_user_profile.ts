// 0010: the user's own contact details beside the name and e-mail — phone and
// position ("obchodní zástupce") — asked for once on first start and used where letters sign
// and give "my" contact ({{userPhone}}, {{userPosition}}). '' means none. The question itself is
// asked once per laptop (a settings row), so no column for it here.
// Frozen in time against Kysely<any>.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `ALTER TABLE users ADD COLUMN phone TEXT NOT NULL DEFAULT ''`,
    `ALTER TABLE users ADD COLUMN position TEXT NOT NULL DEFAULT ''`,
  ];
  for (const s of statements) await sql.raw(s).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Downgrades are not supported: restore the backup taken before the upgrade.');
}
