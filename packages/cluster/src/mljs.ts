/**
 * `@shopper-spectrum/cluster/mljs`: the mljs clustering libraries as {@link Clusterer}s, so they plug
 * into `chooseK`, serialise and predict like the built-ins: `mlKmeansClusterer` runs ml-kmeans,
 * `mlHclustClusterer` runs ml-hclust's `agnes` and cuts its tree. Both return the package's one
 * {@link Clustering} (centroids are the means of the labelled rows).
 *
 * ml-kmeans and ml-hclust are optional peer dependencies: install the one you use
 * (`npm install ml-kmeans`, `npm install ml-hclust`). The main entry `@shopper-spectrum/cluster`
 * never loads them; this subpath loads them when it is imported, and an adapter whose library is
 * missing throws `MISSING_DEPENDENCY` (with the npm command) when it is created.
 *
 * Where it loads them: in Node, with the import itself (ES modules; from CommonJS, `require` of
 * these ES-module libraries needs Node >= 20.19 or >= 22.12), so the adapters can be created at
 * once. In a browser bundle (the `browser` export condition), without top-level await: the
 * libraries the bundler found load asynchronously, so `await mljsReady()` before creating an
 * adapter. A bundler does not fail over a missing peer; its adapter fails at run time.
 *
 * @packageDocumentation
 * @module @shopper-spectrum/cluster/mljs
 */
import { ClusterError, clusteringFromLabels, defineClusterer, DISTANCES, toMatrix, toRows } from '@shopper-spectrum/cluster';
import type { Clusterer, Clustering, Distance, DistanceFn, Matrix } from '@shopper-spectrum/cluster';
import { allowedNames, resolveStrategy } from '@shopper-spectrum/internal';
import { peers } from './mljs/peers.js';
import type { AgnesNode, Loaded, MlHclustModule, MlKmeansModule } from './mljs/types.js';

/**
 * The defaults of {@link mlKmeansClusterer}: ml-kmeans' own (`maxIterations` 100, `tolerance`
 * 1e-6 on the squared centroid shift, k-means++ starts) with one run, seed 0.
 *
 * @example
 * ```ts
 * ML_KMEANS_DEFAULTS.maxIterations;
 * // => 100
 * ```
 */
export const ML_KMEANS_DEFAULTS = Object.freeze({
  /** Seed passed to ml-kmeans (run r gets seed + r). */
  seed: 0,
  /** Runs of ml-kmeans; the lowest within-cluster sum of squares is kept. */
  nInit: 1,
  /** ml-kmeans' `maxIterations`. */
  maxIterations: 100,
  /** ml-kmeans' `tolerance` (largest squared centroid shift that counts as converged). */
  tolerance: 1e-6,
  /** ml-kmeans' `initialization`. */
  initialization: 'kmeans++' as MlKmeansInitialization,
});

/** How ml-kmeans picks its starting centroids (its `initialization` option). */
export type MlKmeansInitialization = 'kmeans++' | 'random' | 'mostDistant';

/** Options of {@link mlKmeansClusterer}. */
export interface MlKmeansClustererOptions {
  /**
   * Seed passed to ml-kmeans' `seed` (run r of `nInit` gets `seed + r`), so results depend on it only.
   * @defaultValue {@link ML_KMEANS_DEFAULTS | ML_KMEANS_DEFAULTS.seed} (`0`)
   */
  readonly seed?: number;
  /**
   * Independent runs (ml-kmeans has no restarts of its own); the lowest within-cluster sum of squares
   * is kept (ties: the earliest).
   * @defaultValue {@link ML_KMEANS_DEFAULTS | ML_KMEANS_DEFAULTS.nInit} (`1`)
   */
  readonly nInit?: number;
  /**
   * ml-kmeans' `maxIterations`.
   * @defaultValue {@link ML_KMEANS_DEFAULTS | ML_KMEANS_DEFAULTS.maxIterations} (`100`)
   */
  readonly maxIterations?: number;
  /**
   * ml-kmeans' `tolerance`: a run stops when no centroid moves by more than this squared distance.
   * @defaultValue {@link ML_KMEANS_DEFAULTS | ML_KMEANS_DEFAULTS.tolerance} (`1e-6`)
   */
  readonly tolerance?: number;
  /**
   * ml-kmeans' `initialization`.
   * @defaultValue {@link ML_KMEANS_DEFAULTS | ML_KMEANS_DEFAULTS.initialization} (`'kmeans++'`)
   */
  readonly initialization?: MlKmeansInitialization;
}

