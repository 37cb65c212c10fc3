import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeFindings, seriousAxeViolations } from './axe';
import { startDemoDashboard, type DemoDashboard } from './demo-dashboard-world';

/** A small Android phone, the narrowest screen the dashboard promises to fit (WCAG 2.2 reflow is 320 CSS px). */
const PHONE = { width: 360, height: 740 };
/** Set to a directory (outside the repository) to keep full-page screenshots for a human to look at. */
const SCREENSHOTS = process.env.LP_SCREENSHOT_DIR;

/**
 * The NHS-styled dashboard on a phone: nothing scrolls the page sideways, the NHS header and skip link are
 * there and work from the keyboard, and axe-core finds no serious or critical WCAG 2.2 AA violation.
 */
describe('dashboard on a 360 px phone', () => {
  let world: DemoDashboard;

  beforeAll(async () => {
    world = await startDemoDashboard();
  });
  afterAll(async () => {
    await world?.close();
  });

  async function open(path: string, viewport = PHONE): Promise<Page> {
    // The API's CSP (script-src 'self') rightly refuses the injected axe script; only the test page bypasses it.
    const page = await world.browser.newPage({ viewport, bypassCSP: true });
    await page.goto(`${world.baseUrl}${path}`);
    return page;
  }

  const dashboardLoaded = async (page: Page) => {
    await page.locator('[data-testid="overview-index"]').waitFor();
    await page.locator('[data-testid="trend-chart"] svg.recharts-surface').first().waitFor();
    await page.locator('[data-testid="topic-chart"] svg.recharts-surface').first().waitFor();
    await page.locator('[data-testid="post-item"]').first().waitFor();
  };

  /** How far the page itself scrolls sideways, and which elements stick out past the viewport's right edge. */
  const overflow = (page: Page) =>
    page.evaluate(() => {
      const width = window.innerWidth;
      const wide = [...document.querySelectorAll('body *')]
        .filter((el) => {
          const box = el.getBoundingClientRect();
          // Content scrolled inside a table's own container may extend further; only the page matters.
          return box.right > width + 1 && !el.closest('.table-scroll, .nhsuk-table-container');
        })
        .slice(0, 5)
        .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`);
      return { scrollWidth: document.documentElement.scrollWidth, innerWidth: width, wide };
    });

  it('the dashboard does not scroll sideways, charts fill the width and tables scroll inside their panel', async () => {
    const page = await open('/');
    await dashboardLoaded(page);
    const first = await overflow(page);
    expect(first.scrollWidth, first.wide.join(', ')).toBeLessThanOrEqual(first.innerWidth);

    // recharts' ResponsiveContainer sizes each chart to its panel, so a chart spans most of the phone's width.
    // The chart's own surface, not a legend icon (also an svg.recharts-surface).
    const chart = await page
      .locator('[data-testid="trend-chart"] .recharts-wrapper > svg.recharts-surface')
      .first()
      .boundingBox();
    expect(chart?.width).toBeGreaterThan(PHONE.width * 0.7);
    expect((chart?.x ?? 0) + (chart?.width ?? 0)).toBeLessThanOrEqual(PHONE.width);

    // Every chart as its table: the tables may be wider than the phone, but only their own container scrolls.
    const tableButtons = page.getByRole('button', { name: 'Table', exact: true });
    for (let i = 0; i < (await tableButtons.count()); i++) await tableButtons.nth(i).click();
    await page.locator('[data-testid="trend-chart"] table').waitFor();
    const tables = await overflow(page);
    expect(tables.scrollWidth, tables.wide.join(', ')).toBeLessThanOrEqual(tables.innerWidth);
    await page.close();
  });

  it('has the NHS header and a skip link that moves keyboard focus to the main content', async () => {
    const page = await open('/');
    await dashboardLoaded(page);
    await expect.poll(() => page.locator('header.nhsuk-header svg.nhsuk-logo').isVisible()).toBe(true);
    expect(await page.locator('.nhsuk-header__service-name').innerText()).toBe('Listening Post');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sources' }).waitFor();

    // The skip link is the first thing a keyboard reaches, shows itself when focused, and lands on <main>.
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to main content' });
    expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
    const box = await skip.boundingBox();
    expect(box && box.y >= 0 && box.height >= 24).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.close();
  });

  it('the drill-down dialog fits the phone and scrolls inside itself', async () => {
    const page = await open('/');
    await dashboardLoaded(page);
    await page.getByRole('button', { name: 'Table', exact: true }).first().click();
    await page.locator('[data-testid="drill-trigger"]').first().click();
    const dialog = page.locator('[data-testid="drill-dialog"]');
    await dialog.locator('[data-testid="drill-post"]').first().waitFor();
    const box = await dialog.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= PHONE.width && box.y + box.height <= PHONE.height).toBe(true);
    const page_ = await overflow(page);
    expect(page_.scrollWidth).toBeLessThanOrEqual(page_.innerWidth);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    await page.close();
  });

  it('axe finds no serious or critical violation at phone width, on the dashboard and the sources view', async () => {
    const page = await open('/');
    await dashboardLoaded(page);
    const dashboard = await seriousAxeViolations(page);
    expect(dashboard, describeFindings(dashboard)).toEqual([]);
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/dashboard-360.png`, fullPage: true });

    await page.goto(`${world.baseUrl}/?view=sources`);
    await page.locator('[data-testid="source-row"]').first().waitFor();
    const sources = await seriousAxeViolations(page);
    expect(sources, describeFindings(sources)).toEqual([]);
    const { scrollWidth, innerWidth, wide } = await overflow(page);
    expect(scrollWidth, wide.join(', ')).toBeLessThanOrEqual(innerWidth);
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/sources-360.png`, fullPage: true });
    await page.close();
  });

  it.runIf(SCREENSHOTS)('keeps screenshots at desktop width too', async () => {
    const page = await open('/', { width: 1280, height: 900 });
    await dashboardLoaded(page);
    await page.screenshot({ path: `${SCREENSHOTS}/dashboard-1280.png`, fullPage: true });
    await page.keyboard.press('Tab');
    await page.screenshot({ path: `${SCREENSHOTS}/skip-link-1280.png` });
    await page.goto(`${world.baseUrl}/?view=sources`);
    await page.locator('[data-testid="source-row"]').first().waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/sources-1280.png`, fullPage: true });
    await page.close();
  });
});
