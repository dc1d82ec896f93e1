// Errors cross the process boundary as plain data: a stable code for programs, an i18n key
// for people, and the field the error belongs to so a form can show it in place.
import type { z } from 'zod';

export type ErrorCode =
  | 'validation'
  | 'not_found'
  | 'unknown_channel'
  | 'db_too_new'
  | 'db_needs_migration'
  | 'db_migration_failed'
  | 'db_unreadable'
  | 'db_damaged'
  | 'forbidden'
  /** The database worker stopped (restarted, or could not be): the browser host answers 503. */
  | 'unavailable'
  /** Long work the user stopped (jobs.cancel): nothing was written. */
  | 'cancelled'
  | 'internal';

export interface AppErrorData {
  code: ErrorCode;
  /** i18n key, e.g. `errors.required`; the renderer translates it. */
  messageKey: string;
  /** Dotted path of the offending input field (`addresses.0.city`), when there is one. */
  field?: string;
  params?: Record<string, string | number>;
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: AppErrorData };

export class AppError extends Error {
  readonly data: AppErrorData;
  constructor(data: AppErrorData) {
    super(`${data.code}: ${data.messageKey}${data.field ? ` (${data.field})` : ''}`);
    this.name = 'AppError';
    this.data = data;
  }
}

/** Turns the first zod issue into a translated-field error. Custom refinements carry their
 * i18n key as the message (convention: it starts with `errors.`). */
export function fromZodIssues(issues: z.core.$ZodIssue[]): AppErrorData {
  const issue = issues[0];
  const field = issue?.path.map(String).join('.') || undefined;
  const base = { code: 'validation' as const, field };
  if (!issue) return { ...base, messageKey: 'errors.invalid' };
  if (issue.message?.startsWith('errors.')) return { ...base, messageKey: issue.message };
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) <= 1) return { ...base, messageKey: 'errors.required' };
      return { ...base, messageKey: 'errors.too_small', params: { min: Number(issue.minimum) } };
    case 'too_big':
      return { ...base, messageKey: issue.origin === 'string' ? 'errors.too_long' : 'errors.too_big', params: { max: Number(issue.maximum) } };
    case 'invalid_format':
      return { ...base, messageKey: issue.format === 'email' ? 'errors.email' : 'errors.format' };
    case 'invalid_type':
      return { ...base, messageKey: issue.input === undefined ? 'errors.required' : 'errors.invalid' };
    default:
      return { ...base, messageKey: 'errors.invalid' };
  }
}
