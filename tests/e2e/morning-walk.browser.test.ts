import { randomUUID } from 'node:crypto';
import { ne } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Voice } from '@lp/contracts/post';
import { createDb } from '@lp/db/client';
import { events } from '@lp/db/schema/events';
import { seedCoverage, seedPosts, type SeedPost } from '@lp/db/testing/seed';
import { resetDatabase, testDatabaseUrl } from '@lp/db/testing/test-env';
import { describeFindings, seriousAxeViolations } from './axe';
import { openDashboard, type Dashboard, openFilters } from './browser';

// ---------------------------------------------------------------------------------------------
// The seeded month. Every figure the walk checks is worked out from this list, so the test knows
// the worst day, the top movers and the phrase's matches before the browser opens.
// ---------------------------------------------------------------------------------------------

const londonDate = (instant: Date) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
const addDays = (day: string, days: number) => {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
};

const TODAY = londonDate(new Date());
/** A London calendar day `n` days ago; its posts sit around midday, well clear of either midnight. */
const ago = (n: number) => addDays(TODAY, -n);
/** The dashboard's presets: the last `days` whole London days, ending yesterday (`to` exclusive). */
const lastDays = (days: number) => ({ from: addDays(TODAY, -days), to: TODAY });
const WEEK = lastDays(7);
const MONTH = lastDays(30);

const WORST_AGO = 3;
const WORST_DAY = ago(WORST_AGO);
const PHRASE = 'bank shifts cancelled';
const SCORES = { positive: 0.6, neutral: 0, negative: -0.7 } as const;
type Label = keyof typeof SCORES;

const SEED: SeedPost[] = [];
let serial = 0;
function add(daysAgo: number, voice: Voice, topic: string, label: Label, n: number) {
  for (let i = 0; i < n; i++) {
    const id = `walk-${++serial}`;
    SEED.push({
      externalId: id,
      // Spread over the middle of the day: the same London date in GMT and BST.
      publishedAt: `${ago(daysAgo)}T${String(9 + (serial % 6)).padStart(2, '0')}:${String(serial % 60).padStart(2, '0')}:00Z`,
      text: `Update ${serial} on ${topic} from ${voice === 'staff' ? 'the ward' : 'a patient'}: ${label} all round`,
      label,
      score: SCORES[label],
      topics: [topic],
      voice,
      url: `https://social.example/p/${id}`,
    });
  }
}
// This week: staff talk about staffing, the public about pay; three days ago staffing went badly.
for (const [days, pos, neu, neg] of [
  [1, 4, 3, 2],
  [2, 3, 2, 2],
  [WORST_AGO, 1, 1, 7],
  [4, 4, 2, 1],
  [5, 3, 2, 2],
] as const) {
  add(days, 'staff', 'staffing', 'positive', pos);
  add(days, 'staff', 'staffing', 'neutral', neu);
  add(days, 'staff', 'staffing', 'negative', neg);
  add(days, 'public', 'pay', 'positive', days === WORST_AGO ? 3 : 4);
  add(days, 'public', 'pay', 'neutral', 2);
  add(days, 'public', 'pay', 'negative', days === WORST_AGO ? 3 : 1);
}
// Earlier in the month (outside the default week): a quieter, calmer stretch.
for (const days of [10, 15, 20, 25]) {
  add(days, 'staff', 'staffing', 'positive', 3);
  add(days, 'staff', 'staffing', 'neutral', 1);
  add(days, 'staff', 'staffing', 'negative', 1);
  add(days, 'public', 'pay', 'positive', 2);
  add(days, 'public', 'pay', 'neutral', 1);
  add(days, 'public', 'pay', 'negative', 1);
}

