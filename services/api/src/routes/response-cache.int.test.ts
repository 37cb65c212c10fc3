import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { zOverviewResponse } from '@lp/contracts/overview';
import { createDb } from '@lp/db/client';
import { seedPosts, type SeedPost } from '@lp/db/testing/seed';
import { resetDatabase, testDatabaseUrl } from '@lp/db/testing/test-env';
import { sql } from 'drizzle-orm';
import { buildTestApp } from '../testing';

const db = createDb(testDatabaseUrl(), { max: 2 });
let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp({ responseCache: true });
  await until(() => app.responseCache.listening, 'the cache listens');
});
afterAll(async () => {
  await app.close();
  await db.close();
});

let n = 0;
const post = (label: SeedPost['label']): SeedPost => ({
  externalId: `c${n++}`,
  publishedAt: '2025-03-04T10:00:00Z',
  score: label === 'positive' ? 0.5 : label === 'negative' ? -0.5 : 0,
  label,
  topics: ['staffing'],
});
/** expect.poll only works inside a test; hooks wait with this. */
async function until(ok: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 25));
  if (!ok()) throw new Error(`timed out waiting until ${what}`);
}
const url = '/api/v1/overview?from=2025-03-03&to=2025-03-10';

/**
 * Waits until the API has heard of every change committed so far: a notice of our own arrives after
 * all earlier ones, but an earlier one may be what moves the version first, so wait for a quiet spell.
 */
async function settled(): Promise<void> {
  const v = app.responseCache.version;
  await db.db.execute(sql`select pg_notify('lp_data_changed', '')`);
  await until(() => app.responseCache.version > v, 'the notice arrives');
  for (let last = -1; last !== app.responseCache.version;) {
    last = app.responseCache.version;
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeEach(async () => {
  await resetDatabase(db.db);
  await seedPosts(db.db, [post('negative'), post('positive')]);
  await settled();
});

describe('dashboard answers cached until the data changes', () => {
  it('answers a repeat from the cache with the same body', async () => {
    const first = await app.inject(url);
    expect(first.statusCode).toBe(200);
    expect(first.headers['x-cache']).toBe('miss');
    const second = await app.inject(url);
    expect(second.headers['x-cache']).toBe('hit');
    expect(second.headers['content-type']).toMatch(/^application\/json/);
    expect(second.body).toBe(first.body);
    expect(zOverviewResponse.parse(second.json()).current.total).toBe(2);
  });

  it('recomputes once a committed write is announced, and not for a rolled-back one', async () => {
    // A write that rolls back announces nothing.
    const before = app.responseCache.version;
    const client = await db.pool.connect();
    try {
      await client.query('begin');
      await client.query('delete from post_topics');
      await client.query('rollback');
    } finally {
      client.release();
    }
    await settled();
    expect(app.responseCache.version).toBe(before + 1); // only settled()'s own notice
    expect((await app.inject(url)).headers['x-cache']).toBe('miss');
    expect((await app.inject(url)).headers['x-cache']).toBe('hit');

    const v = app.responseCache.version;
    await seedPosts(db.db, [post('negative')]);
    await expect.poll(() => app.responseCache.version).toBeGreaterThan(v);
    const fresh = await app.inject(url);
    expect(fresh.headers['x-cache']).toBe('miss');
    expect(zOverviewResponse.parse(fresh.json()).current.total).toBe(3);
  });

  it('skips the lookup for Cache-Control: no-cache and never stores an error', async () => {
    await app.inject(url);
    const forced = await app.inject({ url, headers: { 'cache-control': 'no-cache' } });
    expect(forced.headers['x-cache']).toBe('miss');
    const bad = '/api/v1/overview?from=2025-03-10&to=2025-03-03';
    expect((await app.inject(bad)).statusCode).toBe(400);
    const again = await app.inject(bad);
    expect(again.statusCode).toBe(400);
    expect(again.headers['x-cache']).toBe('miss');
  });

  it('leaves routes that are not dashboard reads alone', async () => {
    const res = await app.inject('/api/v1/events?from=2025-03-03&to=2025-03-10');
    expect(res.headers['x-cache']).toBeUndefined();
  });

  it('serves nothing cached while the notice connection is down, and listens again after', async () => {
    await app.inject(url);
    expect((await app.inject(url)).headers['x-cache']).toBe('hit');
    // As after a Postgres restart: the listening connection is cut.
    await db.db.execute(
      sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'lp-api-listen' and datname = current_database()`,
    );
    await expect.poll(() => app.responseCache.listening).toBe(false);
    const during = await app.inject(url);
    expect(during.statusCode).toBe(200);
    expect(during.headers['x-cache']).toBeUndefined();
    await expect.poll(() => app.responseCache.listening, { timeout: 10_000 }).toBe(true);
    expect((await app.inject(url)).headers['x-cache']).toBe('miss');
  });

  it('takes changes close together as one refresh, at the end of the window', async () => {
    const windowed = await buildTestApp({ responseCache: true, responseCacheCoalesceMs: 400 });
    const notify = () => db.db.execute(sql`select pg_notify('lp_data_changed', '')`);
    try {
      await expect.poll(() => windowed.responseCache.listening).toBe(true);
      // A quiet spell longer than the window, so the next change refreshes at once.
      for (let last = -1; last !== windowed.responseCache.version;) {
        last = windowed.responseCache.version;
        await new Promise((r) => setTimeout(r, 600));
      }
      const v = windowed.responseCache.version;
      await notify();
      await expect.poll(() => windowed.responseCache.version).toBe(v + 1);
      const first = Date.now();
      await notify();
      await notify();
      // The two later changes wait for the window's end, then refresh once together.
      await expect.poll(() => windowed.responseCache.version, { timeout: 5_000 }).toBe(v + 2);
      expect(Date.now() - first).toBeGreaterThanOrEqual(300);
      await new Promise((r) => setTimeout(r, 500));
      expect(windowed.responseCache.version).toBe(v + 2);
    } finally {
      await windowed.close();
    }
  });
});
