// The opportunity form as text the user edits, and the contract input built from it. Amounts
// are read the way the user writes numbers in their language (parseMoney) and kept as integer
// minor units; fully empty line and competitor rows are left out, and error paths of the input
// (`lines.0.quantity`) are mapped back to the rows on screen.
import type { Input } from '../../shared/contract.ts';
import type { AppErrorData } from '../../shared/errors.ts';
import type { Currency, Locale, Opportunity, PipelineStage } from '../../shared/types.ts';
import { minorDigits, parseMoney, splitDecimal } from '../../shared/money.ts';
import { fromInputs, toDateInput, toTimeInput } from '../ui/format.ts';

export interface LineDraft { key: string; id?: string; product: string; productGroup: string; quantity: string; unitPrice: string }
export interface CompetitorDraft { key: string; id?: string; name: string; strengths: string; weaknesses: string }

export interface OpportunityDraft {
  firmId: string | null;
  firmName: string | null;
  title: string;
  stageId: string;
  probability: string;
  amount: string;
  currency: Currency;
  closeDate: string;
  deadlineDate: string;
  deadlineTime: string;
  watchDays: string;
  watcherIds: string[];
  ownerId: string;
  salesIds: string[];
  note: string;
  lines: LineDraft[];
  competitors: CompetitorDraft[];
}

export type OpportunityInput = Input<'opportunities.create'>;

const intlLocale = (lng: Locale | string) => (lng === 'en' ? 'en-GB' : lng);

let keySeq = 0;
export const rowKey = () => `r${++keySeq}`;

/** Minor units as the user would type them: "12500,50" in Czech, "12500.50" in English, "300" for a whole amount. */
export function moneyToInput(amount: number, currency: Currency, locale: Locale | string): string {
  const digits = minorDigits(currency);
  const whole = amount % 10 ** digits === 0;
  return new Intl.NumberFormat(intlLocale(locale), {
    useGrouping: false, minimumFractionDigits: whole ? 0 : digits, maximumFractionDigits: whole ? 0 : digits,
  }).format(amount / 10 ** digits);
}

export function numberToInput(n: number, locale: Locale | string): string {
  return new Intl.NumberFormat(intlLocale(locale), { useGrouping: false, maximumFractionDigits: 6 }).format(n);
}

/** A non-negative decimal as people write it ("1,5", "1.5", "1 000", "2"); null for anything else.
 * The notation is the one amounts use (shared/money.ts). */
export function parseDecimal(text: string, locale: Locale | string): number | null {
  const parts = splitDecimal(text, intlLocale(locale));
  if (!parts) return null;
  const v = Number(`${parts.int}.${parts.frac || '0'}`);
  return Number.isFinite(v) ? v : null;
}

/** A whole number typed in a field; '' → null, anything else that is not one → NaN. */
export function parseWhole(text: string): number | null {
  const s = text.trim();
  if (s === '') return null;
  return /^-?\d+$/.test(s) ? Number(s) : Number.NaN;
}

export function emptyLine(): LineDraft {
  return { key: rowKey(), product: '', productGroup: '', quantity: '1', unitPrice: '' };
}
export function emptyCompetitor(): CompetitorDraft {
  return { key: rowKey(), name: '', strengths: '', weaknesses: '' };
}

export function newDraft(p: { firmId: string | null; stage: PipelineStage | undefined; ownerId: string; currency: Currency }): OpportunityDraft {
  return {
    firmId: p.firmId, firmName: null, title: '', stageId: p.stage?.id ?? '', probability: p.stage ? String(p.stage.probability) : '',
    amount: '', currency: p.currency, closeDate: '', deadlineDate: '', deadlineTime: '', watchDays: '', watcherIds: [],
    ownerId: p.ownerId, salesIds: [], note: '', lines: [], competitors: [],
  };
}

export function draftFromOpportunity(o: Opportunity, locale: Locale | string): OpportunityDraft {
  return {
    firmId: o.firmId, firmName: o.firmName, title: o.title, stageId: o.stageId, probability: String(o.probability),
    amount: o.amount === 0 ? '' : moneyToInput(o.amount, o.currency, locale), currency: o.currency,
    closeDate: o.closeDate ?? '',
    deadlineDate: o.deadlineAt === null ? '' : toDateInput(o.deadlineAt),
    deadlineTime: o.deadlineAt === null ? '' : toTimeInput(o.deadlineAt),
    watchDays: o.watchDays === null ? '' : String(o.watchDays),
    watcherIds: [...o.watcherIds], ownerId: o.ownerId, salesIds: o.salesIds.filter((id) => id !== o.ownerId), note: o.note,
    lines: o.lines.map((l) => ({
      key: rowKey(), id: l.id, product: l.product, productGroup: l.productGroup,
      quantity: numberToInput(l.quantity, locale), unitPrice: l.unitPrice === 0 ? '' : moneyToInput(l.unitPrice, o.currency, locale),
    })),
    competitors: o.competitors.map((c) => ({ key: rowKey(), id: c.id, name: c.name, strengths: c.strengths, weaknesses: c.weaknesses })),
  };
}

