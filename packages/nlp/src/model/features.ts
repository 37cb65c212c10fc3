// Feature extraction shared by training and run time: one pass over the tokens, hashed features
// written into reusable typed arrays, each with the character span it came from (for evidence).
import { questionFrame } from '../sentiment/question';
import { MAX_PHRASE, phraseValence, startsPhrase, symbolValence, wordValence } from '../sentiment/valence';
import { INTENSIFIERS } from '../sentiment/modifiers';
import {
  breaksClause,
  isContrast,
  isElongated,
  isEntityName,
  isEntityWord,
  isEscapedHeart,
  isNegator,
  NEGATION_WORDS,
  normaliseWord,
} from '../text/normalise';
import { isStopWord } from '../text/stopwords';
import type { Token } from '../text/tokenize';
import { EVIDENCE, FeatureBuffer, TOPICAL } from './feature-buffer';
import { combine, family, fnvStep, fnvStr } from './hash';
import { emojiKey, wordKey, type LexiconTable } from './lexicon-table';

export { FeatureBuffer };

/** Flags of a content span: shown as evidence and fed to the topic heads. */
const CONTENT = EVIDENCE | TOPICAL;

export interface FeatureConfig {
  /** log2 of the number of hash buckets. */
  bits: number;
  /** Value of each char n-gram: there are many per word, so each counts for less than a word. */
  charScale: number;
  /** Char n-gram lengths [min, max] (v1: [3, 5]; [0, 0]: none). */
  charGrams?: readonly [number, number];
  /** Opinion-lexicon and emoji-ranking scores (model/lexicon.bin); absent in models made before them. */
  lexicon?: LexiconTable;
}

const F = {
  bias: family('Z'),
  word: family('w'),
  neg: family('n'),
  bigram: family('b'),
  chars: family('c'),
  tag: family('h'),
  symbol: family('e'),
  qbias: family('q'),
  qword: family('x'),
  sword: family('s'),
  sbigram: family('S'),
  qlen: family('l'),
  lex: family('L'),
  lexNeg: family('N'),
  lexInt: family('I'),
  lexAfter: family('A'),
  pos: family('P'),
  negc: family('M'),
  bang: family('!'),
  ask: family('?'),
  caps: family('C'),
  elong: family('E'),
  url: family('U'),
  user: family('@'),
  num: family('#'),
  // Opinion lexicon: the word's polarity, as is and under negation; counts of each polarity.
  op: family('o'),
  opNeg: family('O'),
  opPos: family('p'),
  opNegc: family('m'),
  // Emoji Sentiment Ranking: the emoji's net sentiment.
  emo: family('j'),
};

const WHY = /\bwhy\b/i;
/** Question type: 0 none, 1 asks what to change, 2 asks what was good, 3 "why?" (FFT), 4 other / both ways. */
export function questionType(question: string | null | undefined): number {
  if (!question) return 0;
  const frame = questionFrame(question);
  if (frame === 'change') return 1;
  if (frame === 'praise') return 2;
  return WHY.test(question) ? 3 : 4;
}

// Question-type features (bias, answer length, each word crossed with the question type) are
// learned from a few thousand survey answers only; a larger value lets them move further under
// AdaGrad's small step (the update in logit space scales with the value), so "Nothing." can learn
// to mean praise after "How could we improve?" and a complaint after "What was good?".
const QUESTION_VALUE = 3;

// Char n-grams over words longer than this are URLs or keyboard mashing; they only add noise.
const MAX_CHAR_WORD = 24;
const BOUNDARY = 1;
const HAS_LOWER = /\p{Ll}/u;
const HAS_UPPER = /\p{Lu}/u;
// "Bob", "McDonald": an upper-case letter then a lower-case one.
const TITLE = /^\p{Lu}\p{Ll}/u;
// Punctuation after which the next word starts a sentence (and may be capitalised for that alone).
const SENTENCE_END = /[.!?:;\n…]/;

// wordValence runs a regex on every miss and most words miss; the same words recur, so cache (0 = none).
const valenceCache = new Map<string, number>();
function valence(w: string): number {
  let v = valenceCache.get(w);
  if (v === undefined) {
    v = wordValence(w) ?? 0;
    if (valenceCache.size >= 100_000) valenceCache.clear();
    valenceCache.set(w, v);
  }
  return v;
}

/**
 * Everything `word()` needs about one feature-form word, computed once: its hashes (unmasked, so
 * the cache does not depend on the model's size), char n-gram hashes in emission order, valence
 * and the word-list flags. The same few thousand words recur, so a post costs a look-up per word.
 */
