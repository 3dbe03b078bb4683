/**
 * `analyze`: the whole workflow on one log. Load, clean, explore, RFM, choose k, k-means and
 * agglomerative, segment names, fit the served recommenders, evaluate them all on the temporal
 * split, draw the charts, and write every artifact plus `report.html` and `summary.md`.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  cleanTransactions,
  cohortRetention,
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
import type { CleaningPreset, CleaningReport, CohortRow, CountryRow, LoadIssue, LoadResult, LoadSummary, ProductSummaryRow, TransactionSchema, TransactionTable, TrendPoint } from '@shopper-spectrum/core';
import { rfmTable } from '@shopper-spectrum/rfm';
import type { RfmTable, SegmentSummaryRow } from '@shopper-spectrum/rfm';
import { serializeRecommenderBinary } from '@shopper-spectrum/recommend';
import type { InteractionMatrix, Recommender } from '@shopper-spectrum/recommend';
import {
  chooseKChart,
  clusterPairsChart,
  clusterScatterChart,
  cohortHeatmapChart,
  countriesChart,
  currencyOf,
  dailySalesChart,
  dendrogramChart,
  evaluationChart,
  moneyFormatter,
  monthName,
  paretoChart,
  renderSvg,
  REPORT_WIDTH,
  rfmDistributionChart,
  salesTrendChart,
  similarityHeatmapChart,
  topProductsChart,
  clvCalibrationChart,
  clvDistributionChart,
} from './charts.js';
import type { ChartSpec, Currency, ScatterPoint } from './charts.js';
import { Progress } from './progress.js';
import { DEFAULT_MODELS, defaultCutoff, evaluateModels, fitServed, matricesOf, MODEL_NAMES } from './recommenders.js';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Evaluation, ModelName } from './recommenders.js';
import { agreementWords, kStory, loadClusterer, segmentCustomers } from './segmentation.js';
import type { ChooseKReport, ClustererName, Crosstab, KStory, SegmentModel } from './segmentation.js';
import { encodeTable } from './tableFile.js';
import { renderReportHtml, renderSummaryMd } from './report.js';
import { AnalyzeError } from './errors.js';
import { toCsv } from './csv.js';
import { clvBySegment, clvRows, customerValue } from './customerValue.js';
import { applyAtRiskRule } from './atRisk.js';
import type { AtRiskSummary } from './atRisk.js';
import { AT_RISK_DEFAULT, parseAtRiskRule } from './atRiskRule.js';
import type { AtRiskRule } from './atRiskRule.js';
import type { CustomerValue, CustomerValueSummary } from './customerValue.js';
import { MANIFEST_FILE, manifestEntry, writeManifest } from './manifest.js';
import { describeSpec, enginePlacement, loadDataSpec, placement, readEngineSource } from './dataSource.js';
import type { DataSpec, EngineRead, StagePlacement } from './dataSource.js';
import type { ManifestEntry } from './manifest.js';

export { AnalyzeError };

/** Where the data comes from: a file, a parsed `--data` value (Parquet, an engine: see dataSource.ts), or the embedded synthetic generator. */
export type DataSource = { readonly file: string } | { readonly spec: DataSpec } | { readonly seed: number; readonly customers: number };

/** What `analyze` is asked to do. */
export interface AnalyzeOptions {
  readonly source: DataSource;
  readonly preset: CleaningPreset;
  /** How to read the file (`--columns`, `--delimiter`, `--date-format`, `--encoding`, `--sheet`, `--date-range`). */
  readonly parsing?: LoadTransactionsOptions;
  /** Count the non-product lines the trusted preset sets aside (postage, fees) in customers' spend. */
  readonly feesInSpend?: boolean;
  readonly k: number;
  /** Whether `--k` was given (the k sentence says "as asked" or "the default"). Default: true. */
  readonly kAsked?: boolean;
  /** The ISO 4217 code of every money figure (`--currency`). Default: `GBP`. */
  readonly currency?: string;
  /** Temporal split date (YYYY-MM-DD); default: see `defaultCutoff`. */
  readonly cutoff?: string;
  readonly seed: number;
  readonly models?: readonly ModelName[];
  /** `--plugin` modules (already registered in this process; the evaluation worker loads them too). */
  readonly plugins?: readonly string[];
  /** The clustering algorithm that makes the segments (`--clusterer`). */
  readonly clusterer?: ClustererName;
  /**
   * How At-Risk is decided (`--at-risk`): `rfm` (recency score 1-2, the default) or `p-alive<t`
   * (the BG/NBD's P(alive) below t), as the flag's text or as a rule.
   */
  readonly atRisk?: string | AtRiskRule;
  /** Output directory; nothing is written when undefined. */
  readonly out?: string;
  /**
   * A DuckDB or PostgreSQL source: milliseconds after which the engine stops a statement
   * (`--query-timeout`, error `QUERY_TIMEOUT`); 0 for none. Default: 0.
   */
  readonly queryTimeoutMs?: number;
}

