import { describe, expect, it } from 'vitest';
import { splitCamel, tokenize } from './tokenize';

const kinds = (text: string) => tokenize(text).map((t) => `${t.kind}:${t.text}`);

describe('tokenize', () => {
  it('gives offsets that slice back to each token', () => {
    const text = 'Thanks @NHSEngland :) see https://nhs.uk/x. A&E waits ❤️ #NHSPay';
    for (const t of tokenize(text)) expect(text.slice(t.start, t.end)).toBe(t.text);
  });

  it('tells words, numbers, mentions, urls, emoticons, emoji and punctuation apart', () => {
    expect(kinds('Hi @bob.bsky.social, 3 nurses :-( 👍🏽 www.nhs.uk!')).toEqual([
      'word:Hi',
      'mention:@bob.bsky.social',
      'punct:,',
      'number:3',
      'word:nurses',
      'emoticon::-(',
      'emoji:👍🏽',
      'url:www.nhs.uk',
      'punct:!',
    ]);
  });

  it('keeps contractions, hyphenated compounds and A&E whole', () => {
    expect(kinds("don't short-staffed A&E")).toEqual(["word:don't", 'word:short-staffed', 'word:A&E']);
  });

  it('does not read times or names as emoticons', () => {
    expect(kinds('at 12:30 :Dave')).toEqual(['word:at', 'number:12:30', 'punct::', 'word:Dave']);
  });

  it('splits camel-case hashtags into parts with their own offsets', () => {
    const text = 'Go #SafeStaffing';
    const [, tag] = tokenize(text);
    expect(tag?.lower).toBe('safestaffing');
    expect(tag?.parts?.map((p) => text.slice(p.start, p.end))).toEqual(['Safe', 'Staffing']);
  });

  it('splits acronyms and digits out of hashtags', () => {
    expect(splitCamel('NHSPay')).toEqual(['NHS', 'Pay']);
    expect(splitCamel('COVID19')).toEqual(['COVID', '19']);
    expect(splitCamel('hellomynameis')).toEqual(['hellomynameis']);
  });

  it('gives hyphenated words their parts', () => {
    const [t] = tokenize('short-staffed');
    expect(t?.parts?.map((p) => [p.text, p.start, p.end])).toEqual([
      ['short', 0, 5],
      ['staffed', 6, 13],
    ]);
  });

  it('recognises redaction placeholders so they never read as words', () => {
    expect(kinds('[NHS number] @[user] [email]').every((k) => k.startsWith('redacted:'))).toBe(true);
  });
});
