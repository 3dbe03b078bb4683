/**
 * `analyze`: the whole workflow on one log. Load, clean, explore, RFM, choose k, k-means and
 * agglomerative, segment names, fit the served recommenders, evaluate them all on the temporal
 * split, draw the charts, and write every artifact plus `report.html` and `summary.md`.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  cleanTransactions,
  customerDistributions,
  dateExtent,
  returnsSummary,
  ShopperSpectrumError,
  formatWallClock,
  generateTransactions,
  histogram,
  paretoCurve,
  parseTransactionsCsv,
  revenueByCountry,
  salesTrend,
  topProducts,
} from '@shopper-spectrum/core';
import { loadTransactions } from '@shopper-spectrum/core/node';
import type { LoadTransactionsOptions } from '@shopper-spectrum/core/node';
import type { CleaningPreset, CleaningReport, CountryRow, LoadIssue, LoadResult, LoadSummary, ProductSummaryRow, TransactionSchema, TransactionTable, TrendPoint } from '@shopper-spectrum/core';
import { rfmTable } from '@shopper-spectrum/rfm';
import type { RfmTable, SegmentSummaryRow } from '@shopper-spectrum/rfm';
import { serializeRecommenderBinary } from '@shopper-spectrum/recommend';
import type { InteractionMatrix, Recommender } from '@shopper-spectrum/recommend';
import {
  chooseKChart,
  clusterScatterChart,
  countriesChart,
  dendrogramChart,
  evaluationChart,
  paretoChart,
  renderSvg,
  rfmDistributionChart,
  salesTrendChart,
  similarityHeatmapChart,
  topProductsChart,
} from './charts.js';
import type { ChartSpec, ScatterPoint } from './charts.js';
import { Progress } from './progress.js';
import { DEFAULT_MODELS, defaultCutoff, evaluateModels, fitServed, matricesOf, MODEL_NAMES } from './recommenders.js';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Evaluation, ModelName } from './recommenders.js';
import { segmentCustomers } from './segmentation.js';
import type { ChooseKReport, ClustererName, SegmentModel } from './segmentation.js';
import { encodeTable } from './tableFile.js';
import { renderReportHtml, renderSummaryMd } from './report.js';
import { AnalyzeError } from './errors.js';
import { toCsv } from './csv.js';
import { MANIFEST_FILE, manifestEntry, writeManifest } from './manifest.js';
import type { ManifestEntry } from './manifest.js';

export { AnalyzeError };

/** Where the data comes from: a file, or the embedded synthetic generator. */
export type DataSource = { readonly file: string } | { readonly seed: number; readonly customers: number };

/** What `analyze` is asked to do. */
export interface AnalyzeOptions {
  readonly source: DataSource;
  readonly preset: CleaningPreset;
  /** How to read the file (`--columns`, `--delimiter`, `--date-format`, `--encoding`, `--sheet`, `--date-range`). */
  readonly parsing?: LoadTransactionsOptions;
  /** Count the non-product lines the trusted preset sets aside (postage, fees) in customers' spend. */
  readonly feesInSpend?: boolean;
  readonly k: number;
  /** Temporal split date (YYYY-MM-DD); default: see `defaultCutoff`. */
  readonly cutoff?: string;
  readonly seed: number;
  readonly models?: readonly ModelName[];
  /** `--plugin` modules (already registered in this process; the evaluation worker loads them too). */
  readonly plugins?: readonly string[];
  /** The clustering algorithm that makes the segments (`--clusterer`). */
  readonly clusterer?: ClustererName;
  /** Output directory; nothing is written when undefined. */
  readonly out?: string;
}

