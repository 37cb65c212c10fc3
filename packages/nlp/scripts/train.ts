// Trains the sentiment + topic model and writes packages/nlp/model/{model.json,weights.bin,lexicon.bin}.
//
//   npm run train [-- --data DIR] [-- --quick] [-- --dry-run]   (LP_DATA_DIR also sets the data folder)
//
// Chosen by a split by year: SemEval tweets from 2013–2015 and the 2016 train/dev sets train the
// model; the 2016 test tweets (collected later) choose the hyper-parameters, the social class
// biases, the temperature and the topic thresholds' off-topic limit. NHS FFT training rows train
// sentiment and the topic heads; the FFT tuning slice chooses the survey biases and the topic
// thresholds' precision. tweeteval-val, the vader-* files and the held-back FFT slice are never read
// here (see lib/data.ts for the fixed splits). The shipped model is the one validated on the newest
// year, not a refit on all years, so the figure `npm run eval` prints for that year is its own.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ModelHeader } from '../src/model/linear-model';
import { encodeLexicon } from '../src/model/lexicon-table';
import { loadTopicMap, mapCategories } from '../src/model/topic-map';
import { loadTaxonomy } from '../src/taxonomy';
import {
  dataDir,
  dedupKey,
  evalOnlyKeys,
  FFT,
  fftSplit,
  LABELS,
  loadLexicon,
  readRows,
  SEMEVAL,
  semevalYearSplit,
  type Row,
} from './lib/data';
import { buildDataset, type RowSpec } from './lib/dataset';
import { macroF1FromConfusion } from './lib/metrics';
import { predictAll, quantise, train, type TrainConfig } from './lib/sgd';
import { offTopicThreshold, ruleHits, tuneThreshold } from './lib/topic-tuning';

const MODEL_DIR = new URL('../model/', import.meta.url);
const BITS = 18; // 2^18 buckets × 7 outputs × int16 = 3.7 MB: small enough to commit, few collisions at ~55k posts
const SEED = 20261124;
const quick = process.argv.includes('--quick');
// --dry-run: report the validation figures, write nothing (for trying settings).
const dryRun = process.argv.includes('--dry-run');

const dir = dataDir();
const t0 = performance.now();
const topicMap = loadTopicMap();
const taxonomy = loadTaxonomy();
const topicIds = Object.keys(topicMap.topics).filter((id) => taxonomy.topics.some((t) => t.id === id));
const T = topicIds.length;
const lexicon = loadLexicon(dir);

const evalOnly = evalOnlyKeys(dir);
const semeval = readRows(join(dir, SEMEVAL)).filter((r) => r.label && !evalOnly.has(dedupKey(r.text)));
const fft = readRows(join(dir, FFT));
const fftTrain = fft.filter((r) => fftSplit(r.id) === 'train');
const fftTune = fft.filter((r) => fftSplit(r.id) === 'tune');
const semTrain = semeval.filter((r) => semevalYearSplit(r) === 'older');
const semTune = semeval.filter((r) => semevalYearSplit(r) === 'newest');
console.log(
  `semeval older years ${semTrain.length}, newest ${semTune.length}; fft train ${fftTrain.length} tune ${fftTune.length}; topics ${topicIds.join(', ')}`,
);

const fftSpec = (r: Row, weight: number): RowSpec => ({
  row: r,
  topics: mapCategories(topicMap, r.topics ?? []),
  weight,
});
// General tweets are negatives for every topic head: without them the heads, trained on patient
// comments only, learn "is this a patient comment" and fire on anything ("and", "are", a name).
const NO_TOPICS = new Set<string>();
const labelCounts = [0, 0, 0];
for (const r of [...semTrain, ...fftTrain]) if (r.label) labelCounts[LABELS.indexOf(r.label)]!++;
const total = labelCounts[0]! + labelCounts[1]! + labelCounts[2]!;
// Square root of inverse frequency: leans toward the rare negative class without overshooting.
const classWeight = labelCounts.map((c) => Math.sqrt(total / (3 * c))) as [number, number, number];

interface Candidate {
  l2: number;
  charScale: number;
  fftWeight: number;
  epochs: number;
  average: boolean;
  /** Use the opinion-lexicon and emoji-ranking features. */
  lexicon: boolean;
  /** Char n-gram lengths [min, max]. */
  charGrams: [number, number];
  /** AdaGrad base learning rate: sentiment, topic heads. */
  lr: number;
  topicLr: number;
}
const base: Candidate = {
  charGrams: [3, 4],
  l2: 1e-5,
  charScale: 0.2,
  fftWeight: 8,
  epochs: 6,
  average: true,
  lexicon: true,
  lr: 0.01,
  topicLr: 0.1,
};
const gridArg = process.argv.find((a) => a.startsWith('--grid='));
const grid: Candidate[] = gridArg
  ? // --grid='[{"l2":1e-4}]': try settings over the base (for exploring; the default grid is below).
    (JSON.parse(gridArg.slice('--grid='.length)) as Partial<Candidate>[]).map((c) => ({ ...base, ...c }))
  : quick
    ? [{ ...base, epochs: 1 }]
    : // Each run is scored after every epoch, so `epochs` is an upper bound (early stopping on
      // the newest year). The settings explored on the year split are in MODEL_CARD.md.
      [base];

