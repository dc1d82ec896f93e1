// OS notifications for due reminders, in the desktop shell. The core decides what is due (its
// clock, the user's reminders); this only asks it every 30 s — and once at start, which is how
// reminders missed while the app was closed appear — raises one notification per reminder not
// yet shown, and tells the core they went out (so a restart does not repeat them; the in-app
// list keeps them until dismissed). No electron import here: main.ts passes a `notify` that
// uses Electron's Notification, so this is testable in plain Node.
import type { Envelope } from '../../shared/errors.ts';
import type { Reminder } from '../../shared/types.ts';

export const REMINDER_POLL_MS = 30_000;

/** The reminders to raise an OS notification for: due, and not shown yet. */
export function toNotify(reminders: readonly Reminder[]): Reminder[] {
  return reminders.filter((r) => r.due && !r.shown);
}

export interface ReminderPollerOptions {
  /** A contract call, as the IPC handler makes it (DbClient.invoke). */
  invoke: (channel: string, input: unknown) => Promise<Envelope<unknown>>;
  notify: (reminder: Reminder) => void;
  intervalMs?: number;
  log?: (line: string) => void;
}

export interface ReminderPoller {
  /** One round now (also what the timer runs); resolves when it is done. */
  poll(): Promise<void>;
  stop(): void;
}

export function startReminderPoller(opts: ReminderPollerOptions): ReminderPoller {
  const log = opts.log ?? ((line: string) => console.warn(line));
  // A notification already raised in this session, by reminder and ring time: if markShown
  // failed we do not raise it again every 30 s, but a snoozed reminder (new time) rings again.
  const raised = new Set<string>();
  let running: Promise<void> | null = null;
  let stopped = false;

  async function round(): Promise<void> {
    const listed = await opts.invoke('reminders.list', { state: 'due' });
    if (!listed.ok) {
      log(`[kartoteka] reminders.list failed: ${listed.error.messageKey}`);
      return;
    }
    const fresh = toNotify(listed.value as Reminder[]).filter((r) => !raised.has(`${r.id}@${r.at}`));
    const shown: string[] = [];
    for (const r of fresh) {
      if (stopped) break;
      try {
        opts.notify(r);
      } catch (e) {
        log(`[kartoteka] cannot show a notification: ${e instanceof Error ? e.message : String(e)}`);
        continue;
      }
      raised.add(`${r.id}@${r.at}`);
      shown.push(r.id);
    }
    for (let i = 0; i < shown.length; i += 500) {
      const marked = await opts.invoke('reminders.markShown', { ids: shown.slice(i, i + 500) });
      if (!marked.ok) log(`[kartoteka] reminders.markShown failed: ${marked.error.messageKey}`);
    }
  }

  function poll(): Promise<void> {
    // One round at a time: a slow database must not stack rounds (and double notifications).
    if (!running) {
      running = round().catch((e: unknown) => log(`[kartoteka] reminder poll failed: ${String(e)}`)).finally(() => { running = null; });
    }
    return running;
  }

  const timer = setInterval(() => { if (!stopped) void poll(); }, opts.intervalMs ?? REMINDER_POLL_MS);
  // Never keep the process alive just for reminders.
  (timer as { unref?: () => void }).unref?.();
  void poll();
  return {
    poll,
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
