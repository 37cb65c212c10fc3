import { randomUUID } from 'node:crypto';
import { pino, type Logger } from 'pino';
import type { SourceSpec } from '@lp/db/queries/sources';
import { testDatabaseUrl, testRedisUrl } from '@lp/db/testing/test-env';
import { startIngest, type Ingest, type IngestRole } from '../app';
import type { ConnectorType } from '../connectors/registry';
import type { Watchlist } from '../watchlist';

/** A fixed key: tests assert pseudonyms are stable and never the handle. */
export const TEST_PSEUDONYM_KEY = 'test-pseudonym-key-0123456789abcdef';

export interface TestIngestOptions {
  sources: SourceSpec[];
  roles?: IngestRole[];
  sweepIntervalMs?: number;
  staleSeconds?: number;
  connectorTypes?: Record<string, ConnectorType>;
  now?: () => Date;
  /** Environment for `${VAR}` credentials of file sources. */
  processEnv?: Record<string, string | undefined>;
  /** The organisation's watch list. */
  watchlist?: Watchlist;
  /** A fixed queue prefix, e.g. to share queues with an API under test. */
  prefix?: string;
  /** The key dashboard sources' credentials are sealed with (the API under test uses the same one). */
  secretsKey?: string;
  /** Default silent (TEST_LOG_LEVEL to see it). */
  log?: Logger;
  /** The stream role's lease (default 3 s here, so a takeover test is quick) and batch interval. */
  streamLeaseSeconds?: number;
  streamFlushMs?: number;
}

/** The real ingest (real Postgres, Redis, BullMQ) on this test worker's database and a fresh queue prefix. */
export async function startTestIngest(opts: TestIngestOptions): Promise<Ingest & { prefix: string }> {
  const prefix = opts.prefix ?? `lpt-${randomUUID().slice(0, 8)}`;
  const ingest = await startIngest({
    env: {
      DATABASE_URL: testDatabaseUrl(),
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: prefix,
      PSEUDONYM_KEY: TEST_PSEUDONYM_KEY,
      POLL_CONCURRENCY: 2,
      NLP_CONCURRENCY: 1,
      SWEEP_INTERVAL_MS: opts.sweepIntervalMs ?? 250,
      SWEEP_STALE_SECONDS: opts.staleSeconds ?? 60,
      SECRETS_KEY: opts.secretsKey,
      STREAM_LEASE_SECONDS: opts.streamLeaseSeconds ?? 3,
      STREAM_FLUSH_MS: opts.streamFlushMs ?? 200,
    },
    sources: opts.sources,
    roles: opts.roles ?? ['poll', 'nlp'],
    log: opts.log ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    connectorTypes: opts.connectorTypes,
    now: opts.now,
    processEnv: opts.processEnv,
    watchlist: opts.watchlist,
  });
  return Object.assign(ingest, { prefix });
}

/** Removes a test's queues from Redis (BullMQ's own tests do the same with obliterate). */
export async function stopTestIngest(ingest: Ingest): Promise<void> {
  await Promise.all(ingest.workers.map((w) => w.close()));
  await Promise.all(Object.values(ingest.queues).map((q) => q.obliterate({ force: true }).catch(() => undefined)));
  await ingest.close();
}

export async function waitFor<T>(
  check: () => Promise<T | false | null | undefined>,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}
