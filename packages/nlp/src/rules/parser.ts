import { RuleSyntaxError, type RuleNode } from './ast';
import { lex, type Lexeme } from './lexer';

/**
 * Parses one rule. Precedence, loosest first: OR, AND (also implied between adjacent terms),
 * NOT (prefix), NEAR/n (binary, left to right), then terms and parentheses.
 */
export function parseRule(rule: string): RuleNode {
  const parser = new Parser(rule, lex(rule));
  if (parser.atEnd()) throw new RuleSyntaxError('empty rule', rule, 1);
  const node = parser.parseOr();
  if (!parser.atEnd()) parser.fail(parser.peek()?.type === ')' ? "unmatched ')'" : 'unexpected token');
  if (matchesWithoutTerms(node)) {
    throw new RuleSyntaxError(
      'rule can match a post that contains none of its terms (NOT needs a positive term beside it)',
      rule,
      1,
    );
  }
  return node;
}

class Parser {
  private pos = 0;

  constructor(
    private readonly rule: string,
    private readonly lexemes: Lexeme[],
  ) {}

  atEnd(): boolean {
    return this.pos >= this.lexemes.length;
  }

  peek(): Lexeme | undefined {
    return this.lexemes[this.pos];
  }

  fail(reason: string, at: Lexeme | undefined = this.peek()): never {
    throw new RuleSyntaxError(reason, this.rule, at?.column ?? this.rule.length + 1);
  }

  parseOr(): RuleNode {
    const children = [this.parseAnd()];
    while (this.peek()?.type === 'OR') {
      this.pos++;
      children.push(this.parseAnd());
    }
    return children.length === 1 ? children[0]! : { type: 'or', children };
  }

  private parseAnd(): RuleNode {
    const children = [this.parseUnary()];
    for (;;) {
      const next = this.peek();
      if (next?.type === 'AND') this.pos++;
      else if (next?.type !== 'term' && next?.type !== '(' && next?.type !== 'NOT') break;
      children.push(this.parseUnary());
    }
    return children.length === 1 ? children[0]! : { type: 'and', children };
  }

  private parseUnary(): RuleNode {
    if (this.peek()?.type !== 'NOT') return this.parseNear();
    this.pos++;
    return { type: 'not', child: this.parseUnary() };
  }

  private parseNear(): RuleNode {
    let left = this.parsePrimary();
    for (let op = this.peek(); op?.type === 'NEAR'; op = this.peek()) {
      this.pos++;
      const right = this.parsePrimary();
      if (!positional(left) || !positional(right)) {
        this.fail('NEAR joins terms, phrases or OR-groups of them (no AND or NOT inside)', op);
      }
      left = { type: 'near', distance: op.distance, left, right, column: op.column };
    }
    return left;
  }

  private parsePrimary(): RuleNode {
    const lexeme = this.peek();
    if (lexeme?.type === 'term') {
      this.pos++;
      return lexeme;
    }
    if (lexeme?.type === '(') {
      this.pos++;
      if (this.peek()?.type === ')') this.fail('empty parentheses');
      const inner = this.parseOr();
      if (this.peek()?.type !== ')') this.fail(`missing ')' to close the '(' at column ${lexeme.column}`);
      this.pos++;
      return inner;
    }
    const previous = this.lexemes[this.pos - 1];
    const after = previous && previous.type !== '(' ? ` after ${previous.type}` : '';
    return this.fail(lexeme ? `expected a term${after}, found ${lexeme.type}` : `expected a term${after}`);
  }
}

/** True when the node has positions in the text, so NEAR can measure a distance to it. */
function positional(node: RuleNode): boolean {
  if (node.type === 'term' || node.type === 'near') return true;
  return node.type === 'or' && node.children.every(positional);
}

/** True when the node is satisfied by a post that contains none of its terms (e.g. `NOT x`). */
function matchesWithoutTerms(node: RuleNode): boolean {
  switch (node.type) {
    case 'term':
    case 'near':
      return false;
    case 'not':
      return true;
    case 'and':
      return node.children.every(matchesWithoutTerms);
    case 'or':
      return node.children.some(matchesWithoutTerms);
  }
}
