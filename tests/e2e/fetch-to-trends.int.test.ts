import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { zPostsResponse, zTopicsResponse, zTrendsResponse } from '@lp/contracts/api';
import { createDb } from '@lp/db/client';
import { resetDatabase, testDatabaseUrl } from '@lp/db/testing/test-env';
import { enqueuePollNow } from '@lp/queue/enqueue';
import { buildTestApp } from '../../services/api/src/testing';
import { countPosts } from '../../services/ingest/src/testing/db-checks';
import { startTestIngest, stopTestIngest, waitFor } from '../../services/ingest/src/testing/harness';
import {
  makeStatus,
  startMastodonFixture,
  type MastodonFixture,
} from '../../services/ingest/src/testing/mastodon-fixture';

/** Statuses on two London days, in staff voices the tagger must read. */
const STATUSES = [
  {
    id: '2001',
    at: '2025-03-03T08:15:00Z',
    html: '<p>Third night short-staffed on the ward: 2 nurses for 30 patients. Exhausted and unsafe. #SafeStaffing</p>',
  },
  {
    id: '2002',
    at: '2025-03-03T12:40:00Z',
    html: '<p>Proud of our team today, such kindness and compassion shown to a frightened patient. #hellomynameis</p>',
  },
  {
    id: '2003',
    at: '2025-03-03T23:59:00Z',
    html: '<p>The pay award is an insult. RCN ballot opens next week and I am voting for strike action.</p>',
  },
  { id: '2004', at: '2025-03-04T00:01:00Z', html: '<p>Diolch yn fawr i’r nyrsys ar y ward heno.</p>', language: 'cy' },
];

describe('from a feed to the dashboard API', () => {
  const admin = createDb(testDatabaseUrl(), { max: 2 });
  let fixture: MastodonFixture;
  let api: FastifyInstance;
  let ingest: Awaited<ReturnType<typeof startTestIngest>> | null = null;

  beforeEach(async () => {
    await resetDatabase(admin.db);
    fixture = await startMastodonFixture();
    api = await buildTestApp();
  });
  afterEach(async () => {
    if (ingest) await stopTestIngest(ingest);
    ingest = null;
    await api.close();
    await fixture.close();
  });
  afterAll(() => admin.close());

  it('a fetched status is tagged, counted in the trends and listed with its evidence', async () => {
    fixture.add(
      'nhs',
      STATUSES.map((s) =>
        makeStatus(fixture.host, s.id, { created_at: s.at, content: s.html, language: s.language ?? 'en' }),
      ),
    );
    ingest = await startTestIngest({
      sources: [
        {
          id: 'fedi',
          type: 'mastodon',
          config: { instance: fixture.url, hashtags: ['NHS'] },
          enabled: true,
          synthetic: false,
          pollEverySeconds: 3600,
        },
      ],
    });
    await enqueuePollNow(ingest.queues['poll-source'], 'fedi', { key: 'e2e' });
    await waitFor(async () => (await countPosts(admin.db)) === STATUSES.length, 'all statuses stored');

    const trends = zTrendsResponse.parse(
      (await api.inject('/api/v1/trends?from=2025-03-03&to=2025-03-05&bucket=day')).json(),
    );
    expect(trends.buckets.map((b) => [b.start, b.total, b.unscored])).toEqual([
      ['2025-03-03', 3, 0],
      ['2025-03-04', 1, 1],
    ]);
    const day1 = trends.buckets[0]!;
    expect(day1.negative).toBeGreaterThanOrEqual(2);
    expect(day1.positive).toBeGreaterThanOrEqual(1);
    expect(day1.meanScore).toBeLessThan(0);

    const staffing = zTrendsResponse.parse(
      (await api.inject('/api/v1/trends?from=2025-03-03&to=2025-03-05&topic=staffing')).json(),
    );
    expect(staffing.buckets[0]).toMatchObject({ total: 1, negative: 1 });

    // Each status lands in its topic (the model may add more topics to a post; the counts come from rollups).
    const topics = zTopicsResponse.parse((await api.inject('/api/v1/topics?from=2025-03-03&to=2025-03-05')).json());
    const byId = new Map(topics.topics.map((t) => [t.id, t.total]));
    for (const topic of ['staffing', 'pay', 'compassion']) expect(byId.get(topic), topic).toBeGreaterThanOrEqual(1);
    const tagged = async (topic: string) =>
      zPostsResponse
        .parse((await api.inject(`/api/v1/posts?from=2025-03-03&to=2025-03-05&topic=${topic}`)).json())
        .posts.map((p) => p.url);
    expect(await tagged('compassion')).toContain(`https://${fixture.host}/@nurse0/2002`);
    expect(await tagged('pay')).toContain(`https://${fixture.host}/@nurse1/2003`);
    expect(byId.get('compassion')).toBe((await tagged('compassion')).length);

    const posts = zPostsResponse.parse(
      (await api.inject('/api/v1/posts?from=2025-03-03&to=2025-03-05&topic=staffing')).json(),
    );
    expect(posts.posts).toHaveLength(1);
    const post = posts.posts[0]!;
    expect(post.url).toBe(`https://${fixture.host}/@nurse6/2001`);
    const topic = post.topics.find((t) => t.id === 'staffing')!;
    expect(topic.evidence.length).toBeGreaterThan(0);
    for (const e of [...topic.evidence, ...post.sentiment.evidence]) {
      // Offsets index into the stored text, so the dashboard can highlight them.
      expect(post.text!.slice(e.start, e.end)).toBe(e.term);
    }
  });
});