/** The linkage methods of ml-hclust's `agnes` (its `method` option). */
export type AgnesMethod = 'single' | 'complete' | 'average' | 'upgma' | 'wpgma' | 'median' | 'wpgmc' | 'centroid' | 'upgmc' | 'ward' | 'ward2';

const AGNES_METHODS: Readonly<Record<AgnesMethod, true>> = {
  single: true,
  complete: true,
  average: true,
  upgma: true,
  wpgma: true,
  median: true,
  wpgmc: true,
  centroid: true,
  upgmc: true,
  ward: true,
  ward2: true,
};

/**
 * The defaults of {@link mlHclustClusterer}: agnes' `'ward2'` (Ward's method on Euclidean
 * distances, R's `ward.D2`: the same criterion as this package's `'ward'`) on Euclidean distances.
 *
 * @example
 * ```ts
 * ML_HCLUST_DEFAULTS.method;
 * // => 'ward2'
 * ```
 */
export const ML_HCLUST_DEFAULTS = Object.freeze({
  /** agnes' linkage method. */
  method: 'ward2' as AgnesMethod,
  /** The distance between rows. */
  distance: 'euclidean' as Distance,
});

/** Options of {@link mlHclustClusterer}. */
export interface MlHclustClustererOptions {
  /**
   * agnes' `method`. Note the names: agnes' `'ward2'` is Ward's method as scipy, scikit-learn and this
   * package's `'ward'` define it (R's `ward.D2`), while agnes' `'ward'` is R's `ward.D` (the update
   * applied to unsquared distances); agnes' `'centroid'` and `'median'` also work on unsquared
   * distances, unlike scipy's.
   * @defaultValue {@link ML_HCLUST_DEFAULTS | ML_HCLUST_DEFAULTS.method} (`'ward2'`)
   */
  readonly method?: AgnesMethod;
  /**
   * The distance between rows, given to agnes as its `distanceFunction`: a built-in by name (see
   * `DISTANCES`) or a {@link DistanceFn}.
   * @defaultValue {@link ML_HCLUST_DEFAULTS | ML_HCLUST_DEFAULTS.distance} (`'euclidean'`)
   */
  readonly distance?: Distance;
}

const PEER_RANGES = { 'ml-kmeans': '^7.0.0', 'ml-hclust': '^4.0.0' } as const;

/** The optional peer dependencies of this subpath. */
export type MljsPeer = keyof typeof PEER_RANGES;

/**
 * Waits until this subpath has loaded its optional peers (or failed to), and says which are
 * available. In Node the peers are loaded with the import, so it resolves at once; in a browser
 * bundle they load asynchronously, and an adapter can be created only once this has resolved.
 * Never rejects: a missing peer is `false` (its adapter throws `MISSING_DEPENDENCY` saying why).
 *
 * @returns for each peer, whether its adapter can be created
 * @example
 * ```ts
 * import { mljsReady, mlKmeansClusterer } from '@shopper-spectrum/cluster/mljs';
 * const available = await mljsReady(); // with only ml-kmeans installed:
 * // => { 'ml-kmeans': true, 'ml-hclust': false }
 * const clusterer = available['ml-kmeans'] ? mlKmeansClusterer({ seed: 1 }) : undefined;
 * ```
 */
export function mljsReady(): Promise<Readonly<Record<MljsPeer, boolean>>> {
  return peers.ready.then(() => Object.freeze({ 'ml-kmeans': peers.kmeans.module !== undefined, 'ml-hclust': peers.hclust.module !== undefined }));
}

const invalid = (parameter: string, value: unknown, allowed: string): never => {
  throw new ClusterError('INVALID_OPTION', parameter, value, allowed);
};

const messageOf = (error: unknown): string => (error !== null && typeof error === 'object' && typeof (error as { message?: unknown }).message === 'string' ? (error as { message: string }).message : String(error));

/** Whether a load error (or an error it wraps, as bundlers and test runners do) says the module is not there. */
function isNotFound(error: unknown, name: string): boolean {
  for (let e = error, depth = 0; e !== null && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return true;
    if (/cannot find (module|package)|could not resolve|failed to resolve/i.test(messageOf(e)) && messageOf(e).includes(name)) return true;
  }
  return false;
}

/** Whether a load error is CommonJS `require` refusing an ES module (Node before 20.19 / 22.12). */
function isRequireEsm(error: unknown): boolean {
  for (let e = error, depth = 0; e !== null && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === 'ERR_REQUIRE_ESM') return true;
  }
  return false;
}

