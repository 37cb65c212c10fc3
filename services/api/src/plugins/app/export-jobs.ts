import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, Worker, type Job } from 'bullmq';
import fp from 'fastify-plugin';
import type { ExportFormat, ExportKind } from '@lp/contracts/exports';
import { countExportPosts, expireExportJobs, getExportJob, updateExportJob } from '@lp/db/queries/exports';
import { createRedis } from '@lp/queue/redis';
import { sql } from 'drizzle-orm';
import type { TopicExportParams } from '../../exports/records';
import { writeExportFile } from '../../exports/run-isolated';

declare module 'fastify' {
  interface FastifyInstance {
    exportJobs: {
      queue: Queue;
      dir: string;
      keepMs: number;
      /** Queues the job for an export row (idempotent: the row's id is the job's id). */
      enqueue(id: string): Promise<void>;
      /** Expires finished exports past their time and deletes their files; re-queues lost jobs. */
      sweep(): Promise<void>;
    };
  }
}

export interface ExportJobsOptions {
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  /** Where finished files are kept until they expire (EXPORT_DIR; default a folder in the OS temp dir). */
  dir?: string;
  /** How long a finished export can be downloaded (EXPORT_KEEP_HOURS; default 24 h). */
  keepMs?: number;
  /** How often expiry and lost-job recovery run (default 1 min). */
  sweepMs?: number;
}

export const EXPORT_QUEUE = 'export';

export function exportParams(params: Record<string, unknown>): TopicExportParams {
  return params as unknown as TopicExportParams;
}

/**
 * Exports too large to stream in one response run here as BullMQ jobs: the job carries only the
 * export's id (no filters or personal data in Redis); the row in Postgres holds what was asked,
 * the progress and, once done, the file's name until it expires. A worker that dies mid-way is
 * retried by BullMQ's stalled-job check and writes the file again from the start; a job Redis lost
 * is queued again by the sweep from its row.
 */
export default fp<ExportJobsOptions>(
  async (app, opts) => {
    const dir = opts.dir ?? join(tmpdir(), 'listening-post-exports');
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const keepMs = opts.keepMs ?? 24 * 3600_000;
    const queue = new Queue(EXPORT_QUEUE, { connection: app.redis, prefix: opts.queuePrefix });
    const connection = createRedis(opts.redisUrl, { forWorker: true });

    const run = async (job: Job<{ exportId: string }>) => {
      const row = await getExportJob(app.db, job.data.exportId);
      if (!row || row.state === 'done' || row.state === 'expired') return;
      const kind = row.kind as ExportKind;
      const format = row.format as ExportFormat;
      const params = exportParams(row.params);
      const total = kind === 'posts' ? await countExportPosts(app.db, params) : null;
      await updateExportJob(app.db, row.id, { state: 'running', totalRows: total, progress: 0, rows: 0, error: null });
      const fileName = `${row.id}.${format}`;
      const rows = await writeExportFile(
        {
          databaseUrl: opts.databaseUrl,
          kind,
          format,
          params,
          topicNames: [...app.topicNames.entries()],
          path: join(dir, fileName),
        },
        async (n) => {
          const progress = total ? Math.min(0.99, n / total) : 0.5;
          await updateExportJob(app.db, row.id, { rows: n, progress });
          await job.updateProgress(Math.round(progress * 100));
        },
      );
      const done = await updateExportJob(app.db, row.id, {
        onlyIf: 'running',
        state: 'done',
        rows,
        progress: 1,
        fileName,
        finished: true,
        keepForMs: keepMs,
      });
      // Stopped while it ran (an author was erased meanwhile): its file is never offered.
      if (!done) await rm(join(dir, fileName), { force: true });
    };

    const worker = new Worker(EXPORT_QUEUE, run, {
      connection,
      prefix: opts.queuePrefix,
      concurrency: 1,
      // Short enough that a crashed export is picked up again within a minute.
      lockDuration: 30_000,
      stalledInterval: 15_000,
    });
    worker.on('error', (err) => app.log.warn({ err: err.message }, 'export worker error'));
    worker.on('failed', (job, err) => {
      app.log.warn({ jobId: job?.id, err: err.message }, 'export failed');
      if (!job) return;
      const last = job.attemptsMade >= (job.opts.attempts ?? 1);
      if (last)
        void updateExportJob(app.db, job.data.exportId, {
          state: 'failed',
          error: 'the export could not be written; try again, or narrow the range',
          finished: true,
        }).catch(() => undefined);
    });

    const enqueue = async (id: string) => {
      await queue.add(
        EXPORT_QUEUE,
        { exportId: id },
        {
          jobId: id,
          attempts: 3,
          backoff: { type: 'exponential', delay: 5_000 },
          removeOnComplete: 1000,
          removeOnFail: 1000,
        },
      );
    };

    const sweep = async () => {
      for (const file of await expireExportJobs(app.db)) await rm(join(dir, file), { force: true });
      // A queued or running export whose job Redis no longer has (a flush, a lost instance): queue it again.
      const open = await app.db.execute<{ id: string }>(
        sql`select id from export_jobs where state in ('queued', 'running') and created_at < now() - interval '30 seconds'`,
      );
      for (const { id } of open.rows) {
        const job = await queue.getJob(id);
        if (!job) await enqueue(id);
      }
    };
    const timer = setInterval(
      () => void sweep().catch((err: unknown) => app.log.warn({ err: (err as Error).message }, 'export sweep failed')),
      opts.sweepMs ?? 60_000,
    );
    timer.unref();

    app.addHook('onClose', async () => {
      clearInterval(timer);
      await worker.close().catch(() => undefined);
      await queue.close().catch(() => undefined);
      connection.disconnect();
    });
    app.decorate('exportJobs', { queue, dir, keepMs, enqueue, sweep });
  },
  { name: 'export-jobs', dependencies: ['redis', 'db', 'taxonomy'] },
);
