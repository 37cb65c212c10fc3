// FNV-1a over UTF-16 char codes: no string building, no allocation, stable across runs and
// machines, which the committed weights depend on. Changing anything here invalidates the model.
export const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

export function fnvStep(h: number, code: number): number {
  return Math.imul(h ^ code, FNV_PRIME);
}

/** Hash of `s[from..to)` continuing from `h`. */
export function fnvStr(h: number, s: string, from = 0, to = s.length): number {
  for (let i = from; i < to; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

/** A family seed: the same word in different families ("good" vs negated "good") lands apart. */
export function family(name: string): number {
  return fnvStr(FNV_OFFSET, name);
}

/** Order-sensitive combination of two hashes, for bigrams. */
export function combine(a: number, b: number): number {
  return Math.imul(a ^ Math.imul(b, 0x9e3779b1), FNV_PRIME) ^ (b >>> 15);
}

/** Stable 0..99 bucket of an id string, for fixed data splits. */
export function percentile(id: string): number {
  return (((fnvStr(FNV_OFFSET, id) >>> 0) % 100) + 100) % 100;
}
