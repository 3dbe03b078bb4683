import {
  cleanTransactions,
  formatWallClock,
  customerDistributions,
  generateTransactions,
  histogram,
  loadTransactions,
  paretoCurve,
  parseTransactionsCsv,
  revenueByCountry,
  salesTrend,
  topProducts,
} from '@shopper-spectrum/core';
import type { CleaningReport, CountryRow, Histogram, LoadIssue, LoadSummary, ProductSummaryRow, TransactionTable, TrendPoint } from '@shopper-spectrum/core';
import { BUSINESS_SEGMENTS, RF_GRID_SEGMENTS, rfmScores, rfmTable, segmentRfm, segmentSummary } from '@shopper-spectrum/rfm';
import type { SegmentSummaryRow } from '@shopper-spectrum/rfm';
import { adjustedRandIndex, agglomerative, chooseK, fitPipeline, kmeans, nameSegments, toRows } from '@shopper-spectrum/cluster';
import type { KMeansJSON, TransformJSON } from '@shopper-spectrum/cluster';
import { compareEvaluations, evaluate, temporalSplit } from '@shopper-spectrum/metrics';
import type { SplitReport } from '@shopper-spectrum/metrics';
import { buyAgainRanker } from './baselines.js';

/** Where the data comes from: a file, or the embedded synthetic generator. */
export type DataSource = { readonly file: string } | { readonly seed: number; readonly customers: number };

/** Everything the explore stage computes, as written to `explore.json`. */
export interface ExploreArtifact {
  readonly source: string;
  readonly load: LoadSummary;
  readonly firstIssues: readonly LoadIssue[];
  readonly cleaning: CleaningReport;
  readonly topProducts: Readonly<Record<'revenue' | 'quantity', readonly ProductSummaryRow[]>>;
  readonly top50ByRevenue: readonly ProductSummaryRow[];
  readonly monthly: readonly TrendPoint[];
  readonly weekly: readonly TrendPoint[];
  readonly countries: readonly CountryRow[];
  readonly pareto: { readonly customers: number; readonly products: number; readonly customerCount: number; readonly productCount: number };
  readonly distributions: { readonly ordersPerCustomer: Histogram; readonly spendPerCustomer: Histogram };
  readonly segments: {
    readonly asOf: string;
    readonly customers: number;
    readonly business: readonly SegmentSummaryRow[];
    readonly rfGrid: readonly SegmentSummaryRow[];
    readonly scoreRanges: Readonly<Record<'recency' | 'frequency' | 'monetary', readonly { score: number; count: number; min: number; max: number }[]>>;
  };
  readonly clusters: {
    readonly features: readonly ['recency', 'frequency', 'monetary'];
    readonly preparation: string;
    readonly choice: { readonly ks: number[]; readonly inertia: number[]; readonly silhouette: number[]; readonly calinskiHarabasz: number[]; readonly daviesBouldin: number[]; readonly elbow: number | null; readonly chosen: number; readonly reason: string };
    readonly k: number;
    readonly segments: readonly { readonly name: string; readonly reason: string; readonly customers: number; readonly centroid: readonly number[] }[];
    readonly wardAgreement: number;
    /** Everything a dashboard needs to place a typed-in (R, F, M): transform, k-means model, names. */
    readonly model: { readonly transform: TransformJSON; readonly kmeans: KMeansJSON; readonly names: readonly string[] };
  };
  readonly evaluation: {
    readonly protocol: SplitReport;
    readonly means: Readonly<Record<string, Readonly<Record<string, number>>>>;
    readonly comparison: string;
  } | null;
  readonly timingsMs: Readonly<Record<string, number>>;
}

/**
 * Loads, cleans, explores and segments a transaction log: the first stages of the reference workflow.
 *
 * @param source - a file, or the generator's seed and size
 * @param preset - the cleaning preset
 */
