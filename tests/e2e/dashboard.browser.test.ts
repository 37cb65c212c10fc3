import { type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFilters, type Dashboard } from './browser';
import { startDemoDashboard } from './demo-dashboard-world';

/**
 * The dashboard in Debian's Chromium against the real API, fed by the real pipeline from the
 * demo source (a fresh install's default).
 */
describe('dashboard in a browser', () => {
  let dashboard: Dashboard | undefined;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    dashboard = await startDemoDashboard();
    ({ baseUrl, browser } = dashboard);
  });
  afterAll(async () => {
    await dashboard?.close();
  });

  it('shows the trend chart, the topics and the stream of posts, marked synthetic', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(baseUrl);

    await page.locator('[data-testid="trend-chart"] svg.recharts-surface').first().waitFor();
    await page.locator('[data-testid="topic-chart"] svg.recharts-surface').first().waitFor();
    await page.locator('[data-testid="post-item"]').first().waitFor();
    expect(await page.locator('[data-testid="post-item"]').count()).toBeGreaterThan(5);
    await expect.poll(() => page.locator('[data-testid="synthetic-banner"]').isVisible()).toBe(true);
    // Bars are drawn for the days that have posts.
    expect(
      await page
        .locator('[data-testid="trend-chart"] .recharts-bar-rectangle, [data-testid="trend-chart"] .recharts-area')
        .count(),
    ).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('filters to one topic and keeps the filter in a shareable URL', async () => {
    const page = await browser.newPage();
    await page.goto(baseUrl);
    await page.locator('[data-testid="post-item"]').first().waitFor();
    await openFilters(page);
    await page.locator('[data-testid="filter-topic"]').selectOption('staffing');
    await expect.poll(() => new URL(page.url()).searchParams.get('topic')).toBe('staffing');

    // Every listed post now carries the staffing topic.
    await expect
      .poll(async () => {
        const items = await page.locator('[data-testid="post-item"]').allTextContents();
        return items.length > 0 && items.every((t) => /staffing/i.test(t));
      })
      .toBe(true);

    // Opening the shared link gives the same view.
    const shared = await browser.newPage();
    await shared.goto(page.url());
    await expect.poll(() => shared.locator('[data-testid="filter-topic"]').inputValue()).toBe('staffing');
    await shared.close();
    await page.close();
  });
});
