import { evaluate, type Evidence as Span } from './rules/matcher';
import type { MatchDoc } from './rules/match-doc';
import type { Taxonomy } from './taxonomy';
import type { TopicTag } from './types';

/**
 * Runs every topic's rules over one prepared post. A topic scores 1 - 0.5^n for n distinct
 * matched spans: one mention is a coin flip's worth of belief (0.5), each further one halves
 * the doubt, and the score never reaches 1.
 */
export function tagTopics(taxonomy: Taxonomy, doc: MatchDoc, text: string): TopicTag[] {
  const tags: TopicTag[] = [];
  for (const topic of taxonomy.topics) {
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