interface WordInfo {
  hw: number;
  /** Key into the opinion lexicon. */
  hlex: number;
  /** A stop-word: never evidence, never a topic feature. */
  stop: boolean;
  /** Could start a multi-word lexicon phrase ("near miss", "just culture"). */
  phraseStart: boolean;
  hneg: number;
  hq: number;
  hs: number;
  /** The word in feature form, for char n-grams computed on first use. */
  w: string;
  /** Char n-gram hashes for the n-gram range `gramsFor` (a model's charGrams); null: too long. */
  grams: Int32Array | null;
  gramsFor: number;
  valence: number;
  intensifier: boolean;
  negator: boolean;
}

/** A token's lower-cased text mapped to its feature form's info, plus whether it was stretched. */
interface LowerInfo {
  info: WordInfo;
  elongated: boolean;
  /** For "but", "however" ...: the word's own info (a contrast word is not normalised). */
  contrast: WordInfo | null;
  /** Could name an HTML entity ("amp"): only then is isEntityName asked. */
  entity: boolean;
}

const CACHE_LIMIT = 100_000;
const wordInfos = new Map<string, WordInfo>();
const lowerInfos = new Map<string, LowerInfo>();

function wordInfo(w: string): WordInfo {
  let info = wordInfos.get(w);
  if (info === undefined) {
    info = {
      hw: fnvStr(F.word, w),
      hlex: wordKey(w),
      stop: isStopWord(w),
      phraseStart: startsPhrase(w),
      hneg: fnvStr(F.neg, w),
      hq: fnvStr(F.qword, w),
      hs: fnvStr(F.sword, w),
      w,
      grams: null,
      gramsFor: -1,
      valence: valence(w),
      intensifier: INTENSIFIERS.has(w),
      negator: isNegator(w),
    };
    if (wordInfos.size >= CACHE_LIMIT) wordInfos.clear();
    wordInfos.set(w, info);
  }
  return info;
}

/** Info for normaliseWord(lower); `lower` is a token's lower-cased text. */
function lowerInfo(lower: string): LowerInfo {
  let li = lowerInfos.get(lower);
  if (li === undefined) {
    const w = normaliseWord(lower);
    // The regex runs only when normalising shortened the word.
    const info = wordInfo(w);
    // A stop-word before normalising is one after it too ("it’s" → "its").
    if (!info.stop && isStopWord(lower)) info.stop = true;
    li = {
      info,
      elongated: w.length < lower.length && isElongated(lower),
      contrast: isContrast(lower) ? wordInfo(lower) : null,
      entity: isEntityWord(lower),
    };
    if (lowerInfos.size >= CACHE_LIMIT) lowerInfos.clear();
    lowerInfos.set(lower, li);
  }
  return li;
}

/** lowerInfo(t.lower) of a word token, kept on the token's memo (same text, same lower case). */
function memoInfo(t: Token): LowerInfo {
  const memo = t.memo;
  if (memo === undefined || memo.lower !== t.lower) return lowerInfo(t.lower);
  return (memo.features as LowerInfo | undefined) ?? (memo.features = lowerInfo(t.lower));
}

/** Char min–max-grams of the word with boundary marks, hashed straight from char codes, in emission order. */
function charGramHashes(w: string, min: number, max: number): Int32Array {
  const len = w.length + 2;
  const out: number[] = [];
  for (let i = 0; i <= len - min; i++) {
    let h = F.chars;
    for (let j = i; j < len && j < i + max; j++) {
      h = fnvStep(h, j === 0 || j === len - 1 ? BOUNDARY : w.charCodeAt(j - 1));
      if (j - i >= min - 1) out.push(h);
    }
  }
  return Int32Array.from(out);
}

/** The word's char n-grams for the current model's range, computed once per word and range. */
function gramsOf(info: WordInfo, min: number, max: number): Int32Array | null {
  const key = min * 16 + max;
  if (info.gramsFor !== key) {
    info.grams = info.w.length <= MAX_CHAR_WORD && max > 0 ? charGramHashes(info.w, min, max) : null;
    info.gramsFor = key;
  }
  return info.grams;
}

/** True when `s` has letters, all of them upper case (the first char being a-z settles most words). */
function isShouting(s: string): boolean {
  const c = s.charCodeAt(0);
  if (c >= 97 && c <= 122) return false;
  return !HAS_LOWER.test(s) && HAS_UPPER.test(s);
}

/** Fills `buf` with the features of one post. `text` is the (redacted) post, `tokens` its tokens. */
export function extractFeatures(
  text: string,
  tokens: readonly Token[],
  question: string | null | undefined,
  cfg: FeatureConfig,
  buf: FeatureBuffer,
): void {
  const x = extractor;
  x.buf = buf;
  x.mask = (1 << cfg.bits) - 1;
  x.charScale = cfg.charScale;
  x.q = questionType(question);
  x.negLeft = 0;
  x.afterContrast = false;
  x.intensify = false;
  x.prevStart = -1;
  x.prevHash = 0;
  x.words = 0;
  x.lexicon = cfg.lexicon;
  x.gramMin = cfg.charGrams?.[0] ?? 3;
  x.gramMax = cfg.charGrams?.[1] ?? 5;
  buf.reset();
  x.run(text, tokens);
}

