// Whom a letter, label or envelope goes to: a print target resolved to recipients with their
// address block, salutation and merge values, in print order. A firm is addressed to its main
// person (unless a person is named); a saved selection goes through the mailing's own
// selectRows (its consent topic and deduplication apply); a segment gives its firms, or their
// people. The address is the firm's main one (postal, then registered, then any other, as the
// mailing rows take it); a record without one is skipped with the reason, never printed blank.
import { sql } from 'kysely';
import type { Ctx } from '../context.ts';
import type { ParsedInput } from '../../../shared/contract.ts';
import type { Gender, Letterhead, Locale, PrintSkip, SalutationStyle } from '../../../shared/types.ts';
import { formatPostalBlock, postalName } from '../../../shared/postal.ts';
import { firmSalutation, personAddressee, personSalutation } from '../../../shared/salutation.ts';
import { companyIdsLine } from '../../../shared/company-ids.ts';
import { invalid, mainAddressRowid, selectRows } from '../mailing/select.ts';
import { loadDefs, loadFieldValues } from '../fields/values.ts';
import { formatFieldValue } from '../../../shared/dates.ts';
import { senderBlock, type PrintRecipient } from './model.ts';
import { longDate } from './texts.ts';

export type PrintTarget = ParsedInput<'print.labels'>['target'];
interface Ref { firmId: string; personId: string | null }

const ids = (list: readonly string[]) => sql`(SELECT value FROM json_each(${JSON.stringify(list)}))`;
const CHUNK = 5000;

async function chunked<T>(all: readonly string[], load: (part: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < all.length; i += CHUNK) out.push(...await load(all.slice(i, i + CHUNK)));
  return out;
}

/** The firm's live main person (the first by name when several are marked), or null. */
async function mainPerson(ctx: Ctx, firmId: string): Promise<string | null> {
  const row = await ctx.db.selectFrom('people').select('id').where('firm_id', '=', firmId).where('deleted_at', 'is', null)
    .orderBy('is_main', 'desc').orderBy('last_name').orderBy('first_name').orderBy('id').executeTakeFirst();
  return row?.id ?? null;
}

/** The target as (firm, person) pairs in print order; ids checked (field-named errors). */
export async function resolveTarget(ctx: Ctx, target: PrintTarget, locale: Locale, field = 'target'): Promise<Ref[]> {
  switch (target.from) {
    case 'firm': {
      const firm = await ctx.db.selectFrom('firms').select('id').where('id', '=', target.firmId).where('deleted_at', 'is', null).executeTakeFirst();
      if (!firm) throw invalid('errors.unknown_ref', `${field}.firmId`);
      if (target.personId) {
        const p = await ctx.db.selectFrom('people').select('firm_id').where('id', '=', target.personId).where('deleted_at', 'is', null).executeTakeFirst();
        if (!p || p.firm_id !== target.firmId) throw invalid('errors.unknown_ref', `${field}.personId`);
        return [{ firmId: target.firmId, personId: target.personId }];
      }
      return [{ firmId: target.firmId, personId: target.toFirm ? null : await mainPerson(ctx, target.firmId) }];
    }
    case 'person': {
      const p = await ctx.db.selectFrom('people as p').innerJoin('firms as f', 'f.id', 'p.firm_id').select('p.firm_id')
        .where('p.id', '=', target.personId).where('p.deleted_at', 'is', null).where('f.deleted_at', 'is', null).executeTakeFirst();
      if (!p) throw invalid('errors.unknown_ref', `${field}.personId`);
      return [{ firmId: p.firm_id, personId: target.personId }];
    }
    case 'selection': {
      const s = await ctx.db.selectFrom('selections').select(['recipients', 'where_json', 'topic_id', 'dedupe'])
        .where('id', '=', target.selectionId).where('deleted_at', 'is', null).executeTakeFirst();
      if (!s) throw invalid('errors.unknown_ref', `${field}.selectionId`);
      const { rows } = await selectRows(ctx, {
        recipients: s.recipients, where: JSON.parse(s.where_json), topicId: s.topic_id, dedupe: s.dedupe,
      }, locale, { firmList: false, firmIds: true });
      return withMainPeople(ctx, rows.map((r) => ({ firmId: r.firmId, personId: r.personId })), s.recipients === 'firms');
    }
    case 'segment': {
      const seg = await ctx.db.selectFrom('segments').select('id').where('id', '=', target.segmentId).where('deleted_at', 'is', null).executeTakeFirst();
      if (!seg) throw invalid('errors.unknown_ref', `${field}.segmentId`);
      const firms = await ctx.db.selectFrom('segment_members as m').innerJoin('firms as f', 'f.id', 'm.firm_id')
        .select(['f.id', 'f.name']).where('m.segment_id', '=', target.segmentId).where('m.deleted_at', 'is', null)
        .where('f.deleted_at', 'is', null).where('f.merged_into_id', 'is', null).execute();
      const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
      firms.sort((a, b) => collator.compare(a.name, b.name) || (a.id < b.id ? -1 : 1));
      if (target.recipients === 'firms') return withMainPeople(ctx, firms.map((f) => ({ firmId: f.id, personId: null })), true);
      const people = await chunked(firms.map((f) => f.id), (part) => ctx.db.selectFrom('people').select(['id', 'firm_id', 'is_main', 'first_name', 'last_name'])
        .where('firm_id', 'in', ids(part) as never).where('deleted_at', 'is', null).execute());
      const byFirm = new Map<string, typeof people>();
      for (const p of people) (byFirm.get(p.firm_id) ?? byFirm.set(p.firm_id, []).get(p.firm_id)!).push(p);
      const out: Ref[] = [];
      for (const f of firms) {
        const list = (byFirm.get(f.id) ?? []).sort((a, b) => b.is_main - a.is_main || collator.compare(a.last_name, b.last_name)
          || collator.compare(a.first_name, b.first_name) || (a.id < b.id ? -1 : 1));
        for (const p of list) out.push({ firmId: f.id, personId: p.id });
      }
      return out;
    }
  }
}