export async function explore(source: DataSource, preset: 'notebook' | 'strict'): Promise<ExploreArtifact> {
  const timings: Record<string, number> = {};
  let t = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round((now - t) * 10) / 10;
    t = now;
  };
  const loaded =
    'file' in source
      ? await loadTransactions(source.file)
      : parseTransactionsCsv(generateTransactions({ seed: source.seed, customers: source.customers }));
  lap('load');
  const { table, report } = cleanTransactions(loaded.table, { preset });
  lap('clean');
  const rfm = rfmTable(table);
  const scores = rfmScores(rfm, { bins: 5, ties: 'rank-first' });
  const segments = {
    asOf: formatWallClock(rfm.asOf),
    customers: rfm.length,
    business: segmentSummary(rfm, segmentRfm(scores, BUSINESS_SEGMENTS)),
    rfGrid: segmentSummary(rfm, segmentRfm(scores, RF_GRID_SEGMENTS)),
    scoreRanges: { recency: scores.recency.ranges, frequency: scores.frequency.ranges, monetary: scores.monetary.ranges },
  };
  lap('rfm');
  const rows = Array.from({ length: rfm.length }, (_, i) => [rfm.recency[i]!, rfm.frequency[i]!, rfm.monetary[i]!]);
  const prep = fitPipeline(rows, ['log1p', 'standard']);
  const X = prep.transform(rows);
  const choice = chooseK(X, { kRange: [2, 10], seed: 42 });
  const model = kmeans(X, { k: 4, seed: 42 });
  const centroids = toRows(prep.inverseTransform(model.centroids));
  const named = nameSegments(centroids, ['recency', 'frequency', 'monetary']);
  const sizes = new Array<number>(4).fill(0);
  for (const l of model.labels) sizes[l]!++;
  const ward = agglomerative(X, { linkage: 'ward' }).cut({ k: 4 });
  const clusters = {
    features: ['recency', 'frequency', 'monetary'] as const,
    preparation: 'log1p, then standardised',
    choice: {
      ks: choice.ks,
      inertia: choice.inertia,
      silhouette: choice.silhouette,
      calinskiHarabasz: choice.calinskiHarabasz,
      daviesBouldin: choice.daviesBouldin,
      elbow: choice.elbow.knee,
      chosen: choice.k,
      reason: choice.reason,
    },
    k: 4,
    segments: named.names.map((name, c) => ({ name, reason: named.reasons[c]!, customers: sizes[c]!, centroid: centroids[c]! })),
    wardAgreement: adjustedRandIndex(model.labels, ward.labels),
    model: { transform: prep.toJSON(), kmeans: model.toJSON(), names: named.names },
  };
  lap('cluster');
  const evaluation = evaluateBaselines(table);
  lap('evaluate');
  const dist = customerDistributions(table);
  const artifact: ExploreArtifact = {
    source: 'file' in source ? source.file : `synthetic (seed ${source.seed}, ${source.customers} customers)`,
    load: loaded.summary,
    firstIssues: loaded.issues.slice(0, 20),
    cleaning: report,
    topProducts: { revenue: topProducts(table, { by: 'revenue' }), quantity: topProducts(table, { by: 'quantity' }) },
    top50ByRevenue: topProducts(table, { by: 'revenue', limit: 50 }),
    monthly: salesTrend(table, { interval: 'month' }),
    weekly: salesTrend(table, { interval: 'week' }),
    countries: revenueByCountry(table),
    pareto: {
      customers: paretoCurve(table, { by: 'customer' }).topRevenueShare,
      products: paretoCurve(table, { by: 'product' }).topRevenueShare,
      customerCount: dist.customerIds.length,
      productCount: paretoCurve(table, { by: 'product' }).count,
    },
    distributions: {
      ordersPerCustomer: histogram(dist.orders, { bins: 20 }),
      spendPerCustomer: histogram(dist.spend, { bins: 20, scale: 'log' }),
    },
    segments,
    clusters,
    evaluation,
    timingsMs: timings,
  };
  lap('explore');
  return artifact;
}

