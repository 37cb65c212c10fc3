import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { zOverviewResponse } from '@lp/contracts/overview';
import { createDb } from '@lp/db/client';
import { seedPosts, type SeedPost } from '@lp/db/testing/seed';
import { resetDatabase, testDatabaseUrl } from '@lp/db/testing/test-env';
import { buildTestApp } from '../testing';

const db = createDb(testDatabaseUrl(), { max: 2 });
let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(async () => {
  await app.close();
  await db.close();
});

/** n posts of one class on a day, spread over its hours. */
function posts(day: string, label: SeedPost['label'], n: number, topics: string[], sourceId = 'seed'): SeedPost[] {
  return Array.from({ length: n }, (_, i) => ({
    externalId: `${day}-${label}-${topics.join('+')}-${sourceId}-${i}`,
    publishedAt: `${day}T${String(8 + (i % 10)).padStart(2, '0')}:00:00Z`,
    label,
    score: label === 'positive' ? 0.5 : label === 'negative' ? -0.5 : 0,
    topics,
    sourceId,
    lang: label === 'unscored' ? 'cy' : 'en',
  }));
}

beforeEach(async () => {
  await resetDatabase(db.db);
  await seedPosts(db.db, [
    // This week (13–19 Jan 2025): 50 positive, 30 neutral, 20 negative (staffing), 5 unscored.
    ...posts('2025-01-14', 'positive', 50, ['compassion']),
    ...posts('2025-01-15', 'neutral', 30, []),
    ...posts('2025-01-16', 'negative', 20, ['staffing'], 'other'),
    ...posts('2025-01-16', 'unscored', 5, []),
    // Last week: 20 positive, 20 neutral, 40 negative (of which staffing 10).
    ...posts('2025-01-07', 'positive', 20, ['compassion']),
    ...posts('2025-01-08', 'neutral', 20, ['staffing']),
    ...posts('2025-01-09', 'negative', 30, []),
    ...posts('2025-01-09', 'negative', 10, ['staffing']),
  ]);
});

describe('GET /api/v1/overview', () => {
  it('gives volume, the sentiment index with its interval and the change against the week before', async () => {
    const res = await app.inject('/api/v1/overview?from=2025-01-13&to=2025-01-20');
    expect(res.statusCode).toBe(200);
    const o = zOverviewResponse.parse(res.json());
    expect(o.previous).toEqual({ from: '2025-01-06', to: '2025-01-13' });
    expect(o.current).toMatchObject({ total: 105, positive: 50, neutral: 30, negative: 20, unscored: 5 });
    expect(o.current.index.value).toBeCloseTo(30, 9);
    expect(o.current.index.value! - o.current.index.low!).toBeCloseTo(15.308, 3);
    expect(o.before.index.value).toBeCloseTo(-25, 9);
    expect(o.indexChange).toBeCloseTo(55, 9);
    expect(o.volumeChange).toBeCloseTo((105 - 80) / 80, 9);

    const staffing = o.topics.find((t) => t.id === 'staffing')!;
    // This week all 20 staffing posts are negative; last week 10 of 30.
    expect(staffing).toMatchObject({ total: 20, negativeShare: 1 });
    expect(staffing.previousNegativeShare).toBeCloseTo(10 / 30, 9);
    expect(staffing.negativeShareChange).toBeCloseTo(100 * (1 - 10 / 30), 9);
    expect(o.sources.map((s) => [s.id, s.total])).toEqual([
      ['seed', 85],
      ['other', 20],
    ]);
  });

  it('says "not enough posts" under 30 scored posts and validates its input', async () => {
    const o = zOverviewResponse.parse(
      (await app.inject('/api/v1/overview?from=2025-01-16&to=2025-01-17&topic=staffing')).json(),
    );
    expect(o.current.index).toEqual({ value: null, low: null, high: null, scored: 20, enough: false });
    expect(o.indexChange).toBeNull();
    const bad = await app.inject('/api/v1/overview?from=2025-01-20&to=2025-01-13');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/must be after/);
  });
});
