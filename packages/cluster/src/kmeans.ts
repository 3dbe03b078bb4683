import { ClusterError } from './errors.js';
import { checkPoint, toMatrix } from './matrix.js';
import type { Matrix, MatrixInput } from './matrix.js';
import { SeededRandom } from '@shopper-spectrum/internal';

/** How k-means picks its starting centroids. */
export type KMeansInit = 'kmeans++' | 'random' | readonly (readonly number[])[];

/** Options of {@link kmeans}. */
export interface KMeansOptions {
  /** Number of clusters, 1..n. */
  readonly k: number;
  /**
   * Seed of the random source (initialisation only).
   * @defaultValue `0`
   */
  readonly seed?: number;
  /**
   * Independent runs; the one with the lowest inertia is kept (ties: the earliest). Forced to 1 when
   * `init` gives the centroids.
   * @defaultValue `10`
   */
  readonly nInit?: number;
  /**
   * `'kmeans++'`: greedy k-means++ as scikit-learn does it (2 + floor(ln k) candidates per centroid,
   * keep the one that lowers the potential most); `'random'`: k distinct rows at random; or the
   * starting centroids themselves.
   * @defaultValue `'kmeans++'`
   */
  readonly init?: KMeansInit;
  /**
   * Lloyd iterations per run at most.
   * @defaultValue `300`
   */
  readonly maxIterations?: number;
  /**
   * Relative tolerance: a run stops when the centroids move (sum of squared shifts) by at most
   * `tolerance x mean feature variance`, as scikit-learn's `tol`, or when no label changes.
   * @defaultValue `1e-4`
   */
  readonly tolerance?: number;
}

/** A fitted k-means model. */
export interface KMeansModel {
  /** Number of clusters. */
  readonly k: number;
  /** Cluster of each row, 0..k-1. */
  readonly labels: Int32Array;
  /** Centroids, one row per cluster. */
  readonly centroids: number[][];
  /** Sum of squared distances of rows to their centroid. */
  readonly inertia: number;
  /** Lloyd iterations of the kept run. */
  readonly iterations: number;
  /** Whether the kept run stopped before `maxIterations` (no label changed, or the shift fell under tolerance). */
  readonly converged: boolean;
  /** Inertia after each iteration of the kept run (never increases). */
  readonly inertiaHistory: readonly number[];
  /** Runs made. */
  readonly nInit: number;
  /** The nearest centroid of a point (or of every row of a matrix). */
  predict(x: readonly number[]): number;
  /** Nearest centroids of many points. */
  predictMany(X: MatrixInput): Int32Array;
  /** The model as JSON (centroids and figures, not the labels); {@link kmeansFromJSON} reads it back. */
  toJSON(): KMeansJSON;
}

/** The serialised form of a {@link KMeansModel}. */
export interface KMeansJSON {
  /** Always `'kmeans'`. */
  readonly type: 'kmeans';
  /** Format version. */
  readonly version: 1;
  /** Centroids. */
  readonly centroids: number[][];
  /** Inertia on the training data. */
  readonly inertia: number;
  /** Iterations of the kept run. */
  readonly iterations: number;
  /** Whether it converged. */
  readonly converged: boolean;
}

