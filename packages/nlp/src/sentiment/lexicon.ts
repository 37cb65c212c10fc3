import { tokenize, type Token } from '../text/tokenize';
import type { Evidence, SentimentTag } from '../types';
import {
  AFTER_CONTRAST,
  BEFORE_CONTRAST,
  CAPS_FACTOR,
  CONTRAST,
  INTENSIFIERS,
  INTENSIFIER_SCOPE,
  LIKE_AS_VERB_AFTER,
  NEGATION_FACTOR,
  NEGATION_SCOPE,
  isNegator,
} from './modifiers';
import { FRAME_PRIOR, framedAnswer, questionFrame } from './question';
import type { SentimentInput, SentimentScorer } from './scorer';
import { MAX_PHRASE, phraseValence, startsPhrase, symbolValence, wordValence } from './valence';

export const LEXICON_VERSION = 'lexicon-afinn165-v1';

// VADER's normalisation: sum / sqrt(sum^2 + alpha) maps any sum into (-1, 1); alpha 15 puts one
// strong word ("awful", -3) at -0.61 and needs several words to pass ±0.9.
const ALPHA = 15;
/** |score| at or below this is neutral. */
export const NEUTRAL_BAND = 0.05;
// Each '!' in a sentence strengthens it a little, up to three.
const BANG_STEP = 0.1;
const MAX_BANGS = 3;

const SENTENCE_END = /^[.!?…]+$/;
const HAS_LOWER = /\p{Ll}/u;
const HAS_UPPER = /\p{Lu}/u;

/** The lexicon baseline: AFINN-165 plus hand-written NHS terms, negation, intensifiers, but-clauses. */
export const lexiconScorer: SentimentScorer = { version: LEXICON_VERSION, score: scoreSentiment };

export function scoreSentiment(input: SentimentInput | string): SentimentTag {
  const { text, tokens = tokenize(text), question } = typeof input === 'string' ? { text: input } : input;
  const mixedCase = HAS_LOWER.test(text);
  const evidence: Evidence[] = [];
  for (const sentence of sentences(text, tokens)) scoreSentence(text, sentence, mixedCase, evidence);
  const frame = questionFrame(question);
  const words = frame ? tokens.filter((t) => t.kind === 'word') : [];
  const answer = frame ? framedAnswer(frame, text, words) : undefined;
  if (answer) {
    // The framed reading replaces the words' own valence: "Nothing" is not a negator here.
    const { token, weight } = answer;
    evidence.length = 0;
    evidence.push({ term: token.text, start: token.start, end: token.end, weight });
  }
  let sum = evidence.reduce((acc, e) => acc + (e.weight ?? 0), 0);
  if (frame && evidence.length === 0) sum = FRAME_PRIOR[frame];
  const score = sum / Math.sqrt(sum * sum + ALPHA);
  const label = score > NEUTRAL_BAND ? 'positive' : score < -NEUTRAL_BAND ? 'negative' : 'neutral';
  return { label, score: round(score), confidence: round(confidence(score, evidence.length)), evidence };
}

/**
 * Heuristic, not calibrated: polar labels grow surer with |score|. Without evidence the lexicon is
 * guessing (neutral by default, or the survey question's lean); a neutral from cancelling words
 * is no surer.
 */
function confidence(score: number, evidenceCount: number): number {
  const polar = Math.abs(score) > NEUTRAL_BAND;
  if (evidenceCount === 0) return polar ? 0.4 : 0.5;
  return polar ? 0.5 + Math.abs(score) / 2 : 0.4;
}

interface Sentence {
  units: Token[];
  /** clauseStart[i]: punctuation (or the sentence start) comes right before units[i]. */
  clauseStart: boolean[];
  bangs: number;
}

/** Splits into sentences at . ! ? … and line breaks, marking clause starts at other punctuation. */
function sentences(text: string, tokens: Token[]): Sentence[] {
  const out: Sentence[] = [];
  let current: Sentence = { units: [], clauseStart: [], bangs: 0 };
  let clauseStart = true;
  let newline = text.indexOf('\n');
  for (const token of tokens) {
    const lineBreak = newline >= 0 && newline < token.start;
    if (lineBreak) newline = text.indexOf('\n', token.end);
    if (lineBreak || (token.kind === 'punct' && SENTENCE_END.test(token.text))) {
      if (current.units.length > 0) out.push(current);
      current = { units: [], clauseStart: [], bangs: 0 };
      clauseStart = true;
    }
    if (token.kind === 'punct') {
      if (token.text === '!') current.bangs++;
      clauseStart = true;
    } else if (token.kind !== 'url' && token.kind !== 'mention' && token.kind !== 'redacted') {
      current.units.push(token);
      current.clauseStart.push(clauseStart);
      clauseStart = false;
    }
  }
  if (current.units.length > 0) out.push(current);
  return out;
}

