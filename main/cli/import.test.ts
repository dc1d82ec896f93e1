// `kartoteka import` as a user runs it (the built CLI as a process): a dry run reporting by line
// and field, a refused run (exit 1, nothing written), a run skipping invalid rows.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../core/test-helpers.ts';
import { openDatabase, closeDatabase } from '../core/db/open.ts';
import { runCli } from './test-run.ts';

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const run = (...args: string[]) => runCli(dir, args);

function firms(file: string): string[] {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try { return (db.prepare('SELECT name FROM firms ORDER BY name').all() as { name: string }[]).map((r) => r.name); } finally { db.close(); }
}

describe('kartoteka import', () => {
  it('dry-runs with a mapping file, refuses invalid rows, then imports skipping them', async () => {
    const db = path.join(dir, 'k.sqlite');
    await closeDatabase(await openDatabase(db, { localUserName: 'Test' }));
    const csv = path.join(dir, 'firmy.csv');
    fs.writeFileSync(csv, 'Název;IČO;Město\nPekárna Novák;25596641;Hořice\nŠpatná;12345678;Brno\nAgro;;Jičín\n');
    const mapping = path.join(dir, 'mapping.json');
    fs.writeFileSync(mapping, JSON.stringify({ Název: 'firm.name', 1: 'firm.ico', Město: 'address.city' }));

    const dry = run('--db', db, 'import', csv, '--mapping', mapping, '--dry-run', '--locale', 'en');
    expect(dry.code, dry.err).toBe(1);
    expect(dry.out).toContain('dry run: 3 rows — 2 new, 0 updated');
    expect(dry.out).toContain('line 3, column 2 "IČO" (firm.ico): ');
    expect(firms(db)).toEqual([]);

    const refused = run('--db', db, 'import', csv, '--mapping', mapping, '--locale', 'cs');
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('1 řádek má chybu, proto se nic nenaimportovalo.');
    expect(firms(db)).toEqual([]);

    const ok = run('--db', db, 'import', csv, '--mapping', mapping, '--skip-invalid', '--mode', 'create');
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(/imported: 3 rows — 2 new/);
    expect(firms(db)).toEqual(['Agro', 'Pekárna Novák']);

    expect(run('--db', db, 'import', csv, '--mode', 'sometimes').code).toBe(2);
    expect(run('--db', db, 'import').err).toContain('import needs the file');
  });
});
