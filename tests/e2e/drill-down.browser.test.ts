import { isStopWord } from '@lp/nlp/text/stopwords';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeFindings, seriousAxeViolations } from './axe';
import { startDemoDashboard, type DemoDashboard } from './demo-dashboard-world';

const londonDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The posts behind a chart point or table row, in a dialog, over three days of demo posts from the real pipeline. */
describe('drill-down in a browser', () => {
  let world: DemoDashboard;

  beforeAll(async () => {
    world = await startDemoDashboard();
  });
  afterAll(async () => {
    await world?.close();
  });

  /** Every post in the open dialog is negative and published on `day` (London); some carry evidence marks. */
  async function expectNegativePostsOf(page: Page, day: string) {
    const dialog = page.locator('[data-testid="drill-dialog"]');
    await dialog.locator('[data-testid="drill-post"]').first().waitFor();
    const posts = dialog.locator('[data-testid="drill-post"]');
    expect(await posts.count()).toBeGreaterThan(0);
    const labels = await posts
      .locator('[data-sentiment]')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-sentiment')));
    expect(new Set(labels)).toEqual(new Set(['negative']));
    const times = await posts.locator('time').evaluateAll((els) => els.map((el) => el.getAttribute('datetime')));
    expect(new Set(times.map((t) => londonDay.format(new Date(String(t)))))).toEqual(new Set([day]));
    const marks = await dialog.locator('[data-testid="drill-post"] mark').allInnerTexts();
    expect(marks.length).toBeGreaterThan(0);
    // Evidence is a reason a person would accept: never "the", "and" or "are".
    const stopWords = marks.filter((m) => m.split(/\s+/).every((w) => isStopWord(w.toLowerCase())));
    expect(stopWords).toEqual([]);
  }

  it('opens a trend table cell as a dialog of that day’s negative posts; Escape closes it and focus returns', async () => {
    const page = await world.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(world.baseUrl);
    const trend = page.locator('[data-testid="trend-chart"]');
    await trend.locator('svg.recharts-surface').first().waitFor();
    await trend.getByRole('button', { name: 'Table', exact: true }).click();

    const trigger = trend.locator('[data-testid="drill-trigger"][data-sentiment="negative"]').first();
    const name = await trigger.getAttribute('aria-label');
    await trigger.focus();
    await page.keyboard.press('Enter');

    const dialog = page.locator('[data-testid="drill-dialog"]');
    await dialog.waitFor();
    expect(await dialog.evaluate((d) => (d as HTMLDialogElement).open && d.matches(':modal'))).toBe(true);
    const url = new URL(page.url());
    const day = url.searchParams.get('dfrom');
    expect(url.searchParams.get('dsentiment')).toBe('negative');
    expect(day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await dialog.getByRole('heading', { level: 2 }).innerText()).toMatch(/^Negative posts · \d+ \w+ \d{4}$/);
    await expectNegativePostsOf(page, String(day));
    // Focus moved into the dialog.
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest('dialog')))).toBe(true);

    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(new URL(page.url()).searchParams.get('dfrom')).toBeNull();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(name);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('opens a negative bar of the trend chart, and a shared link reopens it with no serious axe violations', async () => {
    const page = await world.browser.newPage();
    await page.goto(world.baseUrl);
    const trend = page.locator('[data-testid="trend-chart"]');
    // Bars are drawn in SENTIMENT_ORDER, negative first; the last day with posts is the busiest here.
    const negativeBars = trend.locator('.recharts-bar').first().locator('.recharts-bar-rectangle path');
    await negativeBars.first().waitFor();
    await negativeBars.last().click();

    const dialog = page.locator('[data-testid="drill-dialog"]');
    await dialog.waitFor();
    const shared = page.url();
    const url = new URL(shared);
    expect(url.searchParams.get('dsentiment')).toBe('negative');
    await expectNegativePostsOf(page, String(url.searchParams.get('dfrom')));
    const heading = await dialog.getByRole('heading', { level: 2 }).innerText();
    await dialog.locator('[data-testid="drill-close"]').click();
    await expect.poll(() => dialog.count()).toBe(0);
    await page.close();

    // The API's CSP (script-src 'self') rightly refuses the injected axe script; only this test page bypasses it.
    const reopened = await world.browser.newPage({ bypassCSP: true });
    const errors: string[] = [];
    reopened.on('pageerror', (e) => errors.push(e.message));
    await reopened.goto(shared);
    const again = reopened.locator('[data-testid="drill-dialog"]');
    await again.locator('[data-testid="drill-post"]').first().waitFor();
    expect(await again.getByRole('heading', { level: 2 }).innerText()).toBe(heading);
    const findings = await seriousAxeViolations(reopened);
    expect(findings, describeFindings(findings)).toEqual([]);
    expect(errors).toEqual([]);
    await reopened.close();
  });

  it('opens a topic and a source from the overview tables', async () => {
    const page = await world.browser.newPage();
    await page.goto(world.baseUrl);
    const overview = page.locator('[data-testid="overview-panel"]');
    const dialog = page.locator('[data-testid="drill-dialog"]');

    await overview.locator('[data-testid="overview-topic-changes"] [data-testid="drill-trigger"]').first().click();
    await dialog.locator('[data-testid="drill-post"]').first().waitFor();
    const topic = new URL(page.url()).searchParams.get('dtopic');
    expect(topic).toBeTruthy();
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);

    await overview.locator('[data-testid="overview-sources"] [data-testid="drill-trigger"]').first().click();
    await dialog.locator('[data-testid="drill-post"]').first().waitFor();
    expect(new URL(page.url()).searchParams.get('dsource')).toBe('demo');
    expect(await dialog.getByRole('heading', { level: 2 }).innerText()).toMatch(/· source demo$/);
    await page.close();
  });
});
