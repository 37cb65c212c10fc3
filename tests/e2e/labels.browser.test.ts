import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '@lp/db/client';
import { rollupsAgainstPosts } from '@lp/db/queries/rollup-checks';
import { seedPosts, type SeedPost } from '@lp/db/testing/seed';
import { resetDatabase, testDatabaseUrl } from '@lp/db/testing/test-env';
import { describeFindings, seriousAxeViolations } from './axe';
import { openDashboard, type Dashboard } from './browser';

/** Yesterday (London) at noon UTC: inside "Last 7 days", which ends with yesterday. */
const YESTERDAY_NOON = Date.parse(
  `${new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(Date.now() - 86_400_000))}T12:00:00Z`,
);
const hoursAgo = (h: number) => new Date(YESTERDAY_NOON - h * 3_600_000).toISOString();

const SEED: SeedPost[] = [
  {
    externalId: 'wrong',
    publishedAt: hoursAgo(1),
    text: 'Spoke up about the rota and management actually listened, nurses feel heard',
    label: 'negative',
    score: -0.6,
    topics: ['staffing'],
  },
  {
    externalId: 'right',
    publishedAt: hoursAgo(2),
    text: 'Nurses on the night shift are exhausted again',
    label: 'negative',
    score: -0.7,
    topics: ['wellbeing'],
  },
];

/** An analyst confirms or corrects tags from the search results, with the keyboard, in Chromium. */
describe('labels in a browser', () => {
  const admin = createDb(testDatabaseUrl(), { max: 2 });
  let dashboard: Dashboard | undefined;

  beforeAll(async () => {
    await resetDatabase(admin.db);
    await seedPosts(admin.db, SEED);
    dashboard = await openDashboard();
  });
  afterAll(async () => {
    await dashboard?.close();
    await admin.close();
  });

  const tagsOf = async (externalId: string) =>
    (
      await admin.db.execute<{ label: string; topics: string[]; labelled: boolean }>(sql`
        select s.label, array(select topic_id from post_topics t where t.post_id = p.id order by 1) as topics,
               exists (select 1 from post_labels l where l.post_id = p.id) as labelled
        from posts p join post_sentiments s on s.post_id = p.id where p.external_id = ${externalId}`)
    ).rows[0];

  it('corrects a post with the keyboard, confirms another, and the stored figures follow exactly', async () => {
    const context = await dashboard!.signedInContext('analyst', {
      bypassCSP: true,
      viewport: { width: 390, height: 844 },
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(dashboard!.baseUrl);
    const input = page.getByRole('searchbox', { name: 'Search posts' });
    await input.fill('nurses');
    await input.press('Enter');
    const wrong = page.locator('[data-testid="search-result"]', { hasText: 'management actually listened' });
    await wrong.waitFor();

    // Open the form from the keyboard and pick "Positive" with the arrow keys.
    await wrong.getByTestId('label-correct').focus();
    await page.keyboard.press('Enter');
    const form = wrong.getByTestId('label-form');
    await form.waitFor();
    await form.getByRole('radio', { name: 'Negative' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await form.getByRole('radio', { name: 'Positive' }).isChecked()).toBe(true);
    // Add a topic and remove the model's.
    await form.getByRole('checkbox', { name: 'Patient safety & speaking up' }).focus();
    await page.keyboard.press('Space');
    await form.getByRole('checkbox', { name: 'Safe staffing & workforce' }).focus();
    await page.keyboard.press('Space');
    const a11y = await seriousAxeViolations(page);
    expect(a11y, describeFindings(a11y)).toEqual([]);
    await form.getByTestId('label-save').focus();
    await page.keyboard.press('Enter');

    await expect
      .poll(() => tagsOf('wrong'), { timeout: 30_000 })
      .toEqual({
        label: 'positive',
        topics: ['patient-safety'],
        labelled: true,
      });
    // The list refetches: the post shows its label and what the model had said.
    await expect
      .poll(() => wrong.getByTestId('label-status').textContent(), { timeout: 30_000 })
      .toContain('the model said Negative; Safe staffing & workforce');
    expect(await wrong.locator('[data-sentiment]').first().getAttribute('data-sentiment')).toBe('positive');

    // "Tags are right" confirms the other post as it is.
    const right = page.locator('[data-testid="search-result"]', { hasText: 'exhausted again' });
    await right.getByTestId('label-confirm').click();
    await expect
      .poll(() => tagsOf('right'), { timeout: 30_000 })
      .toEqual({
        label: 'negative',
        topics: ['wellbeing'],
        labelled: true,
      });

    const { stored, recomputed } = await rollupsAgainstPosts(admin.db);
    expect(stored).toEqual(recomputed);

    // Taking the label back restores the model's tags.
    await wrong.getByTestId('label-remove').click();
    await expect
      .poll(() => tagsOf('wrong'), { timeout: 30_000 })
      .toEqual({ label: 'negative', topics: ['staffing'], labelled: false });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('offers no labelling to a viewer', async () => {
    const context = await dashboard!.signedInContext('viewer');
    const page = await context.newPage();
    await page.goto(dashboard!.baseUrl);
    await page.locator('[data-testid="movers"]').waitFor();
    expect(await page.getByTestId('label-control').count()).toBe(0);
    await context.close();
  });
});
