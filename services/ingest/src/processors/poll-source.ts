import { describeError } from '../lib/describe-error';
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { UnrecoverableError, type Job, type Queue } from 'bullmq';
import type { PollSourcePayload, TagPostsPayload } from '@lp/contracts/jobs';
import { READ_BUDGETS, isStreamSourceType, readBudgetOf } from '@lp/contracts/source-types';
import type { Db } from '@lp/db/client';
import { storePage } from '@lp/db/queries/raw-items';
import {
  acquireSourceLease,
  readsThisPeriod,
  recordPollProblem,
  releaseSourceLease,
  stopSource,
  type Source,
} from '@lp/db/queries/sources';
import { enqueuePollNow, enqueueTagPosts } from '@lp/queue/enqueue';
import { cursorReadsHistory } from '../connectors/backfill/backfill';
import type { ConnectorType } from '../connectors/registry';
import type { ConnectorDeps, Page } from '../connectors/types';
import { resolveSecrets } from '../lib/source-secrets';
import type { Watchlist } from '../watchlist';
import { PermanentError, RateLimitedError } from '../lib/errors';
import { nextPacificMidnight } from '../lib/pacific-time';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';

/** Longer than any one page fetch (30 s per request) so a live poll never loses its lock. */
const LEASE_SECONDS = 120;

export interface PollDeps {
  db: Db;
  pollQueue: Queue<PollSourcePayload>;
  tagQueue: Queue<TagPostsPayload>;
  connectorTypes: Record<string, ConnectorType>;
  connectorDeps: Pick<ConnectorDeps, 'pseudonymise' | 'now'>;
  /** The watch list, or a reader of the current one. */
  watchlist: Watchlist | (() => Promise<Watchlist>);
  env: Record<string, string | undefined>;
  secretsKey: Buffer | null;
  log: Logger;
  metrics: Metrics;
}

export type PollOutcome =
  | { outcome: 'skipped' }
  | { outcome: 'budget_spent'; until: string }
  | { outcome: 'rate_limited'; retryAt: string }
  | { outcome: 'stored'; stored: number; quarantined: number; full: boolean };

/**
 * One poll: lock the source, fetch one page after its cursor, store items and cursor in one
 * transaction, then hand the new items' ids to the NLP queue.
 */
export async function pollSource(data: PollSourcePayload, job: Job, deps: PollDeps): Promise<PollOutcome> {
  const { sourceId } = data;
  const owner = `${hostname()}:${process.pid}:${job.id}`;
  const source = await acquireSourceLease(deps.db, sourceId, owner, LEASE_SECONDS);
  if (!source) return { outcome: 'skipped' }; // polling elsewhere, paused, or told to wait
  if (isStreamSourceType(source.type)) {
    // A stream source (a poll asked for by hand, or a schedule left from before) is its stream consumer's alone.
    await releaseSourceLease(deps.db, sourceId, owner);
    return { outcome: 'skipped' };
  }

  let page: Page;
  let newIds: number[];
  try {
    const type = deps.connectorTypes[source.type];
    if (!type) throw new UnrecoverableError(`source ${sourceId} has unknown type ${source.type}`);
    try {
      const readsLeft = await readBudgetLeft(deps, source);
      if (readsLeft !== null && readsLeft <= 0) {
        const daily = READ_BUDGETS[source.type]?.period === 'pacific-day';
        const now = deps.connectorDeps.now();
        const until = daily ? nextPacificMidnight(now) : startOfNextMonth(now);
        await recordPollProblem(deps.db, sourceId, {
          state: 'budget_spent',
          error: `${daily ? 'daily quota' : 'monthly read budget'} spent; polling resumes ${until.toISOString()}`,
          notBefore: until,
        });
        return { outcome: 'budget_spent', until: until.toISOString() };
      }
      const secrets = resolveSecrets(source, type, deps.env, deps.secretsKey);
      page = await type
        .create(
          { id: source.id, config: source.config },
          {
            ...deps.connectorDeps,
            secrets,
            watchlist: typeof deps.watchlist === 'function' ? await deps.watchlist() : deps.watchlist,
            readsLeft,
          },
        )
        .fetchPage(source.cursor ?? null);
    } catch (err) {
      if (err instanceof RateLimitedError) {
        await recordPollProblem(deps.db, sourceId, {
          state: 'rate_limited',
          error: err.message,
          notBefore: err.retryAt,
        });
        const delayMs = Math.max(0, err.retryAt.getTime() - Date.now());
        await enqueuePollNow(deps.pollQueue, sourceId, { delayMs, key: `retry-${err.retryAt.getTime()}-${job.id}` });
        deps.log.info({ sourceId, retryAt: err.retryAt.toISOString() }, 'source rate limited; next poll delayed');
        return { outcome: 'rate_limited', retryAt: err.retryAt.toISOString() };
      }
      if (err instanceof PermanentError) {
        // Bad credentials, a feed that is gone, a missing secret: retrying cannot help, so stop and say why.
        await stopSource(deps.db, sourceId, err.message);
        throw new UnrecoverableError(err.message);
      }
      await recordPollProblem(deps.db, sourceId, { state: 'backoff', error: describeError(err), notBefore: null });
      throw err;
    }
    newIds = await storePage(deps.db, {
      sourceId,
      leaseOwner: owner,
      items: page.items,
      deletions: page.deletions,
      quarantined: page.quarantined,
      nextCursor: page.nextCursor,
      reads: page.reads,
      credentialExpiresAt: page.credentialExpiresAt,
      pauseUntil: page.pauseUntil,
      problem: page.problem,
      coveredFrom: page.coveredFrom,
      // Reading history (again, for a hashtag added): unsettled; caught up (not full, no history left): settled.
      settled: cursorReadsHistory(page.nextCursor) ? false : page.full ? undefined : true,
    });
  } finally {
    await releaseSourceLease(deps.db, sourceId, owner);
  }

  deps.metrics.rawItemsStored.inc({ source: sourceId }, newIds.length);
  if (page.quarantined.length > 0) {
    deps.metrics.quarantined.inc({ stage: 'transform' }, page.quarantined.length);
    deps.log.warn({ sourceId, quarantined: page.quarantined.length }, 'items quarantined');
  }
  try {
    await enqueueTagPosts(deps.tagQueue, newIds);
  } catch (err) {
    // Stored in Postgres already: the sweeper enqueues them within a minute or two.
    deps.log.warn(
      { sourceId, items: newIds.length, err: describeError(err) },
      'could not enqueue tagging; the sweeper will',
    );
  }
  if (page.full && !page.pauseUntil) {
    const key = createHash('sha1').update(JSON.stringify(page.nextCursor)).digest('hex').slice(0, 16);
    await enqueuePollNow(deps.pollQueue, sourceId, { key: `drain-${key}` });
  }
  deps.log.debug({ sourceId, stored: newIds.length, full: page.full }, 'polled page');
  return { outcome: 'stored', stored: newIds.length, quarantined: page.quarantined.length, full: page.full };
}

/**
 * Sources whose type has a read budget (READ_BUDGETS) get what is left of it: X's posts read this
 * month, YouTube's quota units today (one per call); others null.
 */
async function readBudgetLeft(deps: PollDeps, source: Source): Promise<number | null> {
  const budget = readBudgetOf(source.type, source.config);
  if (budget === null) return null;
  return budget - (await readsThisPeriod(deps.db, source.id));
}

function startOfNextMonth(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
}
