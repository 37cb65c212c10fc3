// The trained model behind the SentimentScorer interface, plus its topic heads. One feature pass
// per post feeds both, so the tagger asks `analyse` once rather than scoring twice.
import type { SentimentInput, SentimentScorer } from '../sentiment/scorer';
import { tokenize } from '../text/tokenize';
import type { Evidence, SentimentTag } from '../types';
import { correctedVersion, correctLogits, sigmoid, type Correction } from './correction';
import { EVIDENCE, TOPICAL } from './feature-buffer';
import { extractFeatures, FeatureBuffer } from './features';
import { loadLinearModel, type LinearModel } from './linear-model';

const LABELS = ['negative', 'neutral', 'positive'] as const;
/** Evidence items per tag: enough to highlight the reason, few enough to read. */
const MAX_EVIDENCE = 5;

export interface TopicScore {
  id: string;
  score: number;
  evidence: Evidence[];
}

export interface Analysis {
  sentiment: SentimentTag;
  /** Classifier topics at or above their tuned threshold. */
  topics: TopicScore[];
}

/** The shipped model's scores before any correction: what a correction is fitted on. */
export interface RawScores {
  /** Calibrated sentiment logits (negative, neutral, positive): class bias added, divided by the temperature. */
  sentiment: [number, number, number];
  /** Each classifier head's logit. */
  heads: Record<string, number>;
}

export interface ModelScorer extends SentimentScorer {
  model: LinearModel;
  /** Topic ids the classifier can predict. */
  topicIds: string[];
  /** The team's correction this scorer applies, if any. */
  correction: Correction | null;
  analyse(input: SentimentInput): Analysis;
  raw(input: SentimentInput): RawScores;
}

/** `correction`: a team's correction (correction.ts) applied on top of the shipped scores. */
export function createModelScorer(
  model: LinearModel = loadLinearModel(),
  correction: Correction | null = null,
): ModelScorer {
  const { header, k } = model;
  const buf = new FeatureBuffer();
  const z = new Float64Array(k);
  const topicHeads = header.topics.map((t) => {
    const fix = correction?.topics[t.id];
    return {
      id: t.id,
      output: header.outputs.indexOf(`topic:${t.id}`),
      a: fix?.a ?? 1,
      b: fix?.b ?? 0,
      threshold: fix?.threshold ?? t.threshold,
    };
  });
  const sw = correction?.sentiment.w;
  const u = new Float64Array(3);

  const spans = new SpanScratch();
  // Per-output coefficients that turn a bucket's int16 row into the contribution being explained.
  const coef = new Float64Array(k);
  const inverseT = 1 / header.temperature;
  const sentiment = (text: string, survey: boolean): SentimentTag => {
    const bias = survey ? header.classBias.survey : header.classBias.social;
    // Temperature-scaled: the probabilities (and so score and confidence) are calibrated.
    u[0] = (z[0]! + bias[0]!) * inverseT;
    u[1] = (z[1]! + bias[1]!) * inverseT;
    u[2] = (z[2]! + bias[2]!) * inverseT;
    if (correction) correctLogits(correction, u);
    const a = u[0]!;
    const b = u[1]!;
    const c = u[2]!;
    const m = Math.max(a, b, c);
    const ea = Math.exp(a - m);
    const eb = Math.exp(b - m);
    const ec = Math.exp(c - m);
    const sum = ea + eb + ec;
    const pNeg = ea / sum;
    const pPos = ec / sum;
    const best = ea >= eb && ea >= ec ? 0 : ec >= eb ? 2 : 1;
    // Evidence: how much each span pushes the chosen class above the average of the three (through
    // the correction's matrix, when there is one: each shipped logit i feeds corrected class j by w[3j + i]).
    coef.fill(0);
    for (let i = 0; i < 3; i++) {
      const own = sw ? sw[3 * best + i]! : i === best ? 1 : 0;
      const mean = sw ? (sw[i]! + sw[3 + i]! + sw[6 + i]!) / 3 : 1 / 3;
      coef[i] = (own - mean) * model.scales[i]!;
    }
    const evidence = spans.top(text, buf, model, coef, 0, 3, EVIDENCE);
    return { label: LABELS[best]!, score: round(pPos - pNeg), confidence: round([ea, eb, ec][best]! / sum), evidence };
  };

  const analyse = (input: SentimentInput): Analysis => {
    const tokens = input.tokens ?? tokenize(input.text);
    extractFeatures(input.text, tokens, input.question, model.config, buf);
    model.logits(buf, z);
    spans.index(buf);
    const topics: TopicScore[] = [];
    for (const head of topicHeads) {
      const score = sigmoid(head.a * z[head.output]! + head.b);
      if (score < head.threshold) continue;
      coef.fill(0);
      coef[head.output] = head.a * model.scales[head.output]!;
      const evidence = spans.top(input.text, buf, model, coef, head.output, head.output + 1, TOPICAL);
      // A topic needs a reason a person can see: no content span for it, no topic.
      if (evidence.length === 0) continue;
      topics.push({ id: head.id, score: round(score), evidence });
    }
    return { sentiment: sentiment(input.text, !!input.question), topics };
  };

  const raw = (input: SentimentInput): RawScores => {
    extractFeatures(input.text, input.tokens ?? tokenize(input.text), input.question, model.config, buf);
    model.logits(buf, z);
    const bias = input.question ? header.classBias.survey : header.classBias.social;
    const heads: Record<string, number> = {};
    for (const head of topicHeads) heads[head.id] = z[head.output]!;
    return {
      sentiment: [(z[0]! + bias[0]!) * inverseT, (z[1]! + bias[1]!) * inverseT, (z[2]! + bias[2]!) * inverseT],
      heads,
    };
  };

  return {
    version: correctedVersion(header.version, correction),
    model,
    topicIds: header.topics.map((t) => t.id),
    correction,
    analyse,
    raw,
    score: (input) => analyse(input).sentiment,
  };
}