function scoreSentence(text: string, sentence: Sentence, mixedCase: boolean, evidence: Evidence[]): void {
  const { units, bangs } = sentence;
  const contrastAt = units.findLastIndex((u) => CONTRAST.has(u.lower));
  const emphasis = 1 + BANG_STEP * Math.min(bangs, MAX_BANGS);
  for (let at = 0; at < units.length;) {
    const match = valenceAt(sentence, at);
    at += match.length;
    if (match.scored.length === 0) continue;
    const start = at - match.length;
    const clause = contrastAt < 0 ? 1 : start < contrastAt ? BEFORE_CONTRAST : AFTER_CONTRAST;
    const context = modifier(sentence, start) * emphasis * clause;
    for (const { span, valence } of match.scored) {
      let weight = valence * context;
      if (mixedCase && isShouted(span.text)) weight *= CAPS_FACTOR;
      evidence.push({
        term: text.slice(span.start, span.end),
        start: span.start,
        end: span.end,
        weight: round(weight),
      });
    }
  }
}

interface Scored {
  span: { text: string; start: number; end: number };
  valence: number;
}

const NOTHING_SCORED = { length: 1, scored: [] as Scored[] };

/** The valence-bearing span(s) starting at unit i: a multi-word phrase, a word, or a compound's parts. */
function valenceAt({ units, clauseStart }: Sentence, i: number): { length: number; scored: Scored[] } {
  const unit = units[i]!;
  const longest = startsPhrase(unit.lower) ? Math.min(MAX_PHRASE, units.length - i) : 0;
  for (let n = longest; n >= 2; n--) {
    const run = units.slice(i, i + n);
    if (run.some((u, k) => k > 0 && (clauseStart[i + k] || u.kind !== 'word'))) continue;
    const valence = phraseValence(run.map((u) => u.lower));
    if (valence === undefined) continue;
    const last = run[n - 1]!;
    const span = { text: run.map((u) => u.text).join(' '), start: unit.start, end: last.end };
    return { length: n, scored: valence === 0 ? [] : [{ span, valence }] };
  }
  if (unit.kind === 'emoticon' || unit.kind === 'emoji') {
    const valence = symbolValence(unit);
    return valence ? { length: 1, scored: [{ span: unit, valence }] } : NOTHING_SCORED;
  }
  if (unit.kind !== 'word' && unit.kind !== 'hashtag') return NOTHING_SCORED;
  if (isNegator(unit.lower)) return NOTHING_SCORED;
  if (unit.lower === 'like' && !LIKE_AS_VERB_AFTER.has(units[i - 1]?.lower ?? '')) return NOTHING_SCORED;
  const whole = wordValence(unit.lower);
  if (whole !== undefined || !unit.parts || unit.parts.length < 2) {
    return whole ? { length: 1, scored: [{ span: unit, valence: whole }] } : NOTHING_SCORED;
  }
  const scored: Scored[] = [];
  for (const part of unit.parts) {
    const valence = wordValence(part.text.toLowerCase());
    if (valence) scored.push({ span: part, valence });
  }
  return { length: 1, scored };
}

/** Negation and intensity from the few words before unit i, within its clause. */
function modifier({ units, clauseStart }: Sentence, i: number): number {
  let factor = 1;
  let negated = false;
  for (let k = 1; k <= NEGATION_SCOPE; k++) {
    const before = units[i - k];
    if (!before || clauseStart[i - k + 1] || CONTRAST.has(before.lower)) break;
    if (isNegator(before.lower)) negated = true;
    else if (k <= INTENSIFIER_SCOPE) factor *= INTENSIFIERS.get(before.lower) ?? 1;
  }
  return negated ? factor * NEGATION_FACTOR : factor;
}

function isShouted(word: string): boolean {
  return word.length > 1 && HAS_UPPER.test(word) && !HAS_LOWER.test(word);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
