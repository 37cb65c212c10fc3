import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { zPostsResponse, zTopicsFigures, zTrendsFigures } from '@lp/contracts/api';
import { zMoversResponse, zOverviewFigures } from '@lp/contracts/overview';
import { createDb } from '@lp/db/client';
import { readRollups, recomputeRollups } from '@lp/db/queries/rollup-checks';
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

let n = 0;
const post = (over: Partial<SeedPost> & Pick<SeedPost, 'label'>): SeedPost => ({
  externalId: `f${n++}`,
  publishedAt: '2025-03-04T10:00:00Z',
  score: over.label === 'positive' ? 0.5 : over.label === 'negative' ? -0.5 : 0,
  ...over,
});

beforeEach(async () => {
  await resetDatabase(db.db);
  await seedPosts(db.db, [
    // Staff: 3 negative about staffing (one also about pay), 1 positive; one names the trust.
    post({ label: 'negative', voice: 'staff', topics: ['staffing', 'pay'], metrics: { likes: 9 }, aboutUs: true }),
    post({ label: 'negative', voice: 'staff', topics: ['staffing'], score: -0.9, metrics: {} }),
    post({ label: 'negative', voice: 'staff', topics: ['staffing'], sourceId: 'other', metrics: { reposts: 1 } }),
    post({ label: 'positive', voice: 'staff', topics: ['pay'] }),
    // Public: 2 positive, one in Welsh and unscored; an organisation account: 1 neutral.
    post({ label: 'positive', voice: 'public', topics: ['compassion'] }),
    post({ label: 'positive', voice: 'public', topics: [] }),
    post({ label: 'unscored', voice: 'public', lang: 'cy' }),
    post({ label: 'neutral', voice: 'org', topics: ['staffing'], publishedAt: '2025-03-05T23:30:00Z' }),
  ]);
});

const get = async <T>(url: string, schema: { parse: (v: unknown) => T }) => {
  const res = await app.inject(url);
  expect(res.statusCode, res.body).toBe(200);
  return schema.parse(res.json());
};
const range = 'from=2025-03-03&to=2025-03-10';

describe('filters on the rollup endpoints', () => {
  it('keeps the rollups exact with voices, languages and "about us"', async () => {
    expect(await readRollups(db.db)).toEqual(await recomputeRollups(db.db));
  });

  it('splits the overview by voice, never mixing staff with the public', async () => {
    const o = await get(`/api/v1/overview?${range}`, zOverviewFigures);
    expect(o.current.total).toBe(8);
    const byVoice = Object.fromEntries(o.voices.map((v) => [v.voice, v.current]));
    expect(byVoice.staff).toMatchObject({ total: 4, negative: 3, positive: 1 });
    expect(byVoice.public).toMatchObject({ total: 3, positive: 2, unscored: 1 });
    expect(byVoice.org).toMatchObject({ total: 1, neutral: 1 });
    expect(o.voices.map((v) => v.voice)).toEqual(['staff', 'org', 'public']);
    expect(o.languages).toEqual([
      { lang: 'en', total: 7 },
      { lang: 'cy', total: 1 },
    ]);
  });

  it('filters by voice, source, language, sentiment and "about us" (read from both rollup tables)', async () => {
    const total = async (q: string) => (await get(`/api/v1/overview?${range}&${q}`, zOverviewFigures)).current.total;
    expect(await total('voice=staff')).toBe(4);
    expect(await total('voice=public&lang=cy')).toBe(1);
    expect(await total('source=other')).toBe(1);
    expect(await total('aboutUs=true')).toBe(1);
    expect(await total('aboutUs=false&voice=staff')).toBe(3);
    expect(await total('sentiment=negative&topic=staffing')).toBe(3);
  });

  it('gives one trend series per chosen topic, so a post with two topics is in both and summed in neither', async () => {
    const t = await get(`/api/v1/trends?${range}&topic=staffing,pay&voice=staff`, zTrendsFigures);
    expect(t.series.map((s) => [s.topic, s.buckets.reduce((a, b) => a + b.total, 0)])).toEqual([
      ['staffing', 3],
      ['pay', 2],
    ]);
    // The org's post at 23:30 UTC on 5 March is on London's 5 March (GMT), so day buckets are London days.
    const all = await get(`/api/v1/trends?${range}&voice=org`, zTrendsFigures);
    expect(all.series).toEqual([]);
    expect(all.buckets.find((b) => b.total > 0)?.start).toBe('2025-03-05');
  });

  it('ranks topics within the filters', async () => {
    const t = await get(`/api/v1/topics?${range}&voice=staff`, zTopicsFigures);
    expect(t.topics.slice(0, 2).map((x) => [x.id, x.total])).toEqual([
      ['staffing', 3],
      ['pay', 2],
    ]);
  });

  it('lists posts with any chosen topic once each, and filters by voice and "about us"', async () => {
    const p = await get(`/api/v1/posts?${range}&topic=staffing,pay`, zPostsResponse);
    expect(p.posts).toHaveLength(5);
    expect(new Set(p.posts.map((x) => x.id)).size).toBe(5);
    const mine = await get(`/api/v1/posts?${range}&aboutUs=true`, zPostsResponse);
    expect(mine.posts.map((x) => [x.voice, x.aboutUs])).toEqual([['staff', true]]);
  });

  it('ranks the posts that moved the numbers by reach × negativity', async () => {
    const m = await get(`/api/v1/movers?${range}`, zMoversResponse);
    // 10 × 0.5 = 5, then 2 × 0.5 = 1, then 1 × 0.9 = 0.9; positive posts never appear.
    expect(m.posts.map((x) => x.impact)).toEqual([5, 1, expect.closeTo(0.9, 6)]);
    expect(m.posts.every((x) => x.sentiment.label === 'negative')).toBe(true);
    const other = await get(`/api/v1/movers?${range}&source=other`, zMoversResponse);
    expect(other.posts).toHaveLength(1);
  });

  it('rejects bad filter values with a message', async () => {
    for (const [q, word] of [
      ['voice=doctor', 'voice'],
      ['aboutUs=maybe', 'true or false'],
      ['lang=English', 'language code'],
      ['topic=a,b,c,d,e,f', 'at most 5'],
    ]) {
      const res = await app.inject(`/api/v1/trends?${range}&${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(res.body).toContain(word);
    }
  });
});
