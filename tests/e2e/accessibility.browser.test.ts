import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeFindings, seriousAxeViolations } from './axe';
import { startDemoDashboard, type DemoDashboard } from './demo-dashboard-world';

/**
 * WCAG 2.2 AA (issue 5, item 7): axe-core finds no serious or critical violation on each page of the
 * dashboard once its data has loaded, in Debian's Chromium over posts from the real pipeline.
 */
describe('accessibility (axe-core)', () => {
  let world: DemoDashboard;

  beforeAll(async () => {
    world = await startDemoDashboard();
  });
  afterAll(async () => {
    await world?.close();
  });

  /** Opens a page, waits for what must be on it, and returns axe's serious and critical findings. */
  async function audit(path: string, ready: (page: Page) => Promise<void>) {
    // The API's CSP (script-src 'self') rightly refuses the injected axe script; only the test page bypasses it.
    const page = await world.browser.newPage({ bypassCSP: true });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${world.baseUrl}${path}`);
    await ready(page);
    const findings = await seriousAxeViolations(page);
    await page.close();
    return { findings, errors };
  }

  const dashboardLoaded = async (page: Page) => {
    await page.locator('[data-testid="overview-index"]').waitFor();
    await page.locator('[data-testid="trend-chart"] svg.recharts-surface').first().waitFor();
    await page.locator('[data-testid="topic-chart"] svg.recharts-surface').first().waitFor();
    await page.locator('[data-testid="post-item"]').first().waitFor();
  };

  it('the dashboard (default view)', async () => {
    const { findings, errors } = await audit('/', dashboardLoaded);
    expect(findings, describeFindings(findings)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('names each chart for screen readers (recharts makes its SVG a keyboard "application")', async () => {
    const page = await world.browser.newPage();
    await page.goto(world.baseUrl);
    await dashboardLoaded(page);
    await page.getByRole('application', { name: 'Posts per day by sentiment, with the mean score' }).waitFor();
    await page.getByRole('application', { name: 'Posts per topic by sentiment' }).waitFor();
    await page.close();
  });

  it('would catch a violation: an unnamed button and an image without alt text are reported', async () => {
    const { findings } = await audit('/', async (page) => {
      await dashboardLoaded(page);
      await page.evaluate(() => {
        document.querySelector('main')?.insertAdjacentHTML('beforeend', '<button></button><img src="data:,">');
      });
    });
    expect(findings.map((f) => f.id).sort()).toEqual(['button-name', 'image-alt']);
  });

  it('the dashboard filtered to a topic', async () => {
    const { findings, errors } = await audit('/?topic=staffing', async (page) => {
      await dashboardLoaded(page);
      await page.getByRole('button', { name: 'Clear filters' }).waitFor();
    });
    expect(findings, describeFindings(findings)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('the dashboard with every chart shown as a table', async () => {
    const { findings, errors } = await audit('/', async (page) => {
      await dashboardLoaded(page);
      const tableButtons = page.getByRole('button', { name: 'Table', exact: true });
      for (let i = 0; i < (await tableButtons.count()); i++) await tableButtons.nth(i).click();
      await page.locator('[data-testid="trend-chart"] table').waitFor();
    });
    expect(findings, describeFindings(findings)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('the sources view', async () => {
    const { findings, errors } = await audit('/?view=sources', async (page) => {
      await page.locator('[data-testid="sources-view"]').waitFor();
      await page.locator('[data-testid="source-row"]').first().waitFor();
    });
    expect(findings, describeFindings(findings)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('the dashboard with its filters open, and with several topics (one block each)', async () => {
    const open = await audit('/', async (page) => {
      await dashboardLoaded(page);
      await page.locator('[data-testid="filters-disclosure"] > summary').click();
      await page.locator('[data-testid="filter-topic"]').waitFor();
    });
    expect(open.findings, describeFindings(open.findings)).toEqual([]);
    const several = await audit('/?topic=staffing,pay', async (page) => {
      await page.locator('[data-testid="per-topic"]').waitFor();
      await page.locator('[data-testid="coverage-note"] > summary').click();
    });
    expect(several.findings, describeFindings(several.findings)).toEqual([]);
    expect([...open.errors, ...several.errors]).toEqual([]);
  });

  it('the users, audit log and account views', async () => {
    for (const [view, ready] of [
      ['users', '[data-testid="users-table"]'],
      ['audit', '[data-testid="audit-panel"]'],
      ['account', '[data-testid="change-password"]'],
    ] as const) {
      const { findings, errors } = await audit(`/?view=${view}`, async (page) => {
        await page.locator(ready).waitFor();
        await page.waitForLoadState('networkidle');
      });
      expect(findings, `${view}: ${describeFindings(findings)}`).toEqual([]);
      expect(errors).toEqual([]);
    }
  });
});