/** The `analyze --json` document (and `analysis.json` in the output directory). */
export interface AnalysisSummary {
  readonly version: 1;
  readonly source: string;
  readonly preset: string;
  readonly rows: { readonly loaded: number; readonly kept: number; readonly rejected: number; readonly rejectedBy: Readonly<Record<string, number>> };
  readonly customers: number;
  readonly products: number;
  readonly invoices: number;
  readonly revenue: number;
  readonly period: { readonly from: string; readonly to: string };
  /** How the file was read: the date format and why, the encoding, warnings, physical lines. */
  readonly loading: { readonly dateFormat: string | null; readonly dateFormatReason: string | null; readonly encoding: string; readonly delimiter: string | null; readonly decimalSeparator: '.' | ','; readonly lines: number; readonly warnings: readonly string[]; readonly schema: TransactionSchema };
  /** Cancellations: how many the trusted preset netted against their orders, and what they took back. */
  readonly cancellations: { readonly lines: number; readonly matchedLines: number; readonly partlyMatchedLines: number; readonly unmatchedLines: number; readonly revenueNetted: number; readonly cancelledShare: number; readonly topProducts: readonly { readonly stockCode: string; readonly description: string | null; readonly revenue: number }[] } | null;
  /** Stages not run, and why (a log without products skips the product stages). */
  readonly skipped: readonly { readonly stage: string; readonly why: string }[];
  readonly pareto: { readonly topCustomerShare: number; readonly topProductShare: number | null };
  readonly segments: readonly { readonly name: string; readonly size: number; readonly centroid: { readonly recency: number; readonly frequency: number; readonly monetary: number }; readonly reason: string }[];
  readonly rfmSegments: readonly SegmentSummaryRow[];
  readonly chooseK: ChooseKReport;
  /** The clusterer that made the segments. */
  readonly clusterer: string;
  readonly agglomerative: { readonly linkage: string; readonly comparedWith: string; readonly customers: number; readonly agreement: number };
  /** The model files served (`models/<kind>.ssrm`), by kind; plugin kinds need `serve --plugin`. */
  readonly servedModels: readonly string[];
  readonly evaluation: Evaluation['rows'];
  readonly evaluationProtocol: { readonly cutoff: string; readonly evaluated: number | null; readonly note?: string };
  readonly timings: Readonly<Record<string, number>>;
  /** Peak resident memory of the process, MiB. */
  readonly peakMemoryMiB: number;
  readonly artifacts: readonly string[];
}

/** Everything `analyze` computed (the summary plus the tables the report draws from). */
export interface Analysis {
  readonly summary: AnalysisSummary;
  readonly load: LoadSummary;
  readonly firstIssues: readonly LoadIssue[];
  readonly cleaning: CleaningReport;
  readonly monthly: readonly TrendPoint[];
  readonly countries: readonly CountryRow[];
  readonly top50: readonly ProductSummaryRow[];
  readonly evaluation: Evaluation;
  readonly charts: Readonly<Record<string, ChartSpec>>;
  readonly svgs: Readonly<Record<string, string>>;
}

/** The stages of `analyze`, in order (the progress bar counts them). */
export const ANALYZE_STAGES = ['load', 'clean', 'explore', 'rfm', 'segment', 'recommend', 'charts', 'evaluate', 'write'] as const;

function describeSource(source: DataSource): string {
  return 'file' in source ? source.file : `synthetic (seed ${source.seed}, ${source.customers} customers)`;
}

/** The most common reasons rows were rejected, each with its first example, for a message. */
function whyRejected(loaded: LoadResult): string {
  const top = Object.entries(loaded.summary.rejectedBy)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3);
  if (top.length === 0) return '';
  const parts = top.map(([code, n]) => {
    const first = loaded.issues.find((i) => i.code === code);
    return `${code} ${n}${first ? `, first on line ${first.line}: ${first.reason}` : ''}`;
  });
  return ` (${parts.join('; ')})`;
}

