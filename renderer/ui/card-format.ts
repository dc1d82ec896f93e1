// Display helpers of the firm card's tabs (sizes, calendar dates, today).
import { format } from 'date-fns/format';
import type { Locale } from '../../shared/types.ts';
import { dateLocale } from '../i18n/index.ts';
import { shortDate } from '../../shared/dates.ts';

const intlLocale = (lng: Locale) => (lng === 'en' ? 'en-GB' : lng);

/** "0,8 kB", "12,4 MB" — in the user's language (units and decimal mark localised by Intl). */
export function formatBytes(bytes: number, lng: Locale): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = Math.max(0, bytes);
  let i = 0;
  while (value >= 1024 && i < units.length - 1) { value /= 1024; i++; }
  // Intl spells bytes out ("14 byte", "14 bájt"); everybody writes B (Б in Russian).
  if (i === 0) return `${new Intl.NumberFormat(intlLocale(lng)).format(value)}\u00a0${lng === 'ru' ? 'Б' : 'B'}`;
  return new Intl.NumberFormat(intlLocale(lng), {
    style: 'unit', unit: units[i], unitDisplay: 'short', maximumFractionDigits: i === 0 ? 0 : 1,
  }).format(value);
}

/** Today's calendar date on the user's clock, as the core expects it ('YYYY-MM-DD'). */
export function todayIso(now: number = Date.now()): string {
  return format(now, 'yyyy-MM-dd');
}

/** 'YYYY-MM-DD' as a local calendar day (not UTC midnight, which is the previous day west of
 * Greenwich), or null when it is not a real date. */
export function parseIsoDate(iso: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return d.getMonth() === Number(m[2]) - 1 ? d : null;
}

/** A calendar date in the user's short format (shared/dates.ts: the same on every screen and page). */
export function formatIsoDate(iso: string, lng: Locale): string {
  return shortDate(iso, lng);
}

export function formatDate(at: number, lng: Locale): string {
  return format(at, 'P', { locale: dateLocale(lng) });
}

/** A file's type for people: the extension in capitals, else the MIME subtype. */
export function fileType(name: string, mime: string): string {
  const ext = /\.([A-Za-z0-9]{1,8})$/.exec(name)?.[1];
  if (ext) return ext.toUpperCase();
  const sub = mime.split('/')[1];
  return sub ? sub.toUpperCase() : '—';
}
