import { randomUUID } from 'node:crypto';
import type { Db } from '@lp/db/client';
import { claimRetrain, finishRetrain, retrainProgress, trainingLabels } from '@lp/db/queries/model-versions';
import { retrain, RetrainError } from '@lp/nlp/model/retrain';
import type { ActiveTagger } from './active-tagger';
import { startBackgroundLoop } from './lib/background-loop';
import { describeError } from './lib/describe-error';
import type { Logger } from './logger';

export interface ModelTrainerOptions {
  db: Db;
  taggers: ActiveTagger;
  log: Logger;
  /** How often an idle trainer looks for a requested retraining. */
  intervalMs?: number;
  /** A holder that stops renewing for this long loses the retraining to another process. */
  leaseMs?: number;
  owner?: string;
}

class LeaseLost extends Error {}

/**
 * Works one retraining: reads the team's labels, fits a correction on the oldest 70% and judges it
 * against the model in use on the newest 30% (packages/nlp retrain.ts), storing progress as it
 * goes. Promotion, the figures and the re-tagging run it starts are one transaction.
 * Returns false when there was nothing to do.
 */
export async function trainOnce(o: Required<Omit<ModelTrainerOptions, 'intervalMs'>>): Promise<boolean> {
  const row = await claimRetrain(o.db, o.owner, o.leaseMs);
  if (!row) return false;
  o.log.info({ modelVersionId: row.id }, 'retraining from the team’s labels');
  try {
    if (row.baseVersion !== o.taggers.baseVersion)
      throw new RetrainError(
        `this retraining was asked of model ${row.baseVersion}, but the NLP worker ships ${o.taggers.baseVersion}`,
      );
    const labels = await trainingLabels(o.db);
    const current = await o.taggers.get(true);
    const result = await retrain({
      labels,
      id: `c${row.id}`,
      current,
      makeTagger: o.taggers.make,
      onProgress: async (fraction, stage) => {
        const held = await retrainProgress(o.db, {
          id: row.id,
          owner: o.owner,
          progress: fraction,
          stage,
          leaseMs: o.leaseMs,
        });
        if (!held) throw new LeaseLost();
      },
    });
    const stored = await finishRetrain(o.db, {
      id: row.id,
      owner: o.owner,
      outcome: {
        version: result.candidate.version,
        promote: result.promote,
        correction: result.correction,
        trainedOn: result.trainedOn,
        heldOut: result.heldOut,
        figures: { candidate: result.candidate, current: result.current },
        decision: result.decision,
      },
    });
    if (stored) {
      o.log.info({ modelVersionId: row.id, promoted: result.promote }, result.decision);
      if (result.promote) await o.taggers.get(true);
    }
  } catch (err) {
    if (err instanceof LeaseLost) return true;
    // Our own reasons are shown as they are; anything else is in the log, not on the page.
    const message =
      err instanceof RetrainError
        ? err.message
        : 'retraining stopped on an unexpected error; the NLP worker’s log has the details';
    o.log.warn({ modelVersionId: row.id, err: describeError(err) }, 'retraining failed');
    await finishRetrain(o.db, { id: row.id, owner: o.owner, error: message });
  }
  return true;
}

/** Runs in every NLP process: picks up a requested retraining (or one whose holder died). */
export function startModelTrainer(opts: ModelTrainerOptions): { stop(): Promise<void> } {
  const o = {
    db: opts.db,
    taggers: opts.taggers,
    log: opts.log,
    leaseMs: opts.leaseMs ?? 30_000,
    owner: opts.owner ?? `train-${randomUUID().slice(0, 8)}`,
  };
  return startBackgroundLoop({
    what: 'retraining check',
    intervalMs: opts.intervalMs ?? 3_000,
    log: opts.log,
    tick: async () => void (await trainOnce(o)),
  });
}
