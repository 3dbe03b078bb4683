import { ClusterError } from './errors.js';

/** The features {@link nameSegments} understands. */
export type SegmentFeature = 'recency' | 'frequency' | 'monetary';

/** The names and how they were decided. */
export interface SegmentNames {
  /** One name per cluster, in cluster order. */
  readonly names: string[];
  /** The rule, in words, with the deciding values. */
  readonly reasons: string[];
}

/**
 * Names clusters in business terms from their centroids in original units (days, orders, money),
 * by a declared rule that depends only on the centroids, so the same clusters get the same names
 * whatever their label numbers, seed or data set:
 *
 * 1. **At-Risk**: the cluster with the largest recency (longest since the last purchase).
 * 2. **High-Value**: of the rest, the largest monetary value.
 * 3. **Occasional**: of the rest, the smallest frequency.
 * 4. **Regular**: the rest. With k > 4 there are several, named `Regular 1`, `Regular 2`, ... by
 *    monetary value, largest first.
 *
 * With fewer clusters the steps stop early: k = 1 is `All`, k = 2 is At-Risk and High-Value, k = 3
 * adds Occasional. Ties go to the lower cluster index. O(k log k).
 *
 * These are business names given by rank alone: next to a rule-based segmentation that uses the
 * same words (RFM segment maps), two different groups of customers end up with one name. To say
 * instead what each cluster's centre looks like relative to the customers, use
 * {@link describeSegments} (`'Recent, frequent, high spend'`).
 *
 * @param centroids - one centroid per cluster, in original units (inverse-transform scaled centroids first)
 * @param features - the feature in each centroid column; must include recency, frequency and monetary
 * @returns a name per cluster and the reason for each
 * @throws {@link ClusterError} `INVALID_OPTION` when a feature is missing or the columns do not match
 * @example
 * ```ts
 * nameSegments([[20, 3, 900], [250, 1, 300], [10, 15, 8000], [40, 1, 250]], ['recency', 'frequency', 'monetary']).names;
 * // => ['Regular', 'At-Risk', 'High-Value', 'Occasional']
 * ```
 */
export function nameSegments(centroids: readonly (readonly number[])[], features: readonly SegmentFeature[]): SegmentNames {
  const k = centroids.length;
  if (k === 0) throw new ClusterError('INVALID_OPTION', 'centroids', centroids, 'at least one centroid');
  const col = (f: SegmentFeature) => {
    const j = features.indexOf(f);
    if (j < 0) throw new ClusterError('INVALID_OPTION', 'features', features, "a list naming 'recency', 'frequency' and 'monetary' columns");
    return j;
  };
  const [r, f, m] = [col('recency'), col('frequency'), col('monetary')];
  for (const [i, c] of centroids.entries()) {
    if (!Array.isArray(c) || c.length !== features.length || !c.every((v) => Number.isFinite(v))) {
      throw new ClusterError('INVALID_OPTION', `centroids[${i}]`, c, `${features.length} finite values, one per feature`);
    }
  }
  const names = new Array<string>(k);
  const reasons = new Array<string>(k);
  if (k === 1) return { names: ['All'], reasons: ['a single cluster'] };
  const left = new Set(Array.from({ length: k }, (_, i) => i));
  const pick = (score: (i: number) => number): number => {
    let best = -1;
    for (const i of left) if (best < 0 || score(i) > score(best)) best = i;
    left.delete(best);
    return best;
  };
  const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2));
  const atRisk = pick((i) => centroids[i]![r]!);
  names[atRisk] = 'At-Risk';
  reasons[atRisk] = `largest recency (${fmt(centroids[atRisk]![r]!)} days since the last purchase)`;
  const high = pick((i) => centroids[i]![m]!);
  names[high] = 'High-Value';
  reasons[high] = `largest monetary value among the others (${fmt(centroids[high]![m]!)})`;
  if (left.size > 0) {
    const occasional = pick((i) => -centroids[i]![f]!);
    names[occasional] = 'Occasional';
    reasons[occasional] = `smallest frequency among the others (${fmt(centroids[occasional]![f]!)} orders)`;
  }
  const regulars = [...left].sort((a, b) => centroids[b]![m]! - centroids[a]![m]! || a - b);
  regulars.forEach((i, pos) => {
    names[i] = regulars.length === 1 ? 'Regular' : `Regular ${pos + 1}`;
    reasons[i] = `the rest${regulars.length > 1 ? `, ranked ${pos + 1} by monetary value (${fmt(centroids[i]![m]!)})` : ''}`;
  });
  return { names, reasons };
}
