import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedPosts } from '@lp/db/testing/seed';
import { resetDatabase } from '@lp/db/testing/test-env';
import { buildTestApp, injectAs, signInAs, type TestUser } from '../testing';

describe('movers by role', () => {
  let app: FastifyInstance;
  let viewer: TestUser;
  let analyst: TestUser;
  beforeAll(async () => {
    // The cache on: a viewer's answer must not be served to an analyst, nor the reverse.
    app = await buildTestApp({ as: null, responseCache: true });
    await resetDatabase(app.db);
    await seedPosts(
      app.db,
      Array.from({ length: 3 }, (_, i) => ({
        externalId: `mover-${i}`,
        publishedAt: `2025-02-0${i + 1}T09:00:00Z`,
        label: 'negative' as const,
        score: -0.8,
        topics: ['staffing'],
        sourceId: 'seed',
        lang: 'en',
        url: `https://social.example/@someone/${i}`,
      })),
    );
    viewer = await signInAs(app, 'viewer');
    analyst = await signInAs(app, 'analyst');
  });
  afterAll(async () => app?.close());

  const movers = (u: TestUser) =>
    injectAs(app, u, { method: 'GET', url: '/api/v1/movers?from=2025-02-01&to=2025-02-08' });

  it('gives viewers the text and figures without links to the originals, and analysts the links', async () => {
    for (let round = 0; round < 2; round++) {
      const v = await movers(viewer);
      expect(v.statusCode).toBe(200);
      expect(v.json().posts).toHaveLength(3);
      expect(v.json().posts.every((p: { url: string | null; text: string }) => p.url === null && p.text)).toBe(true);
      const a = await movers(analyst);
      expect(a.json().posts.map((p: { url: string }) => p.url)).toEqual(
        expect.arrayContaining(['https://social.example/@someone/0']),
      );
    }
  });
});
