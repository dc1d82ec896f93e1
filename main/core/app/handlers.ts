import type { HandlerMap } from '../handler-types.ts';
import type { User } from '../../../shared/types.ts';
import { notFound, stamps } from '../context.ts';
import { uuidv7 } from '../util/ids.ts';
import packageJson from '../../../package.json' with { type: 'json' };
import { loadUiLocale, saveUiLocale } from './ui-locale.ts';

export const appHandlers = {
  'app.info': async (_input, ctx) => ({
    version: packageJson.version,
    schemaVersion: ctx.schemaVersion,
    dbPath: ctx.dbPath,
    localUserId: ctx.localUserId,
    uiLocale: await loadUiLocale(ctx.db),
  }),

  'app.setLocale': async ({ locale }, ctx) => {
    await saveUiLocale(ctx.db, locale, ctx.now());
    return { ok: true as const };
  },

  'users.list': async (_input, ctx) => {
    const rows = await ctx.db.selectFrom('users').selectAll().where('deleted_at', 'is', null).execute();
    const users: User[] = rows.map(toUser);
    const collator = new Intl.Collator();
    return users.sort((a, b) => collator.compare(a.name, b.name));
  },

  // Colleagues, typed in by hand until sync brings the office's users from the server.
  'users.create': async ({ name, email }, ctx) => {
    const now = ctx.now();
    const row = { id: uuidv7(now), name, email, is_local: 0, ...stamps(now) };
    await ctx.db.insertInto('users').values(row).execute();
    return toUser(row);
  },

  'users.update': async ({ id, name, email }, ctx) => {
    const row = await ctx.db.selectFrom('users').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
    if (!row) throw notFound();
    await ctx.db.updateTable('users').set({ name, email, updated_at: ctx.now() }).where('id', '=', id).execute();
    return toUser({ ...row, name, email });
  },
} satisfies Partial<HandlerMap>;

function toUser(r: { id: string; name: string; email: string | null; is_local: number }): User {
  return { id: r.id, name: r.name, email: r.email, isLocal: r.is_local === 1 };
}
