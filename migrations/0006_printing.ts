// Schema v6: printing — letter templates (with merge fields), A4 label sheet formats (built-in
// ones seeded with real sheet geometry; their margins stay editable, a printer may be offset),
// and a small key → JSON settings table that holds the letterhead. Plus a Czech and an English
// starter template, so a new user can print a letter at once. Frozen in time against Kysely<any>.
import { sql, type Kysely } from 'kysely';

const timestamps = `created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, deleted_at INTEGER`;
const fixed = (n: number) => `00000000-0000-7000-8006-${n.toString(16).padStart(12, '0')}`;

// name, columns, rows, label width, height, margin top, left, gap x, y, padding (mm). The grids
// are centred on the 210 × 297 mm sheet.
const FORMATS: [string, number, number, number, number, number, number, number, number, number][] = [
  ['A4 3 × 7 (70 × 42,3 mm)', 3, 7, 70, 42.3, 0.45, 0, 0, 0, 4],
  ['A4 3 × 8 (70 × 37 mm)', 3, 8, 70, 37, 0.5, 0, 0, 0, 4],
  ['A4 2 × 8 (105 × 37 mm)', 2, 8, 105, 37, 0.5, 0, 0, 0, 5],
  ['A4 3 × 10 (70 × 29,7 mm)', 3, 10, 70, 29.7, 0, 0, 0, 0, 3],
  ['A4 2 × 7 (105 × 42,3 mm)', 2, 7, 105, 42.3, 0.45, 0, 0, 0, 5],
];

const TEMPLATES: [string, string, string, string, string][] = [
  ['Dopis (česky)', 'cs', 'Nabídka spolupráce',
    'dovolte, abychom Vám poděkovali za dosavadní spolupráci se společností {{firmName}} a představili Vám naši aktuální nabídku.\n\n'
      + 'V případě zájmu nás neváhejte kontaktovat.', ''],
  ['Letter (English)', 'en', 'Our offer',
    'thank you for working with us at {{firmName}} so far. We would like to present our current offer to you.\n\n'
      + 'Please do not hesitate to contact us.', ''],
];

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `CREATE TABLE letter_templates (
      id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL, language TEXT NOT NULL DEFAULT 'cs',
      style TEXT NOT NULL DEFAULT 'formal' CHECK (style IN ('formal','informal')),
      subject TEXT NOT NULL DEFAULT '', body TEXT NOT NULL DEFAULT '', closing TEXT NOT NULL DEFAULT '', ${timestamps})`,
    `CREATE UNIQUE INDEX letter_templates_name ON letter_templates(name) WHERE deleted_at IS NULL`,
    `CREATE TABLE label_formats (
      id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL,
      columns INTEGER NOT NULL CHECK (columns BETWEEN 1 AND 6), rows INTEGER NOT NULL CHECK (rows BETWEEN 1 AND 20),
      label_width_mm REAL NOT NULL, label_height_mm REAL NOT NULL, margin_top_mm REAL NOT NULL DEFAULT 0,
      margin_left_mm REAL NOT NULL DEFAULT 0, gap_x_mm REAL NOT NULL DEFAULT 0, gap_y_mm REAL NOT NULL DEFAULT 0,
      padding_mm REAL NOT NULL DEFAULT 4, built_in INTEGER NOT NULL DEFAULT 0, ${timestamps})`,
    `CREATE UNIQUE INDEX label_formats_name ON label_formats(name) WHERE deleted_at IS NULL`,
    // Small app-wide settings as JSON by key ('letterhead': the Letterhead object).
    `CREATE TABLE settings (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL, updated_at INTEGER NOT NULL)`,
  ];
  for (const s of statements) await sql.raw(s).execute(db);
  for (const [i, f] of FORMATS.entries()) {
    await db.insertInto('label_formats').values({
      id: fixed(0x100 + i), name: f[0], columns: f[1], rows: f[2], label_width_mm: f[3], label_height_mm: f[4],
      margin_top_mm: f[5], margin_left_mm: f[6], gap_x_mm: f[7], gap_y_mm: f[8], padding_mm: f[9], built_in: 1,
      created_at: 0, updated_at: 0, deleted_at: null,
    }).execute();
  }
  for (const [i, t] of TEMPLATES.entries()) {
    await db.insertInto('letter_templates').values({
      id: fixed(0x200 + i), name: t[0], language: t[1], style: 'formal', subject: t[2], body: t[3], closing: t[4],
      created_at: 0, updated_at: 0, deleted_at: null,
    }).execute();
  }
}

export async function down(): Promise<void> {
  throw new Error('Downgrades are not supported: restore the backup taken before the upgrade.');
}
