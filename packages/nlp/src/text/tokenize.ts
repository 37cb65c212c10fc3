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
const TOKEN_RE = new RegExp(PATTERNS.map(([kind, re]) => `(?<${kind}>${re})`).join('|'), 'gu');
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

/**
 * Splits a post into tokens with character offsets into `text`. Whitespace and stray symbols are
 * dropped; everything else keeps its kind so each consumer decides what to skip.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(TOKEN_RE)) {
    const groups = m.groups ?? {};
    let kind = KINDS.find((k) => groups[k] !== undefined) ?? 'punct';
    const raw = m[0];
    const start = m.index;
    const end = start + raw.length;
    const token: Token = { kind, text: raw, start, end, lower: raw.toLowerCase().replace(CURLY_APOSTROPHE, "'") };
    if (kind === 'hashtag' || kind === 'mention') {
      token.lower = token.lower.slice(1);
    }
    if (kind === 'hashtag') {
      token.parts = subSpans(raw.slice(1), start + 1, CAMEL_PART);
    } else if (kind === 'word') {
      if (DIGITS.test(raw)) kind = token.kind = 'number';
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
