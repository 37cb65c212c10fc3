// Correctness guard for performance work: tags a fixed corpus and writes every TagResult as JSON
// lines, or compares against an earlier snapshot (labels, topics and evidence exact; scores to 1e-9).
//
//   npx tsx packages/nlp/scripts/golden.ts [--out /tmp/golden-before.jsonl] [--compare FILE] [--data DIR]
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTagger, type TagInput, type TagResult } from '../src/tagger';
import { loadCorpus } from './bench-corpus';

let dataDir = fileURLToPath(new URL('../../../../shared/data/', import.meta.url));
let out = '/tmp/golden-before.jsonl';
let compare: string | undefined;
for (let i = 2; i < process.argv.length; i++) {
  const arg = process.argv[i];
  const value = process.argv[i + 1];
  if (arg === '--data' && value) dataDir = value;
  else if (arg === '--out' && value) out = value;
  else if (arg === '--compare' && value) compare = value;
  else continue;
  i++;
}

const LIMIT = 20_000;

function jsonlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return jsonlFiles(path);
      return name.endsWith('.jsonl') ? [path] : [];
    });
}

/** The first texts of every data file in turn (so each source is represented), questions kept. */
function corpus(): TagInput[] {
  const files = jsonlFiles(dataDir).map((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as { text?: unknown; question?: unknown }),
  );
  const inputs: TagInput[] = [];
  const per = files.length > 0 ? Math.ceil(LIMIT / files.length) : 0;
  for (const rows of files) {
    for (const row of rows.slice(0, per)) {
      if (typeof row.text !== 'string' || row.text.trim() === '') continue;
      const question = typeof row.question === 'string' ? row.question : null;
      inputs.push({ id: inputs.length, text: row.text, lang: 'en', question });
    }
  }
  // Synthetic NHS-style posts with PII (redaction) and no platform language (English check).
  const synthetic = loadCorpus('/nonexistent', 3_000).texts;
  synthetic.forEach((text, i) => inputs.push({ id: inputs.length, text, lang: i % 3 === 0 ? undefined : 'en' }));
  // The real texts again with no platform language, so the language check sees the shared tokens.
  inputs.slice(0, 2_000).forEach((x) => inputs.push({ id: inputs.length, text: x.text, lang: null }));
  return inputs.slice(0, LIMIT + 5_000);
}

const tagger = createTagger();
const inputs = corpus();
const lines: string[] = [];
for (let i = 0; i < inputs.length; i += 256) {
  for (const r of tagger.tagBatch(inputs.slice(i, i + 256))) lines.push(JSON.stringify(r));
}

if (!compare) {
  writeFileSync(out, `${lines.join('\n')}\n`);
  process.stdout.write(`golden: ${lines.length} results written to ${out}\n`);
} else {
  const before = readFileSync(compare, 'utf8').split('\n').filter(Boolean);
  let identical = 0;
  let close = 0;
  const diffs: string[] = [];
  if (before.length !== lines.length) diffs.push(`count ${before.length} → ${lines.length}`);
  for (let i = 0; i < Math.min(before.length, lines.length); i++) {
    if (before[i] === lines[i]) {
      identical++;
      continue;
    }
    const why = difference(JSON.parse(before[i]!) as TagResult, JSON.parse(lines[i]!) as TagResult);
    if (why) diffs.push(`#${i}: ${why}\n  before ${before[i]}\n  after  ${lines[i]}`);
    else close++;
  }
  process.stdout.write(`golden: ${identical} identical, ${close} within 1e-9, ${diffs.length} different\n`);
  for (const d of diffs.slice(0, 10)) process.stdout.write(`${d}\n`);
  process.exitCode = diffs.length > 0 ? 1 : 0;
}

/** null when the results agree: everything exact except numbers, which may differ by 1e-9. */
function difference(a: unknown, b: unknown, path = ''): string | null {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= 1e-9 ? null : `${path}: ${a} ≠ ${b}`;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    return a === b ? null : `${path}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`;
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const d = difference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    if (d) return d;
  }
  return null;
}
