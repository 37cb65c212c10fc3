import { randomUUID } from 'node:crypto';
import { ne } from 'drizzle-orm';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '@lp/db/client';
import { events } from '@lp/db/schema/events';
import { seedPosts } from '@lp/db/testing/seed';
import { resetDatabase, testDatabaseUrl } from '@lp/db/testing/test-env';
import { openDashboard, type Dashboard } from './browser';
import { describeFindings, seriousAxeViolations } from './axe';

/** A UTC noon `days` before now: well inside the dashboard's default last-7-days range in London. */
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

/** The titles of the annotations drawn on the trend chart (each marker carries an SVG <title>). */
const markerTitles = (page: Page) =>
  page.locator('[data-testid="trend-chart"] [data-testid="event-marker"] title').allTextContents();

/**
 * Annotations on the trend chart, in Debian's Chromium against the real API: added in the
 * dashboard, imported from a CSV, and the shipped national list (seeded by the API at start).
 */
describe('events on the trend chart in a browser', () => {
  const admin = createDb(testDatabaseUrl(), { max: 2 });
  let dashboard: Dashboard | undefined;
  let browser: Browser;
  let baseUrl: string;
  const day = daysAgo(2);

  beforeAll(async () => {
    await resetDatabase(admin.db);
    await admin.db.delete(events).where(ne(events.origin, 'national'));
    await seedPosts(admin.db, [
      { externalId: 'p1', publishedAt: `${daysAgo(3)}T12:00:00Z`, label: 'positive', score: 0.5, topics: ['pay'] },
      { externalId: 'p2', publishedAt: `${day}T12:00:00Z`, label: 'negative', score: -0.5, topics: ['pay'] },
      { externalId: 'p3', publishedAt: `${day}T13:00:00Z`, label: 'neutral', score: 0, topics: ['staffing'] },
    ]);
    dashboard = await openDashboard({ queuePrefix: `lpt-ev-${randomUUID().slice(0, 8)}` });
    ({ baseUrl, browser } = dashboard);
  });
  afterAll(async () => {
    await dashboard?.close();
    await admin.close();
  });

  it('adds an annotation and shows it on the chart and in the table view', async () => {
    // axe-core is injected as an inline script, which the API's CSP rightly forbids.
    const page = await browser.newPage({ bypassCSP: true });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(baseUrl);
    await page.locator('[data-testid="trend-chart"] svg.recharts-surface').first().waitFor();

    const title = `Ward 7 North strike ${randomUUID().slice(0, 6)}`;
    const form = page.locator('[data-testid="add-event-form"]');
    await form.getByLabel('Day').fill(day);
    await form.getByLabel('Title').fill(title);
    await form.getByLabel('Kind').selectOption('strike');
    await form.getByRole('button', { name: 'Add annotation' }).click();

    await expect.poll(() => markerTitles(page)).toContainEqual(expect.stringContaining(title));
    expect((await markerTitles(page)).find((t) => t.includes(title))).toMatch(/strike/);
    // The form is ready for the next one.
    await expect.poll(() => form.getByLabel('Title').inputValue()).toBe('');

    // Adding it again is refused with the API's reason.
    await form.getByLabel('Title').fill(title);
    await form.getByRole('button', { name: 'Add annotation' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toMatch(/already/);

    const findings = await seriousAxeViolations(page);
    expect(findings, describeFindings(findings)).toEqual([]);

    await page.locator('[data-testid="trend-chart"]').getByRole('button', { name: 'Table', exact: true }).click();
    await page.locator('[data-testid="trend-chart"] table').waitFor();
    await expect
      .poll(() => page.locator('[data-testid="trend-chart"] table [data-testid="table-event"]').allTextContents())
      .toContainEqual(expect.stringContaining(title));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('imports annotations from a CSV and reports the bad rows', async () => {
    const page = await browser.newPage();
    await page.goto(baseUrl);
    await page.locator('[data-testid="trend-chart"] svg.recharts-surface').first().waitFor();
    const title = `Imported pay award ${randomUUID().slice(0, 6)}`;
    await page.locator('[data-testid="events-import-input"]').setInputFiles({
      name: 'events.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`date,title,kind,url\n${daysAgo(3)},${title},pay,\nnot-a-date,Broken,other,\n`),
    });
    await expect
      .poll(() => page.locator('[data-testid="events-import-result"]').textContent())
      .toMatch(/Imported 1 event.*1 row not imported.*Row 2: date/s);
    await expect.poll(() => markerTitles(page)).toContainEqual(expect.stringContaining(title));
    await page.close();
  });

  it('shows the shipped Francis report when the range includes 6 February 2013', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${baseUrl}/?from=2013-02-01&to=2013-02-15`);
    // No posts in 2013, but the annotation is still drawn on the (empty) axes.
    await page.locator('[data-testid="trend-chart"] [data-testid="event-marker"]').first().waitFor();
    await expect
      .poll(() => markerTitles(page))
      .toContainEqual(expect.stringMatching(/Francis report.*report.*2013-02-06/));
    expect(errors).toEqual([]);
    await page.close();
  });
});
