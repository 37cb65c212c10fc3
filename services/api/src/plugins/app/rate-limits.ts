import rateLimit from '@fastify/rate-limit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

/** Requests a minute, each counted over a rolling 60-second window (README "Rate limits"). */
export interface RateLimitOptions {
  /** Every /api request from one address, signed in or not, before the session is even looked up. A whole trust may share one address. */
  ipPerMinute?: number;
  /** Public /api routes (sign-in page, health) called without a session, per address. */
  anonymousPerMinute?: number;
  /** Every /api request of one signed-in user. */
  userPerMinute?: number;
  /** Uploads and "test a source" (each costs a file parse or an outbound fetch), per user. */
  heavyPerMinute?: number;
}

export const DEFAULT_RATE_LIMITS: Required<RateLimitOptions> = {
  ipPerMinute: 3_000,
  anonymousPerMinute: 120,
  userPerMinute: 600,
  heavyPerMinute: 10,
};

/** Routes that cost far more than a read: limited on their own, tighter. */
const HEAVY_ROUTES = new Set([
  'POST /api/v1/sources/:id/imports',
  'POST /api/v1/events/import',
  'POST /api/v1/sources/:id/test',
]);

const WINDOW_MS = 60_000;

const isApi = (req: FastifyRequest) => req.url === '/api' || req.url.startsWith('/api/');

/**
 * Rate limits on every /api route, with @fastify/rate-limit's in-memory store (one API process per
 * deployment; a limit must not wait on Redis, whose client queues commands while it is down):
 * - onRequest, per address, before the session lookup touches Postgres;
 * - preParsing, the first step after the auth plugin's onRequest has found the caller and before any
 *   body is read or validated (so a flood of large or invalid bodies costs nothing): per user when
 *   signed in, per address when not, and the heavy routes per user on top. Sign-in also has its own
 *   per-address limit on its route (auth routes).
 * A refusal is a 429 in the usual error shape with Retry-After.
 */
export default fp<RateLimitOptions>(
  async (app, opts) => {
    const limits = { ...DEFAULT_RATE_LIMITS, ...opts };
    await app.register(rateLimit, { global: false });

    const perIp = app.createRateLimit({ max: limits.ipPerMinute, timeWindow: WINDOW_MS, keyGenerator: (r) => r.ip });
    const anonymous = app.createRateLimit({
      max: limits.anonymousPerMinute,
      timeWindow: WINDOW_MS,
      keyGenerator: (r) => `anon:${r.ip}`,
    });
    const perUser = app.createRateLimit({
      max: limits.userPerMinute,
      timeWindow: WINDOW_MS,
      keyGenerator: (r) => `user:${r.user?.id}`,
    });
    const heavy = app.createRateLimit({
      max: limits.heavyPerMinute,
      timeWindow: WINDOW_MS,
      keyGenerator: (r) => `heavy:${r.user?.id ?? r.ip}`,
    });

    const refuse = (reply: FastifyReply, ttlInSeconds: number, what: string) =>
      reply
        .code(429)
        .header('retry-after', String(Math.max(1, ttlInSeconds)))
        .send({
          error: {
            code: 'rate_limited',
            message: `too many requests ${what}; try again in ${Math.max(1, ttlInSeconds)} s`,
          },
        });

    app.addHook('onRequest', async (req, reply) => {
      if (!isApi(req)) return;
      const r = await perIp(req);
      if (!r.isAllowed && r.isExceeded) return refuse(reply, r.ttlInSeconds, 'from this address');
    });

    app.addHook('preParsing', async (req, reply) => {
      if (!isApi(req)) return;
      if (!req.user) {
        const r = await anonymous(req);
        if (!r.isAllowed && r.isExceeded) return refuse(reply, r.ttlInSeconds, 'from this address without signing in');
        return;
      }
      const r = await perUser(req);
      if (!r.isAllowed && r.isExceeded) return refuse(reply, r.ttlInSeconds, 'from your account');
      if (HEAVY_ROUTES.has(`${req.method} ${req.routeOptions.url}`)) {
        const h = await heavy(req);
        if (!h.isAllowed && h.isExceeded)
          return refuse(
            reply,
            h.ttlInSeconds,
            `to ${req.method === 'POST' && req.routeOptions.url?.endsWith('/test') ? 'test sources' : 'upload files'}`,
          );
      }
    });
  },
  { name: 'rate-limits' },
);
