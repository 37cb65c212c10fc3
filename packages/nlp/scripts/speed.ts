// Quick throughput check of the whole tagger (redaction + rules + trained model) against
// vader-sentiment on the same posts, one core. The official benchmark is `npm run bench:nlp`.
//
//   npx tsx packages/nlp/scripts/speed.ts [--data DIR]
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import vader from 'vader-sentiment';
import { createModelScorer } from '../src/model/model-scorer';
import { tokenize } from '../src/text/tokenize';
import { createTagger } from '../src/tagger';
import { dataDir, readRows } from './lib/data';

const texts = readRows(join(dataDir(), 'sentiment/vader-tweets.jsonl')).map((r) => r.text);
const tagger = createTagger();
const model = createModelScorer();

function rate(name: string, run: (t: string) => unknown, rounds: number): number {
  for (const t of texts.slice(0, 500)) run(t); // warm-up: JIT and caches
  const start = performance.now();
  for (let r = 0; r < rounds; r++) for (const t of texts) run(t);
  const perSec = (texts.length * rounds) / ((performance.now() - start) / 1000);
  console.log(`${name.padEnd(40)} ${Math.round(perSec).toLocaleString('en-GB').padStart(9)} posts/s`);
  return perSec;
}

const v = rate('vader-sentiment', (t) => vader.SentimentIntensityAnalyzer.polarity_scores(t), 1);
const all = rate(
  'tagger (redact + rules + model), lang=en',
  (t) => tagger.tagBatch([{ id: 1, text: t, lang: 'en' }]),
  5,
);
rate('  tokenize only', (t) => tokenize(t), 5);
rate('  model.analyse (given tokens)', (t) => model.analyse({ text: t, tokens: tokenize(t) }), 5);
console.log(`ratio tagger / vader: ${(all / v).toFixed(1)}×`);
