import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getSource } from '@lp/db/queries/sources';
import { sourceHealth } from '@lp/db/queries/source-admin';
import { count, countPosts, postExternalIds, rollupsVsRecomputed } from '../../testing/db-checks';
import { waitFor } from '../../testing/harness';
import { usePipeline } from '../../testing/pipeline-test';
import { nextPacificMidnight } from '../../lib/pacific-time';
import { CHANNEL, makeComment, startYoutubeFixture, type YoutubeFixture } from './youtube-fixture';
import { YOUTUBE_ENV, youtubeSource } from './youtube-sources';

const HOUR = 3_600_000;
const ago = (hours: number) => new Date(Date.now() - hours * HOUR);
const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('youtube connector through the real queue into Postgres', () => {
  let fixture: YoutubeFixture;
  beforeEach(async () => {
    fixture = await startYoutubeFixture({ pageSize: 10 });
  });
  afterEach(() => fixture.close());
  const { db, start, stop, poll, pollAndWait, ingest } = usePipeline({ processEnv: YOUTUBE_ENV });

  const tagged = (n: number) =>
    waitFor(
      async () => (await count(db, sql`select count(*)::int as n from raw_items where status = 'done'`)) === n,
      `${n} raw items tagged`,
    );

  it('lists the window page by page, with replies beyond the five inline, and stops at the window', async () => {
    // 25 threads inside the 48-hour window (three pages of 10), one older thread never read.
    for (const [i, id] of ids('t', 25).entries()) fixture.addThread(makeComment(id, ago(1 + i)));
    fixture.addThread(makeComment('old', ago(72)));
    // A thread with eight replies: five come inline, three more through comments.list.
    const replies = ids('r', 8).map((id, i) =>
      makeComment(id, ago(0.5 - i * 0.01), {
        parentId: 't0',
        ...(i === 2 ? { authorChannel: CHANNEL, author: 'Trust' } : {}),
      }),
    );
    fixture.addReplies('t0', ...replies);
    await start({ sources: [youtubeSource('yt', fixture)] });
    await poll('yt');
    await waitFor(async () => (await countPosts(db)) === 33, '25 threads and 8 replies');
    expect(await postExternalIds(db)).toEqual([...ids('t', 25), ...ids('r', 8)].sort());
    // Three thread pages and one replies page (queued after the first thread page); the key only ever in the header.
    expect(fixture.requests.map((r) => r.path)).toEqual([
      '/youtube/v3/commentThreads',
      '/youtube/v3/comments',
      '/youtube/v3/commentThreads',
      '/youtube/v3/commentThreads',
    ]);
    expect(fixture.requests.every((r) => r.apiKey === YOUTUBE_ENV.YOUTUBE_API_KEY && !r.query.key)).toBe(true);
    expect(fixture.requests[0]!.query).toMatchObject({ allThreadsRelatedToChannelId: CHANNEL, order: 'time' });

    const row = (
      await db.execute<{ url: string; author_pseudonym: string; metrics: unknown }>(
        sql`select url, author_pseudonym, metrics from posts where external_id = 't0'`,
      )
    ).rows[0]!;
    expect(row.url).toBe('https://www.youtube.com/watch?v=vid00000001&lc=t0');
    expect(row.author_pseudonym).toMatch(/^a_/);
    expect(row.metrics).toEqual({ reposts: 0, likes: 3, replies: 8 });
    // The channel's own reply is the organisation's voice; a viewer is judged as anywhere else.
    const voices = await db.execute<{ external_id: string; voice: string }>(
      sql`select external_id, voice from posts where external_id in ('r2', 'r3') order by external_id`,
    );
    expect(voices.rows.map((r) => r.voice)).toEqual(['org', 'public']);
    // Every call is one unit, charged to today's (Pacific) quota.
    const health = (await sourceHealth(db)).find((s) => s.id === 'yt')!;
    expect(health.budgetLeft).toBe(10_000 - 4);
    const period = await db.execute<{ period: string }>(
      sql`select period from source_read_budgets where source_id = 'yt'`,
    );
    expect(period.rows[0]!.period).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const rollups = await rollupsVsRecomputed(db);
    expect(rollups.stored).toEqual(rollups.recomputed);
  });

  it('a pass cut short resumes after a restart: everything once, nothing twice', async () => {
    for (const [i, id] of ids('t', 30).entries()) fixture.addThread(makeComment(id, ago(1 + i)));
    // A quota of one call ends the first run after one page, part-way through the pass.
    await start({ sources: [youtubeSource('yt', fixture, { dailyQuotaUnits: 1 })] });
    await poll('yt');
    await waitFor(async () => (await countPosts(db)) === 10, 'the first page');
    await stop();
    const cursor = (await getSource(db, 'yt'))!.cursor as { pass?: unknown };
    expect(cursor.pass).toBeDefined();

    // Restarted with more quota, one call per poll: the pass carries on from its cursor.
    await start({ sources: [youtubeSource('yt', fixture, { dailyQuotaUnits: 100, maxRequestsPerPoll: 1 })] });
    await poll('yt');
    await waitFor(
      async () => ((await getSource(db, 'yt'))?.cursor as { known?: unknown[] }).known?.length === 30,
      'the pass ends',
    );
    await waitFor(async () => (await countPosts(db)) === 30, 'all 30 tagged');
    expect(await postExternalIds(db)).toEqual(ids('t', 30).sort());
    expect(await count(db, sql`select count(*)::int as n from raw_items`)).toBe(30);

    // The next pass lists the same window again and stores nothing new.
    await pollAndWait('yt');
    await waitFor(
      async () => !((await getSource(db, 'yt'))?.cursor as { pass?: unknown }).pass,
      'the second pass ends',
    );
    expect(await count(db, sql`select count(*)::int as n from raw_items`)).toBe(30);
  });

  it('applies edits, and deletions it sees by re-listing, with exact rollups', async () => {
    fixture.addThread(makeComment('keep', ago(2)), [makeComment('kr1', ago(1.5), { parentId: 'keep' })]);
    fixture.addThread(makeComment('gone', ago(3)), [makeComment('gr1', ago(2.5), { parentId: 'gone' })]);
    fixture.addThread(makeComment('quiet', ago(4)), [
      makeComment('qr1', ago(3.5), { parentId: 'quiet' }),
      makeComment('qr2', ago(3.4), { parentId: 'quiet' }),
    ]);
    await start({ sources: [youtubeSource('yt', fixture)] });
    await poll('yt');
    await tagged(7);

    fixture.edit('keep', 'Edited: the staff were awful, waited hours', new Date());
    fixture.remove('gone'); // the thread and its reply
    fixture.remove('qr2'); // one reply
    // The first pass after the deletions only notes the absence (an offset page may have shifted).
    await pollAndWait('yt');
    await waitFor(
      async () =>
        (await db.execute<{ text: string }>(sql`select text from posts where external_id = 'keep'`)).rows[0]?.text ===
        'Edited: the staff were awful, waited hours',
      'the edit applied at once',
    );
    expect(await countPosts(db)).toBe(7);
    // The second pass missing them deletes them.
    await pollAndWait('yt');
    await waitFor(async () => (await countPosts(db)) === 4, 'three deletions applied');
    expect(await postExternalIds(db)).toEqual(['keep', 'kr1', 'qr1', 'quiet']);
    await waitFor(
      async () =>
        (await db.execute<{ text: string }>(sql`select text from posts where external_id = 'keep'`)).rows[0]?.text ===
        'Edited: the staff were awful, waited hours',
      'the edit applied',
    );
    await waitFor(
      async () => (await count(db, sql`select count(*)::int as n from raw_items where status = 'pending'`)) === 0,
      'all tagged',
    );
    const rollups = await rollupsVsRecomputed(db);
    expect(rollups.stored).toEqual(rollups.recomputed);
  });

  it('a thread deleted between its listing and its replies is skipped, then judged deleted', async () => {
    fixture.addThread(
      makeComment('t0', ago(1)),
      ids('r', 7).map((id, i) => makeComment(id, ago(0.9 - i * 0.01), { parentId: 't0' })),
    );
    fixture.addThread(makeComment('t1', ago(2)));
    // One unit: the first run lists the threads only; the replies of t0 wait for the next.
    await start({ sources: [youtubeSource('yt', fixture, { dailyQuotaUnits: 1 })] });
    await poll('yt');
    await waitFor(async () => (await countPosts(db)) === 7, 't0 and t1 with the five inline replies');
    await stop();
    fixture.remove('t0');
    await start({ sources: [youtubeSource('yt', fixture, { dailyQuotaUnits: 100 })] });
    await pollAndWait('yt');
    expect((await getSource(db, 'yt'))?.state).toBe('ok');
    expect(fixture.requests.at(-1)).toMatchObject({ path: '/youtube/v3/comments', query: { parentId: 't0' } });
    // Two complete passes without it: the thread and its replies go, with exact rollups.
    await pollAndWait('yt');
    await pollAndWait('yt');
    await waitFor(async () => (await countPosts(db)) === 1, 'only t1 left');
    const rollups = await rollupsVsRecomputed(db);
    expect(rollups.stored).toEqual(rollups.recomputed);
  });

  it('quarantines a malformed comment once, skips a video with comments off, stores the rest', async () => {
    fixture.addThread(makeComment('fine', ago(1)));
    const broken = makeComment('broken', ago(2));
    broken.snippet.publishedAt = 'yesterday';
    fixture.addThread(broken);
    fixture.addThread(makeComment('v2c', ago(1), { videoId: 'vid00000002' }), [], 'vid00000002');
    fixture.disableComments('vid00000003');
    await start({
      sources: [
        youtubeSource('yt', fixture, { channelId: undefined, videoIds: ['vid00000001', 'vid00000002', 'vid00000003'] }),
      ],
    });
    await poll('yt');
    await tagged(2);
    expect(await postExternalIds(db)).toEqual(['fine', 'v2c']);
    const q = await db.execute<{ external_id: string; reason: string }>(
      sql`select external_id, reason from quarantine`,
    );
    expect(q.rows).toEqual([{ external_id: 'broken', reason: expect.stringMatching(/publishedAt/) }]);
    expect((await getSource(db, 'yt'))?.state).toBe('ok');

    await pollAndWait('yt');
    expect(await count(db, sql`select count(*)::int as n from quarantine`)).toBe(1);
  });

  it('a 429 storm delays only that source, and a 5xx is retried until it recovers', async () => {
    const other = await startYoutubeFixture();
    try {
      fixture.addThread(makeComment('a1', ago(1)));
      other.addThread(makeComment('b1', ago(1)));
      other.addThread(makeComment('b2', ago(2)));
      fixture.fail(
        { status: 429, headers: { 'retry-after': '1' } },
        { status: 429, headers: { 'retry-after': '1' } },
        { status: 503 },
      );
      await start({ sources: [youtubeSource('yt', fixture), youtubeSource('yt2', other)] });
      await poll('yt');
      await poll('yt2');
      await waitFor(async () => (await getSource(db, 'yt'))?.state === 'rate_limited', 'yt rate limited');
      await waitFor(
        async () => (await count(db, sql`select count(*)::int as n from posts where source_id = 'yt2'`)) === 2,
        'the other source goes on',
      );
      await waitFor(
        async () => (await count(db, sql`select count(*)::int as n from posts where source_id = 'yt'`)) === 1,
        'yt after the storm and the 503',
        30_000,
      );
      expect((await getSource(db, 'yt'))?.state).toBe('ok');
      expect(await ingest().queues['poll-source'].getJobCountByTypes('failed')).toBe(0);
    } finally {
      await other.close();
    }
  });

  it('a refused key stops the source and says why, without the key', async () => {
    fixture.addThread(makeComment('a1', ago(1)));
    await start({ sources: [youtubeSource('yt', fixture, {}, 'YOUTUBE_WRONG_KEY')] });
    await poll('yt');
    const stopped = await waitFor(async () => {
      const s = await getSource(db, 'yt');
      return s?.state === 'stopped' ? s : null;
    }, 'the source to stop');
    expect(stopped.lastError).toMatch(/^400: the API key was refused by YouTube/);
    expect(stopped.lastError).not.toContain('not-the-key');
    expect(await countPosts(db)).toBe(0);
  });

  it('spends no more than the daily quota, then waits for midnight Pacific time', async () => {
    for (const [i, id] of ids('t', 30).entries()) fixture.addThread(makeComment(id, ago(1 + i)));
    await start({ sources: [youtubeSource('yt', fixture, { dailyQuotaUnits: 2 })] });
    await poll('yt');
    await waitFor(async () => (await countPosts(db)) === 20, 'two pages: the quota');
    expect(fixture.unitsUsed()).toBe(2);
    // The pass is unfinished but the quota is spent: the next poll does not call YouTube.
    await poll('yt');
    const spent = await waitFor(async () => {
      const s = await getSource(db, 'yt');
      return s?.state === 'budget_spent' ? s : null;
    }, 'the quota to be spent');
    expect(spent.lastError).toMatch(/^daily quota spent/);
    expect(spent.notBefore!.getTime()).toBe(nextPacificMidnight(spent.lastPolledAt!).getTime());
    expect(fixture.unitsUsed()).toBe(2);
    expect((await sourceHealth(db)).find((s) => s.id === 'yt')?.budgetLeft).toBe(0);
  });

  it('a source saved without a quota (as the dashboard form leaves it) still spends from the 10,000-unit default', async () => {
    fixture.addThread(makeComment('a1', ago(1)));
    await start({ sources: [youtubeSource('yt', fixture)] });
    await db.execute(sql`update sources set config = config - 'dailyQuotaUnits' where id = 'yt'`);
    await pollAndWait('yt');
    expect((await getSource(db, 'yt'))?.config.dailyQuotaUnits).toBeUndefined();
    expect((await sourceHealth(db)).find((s) => s.id === 'yt')?.budgetLeft).toBe(10_000 - 1);
    const charged = await db.execute<{ reads: number }>(
      sql`select reads from source_read_budgets where source_id = 'yt'`,
    );
    expect(charged.rows).toEqual([{ reads: 1 }]);
  });

  it('YouTube saying the project quota is exceeded waits until midnight Pacific time', async () => {
    fixture.addThread(makeComment('a1', ago(1)));
    fixture.setQuota(0);
    await start({ sources: [youtubeSource('yt', fixture)] });
    await poll('yt');
    const limited = await waitFor(async () => {
      const s = await getSource(db, 'yt');
      return s?.state === 'rate_limited' ? s : null;
    }, 'the source to wait');
    expect(limited.lastError).toMatch(/quota exceeded \(quotaExceeded\)/);
    expect(limited.notBefore!.getTime()).toBe(nextPacificMidnight(limited.lastPolledAt!).getTime());
  });
});
