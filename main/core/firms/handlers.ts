import { sql } from 'kysely';
import type { HandlerMap } from '../handler-types.ts';
import type { Ctx } from '../context.ts';
import { notFound, requireRef, stamps } from '../context.ts';
import type { Address, AddressKind, CardCounts, Channel, ChannelKind, FirmCard, FirmKind, Gender, Person, SegmentRef } from '../../../shared/types.ts';
import { ADDRESS_KINDS, FIRM_KINDS } from '../../../shared/types.ts';
import type { ParsedInput } from '../../../shared/contract.ts';
import { uuidv7 } from '../util/ids.ts';
import { recordChange } from '../changes/record.ts';
import { loadDefs, loadFieldValues } from '../fields/values.ts';
import { kindRank } from '../segments/handlers.ts';
import { incompleteFirms, loadCompleteness } from './completeness.ts';
import { countryOfAddresses, normalizeCompanyId } from '../../../shared/company-ids.ts';
import { trashFirm } from '../trash/trash.ts';
import { requireCode } from '../app/codes.ts';

type FirmFields = ParsedInput<'firms.create'>;

export const firmHandlers = {
  'firms.list': async (input, ctx) => ctx.firmList.list(input),

  'firms.cities': async ({ locale }, ctx) => ctx.firmList.cities(locale),

  'firms.get': async ({ id }, ctx) => loadFirmCard(ctx, id),

  'firms.incomplete': async (input, ctx) => incompleteFirms(ctx, input),

  'firms.create': async (input, ctx) => {
    await checkFirmRefs(ctx, input, null);
    const now = ctx.now();
    const id = uuidv7(now);
    await ctx.db.insertInto('firms').values({ id, ...firmColumns(input), ...stamps(now) }).execute();
    await syncAddresses(ctx, id, input.addresses);
    await syncChannels(ctx, id, null, input.channels);
    return { id };
  },

  'firms.update': async (input, ctx) => {
    await requireLiveFirm(ctx, input.id);
    await checkFirmRefs(ctx, input, await ctx.db.selectFrom('firms').select(['source_id', 'industry_id']).where('id', '=', input.id).executeTakeFirstOrThrow());
    const before = await keyFields(ctx, input.id);
    // Children first: the firm's own UPDATE then reindexes the search row once, complete.
    await syncAddresses(ctx, input.id, input.addresses);
    await syncChannels(ctx, input.id, null, input.channels);
    await ctx.db.updateTable('firms').set({ ...firmColumns(input), updated_at: ctx.now() })
      .where('id', '=', input.id).execute();
    const after = await keyFields(ctx, input.id);
    for (const field of ['name', 'ico', 'kinds', 'owner', 'address'] as const) {
      await recordChange(ctx, input.id, field, before[field], after[field]);
    }
    return { id: input.id };
  },

  'firms.delete': async ({ id }, ctx) => {
    await requireLiveFirm(ctx, id);
    // Tombstones, never a DELETE: into the trash with what hangs on it, restorable from there.
    await trashFirm(ctx, id);
    return { id };
  },
} satisfies Partial<HandlerMap>;

export function firmColumns(input: FirmFields) {
  const has = (k: FirmKind) => (input.kinds.includes(k) ? 1 : 0);
  // The contract checked the ids by this same country's scheme; stored as that scheme writes them.
  const country = input.country ?? countryOfAddresses(input.addresses);
  const ids = (field: 'ico' | 'dic' | 'vatId') => normalizeCompanyId(country, field, input[field]) || null;
  return {
    name: input.name,
    is_customer: has('customer'), is_prospect: has('prospect'), is_supplier: has('supplier'),
    country, ico: ids('ico'), dic: ids('dic'), vat_id: ids('vatId'), website: input.website || null,
    industry_id: input.industryId, source_id: input.sourceId, owner_id: input.ownerId,
  };
}

/** The key fields as the change log shows them: display text, not ids. Kinds are their codes
 * in the fixed order ("customer, prospect"; the UI may translate each); the address is one
 * line of the registered address (else the first): "Husova 3, 508 01 Hořice". */
async function keyFields(ctx: Ctx, firmId: string): Promise<Record<'name' | 'ico' | 'kinds' | 'owner' | 'address', string>> {
  const f = await ctx.db.selectFrom('firms as f').leftJoin('users as u', 'u.id', 'f.owner_id')
    .select(['f.name', 'f.ico', 'f.is_customer', 'f.is_prospect', 'f.is_supplier', 'u.name as owner_name'])
    .where('f.id', '=', firmId).executeTakeFirstOrThrow();
  const a = await ctx.db.selectFrom('addresses').select(['street', 'number', 'postal_code', 'city', 'country'])
    .where('firm_id', '=', firmId).where('deleted_at', 'is', null)
    .orderBy(sql`kind <> 'registered'`).orderBy('sort').executeTakeFirst();
  return {
    name: f.name, ico: f.ico ?? '', kinds: kindsOf(f).join(', '), owner: f.owner_name ?? '',
    address: a ? addressLine(a) : '',
  };
}

