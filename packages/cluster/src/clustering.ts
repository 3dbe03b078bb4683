import { ClusterError } from './errors.js';
import { checkClusterLabels, checkPoint, toMatrix } from './matrix.js';
import type { Matrix, MatrixInput } from './matrix.js';

/**
 * A flat clustering as one nearest-centroid model, whatever algorithm made it: k-means, a cut of an
 * agglomerative tree, an mljs adapter or a user's own {@link Clusterer} all return this shape, so
 * `chooseK`, segment naming, serialisation and prediction work the same for each.
 *
 * `predict` gives the cluster whose centroid is nearest in Euclidean distance (ties: the lower
 * cluster). For k-means that is the algorithm's own assignment rule, so `predict(row)` equals the
 * row's label; for other algorithms it is the usual way to place a new point next to clusters that
 * were formed otherwise (a tree cut, another distance).
 */
export interface Clustering {
  /** Number of clusters. */
  readonly k: number;
  /** Cluster of each training row, 0..k-1 (empty for a model read back from JSON). */
  readonly labels: Int32Array;
  /** One centroid per cluster: the mean of its rows. */
  readonly centroids: number[][];
  /** Rows per cluster (NaN for a model read from a version-1 k-means file, which did not store them). */
  readonly sizes: number[];
  /** What made the clusters, such as `'kmeans'`, `'agglomerative (ward)'` or `'ml-kmeans'`. */
  readonly algorithm: string;
  /**
   * The cluster of a point: the nearest centroid (Euclidean; ties go to the lower cluster).
   * O(k d).
   */
  predict(x: readonly number[]): number;
  /** The clusters of many points, as {@link Clustering.predict} for each row. O(n k d). */
  predictMany(X: MatrixInput): Int32Array;
  /** The model as JSON (centroids, sizes, the algorithm; not the labels); {@link clusteringFromJSON} reads it back. */
  toJSON(): ClusteringJSON;
}

/** The serialised form of a {@link Clustering}. */
export interface ClusteringJSON {
  /** Always `'clustering'`. */
  readonly type: 'clustering';
  /** Format version. */
  readonly version: 1;
  /** What made the clusters (see {@link Clustering.algorithm}). */
  readonly algorithm: string;
  /** Centroids, one row per cluster. */
  readonly centroids: number[][];
  /** Rows per cluster. */
  readonly sizes: number[];
}

/**
 * A clustering algorithm as a value: a function from a matrix and a number of clusters to a
 * {@link Clustering}. Anything that fits this signature plugs into `chooseK` and the reference app;
 * the built-ins are `kmeansClusterer`, `agglomerativeClusterer` and, in
 * `@shopper-spectrum/cluster/mljs`, `mlKmeansClusterer` and `mlHclustClusterer`.
 *
 * It may also carry a `name` (reported by `chooseK`; a function's own name otherwise) and a
 * `sweep(X, ks)` that returns one clustering per k in one go, which `chooseK` uses when present
 * (an agglomerative tree is fitted once and cut at every k). Build one with {@link defineClusterer}.
 *
 * @typeParam C - the clustering it returns (a `KMeansModel` for `kmeansClusterer`)
 */
export interface Clusterer<C extends Clustering = Clustering> {
  /** Clusters `X` into exactly `k` non-empty groups (`chooseK` refuses a clustering with fewer). */
  (X: Matrix, k: number): C;
  /** A short name for reports, such as `'kmeans'`. */
  readonly name: string;
  /** One clustering per k, in the order of `ks`, sharing work between them (optional). */
  readonly sweep?: (X: Matrix, ks: readonly number[]) => C[];
}

/** Options of {@link defineClusterer}. */
export interface DefineClustererOptions<C extends Clustering> {
  /**
   * The name reports show.
   * @defaultValue the function's own name, or `'custom'` when it has none
   */
  readonly name?: string;
  /**
   * One clustering per k in one go (see {@link Clusterer.sweep}).
   * @defaultValue none: `chooseK` calls the clusterer once per k
   */
  readonly sweep?: (X: Matrix, ks: readonly number[]) => C[];
}

