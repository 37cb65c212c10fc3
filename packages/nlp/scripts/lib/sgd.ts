// Multinomial logistic regression (3 sentiment classes) plus one-vs-rest logistic heads for topics,
// sharing one hashed feature space, trained with AdaGrad and L2. Plain TypeScript, seeded.
import { TOPICAL } from '../../src/model/feature-buffer';
import type { Dataset } from './dataset';

export interface TrainConfig {
  bits: number;
  epochs: number;
  /** AdaGrad base learning rate of the sentiment outputs. */
  lr: number;
  /** AdaGrad base learning rate of the topic heads (their positives are a few hundred FFT rows). */
  topicLr: number;
  /** L2 strength, applied to the weights a row touches (lazy, the usual sparse approximation). */
  l2: number;
  /** Extra weight on each sentiment class so macro-F1 does not drown the rare negative class. */
  classWeight: [number, number, number];
  seed: number;
  /** Report averaged weights (Polyak averaging of every step) to onEpoch: smoother, usually generalises better. */
  average: boolean;
}

/** mulberry32: small, fast, good enough for shuffling. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Trains for cfg.epochs; `onEpoch` sees the weights after each epoch (for early stopping on a tuning slice). */
export function train(
  data: Dataset,
  T: number,
  cfg: TrainConfig,
  onEpoch?: (epoch: number, w: Float32Array) => void,
): Float32Array {
  const K = 3 + T;
  const B = 1 << cfg.bits;
  const w = new Float32Array(B * K);
  const g2 = new Float32Array(B * K).fill(1e-6);
  // Averaging by the lazy trick: avg = w − u / steps, where u sums step × Δw.
  const u = cfg.average ? new Float32Array(B * K) : undefined;
  let step = 1;
  const grad = new Float64Array(K);
  const z = new Float64Array(K);
  const order = Int32Array.from({ length: data.n }, (_, i) => i);
  const random = rng(cfg.seed);
  for (let epoch = 0; epoch < cfg.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
    for (const r of order) {
      const from = data.rowPtr[r]!;
      const to = data.rowPtr[r + 1]!;
      z.fill(0);
      for (let p = from; p < to; p++) {
        const base = data.idx[p]! * K;
        const v = data.val[p]!;
        const tv = data.flags[p]! & TOPICAL ? v : 0;
        for (let k = 0; k < K; k++) z[k]! += w[base + k]! * (k < 3 ? v : tv);
      }
      grad.fill(0);
      const y = data.y[r]!;
      const rw = data.weight[r]!;
      if (y >= 0) {
        const m = Math.max(z[0]!, z[1]!, z[2]!);
        const e0 = Math.exp(z[0]! - m);
        const e1 = Math.exp(z[1]! - m);
        const e2 = Math.exp(z[2]! - m);
        const s = e0 + e1 + e2;
        const cw = rw * cfg.classWeight[y]!;
        grad[0] = cw * (e0 / s - (y === 0 ? 1 : 0));
        grad[1] = cw * (e1 / s - (y === 1 ? 1 : 0));
        grad[2] = cw * (e2 / s - (y === 2 ? 1 : 0));
      }
      if (data.hasTopics[r]) {
        for (let t = 0; t < T; t++) {
          const p = 1 / (1 + Math.exp(-z[3 + t]!));
          grad[3 + t] = rw * (p - data.topics[r * T + t]!);
        }
      }
      for (let p = from; p < to; p++) {
        const base = data.idx[p]! * K;
        const v = data.val[p]!;
        // Topic heads learn only from TOPICAL features, the ones they read at run time.
        const kMax = data.flags[p]! & TOPICAL ? K : 3;
        for (let k = 0; k < kMax; k++) {
          if (grad[k] === 0) continue;
          const at = base + k;
          const g = grad[k]! * v + cfg.l2 * w[at]!;
          g2[at]! += g * g;
          const delta = ((k < 3 ? cfg.lr : cfg.topicLr) * g) / Math.sqrt(g2[at]!);
          w[at]! -= delta;
          if (u) u[at]! -= step * delta;
        }
      }
      step++;
    }
    if (onEpoch) {
      if (!u) onEpoch(epoch + 1, w);
      else
        onEpoch(
          epoch + 1,
          w.map((x, i) => x - u[i]! / step),
        );
    }
  }
  return w;
}

/** Logits of every row of `data` under float weights `w`. */
export function predictAll(data: Dataset, w: Float32Array, K: number): Float64Array {
  const out = new Float64Array(data.n * K);
  for (let r = 0; r < data.n; r++) {
    for (let p = data.rowPtr[r]!; p < data.rowPtr[r + 1]!; p++) {
      const base = data.idx[p]! * K;
      const v = data.val[p]!;
      const tv = data.flags[p]! & TOPICAL ? v : 0;
      for (let k = 0; k < K; k++) out[r * K + k]! += w[base + k]! * (k < 3 ? v : tv);
    }
  }
  return out;
}

/** Per-output symmetric int16 quantisation: weight ≈ q × scale. */
export function quantise(w: Float32Array, K: number): { q: Int16Array; scales: number[] } {
  const max = new Float64Array(K);
  for (let i = 0; i < w.length; i++) max[i % K] = Math.max(max[i % K]!, Math.abs(w[i]!));
  const scales = Array.from(max, (m) => (m || 1) / 32767);
  const q = new Int16Array(w.length);
  for (let i = 0; i < w.length; i++) q[i] = Math.round(w[i]! / scales[i % K]!);
  return { q, scales };
}
