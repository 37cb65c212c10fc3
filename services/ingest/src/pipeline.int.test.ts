import { Redis } from 'ioredis';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import type { SourceSpec } from '@lp/db/queries/sources';
import { testRedisUrl } from '@lp/db/testing/test-env';
import { count, countPending, countPosts, rollupsVsRecomputed } from './testing/db-checks';
import { waitFor } from './testing/harness';
import { usePipeline } from './testing/pipeline-test';

/** A demo backlog of known size: 24 hours at 250 posts/hour = 6,000 slots plus the one at "now", then (almost) nothing live. */
const BACKLOG = 6_001;
const demoSource: SourceSpec = {
  id: 'demo',
  type: 'demo',
  config: { backfillHours: 24, backfillPostsPerHour: 250, postsPerHour: 0.0001, pageSize: 100, seed: 7 },
  enabled: true,
  synthetic: true,
  pollEverySeconds: 1,
};

describe('the pipeline survives losing Redis', () => {
  const { db, start } = usePipeline();
  const redis = new Redis(testRedisUrl());
  afterAll(() => redis.disconnect());

  it('stores every post exactly once when Redis is flushed mid-run (sweeper and scheduler recovery)', async () => {
    await start({
      sources: [demoSource],
      roles: ['poll', 'nlp', 'sweep'],
      sweepIntervalMs: 200,
      staleSeconds: 1,
    });
    await waitFor(async () => (await countPosts(db)) >= 100, 'the first posts');
    // Everything Redis holds is gone: queued tag jobs, the drain chain, the poll scheduler.
    await redis.flushdb();
    expect(await countPosts(db), 'the flush came mid-run').toBeLessThan(BACKLOG);

    await waitFor(
      async () => (await countPosts(db)) === BACKLOG && (await countPending(db)) === 0,
      `all ${BACKLOG} posts stored after the flush`,
      60_000,
    );
    expect(await count(db, sql`select count(*)::int as n from raw_items`)).toBe(BACKLOG);
    expect(await count(db, sql`select count(distinct external_id)::int as n from posts`)).toBe(BACKLOG);
    // Every sequence number of the synthetic timeline arrived: none lost, none twice.
    const seqs = await db.execute<{ seq: number }>(
      sql`select split_part(external_id, '/', 3)::int as seq from posts order by 1`,
    );
    expect(seqs.rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: BACKLOG }, (_, i) => i));
    const rollups = await rollupsVsRecomputed(db);
    expect(rollups.stored).toEqual(rollups.recomputed);
  }, 180_000);
});
