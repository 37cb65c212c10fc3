import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PostDraft } from '@lp/contracts/post';
import { zSourceDetail, zSourceHealthResponse, zSourceTestResult } from '@lp/contracts/sources';
import { createDb } from '@lp/db/client';
import { storePage } from '@lp/db/queries/raw-items';
import { acquireSourceLease, getSource, stopSource, syncFileSources } from '@lp/db/queries/sources';
import { seedPosts } from '@lp/db/testing/seed';
import { resetDatabase, testDatabaseUrl } from '@lp/db/testing/test-env';
import { enqueuePollNow } from '@lp/queue/enqueue';
import { countPending, count } from '../../../ingest/src/testing/db-checks';
import { startTestIngest, stopTestIngest, waitFor } from '../../../ingest/src/testing/harness';
import { sql } from 'drizzle-orm';
import { buildTestApp } from '../testing';

const SECRETS_KEY = Buffer.alloc(32, 7).toString('base64');
const TOKEN = 'clear-bearer-token-do-not-leak-123';

const db = createDb(testDatabaseUrl(), { max: 2 });
const countRawItems = () => count(db.db, sql`select count(*)::int as n from raw_items`);

const fileSource = (id: string, config: Record<string, unknown> = {}) => ({
  id,
  type: 'demo',
  config,
  enabled: true,
  synthetic: true,
  pollEverySeconds: 3600,
});

let app: FastifyInstance;
const call = async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, on = () => app) => {
  const res = await on().inject({ method, url, payload: payload as object | undefined });
  return { status: res.statusCode, body: res.json(), raw: res.body };
};

beforeAll(async () => {
  app = await buildTestApp({ secretsKey: SECRETS_KEY });
});
afterAll(async () => {
  await app.close();
  await db.close();
});
beforeEach(async () => {
  await resetDatabase(db.db);
});

