import { ClusterError } from './errors.js';
import { calinskiHarabasz, daviesBouldin } from './indices.js';
import { kmeans } from './kmeans.js';
import { kneedle } from './kneedle.js';
import type { KneeResult } from './kneedle.js';
import { toMatrix } from './matrix.js';
import type { MatrixInput } from './matrix.js';
import { silhouettes } from './silhouette.js';

/** How {@link chooseK} picks k. */
export type KCriterion = 'elbow' | 'silhouette' | 'calinski-harabasz' | 'davies-bouldin';

/** Options of {@link chooseK}. */
export interface ChooseKOptions {
  /**
   * The smallest and largest k to try (inclusive); at least 2 values for the elbow.
   * @defaultValue `[2, 10]`
   */
  readonly kRange?: readonly [number, number];
  /**
   * The rule: `'elbow'` (Kneedle knee of the inertia curve; when there is none, the best silhouette,
   * and the reason says so), `'silhouette'` (highest), `'calinski-harabasz'` (highest) or
   * `'davies-bouldin'` (lowest).
   * @defaultValue `'elbow'`
   */
  readonly criterion?: KCriterion;
  /**
   * Seed of the k-means runs.
   * @defaultValue `0`
   */
  readonly seed?: number;
  /**
   * k-means restarts per k.
   * @defaultValue `10`
   */
  readonly nInit?: number;
  /**
   * Compute silhouettes (O(n^2): turn off for very large inputs; the elbow still works).
   * @defaultValue `true`
   */
  readonly silhouette?: boolean;
}

/** Per-k figures and the choice, as data a chart can draw. */
export interface KChoice {
  /** The k values tried. */
  readonly ks: number[];
  /** k-means inertia per k (the elbow curve). */
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
  /** The k-means labels per k (same order as `ks`), to reuse without refitting. */
  readonly labels: Int32Array[];
}

/**
 * Sweeps k, fitting seeded k-means for each, and reports inertia (with its Kneedle elbow),
 * silhouette, Calinski-Harabasz and Davies-Bouldin per k, the best k by each, and the chosen k with
 * the reason. The silhouettes of all k are computed in one pass over the pairs of rows (the
 * distances are shared), which is what makes the sweep cheap. O(n^2 (d + K) + K x k-means).
 *
 * @param X - rows, or a row-major matrix (scale them first)
 * @param options - k range, criterion, seed, restarts
 * @returns the figures and the choice
 * @throws {@link ClusterError} `INVALID_K` for a range outside 2..n-1 or reversed, `INVALID_OPTION`
 * @example
 * ```ts
 * const choice = chooseK(scaled, { kRange: [2, 10], seed: 42 });
 * [choice.k, choice.reason];
 * // => [4, 'elbow: knee at x = 4: ...']
 * ```
 */
export function chooseK(X: MatrixInput, options: ChooseKOptions = {}): KChoice {
  const m = toMatrix(X);
  const [lo, hi] = options.kRange ?? [2, 10];
  if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 2 || hi < lo || hi > m.rows - 1) {
    throw new ClusterError('INVALID_K', 'kRange', options.kRange, `integers [low, high] with 2 <= low <= high <= n - 1 (${m.rows - 1})`);
  }
  const criterion = options.criterion ?? 'elbow';
  if (!['elbow', 'silhouette', 'calinski-harabasz', 'davies-bouldin'].includes(criterion)) {
    throw new ClusterError('INVALID_OPTION', 'criterion', criterion, "'elbow', 'silhouette', 'calinski-harabasz' or 'davies-bouldin'");
  }
  const ks = Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
  const models = ks.map((k) => kmeans(m, { k, seed: options.seed ?? 0, nInit: options.nInit ?? 10 }));
  const labels = models.map((model) => model.labels);
  const distinct = (l: Int32Array) => new Set(l).size;
  const valid = labels.map((l) => distinct(l) >= 2 && distinct(l) <= m.rows - 1);
  const sil = options.silhouette === false ? ks.map(() => NaN) : (() => {
    const scored = silhouettes(m, labels.filter((_, i) => valid[i]));
    let p = 0;
    return labels.map((_, i) => (valid[i] ? scored[p++]!.score : NaN));
  })();
  const ch = labels.map((l, i) => (valid[i] ? calinskiHarabasz(m, l) : NaN));
  const db = labels.map((l, i) => (valid[i] ? daviesBouldin(m, l) : NaN));
  const inertia = models.map((model) => model.inertia);
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
  return { ks, inertia, silhouette: sil, calinskiHarabasz: ch, daviesBouldin: db, elbow, best, k, reason, labels };
}
