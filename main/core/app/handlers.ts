import type { HandlerMap } from '../handler-types.ts';
import type { User } from '../../../shared/types.ts';
import { notFound, stamps, type Ctx } from '../context.ts';
import { uuidv7 } from '../util/ids.ts';
import packageJson from '../../../package.json' with { type: 'json' };
import { loadUiLocale, saveUiLocale } from './ui-locale.ts';
import { markProfileAsked, renameSigner, shouldAskProfile } from './profile.ts';

export const appHandlers = {
  'app.info': async (_input, ctx) => ({
    version: packageJson.version,
    schemaVersion: ctx.schemaVersion,
    dbPath: ctx.dbPath,
    localUserId: ctx.localUserId,
    uiLocale: await loadUiLocale(ctx.db),
    askProfile: await shouldAskProfile(ctx),
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
  'users.create': async ({ name, email, phone, position }, ctx) => {
    const now = ctx.now();
    const row = { id: uuidv7(now), name, email, phone, position, is_local: 0, ...stamps(now) };
    await ctx.db.insertInto('users').values(row).execute();
    return toUser(row);
  },

  'users.update': async ({ id, ...profile }, ctx) => updateUser(ctx, id, profile),

  // The users row is what letters sign with (printing/handlers.ts reads it at each print).
  'app.saveProfile': async (profile, ctx) => {
    const before = await ctx.db.selectFrom('users').select('name').where('id', '=', ctx.localUserId).executeTakeFirst();
    const user = await updateUser(ctx, ctx.localUserId, profile);
    await renameSigner(ctx, before?.name ?? '', user);
    await markProfileAsked(ctx);
    return user;
  },

  'app.dismissProfile': async (_input, ctx) => {
    await markProfileAsked(ctx);
    return { ok: true as const };
  },
} satisfies Partial<HandlerMap>;

async function updateUser(ctx: Ctx, id: string, p: { name: string; email: string | null; phone: string; position: string }): Promise<User> {
  const row = await ctx.db.selectFrom('users').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  if (!row) throw notFound();
  await ctx.db.updateTable('users').set({ ...p, updated_at: ctx.now() }).where('id', '=', id).execute();
  return toUser({ ...row, ...p });
}

function toUser(r: { id: string; name: string; email: string | null; phone: string; position: string; is_local: number }): User {
  return { id: r.id, name: r.name, email: r.email, phone: r.phone, position: r.position, isLocal: r.is_local === 1 };
}
