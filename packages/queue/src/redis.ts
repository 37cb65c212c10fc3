import { Redis } from 'ioredis';

/**
 * One ioredis connection. BullMQ workers block on Redis, so `maxRetriesPerRequest: null` is
 * required; commands then wait for Redis to come back instead of failing a job mid-way.
 */
export function createRedis(url: string, opts: { lazy?: boolean; forWorker?: boolean } = {}): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: opts.forWorker ? null : 1,
    enableReadyCheck: true,
    lazyConnect: opts.lazy ?? false,
    // Back off reconnects up to 2 s: Redis restarts should heal within seconds, without a hot loop.
    retryStrategy: (times) => Math.min(times * 100, 2_000),
  });
}

/** BullMQ needs `noeviction`: an evicting Redis silently drops jobs (Postgres and the sweeper still catch them). */
export async function redisEvictionPolicy(redis: Redis): Promise<string | null> {
  try {
    const res = (await redis.config('GET', 'maxmemory-policy')) as string[];
    return res[1] ?? null;
  } catch {
    return null; // managed Redis often forbids CONFIG; nothing to warn about then
  }
}
