import type { SeededRandom } from '@shopper-spectrum/internal';

/**
 * Draws indices in proportion to fixed weights in O(log n) (cumulative table + binary search).
 *
 * @example
 * ```ts
 * const sampler = new WeightedSampler([1, 0, 3]);
 * sampler.sample(new SeededRandom(1)) !== 1;
 * // => true (index 1 has weight 0)
 * ```
 */
export class WeightedSampler {
  private readonly cumulative: Float64Array;

  /** @param weights - non-negative weights, at least one positive */
  constructor(weights: ArrayLike<number>) {
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    for (let i = 0; i < weights.length; i++) {
      sum += weights[i]!;
      this.cumulative[i] = sum;
    }
  }

  /** An index drawn with probability weight / total. */
  sample(random: SeededRandom): number {
    const c = this.cumulative;
    const x = random.next() * c[c.length - 1]!;
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (c[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
