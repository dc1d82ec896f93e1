// Leads: a business card, a fair contact, a newsletter sign-up — someone not yet worth a firm
// card. A lead is a firms row with is_lead = 1 (kept out of the firm list), so contacts, tasks,
// notes and attachments logged on it need nothing special and stay when it is converted.
import { sql } from 'kysely';
import type { HandlerMap } from '../handler-types.ts';
import type { Ctx } from '../context.ts';
import { notFound, requireRef, stamps } from '../context.ts';
import type { ParsedInput } from '../../../shared/contract.ts';
import type { LeadRow } from '../../../shared/types.ts';
import { AppError } from '../../../shared/errors.ts';
import { uuidv7 } from '../util/ids.ts';
import { recordChange } from '../changes/record.ts';
import { fold } from '../duplicates/normalize.ts';
import { mergeFirms } from '../merges/engine.ts';
import { requireCode } from '../app/codes.ts';

type LeadFields = ParsedInput<'leads.create'>;

export const leadHandlers = {
  'leads.create': async (input, ctx) => {
    await checkLeadRefs(ctx, input, null);
    const now = ctx.now();
    const id = uuidv7(now);
    await ctx.db.insertInto('firms').values({
      id, name: leadName(input), is_customer: 0, is_prospect: 1, is_supplier: 0, ico: null, dic: null, website: null,
      industry_id: null, source_id: input.sourceId, owner_id: input.ownerId, is_lead: 1, ...stamps(now),
    }).execute();
    const personId = input.lastName ? await insertPerson(ctx, id, input) : null;
    if (input.email) await insertChannel(ctx, id, personId, 'email', input.email, 0);
    if (input.phone) await insertChannel(ctx, id, personId, 'phone', input.phone, 1);
    // With a person, the note is theirs; without one it becomes a note on the lead, dated when
    // the lead was taken down (that date is how leads.update finds it again).
    if (!personId && input.note) await insertLeadNote(ctx, id, now, input.note);
    return { id };
  },

  'leads.update': async (input, ctx) => {
    const lead = await liveLead(ctx, input.id);
    await checkLeadRefs(ctx, input, lead.source_id);
    const now = ctx.now();
    const person = await mainPerson(ctx, lead.id);
    let personId: string | null = null;
    if (input.lastName && person) {
      personId = person.id;
      await ctx.db.updateTable('people').set({
        title_before: input.titleBefore, first_name: input.firstName, last_name: input.lastName, note: input.note, updated_at: now,
      }).where('id', '=', person.id).execute();
    } else if (input.lastName) {
      personId = await insertPerson(ctx, lead.id, input);
    } else if (person) {
      await ctx.db.updateTable('people').set({ deleted_at: now, updated_at: now, is_main: 0 }).where('id', '=', person.id).execute();
    }

    // The lead's e-mail and phone: the first of each kind on the old person or the lead itself,
    // kept on whoever holds them now.
    for (const kind of ['email', 'phone'] as const) {
      const value = input[kind];
      let q = ctx.db.selectFrom('channels').select(['id', 'value', 'person_id']).where('firm_id', '=', lead.id)
        .where('kind', '=', kind).where('deleted_at', 'is', null);
      q = person ? q.where((eb) => eb.or([eb('person_id', '=', person.id), eb('person_id', 'is', null)])) : q.where('person_id', 'is', null);
      const current = await q.orderBy(sql`person_id IS NULL`).orderBy('sort').executeTakeFirst();
      if (!value) {
        if (current) await ctx.db.updateTable('channels').set({ deleted_at: now, updated_at: now }).where('id', '=', current.id).execute();
      } else if (current) {
        if (current.value !== value || current.person_id !== personId) {
          await ctx.db.updateTable('channels').set({ value, person_id: personId, updated_at: now }).where('id', '=', current.id).execute();
        }
      } else {
        await insertChannel(ctx, lead.id, personId, kind, value, kind === 'email' ? 0 : 1);
      }
    }

    const note = await ctx.db.selectFrom('notes').select('id').where('firm_id', '=', lead.id).where('person_id', 'is', null)
      .where('contact_id', 'is', null).where('at', '=', lead.created_at).where('deleted_at', 'is', null).orderBy('id').executeTakeFirst();
    if (personId || !input.note) {
      if (note) await ctx.db.updateTable('notes').set({ deleted_at: now, updated_at: now }).where('id', '=', note.id).execute();
    } else if (note) {
      await ctx.db.updateTable('notes').set({ title: firstLine(input.note), body: input.note, updated_at: now }).where('id', '=', note.id).execute();
    } else {
      await insertLeadNote(ctx, lead.id, lead.created_at, input.note);
    }

    await ctx.db.updateTable('firms').set({ name: leadName(input), source_id: input.sourceId, owner_id: input.ownerId, updated_at: now })
      .where('id', '=', lead.id).execute();
    return { id: lead.id };
  },

  'leads.list': async ({ q, locale }, ctx) => {
    const leads = (await sql<{
      id: string; name: string; source_id: string | null; owner_id: string | null; owner_name: string | null;
      created_at: number; last_contact_at: number | null;
    }>`
      SELECT f.id, f.name, f.source_id, f.owner_id, u.name AS owner_name, f.created_at,
        (SELECT max(c.at) FROM contacts c WHERE c.firm_id = f.id AND c.status = 'done' AND c.deleted_at IS NULL) AS last_contact_at
      FROM firms f LEFT JOIN users u ON u.id = f.owner_id
      WHERE f.is_lead = 1 AND f.deleted_at IS NULL`.execute(ctx.db)).rows;
    const people = (await sql<{ id: string; firm_id: string; title_before: string; first_name: string; last_name: string }>`
      SELECT p.id, p.firm_id, p.title_before, p.first_name, p.last_name FROM people p
      WHERE p.deleted_at IS NULL AND p.firm_id IN (SELECT id FROM firms WHERE is_lead = 1 AND deleted_at IS NULL)
      ORDER BY p.is_main DESC, p.created_at, p.id`.execute(ctx.db)).rows;
    const channels = (await sql<{ firm_id: string; person_id: string | null; kind: string; value: string }>`
      SELECT c.firm_id, c.person_id, c.kind, c.value FROM channels c
      WHERE c.deleted_at IS NULL AND c.kind IN ('email', 'phone')
        AND c.firm_id IN (SELECT id FROM firms WHERE is_lead = 1 AND deleted_at IS NULL)
      ORDER BY c.person_id IS NULL, c.sort, c.id`.execute(ctx.db)).rows;

    const personOf = new Map<string, (typeof people)[number]>();
    for (const p of people) if (!personOf.has(p.firm_id)) personOf.set(p.firm_id, p);
    const firstChannel = new Map<string, string>();
    for (const c of channels) {
      // The main person's own e-mail and phone first, then the lead's.
      const main = personOf.get(c.firm_id);
      if (c.person_id !== null && c.person_id !== main?.id) continue;
      const key = `${c.firm_id}|${c.kind}`;
      if (!firstChannel.has(key)) firstChannel.set(key, c.value);
    }
    const rows = leads.map((l): LeadRow & { haystack: string } => {
      const p = personOf.get(l.id);
      const personName = p ? [p.title_before, p.first_name, p.last_name].filter(Boolean).join(' ') : null;
      const email = firstChannel.get(`${l.id}|email`) ?? null;
      const phone = firstChannel.get(`${l.id}|phone`) ?? null;
      return {
        id: l.id, name: l.name, personName, email, phone, sourceId: l.source_id, ownerId: l.owner_id, ownerName: l.owner_name,
        createdAt: l.created_at, lastContactAt: l.last_contact_at,
        haystack: fold([l.name, personName, email, phone, phone?.replace(/\D+/g, '')].filter(Boolean).join(' ')),
      };
    });
    const needles = fold(q).split(/\s+/).filter(Boolean);
    const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
    return rows
      .filter((r) => needles.every((n) => r.haystack.includes(n)))
      .sort((a, b) => collator.compare(a.name, b.name) || a.id.localeCompare(b.id))
      .map(({ haystack: _h, ...row }) => row);
  },

  'leads.convert': async ({ id, kinds, intoFirmId }, ctx) => {
    const lead = await liveLead(ctx, id);
    if (!intoFirmId) {
      await ctx.db.updateTable('firms').set({
        is_lead: 0, is_customer: kinds.includes('customer') ? 1 : 0, is_prospect: kinds.includes('prospect') ? 1 : 0,
        is_supplier: kinds.includes('supplier') ? 1 : 0, updated_at: ctx.now(),
      }).where('id', '=', id).execute();
      await recordChange(ctx, id, 'lead', 'lead', 'firm');
      return { firmId: id, mergeId: null };
    }
    if (intoFirmId === id) throw new AppError({ code: 'validation', messageKey: 'errors.merge_same', field: 'intoFirmId' });
    const firm = await ctx.db.selectFrom('firms').selectAll().where('id', '=', intoFirmId).where('deleted_at', 'is', null).executeTakeFirst();
    if (!firm) throw notFound('intoFirmId');
    // The existing firm keeps what it has; what it lacks, the lead may fill in.
    const pick = (mine: string | null, theirs: string | null) => (!mine && theirs ? 'merged' as const : 'survivor' as const);
    const mergeId = await mergeFirms(ctx, {
      survivorId: intoFirmId, mergedId: id,
      choose: {
        name: 'survivor', ico: pick(firm.ico, lead.ico), dic: pick(firm.dic, lead.dic), website: pick(firm.website, lead.website),
        industry: pick(firm.industry_id, lead.industry_id), sourceId: pick(firm.source_id, lead.source_id),
        ownerId: pick(firm.owner_id, lead.owner_id), kinds: 'survivor',
      },
    }, { asFirm: kinds });
    return { firmId: intoFirmId, mergeId };
  },
} satisfies Partial<HandlerMap>;

