/**
 * RFM, quintile scores, choosing k, k-means and agglomerative clustering, and segment names: the
 * segmentation half of the workflow, with everything the dashboard needs to place a typed-in
 * (R, F, M) triple.
 */
import { BUSINESS_SEGMENTS, RF_GRID_SEGMENTS, rfmScores, segmentRfm, segmentSummary } from '@shopper-spectrum/rfm';
import type { RfmScores, RfmTable, SegmentSummaryRow } from '@shopper-spectrum/rfm';
import { adjustedRandIndex, agglomerative, agglomerativeClusterer, chooseK, clusteringFromJSON, describeSegments, fitPipeline, kmeansClusterer, toRows, transformFromJSON } from '@shopper-spectrum/cluster';
import type { AgglomerativeTree, Clusterer, ClusteringJSON, KMeansJSON, TransformJSON } from '@shopper-spectrum/cluster';
import { SeededRandom } from '@shopper-spectrum/core';
import type { DendrogramLink } from './charts.js';
import type { ClustererName } from './cliConstants.js';

// the names live in the light module the CLI's --help reads without loading the libraries
export type { ClustererName } from './cliConstants.js';

/** The saved segment model: enough to predict the segment of a new (R, F, M). */
export interface SegmentModel {
  readonly features: readonly ['recency', 'frequency', 'monetary'];
  readonly preparation: string;
  readonly transform: TransformJSON;
  /** The clustering that names the segments (any clusterer: one nearest-centroid model). */
  readonly clustering: ClusteringJSON;
  /** The clusterer's name (`--clusterer`). */
  readonly clusterer: ClustererName;
  /**
   * Descriptive names from the centroids (`describeSegments`: 'Recent, frequent, high spend'),
   * never the RFM segments' business names. Artifacts written before issue 16 hold the business
   * names of `nameSegments` here; both read the same way.
   */
  readonly names: readonly string[];
  readonly reasons: readonly string[];
  /** Centroids in the original units (days, orders, money). */
  readonly centroids: readonly (readonly number[])[];
  readonly sizes: readonly number[];
}

/** The chooseK report. */
export interface ChooseKReport {
  readonly ks: number[];
  readonly inertia: number[];
  readonly silhouette: number[];
  readonly calinskiHarabasz: number[];
  readonly daviesBouldin: number[];
  readonly elbow: number | null;
  readonly chosen: number;
  readonly reason: string;
  /** Customers the curves were computed on (a seeded sample above `sampleLimit`). */
  readonly sampled: number;
}

/** Everything the segmentation stage computes. */
export interface Segmentation {
  readonly scores: RfmScores;
  readonly business: readonly SegmentSummaryRow[];
  readonly rfGrid: readonly SegmentSummaryRow[];
  readonly businessLabels: readonly string[];
  readonly model: SegmentModel;
  readonly labels: Int32Array;
  readonly choice: ChooseKReport;
  /** How far the segments agree with another algorithm's at the same k (`comparedWith`: ward's cut, or k-means for ward-like clusterers), on the sample. */
  readonly agglomerative: { readonly linkage: 'ward'; readonly comparedWith: string; readonly customers: number; readonly agreement: number; readonly sizes: readonly number[] };
  readonly dendrogram: { readonly links: DendrogramLink[]; readonly leaves: { x: number; label: string }[] };
  /** Customers per (RFM segment, cluster): `counts[rfm][cluster]`, every customer once. */
  readonly crosstab: Crosstab;
  /** Adjusted Rand index between the RFM segments and the clusters, on every customer. */
  readonly rfmAgreement: number;
}

/** The RFM segment x cluster table. */
export interface Crosstab {
  readonly rfmSegments: readonly string[];
  readonly clusters: readonly string[];
  /** `counts[i][j]`: customers in RFM segment `i` and cluster `j`. */
  readonly counts: readonly (readonly number[])[];
}

/** Above this many customers, chooseK and agglomerative run on a seeded sample (both are O(n^2)). */
export const SAMPLE_LIMIT = 5000;

/** The mljs clusterers, imported only when `--clusterer` names one (the import costs about half a second). */
let mljs: typeof import('@shopper-spectrum/cluster/mljs') | undefined;

/** Loads what a clusterer needs before {@link segmentCustomers} runs it (the mljs libraries for ml-kmeans and ml-hclust). */
export async function loadClusterer(name: ClustererName): Promise<void> {
  if (name.startsWith('ml-') && !mljs) mljs = await import('@shopper-spectrum/cluster/mljs');
}

function mljsModule(): typeof import('@shopper-spectrum/cluster/mljs') {
  if (!mljs) throw new Error('loadClusterer must run before an mljs clusterer is made');
  return mljs;
}

