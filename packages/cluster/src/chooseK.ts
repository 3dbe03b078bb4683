import { allowedNames } from '@shopper-spectrum/internal';
import type { Clusterer, Clustering } from './clustering.js';
import { ClusterError } from './errors.js';
import { calinskiHarabasz, daviesBouldin } from './indices.js';
import { KMEANS_DEFAULTS, kmeansClusterer } from './kmeans.js';
import { kneedle } from './kneedle.js';
import type { KneeResult } from './kneedle.js';
import { toMatrix } from './matrix.js';
import type { Matrix, MatrixInput } from './matrix.js';
import { silhouettes } from './silhouette.js';
import { withinClusterSS } from './withinClusterSS.js';

/** How {@link chooseK} picks k. */
export type KCriterion = 'elbow' | 'silhouette' | 'calinski-harabasz' | 'davies-bouldin';

const CRITERIA: Readonly<Record<KCriterion, true>> = { elbow: true, silhouette: true, 'calinski-harabasz': true, 'davies-bouldin': true };

/**
 * The defaults of {@link chooseK}, in one place: k from 2 to 10, the elbow rule, silhouettes on. The
 * default clusterer is `kmeansClusterer()` (seeded k-means with {@link KMEANS_DEFAULTS}).
 *
 * @example
 * ```ts
 * CHOOSE_K_DEFAULTS.kRange;
 * // => [2, 10]
 * ```
 */
export const CHOOSE_K_DEFAULTS = Object.freeze({
  /** The smallest and largest k tried. */
  kRange: Object.freeze([2, 10]) as readonly [number, number],
  /** The rule that picks k. */
  criterion: 'elbow' as KCriterion,
  /** Silhouettes computed. */
  silhouette: true,
});

/** Options of {@link chooseK}. */
export interface ChooseKOptions {
  /**
   * The algorithm run for each k: any {@link Clusterer} (`kmeansClusterer(...)`,
   * `agglomerativeClusterer(...)`, an mljs adapter, a user's own function). When it has a `sweep`,
   * that is called once for all k.
   * @defaultValue `kmeansClusterer({ seed, nInit })`: k-means with {@link KMEANS_DEFAULTS}
   */
  readonly clusterer?: Clusterer;
  /**
   * The smallest and largest k to try (inclusive); at least 2 values for the elbow.
   * @defaultValue {@link CHOOSE_K_DEFAULTS | CHOOSE_K_DEFAULTS.kRange} (`[2, 10]`)
   */
  readonly kRange?: readonly [number, number];
  /**
   * The rule: `'elbow'` (Kneedle knee of the within-cluster sum of squares; when there is none, the
   * best silhouette, and the reason says so), `'silhouette'` (highest), `'calinski-harabasz'`
   * (highest) or `'davies-bouldin'` (lowest).
   * @defaultValue {@link CHOOSE_K_DEFAULTS | CHOOSE_K_DEFAULTS.criterion} (`'elbow'`)
   */
  readonly criterion?: KCriterion;
  /**
   * Seed of the default k-means clusterer (with `clusterer`, give the seed to the clusterer instead:
   * both together are refused).
   * @defaultValue {@link KMEANS_DEFAULTS | KMEANS_DEFAULTS.seed} (`0`)
   */
  readonly seed?: number;
  /**
   * Restarts of the default k-means clusterer per k (with `clusterer`, refused as `seed`).
   * @defaultValue {@link KMEANS_DEFAULTS | KMEANS_DEFAULTS.nInit} (`10`)
   */
  readonly nInit?: number;
  /**
   * Compute silhouettes (O(n^2): turn off for very large inputs; the elbow still works).
   * @defaultValue {@link CHOOSE_K_DEFAULTS | CHOOSE_K_DEFAULTS.silhouette} (`true`)
   */
  readonly silhouette?: boolean;
}

/** Per-k figures and the choice, as data a chart can draw. */
export interface KChoice {
  /** The clusterer used: its name (`'kmeans'` by default). */
  readonly clusterer: string;
  /** The k values tried. */
  readonly ks: number[];
  /**
   * Within-cluster sum of squares per k, computed from the labels (the elbow curve; k-means'
   * inertia): see `withinClusterSS`.
   */
  readonly inertia: number[];
  /** Mean silhouette per k (NaN when turned off). */
  readonly silhouette: number[];
  /** Calinski-Harabasz index per k. */
  readonly calinskiHarabasz: number[];
  /** Davies-Bouldin index per k. */
  readonly daviesBouldin: number[];
  /** The elbow found by Kneedle, or `null` with the reason. */
  readonly elbow: KneeResult;
  /** The best k by each criterion (`null` where it could not be computed). */
  readonly best: Readonly<Record<KCriterion, number | null>>;
  /** The chosen k. */
  readonly k: number;
  /** Why this k, in words. */
  readonly reason: string;
  /** The labels per k (same order as `ks`), to reuse without refitting. */
  readonly labels: Int32Array[];
  /** The fitted clusterings per k (same order as `ks`): `clusterings[ks.indexOf(choice.k)]` is the chosen one. */
  readonly clusterings: Clustering[];
}

