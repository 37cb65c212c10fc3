import { Queue, type ConnectionOptions, type DefaultJobOptions } from 'bullmq';
import type {
  ImportFilePayload,
  PollSourcePayload,
  SourceChangedPayload,
  TagPostsPayload,
  TestSourcePayload,
} from '@lp/contracts/jobs';

/** The one map from queue name to payload type, used by producers and workers alike. */
export interface QueuePayloads {
  'poll-source': PollSourcePayload;
  'tag-posts': TagPostsPayload;
  'test-source': TestSourcePayload;
  'import-file': ImportFilePayload;
  'source-changed': SourceChangedPayload;
}
export type QueueName = keyof QueuePayloads;
export const QUEUE_NAMES: QueueName[] = ['poll-source', 'tag-posts', 'test-source', 'import-file', 'source-changed'];

export const JOB_OPTIONS: Record<QueueName, DefaultJobOptions> = {
  'poll-source': {
    // Network faults heal in seconds to minutes: 5 tries at 2 s, 4 s, 8 s, 16 s, 32 s span about a
    // minute, after which the next scheduled poll takes over (the cursor is in Postgres).
    attempts: 5,
    backoff: { type: 'exponential', delay: 2_000, jitter: 0.5 },
    // Keep a short history for the admin views; Postgres holds the real state.
    removeOnComplete: { count: 200 },
    removeOnFail: { count: 1_000 },
  },
  'tag-posts': {
    // Tagging is local CPU and one transaction: a failure is a Postgres blip or a poison item.
    // 4 tries (1 s, 2 s, 4 s) then the job fails with its reason; the sweeper re-enqueues the
    // items later and quarantines them after repeated failures.
    attempts: 4,
    backoff: { type: 'exponential', delay: 1_000 },
    removeOnComplete: { count: 500 },
    removeOnFail: { count: 1_000 },
  },
  'test-source': {
    // Someone is waiting on the answer: one try, and the preview (redacted text) leaves Redis within minutes.
    attempts: 1,
    removeOnComplete: { age: 300 },
    removeOnFail: { age: 300 },
  },
  'import-file': {
    // Parsing is deterministic and storing is idempotent (unique raw items), so a retry is safe.
    attempts: 3,
    backoff: { type: 'exponential', delay: 2_000 },
    removeOnComplete: { count: 200 },
    removeOnFail: { count: 1_000 },
  },
  'source-changed': {
    // Applying a schedule is idempotent; if Redis loses the job, the sweeper's reconcile pass applies it.
    attempts: 5,
    backoff: { type: 'exponential', delay: 1_000 },
    removeOnComplete: { count: 100 },
    removeOnFail: { count: 500 },
  },
};

export interface QueueConfig {
  connection: ConnectionOptions;
  /** Redis key prefix: lets several deployments or test workers share one Redis. */
  prefix: string;
}

export type Queues = { [K in QueueName]: Queue<QueuePayloads[K]> };

export function createQueues(cfg: QueueConfig): Queues {
  const make = <K extends QueueName>(name: K) =>
    new Queue<QueuePayloads[K]>(name, {
      connection: cfg.connection,
      prefix: cfg.prefix,
      defaultJobOptions: JOB_OPTIONS[name],
    });
  return {
    'poll-source': make('poll-source'),
    'tag-posts': make('tag-posts'),
    'test-source': make('test-source'),
    'import-file': make('import-file'),
    'source-changed': make('source-changed'),
  };
}

export async function closeQueues(queues: Queues): Promise<void> {
  await Promise.all(Object.values(queues).map((q) => q.close()));
}
