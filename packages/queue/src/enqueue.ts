import type { Queue } from 'bullmq';
import type { ImportFilePayload, PollSourcePayload, SourceChangedPayload, TagPostsPayload } from '@lp/contracts/jobs';

/** Tagging jobs carry at most this many raw item ids: one NLP transaction each, under a second of work. */
export const TAG_BATCH_SIZE = 100;

export async function enqueueTagPosts(queue: Queue<TagPostsPayload>, rawItemIds: number[]): Promise<void> {
  const jobs = [];
  for (let i = 0; i < rawItemIds.length; i += TAG_BATCH_SIZE) {
    const chunk = rawItemIds.slice(i, i + TAG_BATCH_SIZE);
    jobs.push({ name: 'tag-posts', data: { rawItemIds: chunk } });
  }
  if (jobs.length > 0) await queue.addBulk(jobs);
}

const schedulerId = (sourceId: string) => `poll:${sourceId}`;

/** Idempotent: safe to call on every reconcile, and it re-creates schedulers lost with Redis. */
export async function schedulePolls(queue: Queue<PollSourcePayload>, sourceId: string, everyMs: number): Promise<void> {
  await queue.upsertJobScheduler(
    schedulerId(sourceId),
    { every: everyMs },
    { name: 'poll-source', data: { sourceId } },
  );
}

export async function unschedulePolls(queue: Queue<PollSourcePayload>, sourceId: string): Promise<void> {
  await queue.removeJobScheduler(schedulerId(sourceId));
}

export async function listScheduledSourceIds(queue: Queue<PollSourcePayload>): Promise<string[]> {
  const schedulers = await queue.getJobSchedulers();
  return schedulers.map((s) => (s.key ?? s.id ?? '').replace(/^poll:/, '')).filter(Boolean);
}

/**
 * A poll outside the schedule: at once after a full page (drain a backlog), or later after a 429.
 * The job id makes repeated requests for the same moment one job.
 */
export async function enqueuePollNow(
  queue: Queue<PollSourcePayload>,
  sourceId: string,
  opts: { delayMs?: number; key: string },
): Promise<void> {
  await queue.add('poll-source', { sourceId }, { jobId: `poll-${sourceId}-${opts.key}`, delay: opts.delayMs ?? 0 });
}

/** One job id per import: re-enqueueing (the sweeper after a Redis loss) never runs an import twice at once. */
export async function enqueueImport(queue: Queue<ImportFilePayload>, importId: number): Promise<void> {
  await queue.add('import-file', { importId }, { jobId: `import-${importId}` });
}

/**
 * The API's way to have a source's schedule applied: ingest owns the poll schedulers and reads the
 * source's current settings from Postgres when it takes the job, so requests may repeat or arrive
 * out of order without harm.
 */
export async function requestScheduleUpdate(queue: Queue<SourceChangedPayload>, sourceId: string): Promise<void> {
  await queue.add('source-changed', { sourceId });
}
