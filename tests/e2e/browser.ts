import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import type { Role } from '@lp/contracts/auth';
import { createUser } from '@lp/db/queries/users';
import { testDatabaseUrl, testRedisUrl } from '@lp/db/testing/test-env';
import { UNLIMITED_FOR_TESTS } from '../../services/api/src/testing';
import app, { type AppOptions } from '../../services/api/src/app';
import { hashPassword } from '../../services/api/src/lib/passwords';
import { apiServerOptions } from '../../services/api/src/server-options';
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
  /** Pages and contexts it opens are signed in as an admin unless given a storageState of their own. */
  browser: Browser;
  /** The same Chromium with no session: the sign-in page. */
  anonymousBrowser: Browser;
  /** Adds a user (unique email unless given) who can sign in with `password`. */
  addUser(role: Role, email?: string): Promise<{ email: string; password: string }>;
  /** A browser context signed in as a new user of this role (through the real sign-in route). */
  signedInContext(role: Role, options?: BrowserContextOptions): Promise<import('playwright-core').BrowserContext>;
  close(): Promise<void>;
}

export const BROWSER_TEST_PASSWORD = 'browser test passphrase';
let passwordHash: Promise<string> | null = null;

/** Signs in over HTTP as the dashboard does and returns the session as Playwright storage state. */
async function sessionState(
  baseUrl: string,
  email: string,
  password: string,
): Promise<BrowserContextOptions['storageState']> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in for the browser failed: ${res.status} ${await res.text()}`);
  const value = /lp_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
  if (!value) throw new Error('sign-in set no session cookie');
  const { hostname } = new URL(baseUrl);
  return {
    cookies: [
      {
        name: 'lp_session',
        value,
        domain: hostname,
        path: '/',
        expires: -1,
        httpOnly: true,
        secure: true,
        sameSite: 'Lax',
      },
    ],
    origins: [],
  };
}

/** `browser`, but every context it opens carries `state` unless the caller gives its own. */
function withSession(browser: Browser, state: BrowserContextOptions['storageState']): Browser {
  return new Proxy(browser, {
    get(target, prop) {
      if (prop === 'newContext')
        return (options: BrowserContextOptions = {}) => target.newContext({ storageState: state, ...options });
      if (prop === 'newPage')
        return async (options: BrowserContextOptions = {}) => {
          const context = await target.newContext({ storageState: state, ...options });
          const page = await context.newPage();
          page.on('close', () => void context.close().catch(() => undefined));
          return page;
        };
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * The built dashboard served by the real API on this test worker's database and Redis, and a
 * browser to look at it. `options` adds to the API's (a shared queue prefix, a secrets key…).
 */
export async function openDashboard(
  options: Partial<AppOptions> = {},
  listen: { port?: number } = {},
): Promise<Dashboard> {
  if (!existsSync(`${WEB_DIST}/index.html`))
    throw new Error(`no built dashboard at ${WEB_DIST}: run \`npm run build\` first (npm test does)`);
  const server = Fastify({ ...apiServerOptions, logger: false });
  await server.register(app, {
    databaseUrl: testDatabaseUrl(),
    redisUrl: testRedisUrl(),
    webDist: WEB_DIST,
    // The cache as in production, but refreshed at each change: tests write and look at once.
    responseCacheCoalesceMs: 0,
    auth: { loginPerMinute: 10_000 },
    rateLimits: UNLIMITED_FOR_TESTS,
    // The browser tests' sources are fixture servers on 127.0.0.1.
    allowPrivateSourceUrls: true,
    // Alerts are judged by hand where a test needs them (app.alerts.evaluate).
    alerts: { enabled: false },
    ...options,
  });
  const baseUrl = await server.listen({ host: '127.0.0.1', port: listen.port ?? 0 });
  const browser = await launchChromium();
  const addUser = async (role: Role, email?: string) => {
    passwordHash ??= hashPassword(BROWSER_TEST_PASSWORD);
    const address = email ?? `${role}-${Math.random().toString(36).slice(2, 8)}@trust.test`;
    const row = await createUser(server.db, { email: address, role, passwordHash: await passwordHash });
    if (!row) throw new Error(`user ${address} exists`);
    return { email: address, password: BROWSER_TEST_PASSWORD };
  };
  const admin = await addUser('admin');
  return {
    baseUrl,
    browser: withSession(browser, await sessionState(baseUrl, admin.email, admin.password)),
    anonymousBrowser: browser,
    addUser,
    signedInContext: async (role, options = {}) => {
      const user = await addUser(role);
      return browser.newContext({ ...options, storageState: await sessionState(baseUrl, user.email, user.password) });
    },
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
  const secretsKey = Buffer.alloc(32, 3).toString('base64');
  const ingest = await startTestIngest({ secretsKey, ...ingestOptions });
  try {
    const dashboard = await openDashboard({ queuePrefix: ingest.prefix, secretsKey });
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

/** Opens the dashboard's filters, folded into a one-line summary until someone opens them. */
export async function openFilters(page: Page): Promise<void> {
  const details = page.locator('[data-testid="filters-disclosure"]');
  await details.waitFor();
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open)))
    await details.locator(':scope > summary').click();
  await page.locator('[data-testid="filter-topic"]').waitFor();
}
