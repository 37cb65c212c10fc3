import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getSource } from '@lp/db/queries/sources';
import { testConnectorDeps } from '../../testing/connector-deps';
import { count, postExternalIds } from '../../testing/db-checks';
import { waitFor } from '../../testing/harness';
import { usePipeline } from '../../testing/pipeline-test';
import type { Cursor, Page } from '../types';
import { createRedditConnector } from './connector';
import { startRedditFixture, type RedditFixture } from './reddit-fixture';
import { FIXTURE_CLIENT, makePost, name, range, UA } from './reddit-samples';
import { REDDIT_ENV, redditSource } from './reddit-sources';

const HOUR = 3_600_000;
const names = (ns: number[]) => ns.map((n) => name(n));

/**
 * Posts first…first+n-1, one every 40 minutes back from 5 minutes before `now` (epoch seconds), the
 * last the newest: with the defaults 4–39 lie inside a 24-hour window, 0–3 just outside.
 */
function publishHistory(fixture: RedditFixture, sub: string, now: number, first = 0, n = 40) {
  const at = (k: number) => now - (5 + (first + n - 1 - k) * 40) * 60;
  fixture.add(sub, ...range(first, n).map((k) => makePost(sub, k, { created_utc: at(k) })));
  return at;
}
/** Posts 900–909, a week old. */
const publishLastWeek = (fixture: RedditFixture, now: number) =>
  fixture.add('nhs', ...range(900, 10).map((k) => makePost('NHS', k, { created_utc: now - 7 * 86_400 + k })));

