import type { Token } from '../text/tokenize';

export type QuestionFrame = 'change' | 'praise';

// Survey questions that ask what to change ("How could we improve?", "What could we do better?").
const ASKS_FOR_CHANGE = /\b(?:improve|better|differently|change|dislike|worse|disappoint|dissatisf)/i;
// Questions that ask what went well ("What was good?").
const ASKS_FOR_PRAISE = /\b(?:good|well|like|liked|best|enjoy|satisf)/i;

// Ways of answering "nothing": a plain word, a hedge, or "can't think of anything".
const NOTHING =
  /^(?:(?:absolutely|really|honestly|genuinely|literally|just)\s+)?(?:nothing|none|nil|nope|no|n\/?a|not (?:a lot|much|really|anything)|(?:i\s+)?(?:can'?t|cannot|could\s?n'?t|can)\s+think\s+of\s+(?:anything|nothing))\b/i;
const EVERYTHING = /^(?:(?:absolutely|just|literally)\s+)?everything\b/i;
const CURLY = /’/g;
// Past this many words the answer says something of its own, which the lexicon scores.
const MAX_NOTHING_WORDS = 8;
// "Everything was fine" is not "Everything." — only a bare "everything" flips with the question.
const MAX_EVERYTHING_WORDS = 3;
const VALENCE = 2;
/** Lean of an answer the lexicon finds nothing in: a suggestion after "how could we improve?" is a mild complaint. */
export const FRAME_PRIOR: Record<QuestionFrame, number> = { change: -1, praise: 1 };

/** What the question asks for; null when it asks both ways ("satisfied and/or dissatisfied") or neither. */
export function questionFrame(question: string | null | undefined): QuestionFrame | null {
  if (!question) return null;
  const change = ASKS_FOR_CHANGE.test(question);
  if (change === ASKS_FOR_PRAISE.test(question)) return null;
  return change ? 'change' : 'praise';
}

/**
 * A short "nothing" / "everything" answer means opposite things depending on the question:
 * "Nothing." to "How could we improve?" is praise, to "What was good?" a complaint.
 */
export function framedAnswer(
  frame: QuestionFrame,
  text: string,
  words: Token[],
): { token: Token; weight: number } | undefined {
  const first = words[0];
  if (!first) return undefined;
  const answer = text.slice(first.start).replace(CURLY, "'");
  const sign = frame === 'change' ? 1 : -1;
  if (words.length <= MAX_NOTHING_WORDS && NOTHING.test(answer)) return { token: first, weight: sign * VALENCE };
  if (words.length <= MAX_EVERYTHING_WORDS && EVERYTHING.test(answer)) return { token: first, weight: -sign * VALENCE };
  return undefined;
}