/** The running Node version, when there is one. */
const nodeVersion = (): string => {
  const p = (globalThis as { process?: { versions?: { node?: unknown } } }).process;
  return typeof p?.versions?.node === 'string' ? `Node ${p.versions.node}` : 'this runtime';
};

/** The module of a peer dependency, or the coded error saying how to install it. */
function need<T>(loaded: Loaded<T>, name: MljsPeer, adapter: string): T {
  if (loaded.module !== undefined) return loaded.module;
  const allowed = `the optional peer dependency ${name} (${PEER_RANGES[name]})`;
  if (loaded.pending) {
    throw new ClusterError('MISSING_DEPENDENCY', name, 'still loading', allowed, {
      detail: `${adapter} was created before ${name} had loaded: in a browser bundle the optional peers load asynchronously, so \`await mljsReady()\` (from @shopper-spectrum/cluster/mljs) first.`,
    });
  }
  const message = messageOf(loaded.error);
  if (isRequireEsm(loaded.error)) {
    throw new ClusterError('MISSING_DEPENDENCY', name, 'installed but not loadable with require', allowed, {
      detail: `${adapter} needs it, and ${name} is an ES module that the CommonJS build of @shopper-spectrum/cluster/mljs can require only on Node >= 20.19 (or >= 22.12); ${nodeVersion()} cannot. Upgrade Node, or import the subpath from an ES module (\`import('@shopper-spectrum/cluster/mljs')\`).`,
      cause: loaded.error,
    });
  }
  const notFound = isNotFound(loaded.error, name);
  throw new ClusterError('MISSING_DEPENDENCY', name, notFound ? 'not installed' : 'installed but failed to load', allowed, {
    detail: notFound ? `${adapter} needs it: run \`npm install ${name}\`.` : `${adapter} needs it: run \`npm install ${name}@${PEER_RANGES[name]}\` (loading it failed: ${message}).`,
    cause: loaded.error,
  });
}

const integerAtLeast = (value: number, min: number, parameter: string): number => {
  if (!Number.isInteger(value) || value < min) invalid(parameter, value, `an integer >= ${min}`);
  return value;
};

const checkK = (k: number, n: number): void => {
  if (!Number.isInteger(k) || k < 1 || k > n) throw new ClusterError('INVALID_K', 'k', k, `an integer from 1 to the number of rows (${n})`);
};

/**
 * Squared distances of each row to its cluster's mean, and the cluster sizes and sum of squares.
 */
function dispersion(m: Matrix, labels: Int32Array, k: number): { sizes: Int32Array; sq: Float64Array; total: number } {
  const { rows: n, cols: d, data } = m;
  const sums = new Float64Array(k * d);
  const sizes = new Int32Array(k);
  for (let i = 0; i < n; i++) {
    sizes[labels[i]!]!++;
    for (let j = 0; j < d; j++) sums[labels[i]! * d + j]! += data[i * d + j]!;
  }
  for (let c = 0; c < k; c++) if (sizes[c]! > 0) for (let j = 0; j < d; j++) sums[c * d + j]! /= sizes[c]!;
  const sq = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += (data[i * d + j]! - sums[labels[i]! * d + j]!) ** 2;
    sq[i] = s;
    total += s;
  }
  return { sizes, sq, total };
}

/**
 * Gives each empty cluster the row farthest from its own cluster's mean, among clusters of two rows
 * or more (the built-in k-means' rule, scikit-learn's), so every cluster has a row.
 */
function fillEmpty(m: Matrix, labels: Int32Array, k: number): void {
  for (;;) {
    const { sizes, sq } = dispersion(m, labels, k);
    const empty = sizes.indexOf(0);
    if (empty < 0) return;
    let far = -1;
    for (let i = 0; i < m.rows; i++) if (sizes[labels[i]!]! > 1 && (far < 0 || sq[i]! > sq[far]!)) far = i;
    labels[far] = empty;
  }
}

