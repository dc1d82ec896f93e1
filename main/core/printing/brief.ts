// The meeting brief: everything a salesperson wants on one or two A4 pages before a meeting with
// a firm (identity and ids, addresses, channels, people and their roles, recent and planned
// contacts, open tasks and opportunities, 24 months of revenue as a small bar chart with its
// trend, shared notes, user fields), and a shorter one for a person. Pure: data in, HTML out.
import type { Currency, Locale, Money } from '../../../shared/types.ts';
import { formatMoney } from '../../../shared/money.ts';
import { formatPostalBlock, postalName } from '../../../shared/postal.ts';
import { companyIdName, companyIdSpecs } from '../../../shared/company-ids.ts';
import { esc, page } from './page.ts';
import { monthShort, shortDate, shortInstant, texts, type Texts } from './texts.ts';
import { formatFieldValue } from '../../../shared/dates.ts';
import type { BriefData } from './brief-data.ts';

const BRIEF_CSS = `
body{font-size:9.5pt}
.doc-head{display:flex;justify-content:space-between;align-items:flex-end;border-bottom:0.6mm solid #1d4e89;padding-bottom:2mm;margin-bottom:4mm}
.doc-head h1{font-size:17pt;color:#1d4e89}
.doc-head .kicker{font-size:8.5pt;text-transform:uppercase;letter-spacing:0.08em;color:#555}
.doc-head .meta{text-align:right;font-size:8.5pt;color:#555}
section{margin-bottom:4.5mm}
/* Sections flow across pages (a long history would otherwise leave page 1 two-thirds empty and
   push the brief to a third page); their rows, notes and headings still keep together. */
section{break-inside:auto}
.grid section,.chart{break-inside:avoid-page}
h2{font-size:11pt;color:#1d4e89;border-bottom:0.2mm solid #9bb3d1;padding-bottom:0.8mm;margin-bottom:1.8mm}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:0 8mm}
dl{display:grid;grid-template-columns:32mm 1fr;gap:0.8mm 3mm;margin:0}
dt{color:#555}
dd{margin:0}
table.t th{text-align:left;font-weight:700;font-size:8.5pt;color:#333;border-bottom:0.3mm solid #999;padding:0.8mm 1.5mm}
table.t td{vertical-align:top;border-bottom:0.15mm solid #ddd;padding:0.8mm 1.5mm}
table.t td.num,table.t th.num{text-align:right;white-space:nowrap}
td.nw{white-space:nowrap}
.tag{display:inline-block;font-size:7.5pt;border:0.2mm solid #999;border-radius:1mm;padding:0 1mm;margin-left:1mm;color:#333}
.note{margin-bottom:2mm;break-inside:avoid}
.note .h{font-weight:700}
.note .by{color:#555;font-size:8.5pt}
.chart{display:flex;gap:6mm;align-items:center}
.chart svg{width:120mm;height:34mm}
.trend{font-size:9pt}
.trend b{font-size:13pt;display:block}
.up{color:#1a7f37}.down{color:#b42318}
.none{color:#777;font-style:italic}
`;

const section = (title: string, body: string) => `<section><h2>${esc(title)}</h2>${body}</section>`;
const none = (t: Texts) => `<p class="none">${esc(t.none)}</p>`;
const multiline = (s: string) => esc(s).replace(/\r?\n/g, '<br>');

function table(headers: string[], rows: string[][], numeric: number[] = []): string {
  const th = headers.map((h, i) => `<th${numeric.includes(i) ? ' class="num"' : ''}>${esc(h)}</th>`).join('');
  const tr = rows.map((r) => `<tr>${r.map((c, i) => `<td${numeric.includes(i) ? ' class="num"' : ''}>${c}</td>`).join('')}</tr>`).join('');
  return `<table class="t"><thead><tr>${th}</tr></thead><tbody>${tr}</tbody></table>`;
}

/** The currency with the most revenue over the period: the chart's. */
/** A contact's note in the history: its start — the brief is a page to read before a meeting,
 * the card keeps the whole note. */