const K = 3 + T;
let best:
  | {
      score: number;
      c: Candidate;
      w: Float32Array;
      bias: { social: number[]; survey: number[] };
      tuneLogits: Float64Array;
    }
  | undefined;
for (const c of grid) {
  const cfg = { bits: BITS, charScale: c.charScale, charGrams: c.charGrams, lexicon: c.lexicon ? lexicon : undefined };
  const trainSet = buildDataset(
    [
      ...semTrain.map((row) => ({ row, weight: 1, topics: NO_TOPICS })),
      ...fftTrain.map((r) => fftSpec(r, c.fftWeight)),
    ],
    topicIds,
    cfg,
  );
  const tuneSet = buildDataset(
    [...semTune.map((row) => ({ row, weight: 1 })), ...fftTune.map((r) => fftSpec(r, 1))],
    topicIds,
    cfg,
  );
  const tc: TrainConfig = {
    bits: BITS,
    epochs: c.epochs,
    lr: c.lr,
    topicLr: c.topicLr,
    l2: c.l2,
    classWeight,
    seed: SEED,
    average: c.average,
  };
  train(trainSet, T, tc, (epochs, w) => {
    const logits = predictAll(tuneSet, w, K);
    const { bias, score, social, survey } = tuneBias(logits);
    const run = { ...c, epochs };
    console.log(
      `${JSON.stringify(run)} → macro-F1 newest year ${social.toFixed(4)} fft tune ${survey.toFixed(4)} mean ${score.toFixed(4)} bias ${JSON.stringify(bias)} (${((performance.now() - t0) / 1000).toFixed(0)} s)`,
    );
    if (!best || score > best.score) best = { score, c: run, w: w.slice(), bias, tuneLogits: logits };
  });
}
if (!best) throw new Error('empty grid');
const chosen = best;

/** Predicted class of row i (logits from row `offset`) with class biases. */
function predict(logits: Float64Array, i: number, bias: readonly number[]): number {
  const z0 = logits[i * K]! + bias[0]!;
  const z1 = logits[i * K + 1]! + bias[1]!;
  const z2 = logits[i * K + 2]! + bias[2]!;
  return z0 >= z1 && z0 >= z2 ? 0 : z2 >= z1 ? 2 : 1;
}

/** Class biases (neutral fixed at 0, steps of 0.1 within ±3) that maximise macro-F1 on `rows`, whose logits start at row `offset`. */
function tuneBiasOn(logits: Float64Array, rows: Row[], offset: number): { bias: number[]; score: number } {
  const gold = rows.map((r) => (r.label ? LABELS.indexOf(r.label) : -1));
  const confusion = new Float64Array(9);
  let bestB = { bias: [0, 0, 0], score: -1 };
  for (let i0 = -30; i0 <= 30; i0++) {
    for (let i2 = -30; i2 <= 30; i2++) {
      const bias = [i0 / 10, 0, i2 / 10];
      confusion.fill(0);
      for (let i = 0; i < gold.length; i++) {
        if (gold[i]! < 0) continue;
        confusion[gold[i]! * 3 + predict(logits, offset + i, bias)]!++;
      }
      const score = macroF1FromConfusion(confusion);
      // Prefer the smallest adjustment among near-ties: less tuned to this slice.
      const size = Math.abs(bias[0]!) + Math.abs(bias[2]!);
      if (
        score > bestB.score + 1e-4 ||
        (score > bestB.score - 1e-4 && size < Math.abs(bestB.bias[0]!) + Math.abs(bestB.bias[2]!))
      )
        bestB = { bias, score: Math.max(score, bestB.score) };
    }
  }
  return bestB;
}

/** Separate biases for social posts (the newest year's tweets) and survey answers (FFT tuning rows). */
function tuneBias(logits: Float64Array) {
  const social = tuneBiasOn(logits, semTune, 0);
  const survey = tuneBiasOn(logits, fftTune, semTune.length);
  return {
    bias: { social: social.bias, survey: survey.bias },
    score: (social.score + survey.score) / 2,
    social: social.score,
    survey: survey.score,
  };
}