/** The `analyze --json` document (and `analysis.json` in the output directory). */
export interface AnalysisSummary {
  readonly version: 1;
  readonly source: string;
  /** Which stages ran in a database engine and which in this process (`--data` from DuckDB or PostgreSQL pushes work down). */
  readonly stages: StagePlacement;
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
  /**
   * BG/NBD + Gamma-Gamma on the repeat-purchase summary (days): parameters, convergence, the 12-month
   * CLV in total and per customer, and mean and total CLV per RFM segment (`bySegment`); `{ model: null,
   * reason }` when the models could not be fitted (analyze goes on without them).
   */
  readonly customerValue: CustomerValueSummary;
  /** The At-Risk rule applied (`--at-risk`), what it changed against the RFM rule, or why it fell back to it. */
  readonly atRisk: AtRiskSummary;
  readonly chooseK: ChooseKReport;
  /** The k used and the indices' suggestion, in the one sentence the CLI, summary.md, report.html and the dashboard print. */
  readonly k: KStory;
  /** The currency of every money figure (`--currency`). */
  readonly currency: Currency;
  /** Which segmentation carries the names and why, the RFM segment x cluster table, and how far the clusterings agree. */
  readonly segmentation: {
    readonly drivesNames: 'rfm';
    readonly why: string;
    readonly crosstab: Crosstab;
    /** Ward against k-means at the same k (the ARI of `agglomerative.agreement`), in words. */
    readonly agreement: { readonly ari: number; readonly comparedWith: 'ward' | 'kmeans'; readonly text: string };
    /** The RFM segments against the clusters, on every customer, in words. */
    readonly rfmAgreement: { readonly ari: number; readonly text: string };
  };
  /** The last calendar month of the log, and whether the data ends before it does. */
  readonly lastPeriod: { readonly month: string; readonly days: number; readonly daysInMonth: number; readonly partial: boolean };
  /** What a recommendation score is, per served model (the scores of different models are not comparable). */
  readonly scoreMeanings: Readonly<Record<string, string>>;
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
  /** Monthly cohort retention (core `cohortRetention`). */
  readonly cohorts: readonly CohortRow[];
  /** Each served model's top 5 for one customer, raw score and scaled to 0-1 (score / the list's top score). */
  readonly scoreExamples: ScoreExamples | null;
  readonly charts: Readonly<Record<string, ChartSpec>>;
  readonly svgs: Readonly<Record<string, string>>;
  /** Each product's cancellations over the whole log as loaded (empty for a log without products). */
  readonly cancelledProducts: readonly ProductCancellations[];
  /** The customer-value models and predictions (`clv.csv`, `models/clv.json`). */
  readonly customerValue: CustomerValue;
}

/** A product's cancellations over the whole log as loaded (`eda/cancellations-by-product.csv`). */
export interface ProductCancellations {
  readonly stockCode: string;
  /** Units on cancellation lines (positive). */
  readonly cancelledQuantity: number;
  /** Revenue the cancellation lines take back (positive), rounded to cents. */
  readonly cancelledRevenue: number;
  /** Cancellation lines. */
  readonly cancellationLines: number;
  /** Revenue of its sales lines (positive quantities, not cancellations), rounded to cents. */
  readonly salesRevenue: number;
  /** cancelledRevenue / salesRevenue (0 without sales), to 6 decimals. */
  readonly share: number;
}

