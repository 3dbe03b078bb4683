/**
 * The one top-k selection of every package: recommendation lists, item and customer neighbours,
 * candidate ranks. Higher value first; equal values by a secondary key (higher first) when one is
 * given, then by the smaller index, so every list is deterministic.
 */

/** The size of the sample {@link selectTop} draws its threshold from. */
export const TOP_SAMPLE = 64;

/** Options of {@link selectTop}. */
export interface SelectTopOptions {
  /** Ties in `value` go to the higher `tie` (then to the smaller index). */
  readonly tie?: ArrayLike<number>;
  /** Scratch of {@link TOP_SAMPLE} values, to reuse across calls in a hot loop. */
  readonly sample?: Float64Array;
}

/**
 * Puts the `k` best of `items[0..n)` first, in order, and returns how many are there (min(k, n)).
 * "Best" is the higher `value[item]`, then the higher `tie[item]`, then the smaller item. With many
 * more candidates than k, a threshold from an evenly spaced sample of the values first keeps only
 * those at or above it (about 2k), one comparison per candidate; the threshold is safe whenever at
 * least k pass it (the k-th best is then at or above it), otherwise everything is sorted. Then a
 * quicksort with insertion sort for short runs, comparisons inlined. O(n + k log k) typical,
 * O(n log n) at worst; `items` is reordered in place.
 *
 * @param items - candidate indices into `value` (reordered)
 * @param n - how many of `items` are candidates
 * @param k - how many to keep
 * @param value - the score of each index
 * @param options - a tie-break key and a scratch buffer
 * @returns min(k, n): `items[0..k)` are the best, best first
 * @example
 * ```ts
 * const items = Int32Array.of(0, 1, 2, 3);
 * selectTop(items, 4, 2, Float64Array.of(0.5, 0.9, 0.5, 0.1));
 * // => 2 (items now starts 1, 0)
 * ```
 */
export function selectTop(items: Int32Array, n: number, k: number, value: ArrayLike<number>, options: SelectTopOptions = {}): number {
  let m = n;
  if (n > 4 * k && n > 2 * TOP_SAMPLE) {
    const sample = options.sample ?? new Float64Array(TOP_SAMPLE);
    const step = n / TOP_SAMPLE;
    for (let s = 0; s < TOP_SAMPLE; s++) sample[s] = value[items[Math.floor(s * step)]!]!;
    sample.sort();
    const threshold = sample[Math.max(0, TOP_SAMPLE - 1 - Math.ceil((2 * k * TOP_SAMPLE) / n))]!;
    let kept = 0;
    for (let t = 0; t < n; t++) {
      const x = items[t]!;
      if (value[x]! >= threshold) {
        items[t] = items[kept]!;
        items[kept++] = x;
      }
    }
    if (kept >= k) m = kept;
  }
  if (k <= 64 && m > 2 * k) insertTop(items, m, k, value, options.tie);
  else if (options.tie) sortByValueTie(items, 0, m - 1, value, options.tie);
  else sortByValue(items, 0, m - 1, value);
  return Math.min(k, n);
}

/** a ranks before b: higher value, then higher tie (when given), then the smaller index. */
function better(a: number, b: number, value: ArrayLike<number>, tie: ArrayLike<number> | undefined): boolean {
  const va = value[a]!;
  const vb = value[b]!;
  if (va !== vb) return va > vb;
  if (tie !== undefined) {
    const ta = tie[a]!;
    const tb = tie[b]!;
    if (ta !== tb) return ta > tb;
  }
  return a < b;
}

/**
 * A short top-k (k small against the candidates): the first k sorted by insertion, then each other
 * candidate that beats the k-th is inserted in its place and the k-th swapped out to where it was,
 * so `items[0..m)` stays a permutation of the candidates. O(m + inserts x k).
 */
function insertTop(items: Int32Array, m: number, k: number, value: ArrayLike<number>, tie: ArrayLike<number> | undefined): void {
  for (let a = 1; a < k; a++) {
    const x = items[a]!;
    let b = a - 1;
    while (b >= 0 && better(x, items[b]!, value, tie)) {
      items[b + 1] = items[b]!;
      b--;
    }
    items[b + 1] = x;
  }
  for (let t = k; t < m; t++) {
    const x = items[t]!;
    if (!better(x, items[k - 1]!, value, tie)) continue;
    items[t] = items[k - 1]!;
    let b = k - 2;
    while (b >= 0 && better(x, items[b]!, value, tie)) {
      items[b + 1] = items[b]!;
      b--;
    }
    items[b + 1] = x;
  }
}

