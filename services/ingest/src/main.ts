import { createDb, pingDb } from '@lp/db/client';
import { migrate } from '@lp/db/migrate';
import { setOutboundPolicy } from '@lp/outbound/guarded-fetch';
import { createRedis, redisEvictionPolicy } from '@lp/queue/redis';
import { startIngest, type IngestRole } from './app';
import { parseIngestEnv, processEnvironment } from './env';
import { createLogger } from './logger';
import { startProbeServer } from './probe-server';
import { installShutdown } from './shutdown';
import { loadSources } from './sources-file';

const env = parseIngestEnv();
const log = createLogger(env.LOG_LEVEL, 'ingest');
// Every fetch to a source's address is checked against private ranges unless the operator allows them.
setOutboundPolicy({ allowPrivate: env.ALLOW_PRIVATE_SOURCE_URLS === 'true' });
if (env.ALLOW_PRIVATE_SOURCE_URLS === 'true')
  log.warn('ALLOW_PRIVATE_SOURCE_URLS=true: sources may reach loopback and private addresses');

async function preflight(): Promise<void> {
  const pg = createDb(env.DATABASE_URL, { max: 1 });
  try {
    await pingDb(pg.db);
    await migrate(pg.db);
  } catch (err) {
    throw new Error(
      `cannot reach Postgres at ${redactUrl(env.DATABASE_URL)} (${(err as Error).message}); start it (docker compose up -d postgres) or set DATABASE_URL`,
    );
  } finally {
    await pg.close();
  }
  const redis = createRedis(env.REDIS_URL, { lazy: true });
  let lastError = '';
  redis.on('error', (err: Error) => (lastError = err.message));
  try {
    await redis.connect();
    await redis.ping();
    const policy = await redisEvictionPolicy(redis);
    if (policy && policy !== 'noeviction')
      log.warn(
        { policy },
        "Redis maxmemory-policy is not 'noeviction': queued jobs may be evicted (the sweeper recovers them, late)",
      );
  } catch (err) {
    // ioredis emits the socket error (e.g. ECONNREFUSED) and rejects connect() with a generic one.
    throw new Error(
      `cannot reach Redis at ${redactUrl(env.REDIS_URL)} (${lastError || (err as Error).message}); start it (docker compose up -d redis) or set REDIS_URL`,
    );
  } finally {
    redis.disconnect();
  }
}

function redactUrl(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

try {
  const { sources, watchlist } = loadSources(env.SOURCES_FILE, processEnvironment());
  await preflight();
  const roles = env.INGEST_ROLES.split(',').map((r) => r.trim()) as IngestRole[];
  const ingest = await startIngest({ env, sources, watchlist, processEnv: processEnvironment(), roles, log });
  const probe =
    env.METRICS_PORT > 0 ? startProbeServer(env.METRICS_PORT, ingest.metrics, () => !shutdown.shuttingDown()) : null;
  const shutdown = installShutdown(log, env.SHUTDOWN_TIMEOUT_MS, [
    { name: 'stop workers and close connections', run: () => ingest.close() },
    { name: 'close probe server', run: () => new Promise<void>((r) => (probe ? probe.close(() => r()) : r())) },
  ]);
  log.info({ roles, sources: sources.map((s) => `${s.id} (${s.type})`) }, 'ingest running');
} catch (err) {
  log.fatal((err as Error).message);
  process.exit(1);
}
