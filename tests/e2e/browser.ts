import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import { chromium, type Browser } from 'playwright-core';
import { testDatabaseUrl, testRedisUrl } from '@lp/db/testing/test-env';
import app, { type AppOptions } from '../../services/api/src/app';
import { startTestIngest, stopTestIngest, type TestIngestOptions } from '../../services/ingest/src/testing/harness';

const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, without the background traffic this machine's closed network refuses. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
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
}

export interface Dashboard {
  baseUrl: string;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * The built dashboard served by the real API on this test worker's database and Redis, and a
 * browser to look at it. `options` adds to the API's (a shared queue prefix, a secrets key…).
 */
export async function openDashboard(options: Partial<AppOptions> = {}): Promise<Dashboard> {
  if (!existsSync(`${WEB_DIST}/index.html`))
    throw new Error(`no built dashboard at ${WEB_DIST}: run \`npm run build\` first (npm test does)`);
  const server = Fastify({ logger: false });
  await server.register(app, {
    databaseUrl: testDatabaseUrl(),
    redisUrl: testRedisUrl(),
    webDist: WEB_DIST,
    // The cache as in production, but refreshed at each change: tests write and look at once.
    responseCacheCoalesceMs: 0,
    ...options,
  });
  const baseUrl = await server.listen({ host: '127.0.0.1', port: 0 });
  const browser = await launchChromium();
  return {
    baseUrl,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * The dashboard with a real ingest behind it on the same queues (the Sources view's "Test" and
 * file uploads are answered by ingest workers), and a key for dashboard sources' credentials.
 */
export async function openDashboardWithIngest(ingestOptions: TestIngestOptions): Promise<Dashboard> {
  const ingest = await startTestIngest(ingestOptions);
  try {
    const dashboard = await openDashboard({
      queuePrefix: ingest.prefix,
      secretsKey: Buffer.alloc(32, 3).toString('base64'),
    });
    return {
      ...dashboard,
      close: async () => {
        await dashboard.close();
        await stopTestIngest(ingest);
      },
    };
  } catch (err) {
    await stopTestIngest(ingest);
    throw err;
  }
}
