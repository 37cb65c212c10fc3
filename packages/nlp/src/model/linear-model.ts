// The trained linear model as shipped: a JSON header and int16 weights, one row of K outputs per
// hash bucket (row-major, so one post's features touch one cache line per bucket).
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { FeatureBuffer, FeatureConfig } from './features';
import { decodeLexicon, type LexiconTable } from './lexicon-table';

export const DEFAULT_MODEL_URL = new URL('../../model/model.json', import.meta.url);

const zHeader = z.object({
  version: z.string(),
  created: z.string(),
  bits: z.number().int().min(10).max(24),
  charScale: z.number(),
  /** Char n-gram lengths [min, max]; v1 models used [3, 5]. */
  charGrams: z.tuple([z.number().int().min(0), z.number().int().min(0)]).default([3, 5]),
  /** Output names: the three sentiment classes first, then `topic:<taxonomy id>`. */
  outputs: z.array(z.string()).min(3),
  /** Per output: float weight = int16 × scale. */
  scales: z.array(z.number()),
  /** Added to the sentiment logits, tuned for macro-F1 on the tuning slices: `social` for posts, `survey` for answers with a question. */
  classBias: z.object({ social: z.array(z.number()).length(3), survey: z.array(z.number()).length(3) }),
  topics: z.array(z.object({ id: z.string(), threshold: z.number() })),
  weights: z.string(),
  /** Hashed opinion-lexicon and emoji-ranking scores (lexicon-table.ts), beside the weights. */
  lexicon: z.string().optional(),
  /** Sentiment logits are divided by this before the softmax (fitted on the year-split validation rows), so confidence is calibrated. */
  temperature: z.number().positive().default(1),
  /** What the model learned from, in a sentence for the model page. */
  trainedOn: z.string().optional(),
});
export type ModelHeader = z.infer<typeof zHeader>;

export interface LinearModel {
  header: ModelHeader;
  config: FeatureConfig;
  /** Number of outputs per bucket. */
  k: number;
  weights: Int16Array;
  scales: Float64Array;
  /** Writes the K logits of the features in `buf` into `out`. */
  logits(buf: FeatureBuffer, out: Float64Array): void;
  /** Float weight of bucket `idx` for output `k`. */
  weight(idx: number, k: number): number;
}

export function loadLinearModel(headerUrl: URL = DEFAULT_MODEL_URL): LinearModel {
  const header = zHeader.parse(JSON.parse(readFileSync(headerUrl, 'utf8')));
  const raw = readFileSync(new URL(header.weights, headerUrl));
  const k = header.outputs.length;
  if (raw.byteLength !== (1 << header.bits) * k * 2)
    throw new Error(
      `model weights ${header.weights}: expected ${(1 << header.bits) * k * 2} bytes, got ${raw.byteLength}`,
    );
  // Copy into an aligned buffer: Buffers from the pool may start at an odd offset.
  const weights = new Int16Array(raw.byteLength / 2);
  new Uint8Array(weights.buffer).set(raw);
  const lexicon = header.lexicon ? decodeLexicon(readFileSync(new URL(header.lexicon, headerUrl))) : undefined;
  return fromWeights(header, weights, lexicon);
}

/**
 * Topic outputs (index ≥ 3) sum only the features flagged TOPICAL: a topic is decided by content
 * words, hashtags and the intercept, never by "the", a name or an emoji.
 */
export function fromWeights(header: ModelHeader, weights: Int16Array, lexicon?: LexiconTable): LinearModel {
  const k = header.outputs.length;
  const scales = Float64Array.from(header.scales);
  const acc = new Float64Array(k);
  return {
    header,
    config: { bits: header.bits, charScale: header.charScale, charGrams: header.charGrams, lexicon },
    k,
    weights,
    scales,
    logits(buf, out) {
      const { idx, val, flags, n } = buf;
      if (k === 7) {
        // The shipped shape (3 classes + 4 topics), unrolled into locals: ~3× faster than the loop.
        let a0 = 0,
          a1 = 0,
          a2 = 0,
          a3 = 0,
          a4 = 0,
          a5 = 0,
          a6 = 0;
        for (let i = 0; i < n; i++) {
          const b = idx[i]! * 7;
          const v = val[i]!;
          a0 += weights[b]! * v;
          a1 += weights[b + 1]! * v;
          a2 += weights[b + 2]! * v;
          // TOPICAL is bit 1: tv is v for topic features, 0 for the rest (no branch).
          const tv = v * ((flags[i]! >> 1) & 1);
          a3 += weights[b + 3]! * tv;
          a4 += weights[b + 4]! * tv;
          a5 += weights[b + 5]! * tv;
          a6 += weights[b + 6]! * tv;
        }
        out[0] = a0 * scales[0]!;
        out[1] = a1 * scales[1]!;
        out[2] = a2 * scales[2]!;
        out[3] = a3 * scales[3]!;
        out[4] = a4 * scales[4]!;
        out[5] = a5 * scales[5]!;
        out[6] = a6 * scales[6]!;
        return;
      }
      acc.fill(0);
      for (let i = 0; i < n; i++) {
        const base = idx[i]! * k;
        const v = val[i]!;
        const tv = v * ((flags[i]! >> 1) & 1);
        for (let j = 0; j < k; j++) acc[j]! += weights[base + j]! * (j < 3 ? v : tv);
      }
      for (let j = 0; j < k; j++) out[j] = acc[j]! * scales[j]!;
    },
    weight: (idx, j) => weights[idx * k + j]! * scales[j]!,
  };
}