describe('POST /api/v1/sources', () => {
  it('adds a dashboard source without credentials', async () => {
    const res = await call('POST', '/api/v1/sources', {
      id: 'trust-mastodon',
      type: 'mastodon',
      every: '10m',
      config: { instance: 'https://mastodon.example', hashtags: ['NHS'] },
    });
    expect(res.status).toBe(201);
    expect(zSourceDetail.parse(res.body)).toMatchObject({
      id: 'trust-mastodon',
      managedBy: 'dashboard',
      enabled: true,
      synthetic: false,
      every: '10m',
      state: 'new',
      secretFields: [],
      config: { instance: 'https://mastodon.example', hashtags: ['NHS'] },
    });
    expect((await getSource(db.db, 'trust-mastodon'))?.pollEverySeconds).toBe(600);
    expect((await call('GET', '/api/v1/sources/trust-mastodon')).body).toEqual(res.body);
  });

  it('encrypts credentials at rest and never returns them', async () => {
    const res = await call('POST', '/api/v1/sources', {
      id: 'x-trust',
      type: 'x',
      config: { query: 'NHS', monthlyReadBudget: 1000 },
      secrets: { bearerToken: TOKEN },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ secretFields: ['bearerToken'], every: '5m' });
    expect(res.raw).not.toContain(TOKEN);
    const row = await getSource(db.db, 'x-trust');
    expect(row?.secrets).toMatch(/^v1\./);
    expect(row?.secrets).not.toContain(TOKEN);
    expect(JSON.stringify(row?.config)).not.toContain(TOKEN);
    const got = await call('GET', '/api/v1/sources/x-trust');
    expect(got.status).toBe(200);
    expect(got.raw).not.toContain(TOKEN);
    expect(got.body.secretFields).toEqual(['bearerToken']);
  });

  it('answers 409 when the id is taken, by a dashboard or a file source', async () => {
    await syncFileSources(db.db, [fileSource('demo')]);
    const body = { id: 'demo', type: 'rss', config: { url: 'https://example.org/feed.xml' } };
    const res = await call('POST', '/api/v1/sources', body);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'conflict', message: expect.stringContaining('"demo"') });
    expect((await call('POST', '/api/v1/sources', { ...body, id: 'feed' })).status).toBe(201);
    expect((await call('POST', '/api/v1/sources', { ...body, id: 'feed' })).status).toBe(409);
  });

  it.each([
    [{ id: 'a', type: 'myspace' }, /unknown source type "myspace"/],
    [{ id: 'health', type: 'rss' }, /reserved/],
    [{ id: 'Bad Id', type: 'rss' }, /id/],
    [{ id: 'a', type: 'rss', every: 'often' }, /every/],
    [{ id: 'a', type: 'rss', secrets: { token: 'x' } }, /rss sources take no credentials/],
    [{ id: 'a', type: 'x', secrets: { password: 'x' } }, /password not a credential of x sources/],
    [{ id: 'a', type: 'x', config: { query: 'NHS' } }, /x sources need bearerToken/],
    [{ id: 'a', type: 'x', config: { bearerToken: 'x' }, secrets: { bearerToken: 'y' } }, /send it in "secrets"/],
  ])('answers 400 for %j', async (body, message) => {
    const res = await call('POST', '/api/v1/sources', body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
    expect(await count(db.db, sql`select count(*)::int as n from sources`)).toBe(0);
  });

  it('without SECRETS_KEY refuses credentials with a clear 503 but still adds sources that need none', async () => {
    const keyless = await buildTestApp();
    try {
      const res = await call(
        'POST',
        '/api/v1/sources',
        { id: 'x-trust', type: 'x', secrets: { bearerToken: TOKEN } },
        () => keyless,
      );
      expect(res.status).toBe(503);
      expect(res.body.error).toMatchObject({ code: 'secrets_key_missing' });
      expect(res.body.error.message).toMatch(/SECRETS_KEY is not set/);
      expect(await getSource(db.db, 'x-trust')).toBeUndefined();
      const ok = await call('POST', '/api/v1/sources', { id: 'feed', type: 'rss', config: {} }, () => keyless);
      expect(ok.status).toBe(201);
    } finally {
      await keyless.close();
    }
  });
});

describe('GET and PATCH /api/v1/sources/:id', () => {
  it('shows a file source without its ${VAR} references and refuses to edit it', async () => {
    await syncFileSources(db.db, [
      { ...fileSource('x-file'), type: 'x', config: { query: 'NHS', $secrets: { bearerToken: '${X_TOKEN}' } } },
    ]);
    const got = await call('GET', '/api/v1/sources/x-file');
    expect(got.body).toMatchObject({ managedBy: 'file', config: { query: 'NHS' }, secretFields: ['bearerToken'] });
    expect(got.raw).not.toContain('X_TOKEN');
    const res = await call('PATCH', '/api/v1/sources/x-file', { every: '1m' });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/managed by the sources file \(SOURCES_FILE\); edit the file/);
    expect((await getSource(db.db, 'x-file'))?.pollEverySeconds).toBe(3600);
  });

  it('edits a dashboard source, keeping its cursor and merging credentials', async () => {
    await call('POST', '/api/v1/sources', {
      id: 'x-trust',
      type: 'x',
      config: { query: 'NHS' },
      secrets: { bearerToken: TOKEN },
    });
    const res = await call('PATCH', '/api/v1/sources/x-trust', {
      every: '2h',
      config: { query: 'NHS nurses' },
      enabled: false,
      secrets: { bearerToken: 'new-token-456' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ every: '2h', config: { query: 'NHS nurses' }, enabled: false, state: 'paused' });
    expect(res.raw).not.toContain('new-token-456');
    expect((await call('PATCH', '/api/v1/sources/x-trust', { secrets: { nope: 'x' } })).status).toBe(400);
    expect((await call('PATCH', '/api/v1/sources/missing', { every: '1m' })).status).toBe(404);
    expect((await call('GET', '/api/v1/sources/missing')).body.error.code).toBe('not_found');
  });
});