/** Firm rows addressed to their main person (when `firms`; people rows keep theirs). */
async function withMainPeople(ctx: Ctx, refs: Ref[], firms: boolean): Promise<Ref[]> {
  if (!firms) return refs;
  const need = refs.filter((r) => !r.personId).map((r) => r.firmId);
  const rows = await chunked(need, (part) => ctx.db.selectFrom('people').select(['id', 'firm_id', 'is_main', 'last_name', 'first_name'])
    .where('firm_id', 'in', ids(part) as never).where('deleted_at', 'is', null).where('is_main', '=', 1)
    .orderBy('last_name').orderBy('first_name').orderBy('id').execute());
  const main = new Map<string, string>();
  for (const r of rows) if (!main.has(r.firm_id)) main.set(r.firm_id, r.id);
  return refs.map((r) => (r.personId ? r : { firmId: r.firmId, personId: main.get(r.firmId) ?? null }));
}

export interface ResolveOptions {
  /** The letter's language: salutation, addressee and country line follow it. Serial letters
   * from a template with language variants choose it per recipient, from the firm's country. */
  language: Locale | ((firmCountry: string) => Locale);
  style: SalutationStyle;
  letterhead: Letterhead;
  /** The day of the letters (its merge value is written in each letter's language) and the
   * printing user's details for the merge values. */
  day: string;
  user: { name: string; email: string; phone: string; position: string };
  /** User fields the template names (their values are loaded). */
  fieldIds?: readonly string[];
}