/**
 * Makes a {@link Clusterer} from a function, with a name and an optional `sweep` (a function's
 * `name` cannot be assigned directly: it is read-only).
 *
 * @param fit - clusters a matrix into k groups
 * @param options - name and sweep
 * @returns the clusterer (a new function; `fit` is not changed)
 * @example
 * ```ts
 * const halves = defineClusterer((X, k) => clusteringFromLabels(X, Array.from({ length: X.rows }, (_, i) => Math.floor((i * k) / X.rows))), { name: 'halves' });
 * chooseK(X, { clusterer: halves }).clusterer;
 * // => 'halves'
 * ```
 */
export function defineClusterer<C extends Clustering>(fit: (X: Matrix, k: number) => C, options: DefineClustererOptions<C> = {}): Clusterer<C> {
  if (typeof fit !== 'function') throw new ClusterError('INVALID_OPTION', 'fit', fit, 'a function (X, k) => Clustering');
  if (options.sweep !== undefined && typeof options.sweep !== 'function') throw new ClusterError('INVALID_OPTION', 'sweep', options.sweep, 'a function (X, ks) => Clustering[]');
  const clusterer = ((X: Matrix, k: number) => fit(X, k)) as Clusterer<C>;
  Object.defineProperty(clusterer, 'name', { value: options.name ?? (fit.name || 'custom') });
  if (options.sweep !== undefined) Object.defineProperty(clusterer, 'sweep', { value: options.sweep, enumerable: true });
  return clusterer;
}

/** Options of {@link clusteringFromLabels}. */
export interface ClusteringFromLabelsOptions {
  /**
   * What made the labels, kept in the model and its JSON.
   * @defaultValue `'labels'`
   */
  readonly algorithm?: string;
  /**
   * The number of clusters the labels must use (each of 0..k-1 at least once).
   * @defaultValue the largest label + 1
   */
  readonly k?: number;
}

/**
 * Builds the {@link Clustering} of labelled rows: centroids are the means of each cluster's rows.
 * The way to turn any algorithm's labels into a model that predicts, serialises and plugs into
 * `chooseK` (a {@link Clusterer} can return `clusteringFromLabels(X, labels, { algorithm })`).
 * O(n d).
 *
 * @param X - the rows that were clustered
 * @param labels - cluster of each row: integers 0..k-1, every cluster used
 * @param options - the algorithm's name, the expected k
 * @returns the model
 * @throws {@link ClusterError} `INVALID_LABELS` (wrong length, a label outside 0..k-1, an empty
 *   cluster: without `k`, any label of n or more, as n rows cannot fill more clusters), and the input errors of {@link toMatrix}
 * @example
 * ```ts
 * const c = clusteringFromLabels([[0, 0], [0, 2], [9, 9]], [0, 0, 1], { algorithm: 'by hand' });
 * [c.centroids, c.sizes, c.predict([8, 8])];
 * // => [[[0, 1], [9, 9]], [2, 1], 1]
 * ```
 */
export function clusteringFromLabels(X: MatrixInput, labels: ArrayLike<number>, options: ClusteringFromLabelsOptions = {}): Clustering {
  const m = toMatrix(X);
  if (options.k !== undefined && (!Number.isInteger(options.k) || options.k < 1 || options.k > m.rows)) throw new ClusterError('INVALID_K', 'k', options.k, `an integer from 1 to the number of rows (${m.rows})`);
  const checked = checkClusterLabels(labels, m.rows, options.k);
  const k = checked.k;
  const algorithm = options.algorithm ?? 'labels';
  if (typeof algorithm !== 'string') throw new ClusterError('INVALID_OPTION', 'algorithm', algorithm, 'a string');
  const { centroids, sizes } = labelMeans(m, checked.labels, k);
  return nearestCentroidModel(algorithm, centroids, sizes, checked.labels);
}

