import type { Token } from '../text/tokenize';
import type { SentimentTag } from '../types';

export interface SentimentInput {
  /** The (redacted) text; evidence offsets index into it. */
  text: string;
  /** Tokens of `text` when the caller already has them, so the post is tokenized once. */
  tokens?: Token[];
  /** The question a survey answer replies to (FFT): "Nothing." means opposite things to "How could we improve?" and "What was good?". */
  question?: string | null;
}

/**
 * What the tagger needs from a sentiment model. The lexicon baseline implements it today; a trained
 * model replaces it later without touching the tagger.
 */
export interface SentimentScorer {
  /** Goes into the tagger's modelVersion, so stored tags say which model made them. */
  readonly version: string;
  score(input: SentimentInput): SentimentTag;
}