const blankLine = (l: LineDraft) => !l.product.trim() && !l.productGroup.trim() && !l.unitPrice.trim() && ['', '1'].includes(l.quantity.trim());
const blankCompetitor = (c: CompetitorDraft) => !c.name.trim() && !c.strengths.trim() && !c.weaknesses.trim();

export interface Built {
  input: OpportunityInput;
  /** What could not be read (amounts, numbers, the deadline), keyed by the draft's paths. */
  errors: Record<string, AppErrorData>;
  /** Input row index → draft row index (empty rows are left out). */
  lineRows: number[];
  competitorRows: number[];
}

const err = (field: string, messageKey: string): AppErrorData => ({ code: 'validation', field, messageKey });

/** The contract input from the form. Unreadable values go in as placeholders the schema accepts
 * and are reported in `errors`, so the form shows them beside whatever the schema says. */
export function buildOpportunityInput(d: OpportunityDraft, locale: Locale | string): Built {
  const errors: Record<string, AppErrorData> = {};
  const money = (text: string, field: string): number => {
    if (!text.trim()) return 0;
    const v = parseMoney(text, d.currency, String(locale));
    if (v === null || v < 0) { errors[field] = err(field, 'errors.amount'); return 0; }
    return v;
  };
  const whole = (text: string, field: string, key: string): number | null => {
    const v = parseWhole(text);
    if (v !== null && Number.isNaN(v)) { errors[field] = err(field, key); return null; }
    return v;
  };

  let deadlineAt: number | null = null;
  if (d.deadlineDate.trim()) {
    deadlineAt = fromInputs(d.deadlineDate, d.deadlineTime);
    if (deadlineAt === null) errors.deadlineAt = err('deadlineAt', 'errors.date');
  } else if (d.deadlineTime.trim()) {
    errors.deadlineAt = err('deadlineAt', 'errors.required');
  }

  const lineRows: number[] = [];
  const lines: NonNullable<OpportunityInput['lines']> = [];
  d.lines.forEach((l, i) => {
    if (blankLine(l)) return;
    lineRows.push(i);
    let quantity = 1;
    if (l.quantity.trim()) {
      const q = parseDecimal(l.quantity, locale);
      if (q === null) errors[`lines.${i}.quantity`] = err(`lines.${i}.quantity`, 'errors.quantity');
      else quantity = q;
    }
    lines.push({
      ...(l.id ? { id: l.id } : {}), product: l.product, productGroup: l.productGroup, quantity,
      unitPrice: money(l.unitPrice, `lines.${i}.unitPrice`),
    });
  });
  const competitorRows: number[] = [];
  const competitors: NonNullable<OpportunityInput['competitors']> = [];
  d.competitors.forEach((c, i) => {
    if (blankCompetitor(c)) return;
    competitorRows.push(i);
    competitors.push({ ...(c.id ? { id: c.id } : {}), name: c.name, strengths: c.strengths, weaknesses: c.weaknesses });
  });

  const input: OpportunityInput = {
    firmId: d.firmId ?? '',
    title: d.title,
    stageId: d.stageId,
    probability: whole(d.probability, 'probability', 'errors.percent'),
    amount: money(d.amount, 'amount'),
    currency: d.currency,
    closeDate: d.closeDate.trim() || null,
    deadlineAt,
    watchDays: whole(d.watchDays, 'watchDays', 'errors.watch_days'),
    ownerId: d.ownerId,
    salesIds: d.salesIds.filter((id) => id !== d.ownerId),
    watcherIds: d.watcherIds,
    note: d.note,
    lines,
    competitors,
  };
  return { input, errors, lineRows, competitorRows };
}

/** An input path (`lines.1.unitPrice`) as the path of the row on screen (`lines.3.unitPrice`). */
export function toDraftPath(path: string, built: Pick<Built, 'lineRows' | 'competitorRows'>): string {
  const m = /^(lines|competitors)\.(\d+)(\..*)?$/.exec(path);
  if (!m) return path;
  const rows = m[1] === 'lines' ? built.lineRows : built.competitorRows;
  const row = rows[Number(m[2])];
  return row === undefined ? path : `${m[1]}.${row}${m[3] ?? ''}`;
}

/** Σ quantity × unit price of the lines that can be read, in minor units (rounded per line). */
export function linesTotal(lines: readonly LineDraft[], currency: Currency, locale: Locale | string): number {
  let sum = 0;
  for (const l of lines) {
    const q = l.quantity.trim() ? parseDecimal(l.quantity, locale) : 1;
    const p = l.unitPrice.trim() ? parseMoney(l.unitPrice, currency, String(locale)) : 0;
    if (q === null || p === null) continue;
    sum += Math.round(q * p);
  }
  return sum;
}
