// Field errors for forms: the contract's own zod schema on the client, the core's AppError on
// save, both keyed by the dotted field path (`addresses.0.city`).
import { useCallback, useState } from 'react';
import type { TFunction } from 'i18next';
import type { ChannelName } from '../../shared/contract.ts';
import { contract } from '../../shared/contract.ts';
import type { AppErrorData } from '../../shared/errors.ts';
import { fromZodIssues } from '../../shared/errors.ts';
import { ApiError, errorData } from '../api.ts';

export type FieldErrors = Record<string, AppErrorData>;

/** Every issue of the channel's input schema, first one per field. */
export function validate(channel: ChannelName, value: unknown): FieldErrors {
  const result = contract[channel].input.safeParse(value);
  if (result.success) return {};
  const out: FieldErrors = {};
  for (const issue of result.error.issues) {
    const data = fromZodIssues([issue]);
    const field = data.field ?? '';
    if (!(field in out)) out[field] = data;
  }
  return out;
}

export function translateError(t: TFunction, e: AppErrorData | undefined | null): string | undefined {
  if (!e) return undefined;
  return t(e.messageKey, { ...e.params, defaultValue: t('errors.invalid') });
}

/** State for a form's errors: `field(path)` gives the translated message for an input. */
export function useFieldErrors(t: TFunction) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<AppErrorData | null>(null);

  const field = useCallback((path: string) => translateError(t, errors[path]), [errors, t]);
  const clear = useCallback((path: string) => {
    setErrors((prev) => {
      if (!(path in prev)) return prev;
      const next = { ...prev };
      delete next[path];
      return next;
    });
  }, []);

  /** Shows a set of field errors; the first one without a place in the form goes on top. */
  const show = useCallback((found: FieldErrors, known?: (path: string) => boolean): boolean => {
    setErrors(found);
    const unknown = Object.entries(found).find(([path]) => known && !known(path));
    setGeneral(unknown ? unknown[1] : null);
    return Object.keys(found).length === 0;
  }, []);

  /** Client-side check against the channel's schema; returns true when the value is fine. */
  const check = useCallback((channel: ChannelName, value: unknown, known?: (path: string) => boolean): boolean =>
    show(validate(channel, value), known), [show]);

  /** A failed save: the core's error goes to its field, or to the form's top when it has none. */
  const fail = useCallback((e: unknown, known?: (path: string) => boolean) => {
    const data = errorData(e);
    if (e instanceof ApiError && data.field && (!known || known(data.field))) {
      setErrors({ [data.field]: data });
      setGeneral(null);
    } else {
      setGeneral(data);
    }
  }, []);

  const reset = useCallback(() => { setErrors({}); setGeneral(null); }, []);

  return { errors, general, field, clear, check, show, fail, reset, setErrors };
}
