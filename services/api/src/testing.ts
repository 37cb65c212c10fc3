import Fastify, { type FastifyInstance } from 'fastify';
import { testDatabaseUrl, testRedisUrl } from '@lp/db/testing/test-env';
import app from './app';

/** The API as tests use it: registered without listening, driven with `inject()`. */
export async function buildTestApp(over: { redisUrl?: string; webDist?: string } = {}): Promise<FastifyInstance> {
  const server = Fastify({ logger: false });
  await server.register(app, {
    databaseUrl: testDatabaseUrl(),
    redisUrl: over.redisUrl ?? testRedisUrl(),
    webDist: over.webDist ?? '/nonexistent',
  });
  await server.ready();
  return server;
}
