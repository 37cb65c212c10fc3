import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';
import { createRedis } from '@lp/queue/redis';

declare module 'fastify' {
  interface FastifyInstance {
    redis: Redis;
  }
}

export default fp<{ redisUrl: string }>(
  async (app, opts) => {
    const redis = createRedis(opts.redisUrl);
    // Health reports Redis as down; an unhandled 'error' event would crash the API instead.
    redis.on('error', (err) => app.log.debug({ err: err.message }, 'redis connection error'));
    app.decorate('redis', redis);
    app.addHook('onClose', async () => {
      await redis.quit().catch(() => redis.disconnect());
    });
  },
  { name: 'redis' },
);