/**
 * Each product's cancellations in a table as loaded (cancellation invoices start with `C`), with its
 * sales revenue, as returnsSummary counts them for the whole log; products with none are left out.
 */
export function cancellationsByProduct(table: TransactionTable): ProductCancellations[] {
  const { stockCode, quantity, unitPrice, invoice } = table.columns;
  const isCancel = Uint8Array.from(table.dictionaries.invoice, (v) => (v.startsWith('C') ? 1 : 0));
  const n = table.dictionaries.stockCode.length;
  const qty = new Float64Array(n);
  const cancelled = new Float64Array(n);
  const lines = new Int32Array(n);
  const sales = new Float64Array(n);
  for (let i = 0; i < table.length; i++) {
    const s = stockCode[i]!;
    const q = quantity[i]!;
    if (isCancel[invoice[i]!]) {
      qty[s] = qty[s]! + Math.abs(q);
      cancelled[s] = cancelled[s]! + Math.abs(q * unitPrice[i]!);
      lines[s] = lines[s]! + 1;
    } else if (q > 0) sales[s] = sales[s]! + q * unitPrice[i]!;
  }
  const cents = (x: number) => Math.round(x * 100) / 100;
  const out: ProductCancellations[] = [];
  for (let s = 0; s < n; s++) {
    if (lines[s] === 0) continue;
    out.push({ stockCode: table.dictionaries.stockCode[s]!, cancelledQuantity: qty[s]!, cancelledRevenue: cents(cancelled[s]!), cancellationLines: lines[s]!, salesRevenue: cents(sales[s]!), share: sales[s]! > 0 ? Math.round((cancelled[s]! / sales[s]!) * 1e6) / 1e6 : 0 });
  }
  return out.sort((a, b) => b.cancelledRevenue - a.cancelledRevenue || (a.stockCode < b.stockCode ? -1 : 1));
}

/** The `atRisk` option as a rule, checked as strictly as `--at-risk`. */
function resolveAtRiskRule(given: AnalyzeOptions['atRisk']): AtRiskRule {
  if (given === undefined) return AT_RISK_DEFAULT;
  const parsed = typeof given === 'string' ? parseAtRiskRule(given) : given.rule === 'rfm' ? given : given.rule === 'p-alive' && given.threshold > 0 && given.threshold < 1 ? given : parseAtRiskRule(`p-alive<${String((given as { threshold?: unknown }).threshold)}`);
  if ('message' in parsed) throw new AnalyzeError('INVALID_ARGUMENT', parsed.message, { parameter: '--at-risk', value: parsed.value, allowed: parsed.allowed });
  return parsed;
}

/** The stages of `analyze`, in order (the progress bar counts them). */
export const ANALYZE_STAGES = ['load', 'clean', 'explore', 'rfm', 'segment', 'recommend', 'charts', 'evaluate', 'write'] as const;

/** What runs in this process after a DuckDB or PostgreSQL source did the read, the cleaning and the RFM table (`RFM` here only when it could not). */
const IN_PROCESS_AFTER_ENGINE = ['explore', 'cancellation figures', 'RFM', 'RFM scores', 'segments', 'clusters', 'recommenders', 'evaluation', 'CLV', 'charts', 'write'] as const;

/** The stages a log without products skips. */
const PRODUCT_STAGES: ReadonlySet<string> = new Set(['cancellation figures', 'recommenders', 'evaluation']);

function describeSource(source: DataSource): string {
  if ('spec' in source) return describeSpec(source.spec);
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
  const evaluationWorkers = new Set<Worker>();
  try {
    return await analyzeWith(options, progress, evaluationWorkers);
  } finally {
    // a stage that failed while the evaluation ran: stop its workers (the process would wait for them)
    for (const w of evaluationWorkers) void w.terminate();
  }
}

