import { SeededRandom } from '@shopper-spectrum/internal';
import { assignNearest, defineClusterer, nearestCentroidModel, readClusteringJSON } from './clustering.js';
import type { Clusterer, Clustering, ClusteringJSON } from './clustering.js';
import { ClusterError } from './errors.js';
import { toMatrix } from './matrix.js';
import type { Matrix, MatrixInput } from './matrix.js';

/** How k-means picks its starting centroids. */
export type KMeansInit = 'kmeans++' | 'random' | readonly (readonly number[])[];

/**
 * The defaults of {@link kmeans} and {@link kmeansClusterer}, in one place: scikit-learn's
 * (`n_init=10`, `max_iter=300`, `tol=1e-4`, greedy k-means++), with seed 0.
 *
 * @example
 * ```ts
 * KMEANS_DEFAULTS.nInit;
 * // => 10
 * kmeans(X, { k: 4, nInit: KMEANS_DEFAULTS.nInit * 2 }); // twice the usual restarts
 * ```
 */
export const KMEANS_DEFAULTS = Object.freeze({
  /** Seed of the random source. */
  seed: 0,
  /** Independent runs; the lowest inertia is kept. */
  nInit: 10,
  /** Greedy k-means++ starts. */
  init: 'kmeans++' as KMeansInit,
  /** Lloyd iterations per run at most. */
  maxIterations: 300,
  /** Relative tolerance on the centroid shift. */
  tolerance: 1e-4,
});

/** Options of {@link kmeans}. */
export interface KMeansOptions {
  /** Number of clusters, 1..n. */
  readonly k: number;
  /**
   * Seed of the random source (initialisation only).
   * @defaultValue {@link KMEANS_DEFAULTS | KMEANS_DEFAULTS.seed} (`0`)
   */
  readonly seed?: number;
  /**
   * Independent runs; the one with the lowest inertia is kept (ties: the earliest). Forced to 1 when
   * `init` gives the centroids.
   * @defaultValue {@link KMEANS_DEFAULTS | KMEANS_DEFAULTS.nInit} (`10`)
   */
  readonly nInit?: number;
  /**
   * `'kmeans++'`: greedy k-means++ as scikit-learn does it (2 + floor(ln k) candidates per centroid,
   * keep the one that lowers the potential most); `'random'`: k distinct rows at random; or the
   * starting centroids themselves.
   * @defaultValue {@link KMEANS_DEFAULTS | KMEANS_DEFAULTS.init} (`'kmeans++'`)
   */
  readonly init?: KMeansInit;
  /**
   * Lloyd iterations per run at most.
   * @defaultValue {@link KMEANS_DEFAULTS | KMEANS_DEFAULTS.maxIterations} (`300`)
   */
  readonly maxIterations?: number;
  /**
   * Relative tolerance: a run stops when the centroids move (sum of squared shifts) by at most
   * `tolerance x mean feature variance`, as scikit-learn's `tol`, or when no label changes.
   * @defaultValue {@link KMEANS_DEFAULTS | KMEANS_DEFAULTS.tolerance} (`1e-4`)
   */
  readonly tolerance?: number;
}

/**
 * A fitted k-means model: a {@link Clustering} (labels, centroids, predict, toJSON) with the figures
 * of the kept run. Its `centroids` are the final centres, as scikit-learn's `cluster_centers_`, and
 * its `labels` are what `predict` gives for each training row.
 */
export interface KMeansModel extends Clustering {
  /** Always `'kmeans'`. */
  readonly algorithm: 'kmeans';
  /** Sum of squared distances of rows to their centroid. */
  readonly inertia: number;
  /** Lloyd iterations of the kept run. */
  readonly iterations: number;
  /** Whether the kept run stopped before `maxIterations` (no label changed, or the shift fell under tolerance). */
  readonly converged: boolean;
  /** Inertia after each iteration of the kept run (never increases; empty when read from JSON). */
  readonly inertiaHistory: readonly number[];
  /** Runs made. */
  readonly nInit: number;
  /** The model as JSON (centroids, sizes and figures, not the labels); {@link kmeansFromJSON} reads it back. */
  toJSON(): KMeansJSON;
}

