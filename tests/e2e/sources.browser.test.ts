import { type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '@lp/db/client';
import { getSource } from '@lp/db/queries/sources';
import { resetDatabase, testDatabaseUrl } from '@lp/db/testing/test-env';
import { describeFindings, seriousAxeViolations } from './axe';
import { newsItem, startRssFixture, type RssFixture } from '../../services/ingest/src/connectors/rss/rss-fixture';
import { openDashboardWithIngest, type Dashboard } from './browser';
import { sql } from 'drizzle-orm';
import {
  startJetstreamFixture,
  type JetstreamFixture,
} from '../../services/ingest/src/connectors/jetstream/jetstream-fixture';
import { count } from '../../services/ingest/src/testing/db-checks';
import {
  CHANNEL,
  FIXTURE_API_KEY,
  makeComment,
  startYoutubeFixture,
  type YoutubeFixture,
} from '../../services/ingest/src/connectors/youtube/youtube-fixture';

/**
 * The sources admin view in Debian's Chromium against the real API, with an ingest poll worker
 * (no scheduler, so nothing polls on its own) answering "test a source".
 */
describe('sources admin view in a browser', () => {
  const admin = createDb(testDatabaseUrl(), { max: 2 });
  let dashboard: Dashboard | undefined;
  let browser: Browser;
  let baseUrl: string;
  let feeds: RssFixture;
  let youtube: YoutubeFixture;
  let jetstream: JetstreamFixture;

  beforeAll(async () => {
    await resetDatabase(admin.db);
    // A trust's site on loopback: an HTML page where someone might paste the address, and its real feed.
    feeds = await startRssFixture();
    feeds.setRaw('/news', '<!doctype html><html><body><h1>News</h1><p>Our latest news</p></body></html>', 'text/html');
    feeds.setFeed('/news/feed', 'rss', [newsItem(2), newsItem(1)]);
    youtube = await startYoutubeFixture();
    jetstream = await startJetstreamFixture();
    youtube.addThread(
      makeComment('yt1', new Date(Date.now() - 3_600_000), {
        text: 'Thank you to the maternity team, they were wonderful',
      }),
    );
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
    await feeds?.close();
    await youtube?.close();
    await jetstream?.close();
    await admin.close();
  });

  it('pauses the demo source, tests it and adds an rss source', async () => {
    // bypassCSP: axe is injected as a script.
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
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
    // The row says in words what is happening and what to do about it.
    await expect
      .poll(() => demo.locator('[data-testid="source-health-words"]').textContent())
      .toMatch(/^Paused: not collecting\.Next: Resume it to collect again\./);

    // "Fetch one page now" shows a preview through the real ingest worker.
    await demo.getByRole('button', { name: /Test demo/ }).click();
    const result = page.locator('[data-testid="source-test-result"]');
    await result.locator('[data-testid="source-test-item"]').first().waitFor();
    expect(await result.locator('[data-testid="source-test-item"]').count()).toBe(20);

    // Add a dashboard rss source through its form: each field is checked and explained first.
    const form = page.locator('[data-testid="add-source-form"]');
    await form.getByLabel('Id', { exact: true }).fill('trust-news');
    await form.getByLabel('Type', { exact: true }).selectOption('rss');
    await form.getByLabel(/Feed address/).fill('www.example.org/news');
    await form.getByRole('button', { name: 'Add source' }).click();
    await form.getByText('Feed address: enter a full address starting https://').waitFor();
    const a11y = await seriousAxeViolations(page);
    expect(a11y, describeFindings(a11y)).toEqual([]);
    // The site's page, not its feed: saved, then checked at once, and the check says so in words.
    await form.getByLabel(/Feed address/).fill(`${feeds.url}/news`);
    await form.getByRole('button', { name: 'Add source' }).click();
    const added = page.locator('[data-testid="source-row"][data-source-id="trust-news"]');
    await added.waitFor();
    expect(await added.textContent()).toMatch(/added in the dashboard/);
    await expect
      .poll(() => result.textContent(), { timeout: 30_000 })
      .toMatch(/The fetch failed.*this address is not a feed/);
    // Fixed in the edit form: the check now shows what would be stored.
    await added.getByRole('button', { name: 'Edit trust-news' }).click();
    const edit = page.locator('[data-testid="add-source-form"]');
    await edit.getByLabel(/Feed address/).fill(`${feeds.url}/news/feed`);
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => result.locator('[data-testid="source-test-item"]').count(), { timeout: 30_000 }).toBe(2);
    expect(await result.textContent()).toContain('Ward 2 reopens after refurbishment');
    expect((await getSource(admin.db, 'trust-news'))?.config).toEqual({ url: `${feeds.url}/news/feed` });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('adds a YouTube source through its form: channel or videos asked for, a refused key in words, then a preview', async () => {
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${baseUrl}/?view=sources`);
    const form = page.locator('[data-testid="add-source-form"]');
    await form.getByLabel('Id', { exact: true }).fill('trust-youtube');
    await form.getByLabel('Type', { exact: true }).selectOption('youtube');
    await form.getByLabel('API key').fill('not-the-key');
    await form.getByRole('button', { name: 'Add source' }).click();
    await form.getByText('Give a channel id, some videos, or both').waitFor();
    expect(await form.getByLabel('API key').getAttribute('type')).toBe('password');
    await form.getByLabel(/Channel id/).fill(CHANNEL);
    await form.getByRole('button', { name: 'Add source' }).click();
    const added = page.locator('[data-testid="source-row"][data-source-id="trust-youtube"]');
    await added.waitFor();
    const a11y = await seriousAxeViolations(page);
    expect(a11y, describeFindings(a11y)).toEqual([]);

    // Pointed at the local stand-in (a test's own setting, kept by the form), then checked with the wrong key.
    await admin.db.execute(
      sql`update sources set config = config || ${JSON.stringify({ baseUrl: youtube.url })}::jsonb where id = 'trust-youtube'`,
    );
    await added.getByRole('button', { name: 'Edit trust-youtube' }).click();
    await form.getByRole('button', { name: 'Save changes' }).click();
    const result = page.locator('[data-testid="source-test-result"]');
    await expect
      .poll(() => result.textContent(), { timeout: 30_000 })
      .toMatch(/The fetch failed.*the API key was refused by YouTube/);
    expect(await result.textContent()).not.toContain('not-the-key');

    await added.getByRole('button', { name: 'Edit trust-youtube' }).click();
    await form.getByLabel('API key').fill(FIXTURE_API_KEY);
    await form.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => result.locator('[data-testid="source-test-item"]').count(), { timeout: 30_000 }).toBe(1);
    expect(await result.textContent()).toContain('Thank you to the maternity team');
    expect((await getSource(admin.db, 'trust-youtube'))?.config).toEqual({ channelId: CHANNEL, baseUrl: youtube.url });
    // Nothing wider than the phone's screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('adds a Bluesky live stream: keywords, no poll interval, a preview from the live stream, and the health table waiting for its consumer', async () => {
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${baseUrl}/?view=sources`);
    const form = page.locator('[data-testid="add-source-form"]');
    await form.getByLabel('Id', { exact: true }).fill('bluesky-live');
    await form.getByLabel('Type', { exact: true }).selectOption({ label: 'Bluesky live stream (no account)' });
    // Read as it happens: no schedule to set, and no credential to give.
    expect(await form.getByLabel(/Poll every/).count()).toBe(0);
    expect(await form.locator('input[type="password"]').count()).toBe(0);
    await form.getByLabel(/^Keywords/).fill('Royal Free\nBarnet Hospital');
    await form.getByLabel(/^Stream address/).fill('https://example.org/subscribe');
    await form.getByRole('button', { name: 'Add source' }).click();
    await form.getByText(/Stream address: should be an address starting wss:\/\//).waitFor();
    await form.getByLabel(/^Stream address/).fill(jetstream.endpoint);
    await form.getByRole('button', { name: 'Add source' }).click();
    const added = page.locator('[data-testid="source-row"][data-source-id="bluesky-live"]');
    await added.waitFor();
    await expect
      .poll(() => added.locator('[data-testid="source-health-words"]').textContent(), { timeout: 15_000 })
      .toMatch(/Waiting for the stream consumer to connect\..*stream role/);
    const a11y = await seriousAxeViolations(page);
    expect(a11y, describeFindings(a11y)).toEqual([]);

    // "Check now" listens to the live stream: what arrives while it listens, filtered.
    await admin.db.execute(
      sql`update sources set config = config || ${JSON.stringify({ appview: jetstream.appview })}::jsonb where id = 'bluesky-live'`,
    );
    // (Adding it ran a check already; the edit's check is the next subscription.)
    const asked = jetstream.subscriptions.length;
    await added.getByRole('button', { name: 'Edit bluesky-live' }).click();
    await form.getByRole('button', { name: 'Save changes' }).click();
    await expect
      .poll(() => jetstream.subscriptions.length > asked && jetstream.connected() > 0, { timeout: 30_000 })
      .toBe(true);
    jetstream.post('did:plc:someone000000000000000000', 'k1', 'Kind nurses at Barnet Hospital last night');
    jetstream.post('did:plc:someone000000000000000000', 'k2', 'Unrelated post about the weather');
    const result = page.locator('[data-testid="source-test-result"]');
    await expect.poll(() => result.locator('[data-testid="source-test-item"]').count(), { timeout: 30_000 }).toBe(1);
    expect(await result.textContent()).toContain('Kind nurses at Barnet Hospital');
    expect((await getSource(admin.db, 'bluesky-live'))?.config).toMatchObject({
      keywords: ['Royal Free', 'Barnet Hospital'],
      endpoint: jetstream.endpoint,
    });
    expect(await count(admin.db, sql`select count(*)::int as n from raw_items where source_id = 'bluesky-live'`)).toBe(
      0,
    );
    expect(errors).toEqual([]);
    await context.close();
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
