import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getSource, type SourceSpec } from '@lp/db/queries/sources';
import { testConnectorDeps } from '../../testing/connector-deps';
import { count, postExternalIds } from '../../testing/db-checks';
import { waitFor } from '../../testing/harness';
import { makeStatus, startMastodonFixture, type MastodonFixture } from '../../testing/mastodon-fixture';
import { usePipeline } from '../../testing/pipeline-test';
import type { Cursor, Page } from '../types';
import { createMastodonConnector } from './connector';

const HOUR = 3_600_000;
const ids = (from: number, n: number) => Array.from({ length: n }, (_, i) => String(from + i));

/**
 * Statuses 2000–2039, one every 40 minutes back from 5 minutes before `now` (2039 the newest):
 * 2004–2039 lie inside a 24-hour window, 2000–2003 just outside; 1900–1909 are a week old.
 */
function publishHistory(fixture: MastodonFixture, tag: string, now: number, newest = 2039, n = 40) {
  const at = (id: number) => new Date(now - (5 + (newest - id) * 40) * 60_000).toISOString();
  fixture.add(
    tag,
    ids(newest - n + 1, n).map((id) => makeStatus(fixture.host, id, { created_at: at(Number(id)) })),
  );
  return at;
}
const publishLastWeek = (fixture: MastodonFixture, now: number) =>
  fixture.add(
    'nhs',
    ids(1900, 10).map((id) =>
      makeStatus(fixture.host, id, { created_at: new Date(now - 7 * 24 * HOUR + Number(id) * 1000).toISOString() }),
    ),
  );

