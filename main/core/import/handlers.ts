// The import channels: stage a file, preview it cell by cell, dry-run, run (one transaction,
// progress and cancel through the job), list and undo.
import iconv from 'iconv-lite';
import type { HandlerMap } from '../handler-types.ts';
import type { Ctx } from '../context.ts';
import { AppError } from '../../../shared/errors.ts';
import type { ImportKind, ImportMapping } from '../../../shared/import-targets.ts';
import type { ImportCounts, ImportMode, ImportPreviewRow, ImportReadOptions, ImportRecord, ImportStaged } from '../../../shared/imports.ts';
import { uuidv7 } from '../util/ids.ts';
import { loadDefs } from '../fields/values.ts';
import { readStaged, readTable, stage, staged, suggest, type SourceTable } from './source.ts';
import { columnsOf, normalizeRow } from './normalize.ts';
import { dataStamp, loadLookups, runPipeline } from './pipeline.ts';
import { holdCheckpoints } from '../db/checkpoint-aside.ts';
import { undoImport } from './undo.ts';

/** Rows the wizard's first step shows. */
const HEAD_ROWS = 20;

export const importHandlers = {
  'imports.stage': async ({ fileName, kind, content, options }, ctx) => {
    const bytes = Buffer.from(content, 'base64');
    const token = stage(ctx.dbPath, bytes);
    let table = await readTable(bytes, fileName, options);
    const remembered = await rememberedMapping(ctx, table.sourceKey, kind);
    // The options confirmed for this source last time (an encoding the detector doubts, a
    // delimiter), unless the user is choosing others now.
    const chosen = remembered && Object.keys(options).length === 0 && Object.keys(remembered.options).length > 0 ? remembered.options : options;
    if (chosen !== options) table = await readTable(bytes, fileName, chosen);
    const defs = await loadDefs(ctx.db);
    const live = new Set(defs.map((d) => `field:${d.id}`));
    // A remembered column of a user field deleted since is left unmapped.
    const mapping = remembered ? Object.fromEntries(Object.entries(remembered.mapping).map(([c, t]) => [c, t && t.startsWith('field:') && !live.has(t) ? null : t])) as ImportMapping
      : suggest(table, kind, defs.map((d) => ({ id: d.id, name: d.label })));
    const out: ImportStaged = {
      token, fileName, format: table.format, flavor: table.flavor, encoding: table.encoding,
      decodings: decodings(bytes, table), delimiter: table.delimiter, sheets: table.sheets, headers: table.headers,
      rows: table.rows.slice(0, HEAD_ROWS), totalRows: table.rows.length, sourceKey: table.sourceKey,
      warnings: table.warnings.slice(0, 100), kind, mapping, remembered: remembered !== null, options: chosen,
    };
    return out;
  },

  'imports.preview': async ({ token, fileName, kind, mapping, options, limit }, ctx) => {
    const table = await readStaged(ctx.dbPath, token, fileName, options);
    const lookups = await loadLookups(ctx);
    const columns = columnsOf(mapping as ImportMapping);
    const rows = table.rows.slice(0, limit).map((r): ImportPreviewRow => {
      const n = normalizeRow(kind, columns, r.line, r.cells, lookups);
      const width = Math.max(table.headers.length, r.cells.length);
      return {
        line: r.line,
        cells: Array.from({ length: width }, (_, i) => ({
          value: r.cells[i] ?? '', normalized: n.normalized[i] ?? '', issue: n.issues.find((x) => x.column === i) ?? null,
        })),
        issues: n.issues.filter((x) => x.column === null),
      };
    });
    return { rows, totalRows: table.rows.length };
  },

  'imports.dryRun': async ({ token, fileName, kind, mapping, options, mode }, ctx) => {
    const table = await readStaged(ctx.dbPath, token, fileName, options);
    return runPipeline(ctx, table, { kind, mode, mapping: mapping as ImportMapping, write: null, ...(ctx.sqlite ? { stamp: dataStamp(ctx.sqlite) } : {}) });
  },

  'imports.run': async ({ token, fileName, kind, mapping, options, mode, skipInvalid }, ctx) => {
    // Before anything is written: the dry run's checked rows are reused only for this state.
    const stamp = ctx.sqlite ? dataStamp(ctx.sqlite) : undefined;
    const table = await readStaged(ctx.dbPath, token, fileName, options);
    // Remembered also under the layout the file shows when read as detected: that is what the
    // next file of this source looks like before anyone chooses its delimiter or encoding.
    const detected = Object.keys(options).length > 0 ? (await readTable(staged(ctx.dbPath, token), fileName, {}, 5).catch(() => null))?.sourceKey : undefined;
    return runImport(ctx, table, { fileName, kind, mode, mapping: mapping as ImportMapping, options, skipInvalid, alsoKey: detected, stamp });
  },

  'imports.list': async ({ limit }, ctx) => {
    const rows = await ctx.db.selectFrom('imports as i').innerJoin('users as u', 'u.id', 'i.user_id')
      .leftJoin('users as b', 'b.id', 'i.undone_by')
      .select(['i.id', 'i.kind', 'i.file_name', 'i.format', 'i.encoding', 'i.mode', 'i.created_at', 'i.counts', 'i.undone_at', 'u.name as user_name', 'b.name as undone_by_name'])
      .where('i.deleted_at', 'is', null).orderBy('i.created_at', 'desc').orderBy('i.id', 'desc').limit(limit).execute();
    return rows.map((r): ImportRecord => ({
      id: r.id, kind: r.kind, fileName: r.file_name, format: r.format, encoding: r.encoding, mode: r.mode, userName: r.user_name,
      at: r.created_at, counts: JSON.parse(r.counts) as ImportCounts, undoneAt: r.undone_at, undoneByName: r.undone_by_name,
    }));
  },

  'imports.undo': async ({ id }, ctx) => undoImport(ctx, id),
} satisfies Partial<HandlerMap>;