describe('pause and resume', () => {
  it("pauses and resumes a file source; resume clears a stopped source's error", async () => {
    await syncFileSources(db.db, [fileSource('demo')]);
    const paused = await call('POST', '/api/v1/sources/demo/pause');
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ enabled: false, state: 'paused' });
    const resumed = await call('POST', '/api/v1/sources/demo/resume');
    expect(resumed.body).toMatchObject({ enabled: true, state: 'new', lastError: null, notBefore: null });

    await stopSource(db.db, 'demo', 'credentials rejected (401)');
    expect((await getSource(db.db, 'demo'))?.state).toBe('stopped');
    const again = await call('POST', '/api/v1/sources/demo/resume');
    expect(again.body).toMatchObject({ enabled: true, state: 'new', lastError: null });
    expect((await call('POST', '/api/v1/sources/nope/pause')).status).toBe(404);
  });
});

describe('GET /api/v1/sources/health', () => {
  const draft = (id: string): PostDraft => ({
    platform: 'x',
    externalId: id,
    url: null,
    publishedAt: new Date().toISOString(),
    text: 'waiting to be tagged',
    lang: 'en',
    authorPseudonym: 'a_1',
    metrics: {},
    synthetic: false,
    version: '',
  });

  it('counts recent posts from the rollups, items waiting and the read budget left', async () => {
    const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
    await seedPosts(db.db, [
      { sourceId: 'seeded', externalId: 'now-1', publishedAt: ago(10), label: 'positive', score: 0.5 },
      { sourceId: 'seeded', externalId: 'now-2', publishedAt: ago(5), label: 'negative', score: -0.5, topics: ['pay'] },
      { sourceId: 'seeded', externalId: 'day-1', publishedAt: ago(180), label: 'neutral' },
      { sourceId: 'seeded', externalId: 'old-1', publishedAt: ago(30 * 60), label: 'neutral' },
    ]);
    await call('POST', '/api/v1/sources', {
      id: 'x-trust',
      type: 'x',
      config: { query: 'NHS', monthlyReadBudget: 1000 },
      secrets: { bearerToken: TOKEN },
    });
    // Through the poller's own store path: two items waiting for tagging and 30 reads charged.
    expect(await acquireSourceLease(db.db, 'x-trust', 'test', 60)).not.toBeNull();
    await storePage(db.db, {
      sourceId: 'x-trust',
      leaseOwner: 'test',
      items: [
        { externalId: 'p1', draft: draft('p1') },
        { externalId: 'p2', draft: draft('p2') },
      ],
      quarantined: [],
      nextCursor: { sinceId: 'p2' },
      reads: 30,
    });

    const res = await call('GET', '/api/v1/sources/health');
    expect(res.status).toBe(200);
    const { sources } = zSourceHealthResponse.parse(res.body);
    expect(sources.map((s) => s.id)).toEqual(['seeded', 'x-trust']);
    expect(sources[0]).toMatchObject({
      managedBy: 'file',
      postsLastHour: 2,
      postsLastDay: 3,
      itemsWaiting: 0,
      budgetLeft: null,
    });
    expect(sources[1]).toMatchObject({
      managedBy: 'dashboard',
      state: 'ok',
      lastError: null,
      postsLastHour: 0,
      itemsWaiting: 2,
      budgetLeft: 970,
    });
    expect(sources[1]!.lastSuccessAt).not.toBeNull();
    expect(sources[1]).toMatchObject({ summary: 'Collecting, but no posts in the last day.', tone: 'good' });

    // The poller stops a source whose token is refused; the table says so in words, with the fix.
    await stopSource(
      db.db,
      'x-trust',
      '401: the token was refused by api.x.com (Unauthorized) for /2/tweets/search/recent',
    );
    const stopped = zSourceHealthResponse.parse((await call('GET', '/api/v1/sources/health')).body).sources[1];
    expect(stopped).toMatchObject({
      state: 'stopped',
      summary: 'The platform refused the token or password.',
      nextAction: 'Token refused or expired: replace it in Edit, then Resume.',
      tone: 'bad',
    });
  });
});

