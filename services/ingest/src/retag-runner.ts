import { randomUUID } from 'node:crypto';
import type { Db } from '@lp/db/client';
import {
  advanceRetagRun,
  claimRetagRun,
  finishRetagRun,
  nextRetagBatch,
  type RetagRun,
} from '@lp/db/queries/retag-runs';
import { retagStoredPosts } from '@lp/db/queries/tagged-posts';
import type { Tagger } from '@lp/nlp/tagger';
import { startBackgroundLoop } from './lib/background-loop';
import type { Logger } from './logger';
import { storedTags } from './processors/stored-tags';

export interface RetagRunnerOptions {
  db: Db;
  /** A fixed tagger, or the NLP process's current one (re-read before each run is claimed). */
  tagger: Tagger | ((force: boolean) => Promise<Tagger>);
  log: Logger;
  /** How often an idle runner looks for a run. */
  intervalMs?: number;
  /** Posts per transaction. */
  batchSize?: number;
  /** A holder that stops renewing for this long loses the run to another process. */
  leaseMs?: number;
  owner?: string;
}

/** Thrown inside a batch's transaction when the lease was lost: the batch rolls back, untouched. */
class LeaseLost extends Error {}

/**
 * Works one batch of the active run: tags the next posts after the cursor with this process's
 * tagger and stores the tags, the rollup changes and the new cursor in one transaction.
 * Returns false when the run has no posts left.
 */
export async function retagBatch(
  opts: Required<Pick<RetagRunnerOptions, 'db' | 'batchSize' | 'leaseMs' | 'owner'>> & { tagger: Tagger },
  run: RetagRun,
): Promise<boolean> {
  const items = await nextRetagBatch(opts.db, run.cursor, opts.batchSize);
  if (items.length === 0) return false;
  const results = opts.tagger.tagBatch(
    items.map((i) => ({ id: i.id, text: i.text, lang: i.lang, question: i.question })),
  );
  await opts.db.transaction(async (tx) => {
    const { retagged } = await retagStoredPosts(
      tx,
      results.map((r) => ({
        postId: Number(r.id),
        lang: r.lang,
        ...storedTags(r),
        modelVersion: opts.tagger.modelVersion,
      })),
    );
    const moved = await advanceRetagRun(tx, {
      runId: run.id,
      owner: opts.owner,
      cursor: items[items.length - 1]!.id,
      processed: items.length,
      changed: retagged,
      leaseMs: opts.leaseMs,
    });
    if (!moved) throw new LeaseLost('another process holds this re-tagging run now');
  });
  run.cursor = items[items.length - 1]!.id;
  return true;
}

/**
 * Runs in every NLP process: picks up the active re-tagging run (or one whose holder died) and
 * works it to the end, batch by batch. Only runs for this process's model version are worked;
 * a run for another version waits for a process that has it.
 */
export function startRetagRunner(opts: RetagRunnerOptions): { stop(): Promise<void> } {
  const currentTagger = async () => (typeof opts.tagger === 'function' ? opts.tagger(true) : opts.tagger);
  const base = {
    db: opts.db,
    batchSize: opts.batchSize ?? 200,
    leaseMs: opts.leaseMs ?? 30_000,
    owner: opts.owner ?? `retag-${randomUUID().slice(0, 8)}`,
  };
  return startBackgroundLoop({
    what: 're-tagging batch',
    intervalMs: opts.intervalMs ?? 5_000,
    log: opts.log,
    tick: async (stopped) => {
      try {
        const o = { ...base, tagger: await currentTagger() };
        const run = await claimRetagRun(o.db, o.owner, o.leaseMs);
        if (run && run.modelVersion === o.tagger.modelVersion) {
          opts.log.info({ runId: run.id, from: run.cursor }, 're-tagging history');
          while (!stopped() && (await retagBatch(o, run)));
          if (!stopped()) {
            await finishRetagRun(o.db, run.id, o.owner);
            opts.log.info({ runId: run.id }, 're-tagging finished');
          }
        } else if (run) {
          // Not this process's model: give the lease back at once by letting it lapse.
          await finishRetagRun(
            o.db,
            run.id,
            o.owner,
            `asked for model ${run.modelVersion}, but the NLP worker runs ${o.tagger.modelVersion}`,
          );
        }
      } catch (err) {
        if (!(err instanceof LeaseLost)) throw err;
      }
    },
  });
}
