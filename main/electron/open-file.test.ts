// Opening an attachment: which stored file may be opened, under which name, and how — checked
// in plain Node (this file, like open-file.ts, never imports electron).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPEN_COPIES_DIR, isInside, isRiskyName, planOpenFile, safeFileName } from './open-file.ts';

const FILES = path.resolve('/data/files');
const TMP = path.resolve('/tmp');
const SHA = 'ab'.repeat(32);
const stored = path.join(FILES, 'ab', SHA);
const located = (value: Record<string, unknown>) => ({ ok: true as const, value: { path: stored, exists: true, name: 'Smlouva.pdf', mime: 'application/pdf', size: 10, ...value } });

describe('isInside', () => {
  it('accepts paths strictly inside the folder only', () => {
    expect(isInside(FILES, stored)).toBe(true);
    expect(isInside(FILES, FILES)).toBe(false);
    expect(isInside(FILES, path.join(FILES, '..', 'kartoteka.sqlite'))).toBe(false);
    expect(isInside(FILES, path.resolve('/data/files-other/x'))).toBe(false);
    expect(isInside(FILES, path.resolve('/etc/passwd'))).toBe(false);
    expect(isInside(FILES, path.join(FILES, 'ab', '..', '..', 'x'))).toBe(false);
    expect(isInside(FILES, path.join(FILES, '..files'))).toBe(true); // a name, not an escape
  });
});

describe('safeFileName', () => {
  it.each([
    ['Smlouva 2026.pdf', 'Smlouva 2026.pdf'],
    ['Účetní závěrka – Horák.xlsx', 'Účetní závěrka – Horák.xlsx'],
    ['../../etc/passwd', '.._.._etc_passwd'],
    ['a\\b:c*d?e"f<g>h|i', 'a_b_c_d_e_f_g_h_i'],
    ['tab\there\nnew', 'tab_here_new'],
    ['name. . ', 'name'],
    ['..', 'file'],
    ['', 'file'],
    ['CON', '_CON'],
    ['nul.txt', '_nul.txt'],
    ['COM1.pdf', '_COM1.pdf'],
    ['faktura\u202Efdp.exe', 'fakturafdp.exe'],
  ])('%j → %j', (input, expected) => {
    expect(safeFileName(input)).toBe(expected);
  });

  it('shortens long names but keeps the extension', () => {
    const n = safeFileName(`${'x'.repeat(400)}.docx`);
    expect(n.length).toBe(180);
    expect(n.endsWith('.docx')).toBe(true);
  });
});

describe('isRiskyName', () => {
  it.each(['setup.exe', 'INSTALL.MSI', 'run.bat', 'script.ps1', 'odkaz.lnk', 'a.js', 'tool.app', 'run.sh', 'x.desktop', 'noextension', 'disk.iso'])(
    'treats %s as a program', (name) => expect(isRiskyName(name)).toBe(true));
  it.each(['smlouva.pdf', 'foto.JPG', 'tabulka.xlsx', 'dopis.docx', 'poznamky.txt', 'archiv.zip', 'stranka.html'])(
    'opens %s normally', (name) => expect(isRiskyName(name)).toBe(false));
});

describe('planOpenFile', () => {
  const dirs = { filesDir: FILES, tempDir: TMP };

  it('copies the stored file to temp under its hash and real name, and opens it', () => {
    expect(planOpenFile(located({}), dirs)).toEqual({
      ok: true, source: stored, copy: path.join(TMP, OPEN_COPIES_DIR, SHA, 'Smlouva.pdf'), reveal: false,
    });
  });

  it('only shows programs and scripts in their folder', () => {
    expect(planOpenFile(located({ name: 'faktura.pdf.exe' }), dirs)).toMatchObject({ ok: true, reveal: true });
    expect(planOpenFile(located({ name: '../../evil.exe' }), dirs)).toMatchObject({
      ok: true, reveal: true, copy: path.join(TMP, OPEN_COPIES_DIR, SHA, '.._.._evil.exe'),
    });
  });

  it('refuses a missing file with errors.file_missing', () => {
    expect(planOpenFile(located({ exists: false }), dirs)).toEqual({ ok: false, error: { code: 'not_found', messageKey: 'errors.file_missing' } });
  });

  it('passes the core\'s error through', () => {
    const error = { code: 'not_found' as const, messageKey: 'errors.not_found', field: 'id' };
    expect(planOpenFile({ ok: false, error }, dirs)).toEqual({ ok: false, error });
  });

  it('refuses any path outside the files folder or not named by a hash', () => {
    for (const p of ['/etc/passwd', path.join(FILES, '..', 'kartoteka.sqlite'), path.join(FILES, 'ab', 'notahash'), path.resolve('/other', 'ab', SHA)]) {
      expect(planOpenFile(located({ path: path.resolve(p) }), dirs), p).toEqual({ ok: false, error: { code: 'forbidden', messageKey: 'errors.forbidden' } });
    }
    expect(planOpenFile({ ok: true, value: null }, dirs)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(planOpenFile({ ok: true, value: { path: 42 } }, dirs)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
