import { describeError } from './lib/describe-error';
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { zPollSourcePayload, zTagPostsPayload } from '@lp/contracts/jobs';
import { createDb, type DbHandle } from '@lp/db/client';
import { syncFileSources, type SourceSpec } from '@lp/db/queries/sources';
import { createQueues, closeQueues, type Queues } from '@lp/queue/queues';
import { createRedis } from '@lp/queue/redis';
import { CONNECTOR_TYPES, type ConnectorType } from './connectors/registry';
import { DEFAULT_PSEUDONYM_KEY_FILE, importReadLimits, type IngestEnv } from './env';
import { createRingPseudonymiser } from './lib/pseudonym';
import { listSuppressedPseudonyms } from '@lp/db/queries/authors';
import { pseudonymKeyRing } from './lib/pseudonym-keys';
import type { Logger } from './logger';
import { createMetrics, type Metrics } from './metrics';
import { processor } from './processors/base';
import { pollSource } from './processors/poll-source';
import { tagPosts } from './processors/tag-posts';
import { startRetagRunner } from './retag-runner';
import { createActiveTagger } from './active-tagger';
import { startModelTrainer } from './model-trainer';
import { startAboutUsRunner } from './about-us-runner';
import { createImportFileWorker } from './imports/import-worker';
import { testSource } from './processors/test-source';
import { testSourceWorkerOptions } from './queues/test-source.config';
import { zTestSourcePayload } from '@lp/contracts/jobs';
import { pollSourceWorkerOptions } from './queues/poll-source.config';
import { tagPostsWorkerOptions } from './queues/tag-posts.config';
import { EMPTY_WATCHLIST, type Watchlist } from './watchlist';
import { cachedWatchlist, cachedWatchlistMatcher } from './watchlist-store';
import { seedWatchlist } from '@lp/db/queries/watchlist';
import { parseSecretsKey } from '@lp/secrets/secrets';
import { createSourceChangedWorker, reconcileSchedules } from './schedules';
import { startSweeper, sweepOnce, type SweepDeps } from './sweeper';
import { startRetention } from './retention';
import { startStreamRole } from './streams/stream-role';

export type IngestRole = 'poll' | 'nlp' | 'sweep' | 'stream';

export interface IngestOptions {
  env: Pick<
    IngestEnv,
    | 'DATABASE_URL'
    | 'REDIS_URL'
    | 'QUEUE_PREFIX'
    | 'PSEUDONYM_KEY'
    | 'POLL_CONCURRENCY'
    | 'NLP_CONCURRENCY'
    | 'SWEEP_INTERVAL_MS'
    | 'SWEEP_STALE_SECONDS'
    | 'SECRETS_KEY'
  > &
    Partial<
      Pick<
        IngestEnv,
        | 'IMPORT_MAX_ROWS'
        | 'IMPORT_READ_SECONDS'
        | 'IMPORT_READ_MEMORY_MB'
        | 'PSEUDONYM_KEYS'
        | 'PSEUDONYM_KEY_FILE'
        /** Unset: no retention passes (tests on old fixtures); main always sets it (default 90). */
        | 'RETENTION_DAYS'
        | 'STREAM_LEASE_SECONDS'
        | 'STREAM_FLUSH_MS'
      >
    >;
  sources: SourceSpec[];
  /** The organisation's watch list from the sources file (kept in Postgres for every process). */
  watchlist?: Watchlist;
  /** For `${VAR}` credentials of file sources. */
  processEnv?: Record<string, string | undefined>;
  roles: IngestRole[];
  log: Logger;
  connectorTypes?: Record<string, ConnectorType>;
  now?: () => Date;
}

export interface Ingest {
  handle: DbHandle;
  queues: Queues;
  metrics: Metrics;
  workers: Worker[];
  sweepOnce(): Promise<{ requeued: number; quarantined: number }>;
  /** Ordered shutdown: stop taking work, let running jobs finish, then close connections. */
  close(): Promise<void>;
}

