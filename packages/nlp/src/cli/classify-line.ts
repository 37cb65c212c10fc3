import { z } from 'zod';
import type { TagInput, TagResult, TopicTag } from '../tagger';

const zClassifyInput = z.object({
  id: z.union([z.string(), z.number()]),
  text: z.string().refine((t) => t.trim() !== '', 'must not be empty'),
  question: z.string().nullish(),
  lang: z.string().nullish(),
});

export interface ClassifyOutput {
  id: string | number;
  lang: string | null;
  sentiment: { label: string; score: number; confidence: number } | null;
  topics: TopicTag[];
  redacted: string;
}

/** One input line → a tagger input, or the reason it cannot be tagged (no input text in it: it may hold PII). */
export function parseLine(raw: string): { input: TagInput } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { error: 'not valid JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { error: 'expected a JSON object' };
  }
  const parsed = zClassifyInput.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'input';
    const missing = issue !== undefined && issue.path.length === 1 && !(String(issue.path[0]) in value);
    return { error: missing ? `${field}: required` : `${field}: ${issue?.message ?? 'invalid'}` };
  }
  return { input: parsed.data };
}

/** The CLI's output shape: the tag result with sentiment evidence dropped and the text named `redacted`. */
export function formatResult(r: TagResult): ClassifyOutput {
  const sentiment = r.sentiment && {
    label: r.sentiment.label,
    score: r.sentiment.score,
    confidence: r.sentiment.confidence,
  };
  return { id: r.id, lang: r.lang, sentiment, topics: r.topics, redacted: r.text };
}