/** Runs the workflow; writes the outputs when `options.out` is set. */
export async function analyze(options: AnalyzeOptions, progress = new Progress(null, ANALYZE_STAGES.length)): Promise<Analysis> {
  const { source, preset, k, seed } = options;
  const models = options.models ?? DEFAULT_MODELS;
  const loaded = await progress.stage(
    'load',
    async () => ('file' in source ? loadTransactions(source.file, options.parsing ?? {}) : parseTransactionsCsv(generateTransactions({ seed: source.seed, customers: source.customers }))),
    (r) => r.summary.rowsRead,
  );
  const { table, report, nonProduct } = await progress.stage('clean', () => cleanTransactions(loaded.table, { preset }), () => loaded.table.length, (r) => `${r.report.rowsKept.toLocaleString('en-GB')} kept`);
  if (table.length === 0) throw new AnalyzeError('NO_USABLE_ROWS', `no usable rows: ${loaded.summary.rowsRead} read, ${loaded.summary.rowsRejected} rejected when parsing${whyRejected(loaded)}, ${report.rowsDropped} dropped when cleaning`);

  const hasProducts = table.schema.products;
  const skipped: { stage: string; why: string }[] = [];
  const noProducts = 'the log has customers, dates and amounts only (no StockCode column): recommenders and product rankings need products';
  // the evaluation (the longest stage) starts now in a worker thread and overlaps the stages below
  const cutoff = options.cutoff ?? defaultCutoff(table);
  const pending = hasProducts ? evaluateInWorker(table, models, cutoff, options.plugins ?? []) : Promise.resolve({ evaluation: { cutoff, protocol: null, rows: [], fitSeconds: {}, note: noProducts } as Evaluation, seconds: 0, worker: false });
  pending.catch(() => undefined); // handled where it is awaited
  if (!hasProducts) for (const stage of ['top products', 'recommend', 'evaluate']) skipped.push({ stage, why: noProducts });
  const eda = await progress.stage('explore', () => explore(table, hasProducts), () => table.length);
  const returns = hasProducts ? returnsSummary(loaded.table, { limit: 10 }) : null;
  const rfm = await progress.stage('rfm', () => rfmTable(table, { alsoSpend: options.feesInSpend ? nonProduct : null }), () => table.length, (r) => `${r.length.toLocaleString('en-GB')} customers`);
  if (rfm.length < k + 1) throw new AnalyzeError('NO_USABLE_ROWS', `only ${rfm.length} customers after cleaning; k = ${k} needs at least ${k + 1}`);
  const distinct = distinctRfmPoints(rfm);
  if (distinct < k) throw new AnalyzeError('TOO_FEW_DISTINCT_CUSTOMERS', `the ${rfm.length.toLocaleString('en-GB')} customers have only ${distinct} distinct (recency, frequency, monetary) value${distinct === 1 ? '' : 's'}: ${k} segments cannot be told apart${distinct >= 2 ? `; use --k ${distinct} or fewer` : ''}`, { parameter: '--k', value: k, allowed: distinct >= 2 ? `2 to ${distinct}` : 'a log whose customers differ in recency, frequency or spend' });
  const seg = await progress.stage('segment', () => segmentCustomers(rfm, k, seed, options.clusterer ?? 'kmeans'), () => rfm.length, (s) => `${s.model.clusterer}, k = ${k}, chooseK says ${s.choice.chosen}`);
  const served = await progress.stage('recommend', () => {
    if (!hasProducts) return { matrices: null, models: {} as Record<string, Recommender> };
    const m = matricesOf(table);
    // plugin kinds asked for with --models are served as well as evaluated
    return { matrices: m, models: fitServed(m, models.filter((name) => !(MODEL_NAMES as readonly string[]).includes(name))) };
  }, () => table.length);
  const charts = buildCharts(eda, rfm, seg, served.matrices?.binary ?? null);
  const svgs = await progress.stage('charts', async () => {
    const out: Record<string, string> = {};
    for (const [name, spec] of Object.entries(charts)) out[name] = await renderSvg(spec);
    return out;
  });
  progress.begin('evaluate');
  const { evaluation, seconds: evalSeconds, worker } = await pending;
  progress.end(undefined, `${evaluation.protocol ? `${evaluation.protocol.evaluated.toLocaleString('en-GB')} customers, cutoff ${cutoff}` : evaluation.note}${worker ? `; ${evalSeconds.toFixed(2)} s in a worker thread, overlapping the stages since cleaning` : ''}`, worker ? evalSeconds : undefined);
  if (evaluation.rows.length) {
    charts.evaluation = evaluationChart(evaluation.rows);
    svgs.evaluation = await renderSvg(charts.evaluation);
  }

  const { first: from, last: to } = dateExtent(table)!; // the table has rows (checked after cleaning)
  const rejectedBy: Record<string, number> = {};
  for (const [code, n] of Object.entries(loaded.summary.rejectedBy)) if (n > 0) rejectedBy[`parse: ${code}`] = n;
  for (const d of report.dropped) if (d.rows > 0) rejectedBy[d.rule] = d.rows;
  const timings: Record<string, number> = {};
  const summary: AnalysisSummary = {
    version: 1,
    source: describeSource(source),
    preset,
    rows: { loaded: loaded.summary.rowsRead, kept: table.length, rejected: loaded.summary.rowsRead - table.length, rejectedBy },
    customers: rfm.length,
    products: hasProducts ? report.after.products : 0,
    invoices: report.after.invoices,
    revenue: report.revenueKept,
    period: { from: formatWallClock(from), to: formatWallClock(to) },
    loading: {
      dateFormat: loaded.summary.dateFormat,
      dateFormatReason: loaded.summary.dateFormatReason,
      encoding: loaded.summary.encoding,
      delimiter: loaded.summary.delimiter,
      decimalSeparator: options.parsing?.decimalSeparator ?? '.',
      lines: loaded.summary.lines,
      warnings: loaded.summary.warnings.map((w) => w.message),
      schema: loaded.summary.schema,
    },
    cancellations:
      report.cancellations && returns
        ? {
            lines: report.cancellations.lines,
            matchedLines: report.cancellations.matchedLines,
            partlyMatchedLines: report.cancellations.partlyMatchedLines,
            unmatchedLines: report.cancellations.unmatchedLines,
            revenueNetted: report.cancellations.revenueNetted,
            cancelledShare: returns.cancelledShare,
            topProducts: returns.topProducts.slice(0, 5).map((p) => ({ stockCode: p.stockCode, description: p.description, revenue: p.revenue })),
          }
        : null,
    skipped,
    pareto: { topCustomerShare: eda.paretoCustomers.topRevenueShare, topProductShare: eda.paretoProducts?.topRevenueShare ?? null },
    segments: seg.model.names.map((name, c) => {
      const [recency, frequency, monetary] = seg.model.centroids[c]!;
      return { name, size: seg.model.sizes[c]!, centroid: { recency: recency!, frequency: frequency!, monetary: monetary! }, reason: seg.model.reasons[c]! };
    }),
    rfmSegments: seg.business,
    chooseK: seg.choice,
    clusterer: seg.model.clusterer,
    agglomerative: { linkage: 'ward', comparedWith: seg.agglomerative.comparedWith, customers: seg.agglomerative.customers, agreement: seg.agglomerative.agreement },
    servedModels: Object.keys(served.models),
    evaluation: evaluation.rows,
    evaluationProtocol: { cutoff, evaluated: evaluation.protocol?.evaluated ?? null, ...(evaluation.note ? { note: evaluation.note } : {}) },
    timings,
    peakMemoryMiB: 0,
    artifacts: [],
  };
  const analysis: Analysis = { summary, load: loaded.summary, firstIssues: loaded.issues.slice(0, 20), cleaning: report, monthly: eda.monthly, countries: eda.countries, top50: eda.top50, evaluation, charts, svgs };

  let written: ManifestEntry[] = [];
  if (options.out !== undefined) {
    const out = options.out;
    written = await progress.stage('write', () => writeArtifacts(out, analysis, table, rfm, seg, served.models, eda), undefined, (files) => `${files.length + 2} files in ${out}`);
  }
  for (const t of progress.timings) timings[t.stage] = Math.round(t.seconds * 1000) / 1000;
  timings.total = Math.round(progress.elapsed() * 1000) / 1000;
  (summary as { peakMemoryMiB: number }).peakMemoryMiB = Math.round(process.resourceUsage().maxRSS / 1024);
  if (options.out !== undefined) {
    // the report, the summary and analysis.json with the final timings, then the manifest of every file, last
    const last = [
      ['report.html', Buffer.from(renderReportHtml(analysis))],
      ['summary.md', Buffer.from(renderSummaryMd(analysis))],
      ['analysis.json', Buffer.from(`${JSON.stringify(summary, null, 1)}\n`)],
    ] as const;
    for (const [name, bytes] of last) writeFileSync(join(options.out, name), bytes);
    writeManifest({ dir: options.out, files: [...written, ...last.map(([name, bytes]) => manifestEntry(name, bytes))] });
  }
  return analysis;
}