/**
 * One pass's state as fields of a reused object rather than closures made per post: the
 * extractor runs on every post and closures cost an allocation each.
 */
class Extractor {
  buf = new FeatureBuffer();
  mask = 0;
  charScale = 0;
  q = 0;
  negLeft = 0;
  /** Where the negator of the current scope starts: the first negated word's span reaches back to it ("not care"). */
  negStart = -1;
  afterContrast = false;
  intensify = false;
  prevHash = 0;
  prevStart = -1;
  /** Flags of the previous word: a bigram is content only when both its words are. */
  prevFlags = 0;
  words = 0;
  lexicon: LexiconTable | undefined = undefined;
  gramMin = 3;
  gramMax = 5;
  /** Capitalised words that do not start a sentence are taken for names (not in an all-Title-Case post). */
  names = false;
  sentenceStart = true;
  /** Per token: the valence a multi-word phrase gives it (NaN: none), or null when the post has no phrase. */
  phrase: Float64Array | null = null;
  token = 0;

  add(h: number, v: number, s: number, e: number, flags = 0): void {
    this.buf.push(h & this.mask, v, s, e, flags);
  }

  run(text: string, tokens: readonly Token[]): void {
    const q = this.q;
    const mixedCase = HAS_LOWER.test(text);
    // The intercept feeds the topic heads too: without it every head would start at 0.5.
    this.add(F.bias, 1, -1, -1, TOPICAL);
    this.prepare(tokens, mixedCase);
    if (q) this.add(fnvStep(F.qbias, q), QUESTION_VALUE, -1, -1);
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      this.token = i;
      if (t.kind === 'word') {
        // Words first, from the cached info: for a word, breaksClause(t) is isContrast(t.lower).
        const li = memoInfo(t);
        if (li.contrast !== null) {
          this.negLeft = 0;
          this.prevStart = -1;
          this.intensify = false;
          this.afterContrast = true;
          this.word(li.contrast, t.start, t.end, false, 0);
          this.sentenceStart = false;
          continue;
        }
        if (li.entity && isEntityName(tokens, i)) {
          // "&lt;3" is a heart; other entities ("&amp;") carry nothing.
          if (isEscapedHeart(tokens, i)) {
            this.add(fnvStr(F.symbol, '<3'), 1, t.start - 1, t.end + 2);
            this.add(F.lex, 0.75, t.start - 1, t.end + 2);
          }
          continue;
        }
        if (li.elongated) this.add(F.elong, 1, t.start, t.end);
        const caps = mixedCase && t.text.length > 1 && isShouting(t.text);
        const name = this.names && !this.sentenceStart && TITLE.test(t.text);
        this.word(li.info, t.start, t.end, caps, li.info.stop || name ? 0 : CONTENT);
        this.sentenceStart = false;
        if (li.info.negator) {
          this.negLeft = NEGATION_WORDS;
          this.negStart = t.start;
        } else if (t.parts) {
          // Hyphenated compound: the whole plus its parts ("short-staffed" and "short", "staffed").
          for (const p of t.parts) {
            const part = lowerInfo(p.text.toLowerCase()).info;
            this.add(part.hw, 1, p.start, p.end, part.stop || name ? 0 : CONTENT);
          }
        }
        continue;
      }
      if (t.kind === 'punct' && SENTENCE_END.test(t.text)) this.sentenceStart = true;
      if (breaksClause(t)) {
        this.negLeft = 0;
        this.prevStart = -1;
        this.intensify = false;
        if (t.text === '!') this.add(F.bang, 1, t.start, t.end);
        else if (t.text === '?') this.add(F.ask, 1, t.start, t.end);
        continue;
      }
      switch (t.kind) {
        case 'hashtag': {
          this.add(fnvStr(F.tag, t.lower), 1, t.start, t.end, CONTENT);
          // #SafeStaffing reads as "safe staffing".
          for (const p of t.parts ?? []) {
            const part = lowerInfo(p.text.toLowerCase()).info;
            this.word(part, p.start, p.end, false, part.stop ? 0 : CONTENT);
          }
          break;
        }
        case 'emoticon':
        case 'emoji': {
          // A face or a heart is a reason for a mood, never for a topic.
          const v = symbolValence(t);
          this.add(fnvStr(F.symbol, t.lower), 1, t.start, t.end, EVIDENCE);
          if (v !== undefined) this.add(this.negLeft > 0 ? F.lexNeg : F.lex, v / 4, t.start, t.end);
          if (t.kind === 'emoji' && this.lexicon) {
            const rank = this.lexicon.get(emojiKey(t.text));
            if (rank !== undefined) this.add(F.emo, rank, t.start, t.end);
          }
          break;
        }
        case 'url':
          this.add(F.url, 1, t.start, t.end);
          break;
        case 'mention':
        case 'redacted':
          this.add(F.user, 1, t.start, t.end);
          break;
        case 'number':
          this.add(F.num, 1, t.start, t.end);
          break;
        default:
          break;
      }
    }
    // Answer length by question: a one-word answer to "how could we improve?" is usually "nothing".
    const words = this.words;
    if (q) this.add(fnvStep(fnvStep(F.qlen, q), words <= 2 ? 1 : words <= 8 ? 2 : 3), QUESTION_VALUE, -1, -1);
  }

  /** Finds names and multi-word lexicon phrases before the main pass. */
  prepare(tokens: readonly Token[], mixedCase: boolean): void {
    this.prevFlags = 0;
    this.sentenceStart = true;
    this.phrase = null;
    let words = 0;
    let titled = 0;
    let sentenceStart = true;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.kind === 'punct' && SENTENCE_END.test(t.text)) sentenceStart = true;
      if (t.kind !== 'word') continue;
      // Capitals inside sentences: in a post written in Title Case they mark nothing.
      words++;
      if (!sentenceStart && TITLE.test(t.text)) titled++;
      sentenceStart = false;
      if (!memoInfo(t).info.phraseStart) continue;
      // Longest phrase first: "short of staff" before "short".
      for (let len = Math.min(MAX_PHRASE, tokens.length - i); len >= 2; len--) {
        const run = tokens.slice(i, i + len);
        if (run.some((r) => r.kind !== 'word')) continue;
        const v = phraseValence(run.map((r) => r.lower));
        if (v === undefined) continue;
        this.phrase ??= new Float64Array(tokens.length).fill(NaN);
        // The phrase's valence sits on its first word; its other words carry none.
        this.phrase[i] = v;
        for (let j = i + 1; j < i + len; j++) this.phrase[j] = 0;
        break;
      }
    }
    this.names = mixedCase && titled * 2 <= words;
  }

  word(info: WordInfo, s: number, e: number, caps: boolean, flags: number): void {
    this.words++;
    const negated = this.negLeft > 0;
    // The word right after "not" is shown with it: "not care" is the reason, not "care".
    if (negated && this.negLeft === NEGATION_WORDS && this.negStart >= 0) s = this.negStart;
    if (negated) this.negLeft--;
    const hw = info.hw;
    this.add(negated ? info.hneg : hw, 1, s, e, flags);
    // Survey answers: a copy of the word for all surveys and one per question type, so patient
    // comments can weigh words differently from tweets ("wait", "nothing") without new data.
    if (this.q) {
      this.add(fnvStep(info.hq, this.q), QUESTION_VALUE, s, e, flags);
      this.add(info.hs, 1, s, e, flags);
    }
    if (this.prevStart >= 0) {
      const bigram = combine(this.prevHash, hw);
      const both = this.prevFlags & flags;
      this.add(bigram, 1, this.prevStart, e, both);
      // Survey answers get their own copy of each bigram too (domain adaptation by feature copies).
      if (this.q) this.add(bigram ^ F.sbigram, 1, this.prevStart, e, both);
    }
    this.prevHash = hw;
    this.prevStart = s;
    this.prevFlags = flags;
    // Char n-grams of the word with boundary marks (hashed once per word, see charGramHashes).
    const grams = gramsOf(info, this.gramMin, this.gramMax);
    if (grams !== null) this.buf.pushHashes(grams, this.mask, this.charScale, s, e, flags);
    if (this.lexicon) {
      const o = this.lexicon.get(info.hlex);
      if (o !== undefined) {
        this.add(negated ? F.opNeg : F.op, o, s, e);
        this.add(o > 0 !== negated ? F.opPos : F.opNegc, 1, s, e);
      }
    }
    const phrase = this.phrase === null ? NaN : this.phrase[this.token]!;
    const v = Number.isNaN(phrase) ? info.valence : phrase;
    if (v !== 0) {
      const scaled = v / 4;
      this.add(negated ? F.lexNeg : F.lex, scaled, s, e);
      this.add(v > 0 !== negated ? F.pos : F.negc, 1, s, e);
      if (this.intensify) this.add(F.lexInt, scaled, s, e);
      if (this.afterContrast) this.add(F.lexAfter, scaled, s, e);
      if (caps) this.add(F.caps, scaled, s, e);
    }
    this.intensify = info.intensifier;
  }
}
const extractor = new Extractor();
