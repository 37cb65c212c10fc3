import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { zReportArchive, zReportSettingsResponse, zSendReportResponse } from '@lp/contracts/reports';
import { sql } from 'drizzle-orm';
import { createDb } from '@lp/db/client';
import { seedCoverage, seedPosts, type SeedPost } from '@lp/db/testing/seed';
import { resetDatabase, testDatabaseUrl, testRedisUrl } from '@lp/db/testing/test-env';
import { Redis } from 'ioredis';
import { waitFor } from '../../../ingest/src/testing/harness';
import { buildTestApp } from '../testing';
import { startSmtp } from '../testing-smtp';

const db = createDb(testDatabaseUrl(), { max: 2 });
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let app: FastifyInstance;
beforeAll(async () => {
  smtp = await startSmtp();
  app = await buildTestApp({ smtpUrl: smtp.url });
});
afterAll(async () => {
  await app.close();
  await smtp.close();
  await db.close();
});

const SEED: SeedPost[] = Array.from({ length: 40 }, (_, i) => ({
  externalId: `mail-${i}`,
  publishedAt: `2025-01-1${3 + (i % 7)}T10:${String(i).padStart(2, '0')}:00Z`,
  text: `Staff post ${i} about pay`,
  label: i % 3 === 0 ? 'positive' : 'negative',
  score: i % 3 === 0 ? 0.5 : -0.6,
  topics: ['pay'],
  voice: 'staff',
}));

beforeEach(async () => {
  await resetDatabase(db.db);
  smtp.messages.length = 0;
  await seedPosts(db.db, SEED);
  await seedCoverage(db.db, { sources: ['seed'], from: '2024-11-18', to: '2025-01-20' });
});

