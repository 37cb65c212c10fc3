import type { TaggedPost } from '@lp/db/queries/tagged-posts';
import type { TagResult } from '@lp/nlp/tagger';

/** A tagger result as the posts tables keep it: a post in a language not scored is 'unscored'. */
export function storedTags(r: TagResult): Pick<TaggedPost, 'sentiment' | 'topics'> {
  return {
    sentiment: r.sentiment
      ? {
          label: r.sentiment.label,
          score: r.sentiment.score,
          confidence: r.sentiment.confidence,
          evidence: r.sentiment.evidence,
        }
      : { label: 'unscored', score: null, confidence: null, evidence: [] },
    topics: r.topics.map((t) => ({ id: t.id, score: t.score, evidence: t.evidence })),
  };
}