/** The staffing post that spread furthest on the worst day: this week's top mover, and a phrase match. */
const STAFF_MOVER: SeedPost = {
  externalId: 'walk-staff-mover',
  publishedAt: `${WORST_DAY}T16:00:00Z`,
  text: 'Third night running with bank shifts cancelled and two nurses for thirty beds',
  label: 'negative',
  score: -0.9,
  topics: ['staffing'],
  voice: 'staff',
  url: 'https://social.example/p/walk-staff-mover',
  metrics: { reposts: 400, likes: 900, replies: 60 },
};
/** The second phrase match, earlier the same day. */
const STAFF_PHRASE: SeedPost = {
  externalId: 'walk-staff-phrase',
  publishedAt: `${WORST_DAY}T10:30:00Z`,
  text: 'Ward 9 again: bank shifts cancelled at an hour’s notice',
  label: 'negative',
  score: -0.7,
  topics: ['staffing'],
  voice: 'staff',
  url: 'https://social.example/p/walk-staff-phrase',
};
/** The same words, not as the phrase: a quoted search must leave it out. */
const PHRASE_APART: SeedPost = {
  externalId: 'walk-apart',
  publishedAt: `${ago(2)}T11:00:00Z`,
  text: 'The bank says cancelled shifts are still paid',
  label: 'positive',
  score: 0.5,
  topics: ['staffing'],
  voice: 'public',
  url: 'https://social.example/p/walk-apart',
};
/** A pay post that went viral a fortnight ago: the month's top mover, until the topic is narrowed. */
const PAY_MOVER: SeedPost = {
  externalId: 'walk-pay-mover',
  publishedAt: `${ago(15)}T12:00:00Z`,
  text: 'Pay offer rejected: members angry at another real-terms cut',
  label: 'negative',
  score: -0.8,
  topics: ['pay'],
  // A member of staff: the movers follow the headline's voice (staff), so this one can top them.
  voice: 'staff',
  url: 'https://social.example/p/walk-pay-mover',
  metrics: { reposts: 3000, likes: 5000, replies: 400 },
};
SEED.push(STAFF_MOVER, STAFF_PHRASE, PHRASE_APART, PAY_MOVER);

type View = { from: string; to: string; topic?: string };
const postsIn = (view: View, voice?: Voice) =>
  SEED.filter(
    (p) =>
      londonDate(new Date(p.publishedAt)) >= view.from &&
      londonDate(new Date(p.publishedAt)) < view.to &&
      (!view.topic || p.topics?.includes(view.topic)) &&
      (!voice || p.voice === voice),
  );
/**
 * The index's headline number as the dashboard writes it (true minus sign), from its documented
 * formula. The seed avoids exact halves, so no rounding rule is assumed.
 */
function indexValue(posts: readonly SeedPost[]): string {
  const count = (label: Label) => posts.filter((p) => p.label === label).length;
  const value = Math.round((100 * (count('positive') - count('negative'))) / posts.length);
  return value === 0 ? '0' : `${value < 0 ? '\u2212' : '+'}${Math.abs(value)}`;
}
const negativesOn = (day: string, topic: string) =>
  SEED.filter(
    (p) => p.label === 'negative' && p.topics?.includes(topic) && londonDate(new Date(p.publishedAt)) === day,
  );

// ---------------------------------------------------------------------------------------------
// Reading the page.
// ---------------------------------------------------------------------------------------------

const volume = async (page: Page) =>
  Number(
    /Posts\s+([\d,]+)/
      .exec(await page.locator('[data-testid="overview-volume"]').innerText())?.[1]
      ?.replaceAll(',', ''),
  );
/** An index's headline number, e.g. `+16` from `+16 (likely between +4 and +28)`; the whole text when there is no index. */
const headline = (text: string) => text.replace(/ \(likely between .*\)$/, '');
const indexText = (page: Page) => page.locator('[data-testid="overview-index"] .overview-figure-value').innerText();
const index = async (page: Page) => headline(await indexText(page));
const voiceIndex = async (page: Page, voice: Voice) =>
  headline(await page.locator(`[data-testid="voice-${voice}"] .voice-index`).innerText());
const moverTexts = (page: Page) => page.locator('[data-testid="mover"] .post-text').allInnerTexts();
const searchTexts = (page: Page) => page.locator('[data-testid="search-result"] .post-text').allInnerTexts();
const matchTexts = (page: Page) => page.locator('[data-testid="search-match"]').allInnerTexts();
const markerTitles = (page: Page) =>
  page.locator('[data-testid="trend-chart"] [data-testid="event-marker"] title').allTextContents();
const searchParam = (page: Page, name: string) => new URL(page.url()).searchParams.get(name);
const pressedPreset = (page: Page) =>
  // By attribute, not role: folded away, the group is hidden from role queries but still says what is chosen.
  page.locator('[role="group"][aria-label="Preset ranges"] button[aria-pressed="true"]').allTextContents();
