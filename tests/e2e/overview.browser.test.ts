import { openFilters } from './browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoDashboard, type DemoDashboard } from './demo-dashboard-world';

/** The top of the dashboard in Debian's Chromium, over three days of demo posts from the real pipeline. */
describe('overview in a browser', () => {
  let world: DemoDashboard;

  beforeAll(async () => {
    world = await startDemoDashboard();
  });
  afterAll(async () => {
    await world?.close();
  });

  it('shows the volume, the sentiment index with its interval, topic changes and sources', async () => {
    const page = await world.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(world.baseUrl);

    const panel = page.locator('[data-testid="overview-panel"]');
    await panel.locator('[data-testid="overview-index"]').waitFor();

    // 72 hours at 20 an hour up to now, of which the whole days before today are in "Last 7 days"; none the week before.
    const volume = await panel.locator('[data-testid="overview-volume"]').innerText();
    const posts = Number(/Posts\s+([\d,]+)/.exec(volume)?.[1]?.replaceAll(',', ''));
    expect(posts).toBeGreaterThan(500);
    // A fresh install: the previous week has no data, so the change is not shown, and says why.
    expect(volume).toMatch(
      /The previous 7 days have no data from demo, and this period has \d of 7 whole days of data from demo, so the change is not shown\./,
    );

    // Far more than 30 scored posts, so the index is shown with its likely range (the 95% interval).
    const index = await panel.locator('[data-testid="overview-index"]').innerText();
    expect(index).toMatch(/[+\u2212]?\d+ \(likely between [+\u2212]?\d+ and [+\u2212]?\d+\)/);
    expect(index).not.toMatch(/Not enough posts/);
    await panel.getByText('How is this calculated?').click();
    await expect.poll(() => panel.getByText(/normal approximation/).isVisible()).toBe(true);

    const topicRows = panel.locator('[data-testid="overview-topic-changes"] tbody tr');
    expect(await topicRows.count()).toBeGreaterThan(0);
    const sources = panel.locator('[data-testid="overview-sources"] tbody tr');
    expect(await sources.allInnerTexts()).toEqual([expect.stringMatching(/^demo\s+[\d,]+/)]);
    expect(Number(/^demo\s+([\d,]+)/.exec(await sources.first().innerText())?.[1]?.replaceAll(',', ''))).toBe(posts);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('follows the topic filter', async () => {
    const page = await world.browser.newPage();
    await page.goto(world.baseUrl);
    const volume = page.locator('[data-testid="overview-volume"]');
    await volume.waitFor();
    const all = await volume.innerText();
    await openFilters(page);
    await page.locator('[data-testid="filter-topic"]').selectOption('staffing');
    await expect.poll(() => volume.innerText()).not.toBe(all);
    expect(await page.locator('[data-testid="overview-panel"]').innerText()).toMatch(/Posts about Safe staffing/);
    await page.close();
  });
});
