import { describe, expect, it } from 'vitest';
import type { Event } from '@lp/contracts/events';
import { eventsByBucket } from './event-buckets';

const ev = (id: number, day: string): Event => ({
  id,
  day,
  title: `e${id}`,
  kind: 'other',
  url: null,
  origin: 'dashboard',
});

describe('eventsByBucket', () => {
  it('puts each event on its day', () => {
    const byBucket = eventsByBucket(['2025-01-06', '2025-01-07'], 'day', [
      ev(1, '2025-01-07'),
      ev(2, '2025-01-07'),
      ev(3, '2025-01-08'),
    ]);
    expect([...byBucket.entries()].map(([k, v]) => [k, v.map((e) => e.id)])).toEqual([['2025-01-07', [1, 2]]]);
  });

  it('puts an event in the Monday-start week that contains it', () => {
    const byBucket = eventsByBucket(['2025-01-06', '2025-01-13'], 'week', [
      ev(1, '2025-01-12'), // Sunday: still the week of the 6th
      ev(2, '2025-01-13'),
      ev(3, '2025-01-19'),
      ev(4, '2025-01-20'), // after the last week
      ev(5, '2025-01-05'), // before the first
    ]);
    expect(byBucket.get('2025-01-06')?.map((e) => e.id)).toEqual([1]);
    expect(byBucket.get('2025-01-13')?.map((e) => e.id)).toEqual([2, 3]);
    expect(byBucket.size).toBe(2);
  });

  it('handles no buckets', () => {
    expect(eventsByBucket([], 'day', [ev(1, '2025-01-01')]).size).toBe(0);
  });
});
