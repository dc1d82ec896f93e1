// How a user-defined field's value reads on screen: numbers and dates in the user's language
// (shared/dates.ts, as printed documents write them), option fields by their label (the core
// already sends the label for list columns).
import type { FieldDef, Locale } from '../../shared/types.ts';
import { formatFieldValue as formatValue, shortDate, shortInstant } from '../../shared/dates.ts';

export function formatIsoDate(v: string, locale: Locale): string {
  return shortDate(v, locale);
}

export function formatFieldValue(f: Pick<FieldDef, 'type'>, v: string | number | null, locale: Locale): string {
  return formatValue(f.type, v, locale);
}

/** An instant as the user's short date. */
export function formatShortDate(at: number, locale: Locale): string {
  return shortInstant(at, locale);
}
