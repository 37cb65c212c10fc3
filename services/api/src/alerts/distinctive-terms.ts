/**
 * Which words and phrases a window's posts use far more than usual: the weighted log-odds ratio
 * with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, "Fightin' Words"). The prior
 * shrinks rare terms towards the pooled rate, so a word seen twice in a quiet window does not
 * outrank a word that genuinely surged, and the z-score says how sure we are rather than how big.
 */
import { isStopWord } from '@lp/nlp/text/stopwords';
import { tokenize } from '@lp/nlp/text/tokenize';

export interface DistinctiveTerm {
  term: string;
  z: number;
}

export interface DistinctiveTermsOptions {
  /** How many terms to return. */
  top?: number;
  /** α0: the prior's total weight, in pseudo-occurrences. */
  priorStrength?: number;
  /** Fewest posts in the window that must use a term. */
  minCount?: number;
}

// Two-sided 95%: weaker evidence than this is noise, whatever its rank.
const Z_CUTOFF = 1.96;
const DIGITS = /^\p{N}+$/u;

interface Counts {
  /** Posts using each term (each post counts a term once). */
  byTerm: Map<string, number>;
  /** Sum of byTerm: the corpus size the log-odds are taken against. */
  total: number;
}

function keptWord(lower: string): boolean {
  return lower.length >= 2 && !isStopWord(lower) && !DIGITS.test(lower);
}

/** The distinct terms of one post: kept words, `#hashtags`, and bigrams of adjacent kept words. */
export function termsOf(text: string): Set<string> {
  const terms = new Set<string>();
  // The previous token if it was a kept word; anything else between two words breaks the bigram.
  let prev: string | null = null;
  for (const token of tokenize(text)) {
    if (token.kind === 'word' && keptWord(token.lower)) {
      terms.add(token.lower);
      if (prev !== null) terms.add(`${prev} ${token.lower}`);
      prev = token.lower;
      continue;
    }
    prev = null;
    if (token.kind === 'hashtag' && keptWord(token.lower)) terms.add(`#${token.lower}`);
  }
  return terms;
}

// Counting per post rather than per occurrence keeps one spammy post from dominating the list.
function count(texts: string[]): Counts {
  const byTerm = new Map<string, number>();
  let total = 0;
  for (const text of texts) {
    for (const term of termsOf(text)) {
      byTerm.set(term, (byTerm.get(term) ?? 0) + 1);
      total++;
    }
  }
  return { byTerm, total };
}

/** Terms over-represented in the window against the baseline, strongest first. */
export function distinctiveTerms(
  windowTexts: string[],
  baselineTexts: string[],
  opts: DistinctiveTermsOptions = {},
): DistinctiveTerm[] {
  const top = opts.top ?? 10;
  const a0 = opts.priorStrength ?? 500;
  const minCount = opts.minCount ?? 2;
  const win = count(windowTexts);
  const base = count(baselineTexts);
  // Without both sides there is no "more than usual" to measure.
  if (win.total === 0 || base.total === 0) return [];
  const pooled = win.total + base.total;

  const scored: DistinctiveTerm[] = [];
  // Only terms the window uses can be over-represented in it, so the baseline's vocabulary is never walked.
  for (const [term, yi] of win.byTerm) {
    if (yi < minCount) continue;
    const yj = base.byTerm.get(term) ?? 0;
    const aw = (a0 * (yi + yj)) / pooled;
    const delta = Math.log((yi + aw) / (win.total + a0 - yi - aw)) - Math.log((yj + aw) / (base.total + a0 - yj - aw));
    const z = delta / Math.sqrt(1 / (yi + aw) + 1 / (yj + aw));
    if (Number.isFinite(z) && z > Z_CUTOFF) scored.push({ term, z });
  }
  // Ties broken by term so the list is the same on every run.
  scored.sort((a, b) => b.z - a.z || (a.term < b.term ? -1 : 1));
  return scored.slice(0, top).map(({ term, z }) => ({ term, z: Math.round(z * 100) / 100 }));
}
