import { resolveLanguage, SCORED_LANGUAGES, type DetectLanguage } from './lang';
import { createRedactor, type RedactOptions } from './redact';
import { prepareMatchDoc } from './rules/match-doc';
import { mergeTopics } from './model/merge-topics';
import { defaultModelScorer, type ModelScorer } from './model/model-scorer';
import type { SentimentInput, SentimentScorer } from './sentiment/scorer';
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
  /** The scorer behind the sentiment (and, for the trained model, the topic heads). */
  scorer: SentimentScorer;
  tagBatch(inputs: TagInput[]): TagResult[];
  /** What the scorer is given for a post: redacted, language resolved; `sentiment` null when the language is not scored. */
  prepare(input: TagInput): { lang: string | null; text: string; sentiment: SentimentInput | null };
}

export interface TaggerOptions {
  /** Taxonomy YAML to load; default: the taxonomy shipped in this package. */
  taxonomyPath?: string;
  /** Sentiment model; default: the trained model in model/ (its topic heads join the rules). `lexiconScorer` is the baseline. */
  scorer?: SentimentScorer;
  /** Which @handles are organisations and stay visible. */
  redact?: RedactOptions;
  /** Language model for posts with no platform language that do not read as plain English (see loadTagger). */
  detectLanguage?: DetectLanguage;
  /** false: skip the cheap English check and send every such post to detectLanguage (benchmarks). */
  englishCheckFirst?: boolean;
}

/**
 * Builds the tagger once per worker: the taxonomy is read and compiled here, never per post.
 * Per post: redact, resolve the language, match topics, then score sentiment if the language is scored.
 */
export function createTagger(opts: TaggerOptions = {}): Tagger {
  const taxonomy = loadTaxonomy(opts.taxonomyPath);
  const scorer = opts.scorer ?? defaultModelScorer();
  // The trained model scores sentiment and topics from one feature pass; other scorers only do sentiment.
  const model = 'analyse' in scorer ? (scorer as ModelScorer) : undefined;
  const topicOrder = taxonomy.topics.map((t) => t.id);
  const redact = createRedactor(opts.redact);
  const langOpts = { detect: opts.detectLanguage, englishCheckFirst: opts.englishCheckFirst };
  const prepare = (input: TagInput) => {
    const { text } = redact(input.text);
    // One tokenization feeds language, topics and sentiment.
    const tokens = tokenize(text);
    // A survey answer too short to identify ("Nothing.") answers an English question: score it as English.
    const lang = resolveLanguage(input.lang, text, tokens, langOpts) ?? (input.question ? 'en' : null);
    const scored = lang !== null && SCORED_LANGUAGES.has(lang);
    return { lang, text, tokens, sentiment: scored ? { text, tokens, question: input.question } : null };
  };
  return {
    modelVersion: `${scorer.version}+rules-${taxonomy.hash}`,
    taxonomy,
    scorer,
    prepare,
    tagBatch: (inputs) =>
      inputs.map((input) => {
        const { lang, text, tokens, sentiment: sentimentInput } = prepare(input);
        const ruleTopics = tagTopics(taxonomy, prepareMatchDoc(tokens), text);
        if (!sentimentInput) return { id: input.id, lang, text, sentiment: null, topics: ruleTopics };
        if (!model) return { id: input.id, lang, text, sentiment: scorer.score(sentimentInput), topics: ruleTopics };
        const { sentiment, topics } = model.analyse(sentimentInput);
        return { id: input.id, lang, text, sentiment, topics: mergeTopics(topicOrder, ruleTopics, topics) };
      }),
  };
}
