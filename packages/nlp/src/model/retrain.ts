// Retraining from the team's labels: split by post time (the oldest labels teach, the newest
// judge, so the figures say how the model predicts forward), fit a correction (correction.ts) on
// the shipped model's scores, and measure the candidate and the model in use on the same held-back
// posts with the whole tagger (rules, language, evidence gate). Promote only if at least as good.
import type { Tagger } from '../tagger';
import { fitCorrection, type Correction, type CorrectionExample } from './correction';
import type { ModelScorer } from './model-scorer';

export const SENTIMENT_CLASSES = ['negative', 'neutral', 'positive'] as const;
export type SentimentClass = (typeof SENTIMENT_CLASSES)[number];

export interface LabelledPost {
  id: number;
  text: string;
  lang: string | null;
  question: string | null;
  publishedAt: string;
  sentiment: SentimentClass;
  topics: string[];
}

/** One model measured on the held-back labels: raw counts, so intervals can be drawn from them. */
export interface HeldOutFigures {
  version: string;
  sentiment: {
    /** Rows: the label (negative, neutral, positive); columns: the model (the same, then not scored). */
    confusion: number[][];
    accuracy: number;
    /** Mean F1 over the classes that occur in the labels or the model's answers; unscored counts as a miss. */
    macroF1: number;
  };
  topics: {
    perTopic: Array<{ id: string; tp: number; fp: number; fn: number }>;
    /** Over every topic of every held-back post; null when neither the labels nor the model name any topic. */
    microF1: number | null;
  };
}

export interface LabelSpan {
  labels: number;
  from: string | null;
  to: string | null;
}

export interface RetrainResult {
  correction: Correction;
  trainedOn: LabelSpan;
  heldOut: LabelSpan;
  candidate: HeldOutFigures;
  current: HeldOutFigures;
  promote: boolean;
  /** The decision in plain words, with the figures it rests on. */
  decision: string;
}

/** Fewer labels than this and the held-back part is too small to decide anything. */
export const MIN_LABELS = 30;
/** The newest share of labels held back for the decision. */
export const HELD_OUT_SHARE = 0.3;

/** A reason a retraining cannot run, in words for the person who asked for it. */
export class RetrainError extends Error {}

export interface RetrainOptions {
  /** Every labelled post that still has its text. */
  labels: LabelledPost[];
  /** The new correction's id (`c<n>`). */
  id: string;
  /** The tagger in use now (shipped model, or shipped plus the correction in use). */
  current: Tagger;
  /** Builds a tagger over the shipped model with a correction. */
  makeTagger(correction: Correction): Tagger;
  /** 0…1; awaited, so the caller can store it (and renew a lease). */
  onProgress?: (fraction: number, stage: 'scoring' | 'fitting' | 'evaluating') => Promise<void>;
}

export function splitByTime(labels: readonly LabelledPost[]): { train: LabelledPost[]; heldOut: LabelledPost[] } {
  const sorted = [...labels].sort((a, b) => a.publishedAt.localeCompare(b.publishedAt) || a.id - b.id);
  const cut = Math.max(1, Math.min(sorted.length - 1, Math.round(sorted.length * (1 - HELD_OUT_SHARE))));
  return { train: sorted.slice(0, cut), heldOut: sorted.slice(cut) };
}