/**
 * Means and sizes of labelled rows; every label must be in 0..k-1 and every cluster non-empty.
 * @internal
 */
export function labelMeans(m: Matrix, labels: Int32Array, k: number, parameter = 'labels'): { centroids: number[][]; sizes: number[] } {
  const d = m.cols;
  const sums = new Float64Array(k * d);
  const sizes = new Array<number>(k).fill(0);
  for (let i = 0; i < m.rows; i++) {
    const l = labels[i]!;
    if (l >= k) throw new ClusterError('INVALID_LABELS', `${parameter}[${i}]`, l, `integers from 0 to k - 1 (${k - 1})`);
    sizes[l]!++;
    for (let j = 0; j < d; j++) sums[l * d + j]! += m.data[i * d + j]!;
  }
  const empty = sizes.indexOf(0);
  if (empty >= 0) throw new ClusterError('INVALID_LABELS', parameter, `no row in cluster ${empty}`, `every cluster 0..${k - 1} used by at least one row`);
  const centroids = Array.from({ length: k }, (_, l) => Array.from({ length: d }, (_, j) => sums[l * d + j]! / sizes[l]!));
  return { centroids, sizes };
}

/**
 * Index of the nearest centroid (squared Euclidean, ties to the lower index) of the point at
 * `x[offset..offset + d)`. The one nearest-centroid rule of the package.
 * @internal
 */
export function nearestCentroid(flat: Float64Array, k: number, d: number, x: ArrayLike<number>, offset: number): number {
  let best = 0;
  let bestD = Infinity;
  for (let c = 0; c < k; c++) {
    let s = 0;
    const co = c * d;
    for (let j = 0; j < d; j++) {
      const t = x[offset + j]! - flat[co + j]!;
      s += t * t;
    }
    if (s < bestD) {
      bestD = s;
      best = c;
    }
  }
  return best;
}

/**
 * Nearest centroids of every row of a matrix (as {@link Clustering.predictMany}).
 * @internal
 */
