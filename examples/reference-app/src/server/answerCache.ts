/**
 * Answers kept as the bytes sent, least recently used first out, bounded by their total size: the
 * artifacts never change while serving, so an answer depends only on its route and parameters.
 */

/** A byte-bounded LRU of serialised answers. */
export class AnswerCache {
  private readonly entries = new Map<string, Buffer>();
  private size = 0;
  /** Answers served from the cache, and computed. */
  hits = 0;
  misses = 0;

  /** @param maxBytes - the most bytes held (keys included); 0 keeps nothing */
  constructor(readonly maxBytes: number) {}

  /** Bytes held now. */
  get bytes(): number {
    return this.size;
  }

  /** Number of answers held. */
  get count(): number {
    return this.entries.size;
  }

  /** The answer for `key`, computing and keeping it on a miss (an answer larger than an eighth of the budget is not kept). */
  get(key: string, compute: () => unknown): Buffer {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.hits++;
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    this.misses++;
    const bytes = Buffer.from(JSON.stringify(compute()), 'utf8');
    const cost = bytes.length + key.length * 2;
    if (cost <= this.maxBytes / 8) {
      this.entries.set(key, bytes);
      this.size += cost;
      for (const [k, v] of this.entries) {
        if (this.size <= this.maxBytes) break;
        this.entries.delete(k);
        this.size -= v.length + k.length * 2;
      }
    }
    return bytes;
  }
}
