import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '@lp/db/client';
import { resetDatabase, testDatabaseUrl, testRedisUrl } from '@lp/db/testing/test-env';
import app from '../../services/api/src/app';
import { countPending, countPosts } from '../../services/ingest/src/testing/db-checks';
import { startTestIngest, stopTestIngest, waitFor } from '../../services/ingest/src/testing/harness';

const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The dashboard in Debian's Chromium against the real API, fed by the real pipeline from the
 * demo source (a fresh install's default).
 */
describe('dashboard in a browser', () => {
  const admin = createDb(testDatabaseUrl(), { max: 2 });
  let server: FastifyInstance;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    if (!existsSync(`${WEB_DIST}/index.html`))
      throw new Error(`no built dashboard at ${WEB_DIST}: run \`npm run build\` first (npm test does)`);
    await resetDatabase(admin.db);
    const ingest = await startTestIngest({
      sources: [
        {
          id: 'demo',
          type: 'demo',
          config: { backfillHours: 72, backfillPostsPerHour: 20, postsPerHour: 0.0001, seed: 11 },
          enabled: true,
          synthetic: true,
          pollEverySeconds: 3600,
        },
      ],
      roles: ['poll', 'nlp', 'sweep'],
    });
    try {
      await waitFor(
        async () => (await countPosts(admin.db)) >= 1_441 && (await countPending(admin.db)) === 0,
        'the demo backlog',
      );
    } finally {
      await stopTestIngest(ingest);
    }
    server = Fastify({ logger: false });
    await server.register(app, { databaseUrl: testDatabaseUrl(), redisUrl: testRedisUrl(), webDist: WEB_DIST });
    baseUrl = await server.listen({ host: '127.0.0.1', port: 0 });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await admin.close();
  });

  it('shows the trend chart, the topics and the stream of posts, marked synthetic', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(baseUrl);

    await page.locator('[data-testid="trend-chart"] svg.recharts-surface').first().waitFor();
    await page.locator('[data-testid="topic-chart"] svg.recharts-surface').first().waitFor();
    await page.locator('[data-testid="post-item"]').first().waitFor();
    expect(await page.locator('[data-testid="post-item"]').count()).toBeGreaterThan(5);
    await expect.poll(() => page.locator('[data-testid="synthetic-banner"]').isVisible()).toBe(true);
    // Bars are drawn for the days that have posts.
    expect(
      await page
        .locator('[data-testid="trend-chart"] .recharts-bar-rectangle, [data-testid="trend-chart"] .recharts-area')
        .count(),
    ).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('filters to one topic and keeps the filter in a shareable URL', async () => {
    const page = await browser.newPage();
    await page.goto(baseUrl);
    await page.locator('[data-testid="post-item"]').first().waitFor();
    await page.locator('[data-testid="filter-topic"]').selectOption('staffing');
    await expect.poll(() => new URL(page.url()).searchParams.get('topic')).toBe('staffing');

    // Every listed post now carries the staffing topic.
    await expect
      .poll(async () => {
        const items = await page.locator('[data-testid="post-item"]').allTextContents();
        return items.length > 0 && items.every((t) => /staffing/i.test(t));
      })
      .toBe(true);

    // Opening the shared link gives the same view.
    const shared = await browser.newPage();
    await shared.goto(page.url());
    await expect.poll(() => shared.locator('[data-testid="filter-topic"]').inputValue()).toBe('staffing');
    await shared.close();
    await page.close();
  });
});
