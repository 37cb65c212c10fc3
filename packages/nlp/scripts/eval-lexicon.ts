// Measures the lexicon sentiment baseline: 3-class macro-F1 (negative/neutral/positive) on the
// shared labelled sets, rows with a label only. Not a test: the data lives outside the repo.
//
//   npx tsx packages/nlp/scripts/eval-lexicon.ts [--data DIR] [--sweep] [file.jsonl ...]
//
// Files are relative to DIR (default: ../shared/data beside the repo checkout).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NEUTRAL_BAND, scoreSentiment } from '../src/sentiment/lexicon';

type Label = 'negative' | 'neutral' | 'positive';
const LABELS: Label[] = ['negative', 'neutral', 'positive'];
const DEFAULT_FILES = ['sentiment/tweeteval-val.jsonl', 'nhs-fft/fft-train.jsonl'];

interface Row {
  text: string;
  label: Label | null;
  question?: string | null;
}

function macroF1(gold: Label[], predicted: Label[]): number {
  let sum = 0;
  for (const label of LABELS) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    gold.forEach((g, i) => {
      const p = predicted[i];
      if (p === label && g === label) tp++;
      else if (p === label) fp++;
      else if (g === label) fn++;
    });
    sum += tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  }
  return sum / LABELS.length;
}

const toLabel = (score: number, band: number): Label =>
  score > band ? 'positive' : score < -band ? 'negative' : 'neutral';

let dataDir = fileURLToPath(new URL('../../../../shared/data/', import.meta.url));
let sweep = false;
const files: string[] = [];
for (let i = 2; i < process.argv.length; i++) {
  const arg = process.argv[i] ?? '';
  if (arg === '--data') dataDir = process.argv[++i] ?? dataDir;
  else if (arg === '--sweep') sweep = true;
  else files.push(arg);
}
const out = (line: string) => process.stdout.write(`${line}\n`);

out(`band ±${NEUTRAL_BAND}; macro-F1 over ${LABELS.join('/')}`);
for (const file of files.length > 0 ? files : DEFAULT_FILES) {
  const rows = readFileSync(join(dataDir, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Row)
    .filter((row): row is Row & { label: Label } => row.label !== null);
  const started = performance.now();
  const results = rows.map((row) => scoreSentiment({ text: row.text, question: row.question }));
  const seconds = (performance.now() - started) / 1000;
  const gold = rows.map((row) => row.label);
  const f1 = macroF1(
    gold,
    results.map((r) => r.label),
  );
  out(`${file}: macro-F1 ${f1.toFixed(3)} on ${rows.length} rows (${Math.round(rows.length / seconds)} posts/s)`);
  if (sweep) {
    for (const band of [0.05, 0.1, 0.2, 0.3, 0.4, 0.5]) {
      out(
        `  band ±${band}: ${macroF1(
          gold,
          results.map((r) => toLabel(r.score, band)),
        ).toFixed(3)}`,
      );
    }
  }
}
