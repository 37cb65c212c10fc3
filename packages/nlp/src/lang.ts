import { wordValence } from './sentiment/valence';
import { STOP_WORDS } from './text/stopwords';
import { tokenize, type Token } from './text/tokenize';

/** Languages the sentiment model scores; posts in any other language are stored unscored. */
export const SCORED_LANGUAGES: ReadonlySet<string> = new Set(['en']);

// ISO 639-2/3 codes platforms send for languages NHS posts are likely to be in.
const THREE_TO_TWO: Record<string, string> = {
  eng: 'en',
  cym: 'cy',
  wel: 'cy',
  gla: 'gd',
  gle: 'ga',
  fra: 'fr',
  fre: 'fr',
  deu: 'de',
  ger: 'de',
  spa: 'es',
  por: 'pt',
  ita: 'it',
  pol: 'pl',
  ron: 'ro',
  rum: 'ro',
  lit: 'lt',
  urd: 'ur',
  pan: 'pa',
  ben: 'bn',
  guj: 'gu',
  hin: 'hi',
  tam: 'ta',
  ara: 'ar',
  zho: 'zh',
  chi: 'zh',
  tur: 'tr',
  som: 'so',
};
// "Undetermined", "no linguistic content" and X/Twitter's pseudo-codes for hashtag-only, media-only
// or mention-only posts: the platform does not know either.
const UNKNOWN = new Set(['und', 'zxx', 'mul', 'mis', 'qam', 'qct', 'qht', 'qme', 'qst', 'art']);
const CODE = /^([a-z]{2,3})(?:[-_].*)?$/;

// Frequent English function words, leaving out "a" and "i", which are also common Welsh words.
const FUNCTION_WORDS = new Set(
  (
    'the and to of in is it that for on was with as at be this have are but not you my we they he she ' +
    'so from or by an will all there their what if about just me our your been has had do did would ' +
    'can could when out up them who get got were which very no more some than then too also here'
  ).split(' '),
);
// Share of function words in ordinary English prose is ~40%; other Latin-script languages share a
// few of these by accident. 0.2 separates the two on short posts without needing a model.
const MIN_SHARE = 0.2;
// One function word is chance; two start to be evidence.
const MIN_HITS = 2;
// Short posts ("Brilliant care, thank you!") rarely have two function words, so up to this many
// words it is enough that most are English words we know (function words or the sentiment lexicon).
const SHORT_POST = 5;
const SHORT_MIN_KNOWN = 0.5;
// When no language is identified with confidence, a post is read as English if at least this
// share of its words are English words we know (stop-words of two letters or more, or words of
// the sentiment lexicon): "Damn it Braves! Damn Damn Damn!", "mock-ups all day", "Yay progress!".
// A quarter keeps Welsh and French out ("Diolch yn fawr i bawb yn yr ysbyty am y gofal" has one).
const FALLBACK_MIN_KNOWN = 0.25;
// Over a confident guess of another language, half the words must be English words we know.
const OVERRIDE_MIN_KNOWN = 0.5;

/** A synchronous language model: ISO 639-1 code, or null when it is not confident. */
export type DetectLanguage = (text: string) => string | null;

export interface ResolveLanguageOptions {
  /** Model to ask when the platform gives no language and the text does not read as plain English. */
  detect?: DetectLanguage | null;
  /**
   * false sends every post without a platform language straight to `detect` (worst case for the
   * benchmark). Default true: the function-word test settles most English posts far cheaper.
   */
  englishCheckFirst?: boolean;
}

/**
 * The post's language as ISO 639-1: the platform's code when it gives one, else 'en' when the
 * text reads as plain English, else what `detect` identifies with confidence, else 'en' when
 * enough of its words are English words (short tweets of names, hashtags and punctuation that no
 * model can place), else null (no words, or none we know: not scored). So a post is left unscored
 * only when another language is identified or it has no English words at all.
 */
export function resolveLanguage(
  platformLang: string | null | undefined,
  text: string,
  tokens?: Token[],
  opts: ResolveLanguageOptions = {},
): string | null {
  const normalised = normaliseLanguage(platformLang);
  if (normalised) return normalised;
  const { detect, englishCheckFirst = true } = opts;
  if (englishCheckFirst || !detect) {
    if (looksEnglish(tokens ?? tokenize(text))) return 'en';
  }
  const detected = detect ? detect(text) : null;
  const toks = tokens ?? tokenize(text);
  // lid.176 guesses on a few words ("I need a Jayne hat" → de, "Wait time" → fr): a post whose
  // words are mostly English words we know stays English whatever the guess.
  if (detected) return detected !== 'en' && englishShare(toks) >= OVERRIDE_MIN_KNOWN ? 'en' : detected;
  return englishShare(toks) >= FALLBACK_MIN_KNOWN ? 'en' : null;
}

/** 'en-GB' → 'en', 'cym' → 'cy'; null for missing, undetermined or unrecognised codes. */
export function normaliseLanguage(code: string | null | undefined): string | null {
  const match = CODE.exec((code ?? '').trim().toLowerCase());
  const base = match?.[1];
  if (!base || UNKNOWN.has(base)) return null;
  return base.length === 2 ? base : (THREE_TO_TWO[base] ?? null);
}

function looksEnglish(tokens: Token[]): boolean {
  let words = 0;
  let hits = 0;
  let known = 0;
  for (const t of tokens) {
    if (t.kind !== 'word') continue;
    words++;
    if (FUNCTION_WORDS.has(t.lower)) hits++;
    else if (words <= SHORT_POST && wordValence(t.lower) !== undefined) known++;
  }
  if (words === 0) return false;
  if (words <= SHORT_POST) return (hits + known) / words >= SHORT_MIN_KNOWN;
  return hits >= MIN_HITS && hits / words >= MIN_SHARE;
}

/** Share of the post's words (hashtags split) that are English words we know; 0 with no words. */
function englishShare(tokens: Token[]): number {
  let words = 0;
  let known = 0;
  const count = (lower: string) => {
    words++;
    if ((lower.length > 1 && STOP_WORDS.has(lower)) || FUNCTION_WORDS.has(lower) || wordValence(lower) !== undefined)
      known++;
  };
  for (const t of tokens) {
    if (t.kind === 'word') count(t.lower);
    // "#ThankYou" reads as "thank you".
    else if (t.kind === 'hashtag') for (const p of t.parts ?? []) count(p.text.toLowerCase());
  }
  return words === 0 ? 0 : known / words;
}
