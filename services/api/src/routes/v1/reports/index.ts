import { zErrorResponse } from '@lp/contracts/api';
import {
  zReportArchive,
  zReportArchiveQuery,
  zReportSettings,
  zReportSettingsResponse,
  zSendReportBody,
  zSendReportQuery,
  zSendReportResponse,
  zWeeklyReport,
  zWeeklyReportQuery,
} from '@lp/contracts/reports';
import { getReportSettings, listReportArchive, saveReportSettings } from '@lp/db/queries/reports';
import { sendWeeklyReport } from '../../../reports/send-report';
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { isoWeekRange, lastWholeWeek } from '../../../reports/iso-week';
import { renderWeeklyReportHtml } from '../../../reports/render-html';
import { buildWeeklyReport } from '../../../reports/weekly-report';
import { BadRequestError } from '../../../plugins/external/error-handler';

/** The settings with whether email can go and when the next one will. */
async function settingsView(app: FastifyInstance) {
  const settings = await getReportSettings(app.db);
  const next = app.reportScheduler && settings.recipients.length > 0 ? await app.reportScheduler.next() : null;
  return { ...settings, emailEnabled: app.mailer !== null, nextSend: next ? next.toISOString() : null };
}

const londonToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());

/** The executive's weekly board report: the same figures as the dashboard, for one ISO week. */
const reportRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/reports/weekly',
    {
      schema: {
        tags: ['reports'],
        summary: 'The weekly board report for an ISO week (Monday to Sunday, Europe/London)',
        description:
          '`week` is `YYYY-Www` (default: the last whole week). `format=json` (default) answers the report as data (see `WeeklyReport` in @lp/contracts/reports); `format=html` a self-contained A4 page to read or print; `format=pdf` that page printed to A4 by Chromium (503 when Chromium is missing). Sections run outputs → outtakes → outcomes; counts of 1 to 9 are "<10". The figures come from the same queries as /overview, with its comparison rules against the week before and against the 8 weeks before.',
        querystring: zWeeklyReportQuery,
        response: { 200: z.union([zWeeklyReport, z.string()]), 400: zErrorResponse, 503: zErrorResponse },
      },
    },
    async (req, reply) => {
      const today = londonToday();
      const week = req.query.week ?? lastWholeWeek(today);
      if (isoWeekRange(week).from > today)
        throw new BadRequestError(`week ${week} has not started yet; the report covers a week that is over`);
      const report = await buildWeeklyReport(app, week);
      if (req.query.format === 'pdf') {
        const pdf = await app.printPdf(renderWeeklyReportHtml(report));
        return reply
          .type('application/pdf')
          .header('content-disposition', `attachment; filename="listening-post-weekly-report-${week}.pdf"`)
          .send(pdf as unknown as string); // a Buffer is sent as it is; the cast only satisfies the schema's typing
      }
      if (req.query.format === 'html')
        return reply.type('text/html; charset=utf-8').send(renderWeeklyReportHtml(report));
      return report;
    },
  );

  app.post(
    '/api/v1/reports/weekly/send',
    {
      schema: {
        tags: ['reports'],
        summary: 'Email a week’s report now: the summary in the body, the PDF attached',
        description:
          'Without a body: to the configured recipients, each once per week (a second call sends nothing more and answers their status). With `{ "to": ["a@b"] }`: to those addresses now, again if they had it. SMTP from `SMTP_URL`, sender `REPORT_FROM`; 503 when SMTP is not set.',
        querystring: zSendReportQuery,
        body: zSendReportBody,
        response: { 200: zSendReportResponse, 400: zErrorResponse, 503: zErrorResponse },
      },
    },
    async (req) => {
      const week = req.query.week ?? lastWholeWeek(londonToday());
      if (isoWeekRange(week).to > londonToday())
        throw new BadRequestError(`week ${week} is not over yet; a report is sent for a week that is over`);
      const result = await sendWeeklyReport(app, week, req.body?.to);
      await app.audit(req, {
        action: 'report.sent',
        target: week,
        detail: {
          sent: result.deliveries.filter((d) => d.status === 'sent').length,
          explicit: req.body?.to !== undefined,
        },
      });
      return result;
    },
  );

  app.get(
    '/api/v1/reports/settings',
    {
      schema: {
        tags: ['reports'],
        summary: 'Who receives the weekly email, when, and which topics it dwells on',
        response: { 200: zReportSettingsResponse },
      },
    },
    async () => settingsView(app),
  );

  app.get(
    '/api/v1/reports',
    {
      schema: {
        tags: ['reports'],
        summary: 'The archive of emailed reports, newest week first, with each recipient’s status',
        description:
          'Each week a report was emailed for (by the Monday schedule or by hand), with every recipient’s status (pending, sending, sent, failed), attempts and last error. Re-send with POST /api/v1/reports/weekly/send?week=… and `{ "to": [recipient] }`.',
        querystring: zReportArchiveQuery,
        response: { 200: zReportArchive },
      },
    },
    async (req) => {
      const reports = await listReportArchive(app.db, req.query.limit);
      return {
        reports: reports.map((r) => ({
          week: r.week,
          createdAt: r.createdAt.toISOString(),
          deliveries: r.deliveries.map((d) => ({
            recipient: d.recipient,
            status: d.status as 'pending' | 'sending' | 'sent' | 'failed',
            attempts: d.attempts,
            lastError: d.lastError,
            sentAt: d.sentAt ? d.sentAt.toISOString() : null,
          })),
        })),
      };
    },
  );

  app.put(
    '/api/v1/reports/settings',
    {
      schema: {
        tags: ['reports'],
        summary: 'Change the weekly report settings',
        body: zReportSettings,
        response: { 200: zReportSettingsResponse, 400: zErrorResponse },
      },
    },
    async (req) => {
      const saved = await saveReportSettings(app.db, req.body);
      // The schedule follows at once (a new time or the first recipient), not at the next resync.
      await app.reportScheduler?.sync();
      await app.audit(req, {
        action: 'report.settings_changed',
        target: 'weekly',
        detail: { recipients: saved.recipients.length, sendTime: saved.sendTime, topics: saved.topics },
      });
      return settingsView(app);
    },
  );
};

export default reportRoutes;
