import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { testDatabaseUrl, testRedisUrl } from '@lp/db/testing/test-env';
import app from './app';

/** The API as tests use it: registered without listening, driven with `inject()`. */
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
  } = {},
): Promise<FastifyInstance> {
  const server = Fastify({ logger: false });
  await server.register(app, {
    databaseUrl: testDatabaseUrl(),
    redisUrl: over.redisUrl ?? testRedisUrl(),
    webDist: over.webDist ?? '/nonexistent',
    queuePrefix: over.queuePrefix ?? `lpt-api-${randomUUID().slice(0, 8)}`,
    secretsKey: over.secretsKey,
    testSourceTimeoutMs: over.testSourceTimeoutMs,
    responseCache: over.responseCache ?? false,
    responseCacheCoalesceMs: over.responseCacheCoalesceMs ?? 0,
  });
  await server.ready();
  return server;
}