/**
 * The evaluation in a worker thread when the machine has more than one core (the table's columns
 * are copied to it, about 44 bytes a row); on the main thread otherwise, or if the worker fails.
 */
async function evaluateInWorker(table: TransactionTable, models: readonly ModelName[], cutoff: string, plugins: readonly string[]): Promise<{ evaluation: Evaluation; seconds: number; worker: boolean }> {
  const inline = () => {
    const t = performance.now();
    return { evaluation: evaluateModels(table, models, cutoff), seconds: (performance.now() - t) / 1000, worker: false };
  };
  if (availableParallelism() < 2 || process.env.SHOPPER_SPECTRUM_NO_WORKER === '1') return inline();
  const file = new URL(import.meta.url.endsWith('.ts') ? './evaluateWorker.boot.mjs' : './evaluateWorker.js', import.meta.url);
  let worker: Worker;
  try {
    worker = new Worker(file, { workerData: { columns: table.columns, dictionaries: table.dictionaries, models, cutoff, plugins } });
  } catch {
    return inline(); // no worker here: the same code on this thread
  }
  type Reply = { evaluation: Evaluation; seconds: number } | { error: { coded: boolean; name?: string; message: string; code?: string; parameter?: string; allowed?: string; value?: string | null } };
  const reply = await new Promise<Reply | null>((ok) => {
    worker.once('message', (m: Reply) => ok(m));
    worker.once('error', () => ok(null)); // the worker itself failed (not the evaluation): run it here
    worker.once('exit', (code) => code !== 0 && ok(null));
  });
  void worker.terminate();
  if (reply === null) return inline();
  if ('error' in reply) {
    // the evaluation failed: the same error, thrown here, once (not run again)
    const e = reply.error;
    if (e.coded && e.code) throw new ShopperSpectrumError(e.code, e.message, { ...(e.parameter ? { parameter: e.parameter } : {}), ...(e.allowed ? { allowed: e.allowed } : {}), ...(e.value != null ? { value: e.value } : {}) });
    throw new Error(`${e.name ?? 'Error'}: ${e.message}`);
  }
  return { ...reply, worker: true };
}

