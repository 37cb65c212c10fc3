import { retentionCutoff } from '@lp/contracts/retention';
import type { Db } from '@lp/db/client';
import { appendAudit } from '@lp/db/queries/audit';
import { purgePastRetention, type PurgeOutcome } from '@lp/db/queries/retention';
import { describeError } from './lib/describe-error';
import type { Logger } from './logger';

export interface RetentionDeps {
  db: Db;
  days: number;
  log: Logger;
  now?: () => Date;
}

/** One retention pass (see purgePastRetention); audited when it removed anything. */
export async function purgeOnce(deps: RetentionDeps): Promise<PurgeOutcome> {
  const cutoff = retentionCutoff(deps.days, deps.now?.() ?? new Date());
  const outcome = await purgePastRetention(deps.db, cutoff);
  if (outcome.posts + outcome.alertTerms + outcome.rawItems + outcome.quarantined + outcome.authorVoices > 0) {
    await appendAudit(deps.db, {
      actorEmail: 'system',
      action: 'retention.purged',
      target: `published before ${cutoff.toISOString()}`,
      detail: { days: deps.days, ...outcome },
    });
    deps.log.info({ days: deps.days, ...outcome }, 'purged text past the retention period');
  }
  return outcome;
}

/**
 * Runs a retention pass at start and then every `intervalMs` (an hour by default), in the sweep
 * role only: one process does it. A failed pass is logged and tried again at the next interval.
 */
export function startRetention(deps: RetentionDeps, intervalMs = 3_600_000): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const pass = () => {
    if (stopped) return;
    running = purgeOnce(deps).catch((err: unknown) =>
      deps.log.warn({ err: describeError(err) }, 'retention pass failed; trying again at the next interval'),
    );
  };
  const first = setTimeout(pass, 5_000);
  const timer = setInterval(pass, intervalMs);
  first.unref();
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