/**
 * ml-kmeans as a {@link Clusterer}: runs ml-kmeans' `kmeans(rows, k, { seed, ... })` `nInit` times
 * (seeds `seed`, `seed + 1`, ...) and keeps the run with the lowest within-cluster sum of squares.
 * Its labels become the package's {@link Clustering} (centroids: the labelled rows' means, which are
 * ml-kmeans' own final centroids). A cluster ml-kmeans leaves empty takes the row farthest from its
 * cluster's mean, as the built-in k-means does, so there are always k clusters.
 *
 * Differences from the built-in `kmeans` (which matches scikit-learn): ml-kmeans' k-means++ is not
 * greedy, its tolerance is absolute, it has no restarts (nInit here) and its random source is its
 * own (seeded by `seed`): on well-separated data both find the same partition.
 *
 * @param options - see {@link ML_KMEANS_DEFAULTS}
 * @returns a clusterer named `'ml-kmeans'`; each clustering's `algorithm` is `'ml-kmeans'`
 * @throws `ClusterError` `MISSING_DEPENDENCY` when ml-kmeans is not installed (the message says
 *   `npm install ml-kmeans`), cannot be loaded, or (browser bundles) has not loaded yet (see
 *   {@link mljsReady}); `INVALID_OPTION` for a bad option; when called, `INVALID_K` and the input
 *   errors of `toMatrix`
 * @example
 * ```ts
 * import { chooseK } from '@shopper-spectrum/cluster';
 * import { mlKmeansClusterer } from '@shopper-spectrum/cluster/mljs';
 * chooseK(X, { clusterer: mlKmeansClusterer({ seed: 42, nInit: 10 }) }).clusterer;
 * // => 'ml-kmeans'
 * ```
 */
export function mlKmeansClusterer(options: MlKmeansClustererOptions = {}): Clusterer {
  const lib: MlKmeansModule = need(peers.kmeans, 'ml-kmeans', 'mlKmeansClusterer');
  const seed = options.seed ?? ML_KMEANS_DEFAULTS.seed;
  if (!Number.isInteger(seed)) invalid('seed', seed, 'an integer');
  const nInit = integerAtLeast(options.nInit ?? ML_KMEANS_DEFAULTS.nInit, 1, 'nInit');
  const maxIterations = integerAtLeast(options.maxIterations ?? ML_KMEANS_DEFAULTS.maxIterations, 1, 'maxIterations');
  const tolerance = options.tolerance ?? ML_KMEANS_DEFAULTS.tolerance;
  if (!(tolerance >= 0)) invalid('tolerance', tolerance, 'a number >= 0');
  const initialization = options.initialization ?? ML_KMEANS_DEFAULTS.initialization;
  if (initialization !== 'kmeans++' && initialization !== 'random' && initialization !== 'mostDistant') invalid('initialization', initialization, "'kmeans++', 'random' or 'mostDistant'");
  return defineClusterer(
    (X: Matrix, k: number): Clustering => {
      const m = toMatrix(X);
      checkK(k, m.rows);
      const rows = toRows(m);
      let best: { labels: Int32Array; total: number } | null = null;
      for (let r = 0; r < nInit; r++) {
        const result = lib.kmeans(rows, k, { seed: seed + r, maxIterations, tolerance, initialization });
        const labels = Int32Array.from(result.clusters);
        fillEmpty(m, labels, k);
        const { total } = dispersion(m, labels, k);
        if (best === null || total < best.total) best = { labels, total };
      }
      return clusteringFromLabels(m, best!.labels, { algorithm: 'ml-kmeans', k });
    },
    { name: 'ml-kmeans' },
  );
}

/**
 * The full distance matrix agnes starts from (what its own `getDistanceMatrix` builds from a
 * `distanceFunction`), each distance checked as the built-in `agglomerative` checks them: a NaN
 * or infinite one is `NON_FINITE`, a negative one `INVALID_OPTION`, naming the two rows.
 */
function distanceMatrix(m: Matrix, distance: DistanceFn): number[][] {
  const n = m.rows;
  const rows = Array.from({ length: n }, (_, i) => m.data.subarray(i * m.cols, (i + 1) * m.cols));
  const D = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = distance(rows[j]!, rows[i]!); // the order agnes' own getDistanceMatrix uses
      if (typeof v !== 'number' || Number.isNaN(v) || v === Infinity || v === -Infinity) throw new ClusterError('NON_FINITE', 'distance', `${String(v)} between rows ${i} and ${j}`, 'a function returning finite numbers');
      if (v < 0) throw new ClusterError('INVALID_OPTION', 'distance', `${v} between rows ${i} and ${j}`, 'a function returning distances >= 0');
      D[i]![j] = v;
      D[j]![i] = v;
    }
  }
  return D;
}

