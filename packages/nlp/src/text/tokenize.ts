export type TokenKind = 'word' | 'number' | 'hashtag' | 'mention' | 'url' | 'emoticon' | 'emoji' | 'punct' | 'redacted';

/** A stretch of the input: `input.slice(start, end) === text`. */
export interface Span {
  text: string;
  start: number;
  end: number;
}

export interface Token extends Span {
  kind: TokenKind;
  /** Lower-cased text with curly apostrophes straightened; hashtags and mentions without '#' / '@'. */
  lower: string;
  /** Component words of a hashtag (camel case split) or of a hyphenated compound. */
  parts?: Span[];
  /**
   * Shared by every token with the same `text` (until the cache is cleared): consumers park what
   * they derive from the text here (stems, feature hashes) and skip their own look-ups.
   */
  memo?: WordMemo;
}

/** Per distinct token text: its lower-cased form, plus slots consumers fill with derived data. */
export interface WordMemo {
  /** `text` lower-cased with curly apostrophes straightened (before any '#' / '@' is dropped). */
  lower: string;
  /** Rule-matching forms (rules/match-doc). */
  forms?: unknown;
  /** Model feature info (model/features). */
  features?: unknown;
}

const WORD_CHAR = '[\\p{L}\\p{M}\\p{N}]';
const EMOJI_UNIT = '\\p{Extended_Pictographic}(?:\\uFE0F|\\p{Emoji_Modifier})*';

// One sticky-free global regex, alternatives in priority order; named groups tell the kind.
// Built once at module load: the tokenizer runs on every post.
const PATTERNS: Array<[TokenKind, string]> = [
  // Placeholders written by redact(): they are not words of the post and must not match rules.
  ['redacted', '\\[(?:NHS number|phone|email|postcode)\\]|@\\[user\\]'],
  ['url', `(?:https?:\\/\\/|www\\.)[^\\s<>"]*[^\\s<>"'.,!?;:)\\]]`],
  // Eyes, optional nose, mouth; never glued to a letter or digit so "12:30" and ":Dave" stay out.
  ['emoticon', `(?<!${WORD_CHAR})(?:[:;=][-'^]?[)(\\]\\[DPpOo3/\\\\|*]+|<\\/?3+)(?!${WORD_CHAR})`],
  // Bluesky-style dotted handles and Mastodon's @user@instance are one mention.
  ['mention', '(?<![\\p{L}\\p{N}_.])@[A-Za-z0-9_]+(?:[.-][A-Za-z0-9_]+)*(?:@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+)?'],
  ['hashtag', `(?<![\\p{L}\\p{N}_&])#(?=[\\p{N}_]*\\p{L})[\\p{L}\\p{M}\\p{N}_]+`],
  ['number', '\\p{N}+(?:[.,:]\\p{N}+)+(?!\\p{L})'],
  // Internal apostrophes, hyphens and '&' keep "don't", "short-staffed" and "A&E" whole.
  ['word', `${WORD_CHAR}+(?:['’&-]${WORD_CHAR}+)*`],
  ['emoji', `${EMOJI_UNIT}(?:\\u200D${EMOJI_UNIT})*`],
  ['punct', '\\p{P}'],
];
// Plain (unnamed) groups, one per kind in order: the patterns have no capturing groups of their
// own, so group i + 1 is KINDS[i], and no `groups` object is built per match.
const TOKEN_RE = new RegExp(PATTERNS.map(([, re]) => `(${re})`).join('|'), 'gu');
const KINDS = PATTERNS.map(([kind]) => kind);

const DIGITS = /^\p{N}+$/u;
const CURLY_APOSTROPHE = /’/g;
const HYPHEN_PART = /[^-]+/gu;
// Acronym before a capitalised word (NHS|Pay), capitalised or lower-case words, acronyms, digits.
const CAMEL_PART = /\p{Lu}+(?=\p{Lu}\p{Ll})|[\p{Lu}\p{Lt}]?[\p{Ll}\p{Lo}\p{M}]+|\p{Lu}+\p{M}*|\p{N}+/gu;

function subSpans(text: string, offset: number, re: RegExp): Span[] {
  const spans: Span[] = [];
  for (const m of text.matchAll(re)) {
    spans.push({ text: m[0], start: offset + m.index, end: offset + m.index + m[0].length });
  }
  return spans;
}

// Memos of recent token texts. Besides saving the lower-casing, the lower-case string handed out
// is the same object for every occurrence of a word (so V8 hashes it once), and the memo lets the
// stemmer and feature caches downstream skip their look-ups. Cleared, not LRU, when full.
const MEMO_LIMIT = 50_000;
const memos = new Map<string, WordMemo>();

function memoOf(raw: string): WordMemo {
  let memo = memos.get(raw);
  if (memo === undefined) {
    memo = { lower: raw.toLowerCase().replace(CURLY_APOSTROPHE, "'"), forms: undefined, features: undefined };
    if (memos.size >= MEMO_LIMIT) memos.clear();
    memos.set(raw, memo);
  }
  return memo;
}

/**
 * Splits a post into tokens with character offsets into `text`. Whitespace and stray symbols are
 * dropped; everything else keeps its kind so each consumer decides what to skip.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = TOKEN_RE;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    let g = 1;
    while (g <= KINDS.length && m[g] === undefined) g++;
    let kind: TokenKind = KINDS[g - 1] ?? 'punct';
    const raw = m[0];
    const start = m.index;
    const end = start + raw.length;
    const memo = memoOf(raw);
    const token: Token = { kind, text: raw, start, end, lower: memo.lower, memo };
    if (kind === 'hashtag' || kind === 'mention') {
      token.lower = token.lower.slice(1);
    }
    if (kind === 'hashtag') {
      token.parts = subSpans(raw.slice(1), start + 1, CAMEL_PART);
    } else if (kind === 'word') {
      // A word starting with an ASCII non-digit cannot be all digits: skip the regex.
      const c = raw.charCodeAt(0);
      if ((c >= 128 || (c >= 48 && c <= 57)) && DIGITS.test(raw)) kind = token.kind = 'number';
      else if (raw.includes('-')) token.parts = subSpans(raw, start, HYPHEN_PART);
    }
    tokens.push(token);
  }
  return tokens;
}

/** Splits a hashtag body ("SafeStaffing", "NHSPay") into its words, as the tokenizer does. */
export function splitCamel(body: string): string[] {
  return body.match(CAMEL_PART) ?? [];
}
