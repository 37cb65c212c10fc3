import { describe, expect, it } from 'vitest';
import { tokenize } from '../text/tokenize';
import { compileRule } from './compile';
import { prepareMatchDoc } from './match-doc';
import { evaluate } from './matcher';

/** The matched spans, as text, or null when the rule does not match. */
function match(rule: string, text: string): string[] | null {
  const hits = evaluate(compileRule(rule).matcher, prepareMatchDoc(tokenize(text)));
  return hits && hits.flatMap((h) => h.evidence.map((e) => text.slice(e.start, e.end)));
}

describe('rule matching', () => {
  it('matches bare words by stem, case-insensitively', () => {
    expect(match('nurse', 'Three NURSES on nights')).toEqual(['NURSES']);
    expect(match('nurses', 'nursing is hard')).toEqual(['nursing']);
    expect(match('nurse', 'a purse')).toBeNull();
  });

  it('matches quoted phrases as consecutive stemmed words', () => {
    expect(match('"waiting list"', 'NHS waiting lists grow')).toEqual(['waiting lists']);
    expect(match('"waiting list"', 'waiting for the list')).toBeNull();
    expect(match('"duty of candour"', 'the Duty of Candour applies')).toEqual(['Duty of Candour']);
  });

  it('matches a hashtag exactly and its camel-case words as a phrase', () => {
    expect(match('#SafeStaffing', 'We need #safestaffing now')).toEqual(['#safestaffing']);
    expect(match('#SafeStaffing', 'no safe staffing tonight')).toEqual(['safe staffing']);
    expect(match('#SafeStaffing', 'safe but not staffing')).toBeNull();
  });

  it('lets words match inside hashtags and hyphenated compounds', () => {
    expect(match('staffing', 'Again #SafeStaffing')).toEqual(['Staffing']);
    expect(match('"short staffed"', 'short-staffed again')).toEqual(['short-staffed']);
    expect(match('wellbeing', 'staff well-being matters')).toEqual(['well-being']);
  });

  it('matches prefix wildcards on the written word, not the stem', () => {
    expect(match('whistleblow*', 'whistleblowers and whistle-blowing')).toEqual(['whistleblowers', 'whistle-blowing']);
    expect(match('caring*', 'social care')).toBeNull();
    expect(match('caring', 'social care')).toEqual(['care']);
  });

  it('combines with AND, OR and NOT', () => {
    expect(match('agency AND shift', 'agency nurse')).toBeNull();
    expect(match('agency shift', 'agency shifts cut')).toEqual(['agency', 'shifts']);
    expect(match('bully OR harass*', 'harassment at work')).toEqual(['harassment']);
    expect(match('culture NOT (blood NEAR/1 culture)', 'toxic culture')).toEqual(['culture']);
    expect(match('culture NOT (blood NEAR/1 culture)', 'blood culture results')).toBeNull();
  });

  it('matches NEAR/n within n words, in either order', () => {
    expect(match('pay NEAR/2 nurse', 'pay for every nurse')).toEqual(['pay', 'nurse']);
    expect(match('pay NEAR/2 nurse', 'nurses deserve fair pay')).toEqual(['nurses', 'pay']);
    expect(match('pay NEAR/1 nurse', 'pay for every nurse')).toBeNull();
    expect(match('"A&E" NEAR/0 wait*', 'A&E waits')).toEqual(['A&E', 'waits']);
  });

  it('skips URLs, mentions and redacted placeholders', () => {
    expect(match('nhs', 'see https://nhs.uk and @nhs')).toBeNull();
    expect(match('email', 'write to [email]')).toBeNull();
  });

  it('gives evidence offsets that slice to the matched words', () => {
    const text = 'Ward 4: nurses told of a Never Event.';
    const hits = evaluate(compileRule('"never event" OR nurse').matcher, prepareMatchDoc(tokenize(text))) ?? [];
    const spans = hits.flatMap((h) => h.evidence);
    expect(spans.map((e) => [e.start, e.end])).toEqual([
      [25, 36],
      [8, 14],
    ]);
    expect(spans.map((e) => text.slice(e.start, e.end))).toEqual(['Never Event', 'nurses']);
  });
});
