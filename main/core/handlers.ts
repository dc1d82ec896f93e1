// The merged handler map: one entry per contract channel. A channel defined twice is refused
// when the map is built; a channel missing or misspelled is refused by the compiler.
import type { HandlerMap } from './handler-types.ts';
import { appHandlers } from './app/handlers.ts';
import { firmHandlers } from './firms/handlers.ts';
import { peopleHandlers } from './people/handlers.ts';
import { contactHandlers } from './contacts/handlers.ts';

export function mergeHandlers(...parts: object[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const part of parts) {
    for (const [name, fn] of Object.entries(part)) {
      if (Object.hasOwn(out, name)) throw new Error(`Handler "${name}" is defined twice`);
      out[name] = fn;
    }
  }
  return out;
}

// The spread is checked against HandlerMap (completeness); mergeHandlers checks duplicates.
const complete: HandlerMap = { ...appHandlers, ...firmHandlers, ...peopleHandlers, ...contactHandlers };
export const handlers = mergeHandlers(appHandlers, firmHandlers, peopleHandlers, contactHandlers) as typeof complete;
