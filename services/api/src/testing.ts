import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type InjectOptions } from 'fastify';
import type { Role } from '@lp/contracts/auth';
import { testDatabaseUrl, testRedisUrl } from '@lp/db/testing/test-env';
import { createUser } from '@lp/db/queries/users';
import app, { type AppOptions } from './app';
import { apiLoggerOptions, apiServerOptions } from './server-options';
import { hashPassword } from './lib/passwords';
import { SESSION_COOKIE } from './plugins/app/auth';

/** What `inject()` sends by default: its Host header is localhost:80, so this is the API's own origin. */
export const TEST_ORIGIN = 'http://localhost:80';

export interface TestUser {
  email: string;
  password: string;
  role: Role;
  /** `lp_session=…`, ready for a Cookie header. */
  cookie: string;
}

// One hash for every test user: argon2id is slow on purpose, and tests make many users.
let testHash: Promise<string> | null = null;
/** Rate limits no test reaches: tests send thousands of requests from one address and user. */
export const UNLIMITED_FOR_TESTS = {
  ipPerMinute: 1_000_000,
  anonymousPerMinute: 1_000_000,
  userPerMinute: 1_000_000,
  heavyPerMinute: 1_000_000,
};

export const TEST_PASSWORD = 'correct horse battery staple';

/** Adds a user (unique email unless given) and signs them in through the real login route. */
export async function signInAs(server: FastifyInstance, role: Role, email?: string): Promise<TestUser> {
  testHash ??= hashPassword(TEST_PASSWORD);
  const address = email ?? `${role}-${randomUUID().slice(0, 8)}@trust.test`;
  await createUser(server.db, { email: address, role, passwordHash: await testHash });
  const res = await server.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: address, password: TEST_PASSWORD },
  });
  if (res.statusCode !== 200) throw new Error(`test sign-in failed: ${res.statusCode} ${res.body}`);
  const set = res.cookies.find((c) => c.name === SESSION_COOKIE);
  if (!set) throw new Error('test sign-in set no session cookie');
  return { email: address, password: TEST_PASSWORD, role, cookie: `${SESSION_COOKIE}=${set.value}` };
}

/** `inject` as a signed-in browser on the dashboard would send it: the session cookie and our own Origin. */
export function injectAs(server: FastifyInstance, user: TestUser | null, opts: InjectOptions) {
  const headers = { ...(user ? { cookie: user.cookie, origin: TEST_ORIGIN } : {}), ...(opts.headers ?? {}) };
  return server.inject({ ...opts, headers });
}

/**
 * The API as tests use it: registered without listening, driven with `inject()`. By default
 * `inject` goes as a signed-in admin (`as`), so tests of what a route does need not sign in;
 * `as: null` leaves it anonymous, and `server.testUser` is whoever it signs in as.
 */
export async function buildTestApp(
  over: {
    redisUrl?: string;
    webDist?: string;
    /** Share an ingest harness's prefix to talk to its workers; by default a fresh one per app. */
    queuePrefix?: string;
    secretsKey?: string;
    testSourceTimeoutMs?: number;
    /** Off by default: most tests write and read back at once, faster than a change notice arrives. */
    responseCache?: boolean;
    responseCacheCoalesceMs?: number;
    auth?: AppOptions['auth'];
    oidc?: AppOptions['oidc'];
    /** Default: far above what any test sends; the limits themselves are tested with their own settings. */
    rateLimits?: AppOptions['rateLimits'];
    /** Default true: tests' sources point at fixture servers on 127.0.0.1. */
    allowPrivateSourceUrls?: boolean;
    /** Who `inject` goes as (default admin); null for nobody. */
    as?: Role | null;
    chromiumPath?: string;
    smtpUrl?: string;
    /** Off unless asked: most tests send by hand. */
    reportSchedule?: AppOptions['reportSchedule'];
    exports?: AppOptions['exports'];
    retentionDays?: number;
    /** Off unless asked: tests call `app.alerts.evaluate(now)` and `deliver()` by hand. */
    alerts?: AppOptions['alerts'];
    /** The production logger's options writing here (default: no log). */
    logger?: ReturnType<typeof apiLoggerOptions>;
  } = {},
): Promise<FastifyInstance & { testUser: TestUser | null }> {
  const server = Fastify({ ...apiServerOptions, logger: over.logger ?? false });
  await server.register(app, {
    databaseUrl: testDatabaseUrl(),
    redisUrl: over.redisUrl ?? testRedisUrl(),
    webDist: over.webDist ?? '/nonexistent',
    queuePrefix: over.queuePrefix ?? `lpt-api-${randomUUID().slice(0, 8)}`,
    secretsKey: over.secretsKey,
    testSourceTimeoutMs: over.testSourceTimeoutMs,
    responseCache: over.responseCache ?? false,
    responseCacheCoalesceMs: over.responseCacheCoalesceMs ?? 0,
    allowPrivateSourceUrls: over.allowPrivateSourceUrls ?? true,
    chromiumPath: over.chromiumPath,
    smtpUrl: over.smtpUrl,
    reportSchedule: { enabled: false, ...over.reportSchedule },
    exports: over.exports,
    // Tests sign in many users from one address; the limit itself is tested with its own setting.
    auth: { loginPerMinute: 10_000, ...over.auth },
    rateLimits: { ...UNLIMITED_FOR_TESTS, ...over.rateLimits },
    oidc: over.oidc,
    retentionDays: over.retentionDays,
    alerts: { enabled: false, publicUrl: 'http://listening-post.test', ...over.alerts },
  });
  await server.ready();
  const role = over.as === undefined ? 'admin' : over.as;
  const user = role ? await signInAs(server, role) : null;
  if (user) {
    const plain = server.inject.bind(server);
    // Only the options form is used by our tests; the chained form stays as Fastify has it.
    server.inject = ((opts?: InjectOptions | string) => {
      if (opts === undefined) return plain();
      const o: InjectOptions = typeof opts === 'string' ? { url: opts } : opts;
      return plain({ ...o, headers: { cookie: user.cookie, origin: TEST_ORIGIN, ...(o.headers ?? {}) } });
    }) as typeof server.inject;
  }
  const withUser = server as unknown as FastifyInstance & { testUser: TestUser | null };
  withUser.testUser = user;
  return withUser;
}
