import type { FastifyInstance } from 'fastify';
import type { SendReportResponse } from '@lp/contracts/reports';
import { claimDeliveries, finishDelivery, getReportSettings, listDeliveries } from '@lp/db/queries/reports';
import { ApiError, BadRequestError } from '../plugins/external/error-handler';
import { renderWeeklyReportHtml } from './render-html';
import { buildWeeklyReport } from './weekly-report';

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/**
 * Emails a week's report: the summary in the body, the PDF attached. To the configured recipients
 * each gets it once (a delivery row per week and recipient, claimed atomically), so a second call or
 * a scheduler that fires twice sends nothing more; `to` sends to those addresses now, again if need be.
 */
export async function sendWeeklyReport(
  app: FastifyInstance,
  week: string,
  to: string[] | undefined,
): Promise<SendReportResponse> {
  const recipients = to ?? (await getReportSettings(app.db)).recipients;
  if (recipients.length === 0)
    throw new BadRequestError('no recipients: add them in the report settings, or give "to"');
  if (!app.mailer) throw new ApiError(503, 'smtp_not_configured', 'set SMTP_URL (and REPORT_FROM) to send email');
  const claimed = await claimDeliveries(app.db, week, recipients, { resend: to !== undefined });
  if (claimed.length > 0) {
    const report = await buildWeeklyReport(app, week);
    const pdf = await app.printPdf(renderWeeklyReportHtml(report));
    for (const d of claimed) {
      try {
        const info = await app.mailer.transport.sendMail({
          from: app.mailer.from,
          to: d.recipient,
          subject: `${report.title}: Listening Post weekly report`,
          text: `${report.summary}\n\nThe full report is attached (PDF).`,
          html: `<p>${esc(report.summary)}</p><p>The full report is attached (PDF).</p>`,
          attachments: [
            { filename: `listening-post-weekly-report-${week}.pdf`, content: pdf, contentType: 'application/pdf' },
          ],
        });
        await finishDelivery(app.db, d.id, { sent: true, messageId: info.messageId ?? null });
      } catch (err) {
        await finishDelivery(app.db, d.id, { sent: false, error: (err as Error).message });
      }
    }
  }
  const deliveries = await listDeliveries(app.db, week);
  return {
    week,
    deliveries: deliveries
      .filter((d) => recipients.includes(d.recipient))
      .map((d) => ({
        recipient: d.recipient,
        status: d.status as SendReportResponse['deliveries'][number]['status'],
        attempts: d.attempts,
        lastError: d.lastError,
        sentAt: d.sentAt ? d.sentAt.toISOString() : null,
      })),
  };
}