export function addressLine(a: { street: string; number: string; postal_code: string; city: string; country: string }): string {
  const street = [a.street, a.number].filter(Boolean).join(' ');
  const place = [a.postal_code, a.city].filter(Boolean).join(' ');
  return [street, place, a.country && a.country !== 'CZ' ? a.country : ''].filter(Boolean).join(', ');
}

export function kindsOf(r: { is_customer: number; is_prospect: number; is_supplier: number }): FirmKind[] {
  const flags: Record<FirmKind, number> = { customer: r.is_customer, prospect: r.is_prospect, supplier: r.is_supplier };
  return FIRM_KINDS.filter((k) => flags[k] === 1);
}

/** Code list entries must be live and not retired — unless the firm already holds them. */
async function checkFirmRefs(ctx: Ctx, input: FirmFields, current: { source_id: string | null; industry_id: string | null } | null): Promise<void> {
  if (input.sourceId) await requireCode(ctx, 'firm_source', input.sourceId, 'sourceId', current?.source_id);
  if (input.industryId) await requireCode(ctx, 'industry', input.industryId, 'industryId', current?.industry_id);
  if (input.ownerId) await requireRef(ctx, 'users', input.ownerId, 'ownerId');
}

export async function requireLiveFirm(ctx: Ctx, id: string, field = 'id'): Promise<void> {
  const row = await ctx.db.selectFrom('firms').select('id').where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  if (!row) throw notFound(field);
}

/** Upserts the given children by id and tombstones the ones no longer listed. */
async function syncAddresses(ctx: Ctx, firmId: string, list: FirmFields['addresses']): Promise<void> {
  const now = ctx.now();
  const existing = new Set((await ctx.db.selectFrom('addresses').select('id').where('firm_id', '=', firmId)
    .where('deleted_at', 'is', null).execute()).map((r) => r.id));
  const keep = new Set<string>();
  for (const [sort, a] of list.entries()) {
    const cols = { kind: a.kind, street: a.street, number: a.number, city: a.city, postal_code: a.postalCode, country: a.country, sort };
    if (a.id && existing.has(a.id)) {
      keep.add(a.id);
      await ctx.db.updateTable('addresses').set({ ...cols, updated_at: now }).where('id', '=', a.id).execute();
    } else {
      await ctx.db.insertInto('addresses').values({ id: uuidv7(now), firm_id: firmId, ...cols, ...stamps(now) }).execute();
    }
  }
  const gone = [...existing].filter((id) => !keep.has(id));
  if (gone.length) await ctx.db.updateTable('addresses').set({ deleted_at: now, updated_at: now }).where('id', 'in', gone).execute();
}

export async function syncChannels(ctx: Ctx, firmId: string, personId: string | null, list: FirmFields['channels']): Promise<void> {
  const now = ctx.now();
  let q = ctx.db.selectFrom('channels').select('id').where('firm_id', '=', firmId).where('deleted_at', 'is', null);
  q = personId ? q.where('person_id', '=', personId) : q.where('person_id', 'is', null);
  const existing = new Set((await q.execute()).map((r) => r.id));
  const keep = new Set<string>();
  for (const [sort, c] of list.entries()) {
    const cols = { kind: c.kind, value: c.value, label: c.label, sort };
    if (c.id && existing.has(c.id)) {
      keep.add(c.id);
      await ctx.db.updateTable('channels').set({ ...cols, updated_at: now }).where('id', '=', c.id).execute();
    } else {
      await ctx.db.insertInto('channels').values({ id: uuidv7(now), firm_id: firmId, person_id: personId, ...cols, ...stamps(now) }).execute();
    }
  }
  const gone = [...existing].filter((id) => !keep.has(id));
  if (gone.length) await ctx.db.updateTable('channels').set({ deleted_at: now, updated_at: now }).where('id', 'in', gone).execute();
}

/** The card of a firm. A merged-away firm (a tombstone pointing at its survivor) still answers,
 * with `firm.mergedIntoId` set and whatever little was left on it, so an old link can redirect
 * to the survivor; a deleted firm is not found. Every query goes through a firm_id index. */
