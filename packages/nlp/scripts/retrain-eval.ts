// How much a team's correction helps on text unlike the model's training data: for each
// off-domain labelled file (never used to train or choose the shipped model), the first N rows in
// file order play a team's labels (oldest 70% fit, newest 30% judge, as the product does), and both
// the shipped model and the correction are then measured on every later row of the file, unseen by
// either. `npm run eval:retrain [-- --labels 300]`; reads ../shared/data (never shipped).
import { join } from 'node:path';
import { createTagger } from '../src/tagger';
import { createModelScorer, defaultModelScorer } from '../src/model/model-scorer';
import { measure, retrain, type LabelledPost } from '../src/model/retrain';
import { dataDir, readRows } from './lib/data';

const argv = process.argv.slice(2);
const n = Number(argv[argv.indexOf('--labels') + 1] ?? 300) || 300;
const FILES = [
  'sentiment/vader-nytEditorialSnippets.jsonl',
  'sentiment/vader-movieReviewSnippets.jsonl',
  'sentiment/vader-amazonReviewSnippets.jsonl',
];
const english = () => 'en';
const shipped = defaultModelScorer();
const current = createTagger({ scorer: shipped, detectLanguage: english });

console.log(
  `| file | team labels | decision | held-back macro-F1 shipped → corrected | later rows | macro-F1 shipped → corrected |`,
);
console.log(`| --- | --- | --- | --- | --- | --- |`);
for (const file of FILES) {
  const rows = readRows(join(dataDir(argv), file)).filter((r) => r.label);
  const asPosts: LabelledPost[] = rows.map((r, i) => ({
    id: i + 1,
    text: r.text,
    lang: 'en',
    question: null,
    // File order stands in for time.
    publishedAt: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(),
    sentiment: r.label!,
    topics: [],
  }));
  const labels = asPosts.slice(0, n);
  const later = asPosts.slice(n);
  const result = await retrain({
    labels,
    id: 'c1',
    current,
    makeTagger: (c) => createTagger({ scorer: createModelScorer(shipped.model, c), detectLanguage: english }),
  });
  const corrected = createTagger({
    scorer: createModelScorer(shipped.model, result.correction),
    detectLanguage: english,
  });
  const before = measure(current, later).sentiment.macroF1;
  const after = measure(corrected, later).sentiment.macroF1;
  const f = (x: number) => x.toFixed(3);
  console.log(
    `| ${file.replace('sentiment/', '')} | ${labels.length} | ${result.promote ? 'promoted' : 'refused'} | ${f(result.current.sentiment.macroF1)} → ${f(result.candidate.sentiment.macroF1)} | ${later.length} | ${f(before)} → ${f(after)} |`,
  );
}
