// The stemmers index (typed) rather than natural's main index, which loads every module and
// prints dotenv tips; it costs ~60 ms once at start-up.
import { PorterStemmer } from 'natural/lib/natural/stemmers/index.js';

// The same few thousand words recur across posts, and Porter runs ~10 regexes per word; a cache
// makes stemming nearly free. The cap bounds memory in a long-running worker (cleared, not LRU:
// simpler, and refilling it costs one batch).
const CACHE_LIMIT = 50_000;
const cache = new Map<string, string>();

const POSSESSIVE = /['’]s$/;
const CURLY_APOSTROPHE = /’/g;

/** Lower-cases, folds curly apostrophes, drops a possessive 's, then Porter-stems. */
export function stem(word: string): string {
  const cached = cache.get(word);
  if (cached !== undefined) return cached;
  const lower = word.toLowerCase().replace(CURLY_APOSTROPHE, "'").replace(POSSESSIVE, '');
  const result = PorterStemmer.stem(lower);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(word, result);
  return result;
}
