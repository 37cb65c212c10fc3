// Reused across posts so the hot path allocates nothing once the arrays have grown.

/** The feature may be shown as evidence for a tag (its span is not a stop-word or a name). */
export const EVIDENCE = 1;
/** The feature feeds the topic heads: content words, their n-grams and hashtags, plus the intercept. */
export const TOPICAL = 2;

/**
 * Growable parallel arrays: bucket, value, the span [start, end) in the text (-1 = whole post) and
 * flags (EVIDENCE | TOPICAL).
 */
export class FeatureBuffer {
  n = 0;
  idx = new Int32Array(512);
  val = new Float32Array(512);
  start = new Int32Array(512);
  end = new Int32Array(512);
  flags = new Uint8Array(512);

  reset(): void {
    this.n = 0;
  }

  push(idx: number, val: number, start: number, end: number, flags = 0): void {
    if (this.n === this.idx.length) this.grow();
    const i = this.n++;
    this.idx[i] = idx;
    this.val[i] = val;
    this.start[i] = start;
    this.end[i] = end;
    this.flags[i] = flags;
  }

  /** push(hashes[i] & mask, val, start, end, flags) for every i, in order: one span's char n-grams. */
  pushHashes(hashes: Int32Array, mask: number, val: number, start: number, end: number, flags: number): void {
    const count = hashes.length;
    while (this.n + count > this.idx.length) this.grow();
    const { idx, val: vals, start: starts, end: ends, flags: fl } = this;
    let at = this.n;
    for (let i = 0; i < count; i++, at++) {
      idx[at] = hashes[i]! & mask;
      vals[at] = val;
      starts[at] = start;
      ends[at] = end;
      fl[at] = flags;
    }
    this.n = at;
  }

  private grow(): void {
    const size = this.idx.length * 2;
    const grow = <T extends Int32Array | Float32Array | Uint8Array>(a: T, b: T): T => (b.set(a), b);
    this.idx = grow(this.idx, new Int32Array(size));
    this.val = grow(this.val, new Float32Array(size));
    this.start = grow(this.start, new Int32Array(size));
    this.end = grow(this.end, new Int32Array(size));
    this.flags = grow(this.flags, new Uint8Array(size));
  }
}