/**
 * Sweeps k with any clustering algorithm (seeded k-means unless told otherwise) and reports the
 * within-cluster sum of squares (with its Kneedle elbow), silhouette, Calinski-Harabasz and
 * Davies-Bouldin per k, the best k by each, and the chosen k with the reason. Every figure is
 * computed from the labels, so it means the same whatever algorithm made them. The silhouettes of
 * all k are computed in one pass over the pairs of rows (the distances are shared), which is what
 * makes the sweep cheap. O(n^2 (d + K) + K x the clusterer).
 *
 * @param X - rows, a row-major matrix or an ml-matrix `Matrix` (scale them first)
 * @param options - clusterer, k range, criterion (see {@link CHOOSE_K_DEFAULTS})
 * @returns the figures and the choice
 * @throws {@link ClusterError} `INVALID_K` for a range outside 2..n-1 or reversed, `INVALID_OPTION`
 *   (unknown criterion; `seed` or `nInit` next to a `clusterer`; a clusterer that is not a function),
 *   `INVALID_LABELS` / `INVALID_MODEL` when a clusterer returns something other than a
 *   {@link Clustering} of the rows into exactly k clusters (for each k: its `k` is k, its labels use
 *   every cluster 0..k-1, it has k centroids, `predict`, `predictMany` and `toJSON`)
 * @example
 * ```ts
 * const choice = chooseK(scaled, { kRange: [2, 10], seed: 42 });
 * [choice.k, choice.reason];
 * // => [4, 'elbow: knee at x = 4: ...']
 * chooseK(scaled, { clusterer: agglomerativeClusterer({ linkage: 'ward' }) }).clusterer;
 * // => 'agglomerative (ward)'
 * ```
 */
export function chooseK(X: MatrixInput, options: ChooseKOptions = {}): KChoice {
  const m = toMatrix(X);
  const plan = planChooseK(m, options);
  const clusterings = typeof plan.clusterer.sweep === 'function' ? plan.clusterer.sweep(m, plan.ks) : plan.ks.map((k) => plan.clusterer(m, k));
  const labels = checkClusterings(plan, m.rows, clusterings);
  // every labelling uses exactly k clusters, 2 <= k <= n - 1: each index is defined
  const sil = plan.silhouette ? silhouettes(m, labels).map((s) => s.score) : plan.ks.map(() => NaN);
  return finishChooseK(m, plan, clusterings, labels, sil);
}

/** What {@link chooseK} runs, its options checked. @internal */
export interface ChooseKPlan {
  readonly clusterer: Clusterer;
  readonly name: string;
  readonly ks: number[];
  readonly criterion: KCriterion;
  readonly silhouette: boolean;
}

/** Checks the options of {@link chooseK} against the matrix. @internal */
export function planChooseK(m: Matrix, options: ChooseKOptions): ChooseKPlan {
  const n = m.rows;
  const range = options.kRange ?? CHOOSE_K_DEFAULTS.kRange;
  const [lo, hi] = Array.isArray(range) ? range : [NaN, NaN];
  if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 2 || hi < lo || hi > n - 1) {
    throw new ClusterError('INVALID_K', 'kRange', options.kRange, `integers [low, high] with 2 <= low <= high <= n - 1 (${n - 1})`);
  }
  const criterion = options.criterion ?? CHOOSE_K_DEFAULTS.criterion;
  if (typeof criterion !== 'string' || !Object.prototype.hasOwnProperty.call(CRITERIA, criterion)) throw new ClusterError('INVALID_OPTION', 'criterion', criterion, allowedNames(CRITERIA));
  let clusterer: Clusterer;
  if (options.clusterer !== undefined) {
    if (typeof options.clusterer !== 'function') throw new ClusterError('INVALID_OPTION', 'clusterer', options.clusterer, 'a function (X, k) => Clustering, such as kmeansClusterer()');
    for (const p of ['seed', 'nInit'] as const) {
      if (options[p] !== undefined) throw new ClusterError('INVALID_OPTION', p, options[p], `no ${p} next to a clusterer: give it to the clusterer (kmeansClusterer({ ${p} }))`);
    }
    clusterer = options.clusterer;
  } else {
    clusterer = kmeansClusterer({ seed: options.seed ?? KMEANS_DEFAULTS.seed, nInit: options.nInit ?? KMEANS_DEFAULTS.nInit });
  }
  const ks = Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
  return { clusterer, name: clusterer.name || 'custom', ks, criterion, silhouette: options.silhouette !== false };
}

