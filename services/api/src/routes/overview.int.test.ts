import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { zOverviewResponse } from '@lp/contracts/overview';
import { createDb } from '@lp/db/client';
import { recordGap } from '@lp/db/queries/coverage';
import { seedCoverage, seedPosts, type SeedPost } from '@lp/db/testing/seed';
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
  // Both sources ran throughout both weeks.
  await seedCoverage(db.db, { sources: ['seed', 'other'], from: '2025-01-06', to: '2025-01-20' });
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
    expect(o.comparison).toEqual({ comparable: true, reason: null, partial: false });
    expect(o.indexChange).toBeCloseTo(55, 9);
    // The intervals (30 ± 15, −25 ± 17) do not overlap: a clear rise.
    expect(o.indexDirection).toBe('up');
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

  it('compares only when every source covered both periods, and says why not', async () => {
    const get = async (query: string) =>
      zOverviewResponse.parse((await app.inject(`/api/v1/overview?${query}`)).json());

    // A source down for two days of the previous week.
    await db.db.execute(
      sql`delete from source_coverage where source_id = 'other' and hour >= '2025-01-08T00:00:00Z' and hour < '2025-01-10T00:00:00Z'`,
    );
    const down = await get('from=2025-01-13&to=2025-01-20');
    expect(down.comparison).toEqual({
      comparable: false,
      partial: false,
      reason: 'The previous 7 days have 5 whole days of data from other, so the change is not shown.',
    });
    expect(down.coverage.find((c) => c.id === 'other')).toMatchObject({
      days: 7,
      daysCovered: 7,
      previousDays: 7,
      previousDaysCovered: 5,
    });
    expect(down).toMatchObject({ volumeChange: null, indexChange: null, indexDirection: null });
    expect(down.voices.every((v) => v.indexChange === null && v.indexDirection === null)).toBe(true);
    expect(down.topics.every((t) => t.negativeShareChange === null)).toBe(true);
    // The figures themselves are still there.
    expect(down.current.total).toBe(105);
    // Filtered to the source that ran throughout, the comparison holds.
    expect((await get('from=2025-01-13&to=2025-01-20&source=seed')).comparison.comparable).toBe(true);
  });

  it('names a span a source knows it missed (a stream back after an outage beyond its replay)', async () => {
    await db.db.transaction((tx) =>
      recordGap(tx, 'other', {
        from: new Date('2025-01-08T09:20:00Z'),
        to: new Date('2025-01-08T14:30:00Z'),
        reason:
          'the stream was away 5.2 h, longer than the 2 h the instance replays: posts between … were not collected',
      }),
    );
    const res = zOverviewResponse.parse((await app.inject('/api/v1/overview?from=2025-01-13&to=2025-01-20')).json());
    const other = res.coverage.find((c) => c.id === 'other')!;
    expect(other.missed).toEqual([
      {
        from: '2025-01-08T09:20:00.000Z',
        to: '2025-01-08T14:30:00.000Z',
        reason:
          'the stream was away 5.2 h, longer than the 2 h the instance replays: posts between … were not collected',
      },
    ]);
    // Its hours are uncovered, so that day is not whole and the weeks are not compared.
    expect(other.previousDaysCovered).toBe(6);
    expect(res.comparison.comparable).toBe(false);
    expect(res.coverage.find((c) => c.id === 'seed')!.missed).toEqual([]);
    // A period that does not reach it does not name it.
    const later = zOverviewResponse.parse((await app.inject('/api/v1/overview?from=2025-01-20&to=2025-01-21')).json());
    expect(later.coverage.every((c) => c.missed.length === 0)).toBe(true);
  });

  it('a source added mid-period, or a fresh install with part of a history, is not compared', async () => {
    await seedPosts(db.db, posts('2025-01-17', 'negative', 12, [], 'newcomer'));
    await seedCoverage(db.db, { sources: ['newcomer'], from: '2025-01-16', to: '2025-01-20' });
    const o = zOverviewResponse.parse((await app.inject('/api/v1/overview?from=2025-01-13&to=2025-01-20')).json());
    expect(o.comparison.comparable).toBe(false);
    expect(o.comparison.reason).toBe(
      'The previous 7 days have no data from newcomer, and this period has 4 of 7 whole days of data from newcomer, so the change is not shown.',
    );
    expect(o.volumeChange).toBeNull();

    // A fresh install: one source whose generated history starts halfway through the previous week.
    await resetDatabase(db.db);
    await seedPosts(db.db, [...posts('2025-01-10', 'positive', 40, []), ...posts('2025-01-15', 'negative', 40, [])]);
    await seedCoverage(db.db, { sources: ['seed'], from: '2025-01-10', to: '2025-01-20' });
    const fresh = zOverviewResponse.parse((await app.inject('/api/v1/overview?from=2025-01-13&to=2025-01-20')).json());
    expect(fresh.comparison.reason).toBe(
      'The previous 7 days have 3 whole days of data from seed, so the change is not shown.',
    );
    expect(fresh.voices.map((v) => v.indexChange)).toEqual([null, null, null]);
  });

  it('marks a period that includes today partial, and never compares it', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
    const day = (offset: number) =>
      new Date(Date.parse(`${today}T12:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
    await seedCoverage(db.db, { sources: ['seed'], from: day(-14), to: day(1) });
    const o = zOverviewResponse.parse((await app.inject(`/api/v1/overview?from=${day(-6)}&to=${day(1)}`)).json());
    expect(o.comparison).toMatchObject({ comparable: false, partial: true });
    expect(o.comparison.reason).toMatch(/includes today, which is not over yet/);
    const todayOnly = zOverviewResponse.parse(
      (await app.inject(`/api/v1/overview?from=${day(0)}&to=${day(1)}`)).json(),
    );
    expect(todayOnly.comparison.reason).toBe('Today is not over yet, so it is not compared with earlier days.');
    expect(todayOnly.volumeChange).toBeNull();
    // The week that ended yesterday is whole.
    const week = zOverviewResponse.parse((await app.inject(`/api/v1/overview?from=${day(-7)}&to=${day(0)}`)).json());
    expect(week.comparison).toEqual({ comparable: true, reason: null, partial: false });
  });

  it('says "no clear change" when the two intervals overlap', async () => {
    await resetDatabase(db.db);
    await seedPosts(db.db, [
      ...posts('2025-01-14', 'positive', 30, []),
      ...posts('2025-01-14', 'negative', 20, []),
      ...posts('2025-01-07', 'positive', 25, []),
      ...posts('2025-01-07', 'negative', 25, []),
    ]);
    await seedCoverage(db.db, { sources: ['seed'], from: '2025-01-06', to: '2025-01-20' });
    const o = zOverviewResponse.parse((await app.inject('/api/v1/overview?from=2025-01-13&to=2025-01-20')).json());
    expect(o.comparison.comparable).toBe(true);
    expect(o.indexChange).toBeCloseTo(20, 9);
    expect(o.indexDirection).toBe('no_clear_change');
  });

  it('shows no index for a view of one sentiment, and one block per topic for several topics', async () => {
    const neg = zOverviewResponse.parse(
      (await app.inject('/api/v1/overview?from=2025-01-13&to=2025-01-20&sentiment=negative')).json(),
    );
    expect(neg.current.index.value).toBeNull();
    expect(neg.indexNote).toMatch(/not shown while only negative posts are chosen/);
    expect(neg.indexChange).toBeNull();
    expect(neg.current.total).toBe(20);

    const both = zOverviewResponse.parse(
      (await app.inject('/api/v1/overview?from=2025-01-13&to=2025-01-20&topic=staffing,compassion')).json(),
    );
    expect(both.perTopic?.map((t) => [t.topic, t.current.total, t.before.total])).toEqual([
      ['staffing', 20, 30],
      ['compassion', 50, 20],
    ]);
    expect(both.perTopic?.[0]?.volumeChange).toBeCloseTo((20 - 30) / 30, 9);
    // The other figures are every post's, not the union of the two topics.
    expect(both.current.total).toBe(105);
    const one = zOverviewResponse.parse(
      (await app.inject('/api/v1/overview?from=2025-01-13&to=2025-01-20&topic=staffing')).json(),
    );
    expect(one.perTopic).toBeUndefined();
    expect(one.current.total).toBe(20);
  });
});