/** Sorts `items[lo..hi]`: higher value first, then the smaller index. */
function sortByValue(items: Int32Array, lo: number, hi: number, value: ArrayLike<number>): void {
  while (hi - lo > 16) {
    const pivot = items[(lo + hi) >> 1]!;
    const pv = value[pivot]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (value[items[i]!]! > pv || (value[items[i]!] === pv && items[i]! < pivot)) i++;
      while (value[items[j]!]! < pv || (value[items[j]!] === pv && items[j]! > pivot)) j--;
      if (i <= j) {
        const t = items[i]!;
        items[i++] = items[j]!;
        items[j--] = t;
      }
    }
    // recurse into the shorter side, loop on the longer
    if (j - lo < hi - i) {
      sortByValue(items, lo, j, value);
      lo = i;
    } else {
      sortByValue(items, i, hi, value);
      hi = j;
    }
  }
  for (let a = lo + 1; a <= hi; a++) {
    const x = items[a]!;
    const vx = value[x]!;
    let b = a - 1;
    while (b >= lo && (value[items[b]!]! < vx || (value[items[b]!] === vx && items[b]! > x))) {
      items[b + 1] = items[b]!;
      b--;
    }
    items[b + 1] = x;
  }
}

/**
 * Sorts `items[lo..hi]`: higher value, then higher tie, then the smaller index. The comparisons are
 * written out (no comparator closure: one allocated per call, or a function call per comparison,
 * costs several times the sort on long tied lists).
 */
function sortByValueTie(items: Int32Array, lo: number, hi: number, value: ArrayLike<number>, tie: ArrayLike<number>): void {
  while (hi - lo > 16) {
    const pivot = items[(lo + hi) >> 1]!;
    const pv = value[pivot]!;
    const pt = tie[pivot]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      for (;;) {
        const a = items[i]!;
        const va = value[a]!;
        if (va > pv || (va === pv && (tie[a]! > pt || (tie[a] === pt && a < pivot)))) i++;
        else break;
      }
      for (;;) {
        const b = items[j]!;
        const vb = value[b]!;
        if (vb < pv || (vb === pv && (tie[b]! < pt || (tie[b] === pt && b > pivot)))) j--;
        else break;
      }
      if (i <= j) {
        const t = items[i]!;
        items[i++] = items[j]!;
        items[j--] = t;
      }
    }
    if (j - lo < hi - i) {
      sortByValueTie(items, lo, j, value, tie);
      lo = i;
    } else {
      sortByValueTie(items, i, hi, value, tie);
      hi = j;
    }
  }
  for (let a = lo + 1; a <= hi; a++) {
    const x = items[a]!;
    const vx = value[x]!;
    const tx = tie[x]!;
    let b = a - 1;
    for (; b >= lo; b--) {
      const y = items[b]!;
      const vy = value[y]!;
      // x goes before y?
      if (vx > vy || (vx === vy && (tx > tie[y]! || (tx === tie[y] && x < y)))) items[b + 1] = y;
      else break;
    }
    items[b + 1] = x;
  }
}

/**
 * The indices of the `k` largest values among those above `floor` (and not skipped), best first:
 * {@link selectTop} over the qualifying indices. O(n + k log k) typical.
 *
 * @param values - one value per index
 * @param k - how many
 * @param options - `floor` (values must be greater; default 0), `skip` (indices left out), `tie`
 * @returns the indices, best first
 * @example
 * ```ts
 * topIndices(Float64Array.of(0.2, 0.9, 0, 0.2), 3);
 * // => [1, 0, 3]
 * ```
 */
export function topIndices(
  values: ArrayLike<number>,
  k: number,
  options: { readonly floor?: number; readonly skip?: (index: number) => boolean; readonly tie?: ArrayLike<number>; readonly scratch?: Int32Array } = {},
): number[] {
  const floor = options.floor ?? 0;
  const skip = options.skip;
  const items = options.scratch && options.scratch.length >= values.length ? options.scratch : new Int32Array(values.length);
  let n = 0;
  for (let j = 0; j < values.length; j++) if (values[j]! > floor && !(skip && skip(j))) items[n++] = j;
  const kept = selectTop(items, n, k, values, options.tie ? { tie: options.tie } : {});
  return Array.from(items.subarray(0, kept));
}
