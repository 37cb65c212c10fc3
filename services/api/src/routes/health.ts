import { zErrorResponse, zHealthResponse } from '@lp/contracts/api';
import { pingDb } from '@lp/db/client';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** A check that takes longer than this counts as down: a hung dependency is an outage to users. */
const CHECK_TIMEOUT_MS = 1_500;

const within = <T>(p: Promise<T>): Promise<T> =>
  Promise.race([
    p,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS).unref()),
  ]);

const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/health',
    {
      schema: {
        tags: ['health'],
        summary: 'Postgres and Redis reachability',
        response: { 200: zHealthResponse, 503: zHealthResponse, 500: zErrorResponse },
      },
    },
    async (_req, reply) => {
      const [pg, redis] = await Promise.allSettled([within(pingDb(app.db)), within(app.redis.ping())]);
      const checks = {
        postgres: pg.status === 'fulfilled' ? 'ok' : 'down',
        redis: redis.status === 'fulfilled' ? 'ok' : 'down',
      } as const;
      const ok = checks.postgres === 'ok' && checks.redis === 'ok';
      return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', checks });
    },
  );
};
export default healthRoutes;
