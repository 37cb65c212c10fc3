// Reading ../shared/data and the fixed splits. Training, tuning and evaluation all import the
// splits from here so they can never disagree about which rows are held out.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { percentile } from '../../src/model/hash';
import { emojiKey, wordKey } from '../../src/model/lexicon-table';

export type Label = 'negative' | 'neutral' | 'positive';
export const LABELS: Label[] = ['negative', 'neutral', 'positive'];

export interface Row {
  id: string;
  text: string;
  label: Label | null;
  question?: string | null;
  topics?: string[];
  /** SemEval: the year and split the tweet came from ("twitter-2016test-A"). */
  set?: string;
}

/** --data DIR, else LP_DATA_DIR, else ../shared/data beside the repo checkout. */
export function dataDir(argv = process.argv.slice(2)): string {
  const i = argv.indexOf('--data');
  if (i >= 0 && argv[i + 1]) return argv[i + 1]!;
  return process.env.LP_DATA_DIR ?? fileURLToPath(new URL('../../../../../shared/data', import.meta.url));
}

// SemEval rows carry JSON escapes twice ("\u002c" as text); decode them so the tweet reads as written.
const DOUBLE_ESCAPED = /\\u([0-9a-fA-F]{4})/g;
export function cleanText(text: string): string {
  return text.replace(DOUBLE_ESCAPED, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

export function readRows(path: string): Row[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const r = JSON.parse(l) as Row;
      return { ...r, text: cleanText(r.text) };
    });
}

/** Every .jsonl under the data dir, as paths relative to it, sorted. */
export function listDataFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.jsonl')) out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out;
}

export const SEMEVAL = 'sentiment/semeval-2013-2016.jsonl';
export const FFT = 'nhs-fft/fft-train.jsonl';

// The fixed splits, by a hash of the row id (stable whatever the file order):
//   FFT:     percentile < 20  → HELD BACK (never trained or tuned on; eval only)
//            20 ≤ p < 35       → tuning slice (hyper-parameters, class biases, topic thresholds)
//            p ≥ 35            → training
//   SemEval: percentile < 10  → tuning slice (reported by eval as such); the rest → training
export type Split = 'train' | 'tune' | 'heldout';
export function fftSplit(id: string): Split {
  const p = percentile(id);
  return p < 20 ? 'heldout' : p < 35 ? 'tune' : 'train';
}
export function semevalSplit(id: string): Split {
  return percentile(id) < 10 ? 'tune' : 'train';
}

// The split by year, which chooses the model: SemEval's 2016 test tweets were collected after
// every other set (2013–2015 and the 2016 train/dev sets), so a model trained on the rest and
// validated on them is measured on later text, as the product is. A random split from the same
// years flatters a model (tweeteval-val, drawn from the same years, scores ~0.05 higher).
export const NEWEST_SET = 'twitter-2016test-A';
export type YearSplit = 'older' | 'newest';
export function semevalYearSplit(row: Row): YearSplit {
  return row.set === NEWEST_SET ? 'newest' : 'older';
}

export const OPINION_LEXICON = 'lexicons/opinion-lexicon.jsonl';
export const EMOJI_RANKING = 'lexicons/emoji-sentiment-ranking.jsonl';
// The off-topic file: general tweets never trained or tuned on, to measure how often a topic fires on them.
export const OFF_TOPIC = 'sentiment/vader-tweets.jsonl';

/**
 * The lexicon table the model ships (hashes only): opinion words → ±1, and emoji → their net
 * sentiment (positive − negative) / (occurrences + 3), for emoji seen at least 5 times.
 */
export function loadLexicon(dir: string): Map<number, number> {
  const table = new Map<number, number>();
  const lines = (file: string) =>
    readFileSync(join(dir, file), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  for (const r of lines(OPINION_LEXICON)) {
    const word = String(r.word).toLowerCase();
    table.set(wordKey(word), r.label === 'positive' ? 1 : -1);
  }
  for (const r of lines(EMOJI_RANKING)) {
    const n = Number(r.occurrences);
    if (!(n >= 5)) continue;
    table.set(emojiKey(String(r.emoji)), (Number(r.positive) - Number(r.negative)) / (n + 3));
  }
  return table;
}

// tweeteval-val was drawn from the SemEval tweets: 1,995 of its 2,000 rows are in
// semeval-2013-2016 (with @handles masked). Those SemEval rows are dropped from training AND
// tuning, or tweeteval-val would measure memorisation. Only the texts are read, to match them.
export const TWEETEVAL = 'sentiment/tweeteval-val.jsonl';
const HANDLE = /@\w+/g;
const URL_RE = /https?:\/\/\S+/g;
const NOT_ALNUM = /[^a-z0-9@]+/g;
export function dedupKey(text: string): string {
  return text.replace(HANDLE, '@user').replace(URL_RE, '').toLowerCase().replace(NOT_ALNUM, '');
}
/** Texts of the evaluation-only files that SemEval overlaps, as dedup keys. */
export function evalOnlyKeys(dir: string): Set<string> {
  return new Set(readRows(join(dir, TWEETEVAL)).map((r) => dedupKey(r.text)));
}
