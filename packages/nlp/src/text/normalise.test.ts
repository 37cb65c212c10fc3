import { describe, expect, it } from 'vitest';
import { extractFeatures, FeatureBuffer } from '../model/features';
import {
  foldSpelling,
  isEntityName,
  isEscapedHeart,
  negationScopes,
  normaliseWord,
  squeezeElongation,
} from './normalise';
import { tokenize } from './tokenize';

describe('normaliseWord', () => {
  it('squeezes stretched letters but keeps real double letters', () => {
    expect(squeezeElongation('sooooo')).toBe('soo');
    expect(squeezeElongation('goooood')).toBe('good');
    expect(squeezeElongation('good')).toBe('good');
    expect(normaliseWord('Soooo'.toLowerCase())).toBe('soo');
  });

  it('folds UK and US spellings to one form', () => {
    for (const [uk, us] of [
      ['colour', 'color'],
      ['organise', 'organize'],
      ['organisation', 'organization'],
      ['apologised', 'apologized'],
      ['centre', 'center'],
      ['analyse', 'analyze'],
      ['paediatric', 'pediatric'],
      ['favourite', 'favorite'],
      ['programme', 'program'],
    ]) {
      expect(foldSpelling(uk!)).toBe(foldSpelling(us!));
    }
  });

  it('leaves words that only look like UK spellings alone', () => {
    for (const w of ['hour', 'your', 'four', 'our', 'rise', 'wise', 'constructor', 'toString'])
      expect(normaliseWord(w)).toBe(w);
  });

  it('straightens curly apostrophes', () => {
    expect(normaliseWord('don’t')).toBe("don't");
  });
});

describe('negationScopes', () => {
  const flags = (text: string) => {
    const tokens = tokenize(text);
    const f = negationScopes(tokens);
    return tokens.filter((_, i) => f[i]).map((t) => t.text);
  };

  it('marks the words after a negator up to the clause end', () => {
    expect(flags('The nurses were not kind, the doctor was great')).toEqual(['kind']);
    expect(flags("I don't think the care was good")).toEqual(['think', 'the', 'care', 'was']);
  });

  it('stops at but', () => {
    expect(flags('never rude but slow')).toEqual(['rude']);
  });
});

describe('HTML entities and hashtags', () => {
  it('recognises &amp; and the escaped heart &lt;3', () => {
    const tokens = tokenize('tea &amp; cake &lt;3');
    const amp = tokens.findIndex((t) => t.text === 'amp');
    const lt = tokens.findIndex((t) => t.text === 'lt');
    expect(isEntityName(tokens, amp)).toBe(true);
    expect(isEscapedHeart(tokens, amp)).toBe(false);
    expect(isEscapedHeart(tokens, lt)).toBe(true);
  });

  it('reads #SafeStaffing as the words "safe staffing"', () => {
    const cfg = { bits: 18, charScale: 0.3 };
    const features = (text: string) => {
      const buf = new FeatureBuffer();
      extractFeatures(text, tokenize(text), null, cfg, buf);
      return new Set(Array.from(buf.idx.subarray(0, buf.n)));
    };
    const tag = features('#SafeStaffing');
    const words = features('safe staffing');
    const shared = [...words].filter((f) => tag.has(f));
    // Every word, bigram and char n-gram of "safe staffing" is also a feature of the hashtag.
    expect(shared.length).toBe(words.size);
  });
});
