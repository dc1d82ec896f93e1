// Mailing: newsletter topics and the consent records of people and leads, selections (count,
// preview, saved by name) and exports with their log. The selection itself is compiled in
// select.ts, the cells in rows.ts, the files by formats/.
import type { HandlerMap } from '../handler-types.ts';
import type { Ctx } from '../context.ts';
import { notFound, requireRef, stamps } from '../context.ts';
import type { Dedupe, ExportColumn, ExportFormat, ExportLogEntry, Recipients, SavedSelection, Subscription, Topic } from '../../../shared/types.ts';
import { uuidv7 } from '../util/ids.ts';
import { fold } from '../duplicates/normalize.ts';
import { wordSafeHeaders } from './formats/index.ts';
import { buildRows, cellText, planColumns } from './rows.ts';
import { compileSelection, countSelection, invalid, selectRows } from './select.ts';
import { excludedTotal, exportFileName, exportName, exportToBase64, fileTitle, logExport } from './export.ts';

const collator = () => new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
const sameName = (a: string, b: string) => fold(a.trim()) === fold(b.trim());

export const mailingHandlers = {
  // ---- topics ----------------------------------------------------------------------------------
  'topics.list': async (_input, ctx) => {
    const rows = await ctx.db.selectFrom('topics as t').select((eb) => ['t.id', 't.name', 't.note',
      eb.selectFrom('subscriptions as s').select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('s.topic_id', '=', 't.id').where('s.deleted_at', 'is', null).where('s.unsubscribed_at', 'is', null)
        .where((e) => e.or([
          e.and([e('s.person_id', 'is not', null), e.exists(e.selectFrom('people as p').select('p.id').whereRef('p.id', '=', 's.person_id').where('p.deleted_at', 'is', null))]),
          e.and([e('s.firm_id', 'is not', null), e.exists(e.selectFrom('firms as f').select('f.id').whereRef('f.id', '=', 's.firm_id').where('f.deleted_at', 'is', null))]),
        ])).as('subscribers'),
    ]).where('t.deleted_at', 'is', null).execute();
    const c = collator();
    return rows.map((r): Topic => ({ id: r.id, name: r.name, note: r.note, subscribers: Number(r.subscribers ?? 0) }))
      .sort((a, b) => c.compare(a.name, b.name) || (a.id < b.id ? -1 : 1));
  },

  'topics.create': async ({ name, note }, ctx) => {
    await uniqueTopicName(ctx, name, null);
    const now = ctx.now();
    const id = uuidv7(now);
    await ctx.db.insertInto('topics').values({ id, name, note, ...stamps(now) }).execute();
    return { id };
  },

  'topics.update': async ({ id, name, note }, ctx) => {
    await requireRef(ctx, 'topics', id, 'id').catch(() => { throw notFound(); });
    await uniqueTopicName(ctx, name, id);
    await ctx.db.updateTable('topics').set({ name, note, updated_at: ctx.now() }).where('id', '=', id).execute();
    return { id };
  },

  /** A deleted topic takes its subscriptions with it (tombstones: the records stay in the file). */
  'topics.delete': async ({ id }, ctx) => {
    await requireRef(ctx, 'topics', id, 'id').catch(() => { throw notFound(); });
    const now = ctx.now();
    await ctx.db.updateTable('subscriptions').set({ deleted_at: now, updated_at: now })
      .where('topic_id', '=', id).where('deleted_at', 'is', null).execute();
    await ctx.db.updateTable('topics').set({ deleted_at: now, updated_at: now }).where('id', '=', id).execute();
    return { id };
  },

  // ---- subscriptions ---------------------------------------------------------------------------
  'subscriptions.list': async ({ personId, firmId }, ctx) => {
    if (personId) await requireRef(ctx, 'people', personId, 'personId');
    if (firmId) await requireRef(ctx, 'firms', firmId, 'firmId');
    let q = ctx.db.selectFrom('subscriptions as s').innerJoin('topics as t', 't.id', 's.topic_id')
      .select(['s.id', 's.topic_id', 't.name as topic_name', 's.person_id', 's.firm_id', 's.subscribed_at', 's.source', 's.unsubscribed_at'])
      .where('s.deleted_at', 'is', null).where('t.deleted_at', 'is', null);
    q = personId ? q.where('s.person_id', '=', personId) : q.where('s.firm_id', '=', firmId!);
    const c = collator();
    return (await q.execute()).map((r): Subscription => ({
      id: r.id, topicId: r.topic_id, topicName: r.topic_name, personId: r.person_id, firmId: r.firm_id,
      subscribedAt: r.subscribed_at, source: r.source, unsubscribedAt: r.unsubscribed_at,
    })).sort((a, b) => c.compare(a.topicName, b.topicName) || (a.id < b.id ? -1 : 1));
  },

  /** Subscribing creates the record, or revives an opted-out one (new date and source); an
   * active subscription keeps its original date. Opting out dates the record and keeps it — also
   * for someone never subscribed (a refusal on record). Only a lead subscribes as a firm; an
   * opt-out is never refused. */
  'subscriptions.set': async ({ topicId, personId, firmId, subscribed, source }, ctx) => {
    await requireRef(ctx, 'topics', topicId, 'topicId');
    if (personId) await requireRef(ctx, 'people', personId, 'personId');
    let q = ctx.db.selectFrom('subscriptions').select(['id', 'unsubscribed_at']).where('topic_id', '=', topicId).where('deleted_at', 'is', null);
    q = personId ? q.where('person_id', '=', personId) : q.where('firm_id', '=', firmId!);
    const row = await q.executeTakeFirst();
    if (firmId) {
      const firm = await ctx.db.selectFrom('firms').select(['id', 'is_lead']).where('id', '=', firmId).where('deleted_at', 'is', null).executeTakeFirst();
      if (!firm) throw invalid('errors.unknown_ref', 'firmId');
      if (subscribed && !row && firm.is_lead !== 1) throw invalid('errors.subscription_lead_only', 'firmId');
    }
    const now = ctx.now();
    if (!row) {
      const id = uuidv7(now);
      await ctx.db.insertInto('subscriptions').values({
        id, topic_id: topicId, person_id: personId, firm_id: personId ? null : firmId, subscribed_at: now, source,
        unsubscribed_at: subscribed ? null : now, ...stamps(now),
      }).execute();
      return { id };
    }
    if (subscribed && row.unsubscribed_at !== null) {
      await ctx.db.updateTable('subscriptions').set({ subscribed_at: now, source, unsubscribed_at: null, updated_at: now })
        .where('id', '=', row.id).execute();
    } else if (!subscribed && row.unsubscribed_at === null) {
      await ctx.db.updateTable('subscriptions').set({ unsubscribed_at: now, updated_at: now }).where('id', '=', row.id).execute();
    }
    return { id: row.id };
  },

  // ---- selections ------------------------------------------------------------------------------
  'selections.count': async (input, ctx) => countSelection(ctx, input),

  'selections.preview': async (input, ctx) => {
    const plan = await planColumns(ctx, input.columns, input.locale);
    const { rows, count } = await selectRows(ctx, input, input.locale, { firmList: true });
    const sample: string[][] = [];
    for await (const cells of buildRows(ctx, rows.slice(0, input.limit), plan, input.locale, input.recipients === 'people')) {
      sample.push(cells.map(cellText));
    }
    const headers = plan.specs.map((s) => s.header);
    const shown = input.mergeNames ? wordSafeHeaders(headers) : headers;
    return { ...count, columns: plan.specs.map((s, i) => ({ key: s.key as ExportColumn, header: shown[i]! })), sample };
  },

  'selections.list': async (_input, ctx) => {
    const rows = await selectSaved(ctx).execute();
    const c = collator();
    return rows.map(toSaved).sort((a, b) => c.compare(a.name, b.name) || (a.id < b.id ? -1 : 1));
  },

  'selections.get': async ({ id }, ctx) => {
    const row = await selectSaved(ctx).where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound();
    return toSaved(row);
  },

  /** A new name makes a new selection; `id` overwrites that one. Names are unique among live
   * selections, ignoring case and diacritics. Only a selection that compiles is saved. */
  'selections.save': async (input, ctx) => {
    if (input.id) await requireRef(ctx, 'selections', input.id, 'id').catch(() => { throw notFound(); });
    const others = await ctx.db.selectFrom('selections').select(['id', 'name']).where('deleted_at', 'is', null).execute();
    if (others.some((o) => o.id !== input.id && sameName(o.name, input.name))) throw invalid('errors.selection_name_taken', 'name');
    await compileSelection(ctx, input);
    await planColumns(ctx, input.columns, input.locale);
    const now = ctx.now();
    const values = {
      name: input.name, recipients: input.recipients, where_json: JSON.stringify(input.where), topic_id: input.topicId,
      dedupe: input.dedupe, columns_json: JSON.stringify(input.columns), format: input.format, merge_names: input.mergeNames ? 1 : 0,
    };
    if (input.id) {
      await ctx.db.updateTable('selections').set({ ...values, updated_at: now }).where('id', '=', input.id).execute();
      return { id: input.id };
    }
    const id = uuidv7(now);
    await ctx.db.insertInto('selections').values({ id, ...values, ...stamps(now) }).execute();
    return { id };
  },

  'selections.delete': async ({ id }, ctx) => {
    await requireRef(ctx, 'selections', id, 'id').catch(() => { throw notFound(); });
    const now = ctx.now();
    await ctx.db.updateTable('selections').set({ deleted_at: now, updated_at: now }).where('id', '=', id).execute();
    return { id };
  },

  // ---- exports ---------------------------------------------------------------------------------
  /** The file in memory, and its log entry — written only when the file was (one transaction). */
  'exports.run': async (input, ctx) => {
    // Checked before anything is built: the log row's foreign key would otherwise refuse an
    // unknown selection only after the whole file was written (as `internal`).
    if (input.selectionId) await requireRef(ctx, 'selections', input.selectionId, 'selectionId').catch(() => { throw notFound('selectionId'); });
    const name = await exportName(ctx, input);
    // The file and its sheet are named after the selection even when it is unsaved; the log keeps
    // an unsaved one's name empty (the log shows it as unsaved).
    const title = fileTitle({ ...input, name });
    const written = await exportToBase64(ctx, { ...input, name: title });
    const fileName = exportFileName(title, ctx.now(), written.extension);
    const logId = await logExport(ctx, {
      selectionId: input.selectionId, selectionName: name, format: input.format, rows: written.rows,
      excluded: excludedTotal(written), fileName, refs: written.refs,
    });
    return {
      rows: written.rows, excluded: written.excluded, fileName, mime: written.mime,
      contentBase64: written.contentBase64, logId,
    };
  },

  'exports.log': async ({ limit }, ctx) => {
    const rows = await ctx.db.selectFrom('export_log as l').leftJoin('users as u', 'u.id', 'l.user_id')
      .select(['l.id', 'l.at', 'l.user_id', 'u.name as user_name', 'l.selection_id', 'l.selection_name', 'l.format', 'l.rows', 'l.excluded', 'l.file_name'])
      .where('l.deleted_at', 'is', null).orderBy('l.at', 'desc').orderBy('l.id', 'desc').limit(limit).execute();
    return rows.map((r): ExportLogEntry => ({
      id: r.id, at: r.at, userId: r.user_id, userName: r.user_name ?? '', selectionId: r.selection_id,
      selectionName: r.selection_name, format: r.format as ExportFormat, rows: r.rows, excluded: r.excluded, fileName: r.file_name,
    }));
  },
} satisfies Partial<HandlerMap>;

async function uniqueTopicName(ctx: Ctx, name: string, self: string | null): Promise<void> {
  const rows = await ctx.db.selectFrom('topics').select(['id', 'name']).where('deleted_at', 'is', null).execute();
  if (rows.some((r) => r.id !== self && sameName(r.name, name))) throw invalid('errors.topic_name_taken', 'name');
}

function selectSaved(ctx: Ctx) {
  return ctx.db.selectFrom('selections')
    .select(['id', 'name', 'recipients', 'where_json', 'topic_id', 'dedupe', 'columns_json', 'format', 'merge_names', 'updated_at'])
    .where('deleted_at', 'is', null);
}

function toSaved(r: Awaited<ReturnType<ReturnType<typeof selectSaved>['execute']>>[number]): SavedSelection {
  return {
    id: r.id, name: r.name, recipients: r.recipients as Recipients, where: JSON.parse(r.where_json) as unknown,
    topicId: r.topic_id, dedupe: r.dedupe as Dedupe, columns: JSON.parse(r.columns_json) as ExportColumn[],
    format: r.format as ExportFormat, mergeNames: r.merge_names === 1, updatedAt: r.updated_at,
  };
}
