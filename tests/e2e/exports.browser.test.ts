import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '@lp/db/client';
import { seedCoverage, seedPosts, type SeedPost } from '@lp/db/testing/seed';
import { resetDatabase, testDatabaseUrl } from '@lp/db/testing/test-env';
import { describeFindings, seriousAxeViolations } from './axe';
import { openDashboard, type Dashboard } from './browser';

const SEED: SeedPost[] = [];
for (let d = 0; d < 14; d++) {
  const day = `2025-03-${String(3 + d).padStart(2, '0')}`;
  for (let i = 0; i < 5; i++) {
    const n = d * 5 + i;
    SEED.push({
      externalId: `e-${n}`,
      publishedAt: `${day}T${String(8 + i).padStart(2, '0')}:00:00Z`,
      text: n === 0 ? '=1+1 is what the rota says' : `Export post ${n} about ${i < 3 ? 'pay' : 'staffing'}`,
      label: (['positive', 'neutral', 'negative', 'negative', 'positive'] as const)[i]!,
      score: [0.5, 0, -0.6, -0.4, 0.3][i],
      topics: [i < 3 ? 'pay' : 'staffing'],
      voice: i === 4 ? 'public' : 'staff',
    });
  }
}

async function downloadFrom(page: Page, click: () => Promise<void>): Promise<{ name: string; body: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), body: readFileSync(path) };
}

