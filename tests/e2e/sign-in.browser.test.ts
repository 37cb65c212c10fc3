import type { Page } from 'playwright-core';
import { openFilters } from './browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '@lp/db/client';
import { ageSession } from '@lp/db/queries/sessions';
import { testDatabaseUrl } from '@lp/db/testing/test-env';
import { hashToken } from '../../services/api/src/plugins/app/auth';
import { seriousAxeViolations } from './axe';
import { startDemoDashboard, type DemoDashboard } from './demo-dashboard-world';

const SCREENSHOTS = process.env.LP_SCREENSHOT_DIR;

async function signInThroughPage(page: Page, email: string, password: string) {
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

const navLabels = async (page: Page) =>
  (await page.locator('nav[aria-label="Main"] a').allInnerTexts()).map((t) => t.trim());

/** Signing in as each role in Debian's Chromium, over the demo pipeline's posts. */
describe('sign-in and roles in a browser', () => {
  let world: DemoDashboard;
  let db: DbHandle;

  beforeAll(async () => {
    world = await startDemoDashboard();
    db = createDb(testDatabaseUrl(), { max: 1 });
  });
  afterAll(async () => {
    await world?.close();
    await db?.close();
  });

  it('asks a signed-out visitor to sign in at the URL they opened, then shows that view', async () => {
    const admin = await world.addUser('admin');
    const context = await world.anonymousBrowser.newContext({
      viewport: { width: 1366, height: 768 },
      bypassCSP: true,
    });
    const page = await context.newPage();
    const deepLink = `${world.baseUrl}/?view=audit`;
    await page.goto(deepLink);
    await page.getByTestId('sign-in').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/sign-in-1366.png` });

    await signInThroughPage(page, admin.email, 'not the password');
    const error = page.getByTestId('sign-in-error');
    await error.waitFor();
    expect(await error.innerText()).toMatch(/Email or password not recognised/);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('sign-in-error');
    expect(await seriousAxeViolations(page)).toEqual([]);

    await signInThroughPage(page, admin.email, admin.password);
    await page.getByTestId('audit-table').waitFor();
    expect(page.url()).toBe(deepLink);
    expect(await page.getByTestId('signed-in-as').innerText()).toBe(admin.email);
    expect(await page.getByTestId('signed-in-role').innerText()).toBe('Admin');
    const actions = await page
      .locator('[data-testid="audit-row"]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')));
    expect(actions.slice(0, 2)).toEqual(['auth.login', 'auth.login_failed']);
    expect(await navLabels(page)).toEqual([
      'Dashboard',
      'Weekly report',
      'Label a sample',
      'Alerts',
      'Model',
      'Sources',
      'Watch list',
      'Users',
      'Audit log',
    ]);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await context.close();
  });

  it('lets an admin add a viewer, who sees the figures but no posts, search, drill-down or admin pages', async () => {
    const context = await world.browser.newContext({ viewport: { width: 1366, height: 768 }, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${world.baseUrl}/?view=users`);
    const add = page.getByTestId('add-user');
    await add.waitFor();
    const email = `exec-${Date.now()}@trust.test`;
    await add.getByLabel('Email address').fill(email);
    await add.getByLabel('Role').selectOption('viewer');
    await add.getByLabel('First password').fill('the executive passphrase');
    await add.getByRole('button', { name: 'Add user' }).click();
    await page.locator(`[data-testid="user-row"][data-email="${email}"]`).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/users-1366.png`, fullPage: true });
    await context.close();

    const viewerContext = await world.anonymousBrowser.newContext({
      viewport: { width: 1366, height: 768 },
      bypassCSP: true,
    });
    const viewer = await viewerContext.newPage();
    await viewer.goto(`${world.baseUrl}/?view=sources`);
    await signInThroughPage(viewer, email, 'the executive passphrase');
    await viewer.getByTestId('overview-index').waitFor();
    await viewer.getByTestId('movers').locator('[data-testid="mover"]').first().waitFor();
    // An admin page opened from a shared link shows the dashboard instead.
    expect(await viewer.locator('[data-testid="sources-view"], [data-testid="users-panel"]').count()).toBe(0);
    expect(await viewer.getByTestId('signed-in-role').innerText()).toBe('Viewer');
    // The viewer's navigation: the dashboard and the weekly report, no admin pages.
    expect(await viewer.locator('nav[aria-label="Main"] a').allInnerTexts()).toEqual([
      'Dashboard',
      'Weekly report',
      'Model',
    ]);
    expect(await viewer.getByTestId('post-list').count()).toBe(0);
    expect(await viewer.getByTestId('search-input').count()).toBe(0);
    expect(await viewer.getByTestId('drill-trigger').count()).toBe(0);
    expect(await viewer.getByTestId('movers').locator('a[href^="http"]').count()).toBe(0);
    expect(await seriousAxeViolations(viewer)).toEqual([]);
    if (SCREENSHOTS) await viewer.screenshot({ path: `${SCREENSHOTS}/viewer-1366.png` });
    // The server refuses what the page does not offer.
    const posts = await viewer.evaluate(
      async () => (await fetch('/api/v1/posts?from=2025-01-01&to=2025-01-02')).status,
    );
    expect(posts).toBe(403);
    await viewerContext.close();
  });

  it('gives an analyst the posts, search and drill-down, but no admin pages', async () => {
    const context = await world.signedInContext('analyst', { viewport: { width: 1366, height: 768 }, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(world.baseUrl);
    await page.getByTestId('post-list').locator('[data-testid="post-item"]').first().waitFor();
    await page.getByTestId('search-input').waitFor();
    expect(await page.getByTestId('drill-trigger').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('signed-in-role').innerText()).toBe('Analyst');
    expect(await page.locator('nav[aria-label="Main"] a').allInnerTexts()).toEqual([
      'Dashboard',
      'Weekly report',
      'Label a sample',
      'Alerts',
      'Model',
    ]);
    const status = await page.evaluate(
      async () =>
        (
          await fetch('/api/v1/sources', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: '{}',
          })
        ).status,
    );
    expect(status).toBe(403);
    await context.close();
  });

  it('returns to sign-in when the session ends, and back to the same view after', async () => {
    const analyst = await world.addUser('analyst');
    const context = await world.anonymousBrowser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(world.baseUrl);
    await signInThroughPage(page, analyst.email, analyst.password);
    await page.getByTestId('overview-index').waitFor();
    // The person narrows the view, then leaves the tab for more than 30 minutes.
    await openFilters(page);
    await page.getByRole('button', { name: /Last 30 days/i }).click();
    await page.waitForURL(/from=/);
    const where = page.url();
    const [cookie] = await context.cookies();
    await ageSession(db.db, hashToken(cookie!.value), { idleMs: 31 * 60_000 });

    // The next refresh is refused: sign-in shows, saying why, at the same URL.
    await page.getByTestId('session-ended').waitFor({ timeout: 30_000 });
    expect(page.url()).toBe(where);
    expect(await seriousAxeViolations(page)).toEqual([]);
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/session-ended-390.png`, fullPage: true });
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(390);

    await signInThroughPage(page, analyst.email, analyst.password);
    await page.getByTestId('overview-index').waitFor();
    expect(page.url()).toBe(where);
    // The filters are folded again; the chosen preset is still the one pressed.
    expect(
      await page
        .locator('[aria-label="Preset ranges"] button', { hasText: 'Last 30 days' })
        .getAttribute('aria-pressed'),
    ).toBe('true');
    await context.close();
  });

  it('signs out, and signs out everywhere from the account page', async () => {
    const user = await world.addUser('viewer');
    const one = await world.anonymousBrowser.newContext();
    const two = await world.anonymousBrowser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true });
    const [a, b] = [await one.newPage(), await two.newPage()];
    for (const p of [a, b]) {
      await p.goto(world.baseUrl);
      await signInThroughPage(p, user.email, user.password);
      await p.getByTestId('overview-index').waitFor();
    }
    await b.getByTestId('signed-in-as').click();
    await b.getByTestId('account-panel').waitFor();
    expect(await seriousAxeViolations(b)).toEqual([]);
    if (SCREENSHOTS) await b.screenshot({ path: `${SCREENSHOTS}/account-390.png`, fullPage: true });
    await b.getByTestId('sign-out-everywhere').click();
    await b.getByTestId('sign-in').waitFor();
    // The other browser finds out at its next request.
    await a.reload();
    await a.getByTestId('sign-in').waitFor();

    await a.getByLabel('Email address').fill(user.email);
    await signInThroughPage(a, user.email, user.password);
    await a.getByTestId('overview-index').waitFor();
    await a.getByTestId('sign-out').click();
    await a.getByTestId('sign-in').waitFor();
    await a.reload();
    await a.getByTestId('sign-in').waitFor();
    await one.close();
    await two.close();
  });
});