/** The recipients with everything a document needs; records without an address skipped. */
export async function loadRecipients(ctx: Ctx, refs: Ref[], o: ResolveOptions): Promise<{ recipients: PrintRecipient[]; skipped: PrintSkip[] }> {
  const firmIds = [...new Set(refs.map((r) => r.firmId))];
  const personIds = [...new Set(refs.map((r) => r.personId).filter((x): x is string => !!x))];
  const firms = new Map((await chunked(firmIds, (part) => ctx.db.selectFrom('firms').select(['id', 'name', 'country', 'ico', 'dic', 'vat_id'])
    .where('id', 'in', ids(part) as never).execute())).map((f) => [f.id, f]));
  const people = new Map((await chunked(personIds, (part) => ctx.db.selectFrom('people')
    .select(['id', 'title_before', 'first_name', 'patronymic', 'last_name', 'title_after', 'gender', 'job_title', 'salutation', 'addressee'])
    .where('id', 'in', ids(part) as never).execute())).map((p) => [p.id, p]));
  const addresses = new Map((await chunked(firmIds, async (part) => (await sql<{ firm_id: string; street: string; number: string; city: string;
    postal_code: string; country: string }>`SELECT f.id AS firm_id, a.street, a.number, a.city, a.postal_code, a.country FROM firms f
      JOIN addresses a ON a.rowid = ${mainAddressRowid('f.id')}
      WHERE f.id IN ${ids(part)}`.execute(ctx.db)).rows)).map((a) => [a.firm_id, a]));
  // The first e-mail and phone: the firm's own (no person) and each person's.
  const channels = await chunked([...firmIds], (part) => ctx.db.selectFrom('channels').select(['firm_id', 'person_id', 'kind', 'value'])
    .where('firm_id', 'in', ids(part) as never).where('deleted_at', 'is', null).where('kind', 'in', ['email', 'phone'])
    .orderBy('sort').orderBy('value').execute());
  const firstChannel = new Map<string, string>();
  for (const c of channels) {
    const key = `${c.person_id ?? c.firm_id}|${c.kind}`;
    if (!firstChannel.has(key)) firstChannel.set(key, c.value);
  }
  const fieldIds = o.fieldIds ?? [];
  // Dates and numbers of user fields merge in the letter's language, as the screens show them.
  const fieldTypes = new Map((fieldIds.length ? await loadDefs(ctx.db, { ids: [...fieldIds] }) : [])
    .map((d) => [d.id, d.hasOptions ? 'text' as const : d.type]));
  const firmFields = fieldIds.length ? await loadFieldValues(ctx.db, 'firm', firmIds) : new Map();
  const personFields = fieldIds.length && personIds.length ? await loadFieldValues(ctx.db, 'person', personIds) : new Map();

  const lh = o.letterhead;
  const chosen = o.language;
  const languageOf = typeof chosen === 'function' ? chosen : () => chosen;
  // The sender's block and the date as each language writes them (a handful of languages at most).
  const perLanguage = new Map<Locale, { sender: string; date: string }>();
  const wordsOf = (language: Locale) => {
    let w = perLanguage.get(language);
    if (!w) perLanguage.set(language, w = { sender: senderBlock(lh, language).replace(/\n/g, ', '), date: longDate(o.day, language) });
    return w;
  };
  const recipients: PrintRecipient[] = [];
  const skipped: PrintSkip[] = [];
  for (const ref of refs) {
    const firm = firms.get(ref.firmId);
    if (!firm) continue;
    const p = ref.personId ? people.get(ref.personId) ?? null : null;
    const person = p ? {
      titleBefore: p.title_before, firstName: p.first_name, patronymic: p.patronymic, lastName: p.last_name, titleAfter: p.title_after,
      gender: p.gender as Gender, salutation: p.salutation, addressee: p.addressee,
    } : null;
    const language = languageOf(firm.country);
    const addressee = person ? personAddressee(person, { language, country: firm.country }) : '';
    const personName = person ? postalName(person) : '';
    const name = person ? `${personName} (${firm.name})` : firm.name;
    const a = addresses.get(ref.firmId);
    if (!a) {
      skipped.push({ firmId: ref.firmId, personId: ref.personId, name, reason: 'no_address' });
      continue;
    }
    const addressBlock = formatPostalBlock({
      person, addressee: addressee || undefined, firmName: firm.name, locale: language, homeCountry: lh.country || undefined,
      address: { street: a.street, number: a.number, city: a.city, postalCode: a.postal_code, country: a.country },
    });
    const salutation = person ? personSalutation(person, { language, style: o.style }) : firmSalutation({ language, style: o.style });
    const words = wordsOf(language);
    const values: Record<string, string> = {
      salutation, addressee: addressee || firm.name, addressBlock, date: words.date, place: lh.city.replace(/\s+\d+$/, ''),
      firmName: firm.name, ico: firm.ico ?? '', dic: firm.dic ?? '', vatId: firm.vat_id ?? '',
      companyIds: companyIdsLine(firm.country, { ico: firm.ico, dic: firm.dic, vatId: firm.vat_id }),
      firmEmail: firstChannel.get(`${firm.id}|email`) ?? '', firmPhone: firstChannel.get(`${firm.id}|phone`) ?? '',
      personName, titleBefore: p?.title_before ?? '', firstName: p?.first_name ?? '', patronymic: p?.patronymic ?? '', lastName: p?.last_name ?? '',
      titleAfter: p?.title_after ?? '', jobTitle: p?.job_title ?? '',
      email: p ? firstChannel.get(`${p.id}|email`) ?? '' : '', phone: p ? firstChannel.get(`${p.id}|phone`) ?? '' : '',
      senderName: lh.signatureName || o.user.name, senderCompany: lh.companyName, senderAddress: words.sender, userName: o.user.name,
      userPosition: o.user.position, userPhone: o.user.phone, userEmail: o.user.email,
    };
    for (const fid of fieldIds) {
      const own = (p ? personFields.get(p.id) : undefined)?.find((v: { fieldId: string }) => v.fieldId === fid)
        ?? firmFields.get(firm.id)?.find((v: { fieldId: string }) => v.fieldId === fid);
      const type = fieldTypes.get(fid) ?? 'text';
      values[`field:${fid}`] = own ? (type === 'text' ? own.display : formatFieldValue(type, own.value, language)) : '';
    }
    recipients.push({ firmId: firm.id, personId: ref.personId, firmName: firm.name, name, country: firm.country, language, addressBlock, salutation, values });
  }
  return { recipients, skipped };
}