describe('reddit history on first collection, against the fixture API', () => {
  let fixture: RedditFixture;
  let sourceId: string;
  beforeEach(async () => {
    fixture = await startRedditFixture();
    // Tokens are kept per source id in memory: each test is a new source.
    sourceId = `r-${randomUUID()}`;
  });
  afterEach(() => fixture.close());

  const NOW = Date.UTC(2026, 11, 4, 12, 0) / 1000;
  const connector = (config: Record<string, unknown> = {}) =>
    createRedditConnector(
      {
        id: sourceId,
        config: {
          clientId: FIXTURE_CLIENT.id,
          userAgent: UA,
          subreddits: ['NHS'],
          limit: 10,
          commentThreads: 0,
          allPosts: true,
          baseUrl: fixture.url,
          authUrl: fixture.authUrl,
          ...config,
        },
      },
      testConnectorDeps(new Date(NOW * 1000), { secrets: { clientSecret: FIXTURE_CLIENT.secret } }),
    );
  const ids = (page: Page) => page.items.map((i) => i.externalId);
  const asked = () =>
    fixture.apiRequests().map((r) => `${r.path} ${r.query.after ? `after=${r.query.after}` : ''}`.trim());

  it('a spent rate window stops before the next subreddit and keeps the history, which resumes; covered once, from the latest start', async () => {
    const atNhs = publishHistory(fixture, 'nhs', NOW);
    // r/nursing has 12 posts, all in the window: its history ends with the listing.
    publishHistory(fixture, 'nursing', NOW, 100, 12);
    const c = connector({ subreddits: ['NHS', 'nursing'], backfillPages: 3 });

    const first = await c.fetchPage(null);
    expect(first.full).toBe(true);
    expect(first.coveredFrom).toBeUndefined();
    expect(first.nextCursor).toMatchObject({
      subs: {
        nhs: { newest: { name: name(39) }, history: { after: name(30), pagesLeft: 1 } },
        nursing: { newest: { name: name(111) }, history: { after: name(102), pagesLeft: 1 } },
      },
    });

    // One request left in the window: r/NHS takes it, r/nursing waits for the reset.
    fixture.setRateWindow(1, 120);
    const limited = await c.fetchPage(first.nextCursor);
    expect(limited.pauseUntil?.getTime()).toBe((NOW + 120) * 1000);
    expect(limited.coveredFrom).toBeUndefined();
    expect(limited.nextCursor).toMatchObject({
      subs: {
        nhs: { history: { after: name(20), pagesLeft: 0 } },
        nursing: { history: { after: name(102), pagesLeft: 1 } },
      },
    });

    fixture.setRateWindow(600, 420);
    const pages: Page[] = [first, limited];
    let cursor: Cursor | null = limited.nextCursor;
    while (pages.at(-1)!.full && pages.length < 10) {
      const page = await c.fetchPage(cursor);
      pages.push(page);
      cursor = page.nextCursor;
    }
    // r/NHS stops at its page limit (covered from its oldest post read: 10), r/nursing at the end of
    // its listing (covered from the window's start): the source from the later one.
    expect(pages.map((p) => p.coveredFrom?.toISOString())).toEqual([
      undefined,
      undefined,
      new Date(atNhs(10) * 1000).toISOString(),
    ]);
    expect(cursor).not.toHaveProperty('coveredFrom');
    expect(cursor).toMatchObject({
      subs: { nhs: { newest: { name: name(39) } }, nursing: { newest: { name: name(111) } } },
    });
    expect(cursor).not.toHaveProperty('subs.nhs.history');
    expect(cursor).not.toHaveProperty('subs.nursing.history');
    const all = pages.flatMap(ids);
    expect(new Set(all).size).toBe(all.length);
    expect(all.sort()).toEqual(names([...range(10, 30), ...range(100, 12)]).sort());
    expect(asked()).toEqual([
      '/r/NHS/new',
      '/r/nursing/new',
      `/r/NHS/new after=${name(30)}`,
      `/r/NHS/new after=${name(20)}`,
      `/r/nursing/new after=${name(102)}`,
    ]);
  });

  it('an existing cursor goes on forward without history; a subreddit added to it reads its history but claims no coverage', async () => {
    const at = publishHistory(fixture, 'nhs', NOW);
    publishHistory(fixture, 'nursing', NOW, 100);
    const c = connector({ subreddits: ['NHS', 'nursing'], backfillPages: 2 });

    const page = await c.fetchPage({ subs: { nhs: { newest: { utc: at(35), name: name(35) } } } });
    expect(page.nextCursor).toMatchObject({
      subs: { nhs: { newest: { name: name(39) } }, nursing: { history: { after: name(130) } } },
    });
    expect(page.nextCursor).not.toHaveProperty('subs.nhs.history');
    const last = await c.fetchPage(page.nextCursor);
    expect(last.full).toBe(false);
    expect([page.coveredFrom, last.coveredFrom]).toEqual([undefined, undefined]);
    expect(last.nextCursor).not.toHaveProperty('coveredFrom');
    expect(last.nextCursor).not.toHaveProperty('subs.nursing.history');
    expect(asked()).toEqual(['/r/NHS/new', '/r/nursing/new', '/r/NHS/new', `/r/nursing/new after=${name(130)}`]);
  });

  it('backfillHours 0 keeps the old behaviour: the newest page only, nothing claimed', async () => {
    publishHistory(fixture, 'nhs', NOW);
    const page = await connector({ backfillHours: 0 }).fetchPage(null);
    expect(ids(page).sort()).toEqual(names(range(30, 10)).sort());
    expect(page.full).toBe(false);
    expect(page.coveredFrom).toBeUndefined();
    expect(page.nextCursor).not.toHaveProperty('coveredFrom');
    expect(page.nextCursor).not.toHaveProperty('subs.nhs.history');
    expect(fixture.apiRequests()).toHaveLength(1);
  });
});

