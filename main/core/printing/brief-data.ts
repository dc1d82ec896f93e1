// Gathers what a meeting brief shows, reusing the core's own loaders (the firm card, the sales
// summary, the opportunity list, tasks, contacts) and the notes privacy rule: only notes the
// acting user may see, and of those only the shared ones (a printed brief leaves the computer:
// not even the user's own private notes go on paper).
import { sql } from 'kysely';
import type { Ctx } from '../context.ts';
import type { Contact, FieldType, FirmCard, Locale, Note, OpportunityRow, Person, SalesSummary, Task } from '../../../shared/types.ts';
import { loadFirmCard } from '../firms/handlers.ts';
import { selectContacts, toContact } from '../contacts/handlers.ts';
import { selectVisibleNotes, toNotes } from '../notes/handlers.ts';
import { taskHandlers } from '../tasks/handlers.ts';
import { salesHandlers } from '../sales/handlers.ts';
import { listOpportunities } from '../opportunities/queries.ts';
import { loadDefs } from '../fields/values.ts';
import { invalid } from '../mailing/select.ts';
import { texts } from './texts.ts';
import { loadLetterhead } from './letterhead.ts';

export interface BriefData {
  locale: Locale;
  today: string;
  now: number;
  card: FirmCard;
  /** The person of a person brief (null: the firm's brief). */
  person: Person | null;
  done: Contact[];
  planned: Contact[];
  tasks: Task[];
  opportunities: OpportunityRow[];
  sales: SalesSummary | null;
  notes: Note[];
  /** Labels of code ids (contact kinds, results, person roles, stages), user names, field labels. */
  labels: Record<string, string>;
  /** Each user field's type: its values print as the screens show them (dates, numbers). */
  fieldTypes: Record<string, FieldType>;
  ownerName: string;
  userName: string;
  companyName: string;
}

export async function loadBriefData(ctx: Ctx, o: { firmId: string | null; personId: string | null; locale: Locale; contacts: number; today: string }): Promise<BriefData> {
  let firmId = o.firmId;
  if (o.personId) {
    const p = await ctx.db.selectFrom('people').select('firm_id').where('id', '=', o.personId).where('deleted_at', 'is', null).executeTakeFirst();
    if (!p) throw invalid('errors.unknown_ref', 'personId');
    firmId = p.firm_id;
  }
  const firm = await ctx.db.selectFrom('firms').select('id').where('id', '=', firmId!).where('deleted_at', 'is', null).executeTakeFirst();
  if (!firm) throw invalid('errors.unknown_ref', o.personId ? 'personId' : 'firmId');
  const card = await loadFirmCard(ctx, firm.id);
  const person = o.personId ? card.people.find((p) => p.id === o.personId) ?? null : null;

  let contacts = selectContacts(ctx).where('c.firm_id', '=', firm.id);
  if (person) contacts = contacts.where('c.person_id', '=', person.id);
  // The status test is wrapped in likelihood(…, 0.9): without statistics SQLite otherwise reads
  // every done (or planned) contact of every firm through contacts_planned(status, at) and keeps
  // this firm's — 1–3 s on 2M contacts — instead of walking this firm's own contacts by
  // contacts_firm_at(firm_id, at), a few hundred rows at most.
  const status = (s: 'done' | 'planned') => sql<boolean>`likelihood(c.status = ${s}, 0.9)`;
  const [doneRows, plannedRows] = await Promise.all([
    o.contacts > 0 ? contacts.where(status('done')).orderBy('c.at', 'desc').orderBy('c.id', 'desc').limit(o.contacts).execute() : [],
    contacts.where(status('planned')).where('c.at', '>=', ctx.now() - 86_400_000).orderBy('c.at').orderBy('c.id').limit(30).execute(),
  ]);
  const tasks = await taskHandlers['tasks.list']({ firmId: firm.id, personId: person?.id, state: 'open', today: o.today, limit: 30 }, ctx);
  let notesQ = selectVisibleNotes(ctx).where('n.firm_id', '=', firm.id).where('n.visibility', '<>', 'private');
  if (person) notesQ = notesQ.where('n.person_id', '=', person.id);
  const notes = await toNotes(ctx, await notesQ.orderBy('n.at', 'desc').limit(20).execute());
  const opportunities = person ? [] : (await listOpportunities(ctx, {
    firmId: firm.id, ownerId: null, stageId: null, state: 'open', q: '', sort: 'closeDate', locale: o.locale, offset: 0, limit: 30,
  })).rows;
  const sales = person ? null : await salesHandlers['sales.summary']({ firmId: firm.id, today: o.today }, ctx);

  const t = texts(o.locale);
  const labels: Record<string, string> = {};
  const codes = await ctx.db.selectFrom('codes').select(['id', 'list', 'code', 'label', 'built_in']).execute();
  for (const c of codes) {
    const builtIn = (t.codes as Record<string, Record<string, string> | undefined>)[c.list]?.[c.code];
    labels[c.id] = c.label ?? (c.built_in ? builtIn ?? c.code : c.code);
  }
  const stages = await ctx.db.selectFrom('pipeline_stages').select(['id', 'code', 'label']).execute();
  for (const s of stages) labels[s.id] = s.label ?? (s.code ? (t.codes.stage as Record<string, string>)[s.code] ?? s.code : '');
  const users = await ctx.db.selectFrom('users').select(['id', 'name']).execute();
  for (const u of users) labels[u.id] = u.name;
  const fieldTypes: Record<string, FieldType> = {};
  for (const d of await loadDefs(ctx.db)) {
    labels[d.id] = d.label;
    // An option list prints its label (the value's display) whatever its base type.
    fieldTypes[d.id] = d.hasOptions ? 'text' : d.type;
  }

  return {
    locale: o.locale, today: o.today, now: ctx.now(), card, person,
    done: doneRows.map(toContact), planned: plannedRows.map(toContact), tasks, opportunities, sales, notes, labels, fieldTypes,
    ownerName: card.firm.ownerId ? labels[card.firm.ownerId] ?? '' : '', userName: labels[ctx.localUserId] ?? '',
    companyName: (await loadLetterhead(ctx)).companyName,
  };
}
