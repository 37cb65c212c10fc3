import { stem } from '../text/stem';
import { splitCamel, tokenize } from '../text/tokenize';
import { RuleSyntaxError, type RuleNode } from './ast';
import { parseRule } from './parser';

/** A rule ready to run: every word already stemmed, so matching is map look-ups and compares. */
export type Matcher =
  | { type: 'stem'; stem: string }
  | { type: 'prefix'; prefix: string }
  | { type: 'phrase'; stems: string[] }
  | { type: 'hashtag'; tag: string; phrase: string[] | null }
  | { type: 'and' | 'or'; children: Matcher[] }
  | { type: 'not'; child: Matcher }
  | { type: 'near'; distance: number; left: Matcher; right: Matcher };

export interface CompiledRule {
  source: string;
  matcher: Matcher;
}

/** Parses and compiles one rule; throws RuleSyntaxError naming the column. */
export function compileRule(source: string): CompiledRule {
  return { source, matcher: compileNode(parseRule(source), source) };
}

function compileNode(node: RuleNode, source: string): Matcher {
  switch (node.type) {
    case 'and':
    case 'or':
      return { type: node.type, children: node.children.map((c) => compileNode(c, source)) };
    case 'not':
      return { type: 'not', child: compileNode(node.child, source) };
    case 'near':
      return {
        type: 'near',
        distance: node.distance,
        left: compileNode(node.left, source),
        right: compileNode(node.right, source),
      };
    case 'term':
      break;
  }
  switch (node.kind) {
    case 'prefix':
      return { type: 'prefix', prefix: node.value };
    case 'hashtag': {
      const parts = splitCamel(node.value);
      return { type: 'hashtag', tag: node.value.toLowerCase(), phrase: parts.length > 1 ? parts.map(stem) : null };
    }
    case 'word':
    case 'phrase': {
      const stems = termStems(node.value, node.kind, source, node.column);
      return stems.length === 1 ? { type: 'stem', stem: stems[0]! } : { type: 'phrase', stems };
    }
  }
}

/**
 * Runs a term through the same tokenizer as posts, so "short-staffed" or "A&E" in a rule splits
 * (or not) exactly as it will in the text.
 */
function termStems(value: string, kind: 'word' | 'phrase', source: string, column: number): string[] {
  const stems: string[] = [];
  for (const token of tokenize(value)) {
    if (token.kind === 'word' || token.kind === 'number') {
      for (const part of token.parts ?? [token]) stems.push(stem(part.text));
    } else if (token.kind === 'hashtag' && kind === 'phrase') {
      for (const part of token.parts ?? []) stems.push(stem(part.text));
    } else if (token.kind !== 'punct') {
      throw new RuleSyntaxError(`${JSON.stringify(token.text)} is not a word (${token.kind})`, source, column);
    }
  }
  if (stems.length === 0) throw new RuleSyntaxError(`${JSON.stringify(value)} has no words to match`, source, column);
  return stems;
}