/** The serialised form of a {@link KMeansModel}: a {@link ClusteringJSON} with the run's figures. */
export interface KMeansJSON extends ClusteringJSON {
  /** Always `'kmeans'`. */
  readonly algorithm: 'kmeans';
  /** Inertia on the training data. */
  readonly inertia: number;
  /** Iterations of the kept run. */
  readonly iterations: number;
  /** Whether it converged. */
  readonly converged: boolean;
  /** Runs made. */
  readonly nInit: number;
}

/**
 * k-means by Lloyd's algorithm with scikit-learn's conventions, seeded: greedy k-means++ (or random,
 * or given) starts, `nInit` runs keeping the lowest inertia, a tolerance relative to the data's
 * variance, and a final assignment step when a run stops on tolerance. Data are centred before
 * running (as scikit-learn does, for accuracy) and centroids shifted back. Randomness comes from the
 * package's seeded generator ({@link SeededRandom}), so results depend on `seed` only.
 *
 * Empty clusters: a cluster left empty takes the row farthest from its current centroid as its new
 * centroid (scikit-learn's strategy), so a result always has k non-empty clusters when the data have
 * at least k distinct rows.
 *
 * Written here rather than wrapping ml-kmeans, which has no restarts, no inertia and no relative
 * tolerance (`mlKmeansClusterer` in `@shopper-spectrum/cluster/mljs` runs ml-kmeans itself); this
 * version matches scikit-learn iteration for iteration given the same starting centroids (see the
 * fixtures test). O(nInit x iterations x n k d) time, O(n + k d) extra memory.
 *
 * @param X - rows, a row-major matrix, or an ml-matrix `Matrix`
 * @param options - k, and the options of {@link KMEANS_DEFAULTS}
 * @returns the fitted model
 * @throws {@link ClusterError} `INVALID_K`, `INVALID_OPTION`, and the input errors of {@link toMatrix}
 * @example
 * ```ts
 * const model = kmeans([[1, 1], [1.2, 0.8], [8, 8], [8.1, 7.9]], { k: 2, seed: 1 });
 * [model.labels, model.predict([7, 7])];
 * // => [Int32Array [0, 0, 1, 1], 1]
 * ```
 */
export function kmeans(X: MatrixInput, options: KMeansOptions): KMeansModel {
  const m = toMatrix(X);
  const { rows: n, cols: d } = m;
  const k = options?.k;
  if (!Number.isInteger(k) || k < 1 || k > n) throw new ClusterError('INVALID_K', 'k', k, `an integer from 1 to the number of rows (${n})`);
  const init = options.init ?? KMEANS_DEFAULTS.init;
  let nInit = options.nInit ?? KMEANS_DEFAULTS.nInit;
  if (!Number.isInteger(nInit) || nInit < 1) throw new ClusterError('INVALID_OPTION', 'nInit', nInit, 'an integer >= 1');
  const maxIterations = options.maxIterations ?? KMEANS_DEFAULTS.maxIterations;
  if (!Number.isInteger(maxIterations) || maxIterations < 1) throw new ClusterError('INVALID_OPTION', 'maxIterations', maxIterations, 'an integer >= 1');
  const tolerance = options.tolerance ?? KMEANS_DEFAULTS.tolerance;
  if (!(tolerance >= 0)) throw new ClusterError('INVALID_OPTION', 'tolerance', tolerance, 'a number >= 0');
  const seed = options.seed ?? KMEANS_DEFAULTS.seed;
  if (!Number.isInteger(seed)) throw new ClusterError('INVALID_OPTION', 'seed', seed, 'an integer');

  // Centre the data (scikit-learn does the same for accuracy).
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += m.data[i * d + j]!;
  for (let j = 0; j < d; j++) mean[j]! /= n;
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) data[i * d + j] = m.data[i * d + j]! - mean[j]!;
  let variance = 0;
  for (let j = 0; j < d; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += data[i * d + j]! ** 2;
    variance += s / n;
  }
  const tol = tolerance === 0 ? 0 : (variance / d) * tolerance;

  let given: Float64Array | null = null;
  if (Array.isArray(init)) {
    const c = toMatrix(init as readonly (readonly number[])[], 'init');
    if (c.rows !== k || c.cols !== d) throw new ClusterError('DIMENSION_MISMATCH', 'init', `${c.rows} x ${c.cols}`, `${k} centroids of ${d} values`);
    given = new Float64Array(k * d);
    for (let c0 = 0; c0 < k; c0++) for (let j = 0; j < d; j++) given[c0 * d + j] = c.data[c0 * d + j]! - mean[j]!;
    nInit = 1;
  } else if (init !== 'kmeans++' && init !== 'random') {
    throw new ClusterError('INVALID_OPTION', 'init', init, "'kmeans++', 'random' or an array of k centroids");
  }

  const random = new SeededRandom(seed);
  const centred: Matrix = { rows: n, cols: d, data };
  let best: Run | null = null;
  for (let run = 0; run < nInit; run++) {
    const start = given ?? (init === 'random' ? randomInit(centred, k, random) : kmeansPlusPlus(centred, k, random));
    const result = lloyd(centred, start, k, maxIterations, tol);
    if (best === null || result.inertia < best.inertia) best = result;
  }
  const kept = best!;
  const centroids = Array.from({ length: k }, (_, c) => Array.from({ length: d }, (_, j) => kept.centers[c * d + j]! + mean[j]!));
  // Labels by the model's own predict rule on the original rows, so predict(row i) === labels[i]
  // (the centred assignment can differ only on exact ties, by rounding).
  const labels = assignNearest(m, centroids);
  return makeModel(centroids, sizesOf(labels, k), labels, kept.inertia, kept.iterations, kept.converged, kept.history, nInit);
}

