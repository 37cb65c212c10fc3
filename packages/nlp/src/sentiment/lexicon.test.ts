import { describe, expect, it } from 'vitest';
import { scoreSentiment } from './lexicon';

const label = (text: string, question?: string | null) => scoreSentiment({ text, question }).label;
const score = (text: string) => scoreSentiment(text).score;

describe('lexicon sentiment', () => {
  it('labels plainly positive, negative and neutral posts', () => {
    expect(label('The staff on ward 7 were brilliant and so kind')).toBe('positive');
    expect(label('Understaffed again, exhausted and burnt out')).toBe('negative');
    expect(label('The board meets on Tuesday at 10am')).toBe('neutral');
  });

  it('flips negated words until punctuation', () => {
    expect(label('I am happy')).toBe('positive');
    expect(label('I am not happy')).toBe('negative');
    expect(label("Wasn't very good at all")).toBe('negative');
    expect(label('I don’t like the new rota')).toBe('negative');
    expect(label('Not bad')).toBe('positive');
    // The comma closes the negation's scope.
    expect(label('Not today, happy to help')).toBe('positive');
  });

  it('strengthens words after intensifiers and weakens after dampeners', () => {
    expect(score('very good')).toBeGreaterThan(score('good'));
    expect(score('extremely bad')).toBeLessThan(score('bad'));
    expect(score('quite good')).toBeLessThan(score('good'));
  });

  it('weighs the clause after "but" more than the one before', () => {
    expect(label('The nurses were lovely but the wait was awful and the ward was dirty')).toBe('negative');
    expect(label('Long wait but the staff were amazing')).toBe('positive');
  });

  it('scores emoticons and emoji', () => {
    expect(label('night shift done :)')).toBe('positive');
    expect(label('night shift done 🙂')).toBe('positive');
    expect(label('night shift done ❤️')).toBe('positive');
    expect(label('night shift done :(')).toBe('negative');
    expect(label('night shift done 😭')).toBe('negative');
  });

  it('uses the NHS terms AFINN lacks, and does not read "care" or "pay" as praise', () => {
    expect(label('short-staffed on the ward')).toBe('negative');
    expect(label('corridor care on every ward')).toBe('negative');
    expect(label('Social care pay award announced')).toBe('neutral');
  });

  it('reads "like" as an opinion only when it is a verb', () => {
    expect(label('Feels like a Monday')).toBe('neutral');
    expect(label('I like the new rota')).toBe('positive');
  });

  it('reads a "nothing" answer by the survey question', () => {
    expect(label('Nothing.', 'How could we improve?')).toBe('positive');
    expect(label('Absolutely nothing', 'What was good?')).toBe('negative');
    expect(label('Nothing.', null)).toBe('neutral');
    // A suggestion in reply to "what could we do better" is a mild complaint.
    expect(label('Answer the phone quicker', 'What could we do better?')).toBe('negative');
  });

  it('lists evidence with offsets into the text and the weight each word added', () => {
    const text = 'Staff were NOT helpful, frankly rude.';
    const result = scoreSentiment(text);
    expect(result.evidence.map((e) => [text.slice(e.start, e.end), e.term])).toEqual([
      ['helpful', 'helpful'],
      ['rude', 'rude'],
    ]);
    expect(result.evidence.map((e) => e.weight)).toEqual([-1.5, -2]);
    expect(result.label).toBe('negative');
  });

  it('keeps score and confidence in range', () => {
    for (const text of ['', 'awful awful awful terrible horrible', 'amazing amazing amazing !!!', 'ok']) {
      const r = scoreSentiment(text);
      expect(r.score).toBeGreaterThanOrEqual(-1);
      expect(r.score).toBeLessThanOrEqual(1);
      expect(r.confidence).toBeGreaterThanOrEqual(0);
      expect(r.confidence).toBeLessThanOrEqual(1);
    }
  });
});