/** The clusterers `--clusterer` accepts, with the most rows each fits on (a seeded sample beyond; the rest are predicted by nearest centroid). */
export const CLUSTERERS = {
  kmeans: { make: (seed: number) => kmeansClusterer({ seed }), limit: Infinity, what: 'k-means (k-means++, 10 restarts; as scikit-learn)' },
  ward: { make: () => agglomerativeClusterer({ linkage: 'ward' }), limit: 20_000, what: 'agglomerative, Ward linkage (as scipy)' },
  average: { make: () => agglomerativeClusterer({ linkage: 'average' }), limit: SAMPLE_LIMIT, what: 'agglomerative, average linkage (UPGMA)' },
  complete: { make: () => agglomerativeClusterer({ linkage: 'complete' }), limit: SAMPLE_LIMIT, what: 'agglomerative, complete linkage' },
  'ml-kmeans': { make: (seed: number) => mljsModule().mlKmeansClusterer({ seed }), limit: Infinity, what: 'ml-kmeans (the mljs library)' },
  'ml-hclust': { make: () => mljsModule().mlHclustClusterer(), limit: 1000, what: "ml-hclust's agnes, Ward (ward2; the mljs library; O(n^3), so on a 1,000-customer sample)" },
} as const satisfies Record<ClustererName, { make: (seed: number) => Clusterer; limit: number; what: string }>;