/**
 * k-means as a {@link Clusterer}: `kmeansClusterer(options)(X, k)` is `kmeans(X, { ...options, k })`.
 * The default clusterer of `chooseK`.
 *
 * @param options - the options of {@link kmeans} without k
 * @returns a clusterer named `'kmeans'`
 * @throws {@link ClusterError} when called, as {@link kmeans}
 * @example
 * ```ts
 * const choice = chooseK(X, { clusterer: kmeansClusterer({ seed: 42, nInit: 20 }) });
 * choice.clusterer;
 * // => 'kmeans'
 * ```
 */
export function kmeansClusterer(options: Omit<KMeansOptions, 'k'> = {}): Clusterer<KMeansModel> {
  const fixed = { ...options };
  return defineClusterer((X: Matrix, k: number) => kmeans(X, { ...fixed, k }), { name: 'kmeans' });
}

interface Run {
  centers: Float64Array;
  labels: Int32Array;
  inertia: number;
  iterations: number;
  converged: boolean;
  history: number[];
}

function sqDist(a: Float64Array, ai: number, b: Float64Array, bi: number, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) {
    const t = a[ai + j]! - b[bi + j]!;
    s += t * t;
  }
  return s;
}

/** Labels every row with its nearest centre (ties: the lower index); returns the inertia. */
function assign(m: Matrix, centers: Float64Array, k: number, labels: Int32Array, dist: Float64Array): number {
  const { rows: n, cols: d, data } = m;
  let inertia = 0;
  if (d === 3) {
    // The common case (scaled R, F, M), unrolled.
    for (let i = 0; i < n; i++) {
      const x0 = data[3 * i]!;
      const x1 = data[3 * i + 1]!;
      const x2 = data[3 * i + 2]!;
      let bestC = 0;
      let bestD = Infinity;
      for (let c = 0; c < k; c++) {
        const u0 = x0 - centers[3 * c]!;
        const u1 = x1 - centers[3 * c + 1]!;
        const u2 = x2 - centers[3 * c + 2]!;
        const s = u0 * u0 + u1 * u1 + u2 * u2;
        if (s < bestD) {
          bestD = s;
          bestC = c;
        }
      }
      labels[i] = bestC;
      dist[i] = bestD;
      inertia += bestD;
    }
    return inertia;
  }
  for (let i = 0; i < n; i++) {
    let bestC = 0;
    let bestD = Infinity;
    for (let c = 0; c < k; c++) {
      const s = sqDist(data, i * d, centers, c * d, d);
      if (s < bestD) {
        bestD = s;
        bestC = c;
      }
    }
    labels[i] = bestC;
    dist[i] = bestD;
    inertia += bestD;
  }
  return inertia;
}

