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

export function prepareMatchDoc(tokens: Token[]): MatchDoc {
  const doc: MatchDoc = { positions: [], byStem: new Map(), byPrefix: new Map(), hashtags: [] };
  for (const token of tokens) {
    if (token.kind !== 'word' && token.kind !== 'number' && token.kind !== 'hashtag') continue;
    const from = doc.positions.length;
    for (const part of token.parts ?? [token]) addPosition(doc, part);
    const to = doc.positions.length;
    if (token.kind === 'hashtag') {
      doc.hashtags.push({ stem: token.lower, lower: token.lower, from, to, start: token.start, end: token.end });
    }
    if (to - from > 1) {
      // The joined compound also matches, so rule `wellbeing` finds "well-being" and "#WellBeing".
      const lower = token.lower.replace(HYPHENS, '');
      add(doc, { stem: stem(lower), lower, from, to, start: token.start, end: token.end });
    }
  }
  return doc;
}

function addPosition(doc: MatchDoc, span: Span): void {
  const at = doc.positions.length;
  const lower = span.text.toLowerCase();
  const entry = { stem: stem(span.text), lower, from: at, to: at + 1, start: span.start, end: span.end };
  doc.positions.push(entry);
  add(doc, entry);
}

function add(doc: MatchDoc, entry: Entry): void {
  push(doc.byStem, entry.stem, entry);
  push(doc.byPrefix, entry.lower.slice(0, MIN_PREFIX), entry);
}

function push(map: Map<string, Entry[]>, key: string, entry: Entry): void {
  const list = map.get(key);
  if (list) list.push(entry);
  else map.set(key, [entry]);
}
