import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getSource } from '@lp/db/queries/sources';
import { count, countPosts } from '../../testing/db-checks';
import { waitFor } from '../../testing/harness';
import { usePipeline } from '../../testing/pipeline-test';
import { startRedditFixture, type RedditFixture } from './reddit-fixture';
import { makePost, range } from './reddit-samples';
import { REDDIT_ENV, redditSource } from './reddit-sources';

describe('reddit connector faults through the real queue', () => {
  let fixture: RedditFixture;

  beforeEach(async () => {
    fixture = await startRedditFixture();
  });
  afterEach(() => fixture.close());
  const { db, start, ingest, poll } = usePipeline({ processEnv: REDDIT_ENV });

  it('a 429 storm delays only that source, fails no job, and another source goes on', async () => {
    const other = await startRedditFixture();
    try {
      fixture.add('nhs', ...range(0, 3).map((n) => makePost('NHS', n)));
      other.add('nhs', ...range(50, 4).map((n) => makePost('NHS', n)));
      fixture.fail(
        { status: 429, headers: { 'retry-after': '1' } },
        { status: 429, headers: { 'retry-after': '1' } },
        // Reddit's own form: no Retry-After, the reset in seconds.
        { status: 429, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1' } },
      );
      await start({ sources: [redditSource('r1', fixture), redditSource('r2', other)] });
      await poll('r1');
      await poll('r2');

      const limited = await waitFor(async () => {
        const s = await getSource(db, 'r1');
        return s?.state === 'rate_limited' ? s : null;
      }, 'r1 to be rate limited');
      expect(limited.lastError).toMatch(/rate limited/);
      await waitFor(
        async () => (await count(db, sql`select count(*)::int as n from posts where source_id = 'r2'`)) === 4,
        'r2 posts while r1 waits',
      );
      await waitFor(
        async () => (await count(db, sql`select count(*)::int as n from posts where source_id = 'r1'`)) === 3,
        'r1 posts after the storm',
        20_000,
      );
      expect(fixture.apiRequests()).toHaveLength(4);
      expect((await getSource(db, 'r1'))?.state).toBe('ok');
      expect(await ingest().queues['poll-source'].getJobCountByTypes('failed')).toBe(0);
    } finally {
      await other.close();
    }
  });

  it('a 500 is retried with backoff and the source recovers', async () => {
    fixture.add('nhs', ...range(0, 3).map((n) => makePost('NHS', n)));
    fixture.fail({ status: 500 });
    await start({ sources: [redditSource('r1', fixture)] });
    await poll('r1');
    await waitFor(async () => (await getSource(db, 'r1'))?.state === 'backoff', 'the source to show its backoff');
    expect((await getSource(db, 'r1'))?.lastError).toMatch(/500/);
    await waitFor(async () => (await countPosts(db)) === 3, 'posts after the retry', 20_000);
    expect((await getSource(db, 'r1'))?.state).toBe('ok');
  });

  it('refused credentials stop the source and say why, without the secret', async () => {
    fixture.add('nhs', makePost('NHS', 1));
    await start({ sources: [redditSource('r1', fixture, {}, 'REDDIT_WRONG_SECRET')] });
    await poll('r1');
    const stopped = await waitFor(async () => {
      const s = await getSource(db, 'r1');
      return s?.state === 'stopped' ? s : null;
    }, 'the source to stop');
    expect(stopped.enabled).toBe(false);
    expect(stopped.lastError).toMatch(/^401: the token was refused by .* \(Unauthorized\)/);
    expect(stopped.lastError).not.toContain('not-the-secret');
    expect(fixture.apiRequests()).toHaveLength(0);
    expect(await countPosts(db)).toBe(0);
  });
});
