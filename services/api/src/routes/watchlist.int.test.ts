import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { zWatchlistPreview, zWatchlistResponse } from '@lp/contracts/watchlist';
import { createDb } from '@lp/db/client';
import { seedWatchlist } from '@lp/db/queries/watchlist';
import { seedPosts } from '@lp/db/testing/seed';
import { resetDatabase, testDatabaseUrl } from '@lp/db/testing/test-env';
import { buildTestApp, signInAs, TEST_ORIGIN, type TestUser } from '../testing';

const db = createDb(testDatabaseUrl(), { max: 2 });
let app: FastifyInstance;
let admin: TestUser;
let analyst: TestUser;

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
    {
      externalId: 'a',
      publishedAt: '2025-01-06T09:00:00Z',
      label: 'negative',
      text: 'Long wait at the Royal Free again',
    },
    { externalId: 'b', publishedAt: '2025-01-06T10:00:00Z', label: 'positive', text: 'Ward 7 were brilliant' },
    { externalId: 'c', publishedAt: '2025-01-06T11:00:00Z', label: 'neutral', text: 'Nothing about us' },
  ]);
  admin = await signInAs(app, 'admin');
  analyst = await signInAs(app, 'analyst');
});

const call = (user: TestUser, method: 'GET' | 'PUT' | 'POST', url: string, payload?: unknown) =>
  app.inject({ method, url, headers: { cookie: user.cookie, origin: TEST_ORIGIN }, payload: payload as object });

describe('/api/v1/watchlist', () => {
  it('is for admins; the sources file seeds it once and the dashboard’s copy wins after that', async () => {
    expect((await call(analyst, 'GET', '/api/v1/watchlist')).statusCode).toBe(403);
    expect((await call(analyst, 'PUT', '/api/v1/watchlist', { names: [] })).statusCode).toBe(403);
    await seedWatchlist(db.db, {
      names: ['From The File'],
      sites: [],
      wards: [],
      services: [],
      hashtags: [],
      accounts: [],
    });
    const seeded = zWatchlistResponse.parse((await call(admin, 'GET', '/api/v1/watchlist')).json());
    expect(seeded).toMatchObject({ names: ['From The File'], recompute: null });

    const put = await call(admin, 'PUT', '/api/v1/watchlist', {
      names: [' Royal Free ', 'royal free', ''],
      sites: [],
      wards: ['Ward 7'],
      services: [],
      hashtags: ['#RoyalFreeNHS'],
      accounts: ['RoyalFreeNHS'],
    });
    expect(put.statusCode).toBe(200);
    const saved = zWatchlistResponse.parse(put.json());
    expect(saved).toMatchObject({
      names: ['Royal Free'],
      wards: ['Ward 7'],
      hashtags: ['RoyalFreeNHS'],
      accounts: ['@RoyalFreeNHS'],
      recompute: { state: 'queued', total: 3, done: 0 },
    });
    // A later start of ingest seeds nothing over it.
    await seedWatchlist(db.db, {
      names: ['From The File'],
      sites: [],
      wards: [],
      services: [],
      hashtags: [],
      accounts: [],
    });
    expect(zWatchlistResponse.parse((await call(admin, 'GET', '/api/v1/watchlist')).json()).names).toEqual([
      'Royal Free',
    ]);
    const audit = await db.db.execute<{ n: number }>(
      sql`select count(*)::int as n from audit_log where action = 'watchlist.changed' and actor_email = ${admin.email}`,
    );
    expect(audit.rows[0]!.n).toBe(1);
  });

  it('previews the recent posts a list would call "about us", storing nothing', async () => {
    const res = await call(admin, 'POST', '/api/v1/watchlist/preview', { names: ['Royal Free'], wards: ['Ward 7'] });
    expect(res.statusCode).toBe(200);
    const preview = zWatchlistPreview.parse(res.json());
    expect(preview).toMatchObject({ scanned: 3, matched: 2 });
    expect(preview.posts.map((p) => p.term).sort()).toEqual(['Royal Free', 'Ward 7']);
    expect(zWatchlistResponse.parse((await call(admin, 'GET', '/api/v1/watchlist')).json()).names).toEqual([]);
  });

  it('refuses a bad term with a 400 that names the field, and unknown fields', async () => {
    const bad = await call(admin, 'PUT', '/api/v1/watchlist', { hashtags: ['not a tag'] });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('hashtags');
    expect((await call(admin, 'PUT', '/api/v1/watchlist', { teams: ['x'] })).statusCode).toBe(400);
  });
});
