import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDb } from '@lp/db/client';
import { rollupsAgainstPosts } from '@lp/db/queries/rollup-checks';
import { seedPosts } from '@lp/db/testing/seed';
import { resetDatabase, testDatabaseUrl } from '@lp/db/testing/test-env';
import { buildTestApp, signInAs, TEST_ORIGIN, type TestUser } from '../testing';

const db = createDb(testDatabaseUrl(), { max: 2 });
let app: FastifyInstance;
let admin: TestUser;

beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(async () => {
  await app.close();
  await db.close();
});
beforeEach(async () => {
  await resetDatabase(db.db);
  // Two sources with 30 posts each; "news" was added in the dashboard, "seed" comes from the sources file.
  for (const sourceId of ['news', 'seed'])
    await seedPosts(
      db.db,
      Array.from({ length: 30 }, (_, i) => ({
        sourceId,
        externalId: `${sourceId}${i}`,
        publishedAt: new Date(Date.UTC(2025, 0, 6, 8) + i * 3_600_000).toISOString(),
        label: (['negative', 'neutral', 'positive'] as const)[i % 3]!,
        score: [-0.5, 0, 0.5][i % 3]!,
        topics: i % 2 ? ['staffing'] : ['pay'],
        aboutUs: i % 4 === 0,
      })),
    );
  await db.db.execute(sql`update sources set managed_by = 'dashboard' where id = 'news'`);
  admin = await signInAs(app, 'admin');
});

const del = (user: TestUser, url: string) =>
  app.inject({ method: 'DELETE', url, headers: { cookie: user.cookie, origin: TEST_ORIGIN } });
const count = async (query: ReturnType<typeof sql>) => Number((await db.db.execute<{ n: number }>(query)).rows[0]!.n);
const listed = async () =>
  (
    (await app.inject({ method: 'GET', url: '/api/v1/sources', headers: { cookie: admin.cookie } })).json() as {
      sources: Array<{ id: string }>;
    }
  ).sources.map((s) => s.id);

describe('DELETE /api/v1/sources/{id}?posts=keep|remove', () => {
  it('keep: the source is gone from every list and never polled; its posts stay in every figure', async () => {
    const before = await rollupsAgainstPosts(db.db);
    const res = await del(admin, '/api/v1/sources/news?posts=keep');
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expect(await listed()).toEqual(['seed']);
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/sources/news', headers: { cookie: admin.cookie } })).statusCode,
    ).toBe(404);
    expect(await count(sql`select count(*)::int as n from posts where source_id = 'news'`)).toBe(30);
    const after = await rollupsAgainstPosts(db.db);
    expect(after.stored).toEqual(before.stored);
    expect(after.stored).toEqual(after.recomputed);
    expect(
      await count(
        sql`select count(*)::int as n from sources where id = 'news' and enabled = false and deleted_at is not null`,
      ),
    ).toBe(1);
    // The id is not reused.
    const again = await app.inject({
      method: 'POST',
      url: '/api/v1/sources',
      headers: { cookie: admin.cookie, origin: TEST_ORIGIN },
      payload: { id: 'news', type: 'demo', every: '1h', config: {} },
    });
    expect(again.statusCode).toBe(409);
    const audit = await db.db.execute<{ detail: unknown }>(
      sql`select detail from audit_log where action = 'source.deleted' and actor_email = ${admin.email}`,
    );
    expect(audit.rows).toEqual([{ detail: { posts: 'keep', removed: 0 } }]);
  });

  it('remove: its posts go, every rollup is corrected exactly, and the other source is untouched', async () => {
    const seedBefore = await count(
      sql`select coalesce(sum(post_count), 0)::int as n from sentiment_rollups_daily where source_id = 'seed' and topic_id = '*'`,
    );
    expect((await del(admin, '/api/v1/sources/news?posts=remove')).statusCode).toBe(204);
    expect(await count(sql`select count(*)::int as n from posts where source_id = 'news'`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from raw_items where source_id = 'news'`)).toBe(0);
    expect(
      await count(
        sql`select coalesce(sum(post_count), 0)::int as n from sentiment_rollups_hourly where source_id = 'news'`,
      ),
    ).toBe(0);
    expect(
      await count(
        sql`select coalesce(sum(post_count), 0)::int as n from sentiment_rollups_daily where source_id = 'seed' and topic_id = '*'`,
      ),
    ).toBe(seedBefore);
    const { stored, recomputed } = await rollupsAgainstPosts(db.db);
    expect(stored).toEqual(recomputed);
    // Asking again is safe (a removal that stopped half-way would finish).
    expect((await del(admin, '/api/v1/sources/news?posts=remove')).statusCode).toBe(204);
  });

  it('refuses other roles, unknown sources, a missing choice, and sources from the sources file', async () => {
    const analyst = await signInAs(app, 'analyst');
    expect((await del(analyst, '/api/v1/sources/news?posts=keep')).statusCode).toBe(403);
    expect((await del(admin, '/api/v1/sources/nope?posts=keep')).statusCode).toBe(404);
    expect((await del(admin, '/api/v1/sources/news')).statusCode).toBe(400);
    expect((await del(admin, '/api/v1/sources/news?posts=all')).statusCode).toBe(400);
    const file = await del(admin, '/api/v1/sources/seed?posts=remove');
    expect(file.statusCode).toBe(409);
    expect(file.json().error.message).toContain('comes from the sources file');
    expect(await count(sql`select count(*)::int as n from posts`)).toBe(60);
  });
});
