/**
 * A Lance-Williams update: the distance from a cluster `i` to the cluster made by merging `x` and
 * `y`, from the distances before the merge and the three sizes, on the scale of the distances
 * themselves (as scipy's `linkage_distance_update`: Ward, centroid and median take squares and a
 * square root inside). Agglomerative clustering takes one by name or as this function; a function
 * that is not a built-in runs on the generic algorithm, which needs no reducibility.
 *
 * @param dxi - distance from i to x
 * @param dyi - distance from i to y
 * @param dxy - distance from x to y (the merge height)
 * @param nx - rows in x
 * @param ny - rows in y
 * @param ni - rows in i
 * @returns the distance from i to x + y
 * @example
 * ```ts
 * // halfway between single and complete linkage
 * const between: LanceWilliams = (dxi, dyi) => (Math.min(dxi, dyi) + Math.max(dxi, dyi)) / 2;
 * agglomerative(X, { linkage: between });
 * ```
 */
export type LanceWilliams = (dxi: number, dyi: number, dxy: number, nx: number, ny: number, ni: number) => number;

/**
 * Single linkage: the smallest distance between the clusters' points, `min(dxi, dyi)`.
 *
 * @param dxi - distance from i to x
 * @param dyi - distance from i to y
 * @returns the distance from i to x + y
 * @example
 * ```ts
 * singleLinkage(2, 3, 1, 1, 1, 1);
 * // => 2
 * ```
 */
export function singleLinkage(dxi: number, dyi: number): number {
  return dxi < dyi ? dxi : dyi;
}

/**
 * Complete linkage: the largest distance between the clusters' points, `max(dxi, dyi)`.
 *
 * @param dxi - distance from i to x
 * @param dyi - distance from i to y
 * @returns the distance from i to x + y
 * @example
 * ```ts
 * completeLinkage(2, 3, 1, 1, 1, 1);
 * // => 3
 * ```
 */
export function completeLinkage(dxi: number, dyi: number): number {
  return dxi > dyi ? dxi : dyi;
}

/**
 * Average linkage (UPGMA): the mean distance between the clusters' points,
 * `(nx dxi + ny dyi) / (nx + ny)`.
 *
 * @param dxi - distance from i to x
 * @param dyi - distance from i to y
 * @param _dxy - distance from x to y (unused)
 * @param nx - rows in x
 * @param ny - rows in y
 * @returns the distance from i to x + y
 * @example
 * ```ts
 * averageLinkage(2, 4, 1, 1, 3, 1);
 * // => 3.5
 * ```
 */
export function averageLinkage(dxi: number, dyi: number, _dxy: number, nx: number, ny: number): number {
  return (nx * dxi + ny * dyi) / (nx + ny);
}

/**
 * Weighted average linkage (WPGMA, McQuitty): `(dxi + dyi) / 2`, whatever the sizes.
 *
 * @param dxi - distance from i to x
 * @param dyi - distance from i to y
 * @returns the distance from i to x + y
 * @example
 * ```ts
 * weightedLinkage(2, 4, 1, 1, 3, 1);
 * // => 3
 * ```
 */
export function weightedLinkage(dxi: number, dyi: number): number {
  return 0.5 * (dxi + dyi);
}

/**
 * Ward's minimum-variance linkage on Euclidean distances, as scipy (`method='ward'`), scikit-learn
 * and R's `ward.D2`: `sqrt(((ni + nx) dxi^2 + (ni + ny) dyi^2 - ni dxy^2) / (nx + ny + ni))`. The
 * built-in runs on cluster centroids instead of this update (same heights, O(n d) memory).
 *
 * @param dxi - distance from i to x
 * @param dyi - distance from i to y
 * @param dxy - distance from x to y
 * @param nx - rows in x
 * @param ny - rows in y
 * @param ni - rows in i
 * @returns the distance from i to x + y
 * @example
 * ```ts
 * wardLinkage(1, 1, 1, 1, 1, 1);
 * // => 1
 * ```
 */
export function wardLinkage(dxi: number, dyi: number, dxy: number, nx: number, ny: number, ni: number): number {
  const t = 1.0 / (nx + ny + ni);
  const v = (ni + nx) * t * dxi * dxi + (ni + ny) * t * dyi * dyi - ni * t * dxy * dxy;
  return Math.sqrt(v > 0 ? v : 0);
}

