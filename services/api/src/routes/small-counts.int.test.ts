import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { zTopicsResponse, zTrendsResponse } from '@lp/contracts/api';
import { zOverviewResponse } from '@lp/contracts/overview';
import { createDb } from '@lp/db/client';
import { seedPosts, type SeedPost } from '@lp/db/testing/seed';
import { resetDatabase, testDatabaseUrl } from '@lp/db/testing/test-env';
import { buildTestApp, injectAs, signInAs, type TestUser } from '../testing';

const db = createDb(testDatabaseUrl(), { max: 2 });
let app: FastifyInstance;
let viewer: TestUser;
let analyst: TestUser;

// One whole week (Monday 6 to Sunday 12 January 2025): 12 staff posts on staffing (3 negative, 9
// positive) from one source, 4 public posts on pay from another, 2 of them in Welsh.
const at = (day: number, hour: number) => new Date(Date.UTC(2025, 0, day, hour)).toISOString();
const SEED: SeedPost[] = [
  ...Array.from({ length: 12 }, (_, i) => ({
    sourceId: 'wards',
    externalId: `staffing-${i}`,
    publishedAt: at(6 + (i % 7), 9 + i),
    label: i < 3 ? ('negative' as const) : ('positive' as const),
    score: i < 3 ? -0.6 : 0.5,
    topics: ['staffing'],
    voice: 'staff' as const,
  })),
  ...Array.from({ length: 4 }, (_, i) => ({
    sourceId: 'news',
    externalId: `pay-${i}`,
    publishedAt: at(7 + i, 12),
    label: 'neutral' as const,
    score: 0,
    topics: ['pay'],
    lang: i < 2 ? 'cy' : 'en',
    voice: 'public' as const,
  })),
];
const WEEK = 'from=2025-01-06&to=2025-01-13';
const THREE_DAYS = 'from=2025-01-06&to=2025-01-09';

beforeAll(async () => {
  app = await buildTestApp({ as: null });
  viewer = await signInAs(app, 'viewer');
  analyst = await signInAs(app, 'analyst');
});
afterAll(async () => {
  await app.close();
  await db.close();
});
beforeEach(async () => {
  await resetDatabase(db.db);
  await seedPosts(db.db, SEED);
});

async function get(user: TestUser, url: string): Promise<unknown> {
  const res = await injectAs(app, user, { method: 'GET', url });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const COUNT_KEYS = new Set(['total', 'positive', 'neutral', 'negative', 'unscored', 'scored', 'previousNegative']);
/** Every count in an answer, with where it sits: `overview.topics.1.total`. */
function counts(value: unknown, path = ''): Array<[string, number | null]> {
  if (Array.isArray(value)) return value.flatMap((v, i) => counts(v, `${path}.${i}`));
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) =>
    COUNT_KEYS.has(k) && (typeof v === 'number' || v === null)
      ? [[`${path}.${k}`, v] as [string, number | null]]
      : counts(v, `${path}.${k}`),
  );
}
const small = (n: number | null) => n !== null && n >= 1 && n <= 9;

type Split = {
  total: number | null;
  positive: number | null;
  neutral: number | null;
  negative: number | null;
  unscored?: number | null;
};
/**
 * Places where a withheld count could be worked out from shown ones: a split with exactly one class
 * withheld beside its shown total, or a group adding up to a shown total with exactly one member
 * (with posts) withheld. Answers where each was found.
 */
