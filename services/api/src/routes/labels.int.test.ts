import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { zLabelResponse } from '@lp/contracts/api';
import { zModelResponse, zRetagResponse, zRetrainResponse } from '@lp/contracts/model';
import { zOverviewResponse } from '@lp/contracts/overview';
import { createDb } from '@lp/db/client';
import { seedPosts } from '@lp/db/testing/seed';
import { resetDatabase, testDatabaseUrl } from '@lp/db/testing/test-env';
import { buildTestApp, signInAs, TEST_ORIGIN, type TestUser } from '../testing';
import { wilson } from './v1/model';

const db = createDb(testDatabaseUrl(), { max: 2 });
let app: FastifyInstance;
let analyst: TestUser;
let viewer: TestUser;

beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(async () => {
  await app.close();
  await db.close();
});
beforeEach(async () => {
  await resetDatabase(db.db);
  await seedPosts(db.db, [
    { externalId: 'a', publishedAt: '2025-01-06T09:00:00Z', label: 'negative', score: -0.6, topics: ['staffing'] },
    { externalId: 'b', publishedAt: '2025-01-06T10:00:00Z', label: 'positive', score: 0.8, topics: ['compassion'] },
    { externalId: 'c', publishedAt: '2025-01-06T11:00:00Z', label: 'neutral', score: 0, topics: [] },
  ]);
  analyst = await signInAs(app, 'analyst');
  viewer = await signInAs(app, 'viewer');
});

const idOf = async (externalId: string) =>
  String(
    (await db.db.execute<{ id: number }>(sql`select id from posts where external_id = ${externalId}`)).rows[0]!.id,
  );
const send = (user: TestUser, method: 'PUT' | 'DELETE', id: string, payload?: Record<string, unknown>) =>
  app.inject({
    method,
    url: `/api/v1/posts/${id}/label`,
    headers: { cookie: user.cookie, origin: TEST_ORIGIN },
    payload,
  });
const overview = async (user: TestUser) => {
  const res = await app.inject({
    method: 'GET',
    url: '/api/v1/overview?from=2025-01-06&to=2025-01-07',
    headers: { cookie: user.cookie },
  });
  expect(res.statusCode).toBe(200);
  return zOverviewResponse.parse(res.json());
};