/**
 * Centroid linkage (UPGMC): the Euclidean distance between the clusters' centroids,
 * `sqrt((nx dxi^2 + ny dyi^2 - nx ny dxy^2 / (nx + ny)) / (nx + ny))`, as scipy. Not monotone: a
 * merge can be lower than the one before it (an inversion).
 *
 * @param dxi - distance from i to x
 * @param dyi - distance from i to y
 * @param dxy - distance from x to y
 * @param nx - rows in x
 * @param ny - rows in y
 * @returns the distance from i to x + y
 * @example
 * ```ts
 * centroidLinkage(1, 1, 2, 1, 1, 1); // i at the midpoint's distance 0 from x + y
 * // => 0
 * ```
 */
export function centroidLinkage(dxi: number, dyi: number, dxy: number, nx: number, ny: number): number {
  const v = (nx * dxi * dxi + ny * dyi * dyi - (nx * ny * dxy * dxy) / (nx + ny)) / (nx + ny);
  return Math.sqrt(v > 0 ? v : 0);
}

/**
 * Median linkage (WPGMC, Gower): the centroid update with both clusters weighted equally,
 * `sqrt(dxi^2 / 2 + dyi^2 / 2 - dxy^2 / 4)`, as scipy. Not monotone.
 *
 * @param dxi - distance from i to x
 * @param dyi - distance from i to y
 * @param dxy - distance from x to y
 * @returns the distance from i to x + y
 * @example
 * ```ts
 * medianLinkage(1, 1, 2, 5, 1, 1);
 * // => 0
 * ```
 */
export function medianLinkage(dxi: number, dyi: number, dxy: number): number {
  const v = 0.5 * (dxi * dxi + dyi * dyi) - 0.25 * dxy * dxy;
  return Math.sqrt(v > 0 ? v : 0);
}

/**
 * The built-in linkages by name, each its Lance-Williams update: the names `agglomerative`'s
 * `linkage` option accepts. Passing one of these functions by value is the same as its name (the
 * fast engine runs); any other function runs on the generic algorithm.
 *
 * @example
 * ```ts
 * Object.keys(LINKAGES);
 * // => ['ward', 'complete', 'average', 'single', 'weighted', 'centroid', 'median']
 * ```
 */
export const LINKAGES = Object.freeze({
  /** {@link wardLinkage} (engine: nearest-neighbour chain on centroids, O(n d) memory; Euclidean only) */
  ward: wardLinkage as LanceWilliams,
  /** {@link completeLinkage} (engine: nearest-neighbour chain on the distance matrix) */
  complete: completeLinkage as LanceWilliams,
  /** {@link averageLinkage} (engine: nearest-neighbour chain on the distance matrix) */
  average: averageLinkage as LanceWilliams,
  /** {@link singleLinkage} (engine: minimum spanning tree, distances on the fly, O(n) memory) */
  single: singleLinkage as LanceWilliams,
  /** {@link weightedLinkage} (engine: nearest-neighbour chain on the distance matrix) */
  weighted: weightedLinkage as LanceWilliams,
  /** {@link centroidLinkage} (engine: generic; Euclidean only) */
  centroid: centroidLinkage as LanceWilliams,
  /** {@link medianLinkage} (engine: generic; Euclidean only) */
  median: medianLinkage as LanceWilliams,
});

/** The name of a built-in linkage. */
export type LinkageName = keyof typeof LINKAGES;

/**
 * How the distance between two clusters is measured: a built-in by name (see {@link LINKAGES}), or
 * any {@link LanceWilliams} update.
 *
 * - `'ward'`: Ward's minimum-variance criterion as scipy (`method='ward'`) and scikit-learn define it,
 *   which is R's `ward.D2`: merge heights are `sqrt(2 na nb / (na + nb)) x ||ca - cb||` on Euclidean
 *   data (not R's `ward.D`, which works on squared distances).
 * - `'complete'`: the largest distance between their points.
 * - `'average'`: the mean distance between their points (UPGMA).
 * - `'single'`: the smallest distance between their points.
 * - `'weighted'`: the mean of the two merged clusters' distances (WPGMA).
 * - `'centroid'`: the distance between centroids (UPGMC; Euclidean; may invert).
 * - `'median'`: the distance between the midpoints of merged clusters (WPGMC; Euclidean; may invert).
 */
export type Linkage = LinkageName | LanceWilliams;