export async function retrain(opts: RetrainOptions): Promise<RetrainResult> {
  if (opts.labels.length < MIN_LABELS)
    throw new RetrainError(
      `retraining needs at least ${MIN_LABELS} labelled posts that still have their text; there are ${opts.labels.length}`,
    );
  const progress = opts.onProgress ?? (async () => {});
  const { train, heldOut } = splitByTime(opts.labels);
  const shipped = opts.current.scorer as ModelScorer;
  if (typeof shipped.raw !== 'function')
    throw new RetrainError('retraining needs the trained model, not the lexicon baseline');

  const examples: CorrectionExample[] = [];
  for (let i = 0; i < train.length; i++) {
    const post = train[i]!;
    const prepared = opts.current.prepare(post);
    const raw = prepared.sentiment ? shipped.raw(prepared.sentiment) : null;
    examples.push({
      logits: raw?.sentiment ?? null,
      sentiment: SENTIMENT_CLASSES.indexOf(post.sentiment) as 0 | 1 | 2,
      heads: raw?.heads ?? {},
      topics: new Set(post.topics),
    });
    if (i % 100 === 99) await progress((0.5 * (i + 1)) / train.length, 'scoring');
  }
  await progress(0.5, 'fitting');
  const thresholds = Object.fromEntries(shipped.model.header.topics.map((t) => [t.id, t.threshold]));
  const correction = fitCorrection(opts.id, examples, { thresholds });
  await progress(0.7, 'evaluating');

  const currentFigures = measure(opts.current, heldOut);
  await progress(0.85, 'evaluating');
  const candidateFigures = measure(opts.makeTagger(correction), heldOut);
  await progress(1, 'evaluating');

  const EPS = 1e-9;
  const sentimentOk = candidateFigures.sentiment.macroF1 >= currentFigures.sentiment.macroF1 - EPS;
  const topicsOk = (candidateFigures.topics.microF1 ?? 0) >= (currentFigures.topics.microF1 ?? 0) - EPS;
  const promote = sentimentOk && topicsOk;
  const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);
  const figures = `sentiment macro-F1 ${pct(candidateFigures.sentiment.macroF1)} against ${pct(currentFigures.sentiment.macroF1)}, topic F1 ${pct(candidateFigures.topics.microF1)} against ${pct(currentFigures.topics.microF1)}, on the newest ${heldOut.length} labelled posts`;
  const decision = promote
    ? `Promoted: at least as good as the model in use (${figures}).`
    : `Refused: worse than the model in use on ${sentimentOk ? 'topics' : topicsOk ? 'sentiment' : 'sentiment and topics'} (${figures}). The model in use stays.`;
  return {
    correction,
    trainedOn: span(train),
    heldOut: span(heldOut),
    candidate: candidateFigures,
    current: currentFigures,
    promote,
    decision,
  };
}

const span = (posts: readonly LabelledPost[]): LabelSpan => ({
  labels: posts.length,
  from: posts[0]?.publishedAt ?? null,
  to: posts[posts.length - 1]?.publishedAt ?? null,
});

/** The whole tagger on the held-back posts against their labels. */
export function measure(tagger: Tagger, posts: readonly LabelledPost[]): HeldOutFigures {
  const results = tagger.tagBatch(posts.map((p) => ({ id: p.id, text: p.text, lang: p.lang, question: p.question })));
  const confusion = SENTIMENT_CLASSES.map(() => [0, 0, 0, 0]);
  const topicIds = tagger.taxonomy.topics.map((t) => t.id);
  const counts = new Map(topicIds.map((id) => [id, { id, tp: 0, fp: 0, fn: 0 }]));
  posts.forEach((post, i) => {
    const r = results[i]!;
    const truth = SENTIMENT_CLASSES.indexOf(post.sentiment);
    const said = r.sentiment ? SENTIMENT_CLASSES.indexOf(r.sentiment.label as SentimentClass) : 3;
    confusion[truth]![said]!++;
    const predicted = new Set(r.topics.map((t) => t.id));
    for (const id of topicIds) {
      const c = counts.get(id)!;
      const inLabel = post.topics.includes(id);
      if (inLabel && predicted.has(id)) c.tp++;
      else if (predicted.has(id)) c.fp++;
      else if (inLabel) c.fn++;
    }
  });
  const n = posts.length;
  const correct = confusion.reduce((s, row, i) => s + row[i]!, 0);
  const f1s: number[] = [];
  for (let c = 0; c < 3; c++) {
    const tp = confusion[c]![c]!;
    const labelled = confusion[c]!.reduce((s, x) => s + x, 0);
    const predicted = confusion.reduce((s, row) => s + row[c]!, 0);
    if (labelled + predicted > 0) f1s.push((2 * tp) / (labelled + predicted));
  }
  const perTopic = [...counts.values()];
  const tp = perTopic.reduce((s, c) => s + c.tp, 0);
  const fpfn = perTopic.reduce((s, c) => s + c.fp + c.fn, 0);
  return {
    version: tagger.modelVersion,
    sentiment: {
      confusion,
      accuracy: n === 0 ? 0 : correct / n,
      macroF1: f1s.length === 0 ? 0 : f1s.reduce((s, x) => s + x, 0) / f1s.length,
    },
    topics: { perTopic, microF1: tp + fpfn === 0 ? null : (2 * tp) / (2 * tp + fpfn) },
  };
}