/** Whether no panel is still showing the previous view's figures while the new ones load. */
const settled = async (page: Page) => (await page.locator('[aria-busy="true"]').count()) === 0;

/** The figures of a loaded view: each is compared, not eyeballed, when the link is reopened. */
async function figures(page: Page) {
  return {
    settled: await settled(page),
    summary: await page.locator('[data-testid="view-summary"]').innerText(),
    topic: await page.locator('[data-testid="filter-topic"]').inputValue(),
    preset: await pressedPreset(page),
    volume: await volume(page),
    index: await indexText(page),
    voices: await page.locator('[data-testid="voice-comparison"] .voice-index').allInnerTexts(),
    movers: await moverTexts(page),
    markers: await markerTitles(page),
    search: await searchTexts(page),
    matches: await matchTexts(page),
  };
}

async function expectNoSeriousAxeViolations(page: Page) {
  const findings = await seriousAxeViolations(page);
  expect(findings, describeFindings(findings)).toEqual([]);
}

/**
 * A comms lead's morning, in one browser tab over a seeded month: the overview, a wider range, one
 * topic, the worst day's posts and their evidence, an annotation, a phrase search, and the link
 * shared with a colleague, with axe run on each state on the way.
 */
describe('the comms lead’s morning walk in a browser', () => {
  const admin = createDb(testDatabaseUrl(), { max: 2 });
  let dashboard: Dashboard | undefined;
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    await resetDatabase(admin.db);
    await admin.db.delete(events).where(ne(events.origin, 'national'));
    await seedPosts(admin.db, SEED);
    // The source ran throughout: each period compares with the one before.
    await seedCoverage(admin.db, { sources: ['seed'], from: ago(70), to: TODAY });
    dashboard = await openDashboard({ queuePrefix: `lpt-walk-${randomUUID().slice(0, 8)}` });
    // The API's CSP (script-src 'self') rightly refuses the injected axe script; only this test context bypasses it.
    context = await dashboard.browser.newContext({ bypassCSP: true });
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
  });
  afterAll(async () => {
    await context?.close();
    await dashboard?.close();
    await admin.close();
  });

  it('1. opens on the last 7 days: the sentiment index, staff beside the public, and the posts that moved it', async () => {
    await page.goto(dashboard!.baseUrl);
    await page.locator('[data-testid="overview-index"]').waitFor();
    await page.locator('[data-testid="mover"]').first().waitFor();

    expect(await pressedPreset(page)).toEqual(['Last 7 days']);
    expect(await volume(page)).toBe(postsIn(WEEK).length);
    expect(await indexText(page)).toMatch(/ \(likely between [+\u2212]?\d+ and [+\u2212]?\d+\)$/);
    // Staff mood is the headline (never an index over every voice together, the public's mixed in)…
    expect(await page.locator('[data-testid="overview-index"] h3').innerText()).toBe('Sentiment index of NHS staff');
    expect(await index(page)).toBe(indexValue(postsIn(WEEK, 'staff')));
    expect(indexValue(postsIn(WEEK, 'staff'))).not.toBe(indexValue(postsIn(WEEK)));

    // …and the public's sits beside it, each voice with an index of its own.
    const voices = page.locator('[data-testid="voice-comparison"]');
    expect(await voices.getByRole('heading', { name: 'Sentiment index by voice' }).isVisible()).toBe(true);
    expect(await voiceIndex(page, 'staff')).toBe(indexValue(postsIn(WEEK, 'staff')));
    expect(await voiceIndex(page, 'public')).toBe(indexValue(postsIn(WEEK, 'public')));
    expect(indexValue(postsIn(WEEK, 'staff'))).not.toBe(indexValue(postsIn(WEEK, 'public')));
    expect(await voiceIndex(page, 'org')).toBe('Not enough posts (0 scored, 30 needed)');

    // "Posts that moved the numbers": this week's most-shared negative post first, linking to its original.
    const movers = page.locator('[data-testid="movers"]');
    expect(await movers.getByRole('heading', { name: 'Posts that moved the numbers' }).isVisible()).toBe(true);
    expect((await moverTexts(page))[0]).toBe(STAFF_MOVER.text);
    expect(await movers.locator('[data-testid="mover"]').first().getByRole('link').getAttribute('href')).toBe(
      STAFF_MOVER.url,
    );

    await expectNoSeriousAxeViolations(page);
  });

  it('2. widens the range to the last 30 days: the URL and the figures follow', async () => {
    await openFilters(page);
    await page.getByRole('button', { name: 'Last 30 days', exact: true }).click();
    await expect.poll(() => [searchParam(page, 'from'), searchParam(page, 'to')]).toEqual([MONTH.from, MONTH.to]);
    expect(await pressedPreset(page)).toEqual(['Last 30 days']);

    await expect.poll(() => volume(page)).toBe(postsIn(MONTH).length);
    expect(postsIn(MONTH).length).toBeGreaterThan(postsIn(WEEK).length);
    await expect.poll(() => index(page)).toBe(indexValue(postsIn(MONTH, 'staff')));
    // The fortnight-old pay post now tops the movers.
    await expect.poll(async () => (await moverTexts(page))[0]).toBe(PAY_MOVER.text);
  });

  it('3. filters to Safe staffing: the URL has the topic and the overview and trend follow', async () => {
    const month = { ...MONTH, topic: 'staffing' };
    await page.locator('[data-testid="filter-topic"]').selectOption('staffing');
    await expect.poll(() => searchParam(page, 'topic')).toBe('staffing');
    expect(searchParam(page, 'from')).toBe(MONTH.from);

    await expect.poll(() => volume(page)).toBe(postsIn(month).length);
    await expect
      .poll(() => page.locator('[data-testid="overview-panel"]').innerText())
      .toMatch(/Posts about Safe staffing & workforce, compared/);
    await expect.poll(() => voiceIndex(page, 'staff')).toBe(indexValue(postsIn(month, 'staff')));
    await expect.poll(async () => (await moverTexts(page))[0]).toBe(STAFF_MOVER.text);
    expect(await moverTexts(page)).not.toContain(PAY_MOVER.text);

    // The trend's numbers, as its table, count only staffing posts.
    const trend = page.locator('[data-testid="trend-chart"]');
    expect(await trend.innerText()).toMatch(/Posts per day by sentiment about Safe staffing & workforce/);
    await trend.getByRole('button', { name: 'Table', exact: true }).click();
    const totals = async () =>
      (await trend.locator('tbody tr td:first-of-type').allInnerTexts()).reduce((sum, t) => sum + Number(t), 0);
    await expect.poll(totals).toBe(postsIn(month).length);

    await expect.poll(() => settled(page)).toBe(true);
    await expectNoSeriousAxeViolations(page);
  });

  it('4. drills into the worst day: a dialog of that day’s negative staffing posts', async () => {
    const trend = page.locator('[data-testid="trend-chart"]');
    const negatives = trend.locator('[data-testid="drill-trigger"][data-sentiment="negative"]');
    await negatives.first().waitFor();
    // The worst day is read off the table: the row with the most negative posts.
    const counts = (await negatives.allInnerTexts()).map(Number);
    const worst = counts.indexOf(Math.max(...counts));
    await negatives.nth(worst).click();

    const dialog = page.locator('[data-testid="drill-dialog"]');
    await dialog.waitFor();
    expect(await dialog.evaluate((d) => (d as HTMLDialogElement).open && d.matches(':modal'))).toBe(true);
    expect([searchParam(page, 'dfrom'), searchParam(page, 'dto')]).toEqual([WORST_DAY, addDays(WORST_DAY, 1)]);
    expect(searchParam(page, 'dsentiment')).toBe('negative');
    expect(searchParam(page, 'dtopic')).toBe('staffing');
    expect(await dialog.getByRole('heading', { level: 2 }).innerText()).toMatch(
      /^Negative posts · \d+ \w+ \d{4} · Safe staffing & workforce$/,
    );

    const posts = dialog.locator('[data-testid="drill-post"]');
    const expected = negativesOn(WORST_DAY, 'staffing');
    await expect.poll(() => posts.count()).toBe(expected.length);
    expect(counts[worst]).toBe(expected.length);
    expect((await posts.locator('.post-text').allInnerTexts()).sort()).toEqual(expected.map((p) => p.text!).sort());
    const labels = await posts.locator('[data-sentiment]').evaluateAll((els) => els.map((e) => e.dataset.sentiment));
    expect(new Set(labels)).toEqual(new Set(['negative']));
    const days = await posts.locator('time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime')));
    expect(new Set(days.map((d) => londonDate(new Date(String(d)))))).toEqual(new Set([WORST_DAY]));

    await expectNoSeriousAxeViolations(page);
  });

  it('5. sees a post’s evidence highlighted, the model’s score and a link to the original', async () => {
    const post = page.locator('[data-testid="drill-post"]').filter({ hasText: STAFF_MOVER.text });
    // The seeded evidence is the first six characters, weighted as negative as the post.
    const mark = post.locator('.post-text mark');
    expect(await mark.allInnerTexts()).toEqual([STAFF_MOVER.text!.slice(0, 6)]);
    expect(await mark.getAttribute('class')).toBe('hl-negative');
    expect(await mark.getAttribute('title')).toBe(`sentiment: ${STAFF_MOVER.text!.slice(0, 6)} (\u22120.90)`);
    expect(await post.locator('[data-sentiment="negative"]').innerText()).toMatch(/Negative\s+\u22120\.90$/);

    const link = post.getByRole('link', { name: /^View on Seed/ });
    expect(await link.getAttribute('href')).toBe(STAFF_MOVER.url);
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toMatch(/noopener/);

    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-testid="drill-dialog"]').count()).toBe(0);
    expect(searchParam(page, 'dfrom')).toBeNull();
  });

  it('6. annotates the worst day and sees its marker on the chart', async () => {
    const trend = page.locator('[data-testid="trend-chart"]');
    await trend.getByRole('button', { name: 'Chart', exact: true }).click();
    await trend.locator('svg.recharts-surface').first().waitFor();

    const title = `Bank shifts cut ${randomUUID().slice(0, 6)}`;
    const form = page.locator('[data-testid="add-event-form"]');
    await form.getByLabel('Day').fill(WORST_DAY);
    await form.getByLabel('Title').fill(title);
    await form.getByLabel('Kind').selectOption('incident');
    await form.getByRole('button', { name: 'Add annotation' }).click();

    await expect.poll(() => markerTitles(page)).toContain(`${title} (incident, ${WORST_DAY})`);
    await expect.poll(() => form.getByLabel('Title').inputValue()).toBe('');
  });

  it('7. searches a quoted phrase and sees only its posts, the phrase marked', async () => {
    const input = page.getByRole('searchbox', { name: 'Search posts' });
    await input.fill(`"${PHRASE}"`);
    await input.press('Enter');
    await expect.poll(() => searchParam(page, 'q')).toBe(`"${PHRASE}"`);
    // The topic and range still apply; the range is unchanged by the search.
    expect([searchParam(page, 'topic'), searchParam(page, 'from')]).toEqual(['staffing', MONTH.from]);

    // Newest first; the post with the same words apart is left out.
    await expect.poll(() => searchTexts(page)).toEqual([STAFF_MOVER.text, STAFF_PHRASE.text]);
    expect(await matchTexts(page)).toEqual(['bank', 'shifts', 'cancelled', 'bank', 'shifts', 'cancelled']);
    expect(await page.locator('[data-testid="search-results"] mark.hl-match').count()).toBe(6);

    await expect.poll(() => settled(page)).toBe(true);
    await expectNoSeriousAxeViolations(page);
  });

  it('8. shares the URL: a fresh browser context opens the same view with the same figures', async () => {
    const shared = page.url();
    const here = await figures(page);
    expect(here).toMatchObject({
      settled: true,
      topic: 'staffing',
      preset: ['Last 30 days'],
      volume: postsIn({ ...MONTH, topic: 'staffing' }).length,
      search: [STAFF_MOVER.text, STAFF_PHRASE.text],
    });
    expect(here.markers).toContainEqual(expect.stringMatching(/^Bank shifts cut /));

    const colleague = await dashboard!.browser.newContext({ bypassCSP: true });
    try {
      const fresh = await colleague.newPage();
      const freshErrors: string[] = [];
      fresh.on('pageerror', (e) => freshErrors.push(e.message));
      await fresh.goto(shared);
      await fresh.locator('[data-testid="search-result"]').first().waitFor();
      await expect.poll(() => figures(fresh)).toEqual(here);
      expect(await fresh.locator('[data-testid="search-input"]').inputValue()).toBe(`"${PHRASE}"`);
      await expectNoSeriousAxeViolations(fresh);
      expect(freshErrors).toEqual([]);
    } finally {
      await colleague.close();
    }
    expect(errors).toEqual([]);
  });
});
