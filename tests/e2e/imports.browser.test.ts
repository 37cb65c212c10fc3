import { type Browser, type Locator } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '@lp/db/client';
import { resetDatabase, testDatabaseUrl } from '@lp/db/testing/test-env';
import { describeFindings, seriousAxeViolations } from './axe';
import { openDashboardWithIngest, type Dashboard } from './browser';
import { countPosts } from '../../services/ingest/src/testing/db-checks';
import { waitFor } from '../../services/ingest/src/testing/harness';

/** Three good rows and one without a comment (row 4, counting the header as row 1). */
const CSV = [
  'Date,Comment',
  '06/01/2025 09:00,Staff explained everything clearly',
  '06/01/2025 09:05,The ward was spotless and calm',
  ',',
  '06/01/2025 09:10,The wait for a bed was far too long',
].join('\n');

const BAD_CSV = ['Date,Comment', '06/01/2025 09:00,', '07/01/2025 10:00,Kind nurses'].join('\n');

/** Waits for the import row to be finished and returns its counts. */
async function finishedCounts(row: Locator) {
  await expect.poll(() => row.getAttribute('data-status'), { timeout: 30_000 }).toMatch(/^(done|failed)$/);
  const attr = async (name: string) => Number(await row.getAttribute(name));
  return {
    status: await row.getAttribute('data-status'),
    total: await attr('data-rows-total'),
    stored: await attr('data-rows-stored'),
    duplicate: await attr('data-rows-duplicate'),
    failed: await attr('data-rows-failed'),
  };
}

/**
 * Uploading a file into a `file` source from the sources view, in Debian's Chromium against the real
 * API, with a real ingest (poll + nlp workers on the API's queues) running the import.
 */
