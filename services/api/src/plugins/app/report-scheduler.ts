import { Queue, Worker, type Job } from 'bullmq';
import fp from 'fastify-plugin';
import { lastWholeWeek } from '@lp/contracts/reports';
import { getReportSettings } from '@lp/db/queries/reports';
import { createRedis } from '@lp/queue/redis';
import { sendWeeklyReport } from '../../reports/send-report';

declare module 'fastify' {
  interface FastifyInstance {
    /** The Monday email's schedule; null when it is off (no SMTP_URL). */
    reportScheduler: {
      queue: Queue;
      /** Writes the schedule from the settings now. */
      sync(): Promise<void>;
      /** When the scheduler fires next, or null when it is not set (no recipients). */
      next(): Promise<Date | null>;
    } | null;
  }
}

export interface ReportSchedulerOptions {
  enabled: boolean;
  redisUrl: string;
  queuePrefix: string;
  /** How often the schedule is written again from the settings (and re-created after Redis lost it). */
  resyncMs?: number;
}

export const WEEKLY_REPORT = 'weekly-report';
const londonToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());

/**
 * Every Monday at the configured time (Europe/London) the last whole week's report is emailed: a
 * BullMQ job scheduler with a cron pattern and time zone, written from the settings at start and
 * every minute after (so an edited time applies, and a Redis that lost everything gets it back).
 * A job that fires twice sends nothing twice: deliveries are claimed once per week and recipient.
 * A failed delivery fails the job, which BullMQ retries with backoff; sent ones are not re-sent.
 */
export default fp<ReportSchedulerOptions>(
  async (app, opts) => {
    if (!opts.enabled) {
      app.decorate('reportScheduler', null);
      return;
    }
    const queue = new Queue(WEEKLY_REPORT, { connection: app.redis, prefix: opts.queuePrefix });
    // The worker blocks on Redis: a connection of its own, closed with it.
    const connection = createRedis(opts.redisUrl, { forWorker: true });
    const worker = new Worker(
      WEEKLY_REPORT,
      async (job: Job<{ week?: string }>) => {
        const week = job.data.week ?? lastWholeWeek(londonToday());
        const result = await sendWeeklyReport(app, week, undefined);
        const failed = result.deliveries.filter((d) => d.status === 'failed');
        if (failed.length > 0) throw new Error(`${failed.length} of ${result.deliveries.length} deliveries failed`);
        return { week, sent: result.deliveries.length };
      },
      { connection, prefix: opts.queuePrefix, concurrency: 1 },
    );
    worker.on('error', (err) => app.log.warn({ err: err.message }, 'weekly report worker error'));
    worker.on('failed', (job, err) =>
      app.log.warn({ jobId: job?.id, attempts: job?.attemptsMade, err: err.message }, 'weekly report not fully sent'),
    );

    const sync = async () => {
      const settings = await getReportSettings(app.db);
      if (settings.recipients.length === 0) {
        await queue.removeJobScheduler(WEEKLY_REPORT);
        return;
      }
      const [hh, mm] = settings.sendTime.split(':').map(Number) as [number, number];
      await queue.upsertJobScheduler(
        WEEKLY_REPORT,
        { pattern: `${mm} ${hh} * * 1`, tz: 'Europe/London' },
        { name: WEEKLY_REPORT, data: {}, opts: { attempts: 6, backoff: { type: 'exponential', delay: 60_000 } } },
      );
    };
    const safeSync = () =>
      sync().catch((err: unknown) =>
        app.log.warn({ err: (err as Error).message }, 'could not write the report schedule'),
      );
    const timer = setInterval(() => void safeSync(), opts.resyncMs ?? 60_000);
    timer.unref();
    app.addHook('onReady', async () => void safeSync());
    app.addHook('onClose', async () => {
      clearInterval(timer);
      await worker.close().catch(() => undefined);
      await queue.close().catch(() => undefined);
      connection.disconnect();
    });
    const next = async () => {
      const scheduler = await queue.getJobScheduler(WEEKLY_REPORT);
      return scheduler?.next ? new Date(scheduler.next) : null;
    };
    app.decorate('reportScheduler', { queue, sync, next });
  },
  { name: 'report-scheduler', dependencies: ['redis', 'db', 'mailer', 'pdf-printer'] },
);
