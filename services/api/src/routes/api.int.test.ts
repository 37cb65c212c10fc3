import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { zPostsResponse, zTopicsFigures, zTrendsFigures } from '@lp/contracts/api';
import { createDb } from '@lp/db/client';
import { seedPosts, type SeedPost } from '@lp/db/testing/seed';
import { resetDatabase, testDatabaseUrl } from '@lp/db/testing/test-env';
import { buildTestApp } from '../testing';

const db = createDb(testDatabaseUrl(), { max: 2 });
let app: FastifyInstance;

const SEED: SeedPost[] = [
  // Monday 6 Jan 2025 (GMT: London = UTC)
  {
    externalId: 'a',
    publishedAt: '2025-01-06T09:00:00Z',
    label: 'negative',
    score: -0.6,
    topics: ['staffing', 'wellbeing'],
  },
  { externalId: 'b', publishedAt: '2025-01-06T10:00:00Z', label: 'positive', score: 0.8, topics: ['compassion'] },
  { externalId: 'c', publishedAt: '2025-01-06T23:30:00Z', label: 'neutral', score: 0, topics: ['staffing'] },
  { externalId: 'd', publishedAt: '2025-01-07T08:00:00Z', label: 'unscored', lang: 'cy', topics: [] },
  // Sunday 12 Jan, still week of 6 Jan; Monday 13 Jan starts the next week.
  {
    externalId: 'e',
    publishedAt: '2025-01-12T12:00:00Z',
    label: 'negative',
    score: -0.2,
    topics: ['pay'],
    sourceId: 'other',
  },
  { externalId: 'f', publishedAt: '2025-01-13T00:10:00Z', label: 'positive', score: 0.4, topics: ['pay'] },
  // 30 June 23:30 UTC is 1 July 00:30 in London (BST).
  { externalId: 'g', publishedAt: '2025-06-30T23:30:00Z', label: 'negative', score: -0.5, topics: ['staffing'] },
];

beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(async () => {
  await app.close();
  await db.close();
});
beforeEach(async () => {
  await resetDatabase(db.db);
  await seedPosts(db.db, SEED);
});

const get = async (url: string) => {
  const res = await app.inject({ method: 'GET', url });
  return { status: res.statusCode, body: res.json() };
};

describe('GET /api/v1/trends', () => {
  it('counts each post once per London day, with every day of the range present', async () => {
    const { status, body } = await get('/api/v1/trends?from=2025-01-05&to=2025-01-09&bucket=day');
    expect(status).toBe(200);
    const { buckets } = zTrendsFigures.parse(body);
    expect(buckets.map((b) => b.start)).toEqual(['2025-01-05', '2025-01-06', '2025-01-07', '2025-01-08']);
    expect(buckets[1]).toEqual({
      start: '2025-01-06',
      total: 3,
      positive: 1,
      neutral: 1,
      negative: 1,
      unscored: 0,
      meanScore: expect.closeTo(0.2 / 3, 9),
    });
    expect(buckets[2]).toMatchObject({ total: 1, unscored: 1, meanScore: null });
    expect(buckets[0]).toMatchObject({ total: 0, meanScore: null });
    for (const b of buckets) expect(b.positive + b.neutral + b.negative + b.unscored).toBe(b.total);
  });

  it('groups Monday-start weeks and filters by topic and source', async () => {
    const weeks = zTrendsFigures.parse(
      (await get('/api/v1/trends?from=2025-01-06&to=2025-01-20&bucket=week')).body,
    ).buckets;
    expect(weeks.map((w) => [w.start, w.total])).toEqual([
      ['2025-01-06', 5],
      ['2025-01-13', 1],
    ]);

    const staffing = zTrendsFigures.parse(
      (await get('/api/v1/trends?from=2025-01-06&to=2025-01-07&topic=staffing')).body,
    ).buckets;
    expect(staffing[0]).toMatchObject({ total: 2, negative: 1, neutral: 1 });

    const other = zTrendsFigures.parse(
      (await get('/api/v1/trends?from=2025-01-06&to=2025-01-20&bucket=week&source=other')).body,
    ).buckets;
    expect(other.map((w) => w.total)).toEqual([1, 0]);
  });

  it('uses Europe/London days in summer time', async () => {
    const days = zTrendsFigures.parse((await get('/api/v1/trends?from=2025-06-30&to=2025-07-02')).body).buckets;
    expect(days.map((d) => [d.start, d.total])).toEqual([
      ['2025-06-30', 0],
      ['2025-07-01', 1],
    ]);
  });

  it('rejects bad input with 400 and a message', async () => {
    const cases: Array<[string, RegExp]> = [
      ['/api/v1/trends?from=2025-01-06', /to/],
      ['/api/v1/trends?from=06/01/2025&to=2025-01-07', /from: must be a date/],
      ['/api/v1/trends?from=2025-02-30&to=2025-03-07', /real calendar date/],
      ['/api/v1/trends?from=2025-01-07&to=2025-01-06', /must be after/],
      ['/api/v1/trends?from=2025-01-06&to=2025-01-07&bucket=month', /bucket/],
      ['/api/v1/trends?from=2020-01-01&to=2025-01-07', /at most/],
    ];
    for (const [url, message] of cases) {
      const { status, body } = await get(url);
      expect(status, url).toBe(400);
      expect(body.error.code).toBe('bad_request');
      expect(body.error.message, url).toMatch(message);
    }
  });
});