interface Eda {
  readonly monthly: TrendPoint[];
  readonly weekly: TrendPoint[];
  readonly daily: TrendPoint[];
  readonly countries: CountryRow[];
  /** Empty for a log without products. */
  readonly top50: ProductSummaryRow[];
  readonly topByQuantity: ProductSummaryRow[];
  readonly paretoCustomers: ReturnType<typeof paretoCurve>;
  /** `null` for a log without products. */
  readonly paretoProducts: ReturnType<typeof paretoCurve> | null;
  readonly distributions: ReturnType<typeof customerDistributions>;
}

function explore(table: TransactionTable, hasProducts: boolean): Eda {
  return {
    monthly: salesTrend(table, { interval: 'month' }),
    weekly: salesTrend(table, { interval: 'week' }),
    daily: salesTrend(table, { interval: 'day' }),
    countries: revenueByCountry(table),
    top50: hasProducts ? topProducts(table, { by: 'revenue', limit: 50 }) : [],
    topByQuantity: hasProducts ? topProducts(table, { by: 'quantity', limit: 50 }) : [],
    paretoCustomers: paretoCurve(table, { by: 'customer' }),
    paretoProducts: hasProducts ? paretoCurve(table, { by: 'product' }) : null,
    distributions: customerDistributions(table),
  };
}

/** At most this many customers in the scatter (a seeded, evenly spread subset). */
const SCATTER_LIMIT = 3000;

