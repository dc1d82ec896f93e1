// The data-protection report as a printed document: every section of the SubjectReport as a
// table, in the UI language, through the same page shell as briefs and letters (preview, print
// and PDF alike). Pure: the report in, one HTML page out.
import type { Locale } from '../../../shared/types.ts';
import type { SubjectReport } from '../../../shared/privacy.ts';
import { formatMoney } from '../../../shared/money.ts';
import { shortDate, shortInstant } from '../../../shared/dates.ts';
import { esc, page } from '../printing/page.ts';
import csTexts from './i18n/cs.json' with { type: 'json' };
import enTexts from './i18n/en.json' with { type: 'json' };
import huTexts from './i18n/hu.json' with { type: 'json' };
import ruTexts from './i18n/ru.json' with { type: 'json' };

export type PrivacyTexts = typeof enTexts;
export const PRIVACY_TEXTS: Record<Locale, PrivacyTexts> = { cs: csTexts, en: enTexts, hu: huTexts, ru: ruTexts };

const CSS = `
body{font-size:9.5pt}
.doc-head{border-bottom:0.6mm solid #1d4e89;padding-bottom:2mm;margin-bottom:4mm}
.doc-head h1{font-size:17pt;color:#1d4e89}
.doc-head .kicker{font-size:8.5pt;text-transform:uppercase;letter-spacing:0.08em;color:#555}
.intro{margin:3mm 0 4mm}
section{margin-bottom:4.5mm;break-inside:auto}
h2{font-size:11pt;color:#1d4e89;border-bottom:0.2mm solid #9bb3d1;padding-bottom:0.8mm;margin-bottom:1.8mm}
h3{font-size:10pt;margin:2mm 0 1mm}
dl{display:grid;grid-template-columns:42mm 1fr;gap:0.8mm 3mm;margin:0}
dt{color:#555}
dd{margin:0;white-space:pre-wrap}
table.t th{text-align:left;font-weight:700;font-size:8.5pt;color:#333;border-bottom:0.3mm solid #999;padding:0.8mm 1.5mm}
table.t td{vertical-align:top;border-bottom:0.15mm solid #ddd;padding:0.8mm 1.5mm;white-space:pre-wrap}
td.nw{white-space:nowrap}
.none{color:#777;font-style:italic}
`;

/** The subject's name as the report's title line: the person's, or the firm's. */
export function subjectName(r: SubjectReport): string {
  if (r.kind === 'firm') return r.firm?.name ?? '';
  const p = r.people[0];
  return p ? [p.titleBefore, p.firstName, p.patronymic, p.lastName].filter(Boolean).join(' ') + (p.titleAfter ? `, ${p.titleAfter}` : '') : '';
}

