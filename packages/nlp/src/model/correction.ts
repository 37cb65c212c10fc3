// A correction learned from a team's own labels, stacked on the shipped model's scores: the
// shipped training text is not shipped, so the team cannot retrain the weights from scratch, but it
// can re-weigh what the model already reads. Sentiment: an affine map of the three calibrated class
// logits (3×3 matrix and bias, pulled toward "no change" by L2). Topics: for each classifier head,
// a logistic recalibration a·z + b of its logit with its own firing threshold. Rules (taxonomy
// keywords) are not corrected. A correction cannot learn a word the model never weighed.
import { z } from 'zod';

export const zCorrection = z.object({
  /** Goes into the model version: `<shipped version>+<id>`. */
  id: z.string().regex(/^c\d+$/),
  sentiment: z.object({
    /** Row-major 3×3: corrected logit j = Σ_i w[3j + i] · logit i + b[j]. */
    w: z.array(z.number()).length(9),
    b: z.array(z.number()).length(3),
  }),
  /** Per classifier head: fires when σ(a·z + b) ≥ threshold. Heads not listed are as shipped. */
  topics: z.record(z.string(), z.object({ a: z.number().positive(), b: z.number(), threshold: z.number() })),
});
export type Correction = z.infer<typeof zCorrection>;

export const IDENTITY_W = [1, 0, 0, 0, 1, 0, 0, 0, 1];

/** The model version a correction gives: the shipped version with the correction's id appended. */
export function correctedVersion(base: string, correction: Pick<Correction, 'id'> | null | undefined): string {
  return correction ? `${base}+${correction.id}` : base;
}

/** Applies the sentiment correction to calibrated logits u (length 3), in place. */
export function correctLogits(c: Correction, u: Float64Array | number[]): void {
  const { w, b } = c.sentiment;
  const u0 = u[0]!;
  const u1 = u[1]!;
  const u2 = u[2]!;
  for (let j = 0; j < 3; j++) u[j] = w[3 * j]! * u0 + w[3 * j + 1]! * u1 + w[3 * j + 2]! * u2 + b[j]!;
}

/** One labelled post as the fit sees it: the shipped model's calibrated scores and the team's label. */
export interface CorrectionExample {
  /** Calibrated sentiment logits (negative, neutral, positive); null when the language is not scored. */
  logits: readonly number[] | null;
  /** The label's class: 0 negative, 1 neutral, 2 positive. */
  sentiment: 0 | 1 | 2;
  /** Each classifier head's raw logit. */
  heads: Readonly<Record<string, number>>;
  /** The topics the label says the post is about. */
  topics: ReadonlySet<string>;
}

export interface FitOptions {
  /** L2 pull toward "no change" (identity matrix, zero bias). */
  lambda?: number;
  iterations?: number;
  /** A head is recalibrated only with at least this many labelled posts on each side. */
  minPerSide?: number;
  /** Shipped thresholds, kept for heads that are not recalibrated. */
  thresholds: Readonly<Record<string, number>>;
  onProgress?: (fraction: number) => void;
}

/**
 * Fits a correction by full-batch gradient descent on the (convex) regularised log loss.
 * Sentiment classes are weighted inversely to their frequency, so the fit serves macro-F1 rather
 * than the majority class. Deterministic: the same examples give the same correction.
 */
export function fitCorrection(id: string, examples: readonly CorrectionExample[], opts: FitOptions): Correction {
  const lambda = opts.lambda ?? 0.01;
  const iterations = opts.iterations ?? 1500;
  const scored = examples.filter((e) => e.logits !== null);
  const sentiment = fitSentiment(scored, lambda, iterations, (f) => opts.onProgress?.(f * 0.7));
  const topics: Correction['topics'] = {};
  const heads = Object.keys(opts.thresholds);
  heads.forEach((head, h) => {
    const rows = scored.filter((e) => head in e.heads);
    const pos = rows.filter((e) => e.topics.has(head)).length;
    if (pos >= (opts.minPerSide ?? 5) && rows.length - pos >= (opts.minPerSide ?? 5))
      topics[head] = fitHead(rows, head, lambda, iterations);
    opts.onProgress?.(0.7 + (0.3 * (h + 1)) / heads.length);
  });
  return { id, sentiment, topics };
}