describe('reddit history on first collection, through the real queue into Postgres', () => {
  let fixture: RedditFixture;
  let published = false;
  const now = Math.floor(Date.now() / 1000);
  beforeEach(async () => {
    fixture = await startRedditFixture();
    published = false;
    // The first request for an older page publishes five new posts: posted while history is read.
    fixture.onRequest((r) => {
      if (!r.query.after || published) return;
      published = true;
      const t = Math.floor(Date.now() / 1000);
      fixture.add('nhs', ...range(100, 5).map((k) => makePost('NHS', k, { created_utc: t + k - 100 })));
    });
  });
  afterEach(() => fixture.close());
  const { db, start, poll, allTagged } = usePipeline({ processEnv: REDDIT_ENV });

  const historyDone = () =>
    waitFor(async () => {
      const c = (await getSource(db, 'r1'))?.cursor as
        { subs?: { nhs?: { newest?: object; history?: object } }; coveredFrom?: object } | undefined;
      return c?.subs?.nhs?.newest && !c.subs.nhs.history && !c.coveredFrom;
    }, 'the history read');
  const rawItems = () => count(db, sql`select count(*)::int as n from raw_items`);
  const duplicates = () =>
    count(
      db,
      sql`select count(*)::int as n from (select external_id from raw_items group by external_id having count(*) > 1) d`,
    );
  const coverage = async () => {
    const row = (
      await db.execute<{ first: string; hours: number; span: number; backfilled: number }>(sql`
        select min(hour) as first, count(*) filter (where covered)::int as hours,
          (extract(epoch from max(hour) - min(hour)) / 3600)::int + 1 as span,
          count(*) filter (where backfilled)::int as backfilled
        from source_coverage where source_id = 'r1'`)
    ).rows[0]!;
    return { ...row, first: new Date(row.first) };
  };
  const hourOf = (ms: number) => new Date(Math.floor(ms / HOUR) * HOUR);

  it('reads the 24-hour history once, newest first, then drains forward to the first page without a gap', async () => {
    publishHistory(fixture, 'nhs', now);
    publishLastWeek(fixture, now);
    await start({ sources: [redditSource('r1', fixture)], now: () => new Date(now * 1000) });

    await poll('r1');
    await historyDone();
    await allTagged();
    // The window's 36 posts, each once; nothing older, and not yet the five posted meanwhile.
    expect(published).toBe(true);
    expect(await postExternalIds(db)).toEqual(names(range(4, 36)).sort());
    expect(await rawItems()).toBe(36);
    expect(
      await count(
        db,
        sql`select count(*)::int as n from posts where published_at < ${new Date((now - 86_400) * 1000).toISOString()}`,
      ),
    ).toBe(0);
    expect(fixture.apiRequests().map((r) => r.query.after ?? null)).toEqual([null, name(30), name(20), name(10)]);
    // Every hour since the window's start is covered, those before the last poll's hour as backfilled.
    const cov = await coverage();
    expect(cov.first).toEqual(hourOf((now - 86_400) * 1000));
    expect(cov.hours).toBe(cov.span);
    expect(cov.backfilled).toBeGreaterThanOrEqual(24);

    // Twenty more after the history: forward polling drains back to the first page's newest post (39).
    const t = Math.floor(Date.now() / 1000) + 10;
    fixture.add('nhs', ...range(105, 20).map((k) => makePost('NHS', k, { created_utc: t + k - 105 })));
    await poll('r1');
    await waitFor(async () => (await rawItems()) === 61, '61 raw items');
    await allTagged();
    expect(await postExternalIds(db)).toEqual(names([...range(4, 36), ...range(100, 25)]).sort());
    expect(await duplicates()).toBe(0);
    const forward = fixture.apiRequests().slice(4);
    expect(forward.map((r) => r.query.after ?? null)).toEqual([null, name(115), name(105)]);
    // The drain stops on the page that lists the first page's newest post: no history is read again.
    expect(forward.flatMap((r) => r.served)).toEqual(names([...range(100, 25).reverse(), 39, 38, 37, 36, 35]));
    expect((await getSource(db, 'r1'))?.cursor).toMatchObject({ subs: { nhs: { newest: { name: name(124) } } } });
  });

  it('stops at backfillPages, covered only from the oldest post read', async () => {
    const at = publishHistory(fixture, 'nhs', now);
    publishLastWeek(fixture, now);
    await start({ sources: [redditSource('r1', fixture, { backfillPages: 2 })], now: () => new Date(now * 1000) });

    await poll('r1');
    await historyDone();
    await allTagged();
    expect(await postExternalIds(db)).toEqual(names(range(20, 20)).sort());
    expect(await duplicates()).toBe(0);
    expect(fixture.apiRequests().map((r) => r.query.after ?? null)).toEqual([null, name(30)]);
    const cov = await coverage();
    expect(cov.first).toEqual(hourOf(at(20) * 1000));
    expect(cov.hours).toBe(cov.span);

    await poll('r1');
    await waitFor(async () => (await rawItems()) === 25, '25 raw items');
    expect(
      fixture
        .apiRequests()
        .slice(2)
        .map((r) => r.query.after ?? null),
    ).toEqual([null]);
    expect(await duplicates()).toBe(0);
  });
});