/**
 * Sums each span's contribution (a word with its char n-grams and question-crossed copy, a bigram,
 * a hashtag) and keeps the strongest supporters. `index` groups features into spans once per post;
 * `top` then costs one pass per tag. Reusable typed arrays, no Map: features of one span are
 * emitted next to each other, so a short look-back finds the span being grown.
 */
class SpanScratch {
  private key = new Float64Array(256);
  private sum = new Float64Array(256);
  /** OR of the flags of each span's features: which tags may cite it. */
  private spanFlags = new Uint8Array(256);
  private spanOf = new Int32Array(512);
  private n = 0;

  index(buf: FeatureBuffer): void {
    this.n = 0;
    if (this.spanOf.length < buf.n) this.spanOf = new Int32Array(buf.idx.length);
    for (let i = 0; i < buf.n; i++) {
      const start = buf.start[i]!;
      if (start < 0) {
        this.spanOf[i] = -1;
        continue;
      }
      const key = start * 65536 + (buf.end[i]! - start);
      let j = this.n - 1;
      const stop = Math.max(0, this.n - LOOK_BACK);
      while (j >= stop && this.key[j] !== key) j--;
      if (j < stop) {
        j = this.append(key);
        this.spanFlags[j] = 0;
      }
      this.spanOf[i] = j;
      this.spanFlags[j]! |= buf.flags[i]!;
    }
  }

  /**
   * The strongest spans for the contribution Σ coef[j] · weight[j] over outputs from ≤ j < to,
   * among spans flagged `mask` (EVIDENCE for sentiment, TOPICAL for a topic head, which also
   * counts only TOPICAL features, as its logit does).
   */
  top(
    text: string,
    buf: FeatureBuffer,
    model: LinearModel,
    coef: Float64Array,
    from: number,
    to: number,
    mask: number,
  ): Evidence[] {
    const { weights, k } = model;
    const sum = this.sum;
    sum.fill(0, 0, this.n);
    const { idx, val, flags, n } = buf;
    const spanOf = this.spanOf;
    if (to - from === 1) {
      // One output (a topic head): its TOPICAL features only, one product each.
      const c = coef[from]!;
      for (let i = 0; i < n; i++) {
        const span = spanOf[i]!;
        if (span < 0 || (flags[i]! & mask) === 0) continue;
        sum[span]! += c * weights[idx[i]! * k + from]! * val[i]!;
      }
    } else if (to - from === 3) {
      // The three sentiment classes, unrolled; (a + b) + c is the loop's order of addition.
      const c0 = coef[from]!;
      const c1 = coef[from + 1]!;
      const c2 = coef[from + 2]!;
      for (let i = 0; i < n; i++) {
        const span = spanOf[i]!;
        if (span < 0) continue;
        const base = idx[i]! * k + from;
        sum[span]! += (c0 * weights[base]! + c1 * weights[base + 1]! + c2 * weights[base + 2]!) * val[i]!;
      }
    } else {
      for (let i = 0; i < n; i++) {
        const span = spanOf[i]!;
        if (span < 0) continue;
        const base = idx[i]! * k;
        let w = 0;
        for (let j = from; j < to; j++) w += coef[j]! * weights[base + j]!;
        sum[span]! += w * val[i]!;
      }
    }
    const out: Evidence[] = [];
    // A few passes of selection beat sorting every span; a picked span is knocked out with -Infinity.
    for (let pick = 0; pick < MAX_EVIDENCE; pick++) {
      let best = -1;
      for (let j = 0; j < this.n; j++)
        if (sum[j]! > MIN_EVIDENCE && (this.spanFlags[j]! & mask) !== 0 && (best < 0 || sum[j]! > sum[best]!)) best = j;
      if (best < 0) break;
      const key = this.key[best]!;
      const start = Math.floor(key / 65536);
      const end = start + (key % 65536);
      out.push({ term: text.slice(start, end), start, end, weight: round(sum[best]!) });
      sum[best] = -Infinity;
    }
    return out;
  }

  private append(key: number): number {
    if (this.n === this.key.length) {
      const k2 = new Float64Array(this.n * 2);
      k2.set(this.key);
      this.key = k2;
      this.sum = new Float64Array(this.n * 2);
      const f2 = new Uint8Array(this.n * 2);
      f2.set(this.spanFlags);
      this.spanFlags = f2;
    }
    this.key[this.n] = key;
    return this.n++;
  }
}

// A span's features sit within a few entries of each other (word, crossed word, n-grams, bigram).
const LOOK_BACK = 4;
// Below this a span is noise, not a reason.
const MIN_EVIDENCE = 0.05;

const round = (x: number) => Math.round(x * 1000) / 1000;

let shared: ModelScorer | undefined;
/** The committed model, loaded once per process (the weights are a few MB). */
export function defaultModelScorer(): ModelScorer {
  shared ??= createModelScorer();
  return shared;
}
