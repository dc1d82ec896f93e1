// 0010_user_profile on a real database as 0007 left it: every user kept, with an empty phone and
// position ('' = none, never NULL); the local user who still has the OS's name is asked for
// their profile once, and what they answer is stored in their row.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, closeDatabase } from '../main/core/db/open.ts';
import { createCore } from '../main/core/dispatcher.ts';
import { tempDir } from '../main/core/test-helpers.ts';
import { osUserName } from '../main/core/app/profile.ts';
import { databaseAt } from './old-database.ts';

const ME = 'u1';
const COLLEAGUE = '01900000-0000-7000-8000-0000000000e2';
const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true }); });

async function v7Database(): Promise<string> {
  const dir = tempDir();
  dirs.push(dir);
  const file = path.join(dir, 'k.sqlite');
  await databaseAt(file, '0007_covering_indexes', 2);
  // The local user as the app created it on its first start: with the OS account's name.
  const sqlite = new SQLite(file);
  sqlite.prepare(`UPDATE users SET name = ? WHERE id = ?`).run(osUserName(), ME);
  sqlite.prepare(`INSERT INTO users (id, name, email, is_local, created_at, updated_at) VALUES (?, 'Karel Kolega', 'karel@firma.cz', 0, 1, 1)`).run(COLLEAGUE);
  sqlite.close();
  return file;
}

describe('0010_user_profile', () => {
  it('keeps the users, adds an empty phone and position, and asks the OS-named local user once', async () => {
    const file = await v7Database();
    const open = await openDatabase(file);
    try {
      expect(open.backupPath).toBeTruthy();
      expect(open.localUserId).toBe(ME);
      const q = (s: string) => open.sqlite.prepare(s).all();
      expect(q('SELECT id, name, email, phone, position FROM users ORDER BY id')).toEqual([
        { id: COLLEAGUE, name: 'Karel Kolega', email: 'karel@firma.cz', phone: '', position: '' },
        { id: ME, name: osUserName(), email: null, phone: '', position: '' },
      ]);
      expect(q('SELECT count(*) AS n FROM contacts')).toEqual([{ n: 2 }]);
      expect(() => open.sqlite.prepare('UPDATE users SET phone = NULL').run()).toThrow(/NOT NULL/);

      const core = createCore(open);
      const call = async (channel: string, input: unknown) => {
        const env = (await core.dispatch(channel as never, input)).envelope;
        if (!env.ok) throw new Error(JSON.stringify(env.error));
        return env.value as any;
      };
      expect((await call('app.info', {})).askProfile).toBe(true);
      await call('app.saveProfile', { name: 'Eva Nováková', email: 'eva@firma.cz', phone: '603 111 222', position: 'asistentka' });
      expect(q(`SELECT name, email, phone, position FROM users WHERE id = '${ME}'`))
        .toEqual([{ name: 'Eva Nováková', email: 'eva@firma.cz', phone: '603 111 222', position: 'asistentka' }]);
      expect((await call('app.info', {})).askProfile).toBe(false);
    } finally {
      await closeDatabase(open);
    }
  });
});