async function analyzeWith(options: AnalyzeOptions, progress: Progress, evaluationWorkers: Set<Worker>): Promise<Analysis> {
  const { source, preset, k, seed } = options;
  const currency = currencyOf(options.currency ?? 'GBP');
  if (currency === null) throw new AnalyzeError('INVALID_ARGUMENT', `--currency must be an ISO 4217 code such as GBP, EUR or USD, got ${JSON.stringify(options.currency)}`, { parameter: '--currency', value: options.currency, allowed: 'an ISO 4217 currency code' });
  const money = moneyFormatter(currency);
  const atRiskRule = resolveAtRiskRule(options.atRisk);
  const models = [...new Set(options.models ?? DEFAULT_MODELS)]; // each model once
  // a DuckDB or PostgreSQL source: read, cleaning, its report and the RFM table run in the engine (dataSource.ts)
  const spec = 'spec' in source ? source.spec : null;
  let pushed: EngineRead | null = null;
  const loaded = await progress.stage(
    'load',
    async () => {
      if (spec !== null && (spec.kind === 'duckdb' || spec.kind === 'postgres')) {
        const parsingColumns = options.parsing?.columns;
        pushed = await readEngineSource(spec, { preset, feesInSpend: options.feesInSpend ?? false, statementTimeoutMs: options.queryTimeoutMs ?? 0, ...(parsingColumns === undefined ? {} : { columns: parsingColumns }) });
        return pushed.loaded;
      }
      return 'file' in source ? loadTransactions(source.file, options.parsing ?? {}) : 'spec' in source ? loadDataSpec(source.spec, options.parsing ?? {}) : parseTransactionsCsv(generateTransactions({ seed: source.seed, customers: source.customers }));
    },
    (r) => r.summary.rowsRead,
    () => (pushed ? `in ${pushed.engine}: ${pushed.engineStages.join(', ')}` : undefined),
  );
  const engineRead = pushed as EngineRead | null;
  const { table, report, nonProduct } = await progress.stage('clean', () => engineRead?.cleaned ?? cleanTransactions(loaded.table, { preset }), () => loaded.table.length, (r) => `${r.report.rowsKept.toLocaleString('en-GB')} kept${engineRead ? ` (cleaned in ${engineRead.engine})` : ''}`);
  if (table.length === 0) throw new AnalyzeError('NO_USABLE_ROWS', `no usable rows: ${loaded.summary.rowsRead} read, ${loaded.summary.rowsRejected} rejected when parsing${whyRejected(loaded)}, ${report.rowsDropped} dropped when cleaning`);

  const hasProducts = table.schema.products;
  const skipped: { stage: string; why: string }[] = [];
  const noProducts = 'the log has customers, dates and amounts only (no StockCode column): recommenders and product rankings need products';
  // the evaluation (the longest stage) starts now in a worker thread and overlaps the stages below
  const cutoff = options.cutoff ?? defaultCutoff(table);
  const pending = hasProducts ? evaluateInWorker(table, models, cutoff, options.plugins ?? [], evaluationWorkers) : Promise.resolve({ evaluation: { cutoff, protocol: null, rows: [], fitSeconds: {}, note: noProducts } as Evaluation, seconds: 0, worker: false });
  pending.catch(() => undefined); // handled where it is awaited
  if (!hasProducts) for (const stage of ['top products', 'recommend', 'evaluate']) skipped.push({ stage, why: noProducts });
  const eda = await progress.stage('explore', () => explore(table, hasProducts), () => table.length);
  const returns = hasProducts ? returnsSummary(loaded.table, { limit: 10 }) : null;
  const rfm = await progress.stage('rfm', () => engineRead?.rfm ?? rfmTable(table, { alsoSpend: options.feesInSpend ? nonProduct : null }), () => table.length, (r) => `${r.length.toLocaleString('en-GB')} customers${engineRead?.rfm ? ` (computed in ${engineRead.engine})` : ''}`);
  if (rfm.length < k + 1) throw new AnalyzeError('NO_USABLE_ROWS', `only ${rfm.length} customers after cleaning; k = ${k} needs at least ${k + 1}`);
  const distinct = distinctRfmPoints(rfm);
  if (distinct < k) throw new AnalyzeError('TOO_FEW_DISTINCT_CUSTOMERS', `the ${rfm.length.toLocaleString('en-GB')} customers have only ${distinct} distinct (recency, frequency, monetary) value${distinct === 1 ? '' : 's'}: ${k} segments cannot be told apart${distinct >= 2 ? `; use --k ${distinct} or fewer` : ''}`, { parameter: '--k', value: k, allowed: distinct >= 2 ? `2 to ${distinct}` : 'a log whose customers differ in recency, frequency or spend' });
  let story: KStory | undefined;
  await loadClusterer(options.clusterer ?? 'kmeans');
  const segRfm = await progress.stage(
    'segment',
    () => {
      const made = segmentCustomers(rfm, k, seed, options.clusterer ?? 'kmeans', money);
      story = kStory(made.choice, k, options.kAsked ?? true, rfm.length);
      return made;
    },
    () => rfm.length,
    (s) => `${s.model.clusterer}; ${story!.text}`,
  );
  const kText = story!;
  const fittedValue = customerValue(table, { customerIds: rfm.customerIds, segments: segRfm.businessLabels });
  // the At-Risk rule: with p-alive<t, the labels (and every table made from them) follow P(alive)
  const fv = fittedValue.fitted;
  const atRisk = applyAtRiskRule({
    rfm,
    segmentation: segRfm,
    rule: atRiskRule,
    alive: fv ? { probabilityAlive: fv.probabilityAlive, inFit: Uint8Array.from(fv.repeat.T, (t) => (t > 0 ? 1 : 0)), frequency: fv.repeat.frequency } : null,
    notFitted: fittedValue.summary.model === null ? `the customer-value models were not fitted (${fittedValue.summary.reason})` : 'the customer-value models were not fitted',
  });
  const seg = atRisk.segmentation;
  const value: CustomerValue = fv && fittedValue.summary.model !== null && seg !== segRfm ? { ...fittedValue, summary: { ...fittedValue.summary, bySegment: clvBySegment({ clv: fv.clv, segments: seg.businessLabels }) } } : fittedValue;
  const served = await progress.stage('recommend', () => {
    if (!hasProducts) return { matrices: null, models: {} as Record<string, Recommender> };
    const m = matricesOf(table);
    // plugin kinds asked for with --models are served as well as evaluated
    return { matrices: m, models: fitServed(m, models.filter((name) => !(MODEL_NAMES as readonly string[]).includes(name))) };
  }, () => table.length);
  const { first: from, last: to } = dateExtent(table)!; // the table has rows (checked after cleaning)
  const lastPeriod = lastPeriodOf(to);
  const cohorts = cohortRetention(table);
  const charts = buildCharts(eda, rfm, seg, served.matrices?.binary ?? null, { currency, lastPeriod, cohorts, kText, value });
  const scoreExamples = exampleScores(served.models, rfm, served.matrices?.binary ?? null);
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

  const rejectedBy: Record<string, number> = {};
  for (const [code, n] of Object.entries(loaded.summary.rejectedBy)) if (n > 0) rejectedBy[`parse: ${code}`] = n;
  for (const d of report.dropped) if (d.rows > 0) rejectedBy[d.rule] = d.rows;
  const timings: Record<string, number> = {};
  const summary: AnalysisSummary = {
    version: 1,
    source: describeSource(source),
    stages: engineRead ? enginePlacement(engineRead, IN_PROCESS_AFTER_ENGINE.filter((st) => (st !== 'RFM' || engineRead.rfm === null) && (hasProducts || !PRODUCT_STAGES.has(st)))) : placement(spec ?? ('file' in source ? { kind: 'file', path: source.file } : null), ANALYZE_STAGES),
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
    customerValue: value.summary,
    atRisk: atRisk.summary,
    chooseK: seg.choice,
    k: kText,
    currency,
    segmentation: {
      drivesNames: 'rfm',
      why: 'The RFM segments carry the business names (High-Value, At-Risk, ...): they are declared rules on quintile scores that an analyst can read and change, and they mean the same from run to run; the clusters are the data\'s own grouping, named only by where their centres lie (recent or lapsed, frequent or one-off, high or low spend).',
      crosstab: seg.crosstab,
      agreement: {
        ari: seg.agglomerative.agreement,
        comparedWith: seg.agglomerative.comparedWith as 'ward' | 'kmeans',
        text: `${seg.agglomerative.comparedWith === 'ward' ? "Ward's agglomerative clustering" : 'k-means'} at the same k makes ${agreementWords(seg.agglomerative.agreement)} as ${seg.model.clusterer} (adjusted Rand index ${seg.agglomerative.agreement.toFixed(2)}, where 1 is the same groups and 0 no more alike than chance${seg.agglomerative.customers < rfm.length ? `, on ${seg.agglomerative.customers.toLocaleString('en-GB')} customers` : ''})${seg.agglomerative.agreement < 0.65 ? ': where a cluster ends depends on the algorithm, so read the clusters as a rough map and the RFM segments for names' : ''}.`,
      },
      rfmAgreement: {
        ari: seg.rfmAgreement,
        text: `The RFM segments and the clusters make ${agreementWords(seg.rfmAgreement)} (adjusted Rand index ${seg.rfmAgreement.toFixed(2)}); the table shows where each cluster's customers sit among the RFM segments.`,
      },
    },
    lastPeriod,
    scoreMeanings: Object.fromEntries(Object.keys(served.models).map((kind) => [kind, scoreMeaning(kind)])),
    clusterer: seg.model.clusterer,
    agglomerative: { linkage: 'ward', comparedWith: seg.agglomerative.comparedWith, customers: seg.agglomerative.customers, agreement: seg.agglomerative.agreement },
    servedModels: Object.keys(served.models),
    evaluation: evaluation.rows,
    evaluationProtocol: { cutoff, evaluated: evaluation.protocol?.evaluated ?? null, ...(evaluation.note ? { note: evaluation.note } : {}) },
    timings,
    peakMemoryMiB: 0,
    artifacts: [],
  };
  const analysis: Analysis = { summary, load: loaded.summary, firstIssues: loaded.issues.slice(0, 20), cleaning: report, monthly: eda.monthly, countries: eda.countries, top50: eda.top50, evaluation, cohorts, scoreExamples, charts, svgs, cancelledProducts: hasProducts ? cancellationsByProduct(loaded.table) : [], customerValue: value };

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

/** The models that fit longest (EASE's inverse, the learned ranker on EASE): evaluated in a worker of their own. */
const HEAVY_MODELS: ReadonlySet<string> = new Set(['ease', 'learned-ranker']);

/**
 * The evaluation in worker threads when the machine has more than one core: the heavy models
 * (EASE and the learned ranker, which share EASE's weights in one thread) in one worker, the others
 * in a second, so both cores stay busy once the main thread's stages are done (the table's columns
 * are copied to each, about 44 bytes a row); on the main thread otherwise, or if a worker fails.
 * The rows come back in the order of `models`.
 */
async function evaluateInWorker(table: TransactionTable, models: readonly ModelName[], cutoff: string, plugins: readonly string[], workers: Set<Worker>): Promise<{ evaluation: Evaluation; seconds: number; worker: boolean }> {
  const t0 = performance.now();
  const heavy = models.filter((m) => HEAVY_MODELS.has(m));
  const light = models.filter((m) => !HEAVY_MODELS.has(m));
  const threads = availableParallelism() >= 2 && process.env.SHOPPER_SPECTRUM_NO_WORKER !== '1';
  const groups = threads && heavy.length > 0 && light.length > 0 ? [heavy, light] : [models];
  let parts: Awaited<ReturnType<typeof evaluateGroup>>[];
  try {
    parts = await Promise.all(groups.map((group) => evaluateGroup(table, group, cutoff, plugins, workers)));
  } finally {
    // one group failed (or all are done): stop the others, so the process does not wait for them
    for (const w of workers) void w.terminate();
    workers.clear();
  }
  const seconds = (performance.now() - t0) / 1000;
  if (parts.length === 1) return parts[0]!;
  const [a, b] = parts as [(typeof parts)[0], (typeof parts)[0]];
  const rows = models.flatMap((m) => (heavy.includes(m) ? a : b).evaluation.rows.filter((r) => r.recommender === m));
  const evaluation: Evaluation = { ...a.evaluation, rows, fitSeconds: { ...a.evaluation.fitSeconds, ...b.evaluation.fitSeconds } };
  return { evaluation, seconds, worker: a.worker || b.worker };
}

/** One group of models evaluated in a worker thread (or here, when there is no worker). */
async function evaluateGroup(table: TransactionTable, models: readonly ModelName[], cutoff: string, plugins: readonly string[], workers: Set<Worker>): Promise<{ evaluation: Evaluation; seconds: number; worker: boolean }> {
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
  workers.add(worker);
  type Reply = { evaluation: Evaluation; seconds: number } | { error: { coded: boolean; name?: string; message: string; code?: string; parameter?: string; allowed?: string; value?: string | null } };
  const reply = await new Promise<Reply | null>((ok) => {
    worker.once('message', (m: Reply) => ok(m));
    worker.once('error', () => ok(null)); // the worker itself failed (not the evaluation): run it here
    worker.once('exit', (code) => code !== 0 && ok(null));
  });
  workers.delete(worker);
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

/** The last calendar month of the log: its days covered (up to the last date) and whether the data stops before the month ends. */
export function lastPeriodOf(last: number): AnalysisSummary['lastPeriod'] {
  const d = new Date(last);
  const daysInMonth = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  const days = d.getUTCDate();
  return { month: formatWallClock(last).slice(0, 7), days, daysInMonth, partial: days < daysInMonth };
}

/** What one served model's score is, in one sentence (the scores of different models are not on one scale). */
export function scoreMeaning(kind: string): string {
  const meanings: Record<string, string> = {
    'item-knn': "the sum of the product's cosine similarities to the customer's products (higher: more like what they bought)",
    'user-knn': 'the sum of the similarities of the 50 most similar customers who bought the product',
    'repeat-purchase': 'how many times (invoices) the customer bought the product',
    'tifu-knn': "half the product's share of the customer's own invoices plus half its mean share among the 100 most similar customers (0 to 1)",
    popularity: 'the number of distinct customers who bought the product',
  };
  return meanings[kind] ?? `the ${kind} model's own score (higher ranks first; not comparable with other models)`;
}

/** Each served model's top 5 for one customer, raw and scaled. */
export interface ScoreExamples {
  readonly customerId: string;
  readonly models: readonly { readonly model: string; readonly meaning: string; readonly rows: readonly { readonly item: string; readonly description: string | null; readonly score: number; readonly scaled: number }[] }[];
}

/** The example customer: the first (by id) with the median order count of the customers with at least 3 orders. */
function exampleScores(models: Record<string, Recommender>, rfm: RfmTable, binary: InteractionMatrix | null): ScoreExamples | null {
  if (!binary || Object.keys(models).length === 0) return null;
  const ids = Array.from({ length: rfm.length }, (_, i) => i).filter((i) => rfm.frequency[i]! >= 3 && binary.customerIndex.has(rfm.customerIds[i]!));
  if (ids.length === 0) return null;
  const freqs = ids.map((i) => rfm.frequency[i]!).sort((a, b) => a - b);
  const median = freqs[Math.floor(freqs.length / 2)]!;
  const customerId = ids.filter((i) => rfm.frequency[i] === median).map((i) => rfm.customerIds[i]!).sort()[0]!;
  return {
    customerId,
    models: Object.entries(models).map(([model, r]) => {
      const recs = r.recommend(customerId, 5, { seen: model === 'repeat-purchase' || model === 'tifu-knn' ? 'allow' : 'exclude' });
      const top = Math.max(...recs.map((x) => x.score), 0);
      return { model, meaning: scoreMeaning(model), rows: recs.map((x) => ({ item: x.item, description: binary.descriptions[binary.itemIndex.get(x.item) ?? -1] ?? null, score: x.score, scaled: top > 0 ? x.score / top : 0 })) };
    }),
  };
}

/** `clv-distribution` (when the models were fitted) and `clv-calibration` (when the check ran). */
function customerValueCharts(value: CustomerValue, currency: Currency, width: number): Record<string, ChartSpec> {
  const v = value.fitted;
  const s = value.summary;
  if (!v || !s.model) return {};
  const charts: Record<string, ChartSpec> = { 'clv-distribution': clvDistributionChart(v.clv, s.meanClv, { currency, width, horizonMonths: s.horizonMonths }) };
  const c = s.calibration;
  if (v.calibrationBins && !('skipped' in c)) {
    charts['clv-calibration'] = clvCalibrationChart(v.calibrationBins, { width, subtitle: `BG/NBD refitted on the ${c.customers.toLocaleString('en-GB')} customers first seen before ${c.calibrationEnd}, on their purchases to that day; holdout ${c.holdoutDays} days to ${c.holdoutEnd}; per customer ${c.actualPerCustomer.toFixed(3)} actual, ${c.expectedPerCustomer.toFixed(3)} expected` });
  }
  return charts;
}

function buildCharts(eda: Eda, rfm: RfmTable, seg: ReturnType<typeof segmentCustomers>, binary: InteractionMatrix | null, o: { currency: Currency; lastPeriod: AnalysisSummary['lastPeriod']; cohorts: readonly CohortRow[]; kText: KStory; value: CustomerValue }): Record<string, ChartSpec> {
  const dist = (values: ArrayLike<number>, scale: 'linear' | 'log') => histogram(Float64Array.from(values as ArrayLike<number>, (v) => (scale === 'log' ? Math.max(v, 1) : v)), { bins: 30, scale });
  const { currency, lastPeriod } = o;
  const partialLabel = `${monthName(lastPeriod.month)} has ${lastPeriod.days} of its ${lastPeriod.daysInMonth} days`;
  const partial = lastPeriod.partial ? { period: `${lastPeriod.month}-01`, label: partialLabel } : null;
  const plot = REPORT_WIDTH - 140; // the plot area of a one-panel chart, axes and titles beside it
  const charts: Record<string, ChartSpec> = {
    'sales-trend': salesTrendChart(eda.monthly, 'Revenue by month', { currency, partial, width: plot }),
    'sales-daily': dailySalesChart(eda.daily, { currency, width: plot }),
    ...(eda.top50.length ? { 'top-products': topProductsChart(eda.top50.slice(0, 15), 'Top products by revenue', 'revenue', currency) } : {}),
    ...(eda.countries.length ? { countries: countriesChart(eda.countries, { currency }) } : {}),
    pareto: paretoChart(eda.paretoCustomers.entityShare, eda.paretoCustomers.revenueShare, eda.paretoCustomers.topRevenueShare),
    'rfm-distributions': rfmDistributionChart({ recency: dist(rfm.recency, 'linear'), frequency: dist(rfm.frequency, 'log'), monetary: dist(rfm.monetary, 'log') }, { currency }),
    'choose-k': chooseKChart(seg.choice.ks, seg.choice.inertia, seg.choice.silhouette, seg.choice.chosen, seg.choice.elbow, o.kText.k, o.kText.text),
    'cluster-scatter': clusterScatterChart(scatterPoints(rfm, seg.labels, seg.model.names), seg.model.names, undefined, rfm.length),
    'cluster-pairs': clusterPairsChart(scatterPoints(rfm, seg.labels, seg.model.names), seg.model.names, rfm.length, { currency }),
    dendrogram: dendrogramChart(seg.dendrogram.links, seg.dendrogram.leaves, 'Ward dendrogram, the last 29 merges', { subtitle: `of ${seg.agglomerative.customers.toLocaleString('en-GB')} customers; a leaf's label is the size of the cluster below it`, width: plot }),
    ...(o.cohorts.length ? { 'cohort-retention': cohortHeatmapChart(o.cohorts, { partialMonth: lastPeriod.partial ? lastPeriod.month : null, partialLabel }) } : {}),
    ...customerValueCharts(o.value, currency, plot),
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
  if (a.cancelledProducts.length) put('eda/cancellations-by-product.csv', toCsv(a.cancelledProducts));
  if (a.cohorts.length) put('eda/cohorts.csv', toCsv(a.cohorts.map((c) => ({ cohort: c.cohort, customers: c.customers, ...Object.fromEntries(c.retention.map((r, j) => [`month${j}`, Math.round(r * 10000) / 10000])) }))));
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
  if (a.customerValue.fitted) {
    const v = a.customerValue.fitted;
    put('clv.csv', toCsv(clvRows(v)));
    put('models/clv.json', json({ unit: 'days', horizonMonths: a.summary.customerValue.model ? a.summary.customerValue.horizonMonths : null, monthlyDiscountRate: a.summary.customerValue.model ? a.summary.customerValue.discount : null, asOf: formatWallClock(v.repeat.asOf), bgNbd: v.bgNbd.toJSON(), gammaGamma: v.gammaGamma.toJSON() }));
  }
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
