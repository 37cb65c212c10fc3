import { type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '@lp/db/client';
import { getSource } from '@lp/db/queries/sources';
import { resetDatabase, testDatabaseUrl } from '@lp/db/testing/test-env';
import { openDashboardWithIngest, type Dashboard } from './browser';

/**
 * The sources admin view in Debian's Chromium against the real API, with an ingest poll worker
 * (no scheduler, so nothing polls on its own) answering "test a source".
 */
describe('sources admin view in a browser', () => {
  const admin = createDb(testDatabaseUrl(), { max: 2 });
  let dashboard: Dashboard | undefined;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    await resetDatabase(admin.db);
    dashboard = await openDashboardWithIngest({
      sources: [
        {
          id: 'demo',
          type: 'demo',
          config: { backfillHours: 2, backfillPostsPerHour: 20, seed: 5 },
          enabled: true,
          synthetic: true,
          pollEverySeconds: 3600,
        },
      ],
      roles: ['poll'],
    });
    ({ baseUrl, browser } = dashboard);
  });
  afterAll(async () => {
    await dashboard?.close();
    await admin.close();
  });

  it('pauses the demo source, tests it and adds an rss source', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${baseUrl}/?view=sources`);

    await page.locator('[data-testid="sources-view"]').waitFor();
    const demo = page.locator('[data-testid="source-row"][data-source-id="demo"]');
    await demo.waitFor();
    expect(await demo.textContent()).toMatch(/managed by the sources file/);
    await expect.poll(() => demo.locator('[data-testid="source-state"]').getAttribute('data-state')).toBe('new');

    await demo.getByRole('button', { name: 'Pause demo' }).click();
    await expect.poll(() => demo.locator('[data-testid="source-state"]').getAttribute('data-state')).toBe('paused');
    expect((await getSource(admin.db, 'demo'))?.enabled).toBe(false);
    await demo.getByRole('button', { name: 'Resume demo' }).waitFor();

    // "Fetch one page now" shows a preview through the real ingest worker.
    await demo.getByRole('button', { name: /Test demo/ }).click();
    const result = page.locator('[data-testid="source-test-result"]');
    await result.locator('[data-testid="source-test-item"]').first().waitFor();
    expect(await result.locator('[data-testid="source-test-item"]').count()).toBe(20);

    // Add a dashboard rss source: a broken JSON config is explained first.
    const form = page.locator('[data-testid="add-source-form"]');
    await form.getByLabel('Id', { exact: true }).fill('trust-news');
    await form.getByLabel('Type', { exact: true }).selectOption('rss');
    await form.getByLabel(/Config/).fill('{"url": ');
    await form.getByRole('button', { name: 'Add source' }).click();
    await form.getByText(/Config is not valid JSON/).waitFor();
    await form.getByLabel(/Config/).fill('{"url": "https://www.example.org/news/feed.xml"}');
    await form.getByRole('button', { name: 'Add source' }).click();

    const added = page.locator('[data-testid="source-row"][data-source-id="trust-news"]');
    await added.waitFor();
    expect(await added.textContent()).toMatch(/added in the dashboard/);
    expect((await getSource(admin.db, 'trust-news'))?.config).toEqual({ url: 'https://www.example.org/news/feed.xml' });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('switches between the dashboard and the sources view with the top navigation', async () => {
    const page = await browser.newPage();
    await page.goto(baseUrl);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sources' }).click();
    await page.locator('[data-testid="sources-view"]').waitFor();
    expect(new URL(page.url()).searchParams.get('view')).toBe('sources');
    await page.goBack();
    await page.getByRole('heading', { name: 'Sentiment dashboard' }).waitFor();
    await page.close();
  });
});