/** Checks the clusterings a clusterer returned (one per k) and returns their labels. @internal */
export function checkClusterings(plan: ChooseKPlan, n: number, clusterings: unknown): Int32Array[] {
  if (!Array.isArray(clusterings) || clusterings.length !== plan.ks.length) {
    throw new ClusterError('INVALID_MODEL', 'clusterer.sweep', Array.isArray(clusterings) ? `${clusterings.length} clusterings` : clusterings, `one clustering per k (${plan.ks.length})`);
  }
  return clusterings.map((c, i) => checkClustering(c, plan.ks[i]!, n, plan.name));
}

/** The figures and the choice from the clusterings and their silhouettes. @internal */
export function finishChooseK(m: Matrix, plan: ChooseKPlan, clusterings: Clustering[], labels: Int32Array[], sil: number[]): KChoice {
  const { ks, criterion, name } = plan;
  const ch = labels.map((l) => calinskiHarabasz(m, l));
  const db = labels.map((l) => daviesBouldin(m, l));
  const inertia = labels.map((l) => withinClusterSS(m, l));
  const elbow: KneeResult = ks.length >= 3 ? kneedle(ks, inertia) : { knee: null, reason: 'fewer than 3 values of k', difference: [] };
  const argBest = (values: number[], higher: boolean): number | null => {
    let best: number | null = null;
    values.forEach((v, i) => {
      if (Number.isNaN(v)) return;
      if (best === null || (higher ? v > values[best]! : v < values[best]!)) best = i;
    });
    return best === null ? null : ks[best]!;
  };
  const best = {
    elbow: elbow.knee,
    silhouette: argBest(sil, true),
    'calinski-harabasz': argBest(ch, true),
    'davies-bouldin': argBest(db, false),
  };
  let k: number;
  let reason: string;
  if (criterion === 'elbow') {
    if (elbow.knee !== null) {
      k = elbow.knee;
      reason = `elbow: ${elbow.reason}`;
    } else {
      k = best.silhouette ?? best['calinski-harabasz'] ?? ks[0]!;
      reason = `no elbow (${elbow.reason}); highest ${best.silhouette !== null ? 'silhouette' : 'Calinski-Harabasz index'} instead`;
    }
  } else {
    const b = best[criterion];
    k = b ?? ks[0]!;
    reason = b === null ? `${criterion} could not be computed for any k; the smallest k` : `${criterion === 'davies-bouldin' ? 'lowest' : 'highest'} ${criterion} (${(criterion === 'silhouette' ? sil : criterion === 'calinski-harabasz' ? ch : db)[ks.indexOf(b)]!.toFixed(4)})`;
  }
  return { clusterer: name, ks, inertia, silhouette: sil, calinskiHarabasz: ch, daviesBouldin: db, elbow, best, k, reason, labels, clusterings };
}

/**
 * Checks what a clusterer returned for k: a {@link Clustering} of the n rows into exactly k
 * clusters (its `k` is k, its labels use each of 0..k-1, it has k centroids) that can predict and
 * serialise, as every caller of `chooseK` reuses `clusterings` as models.
 * @internal
 */
export function checkClustering(c: unknown, k: number, n: number, name: string): Int32Array {
  const where = `clusterer '${name}' at k = ${k}`;
  const what = 'a Clustering (clusteringFromLabels(X, labels) makes one)';
  if (c === null || typeof c !== 'object' || !('labels' in c)) throw new ClusterError('INVALID_MODEL', where, c, what);
  const l = (c as Clustering).labels;
  if (l === null || typeof l !== 'object' || typeof (l as ArrayLike<number>).length !== 'number' || l.length !== n) {
    throw new ClusterError('INVALID_LABELS', `${where}: labels`, l === null || typeof l !== 'object' ? l : `${(l as ArrayLike<number>).length} labels`, `one label per row (${n})`);
  }
  const used = new Uint8Array(k);
  for (let i = 0; i < n; i++) {
    const v = l[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= k) throw new ClusterError('INVALID_LABELS', `${where}: labels[${i}]`, v, `integers from 0 to ${k - 1}`);
    used[v] = 1;
  }
  const empty = used.indexOf(0);
  if (empty >= 0) throw new ClusterError('INVALID_LABELS', `${where}: labels`, `no row in cluster ${empty} (${used.reduce((a, u) => a + u, 0)} of ${k} clusters used)`, `exactly ${k} clusters: each of 0..${k - 1} used by at least one row`);
  const model = c as Partial<Clustering>;
  if (model.k !== k) throw new ClusterError('INVALID_MODEL', `${where}: k`, model.k, `${k}, the k asked for`);
  if (!Array.isArray(model.centroids) || model.centroids.length !== k) throw new ClusterError('INVALID_MODEL', `${where}: centroids`, Array.isArray(model.centroids) ? `${model.centroids.length} centroids` : model.centroids, `${k} centroids, one per cluster`);
  for (const f of ['predict', 'predictMany', 'toJSON'] as const) {
    if (typeof model[f] !== 'function') throw new ClusterError('INVALID_MODEL', `${where}: ${f}`, model[f], `${what}: a function`);
  }
  return l instanceof Int32Array ? l : Int32Array.from(l);
}