/**
 * k-means by Lloyd's algorithm with scikit-learn's conventions, seeded: greedy k-means++ (or random,
 * or given) starts, `nInit` runs keeping the lowest inertia, a tolerance relative to the data's
 * variance, and a final assignment step when a run stops on tolerance. Data are centred before
 * running (as scikit-learn does, for accuracy) and centroids shifted back.
 *
 * Empty clusters: a cluster left empty takes the row farthest from its current centroid as its new
 * centroid (scikit-learn's strategy), so a result always has k non-empty clusters when the data have
 * at least k distinct rows.
 *
 * Written here rather than wrapping ml-kmeans, which has no restarts, no inertia and no relative
 * tolerance; this version matches scikit-learn iteration for iteration given the same starting
 * centroids (see the fixtures test). O(nInit x iterations x n k d) time, O(n + k d) extra memory.
 *
 * @param X - rows, or a row-major matrix
 * @param options - k, seed, nInit, init, maxIterations, tolerance
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
  const init = options.init ?? 'kmeans++';
  let nInit = options.nInit ?? 10;
  if (!Number.isInteger(nInit) || nInit < 1) throw new ClusterError('INVALID_OPTION', 'nInit', nInit, 'an integer >= 1');
  const maxIterations = options.maxIterations ?? 300;
  if (!Number.isInteger(maxIterations) || maxIterations < 1) throw new ClusterError('INVALID_OPTION', 'maxIterations', maxIterations, 'an integer >= 1');
  const tolerance = options.tolerance ?? 1e-4;
  if (!(tolerance >= 0)) throw new ClusterError('INVALID_OPTION', 'tolerance', tolerance, 'a number >= 0');
  const seed = options.seed ?? 0;
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
  return makeModel(centroids, kept.labels, kept.inertia, kept.iterations, kept.converged, kept.history, nInit);
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
  let strict = false;
  let withinTolerance = false;
  let iterations = 0;
  for (let it = 0; it < maxIterations; it++) {
    iterations = it + 1;
    // E step; its inertia never increases from one iteration to the next.
    history.push(assign(m, centers, k, labels, dist));
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
      for (let j = 0; j < d; j++) {
        if (counts[c]! > 0) next[c * d + j]! /= counts[c]!;
        else next[c * d + j] = centers[c * d + j]!;
        shift += (next[c * d + j]! - centers[c * d + j]!) ** 2;
      }
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

function makeModel(centroids: number[][], labels: Int32Array, inertia: number, iterations: number, converged: boolean, history: readonly number[], nInit: number): KMeansModel {
  const k = centroids.length;
  const d = centroids[0]!.length;
  const flat = Float64Array.from(centroids.flat());
  const nearest = (x: ArrayLike<number>, offset: number): number => {
    let best = 0;
    let bestD = Infinity;
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) {
        const t = x[offset + j]! - flat[c * d + j]!;
        s += t * t;
      }
      if (s < bestD) {
        bestD = s;
        best = c;
      }
    }
    return best;
  };
  return {
    k,
    labels,
    centroids,
    inertia,
    iterations,
    converged,
    inertiaHistory: history,
    nInit,
    predict: (x) => nearest(checkPoint(x, d), 0),
    predictMany: (X) => {
      const m = toMatrix(X);
      if (m.cols !== d) throw new ClusterError('DIMENSION_MISMATCH', 'X', `${m.cols} columns`, `${d} columns`);
      return Int32Array.from({ length: m.rows }, (_, i) => nearest(m.data, i * d));
    },
    toJSON: () => ({ type: 'kmeans', version: 1, centroids: centroids.map((c) => [...c]), inertia, iterations, converged }),
  };
}

/**
 * Reads a model written by `toJSON()`: predictions are identical; `labels` is empty and
 * `inertiaHistory` is not kept.
 *
 * @param json - the serialised model
 * @returns a model that predicts as the original
 * @throws {@link ClusterError} `INVALID_MODEL` for anything else
 * @example
 * ```ts
 * const copy = kmeansFromJSON(JSON.parse(JSON.stringify(model)));
 * copy.predict([7, 7]) === model.predict([7, 7]);
 * // => true
 * ```
 */
export function kmeansFromJSON(json: unknown): KMeansModel {
  const j = json as Partial<KMeansJSON> | null;
  const ok =
    j !== null &&
    typeof j === 'object' &&
    j.type === 'kmeans' &&
    j.version === 1 &&
    Array.isArray(j.centroids) &&
    j.centroids.length > 0 &&
    j.centroids.every((c) => Array.isArray(c) && c.length === j.centroids![0]!.length && c.length > 0 && c.every((v) => Number.isFinite(v)));
  if (!ok) throw new ClusterError('INVALID_MODEL', 'json', json, "the output of a k-means model's toJSON()");
  return makeModel(j.centroids!.map((c) => [...c]), new Int32Array(0), Number(j.inertia), Number(j.iterations), Boolean(j.converged), [], 1);
}