describe('POST /api/v1/sources/:id/test', () => {
  it('answers 504 with a message when no ingest worker takes the job', async () => {
    await syncFileSources(db.db, [fileSource('demo')]);
    const impatient = await buildTestApp({ testSourceTimeoutMs: 500 });
    try {
      const res = await call('POST', '/api/v1/sources/demo/test', undefined, () => impatient);
      expect(res.status).toBe(504);
      expect(res.body.error).toMatchObject({ code: 'timeout', message: expect.stringMatching(/ingest/) });
      expect((await call('POST', '/api/v1/sources/none/test', undefined, () => impatient)).status).toBe(404);
    } finally {
      await impatient.close();
    }
  });

  it('fetches one page through the real ingest and stores nothing', async () => {
    const ingest = await startTestIngest({
      sources: [fileSource('demo', { backfillHours: 2, backfillPostsPerHour: 30, seed: 3 })],
      roles: ['poll'],
    });
    const withIngest = await buildTestApp({ queuePrefix: ingest.prefix, secretsKey: SECRETS_KEY });
    try {
      const before = await getSource(db.db, 'demo');
      const res = await call('POST', '/api/v1/sources/demo/test', undefined, () => withIngest);
      expect(res.status).toBe(200);
      const result = zSourceTestResult.parse(res.body);
      expect(result).toMatchObject({ ok: true, error: null, quarantined: [], deletions: 0 });
      expect(result.items).toHaveLength(20);
      for (const item of result.items) {
        expect(item.externalId).toMatch(/^demo\//);
        expect(item.text.length).toBeGreaterThan(0);
        expect(item.text.length).toBeLessThanOrEqual(280);
      }
      expect(await countRawItems()).toBe(0);
      const after = await getSource(db.db, 'demo');
      expect(after).toMatchObject({ cursor: before?.cursor ?? null, state: before?.state, lastSuccessAt: null });

      // After a real poll, a test still leaves the stored cursor and items alone.
      await enqueuePollNow(ingest.queues['poll-source'], 'demo', { key: 'test' });
      await waitFor(async () => (await countPending(db.db)) >= 60, 'the first page to be stored');
      const polled = await getSource(db.db, 'demo');
      const stored = await countRawItems();
      const again = zSourceTestResult.parse(
        (await call('POST', '/api/v1/sources/demo/test', undefined, () => withIngest)).body,
      );
      expect(again.ok).toBe(true);
      expect(await countRawItems()).toBe(stored);
      expect((await getSource(db.db, 'demo'))?.cursor).toEqual(polled?.cursor);
    } finally {
      await withIngest.close();
      await stopTestIngest(ingest);
    }
  });

  it('reports a source the connector cannot fetch as ok: false, not a failed request', async () => {
    const ingest = await startTestIngest({ sources: [], roles: ['poll'] });
    const withIngest = await buildTestApp({ queuePrefix: ingest.prefix, secretsKey: SECRETS_KEY });
    try {
      await call(
        'POST',
        '/api/v1/sources',
        { id: 'bad-demo', type: 'demo', enabled: false, config: { pageSize: -1 } },
        () => withIngest,
      );
      const res = await call('POST', '/api/v1/sources/bad-demo/test', undefined, () => withIngest);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ ok: false, items: [] });
      expect(res.body.error).toMatch(/pageSize/);
      // Disabled, so no scheduled poll can race the test; the test itself ignores `enabled`.
      expect((await getSource(db.db, 'bad-demo'))?.state).toBe('paused');
    } finally {
      await withIngest.close();
      await stopTestIngest(ingest);
    }
  });
});
