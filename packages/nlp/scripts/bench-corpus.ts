// The benchmark's corpus: every `text` in ../shared/data/**/*.jsonl when that folder exists (real
// tweets, reviews and NHS FFT comments), else a synthetic corpus of NHS-style posts.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface Corpus {
  source: string;
  texts: string[];
}

export function loadCorpus(dataDir: string, syntheticSize = 20_000): Corpus {
  const files = existsSync(dataDir) ? jsonlFiles(dataDir) : [];
  const texts: string[] = [];
  for (const file of files) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const row = JSON.parse(line) as { text?: unknown };
      if (typeof row.text === 'string' && row.text.trim() !== '') texts.push(row.text);
    }
  }
  if (texts.length > 0) return { source: `${dataDir} (${files.length} files)`, texts };
  return { source: `synthetic (${syntheticSize} posts, seed 1)`, texts: syntheticCorpus(syntheticSize) };
}

function jsonlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return jsonlFiles(path);
      return name.endsWith('.jsonl') ? [path] : [];
    });
}

const OPENERS = [
  'Another night shift',
  'Third weekend in a row',
  'Waited 14 hours in A&E',
  'Huge thanks to the midwives',
  'The ward manager',
  'RCN members',
  'Our new e-rostering system',
  'CQC inspection report out today:',
  'Agency shifts cancelled again',
  'Spoke up about bullying on the ward',
];
const MIDDLES = [
  'short-staffed with 3 nurses for 30 patients',
  'so kind and caring to my mum',
  'vote to strike over the pay offer',
  'keeps crashing and we lose hours',
  'rated requires improvement',
  'and nobody listened, duty of candour my foot',
  'exhausted and burnt out, nothing left to give',
  'waiting list is now 18 months for a hip',
  'really supportive leadership for once',
  'corridor care is not safe care',
];
const ENDINGS = ['.', '!', ' :(', ' :)', ' #SafeStaffing', ' #hellomynameis', ' 😡', ' ❤️', '...', ' @NHSEngland'];
const PII = [
  ' Call me on 07700 900123.',
  ' NHS no 943 476 5919.',
  ' email jo.bloggs@example.com',
  ' @jo_bloggs saw it too.',
  ' Ward at LS1 3EX.',
];
// About 1 in 20 synthetic posts is not English, so detection has real work on the realistic path.
const OTHER = [
  'Diolch yn fawr i bawb yn yr ysbyty am y gofal',
  'Mae’r nyrsys yn gweithio’n galed iawn heno',
  'Merci beaucoup à toute l’équipe de l’hôpital',
  'Gracias a todo el personal del hospital',
  'Dziękuję bardzo wszystkim pielęgniarkom',
];

function syntheticCorpus(size: number): string[] {
  let seed = 1;
  // A fixed LCG, so every run benchmarks the same posts.
  const pick = <T>(xs: T[]): T => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return xs[seed % xs.length]!;
  };
  const texts: string[] = [];
  for (let i = 0; i < size; i++) {
    if (i % 20 === 19) texts.push(pick(OTHER));
    else texts.push(`${pick(OPENERS)} ${pick(MIDDLES)}${pick(ENDINGS)}${i % 4 === 0 ? pick(PII) : ''}`);
  }
  return texts;
}