describe('exports in a browser', () => {
  const admin = createDb(testDatabaseUrl(), { max: 2 });
  const dir = mkdtempSync(join(tmpdir(), 'lp-browser-exports-'));
  let dashboard: Dashboard | undefined;

  beforeAll(async () => {
    await resetDatabase(admin.db);
    await seedPosts(admin.db, SEED);
    await seedCoverage(admin.db, { sources: ['seed'], from: '2025-03-03', to: '2025-03-17' });
    // A direct download holds 30 posts here (100,000 in production), so the job path is reachable.
    dashboard = await openDashboard({ exports: { dir, streamRowLimit: 30 } });
  });
  afterAll(async () => {
    await dashboard?.close();
    await admin.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('an analyst downloads the CSV of a filtered view: the posts that view shows, as stored', async () => {
    const context = await dashboard!.signedInContext('analyst', {
      viewport: { width: 1366, height: 768 },
      bypassCSP: true,
    });
    const page = await context.newPage();
    try {
      await page.goto(`${dashboard!.baseUrl}/?from=2025-03-03&to=2025-03-10&topic=pay&voice=staff`);
      await page.getByText('Download this view').click();
      await page.getByLabel('Format').selectOption('csv');
      const link = page.getByTestId('export-download');
      await expect.poll(() => link.isVisible()).toBe(true);
      const file = await downloadFrom(page, () => link.click());
      expect(file.name).toBe('listening-post-posts-2025-03-03-to-2025-03-09.csv');
      const rows = parse(file.body, { bom: true, columns: true }) as Array<Record<string, string>>;
      const stored = await admin.db.execute<{ id: string; text: string }>(sql`
        select p.id::text, p.text from posts p
        where p.published_at < '2025-03-10' and p.voice = 'staff'
          and exists (select 1 from post_topics t where t.post_id = p.id and t.topic_id = 'pay')
        order by p.published_at desc, p.id desc`);
      expect(rows.map((r) => r.id)).toEqual(stored.rows.map((r) => r.id));
      expect(rows).toHaveLength(21);
      expect(rows.map((r) => r.text)).toContain("'=1+1 is what the rota says");
      const findings = await seriousAxeViolations(page);
      expect(findings, describeFindings(findings)).toEqual([]);

      // The topic breakdown of the same view.
      await page.getByRole('radio', { name: 'Topic breakdown' }).check();
      await page.getByLabel('Per', { exact: true }).selectOption('day');
      const topics = await downloadFrom(page, () => page.getByTestId('export-download').click());
      const trows = parse(topics.body, { bom: true, columns: true }) as Array<Record<string, string>>;
      expect(trows.reduce((n, r) => n + Number(r.posts), 0)).toBe(21);
      expect(new Set(trows.map((r) => r.topic))).toEqual(new Set(['pay']));
    } finally {
      await context.close();
    }
  });

  it('a large export is prepared in the background with progress, then downloaded from its link', async () => {
    const context = await dashboard!.signedInContext('analyst', { viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    try {
      await page.goto(`${dashboard!.baseUrl}/?from=2025-03-03&to=2025-03-17`);
      await page.getByText('Download this view').click();
      await page.getByLabel('Format').selectOption('jsonl');
      await page.getByTestId('export-prepare').click();
      const ready = page.getByTestId('export-job').getByRole('link', { name: /download 70 rows/ });
      await ready.waitFor({ timeout: 30_000 });
      const file = await downloadFrom(page, () => ready.click());
      expect(file.name).toBe('listening-post-posts-2025-03-03-to-2025-03-16.jsonl');
      const lines = file.body.toString('utf8').trimEnd().split('\n');
      expect(lines).toHaveLength(70);
      expect(lines.map((l) => (JSON.parse(l) as { text: string }).text)).toContain('=1+1 is what the rota says');
      // The history lists it (and the direct downloads made above by another analyst are theirs, not shown).
      await page.reload();
      await page.getByText('Download this view').click();
      await expect
        .poll(() => page.getByTestId('export-history').innerText())
        .toMatch(/posts, JSONL, 2025-03-03 to 2025-03-16, 70 rows · download/);
      if (process.env.SHOTS) await page.screenshot({ path: `${process.env.SHOTS}/exports-390.png`, fullPage: false });
    } finally {
      await context.close();
    }
  });

  it('a viewer is offered no export; an analyst makes an API token, sees it once, and revokes it', async () => {
    const viewer = await dashboard!.signedInContext('viewer', { viewport: { width: 1366, height: 768 } });
    try {
      const page = await viewer.newPage();
      await page.goto(`${dashboard!.baseUrl}/?from=2025-03-03&to=2025-03-17`);
      await page.locator('[data-testid="at-a-glance"], [data-testid="overview-panel"]').first().waitFor();
      expect(await page.getByTestId('export-menu').count()).toBe(0);
    } finally {
      await viewer.close();
    }
    const context = await dashboard!.signedInContext('analyst', {
      viewport: { width: 1366, height: 768 },
      bypassCSP: true,
    });
    const page = await context.newPage();
    try {
      await page.goto(`${dashboard!.baseUrl}/?view=account`);
      await page.getByLabel('Token name').fill('Power BI');
      await page.getByLabel('Acts as').selectOption('viewer');
      await page.getByRole('button', { name: 'Create token' }).click();
      const value = await page.getByTestId('token-value').innerText();
      expect(value).toMatch(/^lp_[A-Za-z0-9_-]{43}$/);
      // The token works from a script…
      const res = await fetch(`${dashboard!.baseUrl}/api/v1/overview?from=2025-03-03&to=2025-03-17`, {
        headers: { authorization: `Bearer ${value}` },
      });
      expect(res.status).toBe(200);
      const row = page.getByTestId('token-row').filter({ hasText: 'Power BI' });
      await expect.poll(() => row.innerText()).toMatch(/Viewer\s+Active/);
      if (process.env.SHOTS) await page.screenshot({ path: `${process.env.SHOTS}/tokens-1366.png`, fullPage: true });
      const findings = await seriousAxeViolations(page);
      expect(findings, describeFindings(findings)).toEqual([]);
      if (process.env.SHOTS) await page.screenshot({ path: `${process.env.SHOTS}/tokens-1366.png`, fullPage: true });
      // … until it is revoked; the list never shows it again.
      await row.getByRole('button', { name: 'Revoke Power BI' }).click();
      await expect.poll(() => row.innerText()).toMatch(/Revoked/);
      await page.reload();
      expect(await page.content()).not.toContain(value);
      const after = await fetch(`${dashboard!.baseUrl}/api/v1/overview?from=2025-03-03&to=2025-03-17`, {
        headers: { authorization: `Bearer ${value}` },
      });
      expect(after.status).toBe(401);
    } finally {
      await context.close();
    }
  });
});
