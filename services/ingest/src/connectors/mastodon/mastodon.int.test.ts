import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getSource, type SourceSpec } from '@lp/db/queries/sources';
import { count, countPosts, postExternalIds, rollupsVsRecomputed } from '../../testing/db-checks';
import { waitFor } from '../../testing/harness';
import { usePipeline } from '../../testing/pipeline-test';
import { makeStatus, startMastodonFixture, type MastodonFixture } from '../../testing/mastodon-fixture';

const ids = (from: number, n: number) => Array.from({ length: n }, (_, i) => String(from + i));

function mastodonSource(id: string, instance: string): SourceSpec {
  return {
    id,
    type: 'mastodon',
    config: { instance, hashtags: ['NHS'], limit: 40 },
    enabled: true,
    synthetic: false,
    pollEverySeconds: 3600,
  };
}

describe('mastodon connector through the real queue into Postgres', () => {
  let fixture: MastodonFixture;

  beforeEach(async () => {
    fixture = await startMastodonFixture();
  });
  afterEach(() => fixture.close());
  const { db, start, ingest, poll } = usePipeline();

  it('starts at the newest page, then drains several pages of new statuses after its cursor', async () => {
    fixture.add(
      'nhs',
      ids(1000, 100).map((id) => makeStatus(fixture.host, id)),
    );
    await start({ sources: [mastodonSource('m1', fixture.url)] });

    await poll('m1');
    await waitFor(async () => (await countPosts(db)) === 40, '40 posts from the first page');
    // The statuses date from January 2025, far outside the 24-hour window: the newest page is all
    // the history there is to read (mastodon-backfill.int.test.ts reads a recent one).
    expect(await postExternalIds(db)).toEqual(
      ids(1060, 40)
        .map((id) => makeStatus(fixture.host, id).uri)
        .sort(),
    );

    fixture.add(
      'nhs',
      ids(1100, 90).map((id) => makeStatus(fixture.host, id)),
    );
    await poll('m1');
    // 90 new statuses: a full page of 40 triggers the next poll at once, twice, then 10.
    await waitFor(async () => (await countPosts(db)) === 130, '130 posts after draining');
    const minIds = fixture.requests.map((r) => r.query.min_id ?? null);
    expect(minIds).toEqual([null, '1099', '1139', '1179']);
    expect(fixture.requests.every((r) => r.query.limit === '40')).toBe(true);

    const source = await getSource(db, 'm1');
    expect(source?.cursor).toEqual({ minIds: { NHS: '1189' } });
    expect(source?.state).toBe('ok');

    const post = await db.execute<{ text: string; metrics: unknown; author_pseudonym: string; url: string }>(
      sql`select text, metrics, author_pseudonym, url from posts where external_id = ${makeStatus(fixture.host, '1105').uri}`,
    );
    const row = post.rows[0]!;
    expect(row.text).toBe('Short-staffed again on the ward tonight, 1105. #NHS');
    expect(row.metrics).toEqual({ reposts: 0, likes: 5, replies: 0 });
    expect(row.author_pseudonym).toMatch(/^a_[A-Za-z0-9_-]{22}$/);
    expect(row.author_pseudonym).not.toContain('nurse');
    const rollups = await rollupsVsRecomputed(db);
    expect(rollups.stored).toEqual(rollups.recomputed);
  });

  it('a 429 delays only that source until Retry-After, without failing the job', async () => {
    fixture.add(
      'nhs',
      ids(1000, 5).map((id) => makeStatus(fixture.host, id)),
    );
    await start({ sources: [mastodonSource('m1', fixture.url)] });
    fixture.fail({ status: 429, headers: { 'retry-after': '2' } });

    await poll('m1');
    const limited = await waitFor(async () => {
      const s = await getSource(db, 'm1');
      return s?.state === 'rate_limited' ? s : null;
    }, 'the source to be rate limited');
    expect(limited.notBefore!.getTime()).toBeGreaterThan(Date.now());
    expect(limited.lastError).toMatch(/rate limited/);

    // A scheduled poll during the wait is skipped: no request reaches the platform.
    await poll('m1');
    await new Promise((r) => setTimeout(r, 300));
    expect(fixture.requests).toHaveLength(1);

    // The delayed retry fetches the page once the window has passed.
    await waitFor(async () => (await countPosts(db)) === 5, 'posts after the rate-limit window', 15_000);
    expect((await getSource(db, 'm1'))?.state).toBe('ok');
    expect(await ingest().queues['poll-source'].getJobCountByTypes('failed')).toBe(0);
  });

  it('stops polling when X-RateLimit-Remaining reaches 0, until X-RateLimit-Reset', async () => {
    fixture.add(
      'nhs',
      ids(1000, 3).map((id) => makeStatus(fixture.host, id)),
    );
    await start({ sources: [mastodonSource('m1', fixture.url)] });
    fixture.setRemaining(1);

    await poll('m1');
    await waitFor(async () => (await countPosts(db)) === 3, 'the page stored');
    const source = await waitFor(async () => {
      const s = await getSource(db, 'm1');
      return s?.state === 'rate_limited' ? s : null;
    }, 'the spent window recorded');
    // The fixture's window resets five minutes after the request.
    expect(source.notBefore!.getTime()).toBeGreaterThan(Date.now() + 4 * 60_000);
    await poll('m1');
    await new Promise((r) => setTimeout(r, 300));
    expect(fixture.requests).toHaveLength(1);
  });

  it('a 500 is retried with backoff and the source recovers', async () => {
    fixture.add(
      'nhs',
      ids(1000, 3).map((id) => makeStatus(fixture.host, id)),
    );
    await start({ sources: [mastodonSource('m1', fixture.url)] });
    fixture.fail({ status: 500 });

    await poll('m1');
    await waitFor(async () => (await getSource(db, 'm1'))?.state === 'backoff', 'the source to show its backoff');
    expect((await getSource(db, 'm1'))?.lastError).toMatch(/500/);
    await waitFor(async () => (await countPosts(db)) === 3, 'posts after the retry', 15_000);
    expect((await getSource(db, 'm1'))?.state).toBe('ok');
    expect(fixture.requests).toHaveLength(2);
  });

  it('quarantines a malformed status with its payload and reason, and stores the rest of the page', async () => {
    const broken = { ...makeStatus(fixture.host, '1002'), created_at: 'yesterday' };
    fixture.add('nhs', [
      makeStatus(fixture.host, '1000'),
      makeStatus(fixture.host, '1001'),
      broken,
      makeStatus(fixture.host, '1003'),
    ]);
    await start({ sources: [mastodonSource('m1', fixture.url)] });

    await poll('m1');
    await waitFor(async () => (await countPosts(db)) === 3, 'the 3 good posts');
    const q = await db.execute<{ reason: string; payload: { id: string }; stage: string; source_id: string }>(
      sql`select reason, payload, stage, source_id from quarantine`,
    );
    expect(q.rows).toHaveLength(1);
    expect(q.rows[0]!.stage).toBe('transform');
    expect(q.rows[0]!.source_id).toBe('m1');
    expect(q.rows[0]!.reason).toMatch(/created_at/);
    expect(q.rows[0]!.payload.id).toBe('1002');
    // The cursor still moves past the bad status, so it is not fetched forever.
    expect((await getSource(db, 'm1'))?.cursor).toEqual({ minIds: { NHS: '1003' } });
  });

  it('stores one post for the same status seen through two instances', async () => {
    const other = await startMastodonFixture();
    try {
      const original = makeStatus(fixture.host, '5000');
      fixture.add('nhs', [original, makeStatus(fixture.host, '5001')]);
      // The second instance knows the same status under its own local id, with the same uri.
      other.add('nhs', [{ ...original, id: '90001', url: `https://${other.host}/@nurse@elsewhere/90001` }]);
      await start({ sources: [mastodonSource('m1', fixture.url), mastodonSource('m2', other.url)] });

      await poll('m1');
      await poll('m2');
      await waitFor(
        async () => (await count(db, sql`select count(*)::int as n from raw_items where status = 'done'`)) === 3,
        'all raw items tagged',
      );
      expect(await countPosts(db)).toBe(2);
      expect(await count(db, sql`select count(*)::int as n from posts where external_id = ${original.uri}`)).toBe(1);
      const rollups = await rollupsVsRecomputed(db);
      expect(rollups.stored).toEqual(rollups.recomputed);
    } finally {
      await other.close();
    }
  });
});
