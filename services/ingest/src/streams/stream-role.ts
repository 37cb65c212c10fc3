import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Queue } from 'bullmq';
import type { TagPostsPayload } from '@lp/contracts/jobs';
import { STREAM_SOURCE_TYPES } from '@lp/contracts/source-types';
import type { Watchlist } from '@lp/contracts/watchlist';
import type { Db } from '@lp/db/client';
import { acquireSourceLease, listEnabledSourcesOfTypes, releaseSourceLease, stopSource } from '@lp/db/queries/sources';
import { zJetstreamConfig } from '../connectors/jetstream/config';
import { createProfileCache, type ProfileCache } from '../connectors/jetstream/profiles';
import { describeError } from '../lib/describe-error';
import type { Pseudonymise } from '../lib/pseudonym';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { JetstreamSession } from './jetstream-session';

export interface StreamRoleDeps {
  db: Db;
  log: Logger;
  metrics: Metrics;
  pseudonymise: Pseudonymise;
  watchlist: () => Promise<Watchlist>;
  tagQueue: Queue<TagPostsPayload>;
  /** How long a consumer's hold on its source lasts without renewal: a killed consumer's source is taken over after it. */
  leaseSeconds: number;
  /** How often buffered events are stored with the cursor. */
  flushMs: number;
  /** How often this process looks for stream sources nobody holds. */
  claimEveryMs?: number;
  rewindSeconds?: number;
  now?: () => Date;
}

/**
 * The `stream` ingest role: long-lived subscriptions (Bluesky's Jetstream), which do not fit the
 * poll-job model. Each stream source is held by exactly one consumer at a time through the
 * source's lease: any process with this role takes up a source nobody holds (a new one, or one
 * whose holder was killed and whose lease ran out), and gives it back when paused or deleted.
 */
export function startStreamRole(deps: StreamRoleDeps): { stop(): Promise<void>; held(): string[] } {
  const owner = `${hostname()}:${process.pid}:stream:${randomBytes(4).toString('hex')}`;
  const sessions = new Map<string, JetstreamSession>();
  const caches = new Map<string, ProfileCache>();
  const profiles = (appview: string) => {
    let c = caches.get(appview);
    if (!c) caches.set(appview, (c = createProfileCache({ appview })));
    return c;
  };
  let stopped = false;
  let claiming: Promise<void> | null = null;

  async function claim(): Promise<void> {
    const candidates = await listEnabledSourcesOfTypes(deps.db, STREAM_SOURCE_TYPES);
    for (const candidate of candidates) {
      if (stopped || sessions.has(candidate.id)) continue;
      // Settings it cannot run with stop the source with the reason, before anyone holds it.
      const settings = zJetstreamConfig.safeParse(candidate.config);
      if (!settings.success) {
        await stopSource(
          deps.db,
          candidate.id,
          `invalid settings: ${settings.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`,
        );
        continue;
      }
      const source = await acquireSourceLease(deps.db, candidate.id, owner, deps.leaseSeconds);
      if (!source) continue;
      if (stopped) {
        await releaseSourceLease(deps.db, source.id, owner);
        continue;
      }
      const session = new JetstreamSession(source, {
        db: deps.db,
        log: deps.log,
        metrics: deps.metrics,
        pseudonymise: deps.pseudonymise,
        watchlist: deps.watchlist,
        tagQueue: deps.tagQueue,
        profiles,
        owner,
        leaseSeconds: deps.leaseSeconds,
        flushMs: deps.flushMs,
        rewindSeconds: deps.rewindSeconds ?? 5,
        now: deps.now ?? (() => new Date()),
      });
      sessions.set(source.id, session);
      void session.done.then(() => {
        if (sessions.get(source.id) === session) sessions.delete(source.id);
      });
      deps.log.info({ sourceId: source.id }, 'stream consumer started');
      session.start();
    }
  }

  const tick = () => {
    if (stopped || claiming) return;
    claiming = claim()
      .catch((err: unknown) => deps.log.warn({ err: describeError(err) }, 'could not look for stream sources'))
      .finally(() => (claiming = null));
  };
  const timer = setInterval(tick, deps.claimEveryMs ?? 5_000);
  tick();

  return {
    held: () => [...sessions.keys()],
    async stop() {
      stopped = true;
      clearInterval(timer);
      await claiming;
      await Promise.all([...sessions.values()].map((s) => s.stop()));
    },
  };
}
