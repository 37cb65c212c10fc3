/** Where a tag came from: `text.slice(start, end)` of the redacted text is `term`. */
export interface Evidence {
  term: string;
  start: number;
  end: number;
  weight?: number;
}

export interface TopicTag {
  id: string;
  score: number;
  evidence: Evidence[];
}

export interface SentimentTag {
  label: 'positive' | 'neutral' | 'negative';
  score: number;
  confidence: number;
  evidence: Evidence[];
}