function unsolvable(o: ReturnType<typeof zOverviewResponse.parse>): string[] {
  const found: string[] = [];
  const split = (c: Split, where: string) => {
    const cls = [c.positive, c.neutral, c.negative, c.unscored ?? 0];
    if (c.total !== null && cls.filter((v) => v === null).length === 1) found.push(`${where}: one class withheld`);
  };
  const group = (parent: number | null, members: Array<number | null>, where: string) => {
    if (parent !== null && members.filter((m) => m === null).length === 1) found.push(`${where}: one member withheld`);
  };
  split(o.current, 'current');
  split(o.before, 'before');
  o.sources.forEach((s) => split(s, `source ${s.id}`));
  o.voices.forEach((v) => split(v.current, `voice ${v.voice}`));
  group(
    o.current.total,
    o.sources.map((s) => s.total),
    'sources',
  );
  group(
    o.current.total,
    o.voices.map((v) => v.current.total),
    'voices',
  );
  group(
    o.current.total,
    o.languages.map((l) => l.total),
    'languages',
  );
  for (const k of ['positive', 'neutral', 'negative'] as const)
    group(
      o.current[k],
      o.voices.map((v) => v.current[k]),
      `voices' ${k}`,
    );
  if (o.current.index.value !== null && [o.current.positive, o.current.negative].includes(null))
    found.push('index shown beside a withheld split');
  return found;
}

