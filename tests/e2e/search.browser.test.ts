import { createRequire } from 'node:module';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '@lp/db/client';
import { seedPosts, type SeedPost } from '@lp/db/testing/seed';
import { resetDatabase, testDatabaseUrl } from '@lp/db/testing/test-env';
import { openDashboard, type Dashboard, openFilters } from './browser';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Yesterday (London) at noon UTC: inside "Last 7 days", which ends with yesterday. */
const YESTERDAY_NOON = Date.parse(
  `${new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(Date.now() - 86_400_000))}T12:00:00Z`,
);
const hoursAgo = (h: number) => new Date(YESTERDAY_NOON - h * 3_600_000).toISOString();

// Within the dashboard's default range (the last 7 whole London days), so a bare link finds them.
const SEED: SeedPost[] = [
  {
    externalId: 'phrase',
    publishedAt: hoursAgo(1),
    text: 'Night shift again: nurses are tired and wards are short',
    label: 'negative',
    score: -0.6,
    topics: ['staffing'],
  },
  {
    externalId: 'apart',
    publishedAt: hoursAgo(2),
    text: 'Tired of hearing it, but nurses are brilliant',
    label: 'positive',
    score: 0.6,
    topics: ['compassion'],
  },
  {
    externalId: 'again',
    publishedAt: hoursAgo(3),
    text: 'Student nurses are tired too, says the union',
    label: 'neutral',
    topics: ['staffing'],
  },
  {
    externalId: 'other',
    publishedAt: hoursAgo(4),
    text: 'Pay award announced for midwives',
    label: 'neutral',
    topics: ['pay'],
  },
];

/** The dashboard's search in Debian's Chromium against the real API over seeded posts. */
describe('search in a browser', () => {
  const admin = createDb(testDatabaseUrl(), { max: 2 });
  let dashboard: Dashboard | undefined;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    await resetDatabase(admin.db);
    await seedPosts(admin.db, SEED);
    dashboard = await openDashboard();
    ({ baseUrl, browser } = dashboard);
  });
  afterAll(async () => {
    await dashboard?.close();
    await admin.close();
  });

  const resultTexts = (page: Page) => page.locator('[data-testid="search-result"] .post-text').allTextContents();
  const matchTexts = (page: Page) => page.locator('[data-testid="search-match"]').allTextContents();

  it('searches a quoted phrase, marks it, and gives the same results from the shared URL', async () => {
    // The API's CSP forbids inline scripts; axe is injected as one, so this context bypasses it.
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(baseUrl);

    const input = page.getByRole('searchbox', { name: 'Search posts' });
    expect(await input.getAttribute('data-testid')).toBe('search-input');
    await input.fill('"nurses are tired"');
    await input.press('Enter');

    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('"nurses are tired"');
    await page.locator('[data-testid="search-result"]').first().waitFor();
    const texts = await resultTexts(page);
    // Only the posts with the phrase, newest first; "Tired of hearing it, but nurses are…" has the words apart.
    expect(texts).toEqual([SEED[0]!.text, SEED[2]!.text]);
    expect(await matchTexts(page)).toEqual(['nurses', 'tired', 'nurses', 'tired']);
    expect(await page.locator('[data-testid="search-results"] mark.hl-match').count()).toBe(4);

    const a11y = await axeViolations(page);
    expect(a11y, JSON.stringify(a11y, null, 2)).toEqual([]);

    // Reloading the URL (or opening it as a shared link) gives the same search and results.
    await page.reload();
    await page.locator('[data-testid="search-result"]').first().waitFor();
    expect(await page.locator('[data-testid="search-input"]').inputValue()).toBe('"nurses are tired"');
    expect(await resultTexts(page)).toEqual(texts);
    expect(await matchTexts(page)).toEqual(['nurses', 'tired', 'nurses', 'tired']);

    const shared = await browser.newPage();
    await shared.goto(page.url());
    await shared.locator('[data-testid="search-result"]').first().waitFor();
    expect(await resultTexts(shared)).toEqual(texts);
    await shared.close();

    expect(errors).toEqual([]);
    await context.close();
  });

  it('combines with the topic filter, says when nothing matches, and explains a query of common words', async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/?q=nurses`);
    await expect.poll(async () => (await resultTexts(page)).length).toBe(3);

    await openFilters(page);
    await page.locator('[data-testid="filter-topic"]').selectOption('compassion');
    await expect.poll(() => resultTexts(page)).toEqual([SEED[1]!.text]);
    expect(new URL(page.url()).searchParams.get('q')).toBe('nurses');

    const input = page.locator('[data-testid="search-input"]');
    await input.fill('midwives');
    await input.press('Enter');
    await page.getByText('No posts match “midwives”').waitFor();

    await input.fill('the and of');
    await input.press('Enter');
    await page.getByText('Cannot search for that').waitFor();
    expect(await page.locator('[data-testid="search-results"]').textContent()).toMatch(/no words to search for/);
    await page.close();
  });
});

/** Serious and critical axe-core violations on the page, by rule id and the nodes concerned. */
async function axeViolations(page: Page): Promise<Array<{ id: string; nodes: string[] }>> {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
    type AxeViolation = { id: string; impact: string | null; nodes: Array<{ target: unknown[] }> };
    const { violations } = await axe.run();
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, nodes: v.nodes.map((n) => JSON.stringify(n.target)) }));
  });
}
