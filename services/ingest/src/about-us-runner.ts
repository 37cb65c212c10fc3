import { randomUUID } from 'node:crypto';
import type { Db } from '@lp/db/client';
import { aboutUsBatch, claimAboutUsRun, finishAboutUsRun } from '@lp/db/queries/about-us-runs';
import { compileWatchlist } from '@lp/nlp/watchlist-match';
import { startBackgroundLoop } from './lib/background-loop';
import type { Logger } from './logger';

export interface AboutUsRunnerOptions {
  db: Db;
  log: Logger;
  intervalMs?: number;
  batchSize?: number;
  leaseMs?: number;
  owner?: string;
}

/** Works the active "about us" run, if any, to its end (or until the lease is lost). */
export async function aboutUsOnce(
  o: Required<Omit<AboutUsRunnerOptions, 'intervalMs'>>,
  stopped: () => boolean = () => false,
): Promise<boolean> {
  const run = await claimAboutUsRun(o.db, o.owner, o.leaseMs);
  if (!run) return false;
  o.log.info({ runId: run.id, from: run.cursor }, 'recomputing "about us" for history');
  const match = compileWatchlist(run.watchlist);
  for (;;) {
    if (stopped()) return true;
    const batch = await aboutUsBatch(o.db, { run, owner: o.owner, leaseMs: o.leaseMs, limit: o.batchSize, match });
    if (batch === false) return true;
    if (batch === null) break;
  }
  await finishAboutUsRun(o.db, run.id, o.owner);
  o.log.info({ runId: run.id }, '"about us" recomputed');
  return true;
}

/** Runs in every NLP process: picks up a recompute after a watch-list edit (or one whose holder died). */
export function startAboutUsRunner(opts: AboutUsRunnerOptions): { stop(): Promise<void> } {
  const o = {
    db: opts.db,
    log: opts.log,
    batchSize: opts.batchSize ?? 500,
    leaseMs: opts.leaseMs ?? 30_000,
    owner: opts.owner ?? `about-us-${randomUUID().slice(0, 8)}`,
  };
  return startBackgroundLoop({
    what: '"about us" recompute',
    intervalMs: opts.intervalMs ?? 3_000,
    log: opts.log,
    tick: async (stopped) => void (await aboutUsOnce(o, stopped)),
  });
}
