// Notes on a firm, a person or a contact. Private to the author unless shared with everyone or
// with named colleagues — and that rule lives in ONE place (noteVisibleSql), used by every read
// that can reveal a note: notes.list and the timeline (the card's count mirrors it).
import { sql, type SqlBool } from 'kysely';
import type { HandlerMap } from '../handler-types.ts';
import type { Ctx } from '../context.ts';
import { notFound, requireRef, stamps } from '../context.ts';
import type { ParsedInput } from '../../../shared/contract.ts';
import type { Note } from '../../../shared/types.ts';
import { AppError } from '../../../shared/errors.ts';
import { uuidv7 } from '../util/ids.ts';
import { checkFirmLinks } from './links.ts';
import { trashNote } from '../trash/trash.ts';

type NoteFields = Omit<ParsedInput<'notes.update'>, 'id'>;

/** The visibility rule, for a query that names the notes table `n`: mine, everyone's, or
 * shared with me by name through a live share row. */
export function noteVisibleSql(me: string) {
  return sql<SqlBool>`(n.author_id = ${me} OR n.visibility = 'everyone' OR (n.visibility = 'named' AND EXISTS (
    SELECT 1 FROM note_shares s WHERE s.note_id = n.id AND s.user_id = ${me} AND s.deleted_at IS NULL)))`;
}

/** Live notes the acting user may see, with the author's name. */
export function selectVisibleNotes(ctx: Ctx) {
  return ctx.db.selectFrom('notes as n')
    .innerJoin('users as u', 'u.id', 'n.author_id')
    .where('n.deleted_at', 'is', null)
    .where(noteVisibleSql(ctx.localUserId))
    .select([
      'n.id', 'n.firm_id', 'n.person_id', 'n.contact_id', 'n.title', 'n.body', 'n.at', 'n.author_id',
      'u.name as author_name', 'n.visibility', 'n.created_at', 'n.updated_at',
    ]);
}

type NoteRow = Awaited<ReturnType<ReturnType<typeof selectVisibleNotes>['execute']>>[number];

/** Rows → DTOs. Share lists are loaded only for the acting user's own notes: nobody else
 * learns whom the author shared with. */
export async function toNotes(ctx: Ctx, rows: NoteRow[]): Promise<Note[]> {
  const me = ctx.localUserId;
  const mine = rows.filter((r) => r.author_id === me && r.visibility === 'named').map((r) => r.id);
  const shares = new Map<string, string[]>();
  if (mine.length) {
    const list = await ctx.db.selectFrom('note_shares').select(['note_id', 'user_id'])
      .where('note_id', 'in', mine).where('deleted_at', 'is', null).orderBy('created_at').execute();
    for (const s of list) shares.set(s.note_id, [...(shares.get(s.note_id) ?? []), s.user_id]);
  }
  return rows.map((r) => ({
    id: r.id, firmId: r.firm_id, personId: r.person_id, contactId: r.contact_id, title: r.title, body: r.body,
    at: r.at, authorId: r.author_id, authorName: r.author_name, visibility: r.visibility,
    sharedWith: r.author_id === me ? shares.get(r.id) ?? [] : [],
    mine: r.author_id === me, createdAt: r.created_at, updatedAt: r.updated_at,
  }));
}

export const noteHandlers = {
  'notes.list': async ({ firmId, personId, contactId }, ctx) => {
    let q = selectVisibleNotes(ctx);
    if (firmId) q = q.where('n.firm_id', '=', firmId);
    if (personId) q = q.where('n.person_id', '=', personId);
    if (contactId) q = q.where('n.contact_id', '=', contactId);
    return toNotes(ctx, await q.orderBy('n.at', 'desc').orderBy('n.id', 'desc').limit(2000).execute());
  },

  'notes.create': async (input, ctx) => {
    await checkNote(ctx, input);
    const now = ctx.now();
    const id = uuidv7(now);
    await ctx.db.insertInto('notes').values({ id, ...noteColumns(input), author_id: ctx.localUserId, ...stamps(now) }).execute();
    await syncShares(ctx, id, input.visibility === 'named' ? input.sharedWith : []);
    return { id };
  },

  'notes.update': async (input, ctx) => {
    await requireAuthor(ctx, input.id);
    await checkNote(ctx, input);
    await ctx.db.updateTable('notes').set({ ...noteColumns(input), updated_at: ctx.now() }).where('id', '=', input.id).execute();
    await syncShares(ctx, input.id, input.visibility === 'named' ? input.sharedWith : []);
    return { id: input.id };
  },

  'notes.delete': async ({ id }, ctx) => {
    await requireAuthor(ctx, id);
    await trashNote(ctx, id);
    return { id };
  },
} satisfies Partial<HandlerMap>;

function noteColumns(n: NoteFields) {
  return {
    firm_id: n.firmId, person_id: n.personId, contact_id: n.contactId, title: n.title, body: n.body,
    at: n.at, visibility: n.visibility,
  };
}

async function checkNote(ctx: Ctx, n: NoteFields): Promise<void> {
  await checkFirmLinks(ctx, n);
  if (n.visibility === 'named') {
    for (const [i, userId] of n.sharedWith.entries()) await requireRef(ctx, 'users', userId, `sharedWith.${i}`);
  }
}

/** Only the author edits or deletes a note (others may only read what was shared with them). */
async function requireAuthor(ctx: Ctx, id: string): Promise<void> {
  const row = await ctx.db.selectFrom('notes').select('author_id').where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  if (!row) throw notFound();
  if (row.author_id !== ctx.localUserId) throw new AppError({ code: 'forbidden', messageKey: 'errors.note_not_author' });
}

/** Makes the live share rows exactly `userIds`. A share removed earlier is revived rather than
 * inserted again: (note_id, user_id) is unique, tombstones included. */
async function syncShares(ctx: Ctx, noteId: string, userIds: readonly string[]): Promise<void> {
  const now = ctx.now();
  const want = new Set(userIds);
  const rows = await ctx.db.selectFrom('note_shares').select(['id', 'user_id', 'deleted_at']).where('note_id', '=', noteId).execute();
  for (const r of rows) {
    if (want.has(r.user_id)) {
      want.delete(r.user_id);
      if (r.deleted_at !== null) await ctx.db.updateTable('note_shares').set({ deleted_at: null, updated_at: now }).where('id', '=', r.id).execute();
    } else if (r.deleted_at === null) {
      await ctx.db.updateTable('note_shares').set({ deleted_at: now, updated_at: now }).where('id', '=', r.id).execute();
    }
  }
  for (const userId of want) {
    await ctx.db.insertInto('note_shares').values({ id: uuidv7(now), note_id: noteId, user_id: userId, ...stamps(now) }).execute();
  }
}
