import { evaluate, type Evidence as Span } from './rules/matcher';
import { MIN_PREFIX } from './rules/ast';
import type { Matcher } from './rules/compile';
import type { MatchDoc } from './rules/match-doc';
import type { CompiledTopic, Taxonomy } from './taxonomy';
import type { TopicTag } from './types';

/**
 * Runs every topic's rules over one prepared post. A topic scores 1 - 0.5^n for n distinct
 * matched spans: one mention is a coin flip's worth of belief (0.5), each further one halves
 * the doubt, and the score never reaches 1.
 */
export function tagTopics(taxonomy: Taxonomy, doc: MatchDoc, text: string): TopicTag[] {
  const tags: TopicTag[] = [];
  const candidates = candidateTopics(taxonomy, doc);
  for (const topic of taxonomy.topics) {
    if (!candidates.has(topic)) continue;
    let matched = false;
    const spans = new Map<string, Span>();
    for (const rule of topic.compiled) {
      const hits = evaluate(rule.matcher, doc);
      if (!hits) continue;
      matched = true;
      for (const hit of hits) for (const s of hit.evidence) spans.set(`${s.start}:${s.end}`, s);
    }
    if (!matched) continue;
    const evidence = outermost([...spans.values()]).map((s) => ({
      term: text.slice(s.start, s.end),
      start: s.start,
      end: s.end,
    }));
    tags.push({ id: topic.id, score: 1 - 0.5 ** Math.max(1, evidence.length), evidence });
  }
  return tags;
}

/** Drops spans inside another (the words of "#SafeStaffing" are one mention, not three). */
function outermost(spans: Span[]): Span[] {
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Span[] = [];
  for (const s of spans) {
    const last = kept[kept.length - 1];
    if (!last || s.start >= last.end) kept.push(s);
    else if (s.end > last.end) kept.push(s); // overlapping but not inside: a distinct mention
  }
  return kept;
}

// A topic can only match when one of its terms is in the post, and a post has a few dozen words
// while the taxonomy has hundreds of terms: looking the post's words up in an index of terms
// skips most topics without evaluating a rule (it doubles the tagger's throughput).
type TermIndex = Map<string, CompiledTopic[]>;
const indexes = new WeakMap<Taxonomy, TermIndex>();

function candidateTopics(taxonomy: Taxonomy, doc: MatchDoc): Set<CompiledTopic> {
  let index = indexes.get(taxonomy);
  if (!index) indexes.set(taxonomy, (index = buildIndex(taxonomy)));
  const found = new Set<CompiledTopic>();
  const look = (key: string) => index.get(key)?.forEach((t) => found.add(t));
  for (const key of doc.byStem.keys()) look(`s:${key}`);
  for (const key of doc.byPrefix.keys()) look(`p:${key}`);
  for (const tag of doc.hashtags) look(`h:${tag.lower}`);
  return found;
}

function buildIndex(taxonomy: Taxonomy): TermIndex {
  const index: TermIndex = new Map();
  for (const topic of taxonomy.topics) {
    const add = (key: string) => {
      const list = index.get(key);
      if (!list) index.set(key, [topic]);
      else if (!list.includes(topic)) list.push(topic);
    };
    for (const rule of topic.compiled) addTerms(rule.matcher, add);
  }
  return index;
}

/** Every term that could make the rule match (NOT clauses too: harmless, just a wider net). */
function addTerms(m: Matcher, add: (key: string) => void): void {
  switch (m.type) {
    case 'stem':
      return add(`s:${m.stem}`);
    case 'prefix':
      return add(`p:${m.prefix.slice(0, MIN_PREFIX)}`);
    case 'phrase':
      return add(`s:${m.stems[0] ?? ''}`);
    case 'hashtag':
      add(`h:${m.tag}`);
      return m.phrase ? add(`s:${m.phrase[0] ?? ''}`) : undefined;
    case 'and':
    case 'or':
      return m.children.forEach((c) => addTerms(c, add));
    case 'not':
      return addTerms(m.child, add);
    case 'near':
      addTerms(m.left, add);
      return addTerms(m.right, add);
  }
}
