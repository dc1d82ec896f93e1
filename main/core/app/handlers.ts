import type { HandlerMap } from '../handler-types.ts';
import type { Code, CodeListName, User } from '../../../shared/types.ts';
import { stamps } from '../context.ts';
import { uuidv7 } from '../util/ids.ts';
import packageJson from '../../../package.json' with { type: 'json' };

export const appHandlers = {
  'app.info': async (_input, ctx) => ({
    version: packageJson.version,
    schemaVersion: ctx.schemaVersion,
    dbPath: ctx.dbPath,
    localUserId: ctx.localUserId,
  }),

  'users.list': async (_input, ctx) => {
    const rows = await ctx.db.selectFrom('users').selectAll().where('deleted_at', 'is', null).execute();
    const users: User[] = rows.map((r) => ({ id: r.id, name: r.name, email: r.email, isLocal: r.is_local === 1 }));
    const collator = new Intl.Collator();
    return users.sort((a, b) => collator.compare(a.name, b.name));
  },

  'codes.list': async ({ list }, ctx) => {
    let q = ctx.db.selectFrom('codes').selectAll().where('deleted_at', 'is', null);
    if (list) q = q.where('list', '=', list);
    const rows = await q.orderBy('list').orderBy('sort').orderBy('created_at').execute();
    return rows.map(toCode);
  },

  'codes.add': async ({ list, label }, ctx) => {
    const now = ctx.now();
    const last = await ctx.db.selectFrom('codes').select((eb) => eb.fn.max('sort').as('m'))
      .where('list', '=', list).executeTakeFirst();
    const row = {
      id: uuidv7(now), list, code: `user_${uuidv7(now).slice(-12)}`, label, built_in: 0,
      sort: Number(last?.m ?? 0) + 1, ...stamps(now),
    };
    await ctx.db.insertInto('codes').values(row).execute();
    return toCode(row);
  },
} satisfies Partial<HandlerMap>;

function toCode(r: { id: string; list: string; code: string; label: string | null; built_in: number }): Code {
  return { id: r.id, list: r.list as CodeListName, code: r.code, label: r.label, builtIn: r.built_in === 1 };
}