const NOTE_CHARS = 280;
function clip(text: string, max: number): string {
  const s = text.trim();
  if (s.length <= max) return s;
  const cut = s.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

export function mainCurrency(months: { totals: Money[] }[]): Currency | null {
  const sums = new Map<Currency, number>();
  for (const m of months) for (const t of m.totals) sums.set(t.currency, (sums.get(t.currency) ?? 0) + t.amount);
  let best: Currency | null = null;
  for (const [c, v] of sums) if (best === null || v > sums.get(best)!) best = c;
  return best;
}

/** Last 12 months against the 12 before them, as a ratio − 1 (null: nothing before). */
export function revenueTrend(monthsNewestFirst: { totals: Money[] }[], currency: Currency): { current: number; previous: number; ratio: number | null } {
  const sum = (list: { totals: Money[] }[]) => list.reduce((s, m) => s + (m.totals.find((t) => t.currency === currency)?.amount ?? 0), 0);
  const current = sum(monthsNewestFirst.slice(0, 12));
  const previous = sum(monthsNewestFirst.slice(12, 24));
  return { current, previous, ratio: previous === 0 ? null : current / previous - 1 };
}

/** 24 bars, oldest left; a label every third month. */
export function revenueSvg(months: { period: string; totals: Money[] }[], currency: Currency, locale: Locale): string {
  const ordered = [...months].reverse();
  const values = ordered.map((m) => m.totals.find((t) => t.currency === currency)?.amount ?? 0);
  const max = Math.max(1, ...values);
  const W = 480, H = 130, top = 14, bottom = 18, left = 4;
  const step = (W - left) / Math.max(1, ordered.length);
  const bars = ordered.map((m, i) => {
    const h = Math.round(((values[i]! / max) * (H - top - bottom)) * 10) / 10;
    const x = Math.round((left + i * step + step * 0.15) * 10) / 10;
    const label = i % 3 === 0 || i === ordered.length - 1
      ? `<text x="${x + step * 0.35}" y="${H - 5}" font-size="9" text-anchor="middle" fill="#555">${esc(monthShort(m.period))}</text>` : '';
    return `<rect x="${x}" y="${H - bottom - h}" width="${Math.round(step * 0.7 * 10) / 10}" height="${h}" fill="${i >= ordered.length - 12 ? '#1d4e89' : '#9bb3d1'}"/>${label}`;
  }).join('');
  const maxLabel = `<text x="${left}" y="10" font-size="9" fill="#555">${esc(formatMoney({ amount: max, currency }, locale))}</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" role="img"><line x1="0" y1="${H - bottom}" x2="${W}" y2="${H - bottom}" stroke="#999" stroke-width="0.6"/>${maxLabel}${bars}</svg>`;
}

export function renderBrief(d: BriefData): string {
  const t = texts(d.locale);
  const L = (id: string | null | undefined) => (id ? d.labels[id] ?? '' : '');
  const { card } = d;
  const f = card.firm;
  const peopleById = new Map(card.people.map((p) => [p.id, p]));
  const pname = (id: string | null) => { const p = id ? peopleById.get(id) : null; return p ? postalName(p) : ''; };
  const addrKind = (k: string) => (t as unknown as Record<string, string>)[`address_${k}`] ?? k;
  // As the post writes it in that country ("256 01 Benešov"), on one line; no country line at home.
  const addressText = (a: (typeof card.addresses)[number]) => formatPostalBlock({ person: null, firmName: null, locale: d.locale, address: a })
    .split('\n').join(', ');
  const channelsText = (list: { kind: string; value: string }[]) => list.map((c) => esc(c.value)).join('<br>');
  const channelKind = (k: string) => (k === 'phone' ? t.phone : k === 'email' ? t.email : k === 'web' ? t.web : k);
  const parts: string[] = [];
  const p = d.person;

  if (p) {
    const rows: [string, string][] = [
      [t.name, esc(postalName(p))], [t.function, esc(p.jobTitle)], [t.role, esc(L(p.roleId))], [t.reportsTo, esc(pname(p.reportsToId))],
      [t.channels, channelsText(p.channels)], [t.firm, esc(f.name)],
      [t.addresses, card.addresses.slice(0, 1).map((a) => esc(addressText(a))).join('')],
    ];
    parts.push(section(t.identity, `<dl>${rows.filter(([, v]) => v).map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl>`));
  } else {
    const kinds = f.kinds.map((k) => (t as unknown as Record<string, string>)[`kind_${k}`] ?? k).join(', ');
    // The firm's ids under their own country's names (IČO, Adószám, ИНН…: shared/company-ids.ts).
    const ids = companyIdSpecs(f.country).map((s): [string, string] => {
      const v = (s.field === 'vatId' ? f.vatId : f[s.field]) ?? '';
      return [companyIdName(f.country, s.field, v), esc(v)];
    });
    const rows: [string, string][] = [
      ...ids, [t.kinds, esc(kinds)], [t.industry, esc(L(f.industryId))],
      [t.website, esc(f.website ?? '')], [t.owner, esc(d.ownerName)],
    ];
    const ident = `<dl>${rows.filter(([, v]) => v).map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl>`;
    const addrs = card.addresses.length
      ? `<dl>${card.addresses.map((a) => `<dt>${esc(addrKind(a.kind))}</dt><dd>${esc(addressText(a))}</dd>`).join('')}</dl>` : none(t);
    const chans = card.channels.length ? `<dl>${card.channels.map((c) => `<dt>${esc(c.label || channelKind(c.kind))}</dt><dd>${esc(c.value)}</dd>`).join('')}</dl>` : '';
    parts.push(`<div class="grid">${section(t.identity, ident)}${section(t.addresses, addrs + (chans ? `<h3 style="margin-top:2mm;font-size:9.5pt">${esc(t.channels)}</h3>${chans}` : ''))}</div>`);
    parts.push(section(t.people, card.people.length ? table([t.name, t.function, t.role, t.reportsTo, t.channels], card.people.map((x) => [
      `${esc(postalName(x))}${x.isMain ? `<span class="tag">${esc(t.main)}</span>` : ''}`, esc(x.jobTitle), esc(L(x.roleId)),
      esc(pname(x.reportsToId)), channelsText(x.channels),
    ])) : none(t)));
  }

  parts.push(section(t.lastContacts, d.done.length ? table([t.date, t.kind, t.who, t.result, t.summary], d.done.map((c) => [
    `<span class="nw">${esc(shortInstant(c.at, d.locale))}</span>`, esc(L(c.kindId)), esc([c.personName, c.referentName].filter(Boolean).join(' / ')),
    esc(L(c.resultId)), multiline([c.summary, clip(c.note, NOTE_CHARS)].filter(Boolean).join('\n')),
  ])) : none(t)));
  if (d.planned.length) {
    parts.push(section(t.planned, table([t.date, t.kind, t.who, t.summary], d.planned.map((c) => [
      `<span class="nw">${esc(shortInstant(c.at, d.locale, true))}</span>`, esc(L(c.kindId)),
      esc([c.personName, c.referentName].filter(Boolean).join(' / ')), multiline(c.summary),
    ]))));
  }
  parts.push(section(t.openTasks, d.tasks.length ? table([t.due, t.title, t.assignee], d.tasks.map((x) => [
    `<span class="nw">${esc(x.dueDate ? shortDate(x.dueDate, d.locale) : '')}</span>`, esc(x.title), esc(x.assigneeName),
  ])) : none(t)));

  if (!p) {
    parts.push(section(t.opportunities, d.opportunities.length ? table([t.title, t.stage, t.amount, t.closeDate], d.opportunities.map((o) => [
      esc(o.title), esc(L(o.stageId)), esc(formatMoney({ amount: o.amount, currency: o.currency }, d.locale)),
      esc(o.closeDate ? shortDate(o.closeDate, d.locale) : ''),
    ]), [2, 3]) : none(t)));
    const months = d.sales?.months ?? [];
    const currency = mainCurrency(months);
    if (currency) {
      const tr = revenueTrend(months, currency);
      const pct = tr.ratio === null ? '—' : `${tr.ratio >= 0 ? '+' : '−'}${Math.abs(Math.round(tr.ratio * 1000) / 10).toLocaleString(d.locale)} %`;
      const cls = tr.ratio === null ? '' : tr.ratio >= 0 ? 'up' : 'down';
      parts.push(section(t.revenue, `<div class="chart">${revenueSvg(months, currency, d.locale)}<div class="trend">${esc(t.trend)}
<b class="${cls}">${esc(pct)}</b>${esc(formatMoney({ amount: tr.current, currency }, d.locale))} / ${esc(formatMoney({ amount: tr.previous, currency }, d.locale))}</div></div>`));
    } else {
      parts.push(section(t.revenue, `<p class="none">${esc(t.noRevenue)}</p>`));
    }
  }

  if (d.notes.length) {
    parts.push(section(t.notes, d.notes.map((n) => `<div class="note">${n.title ? `<span class="h">${esc(n.title)}</span> ` : ''}`
      + `<span class="by">${esc(n.authorName)}, ${esc(shortInstant(n.at, d.locale))}</span><div>${multiline(n.body)}</div></div>`).join('')));
  }
  const fields = (p ? p.fields : card.fields).filter((v) => v.display);
  if (fields.length) {
    const shown = (v: (typeof fields)[number]) => formatFieldValue(d.fieldTypes[v.fieldId] ?? 'text', d.fieldTypes[v.fieldId] === 'text' ? v.display : v.value, d.locale);
    parts.push(section(t.fields, `<dl>${fields.map((v) => `<dt>${esc(L(v.fieldId))}</dt><dd>${esc(shown(v))}</dd>`).join('')}</dl>`));
  }

  const heading = p ? postalName(p) : f.name;
  const kicker = p ? t.personBriefTitle : t.briefTitle;
  const printed = `${t.printed} ${shortDate(d.today, d.locale)}${d.userName ? ` · ${d.userName}` : ''}`;
  const body = `<div class="doc-head"><div><div class="kicker">${esc(kicker)}</div><h1>${esc(heading)}</h1>${p ? `<div>${esc(f.name)}</div>` : ''}</div>
<div class="meta">${esc(printed)}</div></div>
${parts.join('\n')}`;
  return page({
    lang: d.locale, title: `${kicker} – ${heading}`, size: 'A4', margin: '16mm 16mm 18mm 18mm',
    header: `${kicker} – ${heading}`, footer: [d.companyName, printed].filter(Boolean).join(' · '), pageLabel: t.page, css: BRIEF_CSS, body,
  });
}