export async function startIngest(opts: IngestOptions): Promise<Ingest> {
  const handle = createDb(opts.env.DATABASE_URL, { applicationName: `lp-ingest(${opts.roles.join(',')})` });
  const redis: Redis = createRedis(opts.env.REDIS_URL, { forWorker: true });
  const queues = createQueues({ connection: redis, prefix: opts.env.QUEUE_PREFIX });
  const metrics = createMetrics();
  const connectorTypes = opts.connectorTypes ?? CONNECTOR_TYPES;
  const workers: Worker[] = [];
  let retagRunner: { stop(): Promise<void> } | null = null;
  let modelTrainer: { stop(): Promise<void> } | null = null;
  let aboutUsRunner: { stop(): Promise<void> } | null = null;
  let streamRole: { stop(): Promise<void> } | null = null;

  // Only processes that poll or schedule own the sources; an NLP-only process leaves them alone.
  if (opts.roles.includes('poll') || opts.roles.includes('sweep') || opts.roles.includes('stream')) {
    await syncFileSources(handle.db, opts.sources);
    // The file's watch list seeds Postgres once; after that the dashboard's copy wins.
    await seedWatchlist(handle.db, opts.watchlist ?? EMPTY_WATCHLIST);
  }
  const keys = await pseudonymKeyRing(
    { ...opts.env, PSEUDONYM_KEY_FILE: opts.env.PSEUDONYM_KEY_FILE ?? DEFAULT_PSEUDONYM_KEY_FILE },
    handle.db,
    opts.log,
  );
  // Erased authors, as last read: matched under older keys too (see createRingPseudonymiser).
  let suppressed: ReadonlySet<string> = new Set(await listSuppressedPseudonyms(handle.db));
  const suppressionTimer = setInterval(() => {
    listSuppressedPseudonyms(handle.db).then(
      (list) => (suppressed = new Set(list)),
      (err: unknown) => opts.log.warn({ err: describeError(err) }, 'could not re-read the erased authors'),
    );
  }, 60_000);
  suppressionTimer.unref();
  const pseudonymise = createRingPseudonymiser(keys.all, () => suppressed);
  const sweepDeps: SweepDeps = {
    db: handle.db,
    pollQueue: queues['poll-source'],
    tagQueue: queues['tag-posts'],
    importQueue: queues['import-file'],
    log: opts.log,
    metrics,
    staleSeconds: opts.env.SWEEP_STALE_SECONDS,
  };
  const base = { connection: redis, prefix: opts.env.QUEUE_PREFIX };

  if (opts.roles.includes('nlp')) {
    // With fastText language detection, so Welsh and other languages are told apart from English;
    // the shipped model, or it with the team's correction in use (re-read from Postgres every few seconds).
    const taggers = await createActiveTagger({ db: handle.db, log: opts.log });
    // An edited watch list reaches running NLP workers within a minute.
    const mentionsOrg = cachedWatchlistMatcher(handle.db, 60_000);
    const run = processor(
      'tag-posts',
      zTagPostsPayload,
      (data) => tagPosts(data, { db: handle.db, tagger: () => taggers.get(), mentionsOrg, log: opts.log, metrics }),
      { log: opts.log, metrics },
    );
    workers.push(new Worker('tag-posts', run, { ...base, ...tagPostsWorkerOptions(opts.env.NLP_CONCURRENCY) }));
    // Re-tagging history after a model change: driven by Postgres, resumed by any NLP process.
    retagRunner = startRetagRunner({ db: handle.db, tagger: (force) => taggers.get(force), log: opts.log });
    // Retraining from the team's labels, asked for on the model page.
    modelTrainer = startModelTrainer({ db: handle.db, taggers, log: opts.log });
    // "About us" recomputed for history after a watch-list edit in the dashboard.
    aboutUsRunner = startAboutUsRunner({ db: handle.db, log: opts.log });
  }
  if (opts.roles.includes('poll')) {
    const deps = {
      db: handle.db,
      pollQueue: queues['poll-source'],
      tagQueue: queues['tag-posts'],
      connectorTypes,
      connectorDeps: { pseudonymise, now: opts.now ?? (() => new Date()) },
      // What "about us" means, as the dashboard last saved it (searched for by X, Bluesky, Reddit).
      watchlist: cachedWatchlist(handle.db, 60_000),
      env: opts.processEnv ?? {},
      secretsKey: opts.env.SECRETS_KEY ? parseSecretsKey(opts.env.SECRETS_KEY) : null,
      log: opts.log,
      metrics,
    };
    const run = processor('poll-source', zPollSourcePayload, (data, job) => pollSource(data, job, deps), {
      log: opts.log,
      metrics,
    });
    workers.push(new Worker('poll-source', run, { ...base, ...pollSourceWorkerOptions(opts.env.POLL_CONCURRENCY) }));
    // "Test a source" from the dashboard: same connectors and credentials as polling, stores nothing.
    const test = processor('test-source', zTestSourcePayload, (data) => testSource(data, deps), {
      log: opts.log,
      metrics,
    });
    workers.push(new Worker('test-source', test, { ...base, ...testSourceWorkerOptions }));
    // Dashboard uploads: parsed here, near the connectors, so the API only stores bytes.
    workers.push(
      createImportFileWorker(
        {
          db: handle.db,
          tagQueue: queues['tag-posts'],
          pseudonymise,
          log: opts.log,
          metrics,
          readLimits: importReadLimits(opts.env),
        },
        base,
      ),
    );
  }
  if (opts.roles.includes('poll') || opts.roles.includes('sweep')) {
    // Dashboard edits to a source's schedule: applied here, the one writer of poll schedules.
    workers.push(
      createSourceChangedWorker({ db: handle.db, pollQueue: queues['poll-source'], log: opts.log, metrics }, base),
    );
  }
  for (const w of workers) {
    w.on('failed', (job, err) =>
      opts.log.error(
        { queue: w.name, jobId: job?.id, attempts: job?.attemptsMade, err: describeError(err) },
        'job failed',
      ),
    );
    w.on('error', (err) => opts.log.warn({ queue: w.name, err: describeError(err) }, 'worker error'));
  }

  if (opts.roles.includes('stream')) {
    // Bluesky's Jetstream: one leased consumer per stream source, across all processes with this role.
    streamRole = startStreamRole({
      db: handle.db,
      log: opts.log,
      metrics,
      pseudonymise,
      watchlist: cachedWatchlist(handle.db, 60_000),
      tagQueue: queues['tag-posts'],
      leaseSeconds: opts.env.STREAM_LEASE_SECONDS ?? 30,
      flushMs: opts.env.STREAM_FLUSH_MS ?? 1_000,
      claimEveryMs: Math.min(5_000, ((opts.env.STREAM_LEASE_SECONDS ?? 30) * 1000) / 2),
      now: opts.now,
    });
  }

  let sweeper: { stop(): Promise<void> } | null = null;
  let retention: { stop(): Promise<void> } | null = null;
  if (opts.roles.includes('sweep')) {
    await reconcileSchedules(sweepDeps);
    sweeper = startSweeper(sweepDeps, opts.env.SWEEP_INTERVAL_MS);
    // Text, links and pseudonyms past the retention period go; figures stay (README "Retention").
    if (opts.env.RETENTION_DAYS !== undefined)
      retention = startRetention({ db: handle.db, days: opts.env.RETENTION_DAYS, log: opts.log });
  }

  return {
    handle,
    queues,
    metrics,
    workers,
    sweepOnce: () => sweepOnce(sweepDeps),
    async close() {
      clearInterval(suppressionTimer);
      await streamRole?.stop();
      await sweeper?.stop();
      await retention?.stop();
      await retagRunner?.stop();
      await modelTrainer?.stop();
      await aboutUsRunner?.stop();
      await Promise.all(workers.map((w) => w.close()));
      await closeQueues(queues);
      await redis.quit().catch(() => redis.disconnect());
      await handle.close();
    },
  };
}
