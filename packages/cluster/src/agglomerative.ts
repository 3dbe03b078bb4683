import { resolveStrategy } from '@shopper-spectrum/internal';
import { defineClusterer } from './clustering.js';
import type { Clusterer } from './clustering.js';
import { DISTANCES } from './distances.js';
import type { Distance, DistanceFn } from './distances.js';
import { ClusterError } from './errors.js';
import { genericLinkage } from './hierarchy/genericLinkage.js';
import { mstSingle } from './hierarchy/mstSingle.js';
import { nnChain } from './hierarchy/nnChain.js';
import { condensedBytes, condensedDistances, pairDistance } from './hierarchy/pairwise.js';
import { makeTree } from './hierarchy/tree.js';
import type { AgglomerativeCut, AgglomerativeTree, RawMerges } from './hierarchy/tree.js';
import { wardChain } from './hierarchy/wardChain.js';
import { LINKAGES } from './linkages.js';
import type { LanceWilliams, Linkage } from './linkages.js';
import { toMatrix } from './matrix.js';
import type { Matrix, MatrixInput } from './matrix.js';

/**
 * The defaults of {@link agglomerative} and {@link agglomerativeClusterer}, in one place: Ward
 * linkage on Euclidean distances (scipy's and scikit-learn's usual choice), and a 4 GiB cap on the
 * distance matrix the matrix-based linkages keep.
 *
 * @example
 * ```ts
 * AGGLOMERATIVE_DEFAULTS.linkage;
 * // => 'ward'
 * ```
 */
export const AGGLOMERATIVE_DEFAULTS = Object.freeze({
  /** Ward's minimum-variance linkage. */
  linkage: 'ward' as Linkage,
  /** Euclidean distances. */
  distance: 'euclidean' as Distance,
  /** Memory cap of the condensed distance buffer, in bytes (4 GiB: about 32,000 rows). */
  maxMemoryBytes: 4 * 2 ** 30,
});

/** Options of {@link agglomerative}. */
export interface AgglomerativeOptions {
  /**
   * The linkage: a built-in by name (see {@link LINKAGES}) or a {@link LanceWilliams} update.
   * @defaultValue {@link AGGLOMERATIVE_DEFAULTS | AGGLOMERATIVE_DEFAULTS.linkage} (`'ward'`)
   */
  readonly linkage?: Linkage;
  /**
   * The distance between rows: a built-in by name (see {@link DISTANCES}) or a {@link DistanceFn}.
   * `'ward'`, `'centroid'` and `'median'` are defined on Euclidean geometry and refuse any other.
   * @defaultValue {@link AGGLOMERATIVE_DEFAULTS | AGGLOMERATIVE_DEFAULTS.distance} (`'euclidean'`)
   */
  readonly distance?: Distance;
  /**
   * Memory allowed for the condensed distance buffer (`n (n - 1) / 2 x 8` bytes) of the linkages that
   * keep one (complete, average, weighted, centroid, median, a user's update); `'ward'` and
   * `'single'` need only O(n d).
   * @defaultValue {@link AGGLOMERATIVE_DEFAULTS | AGGLOMERATIVE_DEFAULTS.maxMemoryBytes} (4 GiB)
   */
  readonly maxMemoryBytes?: number;
}

const EUCLIDEAN_ONLY = new Set<LanceWilliams>([LINKAGES.ward, LINKAGES.centroid, LINKAGES.median]);

const nameOf = (table: Readonly<Record<string, unknown>>, value: unknown): string => {
  for (const [name, v] of Object.entries(table)) if (v === value) return name;
  return (typeof value === 'function' && value.name) || 'custom';
};

const fail = (parameter: string, value: unknown, allowed: string): never => {
  throw new ClusterError('INVALID_OPTION', parameter, value, allowed);
};

/**
 * Agglomerative (hierarchical) clustering, returning the whole merge history in scipy's layout,
 * with any linkage (a built-in or a Lance-Williams update) and any distance.
 *
 * Engines, as scipy's `linkage` picks them: `'ward'` runs the nearest-neighbour chain on cluster
 * centroids and sizes, O(n d) memory, its nearest-neighbour scans pruned by a grid over the
 * centroids (the same merges as the full O(n^2 d) scan, bit for bit; close to O(n log n) scans of a
 * few cells in practice: 100,000 rows in about 1.2 s), so hundreds of thousands of points fit;
 * `'complete'`, `'average'` and `'weighted'` run the chain with Lance-Williams updates in place on
 * one condensed distance buffer (O(n^2) memory, bounded by `maxMemoryBytes`); `'single'` builds a
 * minimum spanning tree (Prim) with distances computed on the fly, O(n) memory; `'centroid'`,
 * `'median'` and any other update run Müllner's generic algorithm on the buffer, which is correct
 * without the reducibility the chain needs (O(n^2 log n) time in practice). Chain and tree merges
 * are sorted by height (stable) and relabelled as scipy does, so `merges`, `heights` and `sizes`
 * match scipy's `Z` (ties aside); the generic algorithm's come in merge order, as scipy's. ml-hclust's
 * `agnes` rebuilds its whole matrix at every merge (O(n^3)); `mlHclustClusterer` in
 * `@shopper-spectrum/cluster/mljs` runs it for comparison.
 *
 * @param X - rows, a row-major matrix, or an ml-matrix `Matrix`
 * @param options - the options of {@link AGGLOMERATIVE_DEFAULTS}
 * @returns the tree
 * @throws {@link ClusterError} `INVALID_OPTION` (unknown linkage or distance, a non-Euclidean
 *   distance for ward, centroid or median, an update returning a non-finite or negative value),
 *   `TOO_LARGE` (condensed buffer over the cap), `NON_FINITE` (a cosine distance on a row of zeros, a
 *   distance function returning NaN), and the input errors of {@link toMatrix}
 * @example
 * ```ts
 * const tree = agglomerative([[0, 0], [0, 1], [5, 5], [5, 6]], { linkage: 'ward' });
 * [tree.heights, tree.cut({ k: 2 }).labels];
 * // => [Float64Array [1, 1, 7.0710678118654755], Int32Array [0, 0, 1, 1]]
 * agglomerative([[0, 0], [0, 1], [5, 5]], { linkage: 'average', distance: 'manhattan' }).heights;
 * // => Float64Array [1, 9.5]
 * ```
 */
