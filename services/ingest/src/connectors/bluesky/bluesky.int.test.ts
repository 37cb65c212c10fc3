import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getSource } from '@lp/db/queries/sources';
import { count, countPosts, postExternalIds, rollupsVsRecomputed } from '../../testing/db-checks';
import { waitFor } from '../../testing/harness';
import { sourcesFromYaml, usePipeline } from '../../testing/pipeline-test';
import { FIXTURE_ACCOUNT, makePost, startBlueskyFixture, type BlueskyFixture } from './bluesky-fixture';
import { forgetSession } from './client';

const ENV = { BSKY_APP_PASSWORD: FIXTURE_ACCOUNT.password, BSKY_OLD_PASSWORD: 'revoked-app-password' };
const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => makePost(from + i));
const uris = (from: number, n: number) => range(from, n).map((p) => p.uri);

/** Sources as a sources file declares them, so the app password goes the real way: a ${VAR} resolved at poll time. */
function sources(...entries: Array<{ id: string; url: string; extra?: string; password?: string }>) {
  const yaml = entries
    .map(
      (e) => `  - id: ${e.id}
    type: bluesky
    service: ${e.url}
    identifier: ${FIXTURE_ACCOUNT.handle}
    appPassword: \${${e.password ?? 'BSKY_APP_PASSWORD'}}
    every: 1h
${e.extra ?? '    query: NHS'}`,
    )
    .join('\n');
  return sourcesFromYaml(`sources:\n${yaml}\n`, ENV);
}