function sampleRows(n: number, limit: number, seed: number): number[] {
  const all = Array.from({ length: n }, (_, i) => i);
  if (n <= limit) return all;
  const rng = new SeededRandom(seed);
  for (let i = 0; i < limit; i++) {
    const j = i + Math.floor(rng.next() * (n - i));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all.slice(0, limit).sort((a, b) => a - b);
}

/**
 * Segments customers: RFM quintiles and business segments, chooseK over 2..10, k-means with `k`,
 * ward agglomerative (compared by adjusted Rand index), and a dendrogram truncated to its last 30
 * merges.
 */
export function segmentCustomers(rfm: RfmTable, k: number, seed: number, clustererName: ClustererName = 'kmeans', money?: (value: number) => string): Segmentation {
  const scores = rfmScores(rfm, { bins: 5, ties: 'rank-first' });
  const business = segmentRfm(scores, BUSINESS_SEGMENTS);
  const rows = Array.from({ length: rfm.length }, (_, i) => [rfm.recency[i]!, rfm.frequency[i]!, rfm.monetary[i]!]);
  const prep = fitPipeline(rows, ['log1p', 'standard']);
  const X = toRows(prep.transform(rows));
  const spec = CLUSTERERS[clustererName];
  const clusterer = spec.make(seed);
  const sample = sampleRows(X.length, Math.min(SAMPLE_LIMIT, spec.limit), seed);
  const XS = sample.map((i) => X[i]!);
  const kMax = Math.min(10, XS.length - 1, new Set(XS.map((r) => r.join(','))).size); // k clusters need k distinct points
  const choice = chooseK(XS, { kRange: [2, Math.max(2, kMax)], clusterer });
  // fit on every customer when the clusterer allows it, else on a seeded sample, the rest predicted;
  // the sweep's own fit at k is reused when it was made on exactly those rows
  const fitRows = X.length <= spec.limit ? null : sampleRows(X.length, spec.limit, seed);
  const sameRows = fitRows === null ? sample.length === X.length : fitRows.length === sample.length && fitRows.every((r, i) => r === sample[i]);
  const swept = sameRows && choice.ks.includes(k) ? choice.clusterings[choice.ks.indexOf(k)] : undefined;
  const fitted = swept ?? clusterer({ rows: fitRows ? fitRows.length : X.length, cols: 3, data: Float64Array.from((fitRows ? fitRows.map((i) => X[i]!) : X).flat()) }, k);
  const labels = fitRows ? fitted.predictMany(X) : fitted.labels;
  const model = { labels, centroids: fitted.centroids, json: fitted.toJSON() };
  const centroids = toRows(prep.inverseTransform(model.centroids));
  // descriptive names from the centroids, relative to every customer's R, F, M (the business names are the RFM segments')
  const named = describeSegments(centroids, { reference: rows, ...(money ? { money } : {}) });
  const sizes = new Array<number>(k).fill(0);
  for (const l of model.labels) sizes[l]!++;
  // the dendrogram is ward's; the agreement check compares the segments with another algorithm:
  // ward's cut, or k-means when the segments are ward's already
  const tree = agglomerative(XS, { linkage: 'ward' });
  const wardLike = clustererName === 'ward' || clustererName === 'ml-hclust';
  const cut = wardLike ? kmeansClusterer({ seed })({ rows: XS.length, cols: 3, data: Float64Array.from(XS.flat()) }, k) : tree.cut({ k });
  const comparedWith = wardLike ? 'kmeans' : 'ward';
  const wardSizes = new Array<number>(k).fill(0);
  for (const l of cut.labels) wardSizes[l]!++;
  const sampledLabels = Int32Array.from(sample, (i) => model.labels[i]!);
  const against = rfmAgainstClusters({ segment: business.segment, names: business.names, clusterLabels: model.labels, clusters: named.names });
  return {
    scores,
    business: segmentSummary(rfm, business),
    rfGrid: segmentSummary(rfm, segmentRfm(scores, RF_GRID_SEGMENTS)),
    businessLabels: against.labels,
    model: {
      features: ['recency', 'frequency', 'monetary'],
      preparation: 'log1p, then standardised (z-scores)',
      transform: prep.toJSON(),
      clustering: model.json,
      clusterer: clustererName,
      names: named.names,
      reasons: named.reasons,
      centroids,
      sizes,
    },
    labels: model.labels,
    choice: {
      ks: choice.ks,
      inertia: choice.inertia,
      silhouette: choice.silhouette,
      calinskiHarabasz: choice.calinskiHarabasz,
      daviesBouldin: choice.daviesBouldin,
      elbow: choice.elbow.knee,
      chosen: choice.k,
      reason: choice.reason,
      sampled: XS.length,
    },
    agglomerative: { linkage: 'ward', comparedWith, customers: XS.length, agreement: adjustedRandIndex(sampledLabels, cut.labels), sizes: wardSizes },
    dendrogram: truncatedDendrogram(tree, 30),
    crosstab: against.crosstab,
    rfmAgreement: against.rfmAgreement,
  };
}

/**
 * Each customer's RFM segment name, the RFM segment x cluster table and the adjusted Rand index
 * between the two, from the RFM segment codes (-1: unmatched, named 'Unmatched') and the cluster
 * labels. O(n + segments x clusters).
 *
 * @example
 * ```ts
 * rfmAgainstClusters({ segment: Int16Array.of(0, 1, 1), names: ['A', 'B'], clusterLabels: Int32Array.of(0, 1, 1), clusters: ['x', 'y'] }).crosstab.counts;
 * // => [[1, 0], [0, 2]]
 * ```
 */
export function rfmAgainstClusters(options: { readonly segment: ArrayLike<number>; readonly names: readonly string[]; readonly clusterLabels: ArrayLike<number>; readonly clusters: readonly string[] }): { labels: string[]; crosstab: Crosstab; rfmAgreement: number } {
  const { segment, names, clusterLabels, clusters } = options;
  const labels = Array.from(segment, (s) => (s < 0 ? 'Unmatched' : names[s]!));
  const rfmNames = [...names, ...(labels.includes('Unmatched') ? ['Unmatched'] : [])];
  const counts = rfmNames.map(() => new Array<number>(clusters.length).fill(0));
  const rfmCodes = Int32Array.from(segment, (s) => (s < 0 ? names.length : s));
  for (let i = 0; i < rfmCodes.length; i++) counts[rfmCodes[i]!]![clusterLabels[i]!]!++;
  return { labels, crosstab: { rfmSegments: rfmNames, clusters: [...clusters], counts }, rfmAgreement: adjustedRandIndex(rfmCodes, Int32Array.from(clusterLabels)) };
}

/** What an adjusted Rand index says, in words (1: the same groups; 0: no more alike than chance). */
export function agreementWords(ari: number): string {
  if (ari >= 0.9) return 'nearly the same groups';
  if (ari >= 0.65) return 'largely the same groups';
  if (ari >= 0.4) return 'partly the same groups';
  if (ari >= 0.15) return 'only loosely the same groups';
  return 'groups no more alike than chance would make them';
}

/** The chosen k and the indices' suggestion, in one sentence: `summary.k`. */
export interface KStory {
  /** The k the segments use. */
  readonly k: number;
  /** Whether `--k` was given (else it is the default). */
  readonly asked: boolean;
  /** The k the indices suggest (chooseK's choice: the elbow, else the best silhouette). */
  readonly suggested: number;
  /** The sentence the CLI, summary.md, report.html and the dashboard print as is. */
  readonly text: string;
}

/**
 * The k sentence, in plain words: "k = 4, as asked; the indices suggest 5 because ...".
 *
 * @param choice - the chooseK report
 * @param k - the k used
 * @param asked - whether `--k` was given
 * @param customers - how many customers were segmented (the curves may come from a sample)
 */
export function kStory(choice: ChooseKReport, k: number, asked: boolean, customers: number): KStory {
  const suggested = choice.chosen;
  const head = asked ? `k = ${k}, as asked` : `k = ${k}, the default (--k changes it)`;
  const byElbow = choice.elbow !== null && choice.elbow === suggested;
  const because = byElbow
    ? `up to ${suggested} clusters each added cluster makes the groups markedly tighter, and beyond ${suggested} much less (the bend, or elbow, of the curve)`
    : `the clusters are most clearly apart from one another at ${suggested} (the highest silhouette: no clear bend in the tightness curve)`;
  const sil = choice.silhouette;
  let bestSil = -1;
  for (let i = 0; i < sil.length; i++) if (Number.isFinite(sil[i]!) && (bestSil < 0 || sil[i]! > sil[bestSil]!)) bestSil = i;
  const apart = byElbow && bestSil >= 0 && choice.ks[bestSil] !== suggested ? `; the clusters are most clearly apart at k = ${choice.ks[bestSil]} (silhouette ${sil[bestSil]!.toFixed(2)} on a scale up to 1)` : '';
  const sample = choice.sampled < customers ? ` (measured on a sample of ${choice.sampled.toLocaleString('en-GB')} of the ${customers.toLocaleString('en-GB')} customers)` : '';
  const text = suggested === k ? `${head}; the indices agree, because ${because}${apart}${sample}.` : `${head}; the indices suggest ${suggested} because ${because}${apart}${sample}.`;
  return { k, asked, suggested, text };
}

/**
 * The top of a dendrogram: its last `p - 1` merges, the clusters below them drawn as leaves labelled
 * with their size (scipy's `truncate_mode='lastp'`).
 */
export function truncatedDendrogram(tree: AgglomerativeTree, p: number): { links: DendrogramLink[]; leaves: { x: number; label: string }[] } {
  const n = tree.n;
  const m = n - 1;
  if (m < 1) return { links: [], leaves: [] };
  const first = Math.max(0, m - (p - 1));
  const links: DendrogramLink[] = [];
  const leaves: { x: number; label: string }[] = [];
  const size = (id: number) => (id < n ? 1 : tree.sizes[id - n]!);
  // iterative post-order from the root
  const place = (root: number): { x: number; h: number } => {
    const stack: { id: number; state: number; left?: { x: number; h: number } }[] = [{ id: root, state: 0 }];
    let result: { x: number; h: number } = { x: 0, h: 0 };
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const isLeaf = top.id < n || top.id - n < first;
      if (isLeaf) {
        stack.pop();
        const x = leaves.length;
        leaves.push({ x, label: size(top.id) === 1 ? '1' : `(${size(top.id)})` });
        result = { x, h: 0 };
      } else if (top.state === 0) {
        top.state = 1;
        stack.push({ id: tree.merges[2 * (top.id - n)]!, state: 0 });
        continue;
      } else if (top.state === 1) {
        top.state = 2;
        top.left = result;
        stack.push({ id: tree.merges[2 * (top.id - n) + 1]!, state: 0 });
        continue;
      } else {
        stack.pop();
        const right = result;
        const left = top.left!;
        const h = tree.heights[top.id - n]!;
        links.push({ leftX: left.x, rightX: right.x, leftHeight: left.h, rightHeight: right.h, height: h });
        result = { x: (left.x + right.x) / 2, h };
      }
    }
    return result;
  };
  place(n + m - 1);
  return { links, leaves };
}