export function agglomerative(X: MatrixInput, options: AgglomerativeOptions = {}): AgglomerativeTree {
  const m = toMatrix(X);
  const update = resolveStrategy<LanceWilliams>(LINKAGES, options.linkage ?? AGGLOMERATIVE_DEFAULTS.linkage, 'linkage', fail);
  const distance = resolveStrategy<DistanceFn>(DISTANCES, options.distance ?? AGGLOMERATIVE_DEFAULTS.distance, 'distance', fail);
  const linkageName = nameOf(LINKAGES, update);
  const distanceName = nameOf(DISTANCES, distance);
  if (EUCLIDEAN_ONLY.has(update) && distance !== DISTANCES.euclidean) {
    throw new ClusterError('INVALID_OPTION', 'distance', distanceName, `'euclidean' for linkage '${linkageName}' (Ward, centroid and median linkages are defined on Euclidean distances)`);
  }
  const cap = options.maxMemoryBytes ?? AGGLOMERATIVE_DEFAULTS.maxMemoryBytes;
  if (!(cap >= 0)) throw new ClusterError('INVALID_OPTION', 'maxMemoryBytes', cap, 'a number of bytes >= 0');
  const n = m.rows;
  let raw: RawMerges;
  if (n === 1) raw = { a: new Int32Array(0), b: new Int32Array(0), h: new Float64Array(0), ordered: true };
  else if (update === LINKAGES.ward) raw = wardChain(m);
  else if (update === LINKAGES.single) raw = mstSingle(n, pairDistance(m, distance));
  else {
    const bytes = condensedBytes(n);
    if (bytes > cap) {
      throw new ClusterError('TOO_LARGE', 'X', `${n} rows (${(bytes / 2 ** 30).toFixed(1)} GiB of distances)`, `at most ${Math.floor(Math.sqrt((2 * cap) / 8))} rows for '${linkageName}' under maxMemoryBytes ${cap}; 'ward' and 'single' need no distance matrix`);
    }
    const D = condensedDistances(m, distance);
    raw = update === LINKAGES.complete || update === LINKAGES.average || update === LINKAGES.weighted ? nnChain(D, n, linkageName as 'complete' | 'average' | 'weighted') : genericLinkage(D, n, update, linkageName);
  }
  return makeTree(m, linkageName, distanceName, raw);
}

/**
 * Agglomerative clustering as a {@link Clusterer}: fits the tree and cuts it into k clusters. Its
 * `sweep` fits the tree once and cuts it at every k, so `chooseK` costs one fit.
 *
 * @param options - the options of {@link agglomerative}
 * @returns a clusterer named after the linkage (`'agglomerative (ward)'`)
 * @throws {@link ClusterError} when called, as {@link agglomerative} and `cut`
 * @example
 * ```ts
 * const choice = chooseK(X, { clusterer: agglomerativeClusterer({ linkage: 'average' }) });
 * choice.clusterer;
 * // => 'agglomerative (average)'
 * ```
 */
export function agglomerativeClusterer(options: AgglomerativeOptions = {}): Clusterer<AgglomerativeCut> {
  const fixed = { ...options };
  const linkage = nameOf(LINKAGES, resolveStrategy<LanceWilliams>(LINKAGES, fixed.linkage ?? AGGLOMERATIVE_DEFAULTS.linkage, 'linkage', fail));
  const distance = nameOf(DISTANCES, resolveStrategy<DistanceFn>(DISTANCES, fixed.distance ?? AGGLOMERATIVE_DEFAULTS.distance, 'distance', fail));
  const name = `agglomerative (${distance === 'euclidean' ? linkage : `${linkage}, ${distance}`})`;
  return defineClusterer((X: Matrix, k: number) => agglomerative(X, fixed).cut({ k }), {
    name,
    sweep: (X: Matrix, ks: readonly number[]) => {
      const tree = agglomerative(X, fixed);
      return ks.map((k) => tree.cut({ k }));
    },
  });
}
