import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import { chromium, type Browser } from 'playwright-core';
import { createDb } from '@lp/db/client';
import { resetDatabase, testDatabaseUrl, testRedisUrl } from '@lp/db/testing/test-env';
import app from '../../services/api/src/app';
import { countPending, countPosts } from '../../services/ingest/src/testing/db-checks';
import { startTestIngest, stopTestIngest, waitFor } from '../../services/ingest/src/testing/harness';

const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export type DemoDashboard = { baseUrl: string; browser: Browser; close(): Promise<void> };

/**
 * The built dashboard served by the real API over a database fed by the real pipeline from the demo
 * source (72 hours of backlog, a fresh install's default), and Debian's Chromium to look at it.
 * The same world as dashboard.browser.test.ts.
 */
export async function startDemoDashboard(): Promise<DemoDashboard> {
  if (!existsSync(`${WEB_DIST}/index.html`))
    throw new Error(`no built dashboard at ${WEB_DIST}: run \`npm run build\` first (npm test does)`);
  const admin = createDb(testDatabaseUrl(), { max: 2 });
  try {
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
  } finally {
    await admin.close();
  }

  const server = Fastify({ logger: false });
  await server.register(app, { databaseUrl: testDatabaseUrl(), redisUrl: testRedisUrl(), webDist: WEB_DIST });
  const baseUrl = await server.listen({ host: '127.0.0.1', port: 0 });
  const browser = await chromium.launch({
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
  return {
    baseUrl,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}