export async function loadFirmCard(ctx: Ctx, id: string): Promise<FirmCard> {
  const f = await ctx.db.selectFrom('firms').selectAll().where('id', '=', id).executeTakeFirst();
  if (!f || (f.deleted_at !== null && f.merged_into_id === null)) throw notFound();
  const me = ctx.localUserId;
  const [addresses, channels, people, segments, heads, defs, counts, completeness] = await Promise.all([
    ctx.db.selectFrom('addresses').selectAll().where('firm_id', '=', id).where('deleted_at', 'is', null).orderBy('sort').execute(),
    ctx.db.selectFrom('channels').selectAll().where('firm_id', '=', id).where('deleted_at', 'is', null).orderBy('sort').execute(),
    ctx.db.selectFrom('people').selectAll().where('firm_id', '=', id).where('deleted_at', 'is', null)
      .orderBy('is_main', 'desc').orderBy('last_name').orderBy('first_name').execute(),
    ctx.db.selectFrom('segment_members as m').innerJoin('segments as s', 's.id', 'm.segment_id')
      .select(['s.id', 's.kind', 's.name', 's.color'])
      .where('m.firm_id', '=', id).where('m.deleted_at', 'is', null).where('s.deleted_at', 'is', null).execute(),
    ctx.db.selectFrom('segments').select(['id', 'kind', 'name', 'color'])
      .where('parent_firm_id', '=', id).where('kind', '=', 'group').where('deleted_at', 'is', null).execute(),
    loadDefs(ctx.db),
    sql<{ contacts: number; notes: number; open_tasks: number; attachments: number; open_opportunities: number; sales: number }>`SELECT
      (SELECT count(*) FROM contacts c WHERE c.firm_id = ${id} AND c.deleted_at IS NULL) AS contacts,
      (SELECT count(*) FROM notes n WHERE n.firm_id = ${id} AND n.deleted_at IS NULL AND (n.visibility = 'everyone'
        OR n.author_id = ${me} OR (n.visibility = 'named' AND EXISTS (SELECT 1 FROM note_shares s
          WHERE s.note_id = n.id AND s.user_id = ${me} AND s.deleted_at IS NULL)))) AS notes,
      (SELECT count(*) FROM tasks t WHERE t.firm_id = ${id} AND t.done_at IS NULL AND t.deleted_at IS NULL) AS open_tasks,
      (SELECT count(*) FROM attachments a WHERE a.firm_id = ${id} AND a.deleted_at IS NULL) AS attachments,
      (SELECT count(*) FROM opportunities o JOIN pipeline_stages ps ON ps.id = o.stage_id
        WHERE o.firm_id = ${id} AND o.deleted_at IS NULL AND ps.outcome = 'open') AS open_opportunities,
      (SELECT count(*) FROM sales sa WHERE sa.firm_id = ${id} AND sa.deleted_at IS NULL) AS sales`.execute(ctx.db),
    loadCompleteness(ctx, id),
  ]);
  const [firmFields, personFields] = await Promise.all([
    loadFieldValues(ctx.db, 'firm', [id], defs),
    loadFieldValues(ctx.db, 'person', people.map((p) => p.id), defs),
  ]);
  const toChannel = (c: (typeof channels)[number]): Channel => ({ id: c.id, kind: c.kind as ChannelKind, value: c.value, label: c.label });
  const kindOrder = (k: string) => ADDRESS_KINDS.indexOf(k as AddressKind);
  const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
  const bySegment = (a: SegmentRef, b: SegmentRef) => kindRank(a.kind) - kindRank(b.kind) || collator.compare(a.name, b.name);
  const c = counts.rows[0]!;
  const cardCounts: CardCounts = {
    people: people.length, contacts: c.contacts, notes: c.notes, openTasks: c.open_tasks, attachments: c.attachments,
    openOpportunities: c.open_opportunities, sales: c.sales,
  };
  return {
    firm: {
      id: f.id, name: f.name, kinds: kindsOf(f), country: f.country, ico: f.ico, dic: f.dic, vatId: f.vat_id, website: f.website, industryId: f.industry_id,
      sourceId: f.source_id, ownerId: f.owner_id, isLead: f.is_lead === 1, mergedIntoId: f.merged_into_id,
      createdAt: f.created_at, updatedAt: f.updated_at,
    },
    addresses: addresses.map((a): Address => ({
      id: a.id, kind: a.kind as AddressKind, street: a.street, number: a.number, city: a.city,
      postalCode: a.postal_code, country: a.country,
    })).sort((a, b) => kindOrder(a.kind) - kindOrder(b.kind)),
    channels: channels.filter((ch) => ch.person_id === null).map(toChannel),
    people: people.map((p): Person => ({
      id: p.id, firmId: p.firm_id, titleBefore: p.title_before, firstName: p.first_name, patronymic: p.patronymic, lastName: p.last_name,
      titleAfter: p.title_after, gender: p.gender as Gender, jobTitle: p.job_title, roleId: p.role_id,
      note: p.note, isMain: p.is_main === 1, reportsToId: p.reports_to_id,
      salutation: p.salutation, addressee: p.addressee,
      channels: channels.filter((ch) => ch.person_id === p.id).map(toChannel),
      fields: personFields.get(p.id) ?? [],
    })),
    segments: segments.map((s): SegmentRef => ({ id: s.id, kind: s.kind, name: s.name, color: s.color })).sort(bySegment),
    heads: heads.map((s): SegmentRef => ({ id: s.id, kind: s.kind, name: s.name, color: s.color })).sort(bySegment),
    fields: firmFields.get(id) ?? [],
    completeness,
    counts: cardCounts,
  };
}
