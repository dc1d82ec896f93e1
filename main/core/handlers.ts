// The merged handler map: one entry per contract channel. A channel defined twice is refused
// when the map is built; a channel missing or misspelled is refused by the compiler.
import type { HandlerMap } from './handler-types.ts';
import { appHandlers } from './app/handlers.ts';
import { codeHandlers } from './app/codes.ts';
import { trashHandlers } from './trash/handlers.ts';
import { firmHandlers } from './firms/handlers.ts';
import { peopleHandlers } from './people/handlers.ts';
import { contactHandlers } from './contacts/handlers.ts';
import { segmentHandlers } from './segments/handlers.ts';
import { fieldHandlers } from './fields/handlers.ts';
import { noteHandlers } from './notes/handlers.ts';
import { taskHandlers } from './tasks/handlers.ts';
import { attachmentHandlers } from './attachments/handlers.ts';
import { timelineHandlers } from './timeline/handlers.ts';
import { leadHandlers } from './leads/handlers.ts';
import { duplicateHandlers } from './duplicates/handlers.ts';
import { mergeHandlers as mergeChannelHandlers } from './merges/handlers.ts';
import { agendaHandlers } from './agenda/handlers.ts';
import { reminderHandlers } from './reminders/handlers.ts';
import { ruleHandlers } from './rules/handlers.ts';
import { opportunityHandlers } from './opportunities/handlers.ts';
import { salesHandlers } from './sales/handlers.ts';
import { mailingHandlers } from './mailing/handlers.ts';
import { printHandlers } from './printing/handlers.ts';
import { jobHandlers } from './jobs.ts';
import { backupHandlers } from './backups/handlers.ts';
import { privacyHandlers } from './privacy/handlers.ts';
import { importHandlers } from './import/handlers.ts';
import { syncHandlers } from './sync/handlers.ts';

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

const parts = [
  appHandlers, codeHandlers, trashHandlers, firmHandlers, peopleHandlers, contactHandlers, segmentHandlers, fieldHandlers, noteHandlers,
  taskHandlers, attachmentHandlers, timelineHandlers, leadHandlers, duplicateHandlers, mergeChannelHandlers,
  agendaHandlers, reminderHandlers, ruleHandlers, opportunityHandlers, salesHandlers, mailingHandlers,
  printHandlers, jobHandlers, backupHandlers, privacyHandlers, importHandlers, syncHandlers,
] as const;

// The spread is checked against HandlerMap (completeness); mergeHandlers checks duplicates.
const complete: HandlerMap = {
  ...appHandlers, ...codeHandlers, ...trashHandlers, ...firmHandlers, ...peopleHandlers, ...contactHandlers, ...segmentHandlers, ...fieldHandlers,
  ...noteHandlers, ...taskHandlers, ...attachmentHandlers, ...timelineHandlers, ...leadHandlers, ...duplicateHandlers,
  ...mergeChannelHandlers, ...agendaHandlers, ...reminderHandlers, ...ruleHandlers, ...opportunityHandlers, ...salesHandlers,
  ...mailingHandlers, ...printHandlers, ...jobHandlers, ...backupHandlers, ...privacyHandlers, ...importHandlers, ...syncHandlers,
};
export const handlers = mergeHandlers(...parts) as typeof complete;
