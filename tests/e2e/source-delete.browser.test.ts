import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '@lp/db/client';
import { rollupsAgainstPosts } from '@lp/db/queries/rollup-checks';
import { seedPosts } from '@lp/db/testing/seed';
import { resetDatabase, testDatabaseUrl } from '@lp/db/testing/test-env';
import { describeFindings, seriousAxeViolations } from './axe';
import { openDashboard, type Dashboard } from './browser';

/** An admin deletes two dashboard sources from the sources view: one keeping its posts, one removing them. */
describe('deleting a source in a browser', () => {
  const admin = createDb(testDatabaseUrl(), { max: 2 });
  let dashboard: Dashboard | undefined;

  beforeAll(async () => {
    await resetDatabase(admin.db);
    for (const sourceId of ['keepme', 'dropme'])
      await seedPosts(
        admin.db,
        Array.from({ length: 10 }, (_, i) => ({
          sourceId,
          externalId: `${sourceId}${i}`,
          publishedAt: new Date(Date.UTC(2025, 0, 6, 8) + i * 3_600_000).toISOString(),
          label: (['negative', 'neutral', 'positive'] as const)[i % 3]!,
          score: [-0.5, 0, 0.5][i % 3]!,
        })),
      );
    await admin.db.execute(sql`update sources set managed_by = 'dashboard'`);
    dashboard = await openDashboard();
  });
  afterAll(async () => {
    await dashboard?.close();
    await admin.close();
  });

  const posts = async (sourceId: string) =>
    Number(
      (await admin.db.execute<{ n: number }>(sql`select count(*)::int as n from posts where source_id = ${sourceId}`))
        .rows[0]!.n,
    );

  it('keeps or removes the posts as chosen; the rollups stay exact', async () => {
    const context = await dashboard!.signedInContext('admin', { bypassCSP: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${dashboard!.baseUrl}?view=sources`);
    const row = (id: string) => page.locator(`[data-testid="source-row"][data-source-id="${id}"]`);

    await row('keepme').getByRole('button', { name: 'Edit keepme' }).click();
    const del = page.getByTestId('delete-source');
    await del.locator('summary').click();
    const a11y = await seriousAxeViolations(page);
    expect(a11y, describeFindings(a11y)).toEqual([]);
    await del.getByTestId('delete-source-confirm').click();
    await expect.poll(() => row('keepme').count(), { timeout: 30_000 }).toBe(0);
    expect(await posts('keepme')).toBe(10);

    await row('dropme').getByRole('button', { name: 'Edit dropme' }).click();
    await page.getByTestId('delete-source').locator('summary').click();
    await page.getByLabel(/Remove them/).check();
    expect(await page.getByTestId('delete-source-confirm').textContent()).toBe('Delete dropme and its posts');
    await page.getByTestId('delete-source-confirm').click();
    await expect.poll(() => row('dropme').count(), { timeout: 30_000 }).toBe(0);
    expect(await posts('dropme')).toBe(0);
    const { stored, recomputed } = await rollupsAgainstPosts(admin.db);
    expect(stored).toEqual(recomputed);
    expect(errors).toEqual([]);
    await context.close();
  });
});