/**
 * Hamerly's lower bounds for Lloyd's E step ("Making k-means even faster", 2010): per row a lower
 * bound on the distance to every centre but its own, lowered after each M step by the largest shift
 * of those centres. A row whose own centre is nearer than that bound by a margin far above rounding keeps it
 * without a scan, so the labels, the squared distances and the inertia are those of the full scan,
 * bit for bit (the distance to its own centre is always computed, by the same expression; the
 * upper bound of Hamerly's method is that exact distance).
 */
interface Bounds {
  readonly lower: Float64Array;
  /** Shift of each centre in the last M step. */
  readonly shift: Float64Array;
  /** Absolute margin of the pruning test (1e-9 of the data's extent). */
  readonly margin: number;
}

/**
 * The E step of {@link assign} with Hamerly's bounds: `fresh` scans every row (and sets the
 * bounds); otherwise the bounds are moved by the shifts first and only rows they cannot settle are
 * scanned. Same labels, distances and inertia as `assign`.
 */
function assignBounded(m: Matrix, centers: Float64Array, k: number, labels: Int32Array, dist: Float64Array, b: Bounds, fresh: boolean): number {
  const { rows: n, cols: d, data } = m;
  const { lower, shift, margin } = b;
  // the largest shift, its centre, and the largest of the others (Hamerly's drop for that centre's rows)
  let maxShift = 0;
  let maxCentre = -1;
  let secondShift = 0;
  if (!fresh) {
    for (let c = 0; c < k; c++) {
      const v = shift[c]!;
      if (v > maxShift) {
        secondShift = maxShift;
        maxShift = v;
        maxCentre = c;
      } else if (v > secondShift) secondShift = v;
    }
  }
  let inertia = 0;
  for (let i = 0; i < n; i++) {
    const io = i * d;
    if (!fresh) {
      const a = labels[i]!;
      const ao = a * d;
      let s: number;
      if (d === 3) {
        const u0 = data[io]! - centers[ao]!;
        const u1 = data[io + 1]! - centers[ao + 1]!;
        const u2 = data[io + 2]! - centers[ao + 2]!;
        s = u0 * u0 + u1 * u1 + u2 * u2;
      } else s = sqDist(data, io, centers, ao, d);
      const l = lower[i]! - (a === maxCentre ? secondShift : maxShift);
      // sqrt(s) + margin < l, without the square root (the margin covers the rounding of t * t)
      const t = l - margin;
      if (t > 0 && s < t * t) {
        lower[i] = l;
        dist[i] = s;
        inertia += s;
        continue;
      }
    }
    // the full scan, as assign (ties to the lower index), keeping the second-nearest for the bound
    let bestC = 0;
    let bestD = Infinity;
    let second = Infinity;
    if (d === 3) {
      const x0 = data[io]!;
      const x1 = data[io + 1]!;
      const x2 = data[io + 2]!;
      for (let c = 0; c < k; c++) {
        const u0 = x0 - centers[3 * c]!;
        const u1 = x1 - centers[3 * c + 1]!;
        const u2 = x2 - centers[3 * c + 2]!;
        const s = u0 * u0 + u1 * u1 + u2 * u2;
        if (s < bestD) {
          second = bestD;
          bestD = s;
          bestC = c;
        } else if (s < second) second = s;
      }
    } else {
      for (let c = 0; c < k; c++) {
        const s = sqDist(data, io, centers, c * d, d);
        if (s < bestD) {
          second = bestD;
          bestD = s;
          bestC = c;
        } else if (s < second) second = s;
      }
    }
    labels[i] = bestC;
    dist[i] = bestD;
    lower[i] = Math.sqrt(second);
    inertia += bestD;
  }
  return inertia;
}

/** out[i] = min(closest[i], ||row i - row id||^2); returns the sum (the potential with candidate id). */
function candidatePotential(m: Matrix, id: number, closest: Float64Array, out: Float64Array): number {
  const { rows: n, cols: d, data } = m;
  let pot = 0;
  if (d === 3) {
    const y0 = data[3 * id]!;
    const y1 = data[3 * id + 1]!;
    const y2 = data[3 * id + 2]!;
    for (let i = 0; i < n; i++) {
      const u0 = data[3 * i]! - y0;
      const u1 = data[3 * i + 1]! - y1;
      const u2 = data[3 * i + 2]! - y2;
      const s = Math.min(closest[i]!, u0 * u0 + u1 * u1 + u2 * u2);
      out[i] = s;
      pot += s;
    }
    return pot;
  }
  for (let i = 0; i < n; i++) {
    const s = Math.min(closest[i]!, sqDist(data, i * d, data, id * d, d));
    out[i] = s;
    pot += s;
  }
  return pot;
}

