import { describe, expect, it } from 'vitest';
import type { Subscription, Topic } from '../../shared/types.ts';
import { sortTopics, standings } from './subscriptions.ts';

const topic = (id: string, name: string): Topic => ({ id, name, note: '', subscribers: 0 });
const sub = (topicId: string, subscribedAt: number, unsubscribedAt: number | null, source = ''): Subscription => ({
  id: `${topicId}-${subscribedAt}`, topicId, topicName: topicId, personId: 'p', firmId: null, subscribedAt, source, unsubscribedAt,
});

describe('subscription standings', () => {
  it('gives every topic its state from the latest record', () => {
    const topics = [topic('a', 'Ceník'), topic('b', 'Akce'), topic('c', 'Školení')];
    const out = standings(topics, [
      sub('a', 100, null, 'web'),
      sub('b', 100, null, 'veletrh'), sub('b', 200, 300),
      sub('c', 100, 150), sub('c', 400, null, 'znovu'),
    ]);
    expect(out.map((s) => [s.topic.id, s.state, s.record?.source ?? null])).toEqual([
      ['a', 'subscribed', 'web'], ['b', 'opted_out', ''], ['c', 'subscribed', 'znovu'],
    ]);
    expect(standings([topic('d', 'Nové')], [])[0]).toMatchObject({ state: 'none', record: null });
  });

  it('sorts topics by name in the UI language', () => {
    const list = [topic('1', 'Řemesla'), topic('2', 'Cesty'), topic('3', 'Chemie'), topic('4', 'Hrady')];
    expect(sortTopics(list, 'cs').map((x) => x.name)).toEqual(['Cesty', 'Hrady', 'Chemie', 'Řemesla']);
  });
});
