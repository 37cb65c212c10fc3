import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '@lp/db/client';
import { rollupsAgainstPosts } from '@lp/db/queries/rollup-checks';
import { seedPosts, type SeedPost } from '@lp/db/testing/seed';
import { resetDatabase, testDatabaseUrl } from '@lp/db/testing/test-env';
import { describeFindings, seriousAxeViolations } from './axe';
import { openDashboardWithIngest, type Dashboard } from './browser';

const TOPICS = ['staffing', 'pay', 'wellbeing', 'compassion'];
const VOICES = ['staff', 'public'] as const;
// 104 posts over two years, in 8 voice × topic groups, with the model's confidence spread out.
const SEED: SeedPost[] = Array.from({ length: 104 }, (_, i) => ({
  externalId: `s${i}`,
  publishedAt: new Date(Date.UTC(2024, 0, 1) + i * 7 * 86_400_000).toISOString(),
  text: `Sample post number ${i} about ${TOPICS[i % 4]}`,
  label: (['negative', 'neutral', 'positive'] as const)[i % 3]!,
  score: 0,
  topics: [TOPICS[i % 4]!],
  voice: VOICES[Math.floor(i / 4) % 2]!,
  confidence: 0.34 + ((i * 37) % 100) / 160,
}));

/**
 * "Label a sample" in Chromium: 100 posts labelled from the keyboard, the most useful first; then a
 * retraining from those labels (a real NLP worker), the model page changing, and history re-tagged.
 */
