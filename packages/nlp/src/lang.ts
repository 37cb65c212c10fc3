import { wordValence } from './sentiment/valence';
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
 * text reads as plain English, else what `detect` says, else null (unknown, so not scored).
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
  return detect ? detect(text) : null;
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
