import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '@lp/db/client';
import { seedCoverage, seedPosts, type SeedPost } from '@lp/db/testing/seed';
import { resetDatabase, testDatabaseUrl } from '@lp/db/testing/test-env';
import { describeFindings, seriousAxeViolations } from './axe';
import { startSmtp } from '../../services/api/src/testing-smtp';
import { openDashboard, type Dashboard } from './browser';

const addDays = (d: string, n: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const WEEK_FROM = '2025-01-13'; // 2025-W03

function seed(): SeedPost[] {
  const out: SeedPost[] = [];
  let n = 0;
  const add = (day: string, topic: string, label: 'positive' | 'negative' | 'neutral', count: number) => {
    for (let i = 0; i < count; i++)
      out.push({
        externalId: `wr-${++n}`,
        publishedAt: `${day}T1${i % 8}:00:00Z`,
        text: `Week post ${n} on ${topic}`,
        label,
        score: label === 'positive' ? 0.6 : label === 'negative' ? -0.7 : 0,
        topics: [topic],
        voice: 'staff',
      });
  };
  for (let d = -7; d < 7; d++) {
    add(addDays(WEEK_FROM, d), 'pay', d < 0 ? 'positive' : 'negative', 5);
    add(addDays(WEEK_FROM, d), 'staffing', 'neutral', 2);
  }
  return out;
}

describe('the weekly report in a browser', () => {
  const admin = createDb(testDatabaseUrl(), { max: 2 });
  let dashboard: Dashboard | undefined;
  let smtp: Awaited<ReturnType<typeof startSmtp>> | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'lp-report-'));

  beforeAll(async () => {
    await resetDatabase(admin.db);
    await seedPosts(admin.db, seed());
    await seedCoverage(admin.db, { sources: ['seed'], from: addDays(WEEK_FROM, -56), to: addDays(WEEK_FROM, 7) });
    smtp = await startSmtp();
    dashboard = await openDashboard({ smtpUrl: smtp.url, reportSchedule: { enabled: false } });
  });
  afterAll(async () => {
    await dashboard?.close();
    await smtp?.close();
    await admin.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a viewer opens the report of a week from the navigation, and prints it to A4 with its figures', async () => {
    const context = await dashboard!.signedInContext('viewer', {
      viewport: { width: 1366, height: 768 },
      bypassCSP: true,
    });
    const page = await context.newPage();
    try {
      await page.goto(`${dashboard!.baseUrl}/?week=2025-W03`);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Weekly report' }).click();
      await page.locator('[data-testid="report-view"]').waitFor();
      expect(new URL(page.url()).searchParams.get('view')).toBe('report');
      const frame = page.frameLocator('[data-testid="report-frame"]');
      expect(await frame.locator('[data-testid="report-volume"]').innerText()).toBe('49');
      expect(await frame.locator('[data-testid="report-index"]').innerText()).toMatch(/^\u221271 \(likely between/);
      expect(await frame.locator('[data-testid="report-summary"]').innerText()).toMatch(
        /a clear fall of \d+ points on the week before/,
      );
      const findings = await seriousAxeViolations(page);
      expect(findings, describeFindings(findings)).toEqual([]);

      // The week before is one click away.
      await page.getByRole('button', { name: '← Week before' }).click();
      await expect.poll(() => frame.locator('[data-testid="report-volume"]').innerText()).toBe('49');
      expect(new URL(page.url()).searchParams.get('week')).toBe('2025-W02');

      // The printable page prints to A4 with the headline figures in its text.
      const printable = await context.newPage();
      await printable.goto(`${dashboard!.baseUrl}/api/v1/reports/weekly?week=2025-W03&format=html`);
      const pdf = await printable.pdf({ format: 'A4', printBackground: true });
      const file = join(dir, 'report.pdf');
      writeFileSync(file, pdf);
      const text = execFileSync('pdftotext', ['-layout', file, '-']).toString('utf8');
      expect(text).toMatch(/Staff sentiment, week 3 of 2025/);
      expect(text).toMatch(/Posts: 49/);
      expect(text).toMatch(/\u221271/);
      expect(text).toMatch(/Pay & industrial action\s+35/);
    } finally {
      await context.close();
    }
  });

  it('an admin chooses who gets the Monday email, sends a week, sees it in the archive and re-sends it', async () => {
    const context = await dashboard!.signedInContext('admin', {
      viewport: { width: 1366, height: 768 },
      bypassCSP: true,
    });
    const page = await context.newPage();
    try {
      await page.goto(`${dashboard!.baseUrl}/?view=report&week=2025-W03`);
      const settings = page.locator('[data-testid="report-settings"]');
      await expect.poll(() => settings.innerText()).toMatch(/No one receives the Monday email yet/);
      await page.getByLabel('Recipients').fill('Chief.Exec@trust.test\nboard@trust.test');
      await page.getByLabel('Send on Mondays at (UK time)').fill('08:15');
      await page.getByLabel('Pay & industrial action').check();
      await page.getByRole('button', { name: 'Save settings' }).click();
      await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
      await expect.poll(() => settings.innerText()).toMatch(/Every Monday at 08:15|Next email: Monday/);
      // The saved topic is followed in the report itself.
      const frame = page.frameLocator('[data-testid="report-frame"]');
      await page.reload();
      await frame.locator('[data-testid="report-followed-topics"]').waitFor();
      expect(await frame.locator('[data-testid="report-followed-topics"]').innerText()).toMatch(
        /Pay & industrial action/,
      );
      expect(await page.getByLabel('Recipients').inputValue()).toBe('chief.exec@trust.test\nboard@trust.test');

      await page.getByTestId('report-send-now').click();
      const rows = page.locator('[data-testid="report-delivery"][data-week="2025-W03"]');
      // Building and printing the PDF takes a few seconds on a loaded machine.
      await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(2);
      await expect
        .poll(() => rows.allInnerTexts())
        .toEqual([
          expect.stringMatching(/board@trust\.test\s+Sent/),
          expect.stringMatching(/chief\.exec@trust\.test\s+Sent/),
        ]);
      expect(smtp!.messages.map((m) => m.to[0]).sort()).toEqual(['board@trust.test', 'chief.exec@trust.test']);

      // Re-send to one recipient: they get it again, the archive counts the second try.
      await page.getByRole('button', { name: 'Re-send week 2025-W03 to board@trust.test' }).click();
      await expect.poll(() => rows.first().innerText(), { timeout: 30_000 }).toMatch(/Sent\s*\(2 tries\)/);
      expect(smtp!.messages.filter((m) => m.to[0] === 'board@trust.test')).toHaveLength(2);
      const findings = await seriousAxeViolations(page);
      expect(findings, describeFindings(findings)).toEqual([]);
      if (process.env.SHOTS) {
        await page.screenshot({ path: `${process.env.SHOTS}/report-admin-1366.png`, fullPage: true });
        await page.setViewportSize({ width: 390, height: 844 });
        await page.screenshot({ path: `${process.env.SHOTS}/report-admin-390.png`, fullPage: true });
      }
    } finally {
      await context.close();
    }
  });

  it('a viewer sees the report but not the email settings or the archive', async () => {
    const context = await dashboard!.signedInContext('viewer', { viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    try {
      await page.goto(`${dashboard!.baseUrl}/?view=report&week=2025-W03`);
      await page.frameLocator('[data-testid="report-frame"]').locator('[data-testid="report-volume"]').waitFor();
      expect(await page.locator('[data-testid="report-settings"], [data-testid="report-archive"]').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
