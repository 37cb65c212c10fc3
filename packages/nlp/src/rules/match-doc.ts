import { stem } from '../text/stem';
import type { Span, Token } from '../text/tokenize';
import { MIN_PREFIX } from './ast';

/**
 * Something a rule term can match: one word position, or a whole compound ("short-staffed",
 * "#SafeStaffing") spanning positions `from` to `to` (exclusive).
 */
export interface Entry {
  stem: string;
  lower: string;
  from: number;
  to: number;
  start: number;
  end: number;
}

/** A post prepared once for every rule of every topic: stems computed, positions indexed. */
export interface MatchDoc {
  /** One per word in reading order; hashtag and compound parts count as words. */
  positions: Entry[];
  /** Positions and compounds by stem. */
  byStem: Map<string, Entry[]>;
  /** Positions plus compounds by their first 3 letters, for prefix wildcards (surface forms, >= 3 letters). */
  byPrefix: Map<string, Entry[]>;
  hashtags: Entry[];
}

const HYPHENS = /-/g;

/**
 * The MatchDoc prepareMatchDoc returns. Entries (positions and compounds, in order) are listed as
 * they are made; the two maps are built from that list on first use, so a post whose words name
 * no topic (most posts: see topics.ts) never pays for them. Built lazily or not, they hold the
 * same entries in the same order.
 */
export class PreparedDoc implements MatchDoc {
  positions: Entry[] = [];
  hashtags: Entry[] = [];
  /** Every entry the maps index, in the order they were added. */
  readonly entries: Entry[] = [];
  /** The byPrefix key of each of `entries`. */
  readonly prefixes: string[] = [];
  private stems: Map<string, Entry[]> | undefined;
  private prefixMap: Map<string, Entry[]> | undefined;

  get byStem(): Map<string, Entry[]> {
    if (this.stems === undefined) {
      const map = new Map<string, Entry[]>();
      for (const e of this.entries) push(map, e.stem, e);
      this.stems = map;
    }
    return this.stems;
  }

  get byPrefix(): Map<string, Entry[]> {
    if (this.prefixMap === undefined) {
      const map = new Map<string, Entry[]>();
      for (let i = 0; i < this.entries.length; i++) push(map, this.prefixes[i]!, this.entries[i]!);
      this.prefixMap = map;
    }
    return this.prefixMap;
  }

  add(entry: Entry, prefix: string): void {
    this.entries.push(entry);
    this.prefixes.push(prefix);
  }
}

export function prepareMatchDoc(tokens: Token[]): PreparedDoc {
  const doc = new PreparedDoc();
  for (const token of tokens) {
    if (token.kind !== 'word' && token.kind !== 'number' && token.kind !== 'hashtag') continue;
    const from = doc.positions.length;
    if (token.parts) for (const part of token.parts) addPosition(doc, part, wordForms(part.text));
    else addPosition(doc, token, memoForms(token));
    const to = doc.positions.length;
    if (token.kind === 'hashtag') {
      doc.hashtags.push({ stem: token.lower, lower: token.lower, from, to, start: token.start, end: token.end });
    }
    if (to - from > 1) {
      // The joined compound also matches, so rule `wellbeing` finds "well-being" and "#WellBeing".
      const lower = token.lower.replace(HYPHENS, '');
      doc.add({ stem: stem(lower), lower, from, to, start: token.start, end: token.end }, lower.slice(0, MIN_PREFIX));
    }
  }
  return doc;
}

/** What a word's surface text gives every position it appears at: stem, lower case, prefix key. */
interface WordForms {
  stem: string;
  lower: string;
  prefix: string;
}

// Posts repeat the same few thousand words: one look-up by the token's text (whose hash V8 keeps
// on the string, so the stem cache and this one share it) replaces a stem look-up, a lower-casing
// and a prefix slice per word, and the strings stored are shared rather than made per post.
const FORMS_LIMIT = 50_000;
const forms = new Map<string, WordForms>();

function wordForms(text: string): WordForms {
  let f = forms.get(text);
  if (f === undefined) {
    const lower = text.toLowerCase();
    f = { stem: stem(text), lower, prefix: lower.slice(0, MIN_PREFIX) };
    if (forms.size >= FORMS_LIMIT) forms.clear();
    forms.set(text, f);
  }
  return f;
}

/** wordForms(token.text), kept on the token's memo so the next occurrence needs no look-up. */
function memoForms(token: Token): WordForms {
  const memo = token.memo;
  if (memo === undefined) return wordForms(token.text);
  return (memo.forms as WordForms | undefined) ?? (memo.forms = wordForms(token.text));
}

function addPosition(doc: PreparedDoc, span: Span, f: WordForms): void {
  const at = doc.positions.length;
  const entry = { stem: f.stem, lower: f.lower, from: at, to: at + 1, start: span.start, end: span.end };
  doc.positions.push(entry);
  doc.add(entry, f.prefix);
}

function push(map: Map<string, Entry[]>, key: string, entry: Entry): void {
  const list = map.get(key);
  if (list) list.push(entry);
  else map.set(key, [entry]);
}