/** The rows under each of the k clusters of an agnes tree cut by splitting its highest nodes. */
function groupLabels(root: AgnesNode, n: number, k: number): Int32Array {
  // Split the highest internal node of the frontier until it has k nodes (what ml-hclust's
  // Cluster.group does, without losing a leaf when heights tie at 0).
  const frontier: AgnesNode[] = [root];
  while (frontier.length < k) {
    let at = -1;
    for (let i = 0; i < frontier.length; i++) {
      const c = frontier[i]!;
      if (c.children.length === 0) continue;
      if (at < 0 || c.height > frontier[at]!.height) at = i;
    }
    if (at < 0) break;
    const [split] = frontier.splice(at, 1);
    frontier.push(...split!.children);
  }
  const group = new Int32Array(n).fill(-1);
  frontier.forEach((node, g) => {
    const stack = [node];
    while (stack.length > 0) {
      const c = stack.pop()!;
      if (c.children.length === 0) group[c.index] = g;
      else stack.push(...c.children);
    }
  });
  // Number the groups by first appearance in the rows, as the built-in cut does.
  const renumber = new Map<number, number>();
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const g = group[i]!;
    if (g < 0) throw new ClusterError('INVALID_MODEL', 'agnes', `row ${i} is in no cluster`, 'a tree over every row');
    let l = renumber.get(g);
    if (l === undefined) renumber.set(g, (l = renumber.size));
    labels[i] = l;
  }
  return labels;
}

/**
 * ml-hclust's `agnes` as a {@link Clusterer}: builds the tree with the chosen method and distance,
 * cuts it into k clusters by splitting its highest merges (ml-hclust's `group(k)`), and returns the
 * package's {@link Clustering} (labels numbered by first appearance in the rows, centroids the
 * clusters' means). Its `sweep` builds the tree once for every k.
 *
 * agnes rebuilds its whole distance matrix at every merge: O(n^3) time (minutes at 4,000 rows) and
 * O(n^2) memory, where the built-in `agglomerative` is O(n^2) (see docs/cluster.md for figures).
 *
 * @param options - see {@link ML_HCLUST_DEFAULTS}
 * @returns a clusterer named after the method (`'ml-hclust (ward2)'`)
 * @throws `ClusterError` `MISSING_DEPENDENCY` when ml-hclust is not installed (the message says
 *   `npm install ml-hclust`), cannot be loaded, or (browser bundles) has not loaded yet (see
 *   {@link mljsReady}); `INVALID_OPTION` for an unknown method or distance; when called,
 *   `INVALID_K`, the input errors of `toMatrix`, and as the built-in `agglomerative`: `NON_FINITE`
 *   for a distance that is NaN or infinite (cosine on a row of zeros), `INVALID_OPTION` for a
 *   negative one
 * @example
 * ```ts
 * import { mlHclustClusterer } from '@shopper-spectrum/cluster/mljs';
 * const cut = mlHclustClusterer({ method: 'ward2' })(X, 4);
 * cut.algorithm;
 * // => 'ml-hclust (ward2)'
 * ```
 */
export function mlHclustClusterer(options: MlHclustClustererOptions = {}): Clusterer {
  const lib: MlHclustModule = need(peers.hclust, 'ml-hclust', 'mlHclustClusterer');
  const method = options.method ?? ML_HCLUST_DEFAULTS.method;
  if (typeof method !== 'string' || !Object.prototype.hasOwnProperty.call(AGNES_METHODS, method)) invalid('method', method, allowedNames(AGNES_METHODS));
  const distance = resolveStrategy<DistanceFn>(DISTANCES, options.distance ?? ML_HCLUST_DEFAULTS.distance, 'distance', invalid);
  const distanceName = Object.entries(DISTANCES).find(([, f]) => f === distance)?.[0] ?? (distance.name || 'custom');
  const algorithm = `ml-hclust (${distanceName === 'euclidean' ? method : `${method}, ${distanceName}`})`;
  const tree = (m: Matrix): AgnesNode => lib.agnes(distanceMatrix(m, distance), { method, isDistanceMatrix: true });
  const cut = (m: Matrix, root: AgnesNode, k: number): Clustering => {
    checkK(k, m.rows);
    return clusteringFromLabels(m, groupLabels(root, m.rows, k), { algorithm, k });
  };
  return defineClusterer(
    (X: Matrix, k: number) => {
      const m = toMatrix(X);
      checkK(k, m.rows);
      return cut(m, tree(m), k);
    },
    {
      name: algorithm,
      sweep: (X: Matrix, ks: readonly number[]) => {
        const m = toMatrix(X);
        for (const k of ks) checkK(k, m.rows);
        const root = tree(m);
        return ks.map((k) => cut(m, root, k));
      },
    },
  );
}