function lloyd(m: Matrix, start: Float64Array, k: number, maxIterations: number, tol: number): Run {
  const { rows: n, cols: d, data } = m;
  let centers = Float64Array.from(start);
  let next = new Float64Array(k * d);
  const labels = new Int32Array(n).fill(-1);
  const old = new Int32Array(n).fill(-1);
  const dist = new Float64Array(n);
  const counts = new Float64Array(k);
  const history: number[] = [];
  let radius = 0;
  for (let i = 0; i < n * d; i++) radius = Math.max(radius, Math.abs(data[i]!));
  const bounds: Bounds = { lower: new Float64Array(n), shift: new Float64Array(k), margin: 1e-9 * Math.sqrt(d) * radius };
  let strict = false;
  let withinTolerance = false;
  let iterations = 0;
  for (let it = 0; it < maxIterations; it++) {
    iterations = it + 1;
    // E step; its inertia never increases from one iteration to the next.
    history.push(assignBounded(m, centers, k, labels, dist, bounds, it === 0));
    // M step: means per cluster; an empty cluster takes the row farthest from its centre.
    next.fill(0);
    counts.fill(0);
    if (d === 3) {
      for (let i = 0; i < n; i++) {
        const c = labels[i]!;
        counts[c]!++;
        next[3 * c]! += data[3 * i]!;
        next[3 * c + 1]! += data[3 * i + 1]!;
        next[3 * c + 2]! += data[3 * i + 2]!;
      }
    } else {
      for (let i = 0; i < n; i++) {
        const c = labels[i]!;
        counts[c]!++;
        for (let j = 0; j < d; j++) next[c * d + j]! += data[i * d + j]!;
      }
    }
    const empty: number[] = [];
    for (let c = 0; c < k; c++) if (counts[c] === 0) empty.push(c);
    if (empty.length > 0) {
      const far = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => dist[b]! - dist[a]! || a - b);
      empty.forEach((c, e) => {
        const i = far[e]!;
        const from = labels[i]!;
        for (let j = 0; j < d; j++) {
          next[from * d + j]! -= data[i * d + j]!;
          next[c * d + j] = data[i * d + j]!;
        }
        counts[from]!--;
        counts[c] = 1;
      });
    }
    let shift = 0;
    for (let c = 0; c < k; c++) {
      let own = 0;
      for (let j = 0; j < d; j++) {
        if (counts[c]! > 0) next[c * d + j]! /= counts[c]!;
        else next[c * d + j] = centers[c * d + j]!;
        const delta = (next[c * d + j]! - centers[c * d + j]!) ** 2;
        shift += delta;
        own += delta;
      }
      bounds.shift[c] = Math.sqrt(own);
    }
    [centers, next] = [next, centers];
    let same = true;
    for (let i = 0; i < n && same; i++) same = labels[i] === old[i];
    if (same) {
      strict = true;
      break;
    }
    if (shift <= tol) {
      withinTolerance = true;
      break;
    }
    old.set(labels);
  }
  let inertia: number;
  if (strict) {
    inertia = 0;
    for (let i = 0; i < n; i++) inertia += sqDist(data, i * d, centers, labels[i]! * d, d);
  } else {
    // As scikit-learn: relabel with the final centres when the labels had not settled.
    inertia = assign(m, centers, k, labels, dist);
  }
  return { centers, labels, inertia, iterations, converged: strict || withinTolerance, history };
}

function randomInit(m: Matrix, k: number, random: SeededRandom): Float64Array {
  const { rows: n, cols: d, data } = m;
  // k distinct rows: a partial Fisher-Yates shuffle.
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  const out = new Float64Array(k * d);
  for (let c = 0; c < k; c++) {
    const j = c + Math.floor(random.next() * (n - c));
    [idx[c], idx[j]] = [idx[j]!, idx[c]!];
    out.set(data.subarray(idx[c]! * d, idx[c]! * d + d), c * d);
  }
  return out;
}

