import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, roleAtLeast, type Role } from '@lp/contracts/auth';
import { testDatabaseUrl, testRedisUrl } from '@lp/db/testing/test-env';
import app from '../app';
import { ROUTE_ACCESS, accessFor } from '../plugins/app/route-access';
import { TEST_ORIGIN, UNLIMITED_FOR_TESTS, signInAs, type TestUser } from '../testing';

interface Route {
  method: string;
  url: string;
}

// Routes that end or replace the caller's own session are called with a session of their own.
const ENDS_SESSION = new Set([
  'POST /api/v1/auth/logout',
  'POST /api/v1/auth/logout-everywhere',
  'POST /api/v1/auth/password',
]);

describe('every route has a role, and it is enforced', () => {
  let server: FastifyInstance;
  const routes: Route[] = [];
  const users = {} as Record<Role, TestUser>;

  beforeAll(async () => {
    server = Fastify({ logger: false });
    // Fastify's own list of what was registered: nothing can be missed by reading source files.
    server.addHook('onRoute', (r) => {
      for (const method of Array.isArray(r.method) ? r.method : [r.method]) routes.push({ method, url: r.url });
    });
    await server.register(app, {
      databaseUrl: testDatabaseUrl(),
      redisUrl: testRedisUrl(),
      webDist: '/nonexistent',
      queuePrefix: `lpt-matrix-${Date.now()}`,
      responseCache: false,
      testSourceTimeoutMs: 1_000,
      rateLimits: UNLIMITED_FOR_TESTS,
    });
    await server.ready();
    for (const role of ROLES) users[role] = await signInAs(server, role);
  });
  afterAll(async () => server?.close());

  const apiRoutes = () => routes.filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD');
  const call = (r: Route, user: TestUser | null) =>
    server.inject({
      method: r.method as 'GET',
      url: r.url.replace(/:[a-zA-Z]+/g, '1'),
      headers: user ? { cookie: user.cookie, origin: TEST_ORIGIN } : {},
      ...(r.method === 'GET' || r.method === 'DELETE' ? {} : { payload: {} }),
    });

  it('has a rule for 100% of registered routes, and no rule for a route that does not exist', () => {
    expect(apiRoutes().length).toBeGreaterThanOrEqual(30);
    const missing = routes.filter((r) => accessFor(r.method, r.url) === undefined);
    expect(missing).toEqual([]);
    const registered = new Set(apiRoutes().map((r) => `${r.method} ${r.url}`));
    expect(Object.keys(ROUTE_ACCESS).filter((k) => !registered.has(k))).toEqual([]);
  });

  it('refuses to start when a route has no rule', async () => {
    const bare = Fastify({ logger: false });
    await bare.register(app, {
      databaseUrl: testDatabaseUrl(),
      redisUrl: testRedisUrl(),
      webDist: '/nonexistent',
      queuePrefix: `lpt-matrix-bare-${Date.now()}`,
      responseCache: false,
    });
    expect(() => bare.get('/api/v1/unruled', async () => ({ ok: true }))).toThrow(
      /no access rule for GET \/api\/v1\/unruled/,
    );
    await bare.close().catch(() => undefined);
  });

  it('answers 401 to anonymous callers, 403 to lower roles and neither to allowed roles', async () => {
    const failures: string[] = [];
    for (const r of apiRoutes()) {
      const access = accessFor(r.method, r.url)!;
      const key = `${r.method} ${r.url}`;
      const anon = await call(r, null);
      if (access === 'public') {
        if ([401, 403].includes(anon.statusCode)) failures.push(`${key} anonymous got ${anon.statusCode}`);
        continue;
      }
      if (anon.statusCode !== 401) failures.push(`${key} anonymous got ${anon.statusCode}, not 401`);
      else expect(anon.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
      for (const role of ROLES) {
        const user = ENDS_SESSION.has(key) && roleAtLeast(role, access) ? await signInAs(server, role) : users[role];
        const res = await call(r, user);
        const allowed = roleAtLeast(role, access);
        if (allowed && [401, 403].includes(res.statusCode)) failures.push(`${key} as ${role} got ${res.statusCode}`);
        if (!allowed && res.statusCode !== 403) failures.push(`${key} as ${role} got ${res.statusCode}, not 403`);
        if (res.statusCode >= 500) failures.push(`${key} as ${role} got ${res.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers 401, not 404, for an /api path that does not exist when signed out', async () => {
    const res = await server.inject({ method: 'GET', url: '/api/v1/no-such-thing' });
    expect(res.statusCode).toBe(401);
    const signedIn = await server.inject({
      method: 'GET',
      url: '/api/v1/no-such-thing',
      headers: { cookie: users.viewer.cookie },
    });
    expect(signedIn.statusCode).toBe(404);
  });
});
