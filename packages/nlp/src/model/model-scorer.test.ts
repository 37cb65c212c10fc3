import { describe, expect, it } from 'vitest';
import { defaultModelScorer } from './model-scorer';

// Loads the committed weights in packages/nlp/model (no data from ../shared).
const scorer = defaultModelScorer();
const label = (text: string, question?: string) => scorer.score({ text, question }).label;

describe('trained model', () => {
  it('loads from the committed files', () => {
    expect(scorer.version).toMatch(/^logreg-ngram-v2/);
    expect(scorer.topicIds).toContain('compassion');
  });

  it('labels clear examples', () => {
    expect(label('The nurses were amazing, so kind and caring. Thank you!')).toBe('positive');
    expect(label('Absolutely awful. Waited 9 hours and nobody cared. Disgusting.')).toBe('negative');
    expect(label('The clinic moves to the new building on Monday.')).toBe('neutral');
  });

  it('reads "not good" as worse than "good"', () => {
    const good = scorer.score({ text: 'The food was good' });
    const notGood = scorer.score({ text: 'The food was not good' });
    expect(good.label).toBe('positive');
    expect(notGood.score).toBeLessThan(good.score - 0.3);
    expect(notGood.label).not.toBe('positive');
  });

  it('gives a score in [-1, 1] and a confidence in (0, 1]', () => {
    const s = scorer.score({ text: 'Great care, lovely staff' });
    expect(s.score).toBeGreaterThan(0);
    expect(s.score).toBeLessThanOrEqual(1);
    expect(s.confidence).toBeGreaterThan(0.33);
    expect(s.confidence).toBeLessThanOrEqual(1);
  });

  it('points evidence at real spans of the text', () => {
    const text = 'Lovely staff but the waiting time was terrible :( #NHS';
    const { sentiment, topics } = scorer.analyse({ text });
    expect(sentiment.evidence.length).toBeGreaterThan(0);
    for (const e of [...sentiment.evidence, ...topics.flatMap((t) => t.evidence)]) {
      expect(text.slice(e.start, e.end)).toBe(e.term);
      expect(e.weight).toBeGreaterThan(0);
    }
  });

  it('reads a bare "Nothing." by the question it answers', () => {
    const improve = scorer.score({ text: 'Nothing.', question: 'How could we improve?' });
    const good = scorer.score({ text: 'Nothing.', question: 'What was good?' });
    expect(improve.label).toBe('positive');
    expect(good.score).toBeLessThan(improve.score);
    expect(good.label).not.toBe('positive');
  });

  it('tags waiting and kindness topics from the classifier', () => {
    const { topics } = scorer.analyse({
      text: 'Waited over four hours to be seen, far too long.',
      question: 'What could we do better?',
    });
    expect(topics.map((t) => t.id)).toContain('waiting-times');
  });
});