export interface RunSpec {
  fileName: string;
  kind: ImportKind;
  mode: ImportMode;
  mapping: ImportMapping;
  options: ImportReadOptions;
  skipInvalid: boolean;
  /** Another source key to remember the mapping under. */
  alsoKey?: string;
  /** The database's state before this call wrote anything (pipeline.ts dataStamp). */
  stamp?: string;
}

/** A run inside the caller's transaction (the dispatcher's, or the CLI's through it): the
 * import's record, its rows, and the mapping remembered for the source. Invalid rows refuse
 * the whole import unless the user chose to skip them — then nothing at all is written. */
export async function runImport(ctx: Ctx, table: Pick<SourceTable, 'rows' | 'format' | 'encoding' | 'sourceKey'>, spec: RunSpec) {
  const now = ctx.now();
  const importId = uuidv7(now);
  await ctx.db.insertInto('imports').values({
    id: importId, kind: spec.kind, file_name: spec.fileName, format: table.format, encoding: table.encoding?.name ?? null,
    mode: spec.mode, source_key: table.sourceKey, user_id: ctx.localUserId, counts: '{}', undone_at: null, undone_by: null,
    created_at: now, updated_at: now, deleted_at: null,
  }).execute();
  // A big import's checkpoint runs aside, after the commit (db/checkpoint-aside.ts).
  if (table.rows.length >= 5000 && ctx.sqlite && ctx.afterCommit && ctx.afterRollback) {
    const release = holdCheckpoints(ctx.sqlite, ctx.dbPath);
    ctx.afterCommit(() => { void release(true); });
    ctx.afterRollback(() => { void release(false); });
  }
  const report = await runPipeline(ctx, table, { kind: spec.kind, mode: spec.mode, mapping: spec.mapping, write: { importId }, ...(spec.stamp ? { stamp: spec.stamp } : {}) });
  if (report.counts.invalid > 0 && !spec.skipInvalid) {
    throw new AppError({ code: 'validation', messageKey: 'errors.import_invalid_rows', params: { count: report.counts.invalid } });
  }
  await ctx.db.updateTable('imports').set({ counts: JSON.stringify(report.counts) }).where('id', '=', importId).execute();
  for (const key of new Set([table.sourceKey, spec.alsoKey].filter((k): k is string => !!k))) {
    await ctx.db.insertInto('import_mappings').values({
      source_key: key, kind: spec.kind, mapping: JSON.stringify(spec.mapping), options: JSON.stringify(spec.options), updated_at: now,
    }).onConflict((oc) => oc.columns(['source_key', 'kind']).doUpdateSet({ mapping: JSON.stringify(spec.mapping), options: JSON.stringify(spec.options), updated_at: now })).execute();
  }
  return { importId, ...report };
}

async function rememberedMapping(ctx: Ctx, sourceKey: string, kind: ImportKind): Promise<{ mapping: ImportMapping; options: ImportReadOptions } | null> {
  if (!sourceKey) return null;
  const r = await ctx.db.selectFrom('import_mappings').select(['mapping', 'options'])
    .where('source_key', '=', sourceKey).where('kind', '=', kind).executeTakeFirst();
  return r ? { mapping: JSON.parse(r.mapping) as ImportMapping, options: JSON.parse(r.options) as ImportReadOptions } : null;
}

/** The file's first lines decoded with each candidate encoding: the user sees which one reads. */
function decodings(bytes: Uint8Array, table: SourceTable): { name: string; text: string }[] {
  if (table.format !== 'csv' && table.format !== 'vcard') return [];
  const names = [...new Set([table.encoding?.name, ...(table.encoding?.candidates ?? []).map((c) => c.name), 'utf-8', 'windows-1250'])]
    .filter((n): n is string => !!n).slice(0, 5);
  const head = bytes.subarray(0, 4096);
  return names.filter((n) => iconv.encodingExists(n.replace('-bom', ''))).map((n) => {
    const text = iconv.decode(Buffer.from(head), n.replace('-bom', ''));
    return { name: n, text: text.split(/\r?\n/).slice(0, 6).join('\n') };
  });
}
