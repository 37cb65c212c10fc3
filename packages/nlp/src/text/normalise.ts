// Normalisation for model features. Nothing here rewrites the post: each function maps a token's
// lower-cased text to the form the model sees, so evidence offsets still index the stored text.
import type { Token } from './tokenize';

// Three or more of one letter is stretching ("sooooo"); two stays because English has it ("good").
const ELONGATED = /(\p{L})\1{2,}/u;
const ELONGATED_ALL = /(\p{L})\1{2,}/gu;

/** "sooooo" → "soo": stretched letters squeezed to two, so every stretching shares one feature. */
export function squeezeElongation(word: string): string {
  return ELONGATED.test(word) ? word.replace(ELONGATED_ALL, '$1$1') : word;
}

export function isElongated(word: string): boolean {
  return ELONGATED.test(word);
}

// -our words that are not colour/favour/behaviour-style spellings.
const OUR_KEEP = new Set([
  'hour',
  'hours',
  'your',
  'yours',
  'four',
  'pour',
  'tour',
  'flour',
  'sour',
  'dour',
  'our',
  'ours',
  'detour',
  'devour',
  'contour',
  'amour',
]);
// Ordered suffix rewrites, UK → US; the first that applies wins. Folding both spellings to one
// form is all that matters for features, so an odd result ("exercize") is harmless.
const SUFFIXES: Array<[string, string]> = [
  ['isation', 'ization'],
  ['isations', 'izations'],
  ['ising', 'izing'],
  ['ised', 'ized'],
  ['ises', 'izes'],
  ['ise', 'ize'],
  ['yse', 'yze'],
  ['ysed', 'yzed'],
  ['ysing', 'yzing'],
  ['ourite', 'orite'],
  ['ourites', 'orites'],
  ['our', 'or'],
  ['ours', 'ors'],
  ['oured', 'ored'],
  ['ouring', 'oring'],
  ['ourful', 'orful'],
  ['ourable', 'orable'],
  ['tre', 'ter'],
  ['tres', 'ters'],
  ['ogue', 'og'],
  ['ogues', 'ogs'],
];
SUFFIXES.sort((a, b) => b[0].length - a[0].length);
// Whole words and medical stems whose UK form differs in the middle (paediatric, anaemia).
const WORDS = new Map<string, string>(
  Object.entries({
    programme: 'program',
    programmes: 'programs',
    grey: 'gray',
    mum: 'mom',
    mums: 'moms',
    cheque: 'check',
    tyre: 'tire',
    aluminium: 'aluminum',
    enrol: 'enroll',
    fulfil: 'fulfill',
    practise: 'practice',
    licence: 'license',
    defence: 'defense',
    offence: 'offense',
    travelled: 'traveled',
    travelling: 'traveling',
    cancelled: 'canceled',
    cancelling: 'canceling',
  }),
);
const INFIXES: Array<[RegExp, string]> = [
  [/^paed/, 'ped'],
  [/^haem/, 'hem'],
  [/^oesoph/, 'esoph'],
  [/^oestr/, 'estr'],
  [/^anaes/, 'anes'],
  [/aemia/, 'emia'],
  [/^orthopaed/, 'orthoped'],
];
// Below this length a suffix is most of the word ("rise", "tre"), so it is left alone.
const MIN_STEM = 3;

/** UK and US spellings to one form for features: colour/color, organise/organize, centre/center. */
export function foldSpelling(word: string): string {
  // A Map, not an object: "constructor" must not find Object.prototype.constructor.
  const whole = WORDS.get(word);
  if (whole !== undefined) return whole;
  if (OUR_KEEP.has(word)) return word;
  let out = word;
  for (const [re, to] of INFIXES) if (re.test(out)) out = out.replace(re, to);
  for (const [from, to] of SUFFIXES) {
    if (!out.endsWith(from) || out.length - from.length < MIN_STEM) continue;
    return out.slice(0, out.length - from.length) + to;
  }
  return out;
}

const CURLY = /’/g;
const cache = new Map<string, string>();
// Same reason as the stemmer's cache: a few thousand words recur, so the regexes run once each.
const CACHE_LIMIT = 100_000;

/** The feature form of a word token's lower-cased text: apostrophes straightened, stretching squeezed, spelling folded. */
export function normaliseWord(lower: string): string {
  const hit = cache.get(lower);
  if (hit !== undefined) return hit;
  const out = foldSpelling(squeezeElongation(lower.replace(CURLY, "'")));
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(lower, out);
  return out;
}

// HTML entities arrive as '&' + name + ';' tokens in scraped text ("&amp;", "&lt;3").
const ENTITY_NAMES = new Set(['amp', 'lt', 'gt', 'quot', 'apos', 'nbsp']);

/** True when a word could be the name inside an HTML entity ("amp", "lt"): isEntityName's first test. */
export function isEntityWord(lower: string): boolean {
  return ENTITY_NAMES.has(lower);
}

/** True when tokens[i] is the name inside an HTML entity such as "&amp;". */
export function isEntityName(tokens: readonly Token[], i: number): boolean {
  const t = tokens[i];
  const prev = tokens[i - 1];
  const next = tokens[i + 1];
  return (
    t !== undefined &&
    ENTITY_NAMES.has(t.lower) &&
    prev?.text === '&' &&
    prev.end === t.start &&
    next?.text === ';' &&
    next.start === t.end
  );
}

/** "&lt;3" is an escaped heart: the entity "lt" followed straight away by a number starting with 3. */
export function isEscapedHeart(tokens: readonly Token[], i: number): boolean {
  const t = tokens[i];
  const after = tokens[i + 2];
  return (
    t?.lower === 'lt' &&
    isEntityName(tokens, i) &&
    after !== undefined &&
    after.start === t.end + 1 &&
    after.text.startsWith('3')
  );
}

/** Words that open a negation scope: not, no, never, nothing, can't ... */
const NEGATORS = new Set(
  'not no never without nobody nothing none neither nor cannot hardly barely dont cant didnt doesnt isnt wasnt werent arent couldnt wouldnt shouldnt havent hasnt aint wont nope'.split(
    ' ',
  ),
);
export function isNegator(word: string): boolean {
  return NEGATORS.has(word) || word.endsWith("n't");
}

/** Negation reaches this many words, or to the end of the clause if sooner. */
export const NEGATION_WORDS = 4;
const CLAUSE_BREAK = new Set(['.', ',', '!', '?', ';', ':', '…']);
const CONTRAST = new Set(['but', 'however', 'yet', 'although', 'though']);
export function breaksClause(token: Token): boolean {
  return token.kind === 'punct' ? CLAUSE_BREAK.has(token.text) : CONTRAST.has(token.lower);
}
export function isContrast(word: string): boolean {
  return CONTRAST.has(word);
}

/**
 * Marks which tokens sit in a negation scope: from after a negator to the next clause break,
 * at most NEGATION_WORDS words. Returns one flag per token (1 = negated).
 */
export function negationScopes(tokens: readonly Token[], out = new Uint8Array(tokens.length)): Uint8Array {
  let left = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    out[i] = 0;
    if (breaksClause(t)) {
      left = 0;
      continue;
    }
    if (t.kind !== 'word') continue;
    if (isNegator(t.lower)) {
      left = NEGATION_WORDS;
      continue;
    }
    if (left > 0) {
      out[i] = 1;
      left--;
    }
  }
  return out;
}