describe('file imports in a browser', () => {
  const admin = createDb(testDatabaseUrl(), { max: 2 });
  let dashboard: Dashboard | undefined;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    await resetDatabase(admin.db);
    dashboard = await openDashboardWithIngest({
      sources: [
        {
          id: 'fft',
          type: 'file',
          config: { mapping: { text: 'Comment', time: 'Date' } },
          enabled: true,
          synthetic: false,
          pollEverySeconds: 86_400,
        },
        // No saved mapping: the API refuses its uploads.
        {
          id: 'survey',
          type: 'file',
          config: {},
          enabled: true,
          synthetic: false,
          pollEverySeconds: 86_400,
        },
        // Added in the dashboard (below): its columns and voice are chosen on the import screen.
        {
          id: 'staff-survey',
          type: 'file',
          config: {},
          enabled: true,
          synthetic: false,
          pollEverySeconds: 86_400,
        },
        {
          id: 'demo',
          type: 'demo',
          config: { backfillHours: 1, backfillPostsPerHour: 1, seed: 5 },
          enabled: false,
          synthetic: true,
          pollEverySeconds: 3600,
        },
      ],
      roles: ['poll', 'nlp'],
    });
    ({ baseUrl, browser } = dashboard);
    await admin.db.execute(sql`update sources set managed_by = 'dashboard' where id = 'staff-survey'`);
  });
  afterAll(async () => {
    await dashboard?.close();
    await admin.close();
  });

  it('uploads a CSV, shows its row report, and counts a re-upload as duplicates', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${baseUrl}/?view=sources`);

    // Only file sources offer an import.
    const fft = page.locator('[data-testid="source-row"][data-source-id="fft"]');
    await fft.waitFor();
    const demo = page.locator('[data-testid="source-row"][data-source-id="demo"]');
    await demo.waitFor();
    expect(await demo.getByRole('button', { name: /Import a file/ }).count()).toBe(0);

    // Keyboard: the row's action opens the panel and puts focus on the file input.
    await fft.getByRole('button', { name: 'Import file into fft' }).focus();
    await page.keyboard.press('Enter');
    const panel = page.locator('[data-testid="import-panel"]');
    await panel.waitFor();
    const input = panel.locator('[data-testid="import-file-input"]');
    await expect.poll(() => input.evaluate((el) => el === document.activeElement)).toBe(true);
    const mapping = panel.locator('[data-testid="import-mapping"]');
    await mapping.getByText('Comment', { exact: true }).waitFor();
    expect(await mapping.textContent()).toMatch(/sources file/);
    await panel.getByText('No imports yet.').waitFor();

    // Nothing chosen: the form says so instead of sending.
    await panel.locator('[data-testid="import-submit"]').click();
    await panel.getByRole('alert').getByText('Choose a file to import.').waitFor();

    // A name the API cannot place leaves the format for the user to choose.
    await input.setInputFiles({ name: 'fft-export.dat', mimeType: 'text/plain', buffer: Buffer.from(CSV) });
    expect(await panel.getByLabel(/^Format/).inputValue()).toBe('');
    await input.setInputFiles({ name: 'fft-january.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    expect(await panel.getByLabel(/^Format/).inputValue()).toBe('csv');
    await panel.locator('[data-testid="import-submit"]').click();
    await panel.getByText(/Uploaded fft-january\.csv as import \d+\./).waitFor();

    const rows = panel.locator('[data-testid="import-list"] [data-testid="import-row"]');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await finishedCounts(rows.first())).toEqual({
      status: 'done',
      total: 4,
      stored: 3,
      duplicate: 0,
      failed: 1,
    });
    const rowErrors = rows.first().locator('[data-testid="import-row-error"]');
    expect(await rowErrors.allTextContents()).toEqual(['Row 4: no text in column "Comment"']);

    // The same file again: nothing new, three duplicates, newest first.
    await input.setInputFiles({ name: 'fft-january.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await panel.locator('[data-testid="import-submit"]').click();
    await expect.poll(() => rows.count()).toBe(2);
    expect(await finishedCounts(rows.first())).toEqual({
      status: 'done',
      total: 4,
      stored: 0,
      duplicate: 3,
      failed: 1,
    });
    expect(await rows.first().textContent()).toMatch(/Row 4: no text in column "Comment"/);
    // The nlp worker tags the three stored rows; the re-upload added none.
    await waitFor(async () => (await countPosts(admin.db)) === 3, 'the imported rows to be tagged');

    // A mapped column missing from the header fails the whole import, with the reason on it.
    await input.setInputFiles({
      name: 'wrong.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(BAD_CSV.replace('Comment', 'Feedback')),
    });
    await panel.locator('[data-testid="import-submit"]').click();
    await expect.poll(() => rows.count()).toBe(3);
    expect((await finishedCounts(rows.first())).status).toBe('failed');
    expect(await rows.first().locator('[data-testid="import-error"]').textContent()).toMatch(/Comment/);

    expect(errors).toEqual([]);
    await page.close();
  });

  it("shows the API's refusal next to the form", async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/?view=sources`);
    const survey = page.locator('[data-testid="source-row"][data-source-id="survey"]');
    await survey.getByRole('button', { name: 'Import file into survey' }).click();
    const panel = page.locator('[data-testid="import-panel"]');
    await panel.getByText(/no valid saved column mapping/).waitFor();
    await panel
      .locator('[data-testid="import-file-input"]')
      .setInputFiles({ name: 'survey.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await panel.locator('[data-testid="import-submit"]').click();
    const alert = panel.locator('[data-testid="import-error-message"]');
    await alert.waitFor();
    expect(await alert.textContent()).toBe('source "survey" has no valid saved column mapping');
    expect(await alert.getAttribute('role')).toBe('alert');
    // Keyboard: Close is reachable and closes the panel.
    await panel.getByRole('button', { name: 'Close' }).focus();
    await page.keyboard.press('Enter');
    await panel.waitFor({ state: 'detached' });
    await page.close();
  });

  it('imports a staff survey through the column screen with "all staff"; its rows count as staff on the overview', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${baseUrl}/?view=sources`);
    const row = page.locator('[data-testid="source-row"][data-source-id="staff-survey"]');
    await row.getByRole('button', { name: 'Import file into staff-survey' }).click();
    const panel = page.locator('[data-testid="import-panel"]');
    await panel.waitFor();
    const survey = [
      'Submitted,Feedback,Ward',
      '2025-01-07 09:00,Rota changes with no notice again,Ward 7',
      '2025-01-07 10:00,Proud of how the team pulled together,Ward 3',
      '2025-01-07 11:00,We need more healthcare assistants on nights,Ward 7',
    ].join('\n');
    await panel
      .locator('[data-testid="import-file-input"]')
      .setInputFiles({ name: 'staff-survey.csv', mimeType: 'text/csv', buffer: Buffer.from(survey) });
    // The first rows are shown, and the text and time columns are picked from their names.
    const preview = panel.getByTestId('import-preview');
    await preview.waitFor();
    expect(await preview.locator('tbody tr').count()).toBe(3);
    expect(await panel.getByLabel(/^Text/).inputValue()).toBe('Feedback');
    expect(await panel.getByLabel(/^Time/).inputValue()).toBe('Submitted');
    await panel.getByLabel('These are all staff (a staff survey, say)').check();
    const a11y = await seriousAxeViolations(page);
    expect(a11y, describeFindings(a11y)).toEqual([]);
    await panel.locator('[data-testid="import-submit"]').click();
    const rows = panel.locator('[data-testid="import-list"] [data-testid="import-row"]');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(1);
    expect(await finishedCounts(rows.first())).toMatchObject({ status: 'done', stored: 3, failed: 0 });
    // The choices were saved with the source.
    const config = await admin.db.execute<{ config: Record<string, unknown> }>(
      sql`select config from sources where id = 'staff-survey'`,
    );
    expect(config.rows[0]!.config).toMatchObject({ mapping: { text: 'Feedback', time: 'Submitted' }, voice: 'staff' });
    await waitFor(
      async () =>
        Number(
          (
            await admin.db.execute<{ n: number }>(
              sql`select count(*)::int as n from posts where source_id = 'staff-survey' and voice = 'staff'`,
            )
          ).rows[0]!.n,
        ) === 3,
      'the survey rows to be stored as staff',
    );
    // The overview of staff voices that day counts them.
    await page.goto(`${baseUrl}/?from=2025-01-07&to=2025-01-08&voice=staff&source=staff-survey`);
    await expect
      .poll(() => page.locator('[data-testid="overview-volume"]').innerText(), { timeout: 30_000 })
      .toMatch(/Posts\s+3\b/);
    expect(errors).toEqual([]);
    await context.close();
  });
});