/** Stands between the connector and the fixture; `before` runs as each request arrives, before it is answered. */
async function startRelay(target: string, before: (query: URLSearchParams) => void) {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', target);
    before(url.searchParams);
    void fetch(url).then(async (answer) => {
      const headers: Record<string, string> = {};
      for (const [k, v] of answer.headers)
        if (!['content-length', 'transfer-encoding', 'connection'].includes(k)) headers[k] = v;
      res.writeHead(answer.status, headers).end(await answer.text());
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('mastodon history on first collection, against the fixture', () => {
  let fixture: MastodonFixture;
  beforeEach(async () => {
    fixture = await startMastodonFixture();
  });
  afterEach(() => fixture.close());

  const NOW = Date.UTC(2026, 11, 4, 12, 0);
  const connector = (config: Record<string, unknown> = {}) =>
    createMastodonConnector(
      { id: 'm1', config: { instance: fixture.url, hashtags: ['NHS'], limit: 10, ...config } },
      testConnectorDeps(new Date(NOW)),
    );
  const uris = (page: Page) => page.items.map((i) => i.externalId);
  const uriOf = (id: string) => makeStatus(fixture.host, id).uri;

  it('a spent rate window stops before the next hashtag and keeps the history, which resumes; covered once, from the latest start', async () => {
    const atNhs = publishHistory(fixture, 'nhs', NOW);
    // #nursing has 12 statuses, all in the window: its history ends when nothing older is left.
    publishHistory(fixture, 'nursing', NOW, 3011, 12);
    const c = connector({ hashtags: ['NHS', 'nursing'], backfillPages: 3 });

    const first = await c.fetchPage(null);
    expect(first.full).toBe(true);
    expect(first.coveredFrom).toBeUndefined();
    expect(first.nextCursor).toMatchObject({
      minIds: { NHS: '2039', nursing: '3011' },
      history: { NHS: { maxId: '2030', pagesLeft: 1 }, nursing: { maxId: '3002', pagesLeft: 1 } },
    });

    // One request left in the window: #NHS takes it, #nursing waits for the reset.
    fixture.setRemaining(1);
    const limited = await c.fetchPage(first.nextCursor);
    expect(limited.pauseUntil?.getTime()).toBeGreaterThan(Date.now());
    expect(fixture.requests.at(-1)!.path).toBe('/api/v1/timelines/tag/NHS');
    expect(limited.nextCursor).toMatchObject({
      history: { NHS: { maxId: '2020', pagesLeft: 0 }, nursing: { maxId: '3002', pagesLeft: 1 } },
    });
    expect(limited.coveredFrom).toBeUndefined();

    fixture.setRemaining(300);
    const pages: Page[] = [first, limited];
    let cursor: Cursor | null = limited.nextCursor;
    while (pages.at(-1)!.full && pages.length < 10) {
      const page = await c.fetchPage(cursor);
      pages.push(page);
      cursor = page.nextCursor;
    }
    // #NHS stops at its page limit (covered from its oldest status read: 2010), #nursing at the
    // window's end of its timeline (covered from the window's start): the source from the later one.
    expect(pages.map((p) => p.coveredFrom?.toISOString())).toEqual([undefined, undefined, undefined, atNhs(2010)]);
    expect(cursor).toEqual({ minIds: { NHS: '2039', nursing: '3011' } });
    const all = pages.flatMap(uris);
    expect(new Set(all).size).toBe(all.length);
    expect(all.sort()).toEqual([...ids(2010, 30), ...ids(3000, 12)].map(uriOf).sort());
    const asked = fixture.requests.map((r) => {
      const { limit: _, ...q } = r.query;
      return `${r.path.split('/').at(-1)} ${new URLSearchParams(q).toString()}`;
    });
    expect(asked).toEqual([
      'NHS ',
      'nursing ',
      'NHS max_id=2030',
      'NHS max_id=2020',
      'nursing max_id=3002',
      'NHS min_id=2039',
      'nursing max_id=3000',
    ]);
  });

  it('an existing cursor goes on forward without history; a hashtag added to it reads its history but claims no coverage', async () => {
    publishHistory(fixture, 'nhs', NOW);
    publishHistory(fixture, 'nursing', NOW, 3039);
    const c = connector({ hashtags: ['NHS', 'nursing'], backfillPages: 2 });

    const page = await c.fetchPage({ minIds: { NHS: '2035' } });
    expect(uris(page).slice(0, 4).sort()).toEqual(ids(2036, 4).map(uriOf).sort());
    expect(page.nextCursor).toMatchObject({ minIds: { NHS: '2039', nursing: '3039' } });
    expect(page.nextCursor).toHaveProperty('history.nursing');
    expect(page.nextCursor).not.toHaveProperty('history.NHS');
    const last = await c.fetchPage(page.nextCursor);
    expect(last.full).toBe(false);
    expect(last.coveredFrom).toBeUndefined();
    expect(last.nextCursor).toEqual({ minIds: { NHS: '2039', nursing: '3039' } });
    expect(fixture.requests.map((r) => r.query)).toEqual([
      { limit: '10', min_id: '2035' },
      { limit: '10' },
      { limit: '10', min_id: '2039' },
      { limit: '10', max_id: '3030' },
    ]);
  });

  it('backfillHours 0 keeps the old behaviour: the newest page only, nothing claimed', async () => {
    publishHistory(fixture, 'nhs', NOW);
    const page = await connector({ backfillHours: 0 }).fetchPage(null);
    expect(uris(page).sort()).toEqual(ids(2030, 10).map(uriOf).sort());
    expect(page).toMatchObject({ full: false, nextCursor: { minIds: { NHS: '2039' } } });
    expect(page.coveredFrom).toBeUndefined();
    expect(page.nextCursor).toEqual({ minIds: { NHS: '2039' } });
  });
});

describe('mastodon history on first collection, through the real queue into Postgres', () => {
  let fixture: MastodonFixture;
  let relay: Awaited<ReturnType<typeof startRelay>>;
  let published = false;
  const now = Date.now();
  beforeEach(async () => {
    fixture = await startMastodonFixture();
    published = false;
    // The first request for an older page publishes five new statuses: posted while history is read.
    relay = await startRelay(fixture.url, (query) => {
      if (!query.has('max_id') || published) return;
      published = true;
      fixture.add(
        'nhs',
        ids(2100, 5).map((id) => makeStatus(fixture.host, id, { created_at: new Date().toISOString() })),
      );
    });
  });
  afterEach(async () => {
    await relay.close();
    await fixture.close();
  });
  const { db, start, poll, allTagged } = usePipeline();

  const source = (config: Record<string, unknown> = {}): SourceSpec => ({
    id: 'm1',
    type: 'mastodon',
    config: { instance: relay.url, hashtags: ['NHS'], limit: 10, ...config },
    enabled: true,
    synthetic: false,
    pollEverySeconds: 3600,
  });
  const uriOf = (id: string) => makeStatus(fixture.host, id).uri;
  const historyDone = () =>
    waitFor(async () => {
      const s = await getSource(db, 'm1');
      const c = s?.cursor as { minIds?: object; history?: object; coveredFrom?: object } | undefined;
      return c?.minIds && !c.history && !c.coveredFrom;
    }, 'the history read');
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
        from source_coverage where source_id = 'm1'`)
    ).rows[0]!;
    return { ...row, first: new Date(row.first) };
  };
  const hourOf = (ms: number) => new Date(Math.floor(ms / HOUR) * HOUR);

  it('reads the 24-hour history once, newest first, then follows forward from the first page without a gap', async () => {
    publishHistory(fixture, 'nhs', now);
    publishLastWeek(fixture, now);
    await start({ sources: [source()], now: () => new Date(now) });

    await poll('m1');
    await historyDone();
    await allTagged();
    // The window's 36 statuses, each once; nothing older, and not yet the five posted meanwhile.
    expect(published).toBe(true);
    expect(await postExternalIds(db)).toEqual(ids(2004, 36).map(uriOf).sort());
    expect(await count(db, sql`select count(*)::int as n from raw_items`)).toBe(36);
    expect(
      await count(
        db,
        sql`select count(*)::int as n from posts where published_at < ${new Date(now - 24 * HOUR).toISOString()}`,
      ),
    ).toBe(0);
    expect(fixture.requests.map((r) => r.query)).toEqual([
      { limit: '10' },
      { limit: '10', max_id: '2030' },
      { limit: '10', max_id: '2020' },
      { limit: '10', max_id: '2010' },
    ]);
    // Every hour since the window's start is covered, those before the last poll's hour as backfilled.
    const cov = await coverage();
    expect(cov.first).toEqual(hourOf(now - 24 * HOUR));
    expect(cov.hours).toBe(cov.span);
    expect(cov.backfilled).toBeGreaterThanOrEqual(24);

    // Twenty more after the history: forward polling starts at the first page's newest status (2039).
    fixture.add(
      'nhs',
      ids(2105, 20).map((id) => makeStatus(fixture.host, id, { created_at: new Date().toISOString() })),
    );
    await poll('m1');
    await waitFor(async () => (await count(db, sql`select count(*)::int as n from raw_items`)) === 61, '61 raw items');
    await allTagged();
    expect(await postExternalIds(db)).toEqual([...ids(2004, 36), ...ids(2100, 25)].map(uriOf).sort());
    expect(await duplicates()).toBe(0);
    const forward = fixture.requests.slice(4);
    expect(forward.map((r) => r.query)).toEqual([
      { limit: '10', min_id: '2039' },
      { limit: '10', min_id: '2109' },
      { limit: '10', min_id: '2119' },
    ]);
    // No status was served twice: forward polling did not read the history again.
    const served = fixture.requests.flatMap((r) => r.served);
    expect(new Set(served).size).toBe(served.length);
    expect(forward.flatMap((r) => r.served).sort()).toEqual(ids(2100, 25));
    expect((await getSource(db, 'm1'))?.cursor).toEqual({ minIds: { NHS: '2124' } });
  });

  it('stops at backfillPages, covered only from the oldest status read', async () => {
    const at = publishHistory(fixture, 'nhs', now);
    publishLastWeek(fixture, now);
    await start({ sources: [source({ backfillPages: 2 })], now: () => new Date(now) });

    await poll('m1');
    await historyDone();
    await allTagged();
    expect(await postExternalIds(db)).toEqual(ids(2020, 20).map(uriOf).sort());
    expect(await duplicates()).toBe(0);
    expect(fixture.requests.map((r) => r.query.max_id ?? null)).toEqual([null, '2030']);
    const cov = await coverage();
    expect(cov.first).toEqual(hourOf(Date.parse(at(2020))));
    expect(cov.hours).toBe(cov.span);

    await poll('m1');
    await waitFor(async () => (await count(db, sql`select count(*)::int as n from raw_items`)) === 25, '25 raw items');
    expect(fixture.requests.at(-1)!.query).toEqual({ limit: '10', min_id: '2039' });
    expect(await duplicates()).toBe(0);
  });
});
