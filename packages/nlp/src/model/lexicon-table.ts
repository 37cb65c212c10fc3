// Lexicon features that travel with the model: Hu & Liu's opinion lexicon (word → ±1) and the
// Emoji Sentiment Ranking (emoji → net sentiment in [-1, 1]). They are shipped only as 32-bit
// hashes with a score (model/lexicon.bin), a derived feature table like the weights, so the
// product needs no data file at run time and the word lists themselves are not in the repo.
import { family, fnvStr } from './hash';

const WORD = family('opinion-word');
const EMOJI = family('emoji-rank');
const CURLY = /’/g;

/** Hash → score. Words and emoji hash apart. */
export type LexiconTable = Map<number, number>;

export function wordKey(lower: string): number {
  return fnvStr(WORD, lower.includes('’') ? lower.replace(CURLY, "'") : lower);
}

/** Emoji are keyed by their first code point: skin tones and variation selectors follow the base. */
export function emojiKey(text: string): number {
  const first = text.codePointAt(0);
  return first === undefined ? 0 : fnvStr(EMOJI, String.fromCodePoint(first));
}

/** Pairs of (int32 hash, float32 score), little-endian, sorted by hash so the file is stable. */
export function encodeLexicon(table: LexiconTable): Uint8Array {
  const entries = [...table].sort((a, b) => a[0] - b[0]);
  const view = new DataView(new ArrayBuffer(entries.length * 8));
  entries.forEach(([h, v], i) => {
    view.setInt32(i * 8, h, true);
    view.setFloat32(i * 8 + 4, v, true);
  });
  return new Uint8Array(view.buffer);
}

export function decodeLexicon(bytes: Uint8Array): LexiconTable {
  if (bytes.byteLength % 8 !== 0)
    throw new Error(`lexicon table: ${bytes.byteLength} bytes is not a whole number of entries`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const table: LexiconTable = new Map();
  for (let at = 0; at < bytes.byteLength; at += 8) table.set(view.getInt32(at, true), view.getFloat32(at + 4, true));
  return table;
}
