// Turns rows into a compressed sparse matrix of hashed features (one extraction per config).
import { extractFeatures, FeatureBuffer, type FeatureConfig } from '../../src/model/features';
import { tokenize } from '../../src/text/tokenize';
import { LABELS, type Row } from './data';

export interface Dataset {
  n: number;
  rowPtr: Int32Array;
  idx: Int32Array;
  val: Float32Array;
  /** Feature flags (EVIDENCE | TOPICAL): topic heads learn from TOPICAL features only. */
  flags: Uint8Array;
  /** Sentiment class 0..2, or -1 when the row has no label. */
  y: Int8Array;
  /** topics[i * T + t] = 1 when row i has topic t; only meaningful where hasTopics[i]. */
  topics: Uint8Array;
  hasTopics: Uint8Array;
  /** Per-row weight in the loss. */
  weight: Float32Array;
}

export interface RowSpec {
  row: Row;
  topics?: Set<string>;
  weight: number;
}

export function buildDataset(specs: RowSpec[], topicIds: string[], cfg: FeatureConfig): Dataset {
  const buf = new FeatureBuffer();
  const T = topicIds.length;
  const rowPtr = new Int32Array(specs.length + 1);
  let idx = new Int32Array(specs.length * 200);
  let val = new Float32Array(specs.length * 200);
  let flags = new Uint8Array(specs.length * 200);
  let nnz = 0;
  const y = new Int8Array(specs.length);
  const topics = new Uint8Array(specs.length * T);
  const hasTopics = new Uint8Array(specs.length);
  const weight = new Float32Array(specs.length);
  specs.forEach((s, i) => {
    extractFeatures(s.row.text, tokenize(s.row.text), s.row.question, cfg, buf);
    if (nnz + buf.n > idx.length) {
      const size = Math.max(idx.length * 2, nnz + buf.n);
      const i2 = new Int32Array(size);
      i2.set(idx);
      idx = i2;
      const v2 = new Float32Array(size);
      v2.set(val);
      val = v2;
      const f2 = new Uint8Array(size);
      f2.set(flags);
      flags = f2;
    }
    idx.set(buf.idx.subarray(0, buf.n), nnz);
    val.set(buf.val.subarray(0, buf.n), nnz);
    flags.set(buf.flags.subarray(0, buf.n), nnz);
    nnz += buf.n;
    rowPtr[i + 1] = nnz;
    y[i] = s.row.label ? LABELS.indexOf(s.row.label) : -1;
    if (s.topics) {
      hasTopics[i] = 1;
      topicIds.forEach((t, j) => (topics[i * T + j] = s.topics!.has(t) ? 1 : 0));
    }
    weight[i] = s.weight;
  });
  return {
    n: specs.length,
    rowPtr,
    idx: idx.subarray(0, nnz),
    val: val.subarray(0, nnz),
    flags: flags.subarray(0, nnz),
    y,
    topics,
    hasTopics,
    weight,
  };
}
