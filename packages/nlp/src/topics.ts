import { evaluate, type Evidence as Span } from './rules/matcher';
import { MIN_PREFIX } from './rules/ast';
import type { Matcher } from './rules/compile';
import { PreparedDoc, type MatchDoc } from './rules/match-doc';
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
  if (candidates.size === 0) return tags;
  for (const topic of taxonomy.topics) {
    if (!candidates.has(topic)) continue;
    let matched = false;
    // Keyed by start and end as one number (offsets are far below 2^26): no key strings per span.
    const spans = new Map<number, Span>();
    for (const rule of topic.compiled) {
      const hits = evaluate(rule.matcher, doc);
      if (!hits) continue;
      matched = true;
      for (const hit of hits) for (const s of hit.evidence) spans.set(s.start * 67_108_864 + s.end, s);
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
// One map per kind of term, keyed by the bare stem / prefix key / tag: the post's keys are looked
// up as they are, without building an "s:"-style key string per word. Prefix terms are kept with
// their whole prefix: a 3-letter key such as "com" or "res" is in most posts, so a topic becomes a
// candidate only when one of the post's words really starts with the term ("compassion*"), the
// same test the rule itself makes. A rule matches only through a term it contains, so this never
// drops a topic that could match.
interface TermIndex {
  s: Map<string, CompiledTopic[]>;
  p: Map<string, Array<{ prefix: string; topic: CompiledTopic }>>;
  h: Map<string, CompiledTopic[]>;
}
const indexes = new WeakMap<Taxonomy, TermIndex>();

function candidateTopics(taxonomy: Taxonomy, doc: MatchDoc): Set<CompiledTopic> {
  let index = indexes.get(taxonomy);
  if (!index) indexes.set(taxonomy, (index = buildIndex(taxonomy)));
  const found = new Set<CompiledTopic>();
  const look = (map: Map<string, CompiledTopic[]>, key: string) => {
    const list = map.get(key);
    if (list) for (const t of list) found.add(t);
  };
  if (doc instanceof PreparedDoc) {
    // The same look-ups straight from the entries, so the doc's maps are built only if needed.
    const { entries, prefixes } = doc;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i]!;
      look(index.s, e.stem);
      const terms = index.p.get(prefixes[i]!);
      if (terms) for (const { prefix, topic } of terms) if (e.lower.startsWith(prefix)) found.add(topic);
    }
    for (const tag of doc.hashtags) look(index.h, tag.lower);
    return found;
  }
  for (const key of doc.byStem.keys()) look(index.s, key);
  for (const [key, entries] of doc.byPrefix) {
    const terms = index.p.get(key);
    if (!terms) continue;
    for (const { prefix, topic } of terms) {
      if (found.has(topic)) continue;
      for (const e of entries) {
        if (e.lower.startsWith(prefix)) {
          found.add(topic);
          break;
        }
      }
    }
  }
  for (const tag of doc.hashtags) look(index.h, tag.lower);
  return found;
}

function buildIndex(taxonomy: Taxonomy): TermIndex {
  const index: TermIndex = { s: new Map(), p: new Map(), h: new Map() };
  for (const topic of taxonomy.topics) {
    const add = (kind: 's' | 'h' | 'p', term: string) => {
      if (kind === 'p') {
        const key = term.slice(0, MIN_PREFIX);
        const list = index.p.get(key);
        if (!list) index.p.set(key, [{ prefix: term, topic }]);
        else if (!list.some((x) => x.prefix === term && x.topic === topic)) list.push({ prefix: term, topic });
        return;
      }
      const list = index[kind].get(term);
      if (!list) index[kind].set(term, [topic]);
      else if (!list.includes(topic)) list.push(topic);
    };
    for (const rule of topic.compiled) addTerms(rule.matcher, add);
  }
  return index;
}

/** Every term that could make the rule match (NOT clauses too: harmless, just a wider net). */
function addTerms(m: Matcher, add: (kind: 's' | 'h' | 'p', term: string) => void): void {
  switch (m.type) {
    case 'stem':
      return add('s', m.stem);
    case 'prefix':
      return add('p', m.prefix);
    case 'phrase':
      return add('s', m.stems[0] ?? '');
    case 'hashtag':
      add('h', m.tag);
      return m.phrase ? add('s', m.phrase[0] ?? '') : undefined;
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
