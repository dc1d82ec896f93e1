// `kartoteka export` as a process: a saved selection or a JSON file of conditions into a file,
// logged; refused exports leave no file, no temporary file and no log entry.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../core/test-helpers.ts';
import { openDatabase, closeDatabase } from '../core/db/open.ts';
import { createCore } from '../core/dispatcher.ts';
import { runCli } from './test-run.ts';

const dir = tempDir();
const db = path.join(dir, 'export.sqlite');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const run = (...args: string[]) => runCli(dir, ['--db', db, ...args]);
const files = () => fs.readdirSync(dir).filter((f) => !f.startsWith('export.sqlite') && f !== 'backups' && f !== 'files').sort();
const logRows = () => {
  const raw = new SQLite(db, { readonly: true });
  try {
    return raw.prepare('SELECT selection_name, format, rows, excluded, file_name FROM export_log ORDER BY at, id').all();
  } finally {
    raw.close();
  }
};

beforeAll(async () => {
  const open = await openDatabase(db, { localUserName: 'Eva Testová' });
  const core = createCore(open);
  const call = async (channel: string, input: unknown) => {
    const { envelope } = await core.dispatch(channel, input);
    if (!envelope.ok) throw new Error(`${channel}: ${JSON.stringify(envelope.error)}`);
    return envelope.value as { id: string };
  };
  const segment = (await call('segments.create', { kind: 'category', name: 'Odběratelé' })).id;
  const a = (await call('firms.create', { name: 'Řezníkova pekárna', kinds: ['customer'], ico: '00006947',
    addresses: [{ kind: 'registered', street: 'Husova', number: '5', city: 'Hořice', postalCode: '50801' }] })).id;
  const b = (await call('firms.create', { name: 'Ёлка ООО', kinds: ['customer'], addresses: [{ kind: 'registered', city: 'Москва', country: 'RU' }] })).id;
  await call('firms.create', { name: 'Dodavatel s.r.o.', kinds: ['supplier'] });
  await call('segments.members', { id: segment, add: [a, b] });
  await call('selections.save', { name: 'Odběratelé CZ', where: { op: 'and', items: [{ on: 'segment', ids: [segment] }, { on: 'place', part: 'country', values: ['CZ'] }] },
    columns: ['firmName', 'ico', 'city', 'postalCode'], format: 'excel-cz' });
  await call('selections.save', { name: 'Všichni odběratelé', where: { op: 'and', items: [{ on: 'segment', ids: [segment] }] },
    columns: ['firmName', 'city'], format: 'excel-cz' });
  await closeDatabase(open);
});