/** The scatter points: every customer up to the limit, else every (n / limit)-th. */
export function scatterPoints(rfm: RfmTable, labels: ArrayLike<number>, names: readonly string[], limit = SCATTER_LIMIT): ScatterPoint[] {
  const step = Math.max(1, rfm.length / limit);
  const out: ScatterPoint[] = [];
  for (let f = 0; f < rfm.length; f += step) {
    const i = Math.floor(f);
    out.push({ recency: rfm.recency[i]!, frequency: rfm.frequency[i]!, monetary: Math.round(rfm.monetary[i]! * 100) / 100, segment: names[labels[i]!]! });
  }
  return out;
}

/** Cosine similarity between the given products over the binary customer x product matrix. */
export function itemCosines(matrix: InteractionMatrix, items: readonly number[]): number[][] {
  const sets = items.map((j) => new Set(matrix.itemCustomers.subarray(matrix.itemIndptr[j]!, matrix.itemIndptr[j + 1]!)));
  return sets.map((a) =>
    sets.map((b) => {
      let common = 0;
      const [small, big] = a.size < b.size ? [a, b] : [b, a];
      for (const c of small) if (big.has(c)) common++;
      return a.size && b.size ? common / Math.sqrt(a.size * b.size) : 0;
    }),
  );
}

function buildCharts(eda: Eda, rfm: RfmTable, seg: ReturnType<typeof segmentCustomers>, binary: InteractionMatrix | null): Record<string, ChartSpec> {
  const dist = (values: ArrayLike<number>, scale: 'linear' | 'log') => histogram(Float64Array.from(values as ArrayLike<number>, (v) => (scale === 'log' ? Math.max(v, 1) : v)), { bins: 30, scale });
  const charts: Record<string, ChartSpec> = {
    'sales-trend': salesTrendChart(eda.monthly),
    ...(eda.top50.length ? { 'top-products': topProductsChart(eda.top50.slice(0, 15)) } : {}),
    ...(eda.countries.length ? { countries: countriesChart(eda.countries) } : {}),
    pareto: paretoChart(eda.paretoCustomers.entityShare, eda.paretoCustomers.revenueShare, eda.paretoCustomers.topRevenueShare),
    'rfm-distributions': rfmDistributionChart({ recency: dist(rfm.recency, 'linear'), frequency: dist(rfm.frequency, 'log'), monetary: dist(rfm.monetary, 'log') }),
    'choose-k': chooseKChart(seg.choice.ks, seg.choice.inertia, seg.choice.silhouette, seg.choice.chosen, seg.choice.elbow),
    'cluster-scatter': clusterScatterChart(scatterPoints(rfm, seg.labels, seg.model.names), seg.model.names, undefined, rfm.length),
    dendrogram: dendrogramChart(seg.dendrogram.links, seg.dendrogram.leaves, `Ward dendrogram (last 29 merges of ${seg.agglomerative.customers.toLocaleString('en-GB')} customers; leaf labels are cluster sizes)`),
  };
  if (binary) {
    const top = eda.top50.slice(0, 20).filter((p) => binary.itemIndex.has(p.stockCode));
    charts['similarity-heatmap'] = similarityHeatmapChart(
      top.map((p) => `${p.stockCode} ${(p.description ?? '').slice(0, 22)}`),
      itemCosines(binary, top.map((p) => binary.itemIndex.get(p.stockCode)!)),
    );
  }
  return charts;
}

export { toCsv } from './csv.js';

