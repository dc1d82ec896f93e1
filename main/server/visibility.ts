// The server decides who sees what (issue 16): a device receives only the changes its user may
// see, in pull and in snapshot alike.
//
// Notes: a note whose current `visibility` is 'private' goes only to its author's devices;
// 'named' to the author and the users its live note_shares rows name; 'everyone' to all. A note
// whose visibility is not known yet counts as private (the laptops' default), one without a known
// author reaches nobody. The note's share rows follow the note. Decided on the current state
// (row_state), so narrowing a note stops its further changes at once; widening re-sends its
// current state through the log (push.ts), since the new readers' cursors are past its history.
import { sql } from 'kysely';
import type { ServerDb } from './db.ts';

export interface Keyed { tbl: string; row_id: string }

/** A predicate for `items` (a page of the log or of the state) as seen by `userId`. */
export async function visibilityFor(db: ServerDb, workspaceId: string, userId: string, items: readonly Keyed[]): Promise<(item: Keyed) => boolean> {
  const noteIds = new Set<string>();
  const shareIds = new Set<string>();
  for (const i of items) {
    if (i.tbl === 'notes') noteIds.add(i.row_id);
    else if (i.tbl === 'note_shares') shareIds.add(i.row_id);
  }
  if (!noteIds.size && !shareIds.size) return () => true;

  const shareNote = new Map<string, string>();
  if (shareIds.size) {
    const rows = await db.selectFrom('row_state').select(['row_id', sql<string>`val #>> '{}'`.as('note_id')])
      .where('workspace_id', '=', workspaceId).where('tbl', '=', 'note_shares').where('col', '=', 'note_id')
      .where('row_id', 'in', [...shareIds]).execute();
    for (const r of rows) {
      shareNote.set(r.row_id, r.note_id);
      noteIds.add(r.note_id);
    }
  }
  const notes = [...noteIds];
  const fields = await db.selectFrom('row_state').select(['row_id', 'col', sql<string | null>`val #>> '{}'`.as('v')])
    .where('workspace_id', '=', workspaceId).where('tbl', '=', 'notes').where('col', 'in', ['visibility', 'author_id'])
    .where('row_id', 'in', notes).execute();
  const visibility = new Map<string, string>();
  const author = new Map<string, string>();
  for (const f of fields) (f.col === 'visibility' ? visibility : author).set(f.row_id, f.v ?? '');
  // The notes named for this user by a share that is neither deleted (deleted_at set) nor gone.
  const named = new Set((await sql<{ note_id: string }>`
    SELECT n.val #>> '{}' AS note_id FROM row_state n
    JOIN row_state u ON u.workspace_id = n.workspace_id AND u.tbl = 'note_shares' AND u.row_id = n.row_id AND u.col = 'user_id'
    WHERE n.workspace_id = ${workspaceId} AND n.tbl = 'note_shares' AND n.col = 'note_id'
      AND n.val #>> '{}' = ANY(${notes}::text[]) AND u.val #>> '{}' = ${userId}
      AND NOT EXISTS (SELECT 1 FROM row_state d WHERE d.workspace_id = n.workspace_id AND d.tbl = 'note_shares' AND d.row_id = n.row_id
        AND (d.col = '' OR (d.col = 'deleted_at' AND d.val <> 'null'::jsonb)))`.execute(db)).rows.map((r) => r.note_id));

  const noteVisible = (id: string): boolean => {
    const v = visibility.get(id) ?? 'private';
    if (v === 'everyone') return true;
    if (author.get(id) === userId) return true;
    return v === 'named' && named.has(id);
  };
  return (i) => {
    if (i.tbl === 'notes') return noteVisible(i.row_id);
    if (i.tbl === 'note_shares') {
      const note = shareNote.get(i.row_id);
      return note !== undefined && noteVisible(note);
    }
    return true;
  };
}

/** The fields whose change may widen who sees a note: its state is then sent again. */
export function widensNote(tbl: string, col: string | null): boolean {
  return (tbl === 'notes' && (col === 'visibility' || col === 'author_id')) || tbl === 'note_shares';
}
