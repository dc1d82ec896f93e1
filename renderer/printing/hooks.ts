// Small hooks of the printing screens.
export { useDebounced } from '../ui/useDebounced.ts';
import { useEffect, useRef, useState } from 'react';

/** The last value a remote gave (kept while the next one loads, so the preview does not blink). */
export function useLast<T>(v: T | undefined): T | undefined {
  const ref = useRef<T | undefined>(v);
  if (v !== undefined) ref.current = v;
  return ref.current;
}
