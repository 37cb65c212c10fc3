import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '@lp/db/client';
import { labelPost } from '@lp/db/queries/labels';
import { seedPosts } from '@lp/db/testing/seed';
import { resetDatabase, testDatabaseUrl } from '@lp/db/testing/test-env';
import { describeFindings, seriousAxeViolations } from './axe';
import { openDashboard, type Dashboard } from './browser';

/** A second analyst reviews a colleague's label blind, differs, and the team settles it. */
describe('reviewing labels in a browser', () => {
  const admin = createDb(testDatabaseUrl(), { max: 2 });
  let dashboard: Dashboard | undefined;

  beforeAll(async () => {
    await resetDatabase(admin.db);
    await seedPosts(admin.db, [
      {
        externalId: 'r1',
        publishedAt: '2025-01-06T09:00:00Z',
        text: 'Rota out at last, and the new manager actually asked what we wanted',
        label: 'neutral',
        topics: ['staffing'],
      },
    ]);
    const id = Number((await admin.db.execute<{ id: number }>(sql`select id from posts`)).rows[0]!.id);
    // Labelled by a colleague (not the reviewer).
    await labelPost(admin.db, { postId: id, sentiment: 'positive', topics: ['staffing'], userId: null });
    dashboard = await openDashboard();
  });
  afterAll(async () => {
    await dashboard?.close();
    await admin.close();
  });

  it('reads the post blind, shows the label after, lists the disagreement, and settles it', async () => {
    const context = await dashboard!.signedInContext('analyst', {
      bypassCSP: true,
      viewport: { width: 390, height: 844 },
    });
    const page = await context.newPage();
    await page.goto(`${dashboard!.baseUrl}?view=labels`);
    await page.getByTestId('label-mode-review').click();
    const post = page.getByTestId('review-post');
    await post.waitFor();
    // Blind: the text, no sentiment chip or topic.
    expect(await post.locator('[data-sentiment]').count()).toBe(0);
    expect(await post.textContent()).toContain('new manager actually asked');
    const a11y = await seriousAxeViolations(page);
    expect(a11y, describeFindings(a11y)).toEqual([]);
    // Neutral, about leadership (by its key, shown beside it): differs from the label. The keys
    // work straight after the click on the mode button: the new post has the focus.
    const leadership = page.locator('.label-option', { hasText: 'Leadership & management' });
    const key = (await leadership.locator('kbd').textContent())!;
    await page.keyboard.press('u');
    await page.keyboard.press(key);
    expect(await page.getByRole('checkbox', { name: /Leadership & management/ }).isChecked()).toBe(true);
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByTestId('review-result').textContent(), { timeout: 30_000 })
      .toContain('You differed: the label says Positive; Safe staffing & workforce');
    await page.getByTestId('review-empty').waitFor();

    await page.getByTestId('label-mode-disagreements').click();
    const item = page.getByTestId('disagreement');
    await item.waitFor();
    // A blind reading starts with no topic ticked: the reviewer chose leadership only.
    expect(await item.getByTestId('post-footnote').textContent()).toBe(
      'A colleague read it as Neutral; Leadership & management.',
    );
    // Settle: the reviewer's reading was right.
    await item.getByTestId('label-correct').click();
    await item.getByRole('radio', { name: 'Neutral' }).check();
    await item.getByRole('checkbox', { name: 'Leadership & management' }).check();
    await item.getByTestId('label-save').click();
    await page.getByTestId('disagreements-empty').waitFor({ timeout: 30_000 });
    const label = await admin.db.execute<{ sentiment: string; topics: string[] }>(
      sql`select sentiment, topics from post_labels`,
    );
    expect(label.rows).toEqual([{ sentiment: 'neutral', topics: ['leadership', 'staffing'] }]);
    await context.close();
  });
});