function fitSentiment(
  rows: readonly CorrectionExample[],
  lambda: number,
  iterations: number,
  progress: (f: number) => void,
) {
  const w = [...IDENTITY_W];
  const b = [0, 0, 0];
  if (rows.length === 0) return { w, b };
  const count = [0, 0, 0];
  for (const r of rows) count[r.sentiment]!++;
  const present = count.filter((c) => c > 0).length;
  const weight = count.map((c) => (c > 0 ? rows.length / (present * c) : 0));
  // Step size from the curvature bound of softmax log loss: ½·mean(|u|² + 1) + 2λ.
  const meanSq = rows.reduce((s, r) => s + r.logits!.reduce((a, x) => a + x * x, 0) + 1, 0) / rows.length;
  const step = 1 / (0.5 * meanSq + 2 * lambda);
  const gw = new Float64Array(9);
  const gb = new Float64Array(3);
  const p = new Float64Array(3);
  for (let it = 0; it < iterations; it++) {
    gw.fill(0);
    gb.fill(0);
    for (const r of rows) {
      const u = r.logits!;
      for (let j = 0; j < 3; j++) p[j] = w[3 * j]! * u[0]! + w[3 * j + 1]! * u[1]! + w[3 * j + 2]! * u[2]! + b[j]!;
      softmaxInPlace(p);
      const c = weight[r.sentiment]!;
      for (let j = 0; j < 3; j++) {
        const g = c * (p[j]! - (j === r.sentiment ? 1 : 0));
        gb[j]! += g;
        for (let i = 0; i < 3; i++) gw[3 * j + i]! += g * u[i]!;
      }
    }
    const n = rows.length;
    for (let k = 0; k < 9; k++) w[k] = w[k]! - step * (gw[k]! / n + 2 * lambda * (w[k]! - IDENTITY_W[k]!));
    for (let j = 0; j < 3; j++) b[j] = b[j]! - step * (gb[j]! / n + 2 * lambda * b[j]!);
    if (it % 100 === 99) progress((it + 1) / iterations);
  }
  return { w: w.map(round6), b: b.map(round6) };
}

function fitHead(rows: readonly CorrectionExample[], head: string, lambda: number, iterations: number) {
  let a = 1;
  let b = 0;
  // Logits of heads far from firing are large and negative; clip so one outlier cannot set the step.
  const zs = rows.map((r) => Math.max(-12, Math.min(12, r.heads[head]!)));
  const ys = rows.map((r) => (r.topics.has(head) ? 1 : 0));
  const meanSq = zs.reduce((s, x) => s + x * x + 1, 0) / zs.length;
  const step = 1 / (0.25 * meanSq + 2 * lambda);
  for (let it = 0; it < iterations; it++) {
    let ga = 0;
    let gb = 0;
    for (let i = 0; i < zs.length; i++) {
      const g = sigmoid(a * zs[i]! + b) - ys[i]!;
      ga += g * zs[i]!;
      gb += g;
    }
    a -= step * (ga / zs.length + 2 * lambda * (a - 1));
    b -= step * (gb / zs.length + 2 * lambda * b);
    // A head that learned to fire on the absence of its own words would not be a topic head.
    a = Math.max(0.05, a);
  }
  // The threshold with the best F1 on these rows (ties: the one nearest 0.5).
  let best = { threshold: 0.5, f1: -1 };
  for (let t = 0.1; t <= 0.901; t += 0.05) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    zs.forEach((x, i) => {
      const fires = sigmoid(a * x + b) >= t;
      if (fires && ys[i]) tp++;
      else if (fires) fp++;
      else if (ys[i]) fn++;
    });
    const f1 = tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
    if (f1 > best.f1 + 1e-12 || (Math.abs(f1 - best.f1) <= 1e-12 && Math.abs(t - 0.5) < Math.abs(best.threshold - 0.5)))
      best = { threshold: round6(t), f1 };
  }
  return { a: round6(a), b: round6(b), threshold: best.threshold };
}

function softmaxInPlace(p: Float64Array): void {
  const m = Math.max(p[0]!, p[1]!, p[2]!);
  let s = 0;
  for (let j = 0; j < 3; j++) {
    p[j] = Math.exp(p[j]! - m);
    s += p[j]!;
  }
  for (let j = 0; j < 3; j++) p[j] = p[j]! / s;
}

export const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
