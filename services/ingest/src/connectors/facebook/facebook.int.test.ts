import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sourceHealth } from '@lp/db/queries/source-admin';
import { getSource } from '@lp/db/queries/sources';
import { count, countPosts, postExternalIds, rollupsVsRecomputed } from '../../testing/db-checks';
import { waitFor } from '../../testing/harness';
import { usePipeline } from '../../testing/pipeline-test';
import {
  FIXTURE_PAGE,
  makeFbComment,
  makeFbPost,
  startFacebookFixture,
  type FacebookFixture,
} from './facebook-fixture';
import { FACEBOOK_ENV, facebookSource } from './facebook-sources';

const HOUR = 3_600_000;
const ago = (hours: number) => new Date(Date.now() - hours * HOUR);

describe('facebook connector through the real queue into Postgres', () => {
  let fixture: FacebookFixture;
  beforeEach(async () => {
    fixture = await startFacebookFixture({ pageSize: 10 });
  });
  afterEach(() => fixture.close());
  const { db, start, stop, poll, pollAndWait, allTagged, ingest } = usePipeline({ processEnv: FACEBOOK_ENV });

  it('reads the window of the Page feed page by page, then each post’s comments and replies', async () => {
    const posts = Array.from({ length: 23 }, (_, n) => makeFbPost(n, ago(1 + n)));
    fixture.add(...posts, makeFbPost(99, ago(80)));
    const first = posts[0]!;
    const c1 = makeFbComment(first, 1, ago(0.5));
    const reply = makeFbComment(first, 2, ago(0.4), {
      parent: { id: c1.id },
      from: { id: FIXTURE_PAGE, name: 'Example NHS Foundation Trust' },
      message: 'Thank you, we will pass this on to the team',
    });
    fixture.addComments(first, c1, reply);
    fixture.setTokenExpiry(null);
    await start({ sources: [facebookSource('fb', fixture)] });
    await poll('fb');
    await waitFor(async () => (await countPosts(db)) === 25, '23 posts and 2 comments');
    const ids = await postExternalIds(db);
    expect(ids).not.toContain(makeFbPost(99, ago(80)).id);
    expect(ids).toContain(c1.id);

    const feed = fixture.graphRequests().filter((r) => r.path.endsWith('/feed'));
    expect(feed).toHaveLength(3);
    expect(Number(feed[0]!.query.since)).toBeGreaterThan(Date.now() / 1000 - 48 * 3600 - 60);
    // The token in the header only, never in a URL.
    expect(fixture.requests.every((r) => r.authorization === `Bearer ${FACEBOOK_ENV.FB_PAGE_TOKEN}`)).toBe(true);
    // Only debug_token carries it in its query (as input_token, the way Meta documents that call).
    expect(
      fixture.requests.filter((r) => JSON.stringify(r.query).includes(FACEBOOK_ENV.FB_PAGE_TOKEN)).map((r) => r.path),
    ).toEqual(['/v23.0/debug_token']);
    expect(fixture.graphRequests().every((r) => !JSON.stringify(r.query).includes(FACEBOOK_ENV.FB_PAGE_TOKEN))).toBe(
      true,
    );
    // 23 comment listings: one per post.
    expect(fixture.graphRequests().filter((r) => r.path.endsWith('/comments'))).toHaveLength(23);

    const voices = await db.execute<{ external_id: string; voice: string; metrics: unknown }>(
      sql`select external_id, voice, metrics from posts where external_id in (${first.id}, ${c1.id}, ${reply.id}) order by external_id`,
    );
    expect(Object.fromEntries(voices.rows.map((r) => [r.external_id, r.voice]))).toEqual({
      [first.id]: 'org',
      [c1.id]: 'public',
      [reply.id]: 'org',
    });
    expect(voices.rows.find((r) => r.external_id === first.id)!.metrics).toEqual({ reposts: 2, likes: 0, replies: 0 });
    // A page token from a long-lived user token never expires: the health table has nothing to warn of.
    expect((await sourceHealth(db)).find((s) => s.id === 'fb')?.credentialExpiresAt).toBeNull();
    const rollups = await rollupsVsRecomputed(db);
    expect(rollups.stored).toEqual(rollups.recomputed);
  });

  it('resumes a pass after a restart and stores each post once', async () => {
    const posts = Array.from({ length: 25 }, (_, n) => makeFbPost(n, ago(1 + n)));
    fixture.add(...posts);
    // Usage near Meta's limit after the first call ends the first run's poll early.
    fixture.setUsage(95, 1);
    await start({ sources: [facebookSource('fb', fixture)] });
    await poll('fb');
    const paused = await waitFor(async () => {
      const s = await getSource(db, 'fb');
      return s?.state === 'rate_limited' ? s : null;
    }, 'the source to slow down');
    expect(paused.notBefore!.getTime()).toBeGreaterThan(Date.now() + 5 * 60_000);
    await waitFor(async () => (await countPosts(db)) === 10, 'the first page');
    await stop();
    expect(((await getSource(db, 'fb'))!.cursor as { pass?: unknown }).pass).toBeDefined();

    fixture.setUsage(5);
    await db.execute(sql`update sources set not_before = null, state = 'ok' where id = 'fb'`);
    await start({ sources: [facebookSource('fb', fixture)] });
    await poll('fb');
    await waitFor(async () => (await countPosts(db)) === 25, 'the rest of the pass');
    await waitFor(async () => !((await getSource(db, 'fb'))!.cursor as { pass?: unknown }).pass, 'the pass ends');
    await pollAndWait('fb');
    await allTagged();
    expect(await count(db, sql`select count(*)::int as n from raw_items`)).toBe(25);
    expect(await postExternalIds(db)).toEqual(posts.map((p) => p.id).sort());
  });

  it('notices edits by their text and deletions by their absence, with exact rollups', async () => {
    const keep = makeFbPost(1, ago(2));
    const doomed = makeFbPost(2, ago(3));
    const c1 = makeFbComment(keep, 1, ago(1.5));
    const c2 = makeFbComment(keep, 2, ago(1.2));
    const r1 = makeFbComment(keep, 3, ago(1.1), { parent: { id: c2.id } });
    const dc = makeFbComment(doomed, 4, ago(2.5));
    fixture.add(keep, doomed);
    fixture.addComments(keep, c1, c2, r1);
    fixture.addComments(doomed, dc);
    await start({ sources: [facebookSource('fb', fixture)] });
    await poll('fb');
    await waitFor(async () => (await countPosts(db)) === 6, 'two posts and four comments');
    await allTagged();

    fixture.add({ ...keep, message: 'Update: the ward reopens on Monday, staff are exhausted' });
    fixture.remove(doomed.id); // the post and its comment
    fixture.remove(c2.id); // a comment and its reply
    // Deleted once two complete passes in a row have missed them.
    await pollAndWait('fb');
    await allTagged();
    expect(await countPosts(db)).toBe(6);
    await pollAndWait('fb');
    await waitFor(async () => (await countPosts(db)) === 2, 'four items deleted');
    expect(await postExternalIds(db)).toEqual([keep.id, c1.id].sort());
    await waitFor(
      async () =>
        (await db.execute<{ text: string }>(sql`select text from posts where external_id = ${keep.id}`)).rows[0]
          ?.text === 'Update: the ward reopens on Monday, staff are exhausted',
      'the edit',
    );
    await allTagged();
    const rollups = await rollupsVsRecomputed(db);
    expect(rollups.stored).toEqual(rollups.recomputed);

    // Nothing changed: a further pass stores nothing.
    const before = await count(db, sql`select count(*)::int as n from raw_items`);
    await pollAndWait('fb');
    expect(await count(db, sql`select count(*)::int as n from raw_items`)).toBe(before);
  });

  it('a post deleted between the feed and its comments is skipped, then judged deleted', async () => {
    const keep = makeFbPost(1, ago(1));
    const doomed = makeFbPost(2, ago(2));
    fixture.add(keep, doomed);
    fixture.addComments(doomed, makeFbComment(doomed, 1, ago(1.5)));
    await start({ sources: [facebookSource('fb', fixture)] });
    await poll('fb');
    await waitFor(async () => (await countPosts(db)) === 3, 'two posts and a comment');
    // Near Meta's usage ceiling after the feed call: the pass stops there, its comment listings waiting.
    fixture.setUsage(95, 1);
    await pollAndWait('fb');
    expect(((await getSource(db, 'fb'))!.cursor as { pass?: unknown }).pass).toBeDefined();
    fixture.remove(doomed.id);
    fixture.setUsage(5);
    await db.execute(sql`update sources set not_before = null where id = 'fb'`);
    await poll('fb');
    await waitFor(async () => !((await getSource(db, 'fb'))!.cursor as { pass?: unknown }).pass, 'the pass ends');
    // The deleted post's comments were asked for and refused (code 100): skipped, the source goes on.
    expect(fixture.graphRequests().some((r) => r.path.endsWith(`${doomed.id}/comments`))).toBe(true);
    await waitFor(async () => (await getSource(db, 'fb'))?.state === 'ok', 'the source ok');
    await pollAndWait('fb');
    await pollAndWait('fb');
    await waitFor(async () => (await countPosts(db)) === 1, 'the deleted post and its comment gone');
    await allTagged();
    const rollups = await rollupsVsRecomputed(db);
    expect(rollups.stored).toEqual(rollups.recomputed);
  });

  it('quarantines a malformed post once and stores the rest', async () => {
    fixture.add(makeFbPost(1, ago(1)), makeFbPost(2, ago(2), { created_time: 'last week' }), makeFbPost(3, ago(3)));
    await start({ sources: [facebookSource('fb', fixture)] });
    await poll('fb');
    await waitFor(async () => (await countPosts(db)) === 2, 'two good posts');
    const q = await db.execute<{ external_id: string; reason: string }>(
      sql`select external_id, reason from quarantine`,
    );
    expect(q.rows).toEqual([
      { external_id: makeFbPost(2, ago(2)).id, reason: expect.stringMatching(/created_time "last week"/) },
    ]);
    await pollAndWait('fb');
    expect(await count(db, sql`select count(*)::int as n from quarantine`)).toBe(1);
  });

  it('Meta throttling (code 32, status 400) delays only that source; a 500 is retried', async () => {
    const other = await startFacebookFixture();
    try {
      fixture.add(makeFbPost(1, ago(1)));
      other.add(makeFbPost(5, ago(1)), makeFbPost(6, ago(2)));
      fixture.fail({ status: 400, code: 32, path: '/feed' }, { status: 500, path: '/feed' });
      await start({ sources: [facebookSource('fb', fixture), facebookSource('fb2', other)] });
      await poll('fb');
      await poll('fb2');
      const limited = await waitFor(async () => {
        const s = await getSource(db, 'fb');
        return s?.state === 'rate_limited' ? s : null;
      }, 'fb to wait');
      expect(limited.lastError).toMatch(/rate limited by Facebook \(code 32\)/);
      await waitFor(
        async () => (await count(db, sql`select count(*)::int as n from posts where source_id = 'fb2'`)) === 2,
        'the other source goes on',
      );
      // Meta's wait is ten minutes without an estimate: bring it forward, as an admin's Resume would.
      await db.execute(sql`update sources set not_before = null where id = 'fb'`);
      await poll('fb');
      await waitFor(
        async () => (await count(db, sql`select count(*)::int as n from posts where source_id = 'fb'`)) === 1,
        'fb after the throttle and the 500',
        30_000,
      );
      expect((await getSource(db, 'fb'))?.state).toBe('ok');
      expect(await ingest().queues['poll-source'].getJobCountByTypes('failed')).toBe(0);
    } finally {
      await other.close();
    }
  });

  it('an expired token stops the source with the reason; one close to expiry is shown in health', async () => {
    fixture.add(makeFbPost(1, ago(1)));
    const soon = new Date(Date.now() + 3 * 86_400_000);
    fixture.setTokenExpiry(soon);
    await start({ sources: [facebookSource('fb', fixture)] });
    await poll('fb');
    await waitFor(async () => (await countPosts(db)) === 1, 'the post');
    const health = (await sourceHealth(db)).find((s) => s.id === 'fb')!;
    expect(health.credentialExpiresAt?.getTime()).toBe(Math.floor(soon.getTime() / 1000) * 1000);

    fixture.expireToken();
    await poll('fb');
    const stopped = await waitFor(async () => {
      const s = await getSource(db, 'fb');
      return s?.state === 'stopped' ? s : null;
    }, 'the source to stop');
    expect(stopped.lastError).toMatch(/^401: the token was refused by Facebook \(code 190\): the token has expired/);
  });

  it('a wrong token stops the source without showing it', async () => {
    fixture.add(makeFbPost(1, ago(1)));
    await start({ sources: [facebookSource('fb', fixture, {}, 'FB_WRONG_TOKEN')] });
    await poll('fb');
    const stopped = await waitFor(async () => {
      const s = await getSource(db, 'fb');
      return s?.state === 'stopped' ? s : null;
    }, 'the source to stop');
    expect(stopped.lastError).toMatch(/code 190/);
    expect(stopped.lastError).not.toContain('not-the-page-token');
    expect(await countPosts(db)).toBe(0);
  });
});