export function renderSubjectReport(r: SubjectReport, locale: Locale): string {
  const t = PRIVACY_TEXTS[locale];
  const when = (ms: number | null) => (ms === null ? '' : shortInstant(ms, locale));
  const yes = (b: boolean) => (b ? t.yes : t.no);
  const section = (title: string, body: string) => `<section><h2>${esc(title)}</h2>${body}</section>`;
  const none = `<p class="none">${esc(t.none)}</p>`;
  const dl = (rows: [string, string][]) => {
    const shown = rows.filter(([, v]) => v !== '');
    return shown.length ? `<dl>${shown.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>` : none;
  };
  const table = (headers: string[], rows: string[][], nowrap: number[] = []) => (rows.length === 0 ? none
    : `<table class="t"><thead><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((row) =>
      `<tr>${row.map((c, i) => `<td${nowrap.includes(i) ? ' class="nw"' : ''}>${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`);
  const personName = new Map(r.people.map((p) => [p.id, [p.firstName, p.lastName].filter(Boolean).join(' ')]));
  const who = (id: string | null) => (id ? personName.get(id) ?? '' : '');
  // "jana@firma.cz (work) — deleted 3/2/2026": a replaced channel is still held, so it is listed.
  const chan = (c: { value: string; label: string; deletedAt: number | null }) =>
    (c.label ? `${c.value} (${c.label})` : c.value) + (c.deletedAt === null ? '' : ` — ${t.deleted.toLowerCase()} ${when(c.deletedAt)}`);
  const gender = (g: string) => (t as Record<string, string>)[`gender_${g}`] ?? g;
  const parts: string[] = [];

  for (const p of r.people) {
    const rows: [string, string][] = [
      [t.title_before, p.titleBefore], [t.name, [p.firstName, p.patronymic, p.lastName].filter(Boolean).join(' ')], [t.title_after, p.titleAfter],
      [t.gender, gender(p.gender)], [t.job_title, p.jobTitle], [t.role, p.role], [t.main, yes(p.isMain)], [t.reports_to, p.reportsTo],
      [t.salutation, p.salutation], [t.addressee, p.addressee], [t.note, p.note],
      ...p.emails.map((e): [string, string] => [t.email, chan(e)]),
      ...p.phones.map((e): [string, string] => [t.phone, chan(e)]),
      ...p.otherChannels.map((e): [string, string] => [t.channel, `${e.kind}: ${chan(e)}`]),
      ...p.fields.map((f): [string, string] => [f.label, f.value]),
      [t.created, when(p.createdAt)], [t.updated, when(p.updatedAt)], [t.deleted, when(p.deletedAt)],
    ];
    parts.push(r.kind === 'person' ? section(t.s_person, dl(rows)) : `<h3>${esc(personName.get(p.id) || p.lastName)}</h3>${dl(rows)}`);
  }
  if (r.kind === 'firm') parts.splice(0, parts.length, section(t.s_people, parts.join('') || none));

  if (r.firm) {
    const f = r.firm;
    const kinds = f.kinds.map((k) => (t as Record<string, string>)[`kind_${k}`] ?? k).join(', ');
    const firmRows: [string, string][] = [
      [t.firm_name, f.name], [t.ico, f.ico], [t.dic, f.dic], [t.vat_id, f.vatId], [t.country, f.country], [t.website, f.website],
      [t.kinds, kinds], [t.owner, f.owner], [t.source, f.source], [t.industry, f.industry],
      ...f.addresses.map((a): [string, string] => [t.address, [`${a.street} ${a.number}`.trim(), `${a.postalCode} ${a.city}`.trim(), a.country].filter(Boolean).join(', ')]),
      ...f.channels.map((c): [string, string] => [c.kind === 'email' ? t.email : c.kind === 'phone' ? t.phone : t.channel, chan(c)]),
      ...f.fields.map((x): [string, string] => [x.label, x.value]),
      [t.segments, f.segments.join(', ')],
      ...(r.kind === 'firm' ? [[t.created, when(f.createdAt)], [t.updated, when(f.updatedAt)], [t.deleted, when(f.deletedAt)]] as [string, string][] : []),
    ];
    const firmSection = section(t.s_firm, dl(firmRows));
    if (r.kind === 'firm') parts.unshift(firmSection); else parts.push(firmSection);
  }

  const status = (s: string) => (s === 'done' ? t.status_done : t.status_planned);
  parts.push(section(t.s_contacts, table([t.date, t.name, t.kind, t.status, t.result, t.referent, t.summary, t.note],
    r.contacts.map((c) => [when(c.at), who(c.personId), c.kind, status(c.status), c.result, c.referent, c.summary, c.note]), [0])));
  parts.push(section(t.s_tasks, table([t.title, t.name, t.due, t.done, t.assignee, t.note],
    r.tasks.map((k) => [k.title, who(k.personId), k.dueDate ? shortDate(k.dueDate, locale) : '', yes(k.done), k.assignee, k.note]), [2])));
  parts.push(section(t.s_notes, table([t.date, t.author, t.why, t.title, t.text],
    r.notes.map((n) => [when(n.at), n.author, n.why === 'linked' ? t.why_linked : t.why_names, n.title, n.body]), [0])));
  if (r.hiddenNotes.length) {
    parts.push(section(t.s_hidden, `<p>${esc(t.hidden_explain)}</p>${table([t.date, t.author], r.hiddenNotes.map((n) => [when(n.at), n.author]), [0])}`));
  }
  if (r.kind === 'firm') {
    parts.push(section(t.s_opportunities, table([t.title, t.stage, t.amount, t.due, t.note],
      r.opportunities.map((o) => [o.title, o.stage, formatMoney({ amount: o.amount, currency: o.currency as never }, locale), o.closeDate ? shortDate(o.closeDate, locale) : '', o.note]))));
  }
  parts.push(section(t.s_files, table([t.date, t.file, t.size], r.attachments.map((a) => [when(a.createdAt), a.name, String(a.size)]), [0])));
  parts.push(section(t.s_subscriptions, table([t.topic, t.name, t.subscribed, t.source, t.unsubscribed, t.deleted],
    r.subscriptions.map((s) => [s.topic, who(s.personId), when(s.subscribedAt), s.source, when(s.unsubscribedAt), when(s.deletedAt)]))));
  if (r.kind === 'firm') {
    parts.push(section(t.s_changes, table([t.date, t.user, t.field, t.old_value, t.new_value],
      r.changes.map((c) => [when(c.at), c.user, c.field, c.oldValue, c.newValue]), [0])));
  }
  parts.push(section(t.s_merges, table([t.date, t.user, t.survivor, t.merged_record, t.undone],
    r.merges.map((m) => [when(m.at), m.user, m.survivorId, m.mergedId, yes(m.undone)]), [0])));
  parts.push(section(t.s_exports, table([t.date, t.user, t.selection, t.file, t.format, t.rows],
    r.exports.map((e) => [when(e.at), e.user, e.selection, e.fileName, e.format, String(e.rows)]), [0])));
  parts.push(section(t.s_mentions, table([t.date, t.kind, t.author, t.title],
    r.mentions.map((m) => [when(m.at), m.private ? t.private_note : (t as Record<string, string>)[`mention_${m.kind}`] ?? m.kind, m.author, m.title]), [0])));
  if (r.erasures.length) {
    parts.push(section(t.s_erasures, table([t.date, t.user, t.kind],
      r.erasures.map((e) => [when(e.at), e.user, e.kind === 'firm' ? t.erasure_firm : t.erasure_person]), [0])));
  }

  const title = r.kind === 'firm' ? t.title_firm : t.title_person;
  const name = subjectName(r);
  const head = `<div class="doc-head"><div class="kicker">${esc(t.kicker)}</div><h1>${esc(title)}: ${esc(name)}</h1></div>`
    + dl([[t.made, when(r.madeAt)], [t.made_by, r.madeBy]])
    + `<p class="intro">${esc(r.kind === 'firm' ? t.intro_firm : t.intro_person)}</p>`;
  return page({
    lang: locale, title: `${title}: ${name}`, size: 'A4', margin: '16mm 16mm 18mm 18mm',
    header: `${t.kicker} — ${name}`, pageLabel: t.page, css: CSS, body: head + parts.join(''),
  });
}
