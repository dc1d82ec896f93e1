// The office's code lists: contact kinds and results, person roles, sources, lost reasons and
// industries. Entries are added, renamed, put in order and retired — never deleted, since old
// records name them. A retired entry is not offered for new records (and the core refuses it
// there) but keeps naming what old records hold, and filters and exports still know it.
import type { HandlerMap } from '../handler-types.ts';
import type { Ctx } from '../context.ts';
import { notFound, stamps } from '../context.ts';
import type { Code, CodeListName, Locale } from '../../../shared/types.ts';
import { AppError } from '../../../shared/errors.ts';
import { builtInCodeLabel } from '../../../shared/code-labels.ts';
import { uuidv7 } from '../util/ids.ts';

type CodeRow = { id: string; list: string; code: string; label: string | null; built_in: number; sort: number; retired_at: number | null };

const invalid = (messageKey: string, field: string, params?: Record<string, string>) =>
  new AppError({ code: 'validation', messageKey, field, ...(params ? { params } : {}) });

/**
 * Checks a code id a record is about to hold: a live entry of the right list, and not retired —
 * unless it is the value the record already holds (`current`), which an edit may keep.
 */
export async function requireCode(ctx: Ctx, list: CodeListName, id: string, field: string, current: string | null = null): Promise<void> {
  const row = await ctx.db.selectFrom('codes').select(['id', 'retired_at']).where('id', '=', id).where('list', '=', list)
    .where('deleted_at', 'is', null).executeTakeFirst();
  if (!row) throw invalid('errors.unknown_ref', field);
  if (row.retired_at !== null && id !== current) throw invalid('errors.code_retired', field);
}

/** Every live entry of a list in its order (retired ones included). */
async function listRows(ctx: Ctx, list: string): Promise<CodeRow[]> {
  return ctx.db.selectFrom('codes').select(['id', 'list', 'code', 'label', 'built_in', 'sort', 'retired_at'])
    .where('list', '=', list).where('deleted_at', 'is', null).orderBy('sort').orderBy('created_at').orderBy('id').execute();
}

async function liveCode(ctx: Ctx, id: string): Promise<CodeRow> {
  const row = await ctx.db.selectFrom('codes').select(['id', 'list', 'code', 'label', 'built_in', 'sort', 'retired_at'])
    .where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

/** What the user sees an entry called in the language: their own name, else the translation. */
const shownName = (r: CodeRow, locale: Locale) => r.label ?? (r.built_in ? builtInCodeLabel(locale, r.list, r.code) : null) ?? r.code;

/** Two entries of one list may not be called the same (case aside; "Nákup" and "Nakup" differ
 * in Czech): the one of that name is named in the error, and a retired one is pointed out —
 * bringing it back beats a second entry of the same meaning. */
async function checkName(ctx: Ctx, list: string, name: string, locale: Locale, selfId: string | null): Promise<void> {
  const collator = new Intl.Collator(locale, { sensitivity: 'accent' });
  for (const r of await listRows(ctx, list)) {
    if (r.id === selfId) continue;
    const other = shownName(r, locale);
    if (collator.compare(other.trim(), name.trim()) === 0) {
      throw invalid(r.retired_at === null ? 'errors.code_duplicate' : 'errors.code_duplicate_retired', 'label', { name: other });
    }
  }
}

export const codeHandlers = {
  'codes.list': async ({ list }, ctx) => {
    let q = ctx.db.selectFrom('codes').select(['id', 'list', 'code', 'label', 'built_in', 'sort', 'retired_at']).where('deleted_at', 'is', null);
    if (list) q = q.where('list', '=', list);
    const rows = await q.orderBy('list').orderBy('sort').orderBy('created_at').orderBy('id').execute();
    return rows.map(toCode);
  },

  'codes.add': async ({ list, label, locale }, ctx) => {
    await checkName(ctx, list, label, locale, null);
    const rows = await listRows(ctx, list);
    const now = ctx.now();
    const id = uuidv7(now);
    const row = {
      id, list, code: `user_${id.slice(-12)}`, label, built_in: 0,
      sort: rows.reduce((m, r) => Math.max(m, r.sort), -1) + 1, retired_at: null,
    };
    await ctx.db.insertInto('codes').values({ ...row, ...stamps(now) }).execute();
    return toCode(row);
  },

  'codes.rename': async ({ id, label, locale }, ctx) => {
    const row = await liveCode(ctx, id);
    // Only a built-in entry has a translation to fall back on.
    if (label === null && !row.built_in) throw invalid('errors.required', 'label');
    const next = { ...row, label };
    await checkName(ctx, row.list, shownName(next, locale), locale, id);
    await ctx.db.updateTable('codes').set({ label, updated_at: ctx.now() }).where('id', '=', id).execute();
    return toCode(next);
  },

  'codes.reorder': async ({ list, ids }, ctx) => {
    const rows = await listRows(ctx, list);
    const byId = new Map(rows.map((r) => [r.id, r]));
    // Exactly the list's entries, each once: a stale order (an entry added meanwhile) is
    // refused rather than half applied.
    if (ids.length !== byId.size || new Set(ids).size !== ids.length || ids.some((i) => !byId.has(i))) {
      throw invalid('errors.code_order', 'ids');
    }
    const now = ctx.now();
    for (const [sort, id] of ids.entries()) {
      if (byId.get(id)!.sort !== sort) await ctx.db.updateTable('codes').set({ sort, updated_at: now }).where('id', '=', id).execute();
    }
    return { count: ids.length };
  },

  'codes.retire': async ({ id, retired }, ctx) => {
    const row = await liveCode(ctx, id);
    const now = ctx.now();
    const retiredAt = retired ? row.retired_at ?? now : null;
    if (retiredAt !== row.retired_at) await ctx.db.updateTable('codes').set({ retired_at: retiredAt, updated_at: now }).where('id', '=', id).execute();
    return toCode({ ...row, retired_at: retiredAt });
  },
} satisfies Partial<HandlerMap>;

function toCode(r: Omit<CodeRow, 'sort'>): Code {
  return { id: r.id, list: r.list as CodeListName, code: r.code, label: r.label, builtIn: r.built_in === 1, retired: r.retired_at !== null };
}
