import { MIN_PREFIX, RuleSyntaxError, type TermKind } from './ast';

export type Lexeme =
  | { type: '(' | ')' | 'AND' | 'OR' | 'NOT'; column: number }
  | { type: 'NEAR'; distance: number; column: number }
  | { type: 'term'; kind: TermKind; value: string; column: number };

// A larger window stops meaning "near" in a post of a few dozen words.
export const MAX_NEAR = 50;

const WHITESPACE = /\s/;
const BARE = /[^\s()"]+/y;
const NEAR = /^NEAR\/(\d+)$/;
const LOWER_OPERATOR = /^(?:and|or|not|near(?:\/\d*)?)$/i;
const HASHTAG = /^#(?=[\p{N}_]*\p{L})[\p{L}\p{M}\p{N}_]+$/u;
const PREFIX_BODY = /^[\p{L}\p{M}\p{N}]+$/u;

export function lex(rule: string): Lexeme[] {
  const out: Lexeme[] = [];
  const fail = (reason: string, index: number): never => {
    throw new RuleSyntaxError(reason, rule, index + 1);
  };
  let i = 0;
  while (i < rule.length) {
    const ch = rule[i] ?? '';
    const column = i + 1;
    if (WHITESPACE.test(ch)) {
      i++;
    } else if (ch === '(' || ch === ')') {
      out.push({ type: ch, column });
      i++;
    } else if (ch === '"') {
      const close = rule.indexOf('"', i + 1);
      if (close < 0) fail('unterminated quoted phrase', i);
      const value = rule.slice(i + 1, close);
      if (value.trim() === '') fail('empty quoted phrase', i);
      out.push({ type: 'term', kind: 'phrase', value, column });
      i = close + 1;
    } else {
      BARE.lastIndex = i;
      const raw = BARE.exec(rule)?.[0] ?? ch;
      out.push(bare(raw, i, fail));
      i += raw.length;
    }
  }
  return out;
}

function bare(raw: string, index: number, fail: (reason: string, index: number) => never): Lexeme {
  const column = index + 1;
  if (raw === 'AND' || raw === 'OR' || raw === 'NOT') return { type: raw, column };
  const near = NEAR.exec(raw);
  if (near) {
    const distance = Number(near[1]);
    if (distance > MAX_NEAR) fail(`NEAR distance ${distance} is over the limit of ${MAX_NEAR}`, index);
    return { type: 'NEAR', distance, column };
  }
  if (raw.startsWith('NEAR')) fail('NEAR needs a distance, e.g. NEAR/5', index);
  if (LOWER_OPERATOR.test(raw)) {
    fail(`operators are upper-case: write ${raw.toUpperCase()}, or "${raw}" in quotes to match the word`, index);
  }
  if (raw.startsWith('#')) {
    if (!HASHTAG.test(raw)) fail(`bad hashtag ${raw} (letters, digits and _ only)`, index);
    return { type: 'term', kind: 'hashtag', value: raw.slice(1), column };
  }
  const star = raw.indexOf('*');
  if (star >= 0) {
    const body = raw.slice(0, -1);
    if (star !== raw.length - 1) fail('* is only allowed at the end of a word', index + star);
    if (!PREFIX_BODY.test(body)) fail(`wildcard ${raw} must be letters or digits before the *`, index);
    if (body.length < MIN_PREFIX) fail(`wildcard ${raw} needs at least ${MIN_PREFIX} letters before the *`, index);
    return { type: 'term', kind: 'prefix', value: body.toLowerCase(), column };
  }
  return { type: 'term', kind: 'word', value: raw, column };
}