describe('bluesky connector through the real queue into Postgres', () => {
  let fixture: BlueskyFixture;

  beforeEach(async () => {
    fixture = await startBlueskyFixture();
    for (const id of ['b1', 'b2']) forgetSession(id);
  });
  afterEach(() => fixture.close());
  const { db, start, stop, ingest, poll } = usePipeline({ processEnv: ENV });

  const rawItems = () => count(db, sql`select count(*)::int as n from raw_items`);

  it('drains several pages after its cursor, and resumes from it after a restart with only new posts', async () => {
    fixture.index(...range(0, 30));
    await start({ sources: sources({ id: 'b1', url: fixture.url, extra: '    query: NHS\n    limit: 10' }) });
    await poll('b1');
    await waitFor(async () => (await countPosts(db)) === 10, 'the newest page of 10');
    expect(await postExternalIds(db)).toEqual(uris(20, 10).sort());

    fixture.index(...range(30, 25));
    await poll('b1');
    await waitFor(async () => (await countPosts(db)) === 35, '25 new posts over three pages');
    const cursors = fixture.requests.filter((r) => r.nsid.endsWith('searchPosts')).map((r) => r.query.cursor ?? null);
    expect(cursors).toEqual([null, null, '10', '20']);

    // A restart: a new process on the same database, with no session in memory.
    await stop();
    forgetSession('b1');
    fixture.index(...range(55, 3));
    const before = fixture.requests.length;
    await start({ sources: sources({ id: 'b1', url: fixture.url, extra: '    query: NHS\n    limit: 10' }) });
    await poll('b1');
    await waitFor(async () => (await countPosts(db)) === 38, 'the 3 posts since the restart');
    const after = fixture.requests.slice(before);
    expect(after.map((r) => r.nsid)).toEqual(['com.atproto.server.createSession', 'app.bsky.feed.searchPosts']);
    expect(after[1]!.query.since).toBe(new Date(Date.parse(makePost(54).indexedAt) - 120_000).toISOString());
    // The repeated boundary post is not stored twice.
    expect(await rawItems()).toBe(38);
    const source = await getSource(db, 'b1');
    expect(source?.state).toBe('ok');
    expect(source?.cursor).toEqual({ search: { NHS: { newest: makePost(57).indexedAt } }, authors: {} });
    expect(JSON.stringify(source)).not.toMatch(/fixture-(access|refresh)|abcd-efgh/);

    const row = (
      await db.execute<{ text: string; metrics: unknown; author_pseudonym: string; url: string; lang: string }>(
        sql`select text, metrics, author_pseudonym, url, lang from posts where external_id = ${makePost(40).uri}`,
      )
    ).rows[0]!;
    expect(row).toMatchObject({
      text: 'Waiting times at the NHS walk-in centre, 40. #NHS',
      metrics: { reposts: 1, likes: 5, replies: 1 },
      url: `https://bsky.app/profile/${makePost(40).author.did}/post/3lpost000040`,
    });
    expect(row.author_pseudonym).toMatch(/^a_[A-Za-z0-9_-]{22}$/);
    const rollups = await rollupsVsRecomputed(db);
    expect(rollups.stored).toEqual(rollups.recomputed);
  });

  it('refreshes an expired access token and carries on', async () => {
    fixture.index(...range(0, 2));
    await start({ sources: sources({ id: 'b1', url: fixture.url }) });
    await poll('b1');
    await waitFor(async () => (await countPosts(db)) === 2, 'the first posts');
    fixture.expireAccessTokens();
    fixture.index(...range(2, 2));
    await poll('b1');
    await waitFor(async () => (await countPosts(db)) === 4, 'posts after the refresh');
    expect(fixture.requests.map((r) => `${r.nsid.split('.').pop()}:${r.status}`)).toEqual([
      'createSession:200',
      'searchPosts:200',
      'searchPosts:400',
      'refreshSession:200',
      'searchPosts:200',
    ]);
    expect((await getSource(db, 'b1'))?.state).toBe('ok');
  });

  it("stores a watched account's own posts, not its reposts", async () => {
    const actor = 'trust.bsky.social';
    const own = (i: number) => ({ post: makePost(i, { author: { did: 'did:plc:trust', handle: actor } }) });
    const repost = {
      post: makePost(99),
      reason: { $type: 'app.bsky.feed.defs#reasonRepost', indexedAt: makePost(3).indexedAt },
    };
    fixture.feed(actor, own(1), own(2), repost, own(4));
    await start({ sources: sources({ id: 'b1', url: fixture.url, extra: `    accounts: [${actor}]` }) });
    await poll('b1');
    await waitFor(async () => (await rawItems()) === 3 && (await countPosts(db)) === 3, 'the 3 own posts');
    expect(await postExternalIds(db)).toEqual([own(1), own(2), own(4)].map((i) => i.post.uri).sort());
  });

  it('a 429 storm delays only that source, fails no job, and another source goes on', async () => {
    const other = await startBlueskyFixture();
    try {
      fixture.index(...range(0, 3));
      other.index(...range(10, 4));
      await start({ sources: sources({ id: 'b1', url: fixture.url }, { id: 'b2', url: other.url }) });
      fixture.fail(
        ...[1, 2, 3].map(() => ({ status: 429, headers: { 'retry-after': '1', 'ratelimit-remaining': '0' } })),
      );
      await poll('b1');
      const limited = await waitFor(async () => {
        const s = await getSource(db, 'b1');
        return s?.state === 'rate_limited' ? s : null;
      }, 'b1 to be rate limited');
      expect(limited.notBefore!.getTime()).toBeGreaterThan(Date.now() - 1000);
      expect(limited.lastError).toMatch(/rate limited/);
      await poll('b2');
      await waitFor(async () => {
        const stored = await postExternalIds(db);
        return uris(10, 4).every((u) => stored.includes(u));
      }, "b2's posts while b1 waits");
      await waitFor(async () => (await countPosts(db)) === 7, "b1's posts after the storm", 20_000);
      expect(fixture.requests.filter((r) => r.status === 429)).toHaveLength(3);
      expect((await getSource(db, 'b1'))?.state).toBe('ok');
      expect(await ingest().queues['poll-source'].getJobCountByTypes('failed')).toBe(0);
    } finally {
      await other.close();
    }
  });

  it('a 500 is retried with backoff and the source recovers', async () => {
    fixture.index(...range(0, 3));
    await start({ sources: sources({ id: 'b1', url: fixture.url }) });
    fixture.fail({ status: 500 });
    await poll('b1');
    await waitFor(async () => (await getSource(db, 'b1'))?.state === 'backoff', 'the source to show its backoff');
    expect((await getSource(db, 'b1'))?.lastError).toMatch(/500/);
    await waitFor(async () => (await countPosts(db)) === 3, 'posts after the retry', 20_000);
    expect((await getSource(db, 'b1'))?.state).toBe('ok');
  });

  it('a refused app password stops the source and says why', async () => {
    await start({ sources: sources({ id: 'b1', url: fixture.url, password: 'BSKY_OLD_PASSWORD' }) });
    await poll('b1');
    const stopped = await waitFor(async () => {
      const s = await getSource(db, 'b1');
      return s?.state === 'stopped' ? s : null;
    }, 'the source to stop');
    expect(stopped.enabled).toBe(false);
    expect(stopped.lastError).toMatch(/refused to sign in.*AuthenticationRequired/);
    expect(stopped.lastError).not.toContain('revoked-app-password');
    expect(fixture.requests.map((r) => r.nsid)).toEqual(['com.atproto.server.createSession']);
  });

  it('quarantines a malformed post with its payload and reason, and stores the rest', async () => {
    const broken = makePost(2, { record: { $type: 'app.bsky.feed.post', text: 'no date #NHS' } });
    fixture.index(makePost(0), makePost(1), broken, makePost(3));
    await start({ sources: sources({ id: 'b1', url: fixture.url }) });
    await poll('b1');
    await waitFor(async () => (await countPosts(db)) === 3, 'the 3 good posts');
    const q = await db.execute<{ reason: string; payload: { uri: string }; stage: string; source_id: string }>(
      sql`select reason, payload, stage, source_id from quarantine`,
    );
    expect(q.rows).toHaveLength(1);
    expect(q.rows[0]).toMatchObject({ stage: 'transform', source_id: 'b1', payload: { uri: broken.uri } });
    expect(q.rows[0]!.reason).toMatch(/record\.createdAt/);
  });
});
