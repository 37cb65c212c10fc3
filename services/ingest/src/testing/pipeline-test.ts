import { afterAll, afterEach, beforeEach } from 'vitest';
import { createDb } from '@lp/db/client';
import { sql } from 'drizzle-orm';
import { getSource, type SourceSpec } from '@lp/db/queries/sources';
import { resetDatabase, testDatabaseUrl } from '@lp/db/testing/test-env';
import { enqueuePollNow } from '@lp/queue/enqueue';
import { parseSourcesFile } from '../sources-file';
import { count } from './db-checks';
import { startTestIngest, stopTestIngest, waitFor, type TestIngestOptions } from './harness';

export type TestIngest = Awaited<ReturnType<typeof startTestIngest>>;

/**
 * A describe block's real pipeline: an admin handle on this worker's database, emptied before each test,
 * and at most one ingest at a time, stopped (queues obliterated) after each test. `defaults` go to every
 * `start()`, e.g. the processEnv that a file source's `${VAR}` credentials resolve from.
 * Register a fixture server's hooks before calling this: vitest runs afterEach hooks in reverse order,
 * so the ingest then stops before the server it polls closes.
 */
export function usePipeline(defaults: Partial<TestIngestOptions> = {}) {
  const admin = createDb(testDatabaseUrl(), { max: 2 });
  let current: TestIngest | null = null;
  let polls = 0;

  const ingest = (): TestIngest => {
    if (!current) throw new Error('no ingest started in this test');
    return current;
  };
  const stop = async () => {
    const running = current;
    current = null;
    if (running) await stopTestIngest(running);
  };

  beforeEach(() => resetDatabase(admin.db));
  afterEach(stop);
  afterAll(() => admin.close());

  const poll = (sourceId: string) =>
    enqueuePollNow(ingest().queues['poll-source'], sourceId, { key: `test-${++polls}` });
  const lastSuccess = async (id: string) => (await getSource(admin.db, id))?.lastSuccessAt?.getTime() ?? 0;

  return {
    db: admin.db,
    ingest,
    /** Starts the ingest this test uses; call `stop()` first to restart it on the same database. */
    start: async (opts: TestIngestOptions) => (current = await startTestIngest({ ...defaults, ...opts })),
    stop,
    /** Enqueues a poll now, with a fresh job key so that it is never deduplicated. */
    poll,
    /** Polls and waits until that poll has stored its page (the source's last success moves). */
    pollAndWait: async (sourceId: string) => {
      const before = await lastSuccess(sourceId);
      await poll(sourceId);
      await waitFor(async () => (await lastSuccess(sourceId)) > before, `${sourceId} polled again`);
    },
    /** Waits until no fetched item is waiting to be tagged. */
    allTagged: () =>
      waitFor(
        async () =>
          (await count(admin.db, sql`select count(*)::int as n from raw_items where status = 'pending'`)) === 0,
        'everything tagged',
      ),
  };
}

/** Sources as a sources file declares them, through the real parser: `${VAR}` credentials stay references. */
export function sourcesFromYaml(yaml: string, env: Record<string, string | undefined>): SourceSpec[] {
  return parseSourcesFile(yaml, 'test-sources.yaml', env).sources;
}