const money = (x: number) => x.toLocaleString('en-GB', { maximumFractionDigits: 0 });
const int = (x: number) => x.toLocaleString('en-GB');
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** A plain-text report of the artifact, for the terminal. */
export function formatReport(a: ExploreArtifact): string {
  const lines: string[] = [];
  const l = a.load;
  lines.push(`Source: ${a.source}`);
  lines.push(`Loaded ${int(l.rowsRead)} rows: ${int(l.rowsKept)} kept, ${int(l.rowsRejected)} rejected (${l.format}, dates ${l.dateFormat ?? 'n/a'})`);
  for (const [code, n] of Object.entries(l.issueCounts)) if (n > 0) lines.push(`  ${code}: ${int(n)}`);
  for (const issue of a.firstIssues.slice(0, 3)) lines.push(`  e.g. line ${issue.line}: ${issue.reason}`);
  const c = a.cleaning;
  lines.push('', `Cleaning: ${int(c.rowsIn)} rows in, ${int(c.rowsKept)} kept`);
  for (const d of c.dropped) lines.push(`  - ${d.rule.padEnd(22)} ${int(d.rows).padStart(9)} rows  ${money(d.revenue).padStart(12)} revenue`);
  lines.push(`  customers ${int(c.before.customers)} -> ${int(c.after.customers)}, products ${int(c.before.products)} -> ${int(c.after.products)}, invoices ${int(c.before.invoices)} -> ${int(c.after.invoices)}`);
  lines.push('', 'Top products by revenue:');
  for (const p of a.topProducts.revenue) lines.push(`  ${p.stockCode.padEnd(8)} ${(p.description ?? '').slice(0, 36).padEnd(36)} ${money(p.revenue).padStart(10)}  ${int(p.orders).padStart(6)} orders`);
  lines.push('', 'Revenue by month:');
  const max = Math.max(...a.monthly.map((m) => m.revenue));
  for (const m of a.monthly) lines.push(`  ${m.period.slice(0, 7)} ${money(m.revenue).padStart(10)} ${'#'.repeat(Math.round((m.revenue / max) * 40))}`);
  lines.push('', 'Top countries:');
  for (const k of a.countries.slice(0, 5)) lines.push(`  ${(k.country ?? '(none)').padEnd(16)} ${money(k.revenue).padStart(10)}  ${pct(k.revenueShare)}`);
  lines.push('', `Pareto: the top 20% of ${int(a.pareto.customerCount)} customers bring ${pct(a.pareto.customers)} of revenue; the top 20% of ${int(a.pareto.productCount)} products bring ${pct(a.pareto.products)}.`);
  lines.push('', `Segments (RFM quintiles as of ${a.segments.asOf}, ${int(a.segments.customers)} customers):`);
  for (const s of a.segments.business) {
    lines.push(`  ${s.segment.padEnd(12)} ${int(s.customers).padStart(6)} customers  ${pct(s.revenueShare).padStart(6)} of revenue  median ${s.medianRecency} days since last order, ${s.medianFrequency} orders`);
  }
  const cl = a.clusters;
  lines.push('', `Clusters (k-means on ${cl.features.join(', ')}; ${cl.preparation}):`);
  lines.push(`  choosing k over ${cl.choice.ks[0]}..${cl.choice.ks.at(-1)}: ${cl.choice.reason.split(':')[0]} -> k = ${cl.choice.chosen}; using k = ${cl.k} as the workflow asks`);
  for (const s of cl.segments) {
    const [r, f, m] = s.centroid;
    lines.push(`  ${s.name.padEnd(12)} ${int(s.customers).padStart(6)} customers  centre: ${r!.toFixed(0)} days, ${f!.toFixed(1)} orders, ${money(m!)} spent`);
  }
  lines.push(`  agreement with ward clustering (adjusted Rand index): ${cl.wardAgreement.toFixed(3)}`);
  const ev = a.evaluation;
  if (ev) {
    const p = ev.protocol;
    lines.push('', `Evaluation (temporal split at ${p.cutoff}: fit before, score after; ${int(p.evaluated)} customers; ${Object.entries(p.excluded).map(([k, v]) => `${int(v)} left out: ${k}`).join(', ') || 'none left out'}):`);
    for (const [name, m] of Object.entries(ev.means)) {
      lines.push(`  ${name.padEnd(11)} P@5 ${m['precision@5']!.toFixed(3)}  R@5 ${m['recall@5']!.toFixed(3)}  MAP@5 ${m['map@5']!.toFixed(3)}  NDCG@5 ${m['ndcg@5']!.toFixed(3)}  HR@5 ${m['hit-rate@5']!.toFixed(3)}`);
    }
    lines.push(`  ${ev.comparison.split('\n').at(-1)}`);
  }
  lines.push('', `Timings: ${Object.entries(a.timingsMs).map(([k, v]) => `${k} ${v} ms`).join(', ')}`);
  return lines.join('\n');
}

/**
 * The honest protocol on two baselines: split 30 days before the last transaction, fit on the past,
 * score the top 5 and 10 against what each customer bought next. Null when the split leaves no
 * customer to evaluate (a very short log).
 */
function evaluateBaselines(table: TransactionTable): ExploreArtifact['evaluation'] {
  let last = -Infinity;
  for (const t of table.columns.invoiceDate) if (t > last) last = t;
  const cutoff = Math.floor(last / 86_400_000 - 30) * 86_400_000;
  const split = temporalSplit(table, { cutoff });
  if (split.report.evaluated === 0) return null;
  const popular = topProducts(split.train, { by: 'customers', limit: 200 }).map((p) => p.stockCode);
  const results = {
    popularity: evaluate({ train: split.train, test: split.test, rank: (_c, k) => popular.slice(0, k), k: [5, 10] }),
    'buy again': evaluate({ train: split.train, test: split.test, rank: buyAgainRanker(split.train, popular), k: [5, 10] }),
  };
  return {
    protocol: split.report,
    means: Object.fromEntries(Object.entries(results).map(([name, r]) => [name, r.means])),
    comparison: compareEvaluations(results, { metric: 'map@5', seed: 1 }).table,
  };
}