describe('label a sample in a browser', () => {
  const admin = createDb(testDatabaseUrl(), { max: 2 });
  let dashboard: Dashboard | undefined;

  beforeAll(async () => {
    await resetDatabase(admin.db);
    await seedPosts(admin.db, SEED);
    dashboard = await openDashboardWithIngest({ sources: [], roles: ['nlp'] });
  });
  afterAll(async () => {
    await dashboard?.close();
    await admin.close();
  });

  it('labels 100 posts with the keyboard; the first of each round comes from an unlabelled group; figures stay exact', async () => {
    const context = await dashboard!.signedInContext('analyst', { bypassCSP: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${dashboard!.baseUrl}?view=labels`);
    const post = page.getByTestId('sample-post');
    await post.waitFor();
    const a11y = await seriousAxeViolations(page);
    expect(a11y, describeFindings(a11y)).toEqual([]);

    const least = SEED.reduce((a, b) => (a.confidence! <= b.confidence! ? a : b));
    expect(await post.locator('.post-text').textContent()).toBe(least.text);
    expect(await page.getByTestId('label-why').textContent()).toMatch(
      /The model was \d+% sure\. Posts by .+ have no labels yet\./,
    );

    const served: string[] = [];
    for (let i = 0; i < 100; i++) {
      const text = (await post.locator('.post-text').textContent())!;
      served.push(text);
      // Positive, toggle the first topic on and off again (no change), then save with Enter.
      await page.keyboard.press('p');
      await page.keyboard.press('1');
      await page.keyboard.press('1');
      await page.keyboard.press('Enter');
      await expect
        .poll(async () => (await post.count()) === 0 || (await post.locator('.post-text').textContent()) !== text, {
          timeout: 30_000,
        })
        .toBe(true);
    }
    await expect
      .poll(() => page.getByTestId('label-count').textContent(), { timeout: 30_000 })
      .toContain('100 labelled in this session');
    expect(new Set(served).size).toBe(100);
    // The first eight served cover all eight voice × topic groups.
    const groupOf = (text: string) => {
      const i = Number(/number (\d+)/.exec(text)![1]);
      return `${SEED[i]!.voice}:${TOPICS[i % 4]}`;
    };
    expect(new Set(served.slice(0, 8).map(groupOf)).size).toBe(8);

    const labels = await admin.db.execute<{ n: number; positive: number }>(
      sql`select count(*)::int as n, count(*) filter (where sentiment = 'positive')::int as positive from post_labels`,
    );
    expect(labels.rows[0]).toEqual({ n: 100, positive: 100 });
    const { stored, recomputed } = await rollupsAgainstPosts(admin.db);
    expect(stored).toEqual(recomputed);

    // The model page now measures the model on these 100 labels (all "positive").
    const agreed = Number(
      (
        await admin.db.execute<{ n: number }>(
          sql`select count(*)::int as n from post_labels where model->'sentiment'->>'label' = 'positive'`,
        )
      ).rows[0]!.n,
    );
    const model = await context.newPage();
    await model.goto(`${dashboard!.baseUrl}?view=model`);
    await model.getByTestId('model-accuracy').waitFor();
    expect(await model.getByTestId('model-accuracy').textContent()).toContain(`${agreed}%`);
    expect(await model.getByTestId('model-tagged').textContent()).toContain(
      '100 posts (96%) tagged by your team’s labels',
    );
    const a11yModel = await seriousAxeViolations(model);
    expect(a11yModel, describeFindings(a11yModel)).toEqual([]);
    await model.goto(dashboard!.baseUrl);
    await expect
      .poll(() => model.getByTestId('model-note').textContent(), { timeout: 30_000 })
      .toContain('100 posts labelled by your team');
    await model.close();

    // S skips: the skipped post is not served again this session.
    const before = await post.locator('.post-text').textContent();
    await page.keyboard.press('s');
    await expect.poll(() => post.locator('.post-text').textContent(), { timeout: 30_000 }).not.toBe(before);
    expect(errors).toEqual([]);
    await context.close();
    // A hundred keyboard rounds through the real API: about 40 s on a quiet 2-core machine, more when loaded.
  }, 180_000);

  it('retrains from those labels: promoted, the model page changes, and history is re-tagged with it', async () => {
    const context = await dashboard!.signedInContext('analyst', { bypassCSP: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${dashboard!.baseUrl}?view=model`);
    const panel = page.getByTestId('retrain-panel');
    await panel.waitFor();
    const shippedVersion = (await page.getByTestId('model-version').textContent())!;
    expect(await page.getByTestId('model-version-row').count()).toBe(1);
    await panel.getByTestId('retrain-start').click();
    await expect
      .poll(() => panel.getByTestId('retrain-status').textContent(), { timeout: 60_000 })
      .toMatch(
        /^Promoted: at least as good as the model in use \(sentiment macro-F1 100\.0% against .*on the newest 30 labelled posts\)\.$/,
      );
    // The model page now names the new version as the one in use, with its test figures beside the old model's.
    await expect
      .poll(() => page.getByTestId('model-version').textContent(), { timeout: 30_000 })
      .toMatch(/\+c1\+rules-/);
    const rows = page.getByTestId('model-version-row');
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).textContent()).toMatch(/In use.*70 labels.*30 labels.*100\.0%/);
    expect(await rows.nth(1).textContent()).toContain('(as shipped)');
    // History is re-tagged with it: the 4 unlabelled posts carry its tags, the 100 labels stand.
    await expect
      .poll(() => page.getByTestId('retag-status').textContent(), { timeout: 60_000 })
      .toMatch(/Last re-tagging finished .*: 104 posts read/);
    const promoted = (await page.getByTestId('model-version').textContent())!;
    const versions = await admin.db.execute<{ model_version: string; n: number }>(
      sql`select model_version, count(*)::int as n from post_sentiments group by 1 order by 1`,
    );
    expect(versions.rows).toEqual([
      { model_version: 'label', n: 100 },
      { model_version: promoted, n: 4 },
    ]);
    const { stored, recomputed } = await rollupsAgainstPosts(admin.db);
    expect(stored).toEqual(recomputed);
    const a11y = await seriousAxeViolations(page);
    expect(a11y, describeFindings(a11y)).toEqual([]);

    // One click rolls back to the shipped model, and history follows it.
    await page.getByTestId('model-rollback-shipped').click();
    await expect.poll(() => page.getByTestId('model-version').textContent(), { timeout: 30_000 }).toBe(shippedVersion);
    await expect
      .poll(
        async () =>
          (
            await admin.db.execute<{ n: number }>(
              sql`select count(*)::int as n from post_sentiments where model_version = ${shippedVersion}`,
            )
          ).rows[0]!.n,
        { timeout: 60_000 },
      )
      .toBe(4);
    expect(await page.getByTestId('model-version-use').count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });
});