function writeArtifacts(
  out: string,
  a: Analysis,
  table: TransactionTable,
  rfm: RfmTable,
  seg: ReturnType<typeof segmentCustomers>,
  served: Record<string, Recommender>,
  eda: Eda,
): ManifestEntry[] {
  // a run that stops half-way leaves no manifest, so serve refuses the set instead of mixing two runs
  rmSync(join(out, MANIFEST_FILE), { force: true });
  const files: string[] = [];
  const entries: ManifestEntry[] = [];
  const put = (name: string, data: string | Uint8Array) => {
    const path = join(out, name);
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, bytes);
    files.push(name);
    entries.push(manifestEntry(name, bytes));
  };
  const json = (v: unknown) => `${JSON.stringify(v, null, 1)}\n`;
  put('cleaning-report.json', json({ load: a.load, firstIssues: a.firstIssues, cleaning: a.cleaning }));
  if (eda.top50.length) {
    put('eda/top-products.csv', toCsv(eda.top50));
    put('eda/top-products-by-quantity.csv', toCsv(eda.topByQuantity));
  }
  put('eda/sales-monthly.csv', toCsv(eda.monthly));
  put('eda/sales-weekly.csv', toCsv(eda.weekly));
  put('eda/sales-daily.csv', toCsv(eda.daily));
  if (eda.countries.length) put('eda/countries.csv', toCsv(eda.countries));
  put(
    'eda/pareto.json',
    json({
      customers: { count: eda.paretoCustomers.count, topFraction: eda.paretoCustomers.topFraction, topRevenueShare: eda.paretoCustomers.topRevenueShare },
      products: eda.paretoProducts && { count: eda.paretoProducts.count, topFraction: eda.paretoProducts.topFraction, topRevenueShare: eda.paretoProducts.topRevenueShare },
    }),
  );
  put('eda/distributions.json', json({ ordersPerCustomer: histogram(eda.distributions.orders, { bins: 20 }), spendPerCustomer: histogram(eda.distributions.spend, { bins: 20, scale: 'log' }) }));
  const rfmRows = Array.from({ length: rfm.length }, (_, i) => ({
    CustomerID: rfm.customerIds[i],
    Recency: rfm.recency[i],
    Frequency: rfm.frequency[i],
    Monetary: Math.round(rfm.monetary[i]! * 100) / 100,
    R: seg.scores.r[i],
    F: seg.scores.f[i],
    M: seg.scores.m[i],
    RFMScore: `${seg.scores.r[i]}${seg.scores.f[i]}${seg.scores.m[i]}`,
    RFMSegment: seg.businessLabels[i],
    Cluster: seg.labels[i],
    ClusterSegment: seg.model.names[seg.labels[i]!],
  }));
  put('rfm.csv', toCsv(rfmRows));
  put('segments/rfm-segments.json', json({ asOf: formatWallClock(rfm.asOf), business: seg.business, rfGrid: seg.rfGrid }));
  put('models/segment-model.json', json(seg.model satisfies SegmentModel));
  put('models/choose-k.json', json(seg.choice));
  put('models/agglomerative.json', json({ ...seg.agglomerative, dendrogram: seg.dendrogram }));
  for (const [name, model] of Object.entries(served)) put(`models/${name}.ssrm`, serializeRecommenderBinary(model));
  put('models/transactions.sstb', encodeTable(table));
  put('evaluation.json', json({ protocol: a.evaluation.protocol, cutoff: a.evaluation.cutoff, note: a.evaluation.note ?? null, fitSeconds: a.evaluation.fitSeconds, rows: a.evaluation.rows }));
  if (a.evaluation.rows.length) put('evaluation.csv', toCsv(a.evaluation.rows, ['recommender', 'policy', 'k', 'precision', 'recall', 'map', 'ndcg', 'hitRate', 'users']));
  for (const [name, svg] of Object.entries(a.svgs)) put(`charts/${name}.svg`, svg);
  for (const [name, spec] of Object.entries(a.charts)) put(`charts/${name}.vl.json`, json(spec));
  // what analysis.json lists: every file the manifest lists (these, the report, analysis.json) and the manifest
  (a.summary.artifacts as string[]).push(...files, 'report.html', 'summary.md', 'analysis.json', MANIFEST_FILE);
  return entries; // report.html and summary.md are written last, with the final timings
}

/** How many customers differ in (recency, frequency, monetary): clusters need at least k of them. */
export function distinctRfmPoints(rfm: RfmTable): number {
  const seen = new Set<string>();
  for (let i = 0; i < rfm.length; i++) seen.add(`${rfm.recency[i]},${rfm.frequency[i]},${rfm.monetary[i]}`);
  return seen.size;
}