/**
 * Temperature scaling (Guo et al., 2017): the T that minimises the log loss of softmax(z / T) on
 * the validation rows. One number, so the ranking and the labels do not change; only the
 * probabilities behind `score` and `confidence` become calibrated.
 */
function fitTemperature(): { temperature: number; before: number; after: number } {
  const rows: Array<{ i: number; y: number; bias: number[] }> = [];
  semTune.forEach((r, i) => r.label && rows.push({ i, y: LABELS.indexOf(r.label), bias: chosen.bias.social }));
  fftTune.forEach(
    (r, i) => r.label && rows.push({ i: semTune.length + i, y: LABELS.indexOf(r.label), bias: chosen.bias.survey }),
  );
  const logLoss = (t: number) => {
    let sum = 0;
    for (const { i, y, bias } of rows) {
      const z = [0, 1, 2].map((k) => (chosen.tuneLogits[i * K + k]! + bias[k]!) / t);
      const m = Math.max(...z);
      const lse = m + Math.log(z.reduce((a, v) => a + Math.exp(v - m), 0));
      sum += lse - z[y]!;
    }
    return sum / rows.length;
  };
  let bestT = { temperature: 1, loss: logLoss(1) };
  for (let t = 0.3; t <= 4.001; t += 0.05) {
    const loss = logLoss(t);
    if (loss < bestT.loss) bestT = { temperature: Math.round(t * 100) / 100, loss };
  }
  return { temperature: bestT.temperature, before: logLoss(1), after: bestT.loss };
}
const calibration = fitTemperature();
console.log(
  `temperature ${calibration.temperature}: validation log loss ${calibration.before.toFixed(4)} → ${calibration.after.toFixed(4)}`,
);

// Topic thresholds: precision on the FFT tuning rows (they follow the newest-year rows in
// tuneLogits), and a ceiling on how often the head fires on the newest year's general tweets.
const hits = ruleHits(taxonomy, fftTune);
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const topics = topicIds.map((id, t) => {
  const scores = fftTune.map((_, i) => sigmoid(chosen.tuneLogits[(semTune.length + i) * K + 3 + t]!));
  const gold = fftTune.map((r) => mapCategories(topicMap, r.topics ?? []).has(id));
  const byPrecision = tuneThreshold(scores, gold, hits.get(id) ?? []);
  const offTopic = offTopicThreshold(semTune.map((_, i) => sigmoid(chosen.tuneLogits[i * K + 3 + t]!)));
  const threshold = Math.max(byPrecision.threshold, offTopic.threshold);
  console.log(
    `topic ${id}: threshold ${threshold} (precision: ${byPrecision.threshold}, tune precision ${byPrecision.precision.toFixed(3)} recall ${byPrecision.recall.toFixed(3)}, ${byPrecision.support} positives, ${byPrecision.mode}; off-topic: ${offTopic.threshold}, firing on ${(offTopic.rate * 100).toFixed(2)}% of the newest year's tweets)`,
  );
  return { id, threshold };
});

const { q, scales } = quantise(best.w, K);
const header: ModelHeader = {
  version: `logreg-ngram-v2-${best.c.l2}-${best.c.charScale}-${best.c.fftWeight}${best.c.lexicon ? '-lex' : ''}`,
  created: new Date().toISOString().slice(0, 10),
  bits: BITS,
  charScale: best.c.charScale,
  charGrams: best.c.charGrams,
  outputs: [...LABELS, ...topicIds.map((id) => `topic:${id}`)],
  scales,
  classBias: best.bias,
  temperature: calibration.temperature,
  trainedOn: `SemEval 2013–2016 task 4A tweets (${semTrain.length.toLocaleString('en-GB')} from 2013–2015 and the 2016 train/dev sets; the ${semTune.length.toLocaleString('en-GB')} later 2016 test tweets chose the settings) and ${fftTrain.length.toLocaleString('en-GB')} NHS Friends and Family Test answers; Hu & Liu's opinion lexicon and the Emoji Sentiment Ranking as features. No NHS staff posts: your labels are the first.`,
  topics,
  weights: 'weights.bin',
  ...(best.c.lexicon ? { lexicon: 'lexicon.bin' } : {}),
};
console.log(`best ${JSON.stringify(best.c)} validation ${best.score.toFixed(4)}`);
if (dryRun) process.exit(0);
mkdirSync(MODEL_DIR, { recursive: true });
writeFileSync(new URL('weights.bin', MODEL_DIR), new Uint8Array(q.buffer));
if (best.c.lexicon) writeFileSync(new URL('lexicon.bin', MODEL_DIR), encodeLexicon(lexicon));
writeFileSync(new URL('model.json', MODEL_DIR), JSON.stringify(header, null, 2) + '\n');
console.log(`wrote model/ in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
