import { zErrorResponse } from '@lp/contracts/api';
import { zWeeklyReport, zWeeklyReportQuery } from '@lp/contracts/reports';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { isoWeekRange, lastWholeWeek } from '../../../reports/iso-week';
import { renderWeeklyReportHtml } from '../../../reports/render-html';
import { buildWeeklyReport } from '../../../reports/weekly-report';
import { BadRequestError } from '../../../plugins/external/error-handler';

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
};

export default reportRoutes;
