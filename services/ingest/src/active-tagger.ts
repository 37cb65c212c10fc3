import type { Db } from '@lp/db/client';
import { activeModelVersion } from '@lp/db/queries/model-versions';
import { zCorrection, type Correction } from '@lp/nlp/model/correction';
import { createModelScorer, defaultModelScorer } from '@lp/nlp/model/model-scorer';
import { loadLanguageDetector } from '@lp/nlp/lang-detect';
import type { DetectLanguage } from '@lp/nlp/lang';
import { createTagger, type Tagger } from '@lp/nlp/tagger';
import type { Logger } from './logger';

/**
 * The tagger an NLP process uses now: the shipped model, or the shipped model with the team's
 * correction that is in use (model_versions.active). Checked against Postgres at most every
 * `refreshMs`, so a promotion or a rollback reaches every NLP process within seconds, with no restart.
 */
export interface ActiveTagger {
  /** The tagger in use, re-read from Postgres when older than refreshMs (or always, with force). */
  get(force?: boolean): Promise<Tagger>;
  /** A tagger over the shipped model with a correction (for judging a candidate). */
  make(correction: Correction | null): Tagger;
  /** The shipped model's own version (what a correction must sit on). */
  baseVersion: string;
}

export async function createActiveTagger(opts: {
  db: Db;
  log: Logger;
  detectLanguage?: DetectLanguage;
  refreshMs?: number;
}): Promise<ActiveTagger> {
  const detectLanguage = opts.detectLanguage ?? (await loadLanguageDetector());
  const shippedScorer = defaultModelScorer();
  const shipped = createTagger({ scorer: shippedScorer, detectLanguage });
  const make = (correction: Correction | null): Tagger =>
    correction ? createTagger({ scorer: createModelScorer(shippedScorer.model, correction), detectLanguage }) : shipped;
  const refreshMs = opts.refreshMs ?? 2_000;
  let current = { key: 'shipped', tagger: shipped };
  let checkedAt = 0;
  let warned = '';

  const get = async (force = false): Promise<Tagger> => {
    if (!force && Date.now() - checkedAt < refreshMs) return current.tagger;
    const row = await activeModelVersion(opts.db);
    checkedAt = Date.now();
    let correction: Correction | null = null;
    if (row) {
      const parsed = zCorrection.safeParse(row.correction);
      if (row.baseVersion !== shippedScorer.version || !parsed.success) {
        const why = !parsed.success
          ? 'its correction is not readable'
          : `it corrects model ${row.baseVersion} and this worker ships ${shippedScorer.version}`;
        if (warned !== `${row.id}:${why}`)
          opts.log.warn({ modelVersionId: row.id }, `model version in use ignored: ${why}`);
        warned = `${row.id}:${why}`;
      } else correction = parsed.data;
    }
    const key = correction?.id ?? 'shipped';
    if (key !== current.key) {
      current = { key, tagger: make(correction) };
      opts.log.info({ modelVersion: current.tagger.modelVersion }, 'NLP worker now tags with this model');
    }
    return current.tagger;
  };
  await get(true);
  return { get, make, baseVersion: shippedScorer.version };
}
