/**
 * Folding near-identical posts (a retweeted press line, the same complaint pasted by many): posts
 * whose word sets overlap by at least `threshold` (Jaccard) are one entry, the first (highest
 * ranked) kept and the others counted. Word sets, not characters: links, mentions and hashtag
 * signs are dropped first, so "RT @x: …" and the original fold together. A few lines of our own
 * rather than `natural`, which the API does not otherwise load (its index pulls in much more).
 */
export function wordSet(text: string): Set<string> {
  const words = text
    .toLowerCase()
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/(^|\s)(rt\s+)?@\w+:?/g, ' ')
    .replace(/#/g, '')
    .match(/[\p{L}\p{N}']+/gu);
  return new Set(words ?? []);
}

export function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared += 1;
  return shared / (a.size + b.size - shared);
}

export function foldNearDuplicates<T extends { text: string | null }>(
  ranked: T[],
  limit: number,
  threshold = 0.8,
): Array<T & { similar: number }> {
  const kept: Array<{ post: T & { similar: number }; words: Set<string> }> = [];
  for (const post of ranked) {
    const words = wordSet(post.text ?? '');
    const same = kept.find((k) => jaccard(k.words, words) >= threshold);
    if (same) same.post.similar += 1;
    else if (kept.length < limit) kept.push({ post: { ...post, similar: 0 }, words });
  }
  return kept.map((k) => k.post);
}
