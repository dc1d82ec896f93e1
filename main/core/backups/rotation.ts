// Which automatic backups stay: the newest of each of the last 7 days that have one, and the
// newest of each of the last 4 weeks that have one (days and weeks in UTC, weeks from Monday).
// "Days that have one" rather than "the last 7 calendar days": a laptop left in a drawer for a
// month must not come back and throw away every backup it has on its first start.
// Pure, with the clock left out, so the promised set can be tested without waiting for weeks.

export interface Dated { name: string; time: number }

const DAY = 86_400_000;

export const KEEP_DAILY = 7;
export const KEEP_WEEKLY = 4;

/** Day number since the epoch (UTC). */
const dayOf = (t: number) => Math.floor(t / DAY);
/** Week number since the epoch, weeks starting on Monday (1 Jan 1970 was a Thursday). */
const weekOf = (t: number) => Math.floor((dayOf(t) + 3) / 7);

/** The names to keep; the newest backup is always among them. */
export function backupsToKeep(backups: readonly Dated[], daily = KEEP_DAILY, weekly = KEEP_WEEKLY): Set<string> {
  const newestFirst = [...backups].sort((a, b) => b.time - a.time || (a.name < b.name ? 1 : -1));
  const keep = new Set<string>();
  const pick = (period: (t: number) => number, count: number) => {
    const seen = new Set<number>();
    for (const b of newestFirst) {
      const p = period(b.time);
      if (seen.has(p)) continue;
      if (seen.size === count) break;
      seen.add(p);
      keep.add(b.name);
    }
  };
  pick(dayOf, daily);
  pick(weekOf, weekly);
  return keep;
}

/** The names to drop (everything backupsToKeep leaves out). */
export function backupsToDrop(backups: readonly Dated[], daily = KEEP_DAILY, weekly = KEEP_WEEKLY): string[] {
  const keep = backupsToKeep(backups, daily, weekly);
  return backups.filter((b) => !keep.has(b.name)).map((b) => b.name);
}
