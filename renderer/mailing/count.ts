// "312 rows, 14 excluded: no consent" — the live count in the UI language, with plural forms
// (i18next picks `_one` / `_few` / `_many` / `_other` by the language's plural rules).
import type { TFunction } from 'i18next';
import type { Locale, SelectionCount } from '../../shared/types.ts';
import { formatNumber } from '../ui/format.ts';

export type ExcludeReason = keyof SelectionCount['excluded'];
/** In the order they are named. */
export const EXCLUDE_REASONS: readonly ExcludeReason[] = ['noConsent', 'optedOut', 'duplicates', 'noEmail'];

export interface CountParts {
  rows: number;
  excluded: number;
  /** Reasons with a non-zero count, in EXCLUDE_REASONS order. */
  reasons: { reason: ExcludeReason; n: number }[];
}

export function countParts(c: SelectionCount): CountParts {
  const reasons = EXCLUDE_REASONS.map((reason) => ({ reason, n: c.excluded[reason] ?? 0 })).filter((r) => r.n > 0);
  return { rows: c.rows, excluded: reasons.reduce((s, r) => s + r.n, 0), reasons };
}

/** "312 rows" */
export function rowsText(t: TFunction, locale: Locale, rows: number): string {
  return t('mailing.count.rows', { count: rows, n: formatNumber(rows, locale) });
}

/** "14 excluded: no consent" / "14 excluded: 10 no consent, 4 opted out"; '' when nobody is. */
export function excludedText(t: TFunction, locale: Locale, p: CountParts): string {
  if (p.excluded === 0) return '';
  const why = p.reasons.length === 1
    ? t(`mailing.count.reason.${p.reasons[0]!.reason}`)
    : p.reasons.map((r) => t('mailing.count.reason_n', { n: formatNumber(r.n, locale), reason: t(`mailing.count.reason.${r.reason}`) })).join(', ');
  return t('mailing.count.excluded', { count: p.excluded, n: formatNumber(p.excluded, locale), why });
}

/** The whole line: "312 rows, 14 excluded: no consent". */
export function countText(t: TFunction, locale: Locale, c: SelectionCount): string {
  const p = countParts(c);
  const rows = rowsText(t, locale, p.rows);
  const ex = excludedText(t, locale, p);
  return ex ? `${rows}${t('mailing.count.sep')}${ex}` : rows;
}