describe('kartoteka export', () => {
  it('writes a saved selection in its own format (Windows-1250: ř is 0xF8, IČO keeps its zeros) and logs it', () => {
    const out = path.join(dir, 'odberatele.csv');
    const r = run('export', '--selection', 'odberatele cz', '--locale', 'cs', '--out', out);
    // Nothing but the slow-query log, which a busy machine may print (timing, not a fault).
    expect(r.err.split('\n').filter((l) => l !== '' && !l.startsWith('[kartoteka] slow ')).join('\n')).toBe('');
    expect(r).toMatchObject({ code: 0, out: `Exported 1 row to ${out}.\n` });
    const bytes = fs.readFileSync(out);
    expect(bytes.includes(Buffer.from([0x48, 0x6f, 0xf8, 0x69, 0x63, 0x65]))).toBe(true); // "Hořice": ř is 0xF8
    const text = new TextDecoder('windows-1250').decode(bytes);
    expect(text).toContain('Název firmy;IČO;Obec;PSČ\r\n');
    expect(text).toContain('Řezníkova pekárna;00006947;Hořice;508 01\r\n');
    expect(files()).toEqual(['odberatele.csv']);
    expect(logRows()).toEqual([{ selection_name: 'Odběratelé CZ', format: 'excel-cz', rows: 1, excluded: 0, file_name: 'odberatele.csv' }]);
    // Who was in it, for a data-protection report: the one Czech firm, logged with the entry.
    const raw = new SQLite(db, { readonly: true });
    try {
      const rec = raw.prepare(`SELECT firm_rids, person_ids FROM export_rows`).all() as { firm_rids: Buffer; person_ids: string }[];
      expect(rec).toHaveLength(1);
      const rids = Array.from({ length: rec[0]!.firm_rids.length / 8 }, (_, i) => rec[0]!.firm_rids.readDoubleLE(i * 8));
      expect(rids.map((rid) => (raw.prepare('SELECT name FROM firms WHERE rid = ?').get(rid) as { name: string }).name)).toEqual(['Řezníkova pekárna']);
      expect(rec[0]!.person_ids).toBe('[]');
    } finally {
      raw.close();
    }
  });

  it('refuses characters the encoding cannot hold: exit 2, the rows named, no file, no temporary file, no log entry', () => {
    const out = path.join(dir, 'all.csv');
    const r = run('export', '--selection', 'Všichni odběratelé', '--locale', 'cs', '--out', out);
    expect(r.code).toBe(2);
    expect(r.err).toContain('rows 2 (Ёлка ООО) contain characters'); // Czech order: Latin letters before Cyrillic; the firm named
    expect(r.err).toContain('--format excel-utf8');
    expect(files()).toEqual(['odberatele.csv']);
    expect(logRows()).toHaveLength(1);
    // …and the suggested preset works, overriding the saved one.
    const ok = run('export', '--selection', 'Všichni odběratelé', '--format', 'excel-utf8', '--locale', 'cs', '--out', out);
    expect(ok.code, ok.err).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toBe('\ufeffNázev firmy;Obec\r\nŘezníkova pekárna;Hořice\r\nЁлка ООО;Москва\r\n');
  });

  it('exports the conditions of a JSON file, with the columns and language asked for', () => {
    const where = path.join(dir, 'dodavatele.json');
    fs.writeFileSync(where, JSON.stringify({ op: 'and', items: [{ on: 'kind', kinds: ['supplier'] }] }));
    const out = path.join(dir, 'dodavatele.csv');
    const r = run('export', '--where', where, '--format', 'csv', '--columns', 'firmName,kinds', '--locale', 'en', '--out', out);
    expect(r.code, r.err).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toBe('Firm name,Firm type\r\nDodavatel s.r.o.,Supplier\r\n');
    expect(logRows().at(-1)).toEqual({ selection_name: 'dodavatele', format: 'csv', rows: 1, excluded: 0, file_name: 'dodavatele.csv' });
    fs.rmSync(where);
  });

  it('answers bad arguments with a clear message and exit code 2', () => {
    const out = path.join(dir, 'x.csv');
    expect(run('export', '--out', out)).toMatchObject({ code: 2, err: expect.stringContaining('either --selection NAME or --where FILE.json') });
    expect(run('export', '--selection', 'Odběratelé CZ')).toMatchObject({ code: 2, err: expect.stringContaining('--out FILE is required') });
    expect(run('export', '--selection', 'Nikdo', '--out', out)).toMatchObject({ code: 2, err: expect.stringContaining('no saved selection named "Nikdo"') });
    expect(run('export', '--selection', 'Odběratelé CZ', '--format', 'pdf', '--out', out)).toMatchObject({ code: 2, err: expect.stringContaining('--format must be one of') });
    expect(run('export', '--selection', 'Odběratelé CZ', '--columns', 'firmName,shoeSize', '--out', out)).toMatchObject({ code: 2, err: expect.stringContaining('columns.1') });
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, '{"op": "and", "items": [');
    expect(run('export', '--where', bad, '--format', 'csv', '--out', out)).toMatchObject({ code: 2, err: expect.stringContaining('is not valid JSON') });
    fs.writeFileSync(bad, JSON.stringify({ op: 'and', items: [{ on: 'segment', ids: ['01900000-0000-7000-8000-000000000bad'] }] }));
    expect(run('export', '--where', bad, '--format', 'csv', '--out', out)).toMatchObject({ code: 2, err: expect.stringContaining('where.items.0.ids.0') });
    expect(run('export', '--where', bad, '--out', out)).toMatchObject({ code: 2, err: expect.stringContaining('--format PRESET is required') });
    fs.rmSync(bad);
    expect(files()).toEqual(['all.csv', 'dodavatele.csv', 'odberatele.csv']);
  });
});