describe('no singling out: small counts withheld from viewers', () => {
  it('overview: a week’s totals (all, per topic) stay; sentiment, source, voice and language counts of 1–9 are null and marked', async () => {
    const full = zOverviewResponse.parse(await get(analyst, `/api/v1/overview?${WEEK}`));
    const seen = zOverviewResponse.parse(await get(viewer, `/api/v1/overview?${WEEK}`));
    // Analysts get every count.
    expect(full.current).toMatchObject({ total: 16, positive: 9, neutral: 4, negative: 3 });
    expect(counts(full).some(([, n]) => small(n))).toBe(true);
    // The viewer: the whole week's total is topic × week, so it stays; its sentiment split is finer.
    expect(seen.current).toMatchObject({ total: 16, positive: null, neutral: null, negative: null, suppressed: true });
    const topic = (id: string) => seen.topics.find((t) => t.id === id)!;
    expect(topic('staffing')).toMatchObject({ total: 12, negative: null, negativeShare: null, suppressed: true });
    expect(topic('pay')).toMatchObject({ total: 4 }); // a topic's week total is shown, however small
    // The index and its interval would give the split back: withheld with it.
    expect(seen.current.index).toEqual({ value: null, low: null, high: null, scored: null, enough: false });
    // Sources add up to the week's total: with "news" (4) withheld, "wards" (12) goes too, or 16 − 12 gives it back.
    expect(seen.sources.find((s) => s.id === 'news')).toMatchObject({ total: null, suppressed: true });
    expect(seen.sources.find((s) => s.id === 'wards')).toMatchObject({ total: null, negative: null, suppressed: true });
    expect(seen.languages.find((l) => l.lang === 'cy')).toEqual({ lang: 'cy', total: null, suppressed: true });
    expect(seen.languages.find((l) => l.lang === 'en')).toEqual({ lang: 'en', total: null, suppressed: true });
    // Voices likewise: the public's 4 posts take staff's 12 with them.
    const staff = seen.voices.find((v) => v.voice === 'staff')!;
    expect(staff.current).toMatchObject({ total: null, negative: null, suppressed: true });
    expect(seen.voices.find((v) => v.voice === 'public')!.current).toMatchObject({ total: null, neutral: null });
    // Nothing else of 1–9 is left anywhere but the allowed topic × week totals.
    const leftovers = counts(seen).filter(([path, n]) => small(n) && !/^\.topics\.\d+\.total$/.test(path));
    expect(leftovers).toEqual([]);
    expect(unsolvable(seen)).toEqual([]);
  });

  it('overview: no withheld count can be solved from what is shown, and two ranges cannot be subtracted into a day', async () => {
    for (const range of [WEEK, THREE_DAYS, 'from=2025-01-06&to=2025-01-20', 'from=2025-01-07&to=2025-01-14']) {
      const seen = zOverviewResponse.parse(await get(viewer, `/api/v1/overview?${range}`));
      expect(unsolvable(seen), range).toEqual([]);
    }
    // A week and eight days from the same Monday: only whole weeks show small totals, so the eighth day stays hidden.
    const eight = zOverviewResponse.parse(await get(viewer, `/api/v1/overview?from=2025-01-06&to=2025-01-14`));
    expect(eight.topics.find((t) => t.id === 'pay')).toMatchObject({ total: null, suppressed: true });
    expect(eight.current.total).toBe(16); // not small: shown
  });

  it('overview over less than a week: every count of 1–9 is withheld, totals too', async () => {
    const seen = zOverviewResponse.parse(await get(viewer, `/api/v1/overview?${THREE_DAYS}`));
    expect(counts(seen).filter(([, n]) => small(n))).toEqual([]);
    expect(seen.topics.find((t) => t.id === 'pay')).toMatchObject({ total: null, suppressed: true });
    const full = zOverviewResponse.parse(await get(analyst, `/api/v1/overview?${THREE_DAYS}`));
    expect(full.topics.find((t) => t.id === 'pay')!.total).toBe(2);
  });

  it('trends: daily counts and their mean scores are withheld; a whole week’s total is not', async () => {
    const days = zTrendsResponse.parse(await get(viewer, `/api/v1/trends?${WEEK}&bucket=day`));
    expect(days.buckets).toHaveLength(7);
    for (const b of days.buckets) {
      expect([b.total, b.positive, b.neutral, b.negative].filter(small)).toEqual([]);
      expect(b.suppressed).toBe(true);
      expect(b.meanScore).toBeNull();
    }
    const analystDays = zTrendsResponse.parse(await get(analyst, `/api/v1/trends?${WEEK}&bucket=day`));
    expect(analystDays.buckets.map((b) => b.total)).toEqual([2, 3, 3, 3, 3, 1, 1]);
    expect(analystDays.buckets.every((b) => b.meanScore !== null && b.suppressed === undefined)).toBe(true);

    const week = zTrendsResponse.parse(await get(viewer, `/api/v1/trends?${WEEK}&bucket=week`));
    expect(week.buckets).toEqual([
      expect.objectContaining({ start: '2025-01-06', total: 16, positive: null, neutral: null, negative: null }),
    ]);
    // Filtered by voice, even a week is finer than topic × week.
    const staffWeek = zTrendsResponse.parse(await get(viewer, `/api/v1/trends?${WEEK}&bucket=week&voice=public`));
    expect(staffWeek.buckets[0]).toMatchObject({ total: null, suppressed: true });
    // Several topics: each series is held to the same rule.
    const series = zTrendsResponse.parse(await get(viewer, `/api/v1/trends?${WEEK}&bucket=day&topic=staffing,pay`));
    expect(series.series).toHaveLength(2);
    expect(counts(series).filter(([, n]) => small(n))).toEqual([]);
  });

  it('topics: a week’s total per topic stays, its sentiment split of 1–9 goes; a shorter range withholds the totals', async () => {
    const week = zTopicsResponse.parse(await get(viewer, `/api/v1/topics?${WEEK}`));
    expect(week.topics.find((t) => t.id === 'staffing')).toMatchObject({
      total: 12,
      positive: null,
      neutral: 0, // two classes withheld: neither can be worked out from the total
      negative: null,
      meanScore: null, // with the split withheld, the mean of 12 scores would narrow it down
      suppressed: true,
    });
    expect(week.topics.find((t) => t.id === 'pay')).toMatchObject({ total: 4, neutral: null, meanScore: null });
    const short = zTopicsResponse.parse(await get(viewer, `/api/v1/topics?${THREE_DAYS}`));
    expect(counts(short).filter(([, n]) => small(n))).toEqual([]);
    const full = zTopicsResponse.parse(await get(analyst, `/api/v1/topics?${THREE_DAYS}`));
    expect(full.topics.find((t) => t.id === 'staffing')).toMatchObject({ total: 6, negative: 3, positive: 3 });
  });

  it('movers: posts reach viewers without any author, and no route lists or ranks authors', async () => {
    const movers = (await get(viewer, `/api/v1/movers?${WEEK}`)) as { posts: Array<Record<string, unknown>> };
    expect(movers.posts.length).toBeGreaterThan(0);
    expect(JSON.stringify(movers)).not.toMatch(/a_(staff|public|seed)|author/i);
  });
});