/** Greedy k-means++ as scikit-learn's `_kmeans_plusplus`. */
function kmeansPlusPlus(m: Matrix, k: number, random: SeededRandom): Float64Array {
  const { rows: n, cols: d, data } = m;
  const out = new Float64Array(k * d);
  const trials = 2 + Math.floor(Math.log(k));
  const first = Math.min(n - 1, Math.floor(random.next() * n));
  out.set(data.subarray(first * d, first * d + d), 0);
  let closest = new Float64Array(n);
  let potential = 0;
  for (let i = 0; i < n; i++) {
    closest[i] = sqDist(data, i * d, data, first * d, d);
    potential += closest[i]!;
  }
  const cumulative = new Float64Array(n);
  let candidateDist = new Float64Array(n);
  let bestDist = new Float64Array(n);
  for (let c = 1; c < k; c++) {
    let acc = 0;
    for (let i = 0; i < n; i++) {
      acc += closest[i]!;
      cumulative[i] = acc;
    }
    let bestPot = Infinity;
    let bestId = -1;
    for (let t = 0; t < trials; t++) {
      const target = random.next() * potential;
      // searchsorted (left): first index with cumulative >= target
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cumulative[mid]! < target) lo = mid + 1;
        else hi = mid;
      }
      const id = lo;
      const pot = candidatePotential(m, id, closest, candidateDist);
      if (pot < bestPot) {
        bestPot = pot;
        bestId = id;
        [bestDist, candidateDist] = [candidateDist, bestDist];
      }
    }
    out.set(data.subarray(bestId * d, bestId * d + d), c * d);
    [closest, bestDist] = [bestDist, closest];
    potential = bestPot;
  }
  return out;
}

function sizesOf(labels: Int32Array, k: number): number[] {
  const sizes = new Array<number>(k).fill(0);
  for (let i = 0; i < labels.length; i++) sizes[labels[i]!]!++;
  return sizes;
}

function makeModel(centroids: number[][], sizes: number[], labels: Int32Array, inertia: number, iterations: number, converged: boolean, history: readonly number[], nInit: number): KMeansModel {
  const base = nearestCentroidModel('kmeans', centroids, sizes, labels);
  return {
    ...base,
    algorithm: 'kmeans',
    inertia,
    iterations,
    converged,
    inertiaHistory: history,
    nInit,
    toJSON: () => ({ ...base.toJSON(), algorithm: 'kmeans', inertia, iterations, converged, nInit }),
  };
}

/**
 * Reads a model written by a k-means model's `toJSON()`, including the version-1 files of earlier
 * releases (`{ type: 'kmeans', version: 1 }`, which have no sizes: they read as NaN). Predictions
 * are identical; `labels` is empty and `inertiaHistory` is not kept.
 *
 * @param json - the serialised model
 * @returns a model that predicts as the original
 * @throws {@link ClusterError} `INVALID_MODEL`, naming the field that is wrong
 * @example
 * ```ts
 * const copy = kmeansFromJSON(JSON.parse(JSON.stringify(model)));
 * copy.predict([7, 7]) === model.predict([7, 7]);
 * // => true
 * ```
 */
export function kmeansFromJSON(json: unknown): KMeansModel {
  const { algorithm, centroids, sizes, raw } = readClusteringJSON(json);
  if (algorithm !== 'kmeans') throw new ClusterError('INVALID_MODEL', 'json.algorithm', algorithm, "'kmeans' (read other clusterings with clusteringFromJSON)");
  const number = (field: 'inertia' | 'iterations', integer: boolean): number => {
    const v = raw[field];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (integer && !Number.isInteger(v))) throw new ClusterError('INVALID_MODEL', `json.${field}`, v, integer ? 'an integer >= 0' : 'a finite number >= 0');
    return v;
  };
  const inertia = number('inertia', false);
  const iterations = number('iterations', true);
  if (typeof raw.converged !== 'boolean') throw new ClusterError('INVALID_MODEL', 'json.converged', raw.converged, 'true or false');
  const nInit = raw.type === 'kmeans' ? 1 : raw.nInit;
  if (typeof nInit !== 'number' || !Number.isInteger(nInit) || nInit < 1) throw new ClusterError('INVALID_MODEL', 'json.nInit', nInit, 'an integer >= 1');
  return makeModel(centroids, sizes, new Int32Array(0), inertia, iterations, raw.converged, [], nInit);
}
