// A person's (or a lead's) standing per newsletter topic, from their subscription records: the
// latest record of each topic decides (a later subscribe after an opt-out counts, and the other
// way round); a topic with no record is simply not subscribed.
import type { Subscription, Topic } from '../../shared/types.ts';

export type SubscriptionState = 'subscribed' | 'opted_out' | 'none';

export interface TopicStanding {
  topic: Topic;
  state: SubscriptionState;
  /** The record the state comes from (null: never subscribed). */
  record: Subscription | null;
}

const lastEvent = (s: Subscription) => Math.max(s.subscribedAt, s.unsubscribedAt ?? 0);

export function stateOf(s: Subscription | null): SubscriptionState {
  if (!s) return 'none';
  return s.unsubscribedAt === null ? 'subscribed' : 'opted_out';
}

/** One row per topic, in the given (display) order. */
export function standings(topics: readonly Topic[], subs: readonly Subscription[]): TopicStanding[] {
  const latest = new Map<string, Subscription>();
  for (const s of subs) {
    const have = latest.get(s.topicId);
    if (!have || lastEvent(s) > lastEvent(have) || (lastEvent(s) === lastEvent(have) && s.unsubscribedAt === null)) latest.set(s.topicId, s);
  }
  return topics.map((topic) => {
    const record = latest.get(topic.id) ?? null;
    return { topic, state: stateOf(record), record };
  });
}

/** Topics sorted by name in the UI language. */
export function sortTopics<T extends { name: string }>(topics: readonly T[], locale: string): T[] {
  const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
  return [...topics].sort((a, b) => collator.compare(a.name, b.name));
}
