import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import type { SourceSpec } from '@lp/db/queries/sources';
import { testDatabaseUrl, testRedisUrl } from '@lp/db/testing/test-env';
import { count, countPending, countPosts, rollupsVsRecomputed } from './testing/db-checks';
import { TEST_PSEUDONYM_KEY, waitFor } from './testing/harness';
import { usePipeline } from './testing/pipeline-test';

/** 8 hours at 250 posts/hour, plus the slot at "now". */
const BACKLOG = 2_001;
const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

/** The NLP worker as its own process (INGEST_ROLES=nlp), so it can be killed with SIGKILL. */
function startNlpProcess(prefix: string): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: testDatabaseUrl(),
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: prefix,
      PSEUDONYM_KEY: TEST_PSEUDONYM_KEY,
      INGEST_ROLES: 'nlp',
      METRICS_PORT: '0',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

describe('the NLP worker killed mid-batch', () => {
  const { db, start } = usePipeline();
  let child: ChildProcess | null = null;
  // Registered after usePipeline's hooks, so it runs before the ingest stops (afterEach runs in reverse order).
  afterEach(() => {
    child?.kill('SIGKILL');
  });

  // Kill, restart and sweeper waits add up past the default timeout on a loaded machine.
  it('loses no post and duplicates none after a restart', async () => {
    const demo: SourceSpec = {
      id: 'demo',
      type: 'demo',
      config: { backfillHours: 8, backfillPostsPerHour: 250, postsPerHour: 0.0001, pageSize: 250, seed: 3 },
      enabled: true,
      synthetic: true,
      pollEverySeconds: 1,
    };
    const ingest = await start({
      sources: [demo],
      roles: ['poll', 'sweep'],
      sweepIntervalMs: 300,
      // The sweeper quarantines an item after five re-enqueues: the tail of a 2,001-item backlog must
      // not count as failing while it waits its turn on a loaded machine (2 s × 5 was too short there).
      staleSeconds: 6,
    });
    await waitFor(
      async () => (await count(db, sql`select count(*)::int as n from raw_items`)) >= 500,
      'a backlog of raw items',
    );

    child = startNlpProcess(ingest.prefix);
    // Kill it while it holds an open tagging transaction, after some batches have committed.
    await waitFor(
      async () =>
        (await countPosts(db)) > 0 &&
        (await count(
          db,
          sql`select count(*)::int as n from pg_stat_activity where application_name = 'lp-ingest(nlp)' and xact_start is not null and state <> 'idle'`,
        )) > 0,
      'the NLP worker mid-transaction',
      60_000,
    );
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
    const before = await countPosts(db);
    expect(before).toBeLessThan(BACKLOG);

    child = startNlpProcess(ingest.prefix);
    await waitFor(
      async () => (await countPosts(db)) === BACKLOG && (await countPending(db)) === 0,
      `all ${BACKLOG} posts after the restart`,
      90_000,
    );
    expect(await count(db, sql`select count(distinct external_id)::int as n from posts`)).toBe(BACKLOG);
    expect(await count(db, sql`select count(*)::int as n from post_sentiments`)).toBe(BACKLOG);
    const rollups = await rollupsVsRecomputed(db);
    expect(rollups.stored).toEqual(rollups.recomputed);
  }, 180_000);
});
