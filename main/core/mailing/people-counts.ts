// How many live people each firm has, and how many of them subscribed to (or opted out of) a
// newsletter topic — per firm rid, kept warm in the worker like the firm list. A count of
// "people of these firms with consent to T" then reads only the matching firms' rids and sums
// three typed arrays: ~20 ms over 58k firms and 176k people, where asking SQLite whether each
// person is on the topic costs ~0.4 µs a person (~115 ms). Exports never use it (they read
// every row anyway and decide consent row by row in SQL).
//
// It depends on people (firm_id, deleted_at) and subscriptions only — firm edits, deletions
// and lead flags are applied by the count's own WHERE over firms — so the dispatcher drops it
// after any write to those two tables (merges and lead conversion list them too), and the next
// count rebuilds what it needs (~150 ms for the people, ~150 ms per topic on 100k firms).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export interface TopicCounts {
  subscribed: Int32Array;
  optedOut: Int32Array;
}

export class PeopleCounts {
  private people: Int32Array | null = null;
  private readonly topics = new Map<string, TopicCounts>();

  /** What is kept now (tests, diagnostics). */
  get warm(): { people: boolean; topics: string[] } {
    return { people: this.people !== null, topics: [...this.topics.keys()] };
  }

  /** After a write to people or subscriptions. */
  markStale(): void {
    this.people = null;
    this.topics.clear();
  }

  /** Live people per firm rid (firms without people: 0); null when rids are too sparse to index
   * by (the caller then counts in SQL). */
  async peopleByRid(db: Kysely<Database>): Promise<Int32Array | null> {
    if (this.people) return this.people;
    const size = await arraySize(db);
    if (size === null) return null;
    const people = new Int32Array(size);
    const rows = (await sql<{ rid: number; n: number }>`SELECT f.rid AS rid, count(*) AS n FROM firms f
      CROSS JOIN people p ON p.firm_id = f.id AND p.deleted_at IS NULL GROUP BY f.rid`.execute(db)).rows;
    for (const r of rows) if (r.rid < size) people[r.rid] = r.n;
    this.people = people;
    return people;
  }

  /** A topic's live people subscriptions per firm rid of the person (one live row per person
   * and topic: a person is counted once, subscribed or opted out). */
  async topic(db: Kysely<Database>, topicId: string): Promise<TopicCounts | null> {
    const cached = this.topics.get(topicId);
    if (cached) return cached;
    const size = await arraySize(db);
    if (size === null) return null;
    const counts = { subscribed: new Int32Array(size), optedOut: new Int32Array(size) };
    // From the topic's rows in subscriptions_topic, each to its person and the person's firm.
    const rows = (await sql<{ rid: number; out: number }>`SELECT f.rid AS rid, s.unsubscribed_at IS NOT NULL AS out
      FROM subscriptions s CROSS JOIN people p ON p.id = s.person_id AND p.deleted_at IS NULL
        CROSS JOIN firms f ON f.id = p.firm_id
      WHERE s.topic_id = ${topicId} AND s.person_id IS NOT NULL AND s.deleted_at IS NULL`.execute(db)).rows;
    for (const r of rows) if (r.rid < size) (r.out ? counts.optedOut : counts.subscribed)[r.rid]! += 1;
    this.topics.set(topicId, counts);
    return counts;
  }
}

/** One slot per rid up to the largest; rids are handed out as max + 1, so this is dense unless
 * something wrote odd rids — then not worth an array. */
async function arraySize(db: Kysely<Database>): Promise<number | null> {
  const r = (await sql<{ max: number | null; n: number }>`SELECT max(rid) AS max, count(*) AS n FROM firms`.execute(db)).rows[0]!;
  const size = (r.max ?? 0) + 1;
  return size <= 4 * r.n + 65_536 ? size : null;
}
