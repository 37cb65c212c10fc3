import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { zOverviewResponse } from '@lp/contracts/overview';
import { isoWeekRange, zWeeklyReport } from '@lp/contracts/reports';
import { createDb } from '@lp/db/client';
import { seedCoverage, seedPosts, type SeedPost } from '@lp/db/testing/seed';
import { resetDatabase, testDatabaseUrl } from '@lp/db/testing/test-env';
import { buildTestApp, injectAs, signInAs } from '../testing';
import { recordGap } from '@lp/db/queries/coverage';

const db = createDb(testDatabaseUrl(), { max: 2 });
let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const addDays = (d: string, n: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
type Label = 'positive' | 'neutral' | 'negative';
const SEED: SeedPost[] = [];
function add(day: string, voice: 'staff' | 'public', topic: string, label: Label, n: number, sourceId = 'seed') {
  for (let i = 0; i < n; i++)
    SEED.push({
      externalId: `${day}-${voice}-${topic}-${label}-${sourceId}-${i}`,
      publishedAt: `${day}T${String(9 + (i % 8)).padStart(2, '0')}:15:00Z`,
      text: `A ${label} post about ${topic} <script>alert(1)</script>`,
      label,
      score: label === 'positive' ? 0.6 : label === 'negative' ? -0.7 : 0,
      topics: [topic],
      voice,
      sourceId,
      metrics: { reposts: i, likes: 2 * i },
    });
}
// The report's week, 2025-W03 (13–19 January), and the 8 weeks before it: calm, then a bad week on pay.
const WEEK_FROM = '2025-01-13';
for (let d = -56; d < 0; d++) {
  add(addDays(WEEK_FROM, d), 'staff', 'pay', 'positive', 3);
  add(addDays(WEEK_FROM, d), 'staff', 'staffing', 'neutral', 2);
  add(addDays(WEEK_FROM, d), 'staff', 'pay', 'negative', 1);
}
for (let d = 0; d < 7; d++) {
  add(addDays(WEEK_FROM, d), 'staff', 'pay', 'negative', 6);
  add(addDays(WEEK_FROM, d), 'staff', 'pay', 'positive', 1);
  add(addDays(WEEK_FROM, d), 'staff', 'staffing', 'neutral', 2);
  add(addDays(WEEK_FROM, d), 'public', 'compassion', 'positive', 3);
}
// A second, small source: 5 posts this week (shown as "<10").
for (let d = 0; d < 5; d++) add(addDays(WEEK_FROM, d), 'public', 'regulation', 'neutral', 1, 'other');

/** The staff index worked out here from the seed, independently of the API's queries. */
function staffIndex(from: string, to: string): number {
  const posts = SEED.filter((p) => p.voice === 'staff' && p.publishedAt >= from && p.publishedAt < to);
  const pos = posts.filter((p) => p.label === 'positive').length;
  const neg = posts.filter((p) => p.label === 'negative').length;
  return (100 * (pos - neg)) / posts.length;
}

beforeEach(async () => {
  await resetDatabase(db.db);
  await seedPosts(db.db, SEED);
  await seedCoverage(db.db, { sources: ['seed', 'other'], from: addDays(WEEK_FROM, -56), to: addDays(WEEK_FROM, 7) });
});

describe('GET /api/v1/reports/weekly', () => {
  const get = async (query: string) => app.inject({ method: 'GET', url: `/api/v1/reports/weekly?${query}` });

  it('gives the week’s figures as an independent count of the seed does, and as the dashboard does', async () => {
    const res = await get('week=2025-W03');
    expect(res.statusCode).toBe(200);
    const r = zWeeklyReport.parse(res.json());
    const inWeek = SEED.filter((p) => p.publishedAt >= WEEK_FROM && p.publishedAt < addDays(WEEK_FROM, 7));
    expect(r.period).toEqual({ from: '2025-01-13', to: '2025-01-20' });
    expect(r.outputs.posts).toEqual({ value: inWeek.length, text: String(inWeek.length) });
    expect(r.outputs.staffPosts.value).toBe(inWeek.filter((p) => p.voice === 'staff').length);
    expect(r.outtakes.staffIndex.value).toBeCloseTo(staffIndex(WEEK_FROM, '2025-01-20'), 9);
    // Against the week before and the 8 weeks before: every source covered every day, a clear fall.
    expect(r.outtakes.againstLastWeek).toMatchObject({ comparable: true, direction: 'down' });
    expect(r.outtakes.againstLastWeek.index).toBeCloseTo(staffIndex('2025-01-06', WEEK_FROM), 9);
    expect(r.outtakes.againstEightWeeks).toMatchObject({ comparable: true, direction: 'down' });
    expect(r.outtakes.againstEightWeeks.index).toBeCloseTo(staffIndex(addDays(WEEK_FROM, -56), WEEK_FROM), 9);
    expect(r.outtakes.topicsByVolume.map((t) => [t.id, t.posts.text])).toEqual([
      ['pay', '49'],
      ['compassion', '21'],
      ['staffing', '14'],
      ['regulation', '<10'],
    ]);
    expect(r.outtakes.topicsByVolume.find((t) => t.id === 'regulation')?.posts.value).toBeNull();
    expect(r.outtakes.topicsByNegativeChange[0]?.id).toBe('pay');
    expect(r.outtakes.notablePosts.length).toBeGreaterThanOrEqual(1);
    expect(r.outtakes.notablePosts.length).toBeLessThanOrEqual(5);
    expect(r.outtakes.notablePosts.every((p) => p.sentiment === 'negative')).toBe(true);
    expect(JSON.stringify(r.outtakes.notablePosts)).not.toMatch(/author|a_staff|https?:/);
    expect(r.outputs.coverageNote).toMatch(/Every source collected every hour of the week/);
    expect(r.summary).toMatch(
      /^In the week of 13 January 2025 to 19 January 2025, 89 public posts were collected from 2 sources, 63 of them by NHS staff\. NHS staff sentiment stood at \u221256 .*a clear fall of \d+ points on the week before, and a clear fall of \d+ points on the 8-week average\./,
    );

    // The dashboard's overview of the same week gives the same numbers.
    const o = zOverviewResponse.parse((await app.inject(`/api/v1/overview?from=2025-01-13&to=2025-01-20`)).json());
    expect(o.current.total).toBe(r.outputs.posts.value);
    expect(o.voices.find((v) => v.voice === 'staff')?.current.index.value).toBe(r.outtakes.staffIndex.value);
  });

  it('draws its charts from the same figures: staff index week by week, posts day by day', async () => {
    const r = zWeeklyReport.parse((await get('week=2025-W03')).json());
    const weeks = r.charts.staffIndexByWeek;
    expect(weeks.map((w) => w.week)).toEqual([
      '2024-W47',
      '2024-W48',
      '2024-W49',
      '2024-W50',
      '2024-W51',
      '2024-W52',
      '2025-W01',
      '2025-W02',
      '2025-W03',
    ]);
    for (const w of weeks) {
      const from = isoWeekRange(w.week).from;
      expect(w.value).toBeCloseTo(staffIndex(from, addDays(from, 7)), 9);
    }
    expect(weeks.at(-1)!.value).toBe(r.outtakes.staffIndex.value);
    expect(r.charts.postsByDay.map((d) => d.day)).toEqual(Array.from({ length: 7 }, (_, i) => addDays(WEEK_FROM, i)));
    for (const d of r.charts.postsByDay) {
      const onDay = SEED.filter((p) => p.publishedAt.startsWith(d.day));
      expect(d.posts.value).toBe(onDay.length);
      expect(d.negative).toBe(onDay.filter((p) => p.label === 'negative').length);
      expect(d.covered).toBe(true);
    }
    const html = (await get('week=2025-W03&format=html')).body;
    expect(html).toMatch(
      /data-testid="report-chart-index"[\s\S]*<svg[^>]*aria-label="NHS staff sentiment index by week: 2024-W47: \+33;/,
    );
    expect(html).toMatch(
      /data-testid="report-chart-days"[\s\S]*<svg[^>]*aria-label="Posts per day: 2025-01-13: 13; 2025-01-14: 13;/,
    );
  });

  it('dwells on the topics the board follows', async () => {
    const put = await app.inject({
      method: 'PUT',
      url: '/api/v1/reports/settings',
      payload: { recipients: [], sendTime: '07:00', topics: ['staffing', 'pay', 'no-such-topic'] },
    });
    expect(put.statusCode).toBe(200);
    const r = zWeeklyReport.parse((await get('week=2025-W03')).json());
    const inWeek = SEED.filter((p) => p.publishedAt >= WEEK_FROM && p.publishedAt < addDays(WEEK_FROM, 7));
    const pay = inWeek.filter((p) => p.topics?.includes('pay'));
    expect(r.outtakes.topicsOfInterest.map((t) => [t.id, t.posts.value, t.staffPosts.value])).toEqual([
      ['staffing', 14, 14],
      ['pay', pay.length, pay.length],
    ]);
    // 14 scored staff posts on staffing: too few for an index; pay's is worked out from the seed.
    expect(r.outtakes.topicsOfInterest[0]!.staffIndex).toBeNull();
    const payIndex =
      (100 * (pay.filter((p) => p.label === 'positive').length - pay.filter((p) => p.label === 'negative').length)) /
      pay.length;
    expect(r.outtakes.topicsOfInterest[1]!.staffIndex).toBeCloseTo(payIndex, 9);
    expect(r.summary).toMatch(
      /Of the topics followed, Safe staffing & workforce had 14 posts; Pay & industrial action had 49 posts \(staff index \u2212\d+\)\./,
    );
    expect((await get('week=2025-W03&format=html')).body).toMatch(/data-testid="report-followed-topics"/);
  });

  it('names the span a stream missed and why, beside its hours without data', async () => {
    await db.db.transaction((tx) =>
      recordGap(tx, 'other', {
        from: new Date('2025-01-15T09:20:00Z'),
        to: new Date('2025-01-15T14:30:00Z'),
        reason:
          'the stream was away 5.2 h, longer than the 2 h the instance replays: posts between … were not collected',
      }),
    );
    const r = zWeeklyReport.parse((await get('week=2025-W03')).json());
    expect(r.outputs.coverage.find((c) => c.id === 'other')).toMatchObject({ hoursMissing: 6 });
    expect(r.outputs.coverageNote).toBe(
      'other: no data for 6 hours; missed Wed 15 Jan, 09:20 to Wed 15 Jan, 14:30 (the stream was away 5.2 h, longer than the 2 h the instance replays). Figures for those hours are missing, not low.',
    );
  });

  it('lists the week’s alerts, without post text or counts, and whether each was acknowledged', async () => {
    const firing = (rule: string | null, kind: string, from: string, to: string, extra: Record<string, unknown>) =>
      db.db.execute(sql`
        insert into alert_firings (rule_id, kind, metric, source_id, condition, recovered, window_from, window_to, value, explanation, acknowledged_at)
        values (${rule}, ${kind}, ${(extra.metric as string) ?? null}, ${(extra.source as string) ?? null}, ${(extra.condition as string) ?? null},
          false, ${from}::timestamptz, ${to}::timestamptz, 7,
          ${JSON.stringify({ alertName: extra.name, summary: '7 posts about us: Ward 9 nurse Jo Bloggs said…', terms: [], posts: [{ id: '1', url: null, text: 'secret post text' }], sources: [], leftOut: [], link: 'http://x/' })}::jsonb,
          ${(extra.ack as string) ?? null}::timestamptz)`);
    const [rule] = (
      await db.db.execute<{ id: string }>(sql`select id from alert_rules where built_in = 'about-us-volume'`)
    ).rows;
    await firing(rule!.id, 'rule', '2025-01-14T09:05:00Z', '2025-01-14T10:05:00Z', {
      name: 'Surge in posts about us',
      metric: 'volume',
      ack: '2025-01-14T10:30:00Z',
    });
    await firing(null, 'source_health', '2025-01-15T08:00:00Z', '2025-01-16T11:00:00Z', {
      name: 'Source has stopped: other',
      source: 'other',
      condition: 'stopped',
    });
    // The week before and after are not this week's.
    await firing(rule!.id, 'rule', '2025-01-12T22:00:00Z', '2025-01-12T23:00:00Z', {
      name: 'Surge in posts about us',
      metric: 'volume',
    });
    const r = zWeeklyReport.parse((await get('week=2025-W03')).json());
    expect(r.outcomes.alerts.map((a) => [a.name, a.line, a.acknowledged])).toEqual([
      ['Surge in posts about us', 'Tue 14 Jan, 09:05 to 10:05: more posts than usual for that hour of the week', true],
      ['Source has stopped: other', 'Thu 16 Jan, 11:00: stopped', false],
    ]);
    const html = (await get('week=2025-W03&format=html')).body;
    expect(html).toContain('Alerts this week');
    expect(html).toContain('Source has stopped: other: Thu 16 Jan, 11:00: stopped (not acknowledged)');
    expect(html).not.toContain('secret post text');
    expect(html).not.toContain('Jo Bloggs');
  });

  it('says when a source was down, and compares nothing it cannot', async () => {
    await db.db.execute(
      sql`delete from source_coverage where source_id = 'other' and hour >= '2025-01-15T00:00:00Z' and hour < '2025-01-17T00:00:00Z'`,
    );
    const r = zWeeklyReport.parse((await get('week=2025-W03')).json());
    expect(r.outputs.coverage.find((c) => c.id === 'other')).toMatchObject({
      daysCovered: 5,
      days: 7,
      hoursMissing: 48,
    });
    expect(r.outputs.coverageNote).toMatch(
      /^other: no data for 48 hours\. Figures for those hours are missing, not low\.$/,
    );
    expect(r.outtakes.againstLastWeek).toMatchObject({ comparable: false, change: null, direction: null });
    expect(r.outtakes.againstLastWeek.reason).toMatch(/^This period has 5 of 7 whole days of data from other/);
    expect(r.summary).toMatch(
      /no comparison with the week before \(this period has 5 of 7 whole days of data from other\)/,
    );
    expect(r.summary).toMatch(/Data is incomplete: other has no data for 48 hours\.$/);
    expect(r.charts.postsByDay.filter((d) => !d.covered).map((d) => d.day)).toEqual(['2025-01-15', '2025-01-16']);
    expect((await get('week=2025-W03&format=html')).body).toMatch(/2025-01-15: 13 \(gap in data\)/);
  });

  it('prints as one HTML page with the figures, escaping the posts’ text', async () => {
    const res = await get('week=2025-W03&format=html');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toMatch(/<title>Staff sentiment, week 3 of 2025<\/title>/);
    expect(res.body).toMatch(/data-testid="report-volume">89</);
    expect(res.body).toMatch(/data-testid="report-index">\u221256 /);
    expect(res.body).not.toMatch(/<script>/);
    expect(res.body).toMatch(/&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    expect(res.body).toMatch(/Outputs: what was collected[\s\S]*Outtakes: how NHS staff feel[\s\S]*Outcomes: the week/);
  });

  it('is a viewer’s, and checks the week and the format', async () => {
    const bad = await get('week=2025-W53');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/not a week of that year/);
    expect((await get('week=2099-W01')).json().error.message).toMatch(/has not started yet/);
    expect((await get('week=2025-W03&format=docx')).statusCode).toBe(400);
    // Last: signing in through this app replaces the session its inject() carries.
    const viewer = await signInAs(app, 'viewer');
    const url = '/api/v1/reports/weekly?week=2025-W03';
    expect((await injectAs(app, viewer, { method: 'GET', url })).statusCode).toBe(200);
    expect((await injectAs(app, null, { method: 'GET', url })).statusCode).toBe(401);
    // The archive and the settings name recipients (personal data): admins only.
    for (const path of ['/api/v1/reports', '/api/v1/reports/settings'])
      expect((await injectAs(app, viewer, { method: 'GET', url: path })).statusCode).toBe(403);
  });

  it('prints an A4 PDF whose text holds the headline index, the volume and the top topic', async () => {
    // As a viewer (an executive downloads it); signing in here replaces the app's default session.
    const viewer = await signInAs(app, 'viewer');
    const res = await injectAs(app, viewer, { method: 'GET', url: '/api/v1/reports/weekly?week=2025-W03&format=pdf' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe('attachment; filename="listening-post-weekly-report-2025-W03.pdf"');
    expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const dir = mkdtempSync(join(tmpdir(), 'lp-pdf-'));
    try {
      writeFileSync(join(dir, 'r.pdf'), res.rawPayload);
      const text = execFileSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-']).toString('utf8');
      expect(text).toMatch(/Staff sentiment, week 3 of 2025/);
      expect(text).toMatch(/Posts: 89/);
      expect(text).toMatch(/\u221256/);
      expect(text).toMatch(/Pay & industrial action\s+49/);
      // A4: 595 × 842 points.
      expect(execFileSync('pdfinfo', [join(dir, 'r.pdf')]).toString()).toMatch(/Page size:.*\(A4\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers 503 with the reason when Chromium is not there', async () => {
    const bare = await buildTestApp({ chromiumPath: '/nonexistent/chromium' });
    try {
      const res = await bare.inject({ method: 'GET', url: '/api/v1/reports/weekly?week=2025-W03&format=pdf' });
      expect(res.statusCode).toBe(503);
      expect(res.json().error).toEqual({ code: 'pdf_unavailable', message: expect.stringMatching(/CHROMIUM_PATH/) });
    } finally {
      await bare.close();
    }
  });
});