export function assignNearest(m: Matrix, centroids: readonly (readonly number[])[]): Int32Array {
  const k = centroids.length;
  const d = m.cols;
  const flat = Float64Array.from(centroids.flat());
  const out = new Int32Array(m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = nearestCentroid(flat, k, d, m.data, i * d);
  return out;
}

/**
 * The nearest-centroid model every algorithm returns; `extra` fields are added to the model and to
 * its JSON (k-means' inertia, iterations, ...).
 * @internal
 */
export function nearestCentroidModel(algorithm: string, centroids: number[][], sizes: number[], labels: Int32Array): Clustering {
  const k = centroids.length;
  const d = centroids[0]!.length;
  const flat = Float64Array.from(centroids.flat());
  return {
    k,
    labels,
    centroids,
    sizes,
    algorithm,
    predict: (x) => nearestCentroid(flat, k, d, checkPoint(x, d), 0),
    predictMany: (X) => {
      const m = toMatrix(X);
      if (m.cols !== d) throw new ClusterError('DIMENSION_MISMATCH', 'X', `${m.cols} columns`, `${d} columns, as the centroids`);
      const out = new Int32Array(m.rows);
      for (let i = 0; i < m.rows; i++) out[i] = nearestCentroid(flat, k, d, m.data, i * d);
      return out;
    },
    toJSON: () => ({ type: 'clustering', version: 1, algorithm, centroids: centroids.map((c) => [...c]), sizes: [...sizes] }),
  };
}

/**
 * Reads a model written by any {@link Clustering}'s `toJSON()` (a k-means model's too), and the
 * version-1 files of earlier releases (`{ type: 'kmeans' }` and `{ type: 'nearest-centroid' }`).
 * The model predicts exactly as the original; its `labels` are empty.
 *
 * @param json - the parsed JSON
 * @returns the model
 * @throws {@link ClusterError} `INVALID_MODEL`, naming the field that is wrong (`json.centroids[2]`,
 *   `json.sizes`, ...) and what was expected
 * @example
 * ```ts
 * const copy = clusteringFromJSON(JSON.parse(JSON.stringify(model)));
 * copy.predict([7, 7]) === model.predict([7, 7]);
 * // => true
 * ```
 */
export function clusteringFromJSON(json: unknown): Clustering {
  const j = readClusteringJSON(json);
  return nearestCentroidModel(j.algorithm, j.centroids, j.sizes, new Int32Array(0));
}

/**
 * Reads a cut written by an agglomerative cut's `toJSON()`, or a version-1 `{ type: 'nearest-centroid' }`
 * file; the same as {@link clusteringFromJSON}, kept for existing callers.
 *
 * @deprecated Use {@link clusteringFromJSON}, which reads every clustering.
 * @param json - the serialised cut
 * @returns a model with `predict`
 * @throws {@link ClusterError} `INVALID_MODEL`, naming the field that is wrong
 * @example
 * ```ts
 * nearestCentroidFromJSON(tree.cut({ k: 4 }).toJSON()).predict([10, 3, 500]);
 * // => 2
 * ```
 */
export function nearestCentroidFromJSON(json: unknown): Clustering {
  return clusteringFromJSON(json);
}

/**
 * Checks a serialised clustering (current or version-1 format) and returns its parts.
 * @internal
 */
export function readClusteringJSON(json: unknown): { algorithm: string; centroids: number[][]; sizes: number[]; raw: Record<string, unknown> } {
  const bad = (parameter: string, value: unknown, allowed: string): never => {
    throw new ClusterError('INVALID_MODEL', parameter, value, allowed);
  };
  if (json === null || typeof json !== 'object' || Array.isArray(json)) bad('json', json, "an object written by a clustering's toJSON()");
  const j = json as Record<string, unknown>;
  const type = j.type;
  if (type !== 'clustering' && type !== 'kmeans' && type !== 'nearest-centroid') bad('json.type', type, "'clustering' (or 'kmeans' / 'nearest-centroid' of version-1 files)");
  if (j.version !== 1) bad('json.version', j.version, '1');
  const centroids = j.centroids;
  if (!Array.isArray(centroids) || centroids.length === 0) bad('json.centroids', centroids, 'a non-empty array of centroids');
  const cs = centroids as unknown[];
  const first = cs[0];
  if (!Array.isArray(first) || first.length === 0) bad('json.centroids[0]', first, 'an array of at least one number');
  const d = (first as unknown[]).length;
  cs.forEach((c, i) => {
    if (!Array.isArray(c) || c.length !== d) bad(`json.centroids[${i}]`, Array.isArray(c) ? `${c.length} values` : c, `${d} values, as centroids[0]`);
    (c as unknown[]).forEach((v, t) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) bad(`json.centroids[${i}][${t}]`, v, 'a finite number');
    });
  });
  let algorithm: string;
  let sizes: number[];
  if (type === 'kmeans') {
    algorithm = 'kmeans';
    sizes = cs.map(() => NaN);
  } else {
    const s = j.sizes;
    if (!Array.isArray(s) || s.length !== cs.length) bad('json.sizes', Array.isArray(s) ? `${s.length} sizes` : s, `one size per centroid (${cs.length})`);
    (s as unknown[]).forEach((v, i) => {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) bad(`json.sizes[${i}]`, v, 'an integer >= 0');
    });
    sizes = [...(s as number[])];
    if (type === 'nearest-centroid') {
      if (typeof j.linkage !== 'string') bad('json.linkage', j.linkage, 'the name of the linkage');
      algorithm = `agglomerative (${j.linkage as string})`;
    } else {
      if (typeof j.algorithm !== 'string') bad('json.algorithm', j.algorithm, 'a string');
      algorithm = j.algorithm as string;
    }
  }
  return { algorithm, centroids: (cs as number[][]).map((c) => [...c]), sizes, raw: j };
}
