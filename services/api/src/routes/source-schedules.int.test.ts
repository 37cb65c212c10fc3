import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDb } from '@lp/db/client';
import { resetDatabase, testDatabaseUrl } from '@lp/db/testing/test-env';
import { listScheduledSourceIds, schedulePolls } from '@lp/queue/enqueue';
import { startTestIngest, stopTestIngest } from '../../../ingest/src/testing/harness';
import { buildTestApp } from '../testing';

const db = createDb(testDatabaseUrl(), { max: 2 });
let ingest: Awaited<ReturnType<typeof startTestIngest>>;
let app: FastifyInstance;

const call = async (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) => {
  const res = await app.inject({ method, url, payload: payload as object | undefined });
  return res.statusCode;
};
const scheduled = async () => (await listScheduledSourceIds(ingest.queues['poll-source'])).sort();
const everyMs = async (id: string) =>
  (await ingest.queues['poll-source'].getJobSchedulers()).find((s) => s.key === `poll:${id}`)?.every;

beforeAll(async () => {
  await resetDatabase(db.db);
  // Only the poll role: the schedule is applied by the 'source-changed' worker, not by a sweeper pass.
  ingest = await startTestIngest({ sources: [], roles: ['poll'] });
  app = await buildTestApp({ queuePrefix: ingest.prefix });
});
afterAll(async () => {
  await app.close();
  await stopTestIngest(ingest);
  await db.close();
});
beforeEach(async () => {
  for (const id of await scheduled()) await ingest.queues['poll-source'].removeJobScheduler(`poll:${id}`);
});

describe('poll schedules: the API asks, ingest writes them', () => {
  it('follows a dashboard source through add, edit, pause, resume and delete', async () => {
    const body = { id: 'feed', type: 'demo', every: '10m', config: { seed: 1 } };
    expect(await call('POST', '/api/v1/sources', body)).toBe(201);
    await expect.poll(scheduled, { timeout: 30_000 }).toEqual(['feed']);
    expect(await everyMs('feed')).toBe(600_000);

    expect(await call('PATCH', '/api/v1/sources/feed', { every: '5m' })).toBe(200);
    await expect.poll(() => everyMs('feed'), { timeout: 30_000 }).toBe(300_000);

    expect(await call('POST', '/api/v1/sources/feed/pause')).toBe(200);
    await expect.poll(scheduled, { timeout: 30_000 }).toEqual([]);
    expect(await call('POST', '/api/v1/sources/feed/resume')).toBe(200);
    await expect.poll(scheduled, { timeout: 30_000 }).toEqual(['feed']);

    expect(await call('DELETE', '/api/v1/sources/feed?posts=keep')).toBe(204);
    await expect.poll(scheduled, { timeout: 30_000 }).toEqual([]);
  });

  it('a sweeper pass removes a schedule Postgres no longer knows of (the job lost with Redis, say)', async () => {
    const sweeping = await startTestIngest({ sources: [], roles: ['sweep'], prefix: ingest.prefix });
    try {
      await schedulePolls(ingest.queues['poll-source'], 'gone', 60_000);
      await expect.poll(scheduled, { timeout: 30_000 }).toEqual([]);
    } finally {
      await sweeping.close();
    }
  });
});
