import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { reportDeliveries, reportSettings, weeklyReports } from '../schema/reports';

export interface ReportSettings {
  recipients: string[];
  sendTime: string;
  topics: string[];
}

export async function getReportSettings(db: Db): Promise<ReportSettings> {
  const [row] = await db.select().from(reportSettings).where(eq(reportSettings.id, 1));
  return row
    ? { recipients: row.recipients, sendTime: row.sendTime, topics: row.topics }
    : { recipients: [], sendTime: '07:00', topics: [] };
}

export async function saveReportSettings(db: Db, s: ReportSettings): Promise<ReportSettings> {
  await db
    .insert(reportSettings)
    .values({ id: 1, ...s })
    .onConflictDoUpdate({ target: reportSettings.id, set: { ...s, updatedAt: sql`now()` } });
  return getReportSettings(db);
}

export interface Delivery {
  id: number;
  recipient: string;
  status: string;
  attempts: number;
  lastError: string | null;
  sentAt: Date | null;
}

/**
 * The week's report row and a delivery per recipient (created once), then claims the ones to send
 * now: those not yet sent, or, with `resend`, these recipients again. The claim is one UPDATE that
 * moves them to 'sending', so two senders at once (a scheduler firing twice) never both get one.
 */
export async function claimDeliveries(
  db: Db,
  week: string,
  recipients: string[],
  opts: { resend?: boolean } = {},
): Promise<Delivery[]> {
  if (recipients.length === 0) return [];
  return db.transaction(async (tx) => {
    const [report] = await tx
      .insert(weeklyReports)
      .values({ week })
      .onConflictDoUpdate({ target: weeklyReports.week, set: { week } })
      .returning({ id: weeklyReports.id });
    await tx
      .insert(reportDeliveries)
      .values(recipients.map((recipient) => ({ reportId: report!.id, recipient })))
      .onConflictDoNothing();
    // A send that crashed mid-way leaves 'sending': after 10 minutes it may be claimed again.
    const claimable = opts.resend
      ? sql`${reportDeliveries.status} <> 'sending' or ${reportDeliveries.updatedAt} < now() - interval '10 minutes'`
      : sql`${reportDeliveries.status} in ('pending', 'failed') or (${reportDeliveries.status} = 'sending' and ${reportDeliveries.updatedAt} < now() - interval '10 minutes')`;
    const rows = await tx
      .update(reportDeliveries)
      .set({ status: 'sending', attempts: sql`${reportDeliveries.attempts} + 1`, updatedAt: sql`now()` })
      .where(
        and(
          eq(reportDeliveries.reportId, report!.id),
          inArray(reportDeliveries.recipient, recipients),
          sql`(${claimable})`,
        ),
      )
      .returning();
    return rows.map(toDelivery);
  });
}

export async function finishDelivery(
  db: Db,
  id: number,
  outcome: { sent: true; messageId: string | null } | { sent: false; error: string },
): Promise<void> {
  await db
    .update(reportDeliveries)
    .set(
      outcome.sent
        ? { status: 'sent', sentAt: sql`now()`, messageId: outcome.messageId, lastError: null, updatedAt: sql`now()` }
        : { status: 'failed', lastError: outcome.error.slice(0, 500), updatedAt: sql`now()` },
    )
    .where(eq(reportDeliveries.id, id));
}

/** Every delivery of a week, for the answer and the archive. */
export async function listDeliveries(db: Db, week: string): Promise<Delivery[]> {
  const rows = await db
    .select({ d: reportDeliveries })
    .from(reportDeliveries)
    .innerJoin(weeklyReports, eq(weeklyReports.id, reportDeliveries.reportId))
    .where(eq(weeklyReports.week, week))
    .orderBy(reportDeliveries.recipient);
  return rows.map((r) => toDelivery(r.d));
}

function toDelivery(r: typeof reportDeliveries.$inferSelect): Delivery {
  return {
    id: r.id,
    recipient: r.recipient,
    status: r.status,
    attempts: r.attempts,
    lastError: r.lastError,
    sentAt: r.sentAt,
  };
}

/** The archive: the weeks a report was emailed for, newest first, each with its deliveries. */
export async function listReportArchive(
  db: Db,
  limit: number,
): Promise<Array<{ week: string; createdAt: Date; deliveries: Delivery[] }>> {
  const reports = await db
    .select()
    .from(weeklyReports)
    .orderBy(sql`${weeklyReports.week} desc`)
    .limit(limit);
  if (reports.length === 0) return [];
  const deliveries = await db
    .select()
    .from(reportDeliveries)
    .where(
      inArray(
        reportDeliveries.reportId,
        reports.map((r) => r.id),
      ),
    )
    .orderBy(reportDeliveries.recipient);
  return reports.map((r) => ({
    week: r.week,
    createdAt: r.createdAt,
    deliveries: deliveries.filter((d) => d.reportId === r.id).map(toDelivery),
  }));
}
