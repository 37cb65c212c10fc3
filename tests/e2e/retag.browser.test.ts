import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '@lp/db/client';
import { rollupsAgainstPosts } from '@lp/db/queries/rollup-checks';
import { seedPosts } from '@lp/db/testing/seed';
import { resetDatabase, testDatabaseUrl } from '@lp/db/testing/test-env';
import { describeFindings, seriousAxeViolations } from './axe';
import { openDashboardWithIngest, type Dashboard } from './browser';

/** An admin re-tags history from the model page; a real NLP worker does it; the page follows. */
describe('re-tagging history in a browser', () => {
  const admin = createDb(testDatabaseUrl(), { max: 2 });
  let dashboard: Dashboard | undefined;

  beforeAll(async () => {
    await resetDatabase(admin.db);
    // 40 posts tagged by an older model (the seed's), which read the burnout post as compassion.
    await seedPosts(
      admin.db,
      Array.from({ length: 40 }, (_, i) => ({
        externalId: `old${i}`,
        publishedAt: new Date(Date.UTC(2025, 0, 6, 8) + i * 3_600_000).toISOString(),
        text: i % 2 ? 'Cried in the car park after a 10-hour shift. Burnout is real' : 'Staff were kind and caring',
        label: 'neutral' as const,
        score: 0,
        topics: ['compassion'],
      })),
    );
    dashboard = await openDashboardWithIngest({ sources: [], roles: ['nlp'] });
  });
  afterAll(async () => {
    await dashboard?.close();
    await admin.close();
  });

  it('starts a run, shows its progress and result, and the figures follow exactly', async () => {
    const context = await dashboard!.browser.newContext({ bypassCSP: true, viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    await page.goto(`${dashboard!.baseUrl}?view=model`);
    const panel = page.getByTestId('retag-panel');
    await panel.waitFor();
    expect(await panel.textContent()).toContain('40 posts still carry tags from an older model');
    const a11y = await seriousAxeViolations(page);
    expect(a11y, describeFindings(a11y)).toEqual([]);
    await panel.getByTestId('retag-start').click();
    await expect
      .poll(() => panel.getByTestId('retag-status').textContent(), { timeout: 60_000 })
      .toMatch(/Last re-tagging finished .*: 40 posts read, 40 changed\./);
    await expect
      .poll(() => panel.textContent(), { timeout: 30_000 })
      .toContain('Every post carries the current model’s tags');

    const burnout = await admin.db.execute<{ topics: string }>(sql`
      select string_agg(distinct topic_id, ',' order by topic_id) as topics from post_topics t
      join posts p on p.id = t.post_id where p.text like 'Cried%'`);
    expect(burnout.rows[0]!.topics).toContain('wellbeing');
    expect(burnout.rows[0]!.topics).not.toContain('compassion');
    const { stored, recomputed } = await rollupsAgainstPosts(admin.db);
    expect(stored).toEqual(recomputed);
    await context.close();
  });
});
