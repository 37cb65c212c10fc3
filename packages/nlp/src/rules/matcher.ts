import type { Matcher } from './compile';
import { MIN_PREFIX } from './ast';
import type { Entry, MatchDoc } from './match-doc';

/** Character range of a matched word or phrase in the post. */
export interface Evidence {
  start: number;
  end: number;
}

/** One place a (sub)rule matched: word positions [from, to) and the spans that show it. */
export interface Hit {
  from: number;
  to: number;
  evidence: Evidence[];
}

// Posts are short, but a NEAR of two frequent words is quadratic; this bounds the work per rule.
const MAX_NEAR_HITS = 64;

/**
 * Evaluates a compiled rule. `null` means no match; an empty array means a match with nothing to
 * point at (only a NOT clause, which the parser never allows on its own).
 */
export function evaluate(m: Matcher, doc: MatchDoc): Hit[] | null {
  switch (m.type) {
    // Most terms of most rules are absent from a post: answer those with one look-up, no arrays.
    case 'stem': {
      const entries = doc.byStem.get(m.stem);
      return entries ? hits(entries) : null;
    }
    case 'prefix': {
      const entries = doc.byPrefix.get(m.prefix.slice(0, MIN_PREFIX));
      return entries ? orNull(hits(entries.filter((e) => e.lower.startsWith(m.prefix)))) : null;
    }
    case 'phrase':
      return phrase(m.stems, doc);
    case 'hashtag': {
      if (doc.hashtags.length === 0 && (!m.phrase || !doc.byStem.has(m.phrase[0]!))) return null;
      const exact = doc.hashtags.filter((h) => h.lower === m.tag);
      const words = m.phrase ? (phrase(m.phrase, doc) ?? []) : [];
      return orNull([...hits(exact), ...words]);
    }
    case 'and': {
      const all: Hit[] = [];
      for (const child of m.children) {
        const found = evaluate(child, doc);
        if (!found) return null;
        all.push(...found);
      }
      return all;
    }
    case 'or': {
      let any: Hit[] | null = null;
      for (const child of m.children) {
        const found = evaluate(child, doc);
        if (found) any = any ? [...any, ...found] : found;
      }
      return any;
    }
    case 'not':
      return evaluate(m.child, doc) ? null : [];
    case 'near':
      return near(m.distance, evaluate(m.left, doc), evaluate(m.right, doc));
  }
}

function hits(entries: Entry[]): Hit[] {
  return entries.map((e) => ({ from: e.from, to: e.to, evidence: [{ start: e.start, end: e.end }] }));
}

function orNull(found: Hit[]): Hit[] | null {
  return found.length > 0 ? found : null;
}

function phrase(stems: string[], doc: MatchDoc): Hit[] | null {
  const firsts = doc.byStem.get(stems[0] ?? '');
  if (!firsts) return null;
  const found: Hit[] = [];
  for (const first of firsts) {
    // A compound entry spans several positions; phrases walk single positions only.
    if (first.to - first.from !== 1) continue;
    let ok = true;
    for (let k = 1; k < stems.length && ok; k++) ok = doc.positions[first.from + k]?.stem === stems[k];
    if (!ok) continue;
    const last = doc.positions[first.from + stems.length - 1] ?? first;
    found.push({ from: first.from, to: first.from + stems.length, evidence: [{ start: first.start, end: last.end }] });
  }
  return orNull(found);
}

/** Pairs of hits with at most `distance` words between them, in either order. */
function near(distance: number, left: Hit[] | null, right: Hit[] | null): Hit[] | null {
  if (!left || !right) return null;
  const found: Hit[] = [];
  for (const l of left) {
    for (const r of right) {
      const gap = r.from >= l.to ? r.from - l.to : l.from >= r.to ? l.from - r.to : -1;
      if (gap < 0 || gap > distance) continue;
      const evidence = l.from < r.from ? [...l.evidence, ...r.evidence] : [...r.evidence, ...l.evidence];
      found.push({ from: Math.min(l.from, r.from), to: Math.max(l.to, r.to), evidence });
      if (found.length >= MAX_NEAR_HITS) return found;
    }
  }
  return orNull(found);
}
