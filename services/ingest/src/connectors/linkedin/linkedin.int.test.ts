import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getSource } from '@lp/db/queries/sources';
import { count, countPosts, postExternalIds, rollupsVsRecomputed } from '../../testing/db-checks';
import { waitFor } from '../../testing/harness';
import { usePipeline } from '../../testing/pipeline-test';
import { FIXTURE_ORG, makeLiComment, makeLiPost, startLinkedinFixture, type LinkedinFixture } from './linkedin-fixture';
import { LINKEDIN_ENV, linkedinSource } from './linkedin-sources';

const HOUR = 3_600_000;
const ago = (hours: number) => new Date(Date.now() - hours * HOUR);
const idOf = (item: Record<string, unknown>) => (item.commentUrn ?? item.id) as string;

describe('linkedin connector through the real queue into Postgres', () => {
  let fixture: LinkedinFixture;
  beforeEach(async () => {
    fixture = await startLinkedinFixture();
  });
  afterEach(() => fixture.close());
  const { db, start, stop, poll, pollAndWait, allTagged, ingest } = usePipeline({ processEnv: LINKEDIN_ENV });

  it('pages the organisation’s posts back to the window, then comments and replies, with the versioned headers', async () => {
    const posts = Array.from({ length: 24 }, (_, n) => makeLiPost(n, ago(1 + n)));
    fixture.add(...posts, makeLiPost(99, ago(90)));
    const first = idOf(posts[0]!);
    const c1 = makeLiComment(first, 1, ago(0.5));
    fixture.addComments(first, c1);
    const reply = makeLiComment(idOf(c1), 2, ago(0.4), {
      actor: FIXTURE_ORG,
      parentComment: idOf(c1),
      message: { text: 'Thank you for your kind words', attributes: [] },
    });
    fixture.addComments(idOf(c1), reply);
    await start({ sources: [linkedinSource('li', fixture)] });
    await poll('li');
    await waitFor(async () => (await countPosts(db)) === 26, '24 posts, a comment and a reply');
    expect(await postExternalIds(db)).not.toContain(idOf(makeLiPost(99, ago(90))));

    const postCalls = fixture.requests.filter((r) => r.path === '/rest/posts');
    expect(postCalls.map((r) => r.query.start)).toEqual(['0', '10', '20']);
    expect(postCalls[0]!.query).toMatchObject({ author: FIXTURE_ORG, q: 'author', sortBy: 'CREATED', count: '10' });
    expect(
      fixture.requests.every(
        (r) =>
          r.headers.authorization === `Bearer ${LINKEDIN_ENV.LI_TOKEN}` &&
          /^\d{6}$/.test(r.headers.version ?? '') &&
          r.headers.restli === '2.0.0',
      ),
    ).toBe(true);
    expect(fixture.requests.some((r) => r.path === `/rest/socialActions/${idOf(c1)}/comments`)).toBe(true);

    const rows = await db.execute<{ external_id: string; voice: string; url: string }>(
      sql`select external_id, voice, url from posts where external_id in (${first}, ${idOf(c1)}, ${idOf(reply)})`,
    );
    const voice = Object.fromEntries(rows.rows.map((r) => [r.external_id, r.voice]));
    expect(voice).toEqual({ [first]: 'org', [idOf(c1)]: 'public', [idOf(reply)]: 'org' });
    expect(rows.rows.find((r) => r.external_id === first)!.url).toBe(`https://www.linkedin.com/feed/update/${first}/`);
    const rollups = await rollupsVsRecomputed(db);
    expect(rollups.stored).toEqual(rollups.recomputed);
  });

  it('resumes an unfinished pass after a restart without storing anything twice', async () => {
    const posts = Array.from({ length: 25 }, (_, n) => makeLiPost(n, ago(1 + n)));
    fixture.add(...posts);
    // A daily limit spent after the first page (429, no Retry-After): the poll ends, the pass waits.
    fixture.fail({ status: 429, path: '/rest/socialActions' });
    await start({ sources: [linkedinSource('li', fixture, { maxRequestsPerPoll: 1 })] });
    await poll('li');
    const limited = await waitFor(async () => {
      const s = await getSource(db, 'li');
      return s?.state === 'rate_limited' ? s : null;
    }, 'the daily limit');
    // No Retry-After: LinkedIn's daily limits reset at midnight UTC.
    const midnight = new Date(limited.lastPolledAt!);
    midnight.setUTCHours(24, 0, 0, 0);
    expect(limited.notBefore?.toISOString()).toBe(midnight.toISOString());
    await waitFor(async () => (await countPosts(db)) === 10, 'the first page');
    await stop();

    await db.execute(sql`update sources set not_before = null, state = 'ok' where id = 'li'`);
    await start({ sources: [linkedinSource('li', fixture, { maxRequestsPerPoll: 5 })] });
    await poll('li');
    await waitFor(async () => !((await getSource(db, 'li'))!.cursor as { pass?: unknown }).pass, 'the pass ends');
    await waitFor(async () => (await countPosts(db)) === 25, 'all 25');
    await pollAndWait('li');
    await allTagged();
    expect(await count(db, sql`select count(*)::int as n from raw_items`)).toBe(25);
  });

  it('applies edits (lastModifiedAt) and deletions seen by re-listing, with exact rollups', async () => {
    const keep = makeLiPost(1, ago(2));
    const doomed = makeLiPost(2, ago(3));
    const c1 = makeLiComment(idOf(keep), 1, ago(1.5));
    const c2 = makeLiComment(idOf(keep), 2, ago(1.4));
    fixture.add(keep, doomed);
    fixture.addComments(idOf(keep), c1, c2);
    fixture.addComments(idOf(doomed), makeLiComment(idOf(doomed), 3, ago(2.5)));
    await start({ sources: [linkedinSource('li', fixture)] });
    await poll('li');
    await waitFor(async () => (await countPosts(db)) === 5, 'two posts, three comments');
    await allTagged();

    fixture.add({
      ...keep,
      commentary: 'Update: staff shortages mean the clinic closes early',
      lastModifiedAt: Date.now(),
    });
    fixture.remove(idOf(doomed));
    fixture.remove(idOf(c2));
    // Deleted once two complete passes in a row have missed them.
    await pollAndWait('li');
    await allTagged();
    expect(await countPosts(db)).toBe(5);
    await pollAndWait('li');
    await waitFor(async () => (await countPosts(db)) === 2, 'three deletions');
    expect(await postExternalIds(db)).toEqual([idOf(keep), idOf(c1)].sort());
    await waitFor(
      async () =>
        (await db.execute<{ text: string }>(sql`select text from posts where external_id = ${idOf(keep)}`)).rows[0]
          ?.text === 'Update: staff shortages mean the clinic closes early',
      'the edit',
    );
    await allTagged();
    const rollups = await rollupsVsRecomputed(db);
    expect(rollups.stored).toEqual(rollups.recomputed);
  });

  it('keeps a scheduled post created before the window, and skips comments of a post deleted mid-pass', async () => {
    // Created three days ago, published an hour ago: listed (and judged) by creation, so it is not
    // read again and must not be taken for deleted.
    const scheduled = makeLiPost(1, ago(72), { publishedAt: ago(1).getTime() });
    const doomed = makeLiPost(2, ago(2));
    fixture.add(makeLiPost(3, ago(3)), doomed);
    await start({ sources: [linkedinSource('li', fixture)] });
    await poll('li');
    await waitFor(async () => (await countPosts(db)) === 2, 'the two recent posts');
    fixture.add(scheduled);
    // The next pass lists the posts, then LinkedIn's daily limit stops it before the comments.
    fixture.fail({ status: 429, path: '/rest/socialActions' });
    await pollAndWait('li');
    expect(((await getSource(db, 'li'))!.cursor as { pass?: unknown }).pass).toBeDefined();
    fixture.remove(idOf(doomed));
    await db.execute(sql`update sources set not_before = null where id = 'li'`);
    await poll('li');
    await waitFor(async () => !((await getSource(db, 'li'))!.cursor as { pass?: unknown }).pass, 'the pass ends');
    // The deleted post's comments answered 404: skipped, the source goes on.
    expect(fixture.requests.some((r) => r.path === `/rest/socialActions/${idOf(doomed)}/comments`)).toBe(true);
    await waitFor(async () => (await getSource(db, 'li'))?.state === 'ok', 'the source ok');
    await allTagged();
    // The scheduled post is outside the window by creation: stored once, never judged.
    expect(await postExternalIds(db)).toEqual([idOf(makeLiPost(3, ago(3))), idOf(doomed)].sort());
    await pollAndWait('li');
    await pollAndWait('li');
    await waitFor(async () => (await countPosts(db)) === 1, 'the deleted post gone');
  });

  it('an API version LinkedIn no longer serves stops the source and says what to change', async () => {
    fixture.add(makeLiPost(1, ago(1)));
    await start({ sources: [linkedinSource('li', fixture, { apiVersion: '202001' })] });
    fixture.retireVersion('202001');
    await poll('li');
    const stopped = await waitFor(async () => {
      const s = await getSource(db, 'li');
      return s?.state === 'stopped' ? s : null;
    }, 'the source to stop');
    expect(stopped.lastError).toMatch(/^426: LinkedIn no longer serves the API version .*set apiVersion/);
  });

  it('quarantines a malformed post once and stores the rest', async () => {
    fixture.add(makeLiPost(1, ago(1)), makeLiPost(2, ago(2), { createdAt: 'Tuesday' }), makeLiPost(3, ago(3)));
    await start({ sources: [linkedinSource('li', fixture)] });
    await poll('li');
    await waitFor(async () => (await countPosts(db)) === 2, 'two good posts');
    const q = await db.execute<{ external_id: string; reason: string }>(
      sql`select external_id, reason from quarantine`,
    );
    expect(q.rows).toEqual([{ external_id: idOf(makeLiPost(2, ago(2))), reason: expect.stringMatching(/createdAt/) }]);
    await pollAndWait('li');
    expect(await count(db, sql`select count(*)::int as n from quarantine`)).toBe(1);
  });

  it('a 429 storm delays only that source; a 5xx is retried until it recovers', async () => {
    const other = await startLinkedinFixture();
    try {
      fixture.add(makeLiPost(1, ago(1)));
      other.add(makeLiPost(5, ago(1)), makeLiPost(6, ago(2)));
      fixture.fail(
        { status: 429, headers: { 'retry-after': '1' } },
        { status: 429, headers: { 'retry-after': '1' } },
        { status: 502 },
      );
      await start({ sources: [linkedinSource('li', fixture), linkedinSource('li2', other)] });
      await poll('li');
      await poll('li2');
      await waitFor(async () => (await getSource(db, 'li'))?.state === 'rate_limited', 'li to wait');
      await waitFor(
        async () => (await count(db, sql`select count(*)::int as n from posts where source_id = 'li2'`)) === 2,
        'the other source goes on',
      );
      await waitFor(
        async () => (await count(db, sql`select count(*)::int as n from posts where source_id = 'li'`)) === 1,
        'li after the storm and the 502',
        30_000,
      );
      expect((await getSource(db, 'li'))?.state).toBe('ok');
      expect(await ingest().queues['poll-source'].getJobCountByTypes('failed')).toBe(0);
    } finally {
      await other.close();
    }
  });

  it('a revoked token stops the source with the reason, without the token', async () => {
    fixture.add(makeLiPost(1, ago(1)));
    await start({ sources: [linkedinSource('li', fixture, {}, 'LI_WRONG_TOKEN')] });
    await poll('li');
    const stopped = await waitFor(async () => {
      const s = await getSource(db, 'li');
      return s?.state === 'stopped' ? s : null;
    }, 'the source to stop');
    expect(stopped.lastError).toMatch(/^401: the token was refused by 127\.0\.0\.1/);
    expect(stopped.lastError).not.toContain('not-the-linkedin-token');
  });
});
