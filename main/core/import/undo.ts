// Undo of an import, in the handler's one transaction: what it inserted is deleted (children
// first: its changes are walked newest first), what it updated gets its previous values back.
//
// Refused, with nothing touched, when a row it wrote was changed since (its updated_at is no
// longer the one the import left) or when something added since hangs on a record it created
// (a contact logged at an imported firm): undoing then would lose the user's later work. The
// user can still edit or delete those records by hand. Deleting rows (not tombstoning them)
// keeps an undone import from leaving anything in the file; the search index and the first
// page follow through their triggers, the firm list reloads after the commit.
import type { Ctx } from '../context.ts';
import { notFound } from '../context.ts';
import { AppError } from '../../../shared/errors.ts';

const TABLES = new Set(['firms', 'addresses', 'channels', 'people', 'contacts', 'segments', 'segment_members', 'field_values', 'notes', 'changes']);

export async function undoImport(ctx: Ctx, id: string): Promise<{ id: string; removed: number; restored: number }> {
  const sqlite = ctx.sqlite;
  if (!sqlite) throw new Error('undo needs the connection');
  const imp = sqlite.prepare(`SELECT id, undone_at FROM imports WHERE id = ? AND deleted_at IS NULL`).get(id) as { id: string; undone_at: number | null } | undefined;
  if (!imp) throw notFound();
  if (imp.undone_at !== null) throw new AppError({ code: 'validation', messageKey: 'errors.import_undone_already' });
  const changes = sqlite.prepare(`SELECT tbl, row_id, op, before, stamp FROM import_changes WHERE import_id = ? ORDER BY seq DESC`).all(id) as
    { tbl: string; row_id: string; op: 'insert' | 'update'; before: string | null; stamp: number }[];
  // The newest stamp of each row: a row the import wrote twice (a firm, then its bump) is one.
  const stamps = new Map<string, number>();
  for (const c of changes) {
    if (!TABLES.has(c.tbl)) throw new Error(`import change of unknown table ${c.tbl}`);
    const key = `${c.tbl}:${c.row_id}`;
    stamps.set(key, Math.max(stamps.get(key) ?? 0, c.stamp));
  }
  let edited = 0;
  for (const [key, stamp] of stamps) {
    const [tbl, rowId] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
    const row = sqlite.prepare(`SELECT updated_at FROM ${tbl} WHERE id = ?`).get(rowId) as { updated_at: number } | undefined;
    if (row && row.updated_at !== stamp) edited++;
  }
  // What hangs on a firm or person the import created was written with it and not noted one by
  // one (pipeline.ts): a row there with another stamp was changed or added since.
  const firmsMade = changes.filter((c) => c.op === 'insert' && c.tbl === 'firms');
  const peopleMade = changes.filter((c) => c.op === 'insert' && c.tbl === 'people');
  const laterOnFirm = sqlite.prepare(`SELECT
      (SELECT count(*) FROM addresses WHERE firm_id = @id AND updated_at <> @stamp)
    + (SELECT count(*) FROM channels WHERE firm_id = @id AND updated_at <> @stamp)
    + (SELECT count(*) FROM people WHERE firm_id = @id AND updated_at <> @stamp)
    + (SELECT count(*) FROM segment_members WHERE firm_id = @id AND updated_at <> @stamp)
    + (SELECT count(*) FROM notes WHERE firm_id = @id AND updated_at <> @stamp)
    + (SELECT count(*) FROM field_values WHERE (entity_id = @id OR entity_id IN (SELECT id FROM people WHERE firm_id = @id)) AND updated_at <> @stamp) AS n`).pluck();
  const laterOnPerson = sqlite.prepare(`SELECT
      (SELECT count(*) FROM channels WHERE person_id = @id AND updated_at <> @stamp)
    + (SELECT count(*) FROM field_values WHERE entity_id = @id AND updated_at <> @stamp) AS n`).pluck();
  for (const c of firmsMade) edited += laterOnFirm.get({ id: c.row_id, stamp: c.stamp }) as number;
  for (const c of peopleMade) edited += laterOnPerson.get({ id: c.row_id, stamp: c.stamp }) as number;
  if (edited > 0) throw new AppError({ code: 'validation', messageKey: 'errors.import_changed_since', params: { count: edited } });

  const now = ctx.now();
  let removed = 0;
  let restored = 0;
  try {
    // First what hangs on the firms and people it created, then the noted rows newest first
    // (a tag's memberships before the tag, a person before the firm).
    const dependentsOfFirm = ['DELETE FROM field_values WHERE entity_id IN (SELECT id FROM people WHERE firm_id = ?)', 'DELETE FROM field_values WHERE entity_id = ?',
      'DELETE FROM channels WHERE firm_id = ?', 'DELETE FROM people WHERE firm_id = ?', 'DELETE FROM addresses WHERE firm_id = ?',
      'DELETE FROM segment_members WHERE firm_id = ?', 'DELETE FROM notes WHERE firm_id = ?'].map((q) => sqlite.prepare(q));
    const dependentsOfPerson = ['DELETE FROM field_values WHERE entity_id = ?', 'DELETE FROM channels WHERE person_id = ?'].map((q) => sqlite.prepare(q));
    for (const c of peopleMade) for (const st of dependentsOfPerson) removed += st.run(c.row_id).changes;
    for (const c of firmsMade) for (const st of dependentsOfFirm) removed += st.run(c.row_id).changes;
    for (const c of changes) {
      if (c.op === 'insert') {
        removed += sqlite.prepare(`DELETE FROM ${c.tbl} WHERE id = ?`).run(c.row_id).changes;
      } else {
        const before = JSON.parse(c.before ?? '{}') as Record<string, unknown>;
        const cols = Object.keys(before).filter((k) => /^[a-z_]+$/.test(k));
        if (cols.length === 0) continue;
        // A new stamp, not the old one: the restored row is a change of its own for the list and sync.
        restored += sqlite.prepare(`UPDATE ${c.tbl} SET ${cols.map((k) => `${k} = ?`).join(', ')}, updated_at = ? WHERE id = ?`)
          .run(...cols.map((k) => before[k] as never), now, c.row_id).changes;
      }
    }
  } catch (e) {
    if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
      throw new AppError({ code: 'validation', messageKey: 'errors.import_undo_referenced' });
    }
    throw e;
  }
  sqlite.prepare(`UPDATE imports SET undone_at = ?, undone_by = ?, updated_at = ? WHERE id = ?`).run(now, ctx.localUserId, now, id);
  // Deleted firms leave no updated_at for the list's refresh to see: it reloads.
  ctx.afterCommit?.(() => ctx.firmList.reloadAll());
  return { id, removed, restored };
}
