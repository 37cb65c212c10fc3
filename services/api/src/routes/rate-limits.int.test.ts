import { describe, expect, it } from 'vitest';
import { buildTestApp, injectAs, signInAs, TEST_ORIGIN } from '../testing';

const limitedShape = { error: { code: 'rate_limited', message: expect.stringMatching(/try again in \d+ s/) } };

describe('rate limits on every route', () => {
  it('limits each signed-in user on their own: a colleague at the same address is not held up', async () => {
    const app = await buildTestApp({ as: null, rateLimits: { userPerMinute: 5 } });
    try {
      const analyst = await signInAs(app, 'analyst');
      const viewer = await signInAs(app, 'viewer');
      const overview = (u: typeof analyst) => injectAs(app, u, { method: 'GET', url: '/api/v1/sources' });
      for (let i = 0; i < 5; i++) expect((await overview(analyst)).statusCode).toBe(200);
      const limited = await overview(analyst);
      expect(limited.statusCode).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(limited.json()).toEqual(limitedShape);
      expect(limited.json().error.message).toMatch(/from your account/);
      // Other routes count against the same user budget.
      expect(
        (await injectAs(app, analyst, { method: 'GET', url: '/api/v1/events?from=2025-01-01&to=2025-02-01' }))
          .statusCode,
      ).toBe(429);
      expect((await overview(viewer)).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('refuses a user before reading the body: an invalid upload flood is limited too', async () => {
    const app = await buildTestApp({ as: null, rateLimits: { userPerMinute: 2 } });
    try {
      const admin = await signInAs(app, 'admin');
      const bad = () => injectAs(app, admin, { method: 'POST', url: '/api/v1/events', payload: { nonsense: true } });
      expect((await bad()).statusCode).toBe(400);
      expect((await bad()).statusCode).toBe(400);
      expect((await bad()).statusCode).toBe(429);
    } finally {
      await app.close();
    }
  });

  it('limits every request from one address before the session is looked up', async () => {
    const app = await buildTestApp({ as: null, rateLimits: { ipPerMinute: 4 } });
    try {
      const viewer = await signInAs(app, 'viewer');
      const from = (remoteAddress: string) =>
        app.inject({
          method: 'GET',
          url: '/api/v1/sources',
          remoteAddress,
          headers: { cookie: viewer.cookie, origin: TEST_ORIGIN },
        });
      for (let i = 0; i < 4; i++) expect((await from('198.51.100.7')).statusCode).toBe(200);
      const limited = await from('198.51.100.7');
      expect(limited.statusCode).toBe(429);
      expect(limited.json()).toEqual(limitedShape);
      expect(limited.json().error.message).toMatch(/from this address/);
      // Unknown paths and anonymous callers count too; another address does not.
      expect((await app.inject({ method: 'GET', url: '/api/nope', remoteAddress: '198.51.100.7' })).statusCode).toBe(
        429,
      );
      expect((await from('198.51.100.8')).statusCode).toBe(200);
      // The dashboard's own files are not API calls.
      expect((await app.inject({ method: 'GET', url: '/', remoteAddress: '198.51.100.7' })).statusCode).not.toBe(429);
    } finally {
      await app.close();
    }
  });

  it('limits callers without a session per address on the public routes', async () => {
    const app = await buildTestApp({ as: null, rateLimits: { anonymousPerMinute: 3 } });
    try {
      const health = () => app.inject({ method: 'GET', url: '/api/health', remoteAddress: '203.0.113.9' });
      for (let i = 0; i < 3; i++) expect((await health()).statusCode).not.toBe(429);
      const limited = await health();
      expect(limited.statusCode).toBe(429);
      expect(limited.json().error.message).toMatch(/without signing in/);
      const viewer = await signInAs(app, 'viewer');
      expect((await injectAs(app, viewer, { method: 'GET', url: '/api/v1/sources' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('holds uploads and source tests to a tighter limit of their own', async () => {
    const app = await buildTestApp({ as: null, rateLimits: { heavyPerMinute: 2 } });
    try {
      const admin = await signInAs(app, 'admin');
      const upload = () =>
        injectAs(app, admin, {
          method: 'POST',
          url: '/api/v1/events/import',
          headers: { 'content-type': 'text/csv' },
          payload: 'date,title,kind,url\n2025-03-01,Board meeting,other,\n',
        });
      expect((await upload()).statusCode).toBe(200);
      expect((await upload()).statusCode).toBe(200);
      const limited = await upload();
      expect(limited.statusCode).toBe(429);
      expect(limited.json().error.message).toMatch(/to upload files/);
      expect((await injectAs(app, admin, { method: 'GET', url: '/api/v1/sources' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});
