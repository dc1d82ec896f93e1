// Small display helpers shared by the views.
import { shortInstant } from '../../shared/dates.ts';
import type { TFunction } from 'i18next';
import { format } from 'date-fns/format';
import { isSameDay } from 'date-fns/isSameDay';
import { addDays } from 'date-fns/addDays';
import { startOfDay } from 'date-fns/startOfDay';
import type { Code, Locale, Person } from '../../shared/types.ts';
import { dateLocale } from '../i18n/index.ts';

/** A code list entry's name: the user's own (added entries, renamed built-ins), else a built-in's
 * translation. */
export function codeName(t: TFunction, code: Code | undefined): string {
  if (!code) return '';
  return code.label ?? t(`codes.${code.list}.${code.code}`, { defaultValue: code.code });
}

/** How a record shows its entry: the name, marked when the entry has been retired since. */
export function codeLabel(t: TFunction, code: Code | undefined): string {
  if (!code) return '';
  return code.retired ? t('code_lists.retired_label', { label: codeName(t, code) }) : codeName(t, code);
}

/** Entries to pick from for a record: the live ones in the list's order, plus what the record
 * holds already if that has been retired since (so saving it again keeps it). */
export function codeOptions(t: TFunction, codes: readonly Code[], keep: string | null | undefined | readonly string[] = null): { value: string; label: string }[] {
  const kept = new Set<string>(typeof keep === 'string' ? [keep] : keep ?? []);
  return codes.filter((c) => !c.retired || kept.has(c.id)).map((c) => ({ value: c.id, label: codeLabel(t, c) }));
}

export function codeById(codes: readonly Code[], id: string | null | undefined): Code | undefined {
  return id ? codes.find((c) => c.id === id) : undefined;
}

/** "Ing. Jana Nováková, Ph.D.", "Алексей Петрович Лебедев" (the patronymic after the given name). */
export function personName(p: Pick<Person, 'titleBefore' | 'firstName' | 'lastName' | 'titleAfter'> & Partial<Pick<Person, 'patronymic'>>): string {
  const core = [p.titleBefore, p.firstName, p.patronymic ?? '', p.lastName].map((s) => s.trim()).filter(Boolean).join(' ');
  return p.titleAfter.trim() ? `${core}, ${p.titleAfter.trim()}` : core;
}

export function formatDateTime(at: number, lng: Locale): string {
  return shortInstant(at, lng, true);
}

export function formatTime(at: number, lng: Locale): string {
  return format(at, 'p', { locale: dateLocale(lng) });
}

export function formatDay(at: number, lng: Locale): string {
  return format(at, 'PPPP', { locale: dateLocale(lng) });
}

export function dayKey(at: number): string {
  return format(at, 'yyyy-MM-dd');
}

/** 'today' | 'tomorrow' | 'overdue' | null — for the agenda's day headings. */
export function relativeDay(at: number, now: number): 'today' | 'tomorrow' | 'past' | null {
  if (isSameDay(at, now)) return 'today';
  if (isSameDay(at, addDays(now, 1))) return 'tomorrow';
  if (at < startOfDay(now).getTime()) return 'past';
  return null;
}

export function formatNumber(n: number, lng: Locale): string {
  return new Intl.NumberFormat(lng === 'en' ? 'en-GB' : lng).format(n);
}

/** Local date and time inputs (`YYYY-MM-DD`, `HH:mm`) ↔ epoch ms. */
export function toDateInput(at: number): string { return format(at, 'yyyy-MM-dd'); }
export function toTimeInput(at: number): string { return format(at, 'HH:mm'); }
export function fromInputs(date: string, time: string): number | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim());
  const t = /^(\d{1,2}):(\d{2})$/.exec(time.trim() || '00:00');
  if (!d || !t) return null;
  const value = new Date(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]), 0, 0);
  if (Number.isNaN(value.getTime()) || value.getMonth() !== Number(d[2]) - 1) return null;
  return value.getTime();
}

/** A link target for a channel value, or null when it should stay plain text. */
export function channelHref(kind: string, value: string): string | null {
  const v = value.trim();
  if (!v) return null;
  if (kind === 'email') return `mailto:${v}`;
  if (kind === 'phone') return `tel:${v.replace(/[^\d+]/g, '')}`;
  if (kind === 'web') return webHref(v);
  return null;
}

export function webHref(v: string): string | null {
  const s = v.trim();
  if (!s) return null;
  const url = /^https?:\/\//i.test(s) ? s : `https://${s}`;
  try { return new URL(url).protocol.startsWith('http') ? url : null; } catch { return null; }
}

/** A country's name in the UI language ("Maďarsko", "Hungary"); the code itself when unknown. */
export function regionName(code: string, lng: Locale): string {
  try {
    return new Intl.DisplayNames([lng], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}