/** The predicted segment of one (R, F, M), with the distance to every centroid. */
export interface SegmentPrediction {
  readonly segment: string;
  readonly cluster: number;
  readonly reason: string;
  /** Euclidean distance to each centroid in the scaled space the model clusters in, nearest first. */
  readonly distances: readonly { readonly segment: string; readonly distance: number; readonly centroid: readonly number[] }[];
}

/** Builds a predictor from the saved model. */
export function segmentPredictor(model: SegmentModel): (recency: number, frequency: number, monetary: number) => SegmentPrediction {
  const transform = transformFromJSON(model.transform);
  // older artifacts saved the k-means model under `kmeans`; clusteringFromJSON reads both
  const km = clusteringFromJSON((model as SegmentModel & { kmeans?: KMeansJSON }).clustering ?? (model as { kmeans?: KMeansJSON }).kmeans);
  return (recency, frequency, monetary) => {
    const z = transform.transformPoint([recency, frequency, monetary]);
    const cluster = km.predict(z);
    const distances = km.centroids
      .map((c, i) => ({ segment: model.names[i]!, distance: Math.hypot(...c.map((v, j) => v - z[j]!)), centroid: model.centroids[i]! }))
      .sort((a, b) => a.distance - b.distance);
    return { segment: model.names[cluster]!, cluster, reason: model.reasons[cluster]!, distances };
  };
}
