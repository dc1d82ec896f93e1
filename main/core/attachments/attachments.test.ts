import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestCore, codeId, type TestCore } from '../test-helpers.ts';
import { MAX_ATTACHMENT_BYTES } from '../../../shared/types.ts';
import { sha256Of } from './store.ts';

let t: TestCore;
let clock: number;
let firmId: string;
let personId: string;
let filesDir: string;
const T0 = Date.UTC(2026, 0, 15, 10, 0);

beforeEach(async () => {
  clock = T0;
  t = await openTestCore({ now: () => clock++ });
  filesDir = path.join(t.dir, 'files');
  firmId = (await t.call('firms.create', { name: 'Šimek & spol.', kinds: ['supplier'] })).id;
  personId = (await t.call('people.create', { firmId, firstName: 'Ota', lastName: 'Šimek' })).id;
});
afterEach(async () => { await t.close(); });

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');
const add = (extra: Record<string, unknown> = {}) => t.call('attachments.add', {
  firmId, name: 'smlouva.pdf', mime: 'application/pdf', content: b64('%PDF-1.7 smlouva'), ...extra,
});
const blobs = () => fs.existsSync(filesDir)
  ? fs.readdirSync(filesDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length : 0;

describe('attachments', () => {
  it('stores the file under its SHA-256 outside the database and returns the attachment', async () => {
    const a = await add();
    expect(a).toMatchObject({
      firmId, personId: null, contactId: null, folder: '', name: 'smlouva.pdf', mime: 'application/pdf', size: 16,
      sha256: sha256Of(Buffer.from('%PDF-1.7 smlouva')), authorId: t.open.localUserId, authorName: 'Eva Testová', missing: false,
    });
    const file = path.join(filesDir, a.sha256.slice(0, 2), a.sha256);
    expect(fs.readFileSync(file, 'utf8')).toBe('%PDF-1.7 smlouva');
    // The bytes are nowhere in the database.
    const dump = JSON.stringify(t.open.sqlite.prepare('SELECT * FROM attachments').all());
    expect(dump).not.toContain('%PDF-1.7');
    expect(dump).not.toContain(b64('%PDF-1.7 smlouva'));
    expect(await t.call('attachments.locate', { id: a.id })).toEqual({ path: file, exists: true, name: 'smlouva.pdf', mime: 'application/pdf', size: 16 });
  });

  it('the same content attached twice is two rows and one file', async () => {
    const a = await add();
    const b = await add({ name: 'kopie.pdf', personId });
    expect(b.sha256).toBe(a.sha256);
    expect(t.count('attachments')).toBe(2);
    expect(blobs()).toBe(1);
  });

  it('lists by firm, person or contact: folders alphabetically, newest first inside', async () => {
    const contactId = (await t.call('contacts.create', {
      firmId, at: T0, kindId: codeId(t, 'contact_kind', 'email'), referentId: t.open.localUserId, summary: 'Poslali smlouvu',
    })).id;
    const root1 = await add({ name: 'a.txt', content: b64('1') });
    const fakt1 = await add({ name: 'f1.pdf', folder: 'Faktury', content: b64('2') });
    const cenik = await add({ name: 'cenik.pdf', folder: 'Ceníky', content: b64('3'), personId });
    const fakt2 = await add({ name: 'f2.pdf', folder: 'faktury', content: b64('4'), contactId });
    const root2 = await add({ name: 'b.txt', content: b64('5') });
    const ids = async (filter: Record<string, string>) => (await t.call('attachments.list', filter)).map((x) => x.id);
    expect(await ids({ firmId })).toEqual([root2.id, root1.id, cenik.id, fakt2.id, fakt1.id]);
    expect(await ids({ personId })).toEqual([cenik.id]);
    expect(await ids({ contactId })).toEqual([fakt2.id]);
  });

  it('reports a file gone from the data folder as missing, never crashing', async () => {
    const a = await add();
    fs.rmSync(path.join(filesDir, a.sha256.slice(0, 2), a.sha256));
    expect((await t.call('attachments.list', { firmId }))[0]).toMatchObject({ id: a.id, missing: true });
    expect(await t.call('attachments.locate', { id: a.id })).toMatchObject({ exists: false });
  });

  it('refuses bad base64 and files over the limit, writing nothing', async () => {
    for (const content of ['not base64!', 'QUJD=', 'QU JD', 'QUJD\n']) {
      expect(await t.fail('attachments.add', { firmId, name: 'x.bin', content })).toEqual({
        code: 'validation', messageKey: 'errors.file_content', field: 'content',
      });
    }
    const tooBig = Buffer.alloc(MAX_ATTACHMENT_BYTES + 1, 7).toString('base64');
    expect(await t.fail('attachments.add', { firmId, name: 'big.bin', content: tooBig })).toEqual({
      code: 'validation', messageKey: 'errors.file_too_big', field: 'content', params: { max: '25 MB' },
    });
    expect(await t.fail('attachments.add', { firmId, name: 'a/b.pdf', content: b64('x') })).toMatchObject({ field: 'name', messageKey: 'errors.file_name' });
    expect(await t.fail('attachments.add', { firmId: '01900000-0000-7000-8000-000000000000', name: 'x', content: b64('x') }))
      .toMatchObject({ code: 'not_found', field: 'firmId' });
    const other = (await t.call('firms.create', { name: 'Jiná', kinds: ['prospect'] })).id;
    expect(await t.fail('attachments.add', { firmId: other, personId, name: 'x', content: b64('x') })).toMatchObject({ field: 'personId' });
    expect(t.count('attachments')).toBe(0);
    expect(blobs()).toBe(0);
  });

  it('accepts a file exactly at the limit and an empty file', async () => {
    const empty = await add({ name: 'prazdny.txt', content: '' });
    expect(empty.size).toBe(0);
    const atLimit = await add({ name: 'max.bin', content: Buffer.alloc(MAX_ATTACHMENT_BYTES, 1).toString('base64') });
    expect(atLimit.size).toBe(MAX_ATTACHMENT_BYTES);
  });

  it('renames and moves to another folder; delete is a tombstone that keeps the file', async () => {
    const a = await add();
    await t.call('attachments.update', { id: a.id, folder: 'Smlouvy 2026', name: 'Rámcová smlouva.pdf' });
    expect((await t.call('attachments.list', { firmId }))[0]).toMatchObject({ folder: 'Smlouvy 2026', name: 'Rámcová smlouva.pdf', sha256: a.sha256 });
    expect(await t.fail('attachments.update', { id: a.id, folder: '../etc', name: 'x' })).toMatchObject({ field: 'folder', messageKey: 'errors.file_name' });
    await t.call('attachments.delete', { id: a.id });
    expect(await t.call('attachments.list', { firmId })).toEqual([]);
    expect(await t.fail('attachments.locate', { id: a.id })).toMatchObject({ code: 'not_found' });
    expect(t.count('attachments')).toBe(1);
    expect(blobs()).toBe(1);
  });

  it('counts attachments on the firm card', async () => {
    await add();
    await add({ content: b64('jiný') });
    expect((await t.call('firms.get', { id: firmId })).counts.attachments).toBe(2);
  });
});
