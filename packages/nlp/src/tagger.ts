import { resolveLanguage, SCORED_LANGUAGES } from './lang';
import { createRedactor, type RedactOptions } from './redact';
import { prepareMatchDoc } from './rules/match-doc';
import { lexiconScorer } from './sentiment/lexicon';
import type { SentimentScorer } from './sentiment/scorer';
import { loadTaxonomy, type Taxonomy } from './taxonomy';
import { tokenize } from './text/tokenize';
import { tagTopics } from './topics';
import type { Evidence, SentimentTag, TopicTag } from './types';

export type { Evidence, SentimentTag, TopicTag };
export type { Taxonomy };

export interface TagInput {
  id: string | number;
  text: string;
  lang?: string | null;
  question?: string | null;
}

export interface TagResult {
  id: string | number;
  lang: string | null;
  /** Redacted text; all evidence offsets index into THIS string. */
  text: string;
  /** null = language not scored. */
  sentiment: SentimentTag | null;
  topics: TopicTag[];
}

export interface Tagger {
  modelVersion: string;
  taxonomy: Taxonomy;
  tagBatch(inputs: TagInput[]): TagResult[];
}

export interface TaggerOptions {
  /** Taxonomy YAML to load; default: the taxonomy shipped in this package. */
  taxonomyPath?: string;
  /** Sentiment model; default: the lexicon baseline. */
  scorer?: SentimentScorer;
  /** Which @handles are organisations and stay visible. */
  redact?: RedactOptions;
}

/**
 * Builds the tagger once per worker: the taxonomy is read and compiled here, never per post.
 * Per post: redact, resolve the language, match topics, then score sentiment if the language is scored.
 */
export function createTagger(opts: TaggerOptions = {}): Tagger {
  const taxonomy = loadTaxonomy(opts.taxonomyPath);
  const scorer = opts.scorer ?? lexiconScorer;
  const redact = createRedactor(opts.redact);
  return {
    modelVersion: `${scorer.version}+rules-${taxonomy.hash}`,
    taxonomy,
    tagBatch: (inputs) =>
      inputs.map((input) => {
        const { text } = redact(input.text);
        // One tokenization feeds language, topics and sentiment.
        const tokens = tokenize(text);
        const lang = resolveLanguage(input.lang, text, tokens);
        const topics = tagTopics(taxonomy, prepareMatchDoc(tokens), text);
        const sentiment =
          lang !== null && SCORED_LANGUAGES.has(lang) ? scorer.score({ text, tokens, question: input.question }) : null;
        return { id: input.id, lang, text, sentiment, topics };
      }),
  };
}
