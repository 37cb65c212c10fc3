import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SENSITIVITY_WORDS } from '@lp/contracts/alerts';
import { createDb } from '@lp/db/client';
import { seedPosts } from '@lp/db/testing/seed';
import { resetDatabase, testDatabaseUrl } from '@lp/db/testing/test-env';
import { describeFindings, seriousAxeViolations } from './axe';
import { openDashboard, type Dashboard } from './browser';

const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1366, height: 900 };
/** Set to a directory (outside the repository) to keep full-page screenshots for a human to look at. */
const SCREENSHOTS = process.env.LP_SCREENSHOT_DIR;

/** How far the page scrolls sideways, and the first elements that stick out past the viewport's right edge. */
const overflow = (page: Page) =>
  page.evaluate(() => {
    const width = window.innerWidth;
    const wide = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > width + 1 && !el.closest('.table-scroll'))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`);
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: width, wide };
  });

/**
 * The Alerts view in Debian's Chromium against the real API: an admin adds a rule through the form,
 * reads a fired alert (seeded in SQL, as the evaluator would store it) and acknowledges it; an
 * analyst reads the history but not the rules. The in-process evaluator and deliverer are off, so
 * the seeded rows stay exactly as seeded.
 */
describe('alerts in a browser', () => {
  const admin = createDb(testDatabaseUrl(), { max: 2 });
  let dashboard: Dashboard | undefined;

  beforeAll(async () => {
    await resetDatabase(admin.db);
    dashboard = await openDashboard({
      // Hook addresses are sealed with the secrets key; the form's Slack channel needs one.
      secretsKey: Buffer.alloc(32, 7).toString('base64'),
      alerts: { enabled: false },
    });
  });
  afterAll(async () => {
    await dashboard?.close();
    await admin.close();
  });

  it('an admin adds a rule through the form, reads a fired alert and acknowledges it', async () => {
    const context = await dashboard!.browser.newContext({ bypassCSP: true, viewport: LAPTOP });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(dashboard!.baseUrl);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Alerts' }).click();
    await page.getByTestId('alerts-view').waitFor();
    const history = page.getByTestId('alert-history');
    await history.getByText('Alerts will appear here.').waitFor();

    // Checked before it is sent: the summary names the problem and links to the field.
    const form = page.getByTestId('alert-rule-form');
    await form.getByRole('button', { name: 'Add rule' }).click();
    const summary = page.getByTestId('alert-rule-errors');
    await summary.getByRole('link', { name: 'Enter a name for the rule' }).waitFor();
    await expect.poll(() => summary.evaluate((el) => el === document.activeElement)).toBe(true);

    await form.getByLabel('Name', { exact: true }).fill('About us surge');
    await form.getByLabel('Number of posts').check();
    await form.getByLabel('About us', { exact: true }).selectOption({ label: 'Only posts about us' });
    await form.getByLabel('High', { exact: true }).check();
    expect(await form.getByLabel('Window minutes').inputValue()).toBe('60');
    expect(await form.getByLabel('Cool-down minutes').inputValue()).toBe('180');
    expect(await form.getByLabel('Minimum posts').inputValue()).toBe('10');
    await form.getByRole('button', { name: 'Add a channel' }).click();
    const channel = form.getByTestId('alert-channel');
    await channel.getByLabel('Type').selectOption({ label: 'Slack' });
    // Loopback is allowed in tests (allowPrivateSourceUrls); nothing is sent with the evaluator off.
    await channel.getByLabel('Incoming webhook URL').fill('http://127.0.0.1:9/hook');
    const a11yForm = await seriousAxeViolations(page);
    expect(a11yForm, describeFindings(a11yForm)).toEqual([]);
    await form.getByRole('button', { name: 'Add rule' }).click();

    const rule = page.locator('[data-testid="alert-rule"][data-name="About us surge"]');
    await rule.waitFor();
    expect(await rule.getByTestId('alert-rule-sensitivity').textContent()).toBe(SENSITIVITY_WORDS.high);
    expect(await rule.textContent()).toContain('Number of posts — about us');
    expect(await rule.textContent()).toContain('Slack: http://127.0.0.1:9/…');
    // The form is ready for the next rule.
    expect(await form.getByLabel('Name', { exact: true }).inputValue()).toBe('');
    const stored = await admin.db.execute<{ id: string; about_us: boolean; sensitivity: string; metric: string }>(
      sql`select id, about_us, sensitivity, metric from alert_rules where name = 'About us surge'`,
    );
    expect(stored.rows).toEqual([expect.objectContaining({ about_us: true, sensitivity: 'high', metric: 'volume' })]);
    const ruleId = stored.rows[0]!.id;

    // Edited with the Slack address left blank: the saved address is kept.
    await rule.getByRole('button', { name: 'Edit About us surge' }).click();
    const edit = page.getByTestId('alert-rule-edit-panel');
    expect(await edit.getByTestId('alert-channel-saved').textContent()).toContain(
      'address saved — leave blank to keep',
    );
    await edit.getByLabel('Name', { exact: true }).fill('About us: surge');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    const renamed = page.locator('[data-testid="alert-rule"][data-name="About us: surge"]');
    await renamed.waitFor();
    expect(await renamed.textContent()).toContain('Slack: http://127.0.0.1:9/…');

    // One firing as the evaluator stores it (its posts by id: the API reads their text and link from
    // the posts, so a purge or an erasure reaches alerts too), with one delivery that failed.
    const TEXTS = [
      'Four hours in A&E at the Royal Free and still waiting',
      'Parking at the Royal Free is impossible today',
    ];
    await seedPosts(admin.db, [
      {
        sourceId: 'demo',
        externalId: 'a1',
        publishedAt: '2025-06-03T13:20:00Z',
        text: TEXTS[0],
        url: 'https://example.org/p/1',
        label: 'negative',
        score: -0.6,
      },
      {
        sourceId: 'demo',
        externalId: 'a2',
        publishedAt: '2025-06-03T13:40:00Z',
        text: TEXTS[1],
        label: 'negative',
        score: -0.5,
      },
    ]);
    const posts = await admin.db.execute<{ id: string }>(
      sql`select id::text as id from posts where external_id in ('a1', 'a2') order by external_id`,
    );
    const explanation = {
      alertName: 'About us: surge',
      summary: 'Posts about us jumped to 42 in the hour to 15:00, against a usual 12.',
      terms: [
        { term: 'parking', z: 3.1 },
        { term: 'a&e wait', z: 5.4 },
      ],
      posts: posts.rows.map((p) => ({ id: p.id })),
      sources: [{ id: 'demo', posts: 42 }],
      leftOut: [{ id: 'trust-news', reason: 'still reading its history' }],
      link: `${dashboard!.baseUrl}/?from=2025-06-03&to=2025-06-04&bucket=day&aboutUs=true`,
    };
    const firing = await admin.db.execute<{ id: string }>(sql`
      insert into alert_firings (rule_id, kind, metric, window_from, window_to, value, baseline, threshold, baseline_weeks, explanation, quiet)
      values (${ruleId}, 'rule', 'volume', '2025-06-03T13:00:00Z', '2025-06-03T14:00:00Z', 42, 12, 20, 8,
              ${JSON.stringify(explanation)}::jsonb, false)
      returning id`);
    await admin.db.execute(sql`
      insert into alert_deliveries (firing_id, rule_id, channel_id, channel_type, target, status, attempts, last_error)
      values (${firing.rows[0]!.id}, ${ruleId}, 'abc123', 'slack', 'http://127.0.0.1:9/…', 'failed', 3,
              'connect ECONNREFUSED 127.0.0.1:9')`);

    await page.reload();
    const card = page.getByTestId('alert-firing');
    await card.waitFor();
    const text = (await card.textContent()) ?? '';
    expect(text).toContain(explanation.summary);
    // The window in UK time (BST), the value against the usual level and the alert level.
    expect(text).toContain('Tue 3 Jun 2025, 14:00 to 15:00');
    expect(text).toMatch(/This window\s*42 posts/);
    expect(text).toMatch(/Usual\s*12 posts/);
    expect(text).toMatch(/Alert level\s*20 posts/);
    // The strongest term first; the posts' text only, with a link where the post has one.
    expect(await card.getByTestId('alert-terms').locator('li').allTextContents()).toEqual([
      'a&e wait (z 5.4)',
      'parking (z 3.1)',
    ]);
    expect(await card.getByTestId('alert-posts').locator('li p').allTextContents()).toEqual(TEXTS);
    const open = card.getByRole('link', { name: /^Open post/ });
    expect(await open.count()).toBe(1);
    expect(await open.getAttribute('href')).toBe('https://example.org/p/1');
    expect(text).toContain('demo: 42 posts');
    expect(text).toContain('trust-news: still reading its history');
    expect(await card.getByRole('link', { name: 'Open this window on the dashboard' }).getAttribute('href')).toBe(
      explanation.link,
    );
    expect(await card.getByTestId('alert-delivery').textContent()).toContain(
      'Failed, will try again: connect ECONNREFUSED 127.0.0.1:9',
    );
    expect(await page.getByTestId('alert-unacknowledged-count').textContent()).toBe('1 not yet acknowledged.');
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/alerts-admin-1366.png`, fullPage: true });
    const a11yHistory = await seriousAxeViolations(page);
    expect(a11yHistory, describeFindings(a11yHistory)).toEqual([]);

    await card.getByRole('button', { name: /^Acknowledge/ }).click();
    await expect
      .poll(() => card.getByTestId('alert-acknowledged').textContent())
      .toMatch(/^Acknowledged by admin-\w+@trust\.test at \d{1,2} \w{3} \d{4}, \d\d:\d\d$/);
    const acked = await admin.db.execute<{ acknowledged_by: string | null }>(
      sql`select acknowledged_by from alert_firings where id = ${firing.rows[0]!.id}`,
    );
    expect(acked.rows[0]!.acknowledged_by).toMatch(/^admin-\w+@trust\.test$/);
    await page.getByLabel('Only unacknowledged').check();
    await history.getByText('No unacknowledged alerts.').waitFor();
    await page.getByLabel('Only unacknowledged').uncheck();
    await card.waitFor();

    // Deleted after a confirmation; the alert it raised stays in the history.
    await renamed.getByRole('button', { name: 'Delete About us: surge' }).click();
    await renamed.getByRole('button', { name: 'Yes, delete this rule' }).click();
    await expect.poll(() => renamed.count()).toBe(0);
    expect(await card.textContent()).toContain(explanation.summary);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('an analyst reads the history but not the rules, on a phone, and a viewer does not see alerts', async () => {
    await admin.db.execute(sql`
      insert into alert_firings (kind, source_id, condition, recovered, window_from, window_to, explanation, quiet)
      values ('source_health', 'trust-rss', 'failing', false, now() - interval '2 hours', now(),
              ${JSON.stringify({
                alertName: 'Source trust-rss',
                summary: 'trust-rss has been failing for over an hour.',
                terms: [],
                posts: [],
                sources: [],
                leftOut: [],
                link: `${dashboard!.baseUrl}/?view=sources`,
                sourceError: 'HTTP 503 from the feed',
              })}::jsonb, false)`);
    const context = await dashboard!.signedInContext('analyst', { bypassCSP: true, viewport: PHONE });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${dashboard!.baseUrl}/?view=alerts`);
    await page.getByTestId('alerts-view').waitFor();
    const source = page.locator('[data-testid="alert-firing"]', { hasText: 'Source trust-rss' });
    await source.waitFor();
    const text = (await source.textContent()) ?? '';
    expect(text).toContain('Failing for over an hour');
    expect(text).toContain('Not recovered yet');
    // The source's last error (it can name hosts and accounts) is the admins' only.
    expect(text).not.toContain('HTTP 503 from the feed');
    // The admin's alert from the first test, acknowledged there.
    const rule = page.locator('[data-testid="alert-firing"]', { hasText: 'About us: surge' });
    expect(await rule.getByTestId('alert-acknowledged').textContent()).toMatch(/^Acknowledged by admin-/);
    expect(await source.getByRole('button', { name: /^Acknowledge/ }).count()).toBe(1);

    expect(await page.getByTestId('alert-rule-form').count()).toBe(0);
    expect(await page.getByTestId('alert-rules-admin-only').textContent()).toContain('Admins set the rules');
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/alerts-analyst-390.png`, fullPage: true });
    const { scrollWidth, innerWidth, wide } = await overflow(page);
    expect(scrollWidth, wide.join(', ')).toBeLessThanOrEqual(innerWidth);
    const a11y = await seriousAxeViolations(page);
    expect(a11y, describeFindings(a11y)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();

    // A viewer has no Alerts link, and a shared link to the view shows the dashboard.
    const viewer = await dashboard!.signedInContext('viewer', { viewport: LAPTOP });
    const viewerPage = await viewer.newPage();
    await viewerPage.goto(`${dashboard!.baseUrl}/?view=alerts`);
    await viewerPage.getByRole('heading', { name: 'Sentiment dashboard' }).waitFor();
    expect(await viewerPage.getByRole('link', { name: 'Alerts', exact: true }).count()).toBe(0);
    await viewer.close();
  });

  it('an admin’s view, form and channels fit a 390 px phone', async () => {
    const context = await dashboard!.browser.newContext({ bypassCSP: true, viewport: PHONE });
    const page = await context.newPage();
    await page.goto(`${dashboard!.baseUrl}/?view=alerts`);
    await page.getByTestId('alert-firing').first().waitFor();
    await page.getByTestId('alert-rule').first().waitFor();
    const form = page.getByTestId('alert-rule-form');
    for (const type of ['Webhook', 'Microsoft Teams', 'Email']) {
      await form.getByRole('button', { name: 'Add a channel' }).click();
      await form.getByTestId('alert-channel').last().getByLabel('Type').selectOption({ label: type });
    }
    await form
      .getByTestId('alert-channel')
      .first()
      .getByLabel('Webhook URL')
      .fill('https://example.org/' + 'x'.repeat(80));
    const { scrollWidth, innerWidth, wide } = await overflow(page);
    expect(scrollWidth, wide.join(', ')).toBeLessThanOrEqual(innerWidth);
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/alerts-admin-390.png`, fullPage: true });
    const a11y = await seriousAxeViolations(page);
    expect(a11y, describeFindings(a11y)).toEqual([]);
    await context.close();
  });
});
