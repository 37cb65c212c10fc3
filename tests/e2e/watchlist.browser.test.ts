import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '@lp/db/client';
import { rollupsAgainstPosts } from '@lp/db/queries/rollup-checks';
import { seedPosts } from '@lp/db/testing/seed';
import { resetDatabase, testDatabaseUrl } from '@lp/db/testing/test-env';
import { describeFindings, seriousAxeViolations } from './axe';
import { openDashboardWithIngest, type Dashboard } from './browser';

const TEXTS = [
  'Long wait at the Royal Free again today',
  'Ward 7 nurses were brilliant with my dad',
  'General NHS news with nothing about us',
];

/** An admin edits the watch list in the dashboard; "about us" follows, history included (a real NLP worker). */
describe('the watch list in a browser', () => {
  const admin = createDb(testDatabaseUrl(), { max: 2 });
  let dashboard: Dashboard | undefined;

  beforeAll(async () => {
    await resetDatabase(admin.db);
    // 12 posts last January, none of them "about us" yet.
    await seedPosts(
      admin.db,
      Array.from({ length: 12 }, (_, i) => ({
        externalId: `w${i}`,
        publishedAt: new Date(Date.UTC(2025, 0, 6, 9) + i * 6 * 3_600_000).toISOString(),
        text: TEXTS[i % 3]!,
        label: (['negative', 'positive', 'neutral'] as const)[i % 3]!,
        score: [-0.6, 0.7, 0][i % 3]!,
      })),
    );
    dashboard = await openDashboardWithIngest({ sources: [], roles: ['nlp'] });
  });
  afterAll(async () => {
    await dashboard?.close();
    await admin.close();
  });

  it('previews, saves, and the overview of "about us" posts changes for past weeks', async () => {
    const context = await dashboard!.signedInContext('admin', { bypassCSP: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const aboutUsWeek = `${dashboard!.baseUrl}?from=2025-01-06&to=2025-01-13&aboutUs=true`;
    const volume = page.locator('[data-testid="overview-volume"]');
    await page.goto(`${dashboard!.baseUrl}?view=watchlist`);
    const form = page.getByTestId('watchlist-form');
    await form.waitFor();
    const a11y = await seriousAxeViolations(page);
    expect(a11y, describeFindings(a11y)).toEqual([]);
    await page.getByLabel(/Organisation names/).fill('Royal Free\n');
    await page.getByLabel(/^Wards/).fill('ward 7');
    await page.getByTestId('watchlist-preview').click();
    const preview = page.getByTestId('watchlist-preview-result');
    await expect
      .poll(() => preview.textContent(), { timeout: 30_000 })
      .toContain('8 of the newest 12 posts would be about us');
    // Nothing saved by a preview.
    const before = await admin.db.execute<{ n: number }>(
      sql`select count(*)::int as n from posts where mentions_org_term is not null`,
    );
    expect(before.rows[0]!.n).toBe(0);

    await page.getByTestId('watchlist-save').click();
    await expect
      .poll(() => page.getByTestId('watchlist-recompute').textContent(), { timeout: 60_000 })
      .toMatch(/History recomputed .*: 12 posts read, 8 changed\./);
    const { stored, recomputed } = await rollupsAgainstPosts(admin.db);
    expect(stored).toEqual(recomputed);

    await page.goto(aboutUsWeek);
    await volume.waitFor();
    await expect.poll(() => volume.innerText(), { timeout: 30_000 }).toMatch(/Posts\s+8\b/);
    expect(errors).toEqual([]);
    await context.close();
  });
});
