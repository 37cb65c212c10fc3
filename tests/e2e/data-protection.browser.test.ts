import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '@lp/db/client';
import { purgePastRetention } from '@lp/db/queries/retention';
import { seedCoverage, seedPosts, type SeedPost } from '@lp/db/testing/seed';
import { resetDatabase, testDatabaseUrl } from '@lp/db/testing/test-env';
import { describeFindings, seriousAxeViolations } from './axe';
import { openDashboard, type Dashboard } from './browser';

const DAY = 86_400_000;
const londonDate = (instant: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(instant);
const TODAY = londonDate(new Date());
const ago = (n: number) => londonDate(new Date(Date.now() - n * DAY));

/** A quiet week (a handful of staff posts a day) and, long ago, a few posts past the retention period. */
function posts(): SeedPost[] {
  const out: SeedPost[] = [];
  for (let d = 1; d <= 7; d++)
    for (let i = 0; i < 4; i++)
      out.push({
        externalId: `week-${d}-${i}`,
        publishedAt: `${ago(d)}T${String(9 + i).padStart(2, '0')}:00:00Z`,
        text: `Ward post ${d}-${i} about the rota`,
        label: i === 0 ? 'negative' : 'positive',
        score: i === 0 ? -0.6 : 0.5,
        topics: ['staffing'],
        voice: 'staff',
      });
  for (let i = 0; i < 3; i++)
    out.push({
      externalId: `old-${i}`,
      publishedAt: `${ago(200)}T10:0${i}:00Z`,
      text: `An old post ${i} about the rota`,
      label: 'negative',
      score: -0.5,
      topics: ['staffing'],
      voice: 'staff',
    });
  return out;
}

describe('data protection in the dashboard', () => {
  const admin = createDb(testDatabaseUrl(), { max: 2 });
  let dashboard: Dashboard | undefined;

  beforeAll(async () => {
    await resetDatabase(admin.db);
    await seedPosts(admin.db, posts());
    await seedCoverage(admin.db, { sources: ['seed'], from: ago(14), to: TODAY });
    await purgePastRetention(admin.db, new Date(Date.now() - 90 * DAY));
    dashboard = await openDashboard();
  });
  afterAll(async () => {
    await dashboard?.close();
    await admin.close();
  });

  it('shows the accessibility statement from the footer, before anyone signs in', async () => {
    for (const [width, height] of [
      [1366, 768],
      [390, 844],
    ] as const) {
      const context = await dashboard!.browser.newContext({ viewport: { width, height }, bypassCSP: true });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      try {
        await page.goto(dashboard!.baseUrl);
        await page.getByRole('link', { name: 'Accessibility statement' }).click();
        const statement = page.locator('[data-testid="accessibility-statement"]');
        await statement.waitFor();
        expect(await statement.locator('h1').innerText()).toBe(
          'Accessibility statement for the Listening Post dashboard',
        );
        expect(await statement.innerText()).toMatch(/partially compliant/);
        const findings = await seriousAxeViolations(page);
        expect(findings, describeFindings(findings)).toEqual([]);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    }
  });

  for (const [width, height] of [
    [1366, 768],
    [390, 844],
  ] as const) {
    it(`a viewer sees small daily counts as <10, with the reason, at ${width}×${height}`, async () => {
      const context = await dashboard!.signedInContext('viewer', { viewport: { width, height }, bypassCSP: true });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      try {
        await page.goto(dashboard!.baseUrl);
        const trend = page.locator('[data-testid="trend-chart"]');
        await trend.locator('[data-testid="withheld-note"]').waitFor();
        expect(await trend.locator('[data-testid="withheld-note"]').innerText()).toMatch(
          /Counts under 10 are shown as <10 so that no small group of staff can be singled out/,
        );
        // Signed in, the footer links the accessibility statement too.
        expect(await page.getByRole('link', { name: 'Accessibility statement' }).count()).toBe(1);
        // The same numbers as a table: each day's 4 posts read "<10", never the count.
        await trend.getByRole('button', { name: 'Table' }).click();
        const table = trend.locator('table');
        await table.waitFor();
        const cells = await table.locator('tbody td.num').allInnerTexts();
        expect(cells.filter((c) => c === '<10').length).toBeGreaterThanOrEqual(7);
        expect(cells.some((c) => /^[1-9]$/.test(c.trim()))).toBe(false);
        await page.screenshot({ path: `/tmp/lp-withheld-${width}.png`, fullPage: false });
        const findings = await seriousAxeViolations(page);
        expect(findings, describeFindings(findings)).toEqual([]);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });

    it(`an analyst sees every count, and is told which older posts are figures only, at ${width}×${height}`, async () => {
      const context = await dashboard!.signedInContext('analyst', { viewport: { width, height }, bypassCSP: true });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      try {
        await page.goto(`${dashboard!.baseUrl}/?from=${ago(210)}&to=${ago(190)}`);
        const list = page.locator('[data-testid="post-list"]');
        await list.locator('[data-testid="retention-note"]').waitFor();
        expect(await list.locator('[data-testid="retention-note"]').innerText()).toMatch(
          /Posts published before .+ are kept as figures only: their text, link and author were removed after 90 days/,
        );
        await expect.poll(() => list.getByText('Text removed').count()).toBe(3);
        expect(await page.locator('[data-testid="withheld-note"]').count()).toBe(0);
        await page.screenshot({ path: `/tmp/lp-retention-${width}.png`, fullPage: false });
        const findings = await seriousAxeViolations(page);
        expect(findings, describeFindings(findings)).toEqual([]);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }
});
