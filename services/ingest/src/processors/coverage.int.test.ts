import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { coverageByDay } from '@lp/db/queries/coverage';
import { coveredSince } from '@lp/db/queries/raw-items';
import { getSource, type SourceSpec } from '@lp/db/queries/sources';
import { newsItem, startRssFixture, type RssFixture } from '../connectors/rss/rss-fixture';
import { waitFor } from '../testing/harness';
import { usePipeline } from '../testing/pipeline-test';

const rss = (url: string): SourceSpec => ({
  id: 'news',
  type: 'rss',
  config: { url },
  enabled: true,
  synthetic: false,
  pollEverySeconds: 900,
});
const DEMO: SourceSpec = {
  id: 'demo',
  type: 'demo',
  config: { backfillHours: 50, backfillPostsPerHour: 1, postsPerHour: 1, pageSize: 500 },
  enabled: true,
  synthetic: true,
  pollEverySeconds: 3600,
};

type Hour = {
  hour: string;
  covered: boolean;
  ok_polls: number;
  failed_polls: number;
  backfilled: boolean;
};

describe('coverage: what each poll fetched, hour by hour, in the poll’s own transaction', () => {
  let fixture: RssFixture;
  beforeEach(async () => {
    fixture = await startRssFixture();
  });
  afterEach(() => fixture.close());
  const { db, start, poll } = usePipeline();
  const hours = async (sourceId: string) =>
    (
      await db.execute<Hour>(
        sql`select hour, covered, ok_polls, failed_polls, backfilled from source_coverage where source_id = ${sourceId} order by hour`,
      )
    ).rows;
  const polled = async (sourceId: string, before: number) =>
    waitFor(async () => ((await getSource(db, sourceId))?.lastPolledAt?.getTime() ?? 0) > before, 'the poll');

  it('a successful poll covers its hour, a failed one is counted and covers nothing', async () => {
    fixture.setFeed('/news.xml', 'rss', [newsItem(1)]);
    await start({ sources: [rss(fixture.feedUrl('/news.xml'))] });
    await poll('news');
    await polled('news', 0);
    const first = await hours('news');
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ covered: true, ok_polls: 1, failed_polls: 0, backfilled: false });
    // The hour of the poll (or the one before, had the clock just turned).
    const thisHour = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    expect([thisHour, thisHour - 3_600_000]).toContain(new Date(first[0]!.hour).getTime());

    fixture.fail({ status: 500 });
    const t = (await getSource(db, 'news'))!.lastPolledAt!.getTime();
    await poll('news');
    await polled('news', t);
    await waitFor(async () => (await hours('news'))[0]?.failed_polls === 1, 'the failed poll to be counted');
    expect((await hours('news'))[0]).toMatchObject({ covered: true, ok_polls: 1, failed_polls: 1 });
  });

  it('the demo’s generated history counts as covered, backfilled', async () => {
    await start({ sources: [DEMO] });
    await poll('demo');
    await waitFor(async () => (await hours('demo')).length >= 50, 'the history’s hours');
    const rows = await hours('demo');
    expect(rows.every((r) => r.covered)).toBe(true);
    expect(rows.slice(0, -1).every((r) => r.backfilled)).toBe(true);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
    const yesterday = new Date(Date.parse(`${today}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const [day] = await coverageByDay(db, { from: yesterday, to: today }, ['demo']);
    expect(day).toMatchObject({ sourceId: 'demo', day: yesterday, coveredHours: day!.hours });
  });

  it('covers the time since the previous poll, unless that was more than three poll intervals ago', () => {
    const now = new Date('2025-03-01T12:00:00Z');
    expect(coveredSince(null, 900, now)).toEqual(now);
    expect(coveredSince(new Date('2025-03-01T11:20:00Z'), 900, now)).toEqual(new Date('2025-03-01T11:20:00Z'));
    // Down for two days: only the hour of the poll that came back.
    expect(coveredSince(new Date('2025-02-27T12:00:00Z'), 900, now)).toEqual(now);
    // A daily source polled a day later is still continuous.
    expect(coveredSince(new Date('2025-02-28T12:00:00Z'), 86_400, now)).toEqual(new Date('2025-02-28T12:00:00Z'));
  });
});