describe('PUT/DELETE /api/v1/posts/:id/label', () => {
  it('lets an analyst correct a post; the figures everyone reads change at once; the audit says who', async () => {
    const before = await overview(viewer);
    const id = await idOf('a');
    const res = await send(analyst, 'PUT', id, { sentiment: 'positive', topics: ['compassion', 'pay'] });
    expect(res.statusCode).toBe(200);
    const { post } = zLabelResponse.parse(res.json());
    expect(post.sentiment.label).toBe('positive');
    expect(post.topics.map((t) => t.id)).toEqual(['compassion', 'pay']);
    expect(post.label?.model).toEqual({ sentiment: 'negative', topics: ['staffing'] });

    const after = await overview(viewer);
    expect(JSON.stringify(after)).not.toEqual(JSON.stringify(before));
    const audit = await db.db.execute<{ action: string; target: string; detail: Record<string, unknown> }>(
      sql`select action, target, detail from audit_log where action like 'post.%' and actor_email = ${analyst.email}`,
    );
    expect(audit.rows).toEqual([
      {
        action: 'post.labelled',
        target: id,
        detail: {
          sentiment: 'positive',
          topics: ['compassion', 'pay'],
          before: { sentiment: 'negative', topics: ['staffing'] },
          model: { sentiment: 'negative', topics: ['staffing'] },
        },
      },
    ]);

    // The post list shows the label too.
    const list = await app.inject({
      method: 'GET',
      url: '/api/v1/posts?from=2025-01-06&to=2025-01-07',
      headers: { cookie: analyst.cookie },
    });
    const labelled = (list.json() as { posts: Array<{ id: string; label?: unknown }> }).posts.find((p) => p.id === id);
    expect(labelled?.label).toMatchObject({ model: { sentiment: 'negative' } });

    // Taking it back restores the model's tags and the figures.
    const removed = await send(analyst, 'DELETE', id);
    expect(removed.statusCode).toBe(200);
    expect(zLabelResponse.parse(removed.json()).post).toMatchObject({ sentiment: { label: 'negative' }, label: null });
    expect(await overview(viewer)).toEqual(before);
  });

  it('refuses viewers, unknown topics, bad sentiments, unknown posts, and removing a label that is not there', async () => {
    const id = await idOf('b');
    expect((await send(viewer, 'PUT', id, { sentiment: 'negative', topics: [] })).statusCode).toBe(403);
    const unknown = await send(analyst, 'PUT', id, { sentiment: 'negative', topics: ['nonsense'] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toEqual({ error: { code: 'unknown_topic', message: expect.stringContaining('nonsense') } });
    expect((await send(analyst, 'PUT', id, { sentiment: 'unscored', topics: [] })).statusCode).toBe(400);
    expect((await send(analyst, 'PUT', id, {})).statusCode).toBe(400);
    expect((await send(analyst, 'PUT', 'abc', { sentiment: 'negative', topics: [] })).statusCode).toBe(400);
    expect((await send(analyst, 'PUT', '999999', { sentiment: 'negative', topics: [] })).statusCode).toBe(404);
    expect((await send(analyst, 'DELETE', id)).statusCode).toBe(404);
    // Nothing changed.
    const row = (
      await db.db.execute<{ label: string }>(sql`select label from post_sentiments where post_id = ${Number(id)}`)
    ).rows[0]!;
    expect(row.label).toBe('positive');
  });
});

describe('GET /api/v1/model', () => {
  it('measures the model on the team’s labels: confusion, per-class and per-topic rates with intervals', async () => {
    // The seed's model said: a negative/staffing, b positive/compassion, c neutral/no topic.
    await send(analyst, 'PUT', await idOf('a'), { sentiment: 'negative', topics: ['staffing'] }); // agrees
    await send(analyst, 'PUT', await idOf('b'), { sentiment: 'neutral', topics: ['compassion', 'pay'] }); // sentiment wrong, pay missed
    await send(analyst, 'PUT', await idOf('c'), { sentiment: 'neutral', topics: [] }); // agrees
    const res = await app.inject({ method: 'GET', url: '/api/v1/model', headers: { cookie: viewer.cookie } });
    expect(res.statusCode).toBe(200);
    const body = zModelResponse.parse(res.json());
    expect(body.current.version).toMatch(/^logreg-ngram-v2-.+\+rules-[0-9a-f]{8}$/);
    expect(body.current.trainedOn).toContain('SemEval');
    expect(body.tagged).toEqual([{ version: 'label', posts: 3 }]);
    expect(body.versions).toHaveLength(1);
    const v = body.versions[0]!;
    expect(v).toMatchObject({ version: 'seed', labels: 3, postsFrom: '2025-01-06', postsTo: '2025-01-06' });
    expect(v.sentiment.confusion).toEqual({
      truth: ['negative', 'neutral', 'positive'],
      predicted: ['negative', 'neutral', 'positive', 'unscored'],
      counts: [
        [1, 0, 0, 0],
        [0, 1, 1, 0],
        [0, 0, 0, 0],
      ],
    });
    expect(v.sentiment.accuracy).toMatchObject({ value: 0.667, n: 3 });
    // Neutral: 1 of 1 predicted right (precision), 1 of 2 labelled found (recall); positive was never labelled.
    expect(v.sentiment.perClass).toEqual([
      { class: 'negative', precision: wilson(1, 1), recall: wilson(1, 1) },
      { class: 'neutral', precision: wilson(1, 1), recall: wilson(1, 2) },
      { class: 'positive', precision: wilson(0, 1), recall: null },
    ]);
    expect(v.topics).toEqual([
      { id: 'compassion', name: 'Compassion & care quality', precision: wilson(1, 1), recall: wilson(1, 1) },
      { id: 'pay', name: 'Pay & industrial action', precision: null, recall: wilson(0, 1) },
      { id: 'staffing', name: 'Safe staffing & workforce', precision: wilson(1, 1), recall: wilson(1, 1) },
    ]);
  });

  it('gives 95% Wilson intervals', () => {
    expect(wilson(8, 10)).toEqual({ value: 0.8, low: 0.49, high: 0.943, n: 10 });
    expect(wilson(0, 0)).toBeNull();
    expect(wilson(0, 5)).toMatchObject({ value: 0, low: 0 });
  });
});

describe('/api/v1/model/retag', () => {
  it('lets an admin start one re-tagging run at a time, and everyone see its progress', async () => {
    const admin = await signInAs(app, 'admin');
    const post = (user: TestUser) =>
      app.inject({ method: 'POST', url: '/api/v1/model/retag', headers: { cookie: user.cookie, origin: TEST_ORIGIN } });
    expect((await post(analyst)).statusCode).toBe(403);
    const first = await post(admin);
    expect(first.statusCode).toBe(202);
    const run = zRetagResponse.parse(first.json()).run!;
    expect(run).toMatchObject({ state: 'queued', total: 3, done: 0 });
    expect(run.modelVersion).toMatch(/^logreg-ngram-v2-/);
    expect(zRetagResponse.parse((await post(admin)).json()).run!.id).toBe(run.id);
    const seen = await app.inject({ method: 'GET', url: '/api/v1/model/retag', headers: { cookie: viewer.cookie } });
    expect(zRetagResponse.parse(seen.json()).run!.id).toBe(run.id);
    const audit = await db.db.execute<{ action: string }>(
      sql`select action from audit_log where action = 'model.retag_started' and actor_email = ${admin.email}`,
    );
    expect(audit.rows).toHaveLength(1);
  });
});

describe('/api/v1/model/retrain and /api/v1/model/active', () => {
  const call = (user: TestUser, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) =>
    app.inject({ method, url, headers: { cookie: user.cookie, origin: TEST_ORIGIN }, payload });

  it('refuses a retraining with too few labels in words; queues one at a time for analysts; viewers watch', async () => {
    expect((await call(viewer, 'POST', '/api/v1/model/retrain')).statusCode).toBe(403);
    const few = await call(analyst, 'POST', '/api/v1/model/retrain');
    expect(few.statusCode).toBe(400);
    expect(few.json().error.message).toContain('your team has labelled 0. Label 30 more');
    expect(zRetrainResponse.parse((await call(viewer, 'GET', '/api/v1/model/retrain')).json())).toEqual({
      version: null,
    });

    await seedPosts(
      db.db,
      Array.from({ length: 30 }, (_, i) => ({
        externalId: `l${i}`,
        publishedAt: new Date(Date.UTC(2025, 0, 7) + i * 3_600_000).toISOString(),
        label: 'neutral' as const,
        text: `Labelled post ${i}`,
      })),
    );
    for (let i = 0; i < 30; i++) await send(analyst, 'PUT', await idOf(`l${i}`), { sentiment: 'negative', topics: [] });
    const queued = await call(analyst, 'POST', '/api/v1/model/retrain');
    expect(queued.statusCode).toBe(202);
    const version = zRetrainResponse.parse(queued.json()).version!;
    expect(version).toMatchObject({ state: 'queued', active: false, figures: null, progress: 0 });
    expect(zRetrainResponse.parse((await call(analyst, 'POST', '/api/v1/model/retrain')).json()).version!.id).toBe(
      version.id,
    );
    const watched = zRetrainResponse.parse((await call(viewer, 'GET', '/api/v1/model/retrain')).json());
    expect(watched.version!.id).toBe(version.id);
    const model = zModelResponse.parse((await call(viewer, 'GET', '/api/v1/model')).json());
    expect(model.trained.map((t) => t.id)).toEqual([version.id]);
    expect(model.current).toMatchObject({ versionId: null, version: model.current.shipped });
    const audit = await db.db.execute<{ n: number }>(
      sql`select count(*)::int as n from audit_log where action = 'model.retrain_requested' and actor_email = ${analyst.email}`,
    );
    expect(audit.rows[0]!.n).toBe(1);
  });

  it('rolls back to the shipped model in one call (a re-tagging run with it); 404 for a version that was not promoted', async () => {
    expect((await call(viewer, 'POST', '/api/v1/model/active', { versionId: null })).statusCode).toBe(403);
    expect((await call(analyst, 'POST', '/api/v1/model/active', { versionId: 77 })).statusCode).toBe(404);
    expect((await call(analyst, 'POST', '/api/v1/model/active', { versionId: 'x' })).statusCode).toBe(400);
    const res = await call(analyst, 'POST', '/api/v1/model/active', { versionId: null });
    expect(res.statusCode).toBe(202);
    const { run } = zRetagResponse.parse(res.json());
    const model = zModelResponse.parse((await call(viewer, 'GET', '/api/v1/model')).json());
    expect(run).toMatchObject({ modelVersion: model.current.shipped, state: 'queued', total: 3 });
    const audit = await db.db.execute<{ target: string }>(
      sql`select target from audit_log where action = 'model.activated' and actor_email = ${analyst.email}`,
    );
    expect(audit.rows).toEqual([{ target: model.current.shipped }]);
  });
});

describe('a second analyst reviews labels', () => {
  it('serves colleagues’ labels blind, records disagreements, and settles them when the label is set again', async () => {
    const second = await signInAs(app, 'analyst');
    const a = await idOf('a');
    await send(analyst, 'PUT', a, { sentiment: 'positive', topics: ['staffing'] });
    const get = async (user: TestUser, url: string) =>
      (await app.inject({ method: 'GET', url, headers: { cookie: user.cookie } })).json() as Record<string, unknown>;
    // The labeller has nothing to review (their own label); the colleague gets the text only.
    expect(await get(analyst, '/api/v1/labels/review-sample')).toMatchObject({ post: null, stats: { toReview: 0 } });
    const sample = await get(second, '/api/v1/labels/review-sample');
    expect(sample).toMatchObject({ post: { id: a }, stats: { toReview: 1, disagreements: 0 } });
    expect(Object.keys(sample.post as object).sort()).toEqual(['id', 'platform', 'publishedAt', 'synthetic', 'text']);

    const review = (user: TestUser, body: Record<string, unknown>) =>
      app.inject({
        method: 'POST',
        url: `/api/v1/posts/${a}/review`,
        headers: { cookie: user.cookie, origin: TEST_ORIGIN },
        payload: body,
      });
    expect((await review(analyst, { sentiment: 'positive', topics: ['staffing'] })).statusCode).toBe(409);
    const differs = await review(second, { sentiment: 'negative', topics: ['staffing'] });
    expect(differs.json()).toEqual({ agrees: false, label: { sentiment: 'positive', topics: ['staffing'] } });
    const listed = (await get(second, '/api/v1/labels/disagreements')) as {
      items: Array<{ post: { id: string }; review: { sentiment: string } }>;
    };
    expect(listed.items.map((i) => [i.post.id, i.review.sentiment])).toEqual([[a, 'negative']]);
    expect(await get(second, '/api/v1/labels/review-sample')).toMatchObject({
      post: null,
      stats: { toReview: 0, disagreements: 1 },
    });

    // Settled by setting the label (here to the reviewer's reading).
    await send(analyst, 'PUT', a, { sentiment: 'negative', topics: ['staffing'] });
    expect(await get(second, '/api/v1/labels/disagreements')).toEqual({ items: [] });
    // A review that agrees is settled at once.
    const b = await idOf('b');
    await send(analyst, 'PUT', b, { sentiment: 'positive', topics: ['compassion'] });
    const agrees = await app.inject({
      method: 'POST',
      url: `/api/v1/posts/${b}/review`,
      headers: { cookie: second.cookie, origin: TEST_ORIGIN },
      payload: { sentiment: 'positive', topics: ['compassion'] },
    });
    expect(agrees.json()).toMatchObject({ agrees: true });
    expect(await get(second, '/api/v1/labels/disagreements')).toEqual({ items: [] });
    // Reviewing a post nobody labelled: 404.
    const c = await idOf('c');
    const none = await app.inject({
      method: 'POST',
      url: `/api/v1/posts/${c}/review`,
      headers: { cookie: second.cookie, origin: TEST_ORIGIN },
      payload: { sentiment: 'neutral', topics: [] },
    });
    expect(none.statusCode).toBe(404);
  });
});
