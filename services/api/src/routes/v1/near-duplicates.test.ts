import { describe, expect, it } from 'vitest';
import { foldNearDuplicates, jaccard, wordSet } from './near-duplicates';

describe('near-duplicate folding', () => {
  it('folds retweets and pasted copies into the first, and counts them', () => {
    const posts = [
      { id: 1, text: 'Third night short-staffed on the ward, two nurses for thirty beds #SafeStaffing' },
      {
        id: 2,
        text: 'RT @nurse1: Third night short-staffed on the ward, two nurses for thirty beds #SafeStaffing https://t.co/x',
      },
      { id: 3, text: 'Pay award is an insult to every nurse' },
      { id: 4, text: 'third night SHORT-STAFFED on the ward: two nurses for thirty beds' },
      { id: 5, text: 'Night shift short staffed again, five nurses off sick' },
    ];
    const folded = foldNearDuplicates(posts, 10);
    expect(folded.map((p) => [p.id, p.similar])).toEqual([
      [1, 2],
      [3, 0],
      [5, 0],
    ]);
    expect(foldNearDuplicates(posts, 2).map((p) => p.id)).toEqual([1, 3]);
  });

  it('compares word sets without links, mentions or hashtag signs', () => {
    expect([...wordSet('RT @a: Hello #NHS https://x.y/z')]).toEqual(['hello', 'nhs']);
    expect(jaccard(new Set(['a', 'b']), new Set(['b', 'c']))).toBeCloseTo(1 / 3, 9);
  });
});
