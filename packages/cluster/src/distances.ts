/**
 * A distance between two points (rows of the matrix, as views of equal length): finite and >= 0,
 * symmetric, 0 from a point to itself. Agglomerative clustering takes one by name or as this
 * function.
 *
 * @example
 * ```ts
 * const chebyshev: DistanceFn = (a, b) => Math.max(...a.map((v, j) => Math.abs(v - b[j]!)));
 * agglomerative(X, { linkage: 'average', distance: chebyshev });
 * ```
 */
export type DistanceFn = (a: Float64Array, b: Float64Array) => number;

/**
 * The Euclidean distance `sqrt(sum (a_j - b_j)^2)`, as scipy's `pdist(metric='euclidean')`.
 * O(d).
 *
 * @param a - a point
 * @param b - another point of the same length
 * @returns the distance
 * @example
 * ```ts
 * euclideanDistance(Float64Array.of(0, 0), Float64Array.of(3, 4));
 * // => 5
 * ```
 */
export function euclideanDistance(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) {
    const t = a[j]! - b[j]!;
    s += t * t;
  }
  return Math.sqrt(s);
}

/**
 * The Manhattan (city-block, L1) distance `sum |a_j - b_j|`, as scipy's `pdist(metric='cityblock')`.
 * O(d).
 *
 * @param a - a point
 * @param b - another point of the same length
 * @returns the distance
 * @example
 * ```ts
 * manhattanDistance(Float64Array.of(0, 0), Float64Array.of(3, 4));
 * // => 7
 * ```
 */
export function manhattanDistance(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += Math.abs(a[j]! - b[j]!);
  return s;
}

/**
 * The cosine distance `1 - a.b / (|a| |b|)`, as scipy's `pdist(metric='cosine')`, in [0, 2]; NaN
 * when a point is all zeros (its direction is undefined: agglomerative clustering refuses such rows
 * with `NON_FINITE`). The cosine is clamped to [-1, 1] against rounding. O(d).
 *
 * @param a - a point
 * @param b - another point of the same length
 * @returns the distance
 * @example
 * ```ts
 * cosineDistance(Float64Array.of(1, 0), Float64Array.of(0, 2));
 * // => 1
 * ```
 */
export function cosineDistance(a: Float64Array, b: Float64Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let j = 0; j < a.length; j++) {
    dot += a[j]! * b[j]!;
    na += a[j]! * a[j]!;
    nb += b[j]! * b[j]!;
  }
  const c = dot / Math.sqrt(na * nb);
  return 1 - (c > 1 ? 1 : c < -1 ? -1 : c);
}

/**
 * The built-in distances by name: the names `agglomerative`'s `distance` option accepts.
 *
 * @example
 * ```ts
 * Object.keys(DISTANCES);
 * // => ['euclidean', 'manhattan', 'cosine']
 * ```
 */
export const DISTANCES = Object.freeze({
  /** {@link euclideanDistance} */
  euclidean: euclideanDistance as DistanceFn,
  /** {@link manhattanDistance} */
  manhattan: manhattanDistance as DistanceFn,
  /** {@link cosineDistance} */
  cosine: cosineDistance as DistanceFn,
});

/** The name of a built-in distance. */
export type DistanceName = keyof typeof DISTANCES;

/** A distance: a built-in by name, or any {@link DistanceFn}. */
export type Distance = DistanceName | DistanceFn;
