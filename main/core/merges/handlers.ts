// Merging duplicate firms and people with a per-field choice, the list of recent merges, and
// exact undo. The work itself is in engine.ts (leads.convert uses it too).
import { sql } from 'kysely';
import type { HandlerMap } from '../handler-types.ts';
import type { MergeRecord } from '../../../shared/types.ts';
import { mergeFirms, mergePeople, undoMerge } from './engine.ts';

export const mergeHandlers = {
  'firms.merge': async (input, ctx) => ({ mergeId: await mergeFirms(ctx, input) }),

  'people.merge': async (input, ctx) => ({ mergeId: await mergePeople(ctx, input) }),

  'merges.undo': async ({ id }, ctx) => {
    const { survivorId, mergedId } = await undoMerge(ctx, id);
    return { survivorId, mergedId };
  },

  'merges.list': async ({ limit }, ctx) => {
    // Names as they were at the merge, read inside SQLite: snapshots can be large.
    const rows = await sql<{
      id: string; entity: 'firm' | 'person'; survivor_id: string; merged_id: string; created_at: number; undone_at: number | null;
      survivor_name: string | null; merged_name: string | null; user_name: string | null;
    }>`
      SELECT m.id, m.entity, m.survivor_id, m.merged_id, m.created_at, m.undone_at, u.name AS user_name,
        json_extract(m.snapshot, '$.survivorName') AS survivor_name, json_extract(m.snapshot, '$.mergedName') AS merged_name
      FROM merges m LEFT JOIN users u ON u.id = m.user_id
      WHERE m.deleted_at IS NULL ORDER BY m.created_at DESC, m.id DESC LIMIT ${limit}`.execute(ctx.db);
    return rows.rows.map((r): MergeRecord => ({
      id: r.id, entity: r.entity, survivorId: r.survivor_id, survivorName: r.survivor_name ?? '',
      mergedId: r.merged_id, mergedName: r.merged_name ?? '', userName: r.user_name ?? '', at: r.created_at, undoneAt: r.undone_at,
    }));
  },
} satisfies Partial<HandlerMap>;
