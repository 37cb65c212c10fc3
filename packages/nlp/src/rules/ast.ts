/**
 * Shortest prefix before a `*` wildcard: shorter ones ("st*") match half the dictionary. The
 * per-post prefix index keys on this many letters.
 */
export const MIN_PREFIX = 3;

/** What a rule's text says, before terms are stemmed (see compile.ts for the matchable form). */
export type TermKind = 'word' | 'prefix' | 'phrase' | 'hashtag';

export type RuleNode =
  | { type: 'term'; kind: TermKind; value: string; column: number }
  | { type: 'and' | 'or'; children: RuleNode[] }
  | { type: 'not'; child: RuleNode }
  | { type: 'near'; distance: number; left: RuleNode; right: RuleNode; column: number };

/** A rule that does not parse. `column` is 1-based into the rule text. */
export class RuleSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly rule: string,
    readonly column: number,
  ) {
    super(`column ${column}: ${reason} in rule ${JSON.stringify(rule)}`);
    this.name = 'RuleSyntaxError';
  }
}