describe('the weekly report by email', () => {
  const send = (body?: object) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/reports/weekly/send?week=2025-W03',
      ...(body ? { payload: body } : {}),
    });

  it('sends the configured recipients the summary with the PDF attached, once each, however often it is asked', async () => {
    const put = await app.inject({
      method: 'PUT',
      url: '/api/v1/reports/settings',
      payload: { recipients: ['Chief.Exec@trust.test', 'board@trust.test'], sendTime: '07:00', topics: ['pay'] },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json().recipients).toEqual(['chief.exec@trust.test', 'board@trust.test']);

    const first = zSendReportResponse.parse((await send()).json());
    expect(first.deliveries.map((d) => [d.recipient, d.status, d.attempts])).toEqual([
      ['board@trust.test', 'sent', 1],
      ['chief.exec@trust.test', 'sent', 1],
    ]);
    // Asked again, and twice at once: nothing more is sent.
    const again = await Promise.all([send(), send()]);
    for (const r of again)
      expect(zSendReportResponse.parse(r.json()).deliveries.every((d) => d.status === 'sent')).toBe(true);
    expect(smtp.messages.map((m) => m.to).sort()).toEqual([['board@trust.test'], ['chief.exec@trust.test']]);

    const mail = smtp.messages[0]!.raw;
    expect(mail).toMatch(/Subject: Staff sentiment, week 3 of 2025: Listening Post weekly report/);
    // The text part is quoted-printable: soft line breaks and =XX escapes undone.
    const text = mail
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    expect(text).toMatch(/In the week of 13 January 2025 to 19 January 2025, 40 public posts were collected/);
    expect(mail).toMatch(/Content-Type: application\/pdf;\s+name=listening-post-weekly-report-2025-W03\.pdf/);
    expect(mail).toMatch(/Content-Disposition: attachment;\s+filename=listening-post-weekly-report-2025-W03\.pdf/);
    const pdfBase64 = /filename=listening-post-weekly-report-2025-W03\.pdf\r?\n\r?\n([A-Za-z0-9+/=\r\n]+)/.exec(
      mail,
    )?.[1];
    expect(Buffer.from(pdfBase64!.replace(/\s+/g, ''), 'base64').subarray(0, 5).toString('latin1')).toBe('%PDF-');

    // An explicit address gets it now, even one that already had it.
    const resend = zSendReportResponse.parse((await send({ to: ['board@trust.test'] })).json());
    expect(resend.deliveries).toEqual([
      expect.objectContaining({ recipient: 'board@trust.test', status: 'sent', attempts: 2 }),
    ]);
    expect(smtp.messages).toHaveLength(3);
    const audit = await app.inject({ method: 'GET', url: '/api/v1/audit?action=report' });
    expect(audit.json().entries.map((e: { action: string }) => e.action)).toContain('report.sent');
  });

  it('keeps an archive of every week sent with each recipient’s status, and re-sends one', async () => {
    await app.inject({
      method: 'PUT',
      url: '/api/v1/reports/settings',
      payload: { recipients: ['a@trust.test', 'b@trust.test'], sendTime: '07:00', topics: [] },
    });
    await send();
    // A delivery whose sender died mid-way stays 'sending'; after 10 minutes it may be claimed again.
    await db.db.execute(
      sql`update report_deliveries set status = 'sending', sent_at = null, updated_at = now() - interval '11 minutes' where recipient = 'b@trust.test'`,
    );
    await db.db.execute(sql`insert into weekly_reports (week) values ('2025-W02')`);
    const archive = zReportArchive.parse((await app.inject('/api/v1/reports')).json());
    expect(archive.reports.map((r) => r.week)).toEqual(['2025-W03', '2025-W02']);
    expect(archive.reports[0]!.deliveries.map((d) => [d.recipient, d.status])).toEqual([
      ['a@trust.test', 'sent'],
      ['b@trust.test', 'sending'],
    ]);
    const resumed = zSendReportResponse.parse((await send()).json());
    expect(resumed.deliveries.map((d) => [d.recipient, d.status, d.attempts])).toEqual([
      ['a@trust.test', 'sent', 1],
      ['b@trust.test', 'sent', 2],
    ]);
    expect(smtp.messages.map((m) => m.to[0])).toEqual(['a@trust.test', 'b@trust.test', 'b@trust.test']);
    // One that is still being sent (under 10 minutes) is not taken by a second sender.
    await db.db.execute(
      sql`update report_deliveries set status = 'sending', updated_at = now() where recipient = 'a@trust.test'`,
    );
    await send();
    expect(smtp.messages).toHaveLength(3);
    expect(zReportSettingsResponse.parse((await app.inject('/api/v1/reports/settings')).json())).toMatchObject({
      emailEnabled: true,
      nextSend: null, // this app runs no schedule
    });
  });

  it('keeps a refused delivery as failed with the reason, and sends it on the next run without re-sending the others', async () => {
    await app.inject({
      method: 'PUT',
      url: '/api/v1/reports/settings',
      payload: { recipients: ['ok@trust.test', 'full@trust.test'], sendTime: '07:00', topics: [] },
    });
    smtp.refuse.add('full@trust.test');
    try {
      const first = zSendReportResponse.parse((await send()).json());
      expect(first.deliveries.map((d) => [d.recipient, d.status])).toEqual([
        ['full@trust.test', 'failed'],
        ['ok@trust.test', 'sent'],
      ]);
      expect(first.deliveries[0]!.lastError).toMatch(/550/);
    } finally {
      smtp.refuse.clear();
    }
    // The retry (the scheduler's job is retried with backoff; here called again) sends the failed one only.
    const second = zSendReportResponse.parse((await send()).json());
    expect(second.deliveries.map((d) => [d.recipient, d.status, d.attempts])).toEqual([
      ['full@trust.test', 'sent', 2],
      ['ok@trust.test', 'sent', 1],
    ]);
    expect(smtp.messages.map((m) => m.to[0])).toEqual(['ok@trust.test', 'full@trust.test']);
  });

  it('says what is missing: no recipients, no SMTP, a week not over', async () => {
    const none = await send();
    expect(none.statusCode).toBe(400);
    expect(none.json().error.message).toMatch(/no recipients/);
    const future = await app.inject({ method: 'POST', url: '/api/v1/reports/weekly/send?week=2099-W01' });
    expect(future.json().error.message).toMatch(/not over yet/);
    const bad = await app.inject({
      method: 'PUT',
      url: '/api/v1/reports/settings',
      payload: { recipients: ['not-an-email'], sendTime: '25:00', topics: [] },
    });
    expect(bad.statusCode).toBe(400);
    const noSmtp = await buildTestApp();
    try {
      const res = await noSmtp.inject({
        method: 'POST',
        url: '/api/v1/reports/weekly/send?week=2025-W03',
        payload: { to: ['a@trust.test'] },
      });
      expect(res.statusCode).toBe(503);
      expect(res.json().error.message).toMatch(/SMTP_URL/);
    } finally {
      await noSmtp.close();
    }
  });

  it('schedules Monday at the set time in London, gets the schedule back after Redis loses it, and sends once when it fires twice', async () => {
    const scheduled = await buildTestApp({ smtpUrl: smtp.url, reportSchedule: { enabled: true, resyncMs: 200 } });
    const redis = new Redis(testRedisUrl());
    try {
      const put = await scheduled.inject({
        method: 'PUT',
        url: '/api/v1/reports/settings',
        payload: { recipients: ['exec@trust.test'], sendTime: '07:30', topics: [] },
      });
      expect(put.statusCode).toBe(200);
      const queue = scheduled.reportScheduler!.queue;
      const schedule = async () => queue.getJobScheduler('weekly-report');
      await waitFor(async () => (await schedule())?.pattern === '30 7 * * 1', 'the schedule');
      expect(await schedule()).toMatchObject({ pattern: '30 7 * * 1', tz: 'Europe/London' });
      // The settings say when the next email goes: a Monday, 07:30 in London.
      const view = zReportSettingsResponse.parse((await scheduled.inject('/api/v1/reports/settings')).json());
      const next = new Date(view.nextSend!);
      const london = new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/London',
        weekday: 'long',
        hour: '2-digit',
        minute: '2-digit',
      }).format(next);
      expect(london).toBe('Monday 07:30');
      expect(next.getTime()).toBeGreaterThan(Date.now());
      expect(next.getTime() - Date.now()).toBeLessThanOrEqual(7 * 86_400_000);

      // Redis loses everything: the schedule is written again within a resync.
      await redis.flushdb();
      await waitFor(async () => (await schedule())?.pattern === '30 7 * * 1', 'the schedule after the flush');

      // The scheduler fires twice for the same week: one email.
      await queue.add('weekly-report', { week: '2025-W03' });
      await queue.add('weekly-report', { week: '2025-W03' });
      await waitFor(async () => ((await queue.getJobCounts('completed')).completed ?? 0) >= 2, 'both runs');
      expect(smtp.messages.filter((m) => m.to.includes('exec@trust.test'))).toHaveLength(1);
    } finally {
      redis.disconnect();
      await scheduled.close();
    }
  });
});
