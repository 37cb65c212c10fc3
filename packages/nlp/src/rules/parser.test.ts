import { describe, expect, it } from 'vitest';
import { RuleSyntaxError } from './ast';
import { parseRule } from './parser';

const shape = (rule: string): unknown => strip(parseRule(rule));
// Columns are tested separately; here only the tree matters.
function strip(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strip);
  if (node && typeof node === 'object') {
    return Object.fromEntries(
      Object.entries(node)
        .filter(([k]) => k !== 'column')
        .map(([k, v]) => [k, strip(v)]),
    );
  }
  return node;
}
const term = (kind: string, value: string) => ({ type: 'term', kind, value });

function syntaxError(rule: string): RuleSyntaxError {
  try {
    parseRule(rule);
  } catch (err) {
    if (err instanceof RuleSyntaxError) return err;
    throw err;
  }
  throw new Error(`expected ${rule} not to parse`);
}

describe('parseRule', () => {
  it('reads the four kinds of term', () => {
    expect(shape('nurse')).toEqual(term('word', 'nurse'));
    expect(shape('"duty of candour"')).toEqual(term('phrase', 'duty of candour'));
    expect(shape('#SafeStaffing')).toEqual(term('hashtag', 'SafeStaffing'));
    expect(shape('Whistleblow*')).toEqual(term('prefix', 'whistleblow'));
  });

  it('treats adjacent terms as AND', () => {
    expect(shape('agency shifts')).toEqual({ type: 'and', children: [term('word', 'agency'), term('word', 'shifts')] });
  });

  it('binds AND tighter than OR, NOT tighter than AND, NEAR tightest', () => {
    expect(shape('a OR b AND NOT c')).toEqual({
      type: 'or',
      children: [
        term('word', 'a'),
        { type: 'and', children: [term('word', 'b'), { type: 'not', child: term('word', 'c') }] },
      ],
    });
    expect(shape('pay NEAR/3 nurse OR strike')).toEqual({
      type: 'or',
      children: [
        { type: 'near', distance: 3, left: term('word', 'pay'), right: term('word', 'nurse') },
        term('word', 'strike'),
      ],
    });
  });

  it('groups with parentheses', () => {
    expect(shape('(a OR b) c')).toEqual({
      type: 'and',
      children: [{ type: 'or', children: [term('word', 'a'), term('word', 'b')] }, term('word', 'c')],
    });
  });

  it('names the column of a syntax error', () => {
    expect(syntaxError('(staff OR nurse').message).toMatch(/column 16: missing '\)' to close the '\(' at column 1/);
    expect(syntaxError('staff OR').column).toBe(9);
    expect(syntaxError('staff ) nurse').column).toBe(7);
    expect(syntaxError('"never event').column).toBe(1);
    expect(syntaxError('pay NEAR nurse').column).toBe(5);
    expect(syntaxError('pay NEAR/99 nurse').reason).toMatch(/over the limit/);
  });

  it('rejects lower-case operators, bad wildcards and rules that need no term', () => {
    expect(syntaxError('pay or strike').reason).toMatch(/upper-case: write OR/);
    expect(syntaxError('st*').reason).toMatch(/at least 3 letters/);
    expect(syntaxError('wh*stle').column).toBe(3);
    expect(syntaxError('NOT agency').reason).toMatch(/none of its terms/);
    expect(syntaxError('a NEAR/2 (b AND c)').reason).toMatch(/NEAR joins terms/);
    expect(syntaxError('()').reason).toMatch(/empty parentheses/);
    expect(syntaxError('   ').reason).toBe('empty rule');
  });
});
