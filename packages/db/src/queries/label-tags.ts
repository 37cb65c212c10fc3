import type { Evidence, SentimentClass } from '@lp/contracts/api';
import type { ModelTags } from '../schema/labels';

export type LabelClass = Exclude<SentimentClass, 'unscored'>;

/** What an analyst said about a post. */
export interface StoredLabel {
  sentiment: LabelClass;
  topics: string[];
}

/** `model_version` of the tags a label put in place: the figures say they came from people, not a model. */
export const LABEL_VERSION = 'label';

/** A label is certain: its score is the class's end of the scale (the index counts it in full). */
export const LABEL_SCORE: Record<LabelClass, number> = { negative: -1, neutral: 0, positive: 1 };

export interface EffectiveTags {
  sentiment: { label: SentimentClass; score: number | null; confidence: number | null; evidence: Evidence[] };
  topics: Array<{ id: string; score: number; evidence: Evidence[] }>;
  modelVersion: string;
}

/**
 * The tags a post carries while a label stands: the label's sentiment and topics, keeping the
 * model's evidence where the two agree (the words still explain that tag) and none where they do not.
 */
export function labelledTags(model: ModelTags, label: StoredLabel): EffectiveTags {
  const agrees = model.sentiment.label === label.sentiment;
  const modelTopics = new Map(model.topics.map((t) => [t.id, t]));
  return {
    sentiment: {
      label: label.sentiment,
      score: LABEL_SCORE[label.sentiment],
      confidence: 1,
      evidence: agrees ? model.sentiment.evidence : [],
    },
    topics: [...new Set(label.topics)]
      .sort()
      .map((id) => ({ id, score: 1, evidence: modelTopics.get(id)?.evidence ?? [] })),
    modelVersion: LABEL_VERSION,
  };
}