function leadName(input: LeadFields): string {
  return input.company || [input.firstName, input.lastName].filter(Boolean).join(' ');
}

const firstLine = (text: string) => (text.split(/\r?\n/).find((l) => l.trim()) ?? text).trim().slice(0, 200);

async function checkLeadRefs(ctx: Ctx, input: LeadFields, currentSource: string | null): Promise<void> {
  if (input.sourceId) await requireCode(ctx, 'firm_source', input.sourceId, 'sourceId', currentSource);
  if (input.ownerId) await requireRef(ctx, 'users', input.ownerId, 'ownerId');
}

async function liveLead(ctx: Ctx, id: string) {
  const row = await ctx.db.selectFrom('firms').selectAll().where('id', '=', id).where('is_lead', '=', 1)
    .where('deleted_at', 'is', null).executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

async function mainPerson(ctx: Ctx, firmId: string) {
  return ctx.db.selectFrom('people').select(['id']).where('firm_id', '=', firmId).where('deleted_at', 'is', null)
    .orderBy('is_main', 'desc').orderBy('created_at').orderBy('id').executeTakeFirst();
}

async function insertPerson(ctx: Ctx, firmId: string, input: LeadFields): Promise<string> {
  const now = ctx.now();
  const id = uuidv7(now);
  await ctx.db.insertInto('people').values({
    id, firm_id: firmId, title_before: input.titleBefore, first_name: input.firstName, last_name: input.lastName, title_after: '',
    gender: 'unspecified', job_title: '', role_id: null, note: input.note, is_main: 1, reports_to_id: null, ...stamps(now),
  }).execute();
  return id;
}

async function insertChannel(ctx: Ctx, firmId: string, personId: string | null, kind: 'email' | 'phone', value: string, sort: number): Promise<void> {
  const now = ctx.now();
  await ctx.db.insertInto('channels').values({ id: uuidv7(now), firm_id: firmId, person_id: personId, kind, value, label: '', sort, ...stamps(now) }).execute();
}

async function insertLeadNote(ctx: Ctx, firmId: string, at: number, text: string): Promise<void> {
  const now = ctx.now();
  await ctx.db.insertInto('notes').values({
    id: uuidv7(now), firm_id: firmId, person_id: null, contact_id: null, title: firstLine(text), body: text, at,
    author_id: ctx.localUserId, visibility: 'everyone', ...stamps(now),
  }).execute();
}
