import type { HandlerMap } from '../handler-types.ts';
import type { Ctx } from '../context.ts';
import { notFound, requireRef, stamps } from '../context.ts';
import type { Address, AddressKind, Channel, ChannelKind, FirmCard, FirmKind, Gender, Person } from '../../../shared/types.ts';
import { ADDRESS_KINDS } from '../../../shared/types.ts';
import type { ParsedInput } from '../../../shared/contract.ts';
import { uuidv7 } from '../util/ids.ts';

type FirmFields = ParsedInput<'firms.create'>;

export const firmHandlers = {
  'firms.list': async (input, ctx) => ctx.firmList.list(input),

  'firms.cities': async ({ locale }, ctx) => ctx.firmList.cities(locale),

  'firms.get': async ({ id }, ctx) => loadFirmCard(ctx, id),

  'firms.create': async (input, ctx) => {
    await checkFirmRefs(ctx, input);
    const now = ctx.now();
    const id = uuidv7(now);
    await ctx.db.insertInto('firms').values({ id, ...firmColumns(input), ...stamps(now) }).execute();
    await syncAddresses(ctx, id, input.addresses);
    await syncChannels(ctx, id, null, input.channels);
    return { id };
  },

  'firms.update': async (input, ctx) => {
    await requireLiveFirm(ctx, input.id);
    await checkFirmRefs(ctx, input);
    // Children first: the firm's own UPDATE then reindexes the search row once, complete.
    await syncAddresses(ctx, input.id, input.addresses);
    await syncChannels(ctx, input.id, null, input.channels);
    await ctx.db.updateTable('firms').set({ ...firmColumns(input), updated_at: ctx.now() })
      .where('id', '=', input.id).execute();
    return { id: input.id };
  },

  'firms.delete': async ({ id }, ctx) => {
    await requireLiveFirm(ctx, id);
    const now = ctx.now();
    // A tombstone, never a DELETE: history stays, and a later sync can carry the deletion.
    await ctx.db.updateTable('firms').set({ deleted_at: now, updated_at: now }).where('id', '=', id).execute();
    return { id };
  },
} satisfies Partial<HandlerMap>;

function firmColumns(input: FirmFields) {
  const has = (k: FirmKind) => (input.kinds.includes(k) ? 1 : 0);
  return {
    name: input.name,
    is_customer: has('customer'), is_prospect: has('prospect'), is_supplier: has('supplier'),
    ico: input.ico || null, dic: input.dic || null, website: input.website || null,
    industry: input.industry || null, source_id: input.sourceId, owner_id: input.ownerId,
  };
}

async function checkFirmRefs(ctx: Ctx, input: FirmFields): Promise<void> {
  if (input.sourceId) await requireRef(ctx, 'codes', input.sourceId, 'sourceId', 'firm_source');
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

async function loadFirmCard(ctx: Ctx, id: string): Promise<FirmCard> {
  const f = await ctx.db.selectFrom('firms').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  if (!f) throw notFound();
  const [addresses, channels, people] = await Promise.all([
    ctx.db.selectFrom('addresses').selectAll().where('firm_id', '=', id).where('deleted_at', 'is', null).orderBy('sort').execute(),
    ctx.db.selectFrom('channels').selectAll().where('firm_id', '=', id).where('deleted_at', 'is', null).orderBy('sort').execute(),
    ctx.db.selectFrom('people').selectAll().where('firm_id', '=', id).where('deleted_at', 'is', null)
      .orderBy('is_main', 'desc').orderBy('last_name').orderBy('first_name').execute(),
  ]);
  const toChannel = (c: (typeof channels)[number]): Channel => ({ id: c.id, kind: c.kind as ChannelKind, value: c.value, label: c.label });
  const kinds: FirmKind[] = [];
  if (f.is_customer) kinds.push('customer');
  if (f.is_prospect) kinds.push('prospect');
  if (f.is_supplier) kinds.push('supplier');
  const kindOrder = (k: string) => ADDRESS_KINDS.indexOf(k as AddressKind);
  return {
    firm: {
      id: f.id, name: f.name, kinds, ico: f.ico, dic: f.dic, website: f.website, industry: f.industry,
      sourceId: f.source_id, ownerId: f.owner_id, createdAt: f.created_at, updatedAt: f.updated_at,
    },
    addresses: addresses.map((a): Address => ({
      id: a.id, kind: a.kind as AddressKind, street: a.street, number: a.number, city: a.city,
      postalCode: a.postal_code, country: a.country,
    })).sort((a, b) => kindOrder(a.kind) - kindOrder(b.kind)),
    channels: channels.filter((c) => c.person_id === null).map(toChannel),
    people: people.map((p): Person => ({
      id: p.id, firmId: p.firm_id, titleBefore: p.title_before, firstName: p.first_name, lastName: p.last_name,
      titleAfter: p.title_after, gender: p.gender as Gender, jobTitle: p.job_title, roleId: p.role_id,
      note: p.note, isMain: p.is_main === 1,
      channels: channels.filter((c) => c.person_id === p.id).map(toChannel),
    })),
  };
}
