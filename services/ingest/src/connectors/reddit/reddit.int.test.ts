import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getSource } from '@lp/db/queries/sources';
import { count, countPosts, postExternalIds, rollupsVsRecomputed } from '../../testing/db-checks';
import { waitFor } from '../../testing/harness';
import { usePipeline } from '../../testing/pipeline-test';
import { startRedditFixture, type RedditFixture } from './reddit-fixture';
import { makeComment, makePost, name, range, UA } from './reddit-samples';
import { REDDIT_ENV, redditSource } from './reddit-sources';

describe('reddit connector through the real queue into Postgres', () => {
  let fixture: RedditFixture;

  beforeEach(async () => {
    fixture = await startRedditFixture();
  });
  afterEach(() => fixture.close());
  const { db, start, stop, poll } = usePipeline({ processEnv: REDDIT_ENV });

  const tagged = (n: number) =>
    waitFor(
      async () => (await count(db, sql`select count(*)::int as n from raw_items where status = 'done'`)) === n,
      `${n} raw items tagged`,
    );

  it('starts at the newest page, then drains several `after` pages back to its cursor', async () => {
    fixture.add('nhs', ...range(0, 30).map((n) => makePost('NHS', n)));
    // Forward draining only: no history (see reddit-backfill.int.test.ts for it).
    await start({ sources: [redditSource('r1', fixture, { backfillHours: 0 })] });

    await poll('r1');
    await waitFor(async () => (await countPosts(db)) === 10, '10 posts from the newest page');
    expect(await postExternalIds(db)).toEqual(
      range(20, 10)
        .map((n) => name(n))
        .sort(),
    );

    fixture.add('nhs', ...range(100, 25).map((n) => makePost('NHS', n)));
    await poll('r1');
    // 25 new posts in pages of 10: two full pages drain at once, the third meets the cursor.
    await waitFor(async () => (await countPosts(db)) === 35, '35 posts after draining');
    expect(fixture.apiRequests().map((r) => r.query.after ?? null)).toEqual([null, null, name(115), name(105)]);
    expect(fixture.apiRequests().every((r) => r.userAgent === UA && r.query.limit === '10')).toBe(true);
    // One token for the whole run: it is kept in memory between polls.
    expect(fixture.tokenRequests()).toHaveLength(1);

    const source = await getSource(db, 'r1');
    expect(source?.state).toBe('ok');
    expect(source?.cursor).toMatchObject({ subs: { nhs: { newest: { name: name(124) } } } });
    const row = (
      await db.execute<{ text: string; metrics: unknown; author_pseudonym: string; url: string; lang: string }>(
        sql`select text, metrics, author_pseudonym, url, lang from posts where external_id = ${name(105)}`,
      )
    ).rows[0]!;
    expect(row.text).toBe('Ward 105 short-staffed again\n\nNight shift on ward 105, two nurses for thirty beds.');
    expect(row.metrics).toEqual({ reposts: 0, likes: 105 % 13, replies: 0 });
    expect(row.url).toBe(`https://www.reddit.com${makePost('NHS', 105).data.permalink as string}`);
    expect(row.author_pseudonym).toMatch(/^a_[A-Za-z0-9_-]{22}$/);
    const rollups = await rollupsVsRecomputed(db);
    expect(rollups.stored).toEqual(rollups.recomputed);
  });

  it('resumes from its cursor after a restart: only new posts are fetched', async () => {
    fixture.add('nhs', ...range(0, 5).map((n) => makePost('NHS', n)));
    await start({ sources: [redditSource('r1', fixture)] });
    await poll('r1');
    await waitFor(async () => (await countPosts(db)) === 5, 'the first 5 posts');
    await stop();

    fixture.add('nhs', ...range(10, 3).map((n) => makePost('NHS', n)));
    await start({ sources: [redditSource('r1', fixture)] });
    await poll('r1');
    await waitFor(async () => (await countPosts(db)) === 8, 'the 3 new posts');
    // The second run's page overlaps the cursor, so it stops there: nothing old is stored twice.
    expect(fixture.apiRequests()).toHaveLength(2);
    expect(fixture.apiRequests()[1]!.served.slice(0, 3)).toEqual([name(12), name(11), name(10)]);
    expect(await count(db, sql`select count(*)::int as n from raw_items`)).toBe(8);
  });

  it('quarantines a malformed post with its payload and reason, skips a crosspost, stores the rest', async () => {
    fixture.add(
      'nhs',
      makePost('NHS', 1),
      makePost('NHS', 2, { permalink: 42 }),
      makePost('NHS', 3, { crosspost_parent: name(900), title: 'x-posted from r/nursing' }),
      makePost('NHS', 4),
    );
    await start({ sources: [redditSource('r1', fixture)] });
    await poll('r1');
    await tagged(2);
    expect(await postExternalIds(db)).toEqual([name(1), name(4)].sort());
    const q = await db.execute<{ reason: string; payload: { data: { name: string } }; external_id: string }>(
      sql`select reason, payload, external_id from quarantine where source_id = 'r1'`,
    );
    expect(q.rows).toHaveLength(1);
    expect(q.rows[0]!.external_id).toBe(name(2));
    expect(q.rows[0]!.reason).toMatch(/permalink/);
    expect(q.rows[0]!.payload.data.name).toBe(name(2));
    // The cursor moves past everything listed, crosspost included.
    expect((await getSource(db, 'r1'))?.cursor).toMatchObject({ subs: { nhs: { newest: { name: name(4) } } } });

    // The bad item is listed again on the next poll, but quarantined only once.
    const polledAt = (await getSource(db, 'r1'))!.lastSuccessAt!.getTime();
    await poll('r1');
    await waitFor(
      async () => ((await getSource(db, 'r1'))?.lastSuccessAt?.getTime() ?? 0) > polledAt,
      'the second poll stored',
    );
    expect(await count(db, sql`select count(*)::int as n from quarantine`)).toBe(1);
  });

  it('stores comments as posts, and applies edits and deletions of posts and comments', async () => {
    const kept = makePost('NHS', 1, { num_comments: 2 });
    const doomed = makePost('NHS', 2);
    fixture.add('nhs', kept, doomed);
    const c1 = makeComment(kept, 1);
    const c2 = makeComment(kept, 2, { parent_id: c1.data.name });
    fixture.addComments(kept, c1, c2);
    await start({ sources: [redditSource('r1', fixture, { commentThreads: 5 })] });
    await poll('r1');
    await tagged(4);
    expect(await postExternalIds(db)).toEqual([kept.data.name, doomed.data.name, c1.data.name, c2.data.name].sort());

    // The author edits the post, a moderator removes the other, a comment is deleted.
    const editedAt = (kept.data.created_utc as number) + 600;
    fixture.add(
      'nhs',
      makePost('NHS', 1, { num_comments: 2, selftext: 'Update: agency staff arrived.', edited: editedAt }),
      makePost('NHS', 2, { author: '[deleted]', selftext: '[removed]', removed_by_category: 'moderator' }),
    );
    fixture.addComments(
      kept,
      makeComment(kept, 2, { parent_id: c1.data.name, author: '[deleted]', body: '[deleted]' }),
    );
    await poll('r1');
    await waitFor(async () => (await countPosts(db)) === 2, 'the deletions applied');
    await tagged(7);
    expect(await postExternalIds(db)).toEqual([kept.data.name, c1.data.name].sort());
    const row = (
      await db.execute<{ text: string; version: string }>(
        sql`select text, version from posts where external_id = ${kept.data.name as string}`,
      )
    ).rows[0]!;
    expect(row.text).toBe('Ward 1 short-staffed again\n\nUpdate: agency staff arrived.');
    expect(row.version).toBe(new Date(editedAt * 1000).toISOString());
    const rollups = await rollupsVsRecomputed(db);
    expect(rollups.stored).toEqual(rollups.recomputed);

    // Polling again with nothing changed adds nothing.
    const before = await count(db, sql`select count(*)::int as n from raw_items`);
    const polledAt = (await getSource(db, 'r1'))!.lastSuccessAt!.getTime();
    await poll('r1');
    await waitFor(
      async () => ((await getSource(db, 'r1'))?.lastSuccessAt?.getTime() ?? 0) > polledAt,
      'the third poll stored',
    );
    expect(await count(db, sql`select count(*)::int as n from raw_items`)).toBe(before);
  });
});
