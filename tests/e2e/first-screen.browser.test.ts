import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Voice } from '@lp/contracts/post';
import { createDb } from '@lp/db/client';
import { seedCoverage, seedPosts, type SeedPost } from '@lp/db/testing/seed';
import { resetDatabase, testDatabaseUrl } from '@lp/db/testing/test-env';
import { describeFindings, seriousAxeViolations } from './axe';
import { openDashboard, type Dashboard } from './browser';

const londonDate = (instant: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(instant);
const addDays = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};
const TODAY = londonDate(new Date());
const ago = (n: number) => addDays(TODAY, -n);

/** Two weeks: staff calm the week before, unhappy about pay this week (worst three days ago). */
function twoWeeks(): SeedPost[] {
  const out: SeedPost[] = [];
  let n = 0;
  const add = (
    daysAgo: number,
    voice: Voice,
    topic: string,
    label: 'positive' | 'neutral' | 'negative',
    count: number,
  ) => {
    for (let i = 0; i < count; i++) {
      n += 1;
      out.push({
        externalId: `fs-${n}`,
        publishedAt: `${ago(daysAgo)}T${String(9 + (n % 6)).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}:00Z`,
        text: `Post ${n} about ${topic}: ${label}`,
        label,
        score: label === 'positive' ? 0.6 : label === 'negative' ? -0.7 : 0,
        topics: [topic],
        voice,
      });
    }
  };
  for (let d = 1; d <= 7; d++) {
    add(d, 'staff', 'pay', 'negative', d === 3 ? 12 : 5);
    add(d, 'staff', 'pay', 'positive', 2);
    add(d, 'staff', 'staffing', 'neutral', 3);
    add(d, 'public', 'compassion', 'positive', 4);
  }
  for (let d = 8; d <= 14; d++) {
    add(d, 'staff', 'pay', 'negative', 1);
    add(d, 'staff', 'pay', 'positive', 6);
    add(d, 'staff', 'staffing', 'neutral', 3);
    add(d, 'public', 'compassion', 'positive', 4);
  }
  return out;
}

const FACTS = ['headline-index', 'headline-change', 'headline-topic', 'headline-worst-day'] as const;

/** Each headline fact, and whether it lies wholly inside the first screen (no scrolling). */
async function factsInFirstScreen(page: Page) {
  const height = page.viewportSize()!.height;
  const out: Record<string, { inside: boolean; text: string }> = {};
  for (const id of FACTS) {
    const fact = page.locator(`[data-testid="${id}"]`);
    const box = await fact.boundingBox();
    out[id] = { inside: box !== null && box.y >= 0 && box.y + box.height <= height, text: await fact.innerText() };
  }
  return out;
}

describe('the ten-second first screen', () => {
  const admin = createDb(testDatabaseUrl(), { max: 2 });
  let dashboard: Dashboard | undefined;

  beforeAll(async () => {
    await resetDatabase(admin.db);
    await seedPosts(admin.db, twoWeeks());
    await seedCoverage(admin.db, { sources: ['seed'], from: ago(14), to: TODAY });
    dashboard = await openDashboard();
  });
  afterAll(async () => {
    await dashboard?.close();
    await admin.close();
  });

  // An admin's header is the tallest (five navigation links): the phone is checked with it too.
  for (const [width, height, role] of [
    [1366, 768, 'viewer'],
    [390, 844, 'viewer'],
    [390, 844, 'admin'],
  ] as const) {
    it(`shows staff mood, its change, the topic that moved most and the worst day without scrolling at ${width}×${height} as ${role}`, async () => {
      const context = await dashboard!.signedInContext(role, { viewport: { width, height }, bypassCSP: true });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      try {
        await page.goto(dashboard!.baseUrl);
        await page.locator('[data-testid="headline-worst-day"] .headline-topic').waitFor();
        const facts = await factsInFirstScreen(page);
        for (const id of FACTS) expect(facts[id]!.inside, `${id} in the first screen`).toBe(true);
        expect(facts['headline-index']!.text).toMatch(/How NHS staff feel\s+[+\u2212]?\d+ on a scale/);
        if (role === 'viewer') {
          // Last week staff wrote 7 negative posts: its index would give that count back, so a viewer gets no comparison.
          expect(facts['headline-change']!.text).toMatch(
            /Change since the previous 7 days\s+No comparison: the figures for the previous 7 days would reveal counts under 10/,
          );
        } else {
          // Both weeks covered in full: a real comparison, a clear fall in staff mood.
          expect(facts['headline-change']!.text).toMatch(
            /Change since the previous 7 days\s+↓ Down \d+ points since the previous 7 days: a clear fall/,
          );
        }
        if (role === 'viewer') {
          // Pay's change rests on 7 negative posts last week: withheld from viewers, and the card says so.
          expect(facts['headline-topic']!.text).toMatch(
            /Topic that moved most\s+(?!Pay)[\s\S]*under 10 negative posts/,
          );
        } else {
          expect(facts['headline-topic']!.text).toMatch(
            /Topic that moved most\s+Pay[^\n]*\s+Negative share \+\d+ points/,
          );
        }
        expect(facts['headline-worst-day']!.text).toContain(
          new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' }).format(
            new Date(`${ago(3)}T00:00:00Z`),
          ),
        );
        expect(facts['headline-worst-day']!.text).toMatch(/12 negative of 17 posts by NHS staff/);
        // The filters are one line until opened.
        expect(await page.locator('[data-testid="view-summary"]').innerText()).toMatch(
          /^Last 7 days \(.+\) · all topics · NHS staff first, beside the public$/,
        );
        expect(await page.locator('[data-testid="filter-topic"]').isVisible()).toBe(false);
        await page.locator('[data-testid="filters-disclosure"] > summary').click();
        await page.locator('[data-testid="filter-topic"]').waitFor();
        const findings = await seriousAxeViolations(page);
        expect(findings, describeFindings(findings)).toEqual([]);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  it('says why there is no change when the previous week is not covered, and never shows a rise or fall', async () => {
    await admin.db.execute(
      (await import('drizzle-orm'))
        .sql`delete from source_coverage where hour < (${ago(9)}::date::timestamp at time zone 'Europe/London')`,
    );
    const context = await dashboard!.signedInContext('analyst', { viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    try {
      await page.goto(dashboard!.baseUrl);
      const change = page.locator('[data-testid="headline-change"]');
      await expect
        .poll(() => change.innerText())
        .toMatch(/The previous 7 days have 2 whole days of data from seed, so the change is not shown\./);
      expect(await page.locator('[data-testid="headline-topic"]').innerText()).toMatch(/Most discussed topic\s+Pay/);
      const figures = await page.locator('[data-testid="overview-panel"]').innerText();
      expect(figures).not.toMatch(/clear rise|clear fall|% more than|% fewer than/);
      await page.getByText(/Data coverage: 1 of 1 sources have gaps/).click();
      expect(await page.locator('[data-testid="coverage-note"] tbody').innerText()).toMatch(
        /seed\s+7 of 7 days\s+2 of 7 days/,
      );
    } finally {
      await context.close();
    }
  });
});