describe('GET /api/v1/topics', () => {
  it('lists taxonomy topics by volume with their sentiment', async () => {
    const { status, body } = await get('/api/v1/topics?from=2025-01-01&to=2025-02-01');
    expect(status).toBe(200);
    const { topics } = zTopicsFigures.parse(body);
    // Ties on volume are ordered by name.
    expect(topics.slice(0, 2).map((t) => t.total)).toEqual([2, 2]);
    expect(topics.find((t) => t.id === 'staffing')).toMatchObject({ total: 2, negative: 1, neutral: 1 });
    expect(topics.find((t) => t.id === 'staffing')!.name).not.toBe('staffing');
    expect(topics.find((t) => t.id === 'pay')).toMatchObject({
      total: 2,
      positive: 1,
      negative: 1,
      meanScore: expect.closeTo(0.1, 9),
    });
    // Quiet topics are listed with zero, so the dashboard can show them.
    expect(topics.find((t) => t.id === 'regulation')).toMatchObject({ total: 0, meanScore: null });
  });
});

describe('GET /api/v1/posts', () => {
  it('pages newest first with an opaque cursor and filters', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const { status, body } = await get(
        `/api/v1/posts?from=2025-01-01&to=2025-02-01&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(status).toBe(200);
      const page = zPostsResponse.parse(body);
      seen.push(...page.posts.map((p) => p.text!.split(' ')[2]!));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['f', 'e', 'd', 'c', 'b', 'a']);

    const neg = zPostsResponse.parse(
      (await get('/api/v1/posts?from=2025-01-01&to=2025-02-01&sentiment=negative&topic=staffing')).body,
    );
    expect(neg.posts.map((p) => p.sentiment.label)).toEqual(['negative']);
    expect(neg.posts[0]!.topics.map((t) => t.id).sort()).toEqual(['staffing', 'wellbeing']);
    expect(neg.posts[0]!.sentiment.evidence[0]).toMatchObject({ start: 0, end: 6 });

    const bad = await get('/api/v1/posts?from=2025-01-01&to=2025-02-01&cursor=not-a-cursor');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/cursor/);
    expect((await get('/api/v1/posts?from=2025-01-01&to=2025-02-01&limit=1000')).status).toBe(400);
  });
});

describe('health and docs', () => {
  it('answers 200 when Postgres and Redis answer', async () => {
    const { status, body } = await get('/api/health');
    expect(status).toBe(200);
    expect(body).toEqual({ status: 'ok', checks: { postgres: 'ok', redis: 'ok' } });
  });

  it('answers 503 naming Redis when it does not answer', async () => {
    const broken = await buildTestApp({ redisUrl: 'redis://127.0.0.1:1' });
    try {
      const res = await broken.inject({ method: 'GET', url: '/api/health' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ status: 'unavailable', checks: { postgres: 'ok', redis: 'down' } });
    } finally {
      await broken.close();
    }
  });

  it('serves the OpenAPI document and JSON 404s for unknown API paths', async () => {
    const doc = await get('/docs/json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/trends', '/api/v1/topics', '/api/v1/posts', '/api/health']),
    );
    const missing = await get('/api/v1/nothing');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
  });
});
