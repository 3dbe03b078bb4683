/**
 * Loads what `analyze` wrote into the in-memory state `serve` answers from: the cleaned table (for
 * filtered sales and top products), the served recommenders, the segment model, the RFM table and
 * the chart specs. The whole set is first verified against `manifest.json` (sizes, SHA-256, no
 * symbolic link: `verifyArtifacts`); then only listed files are read, from the very bytes that were
 * checked, once, at start-up, and each is checked for the shape serve relies on.
 */
import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import { CsvReader, fieldText, formatWallClock, isShopperSpectrumError } from '@shopper-spectrum/core';
import type { TransactionTable } from '@shopper-spectrum/core';
import { loadRecommender } from '@shopper-spectrum/recommend';
import type { Recommender } from '@shopper-spectrum/recommend';
import type { AnalysisSummary } from './analyze.js';
import { GBP } from './charts.js';
import type { ChartSpec, Currency } from './charts.js';
import { csvUnescape } from './csv.js';
import { AnalyzeError } from './errors.js';
import { MANIFEST_FILE, verifyArtifacts } from './manifest.js';
import type { ArtifactVerification, VerifiedArtifactSet } from './manifest.js';
import { kStory, segmentPredictor } from './segmentation.js';
import type { KStory, SegmentModel, SegmentPrediction } from './segmentation.js';
import { decodeTable } from './tableFile.js';

/** One customer's RFM row, as in `rfm.csv`. */
export interface CustomerRfm {
  readonly recency: number;
  readonly frequency: number;
  readonly monetary: number;
  readonly score: string;
  readonly rfmSegment: string;
  readonly cluster: string;
  /** The customer's value from `clv.csv` (BG/NBD + Gamma-Gamma, 12 months); absent for a set without it. */
  readonly value?: CustomerClv;
}

/** One customer's row of `clv.csv`: the customer-value predictions of `analyze`. */
export interface CustomerClv {
  /** Discounted spend expected over the next 12 months (1% a month). */
  readonly clv12m: number;
  /** The probability the customer has not lapsed for good, 0 to 1. */
  readonly pAlive: number;
  /** Repeat purchase days expected in the next 12 months. */
  readonly expectedPurchases12m: number;
}

/** One customer's quintile scores (1 to 5), from `rfm.csv`'s R, F and M columns, else from the digits of its RFMScore. */
export interface CustomerScores {
  readonly r: number | null;
  readonly f: number | null;
  readonly m: number | null;
}

/**
 * The fields of `analysis.json` that artifact sets written before issue 16 lack, read when present
 * and otherwise given a default, so that an older set keeps serving.
 */
export interface SummaryExtras {
  /** `summary.currency`; default GBP (£), the currency of Online Retail. */
  readonly currency: Currency;
  /** `summary.k`; default the sentence made from `chooseK` and the number of segments (as `analyze` makes it, for a default k). */
  readonly k: KStory;
  /** `summary.segmentation`, or null when the set predates it. */
  readonly segmentation: AnalysisSummary['segmentation'] | null;
  /** `summary.lastPeriod`; default computed from the served table's last month. */
  readonly lastPeriod: AnalysisSummary['lastPeriod'];
  /** `summary.scoreMeanings`; default none. */
  readonly scoreMeanings: Readonly<Record<string, string>>;
}

/** Everything `serve` holds in memory. */
export interface LoadedArtifacts {
  readonly dir: string;
  readonly summary: AnalysisSummary;
  readonly table: TransactionTable;
  readonly models: ReadonlyMap<string, Recommender>;
  readonly segmentModel: SegmentModel;
  readonly predict: (recency: number, frequency: number, monetary: number) => SegmentPrediction;
  readonly rfm: ReadonlyMap<string, CustomerRfm>;
  /** `clv.csv` by CustomerID, when the manifest lists it; null for an older set or one whose models could not be fitted. */
  readonly clv: ReadonlyMap<string, CustomerClv> | null;
  readonly charts: ReadonlyMap<string, ChartSpec>;
  readonly rfmSegments: unknown;
  /** Customer id -> customer code in the table. */
  readonly customerCode: ReadonlyMap<string, number>;
  /** The table's rows grouped by customer code and, within a customer, by invoice (`order[start[c]..start[c + 1])`). */
  readonly customerRows: CustomerRows;
  /** The quintile scores of each customer in `rfm`, by CustomerID. */
  readonly scores: ReadonlyMap<string, CustomerScores>;
  /** `analysis.json`'s issue-16 fields, or their defaults for an older set. */
  readonly extras: SummaryExtras;
  /** Each product's cancellations over the whole log, by StockCode; null when the set has none listed. */
  readonly cancellations: ReadonlyMap<string, ProductCancellationFigures> | null;
  readonly descriptions: ReadonlyMap<string, string | null>;
  /** The purchase history of a customer code, at most `limit` products. */
  readonly history: (customerCode: number, limit: number) => HistoryRow[];
  /** The artifact set verified at start-up against its manifest (no path: safe to show). */
  readonly verified: ArtifactVerification;
}

/** The chart specs `analyze` saves and `serve` hands out as they are. */
export const STATIC_CHARTS = ['pareto', 'rfm-distributions', 'choose-k', 'cluster-scatter', 'dendrogram', 'similarity-heatmap', 'evaluation', 'countries', 'clv-distribution', 'clv-calibration'] as const;

/** The files serve parses (besides `models/<kind>.ssrm` and `charts/*.vl.json`). */
const CANCELLATIONS_FILE = 'eda/cancellations-by-product.csv';
const CLV_FILE = 'clv.csv';
const READ = new Set(['analysis.json', 'models/transactions.sstb', 'models/segment-model.json', 'rfm.csv', 'segments/rfm-segments.json', CANCELLATIONS_FILE, CLV_FILE]);
const kept = (path: string) => READ.has(path) || (path.startsWith('models/') && path.endsWith('.ssrm')) || (path.startsWith('charts/') && path.endsWith('.vl.json'));

/** The `analysis.json` fields serve answers from, with their JSON types. */
const SUMMARY_FIELDS: readonly (readonly [string, 'string' | 'number' | 'object' | 'array'])[] = [
  ['version', 'number'],
  ['source', 'string'],
  ['customers', 'number'],
  ['products', 'number'],
  ['period', 'object'],
  ['period.from', 'string'],
  ['period.to', 'string'],
  ['segments', 'array'],
  ['rfmSegments', 'array'],
  ['chooseK', 'object'],
  ['agglomerative', 'object'],
  ['servedModels', 'array'],
  ['evaluation', 'array'],
  ['evaluationProtocol', 'object'],
];

const typeOf = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);

/** The `analysis.json` fields serve reads when present (older sets lack them), with their JSON types. */
const OPTIONAL_SUMMARY_FIELDS: readonly (readonly [string, 'string' | 'number' | 'boolean' | 'object' | 'array'])[] = [
  ['currency', 'object'],
  ['currency.code', 'string'],
  ['currency.symbol', 'string'],
  ['k', 'object'],
  ['k.k', 'number'],
  ['k.suggested', 'number'],
  ['k.text', 'string'],
  ['segmentation', 'object'],
  ['segmentation.drivesNames', 'string'],
  ['segmentation.why', 'string'],
  ['segmentation.crosstab', 'object'],
  ['segmentation.crosstab.counts', 'array'],
  ['lastPeriod', 'object'],
  ['lastPeriod.month', 'string'],
  ['lastPeriod.days', 'number'],
  ['lastPeriod.daysInMonth', 'number'],
  ['lastPeriod.partial', 'boolean'],
  ['scoreMeanings', 'object'],
  ['customerValue', 'object'],
  ['atRisk', 'object'],
  ['atRisk.rule', 'string'],
  ['atRisk.text', 'string'],
];

const at = (doc: unknown, path: string): unknown => {
  let v: unknown = doc;
  for (const key of path.split('.')) v = typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>)[key] : undefined;
  return v;
};

/** The fields of `SUMMARY_FIELDS` that are missing or of another type, as `name (a type)`, and the optional ones of another type. */
function summaryProblems(doc: unknown): string[] {
  const problems: string[] = [];
  for (const [path, type] of OPTIONAL_SUMMARY_FIELDS) {
    const parent = path.includes('.') ? at(doc, path.slice(0, path.lastIndexOf('.'))) : doc;
    if (typeOf(parent) !== 'object') continue; // an absent optional field, or its parent already reported
    const v = at(doc, path);
    if (v !== undefined && typeOf(v) !== type) problems.push(`${path} (${type === 'array' || type === 'object' ? `an ${type}` : `a ${type}`}, not ${typeOf(v)})`);
    else if (v === undefined && path.includes('.')) problems.push(`${path} (${type === 'array' || type === 'object' ? `an ${type}` : `a ${type}`})`);
  }
  for (const [path, type] of SUMMARY_FIELDS) {
    const v = at(doc, path);
    if (typeOf(v) !== type) problems.push(`${path} (${type === 'array' || type === 'object' ? `an ${type}` : `a ${type}`}${v === undefined ? '' : `, not ${typeOf(v)}`})`);
  }
  const s = doc as Partial<AnalysisSummary> | null;
  if (s?.version !== undefined && s.version !== 1) problems.push(`version (1, not ${JSON.stringify(s.version)})`);
  if (Array.isArray(s?.servedModels) && s.servedModels.some((m) => typeof m !== 'string' || m.length === 0)) problems.push('servedModels (model kinds)');
  return problems;
}

/** The `models/segment-model.json` fields `segmentPredictor` and the API read, checked. */
function segmentModelProblems(doc: unknown): string[] {
  const m = (typeof doc === 'object' && doc !== null ? doc : {}) as Record<string, unknown>;
  const problems: string[] = [];
  const strings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');
  if (!Array.isArray(m.features) || m.features.join() !== 'recency,frequency,monetary') problems.push('features (recency, frequency, monetary)');
  if (typeof m.preparation !== 'string') problems.push('preparation (a string)');
  if (typeof m.transform !== 'object' || m.transform === null) problems.push('transform (an object)');
  if (typeof (m.clustering ?? m.kmeans) !== 'object' || (m.clustering ?? m.kmeans) === null) problems.push('clustering (an object)');
  if (!strings(m.names) || (m.names as string[]).length === 0) problems.push('names (segment names)');
  const k = Array.isArray(m.names) ? m.names.length : 0;
  if (!strings(m.reasons) || (m.reasons as string[]).length !== k) problems.push(`reasons (${k} strings, one per segment)`);
  if (!Array.isArray(m.centroids) || m.centroids.length !== k || !m.centroids.every((c) => Array.isArray(c) && c.length === 3 && c.every((x) => typeof x === 'number'))) problems.push(`centroids (${k} triples of numbers)`);
  if (!Array.isArray(m.sizes) || m.sizes.length !== k || !m.sizes.every((x) => typeof x === 'number')) problems.push(`sizes (${k} numbers)`);
  return problems;
}

/**
 * Reads an artifacts directory: verifies it against its manifest first (see `verifyArtifacts`),
 * then parses the verified bytes of the files serve needs, each checked for its shape. O(bytes) for
 * the hashes, O(rows) for the customer index.
 *
 * @throws AnalyzeError `MISSING_ARTIFACT` (exit 3) when the manifest or a file serve needs is
 *   missing; `INVALID_ARTIFACTS` (exit 4) when a file is changed, truncated, appended to, a link, not
 *   listed in the manifest, or not of the shape serve needs (a model file of another kind than its
 *   name included); `UNKNOWN_KIND` / `INVALID_PLUGIN` (exit 2) for a plugin's model file without
 *   the plugin. Every message names the file.
 *
 * @example
 * ```ts
 * const state = loadArtifacts('out');
 * [state.verified.generator.name, state.models.has('item-knn')];
 * // => ['shopper-spectrum', true]
 * ```
 */
export function loadArtifacts(dir: string): LoadedArtifacts {
  const set = verifyArtifacts({ dir, keep: kept });
  const again = `run analyze --out ${dir} again`;
  const invalid = (file: string, why: string, cause?: unknown) => new AnalyzeError('INVALID_ARTIFACTS', `${file} in ${dir} ${why}: ${again}`, { parameter: file, value: dir, allowed: 'the file analyze wrote', ...(cause === undefined ? {} : { cause }) });
  const bytes = (file: string) => need(set, dir, file, again);
  const json = (file: string): unknown => {
    try {
      return JSON.parse(bytes(file).toString('utf8'));
    } catch (error) {
      if (error instanceof AnalyzeError) throw error;
      throw invalid(file, `is not valid JSON (${(error as Error).message})`, error);
    }
  };

  const summaryDoc = json('analysis.json');
  const missing = summaryProblems(summaryDoc);
  if (missing.length) throw invalid('analysis.json', `lacks ${missing.join(', ')}, which serve needs`);
  const summary = summaryDoc as AnalysisSummary;

  let table: TransactionTable;
  try {
    table = decodeTable(bytes('models/transactions.sstb'));
  } catch (error) {
    if (error instanceof AnalyzeError) throw error;
    throw invalid('models/transactions.sstb', `cannot be decoded (${(error as Error).message})`, error);
  }

  const models = new Map<string, Recommender>();
  for (const name of summary.servedModels) {
    const file = `models/${name}.ssrm`;
    const data = bytes(file);
    try {
      // the file must hold the kind its name says: a swapped file is refused, not served
      models.set(name, loadRecommender(new Uint8Array(data.buffer, data.byteOffset, data.length), { kind: name }));
    } catch (error) {
      if (isShopperSpectrumError(error) && error.code === 'UNKNOWN_KIND') {
        throw new AnalyzeError('UNKNOWN_KIND', `${file} holds a '${name}' model, a kind registered by a plugin: start serve with the same --plugin as analyze.`, { parameter: '--plugin', value: name, allowed: 'the plugin module that defines it', cause: error });
      }
      if (!isShopperSpectrumError(error)) throw new AnalyzeError('INVALID_PLUGIN', `${file}: the '${name}' definition's restore failed: ${(error as Error)?.message ?? String(error)}`, { parameter: '--plugin', value: name, allowed: 'a definition whose restore returns a Recommender', cause: error });
      // a kind other than its name says (a swapped file, even with the manifest edited to match), or a damaged model
      throw new AnalyzeError('INVALID_ARTIFACTS', `${file} in ${dir} is not the '${name}' model analyze wrote (${error.message.replace(/\.$/, '')}): ${again}`, { parameter: file, value: error.value, allowed: error.allowed ?? 'the file analyze wrote', cause: error });
    }
  }

  const segmentDoc = json('models/segment-model.json');
  const segmentMissing = segmentModelProblems(segmentDoc);
  if (segmentMissing.length) throw invalid('models/segment-model.json', `lacks ${segmentMissing.join(', ')}`);
  const segmentModel = segmentDoc as SegmentModel;
  let predict: LoadedArtifacts['predict'];
  try {
    predict = segmentPredictor(segmentModel);
    const cluster = predict(1, 1, 1).cluster;
    if (!(cluster >= 0 && cluster < segmentModel.names.length)) throw new Error(`its clustering has more clusters than names (${segmentModel.names.length})`);
  } catch (error) {
    throw invalid('models/segment-model.json', `cannot predict a segment (${(error as Error)?.message ?? String(error)})`, error);
  }

  const scores = new Map<string, CustomerScores>();
  const rfm = readRfmCsv(bytes('rfm.csv').toString('utf8'), (why) => invalid('rfm.csv', why), scores);
  const clv = set.listed.has(CLV_FILE) ? readClvCsv(bytes(CLV_FILE).toString('utf8'), (why) => invalid(CLV_FILE, why)) : null;
  if (clv) for (const [id, value] of clv) {
    const row = rfm.get(id);
    if (row) rfm.set(id, { ...row, value });
  }

  const charts = new Map<string, ChartSpec>();
  for (const name of STATIC_CHARTS) {
    // only charts the manifest lists (a log without products has no similarity heatmap)
    const file = `charts/${name}.vl.json`;
    if (set.listed.has(file)) charts.set(name, json(file) as ChartSpec);
  }
  const rfmSegments = json('segments/rfm-segments.json');
  const cancellations = set.listed.has(CANCELLATIONS_FILE) ? readCancellationsCsv(bytes(CANCELLATIONS_FILE).toString('utf8'), (why) => invalid(CANCELLATIONS_FILE, why)) : null;

  const byCustomer = groupRowsByCustomer(table);
  // product descriptions from any served model's matrix (none for a log without products)
  const anyModel = models.get('item-knn') ?? [...models.values()][0];
  const descriptions = new Map<string, string | null>(anyModel ? anyModel.matrix.items.map((s, j) => [s, anyModel.matrix.descriptions[j]!]) : []);
  return {
    dir,
    summary,
    table,
    models,
    segmentModel,
    predict,
    rfm,
    clv,
    charts,
    rfmSegments,
    customerCode: byCustomer.customerCode,
    customerRows: byCustomer,
    scores,
    extras: summaryExtras(summary, table),
    cancellations,
    descriptions,
    history: historyReader(table, byCustomer, descriptions),
    verified: set.verification,
  };
}

/**
 * The verified bytes of a file serve needs. One the manifest does not list is never read: refused as
 * not part of the set when it is present (`INVALID_ARTIFACTS`), as missing when it is not.
 */
function need(set: VerifiedArtifactSet, dir: string, file: string, again: string): Buffer {
  const data = set.contents.get(file);
  if (data) return data;
  if (set.listed.has(file)) throw new Error(`${file} was verified but not kept (a bug)`);
  let present = true;
  try {
    lstatSync(join(dir, file));
  } catch {
    present = false;
  }
  if (present) throw new AnalyzeError('INVALID_ARTIFACTS', `${file}, which serve needs, is in ${dir} but not listed in ${MANIFEST_FILE}, so it cannot be verified (a file not listed is never read): ${again}`, { parameter: file, value: dir, allowed: `the files ${MANIFEST_FILE} lists` });
  throw new AnalyzeError('MISSING_ARTIFACT', `${file}, which serve needs, is missing from ${dir} (and ${MANIFEST_FILE} does not list it): ${again}`, { parameter: file, value: dir, allowed: 'the files analyze writes' });
}

/** The RFM columns serve reads. */
const RFM_COLUMNS = ['CustomerID', 'Recency', 'Frequency', 'Monetary', 'RFMScore', 'RFMSegment', 'ClusterSegment'] as const;

/**
 * The customers of an `rfm.csv` written by `analyze` (through `toCsv`), by CustomerID: fields read
 * as RFC 4180 (a CustomerID may hold commas, quotes and line breaks), text cells unescaped with
 * `csvUnescape` (so a CustomerID `=1+1` reads back as written), Recency, Frequency and Monetary
 * checked to be numbers. O(length).
 *
 * @param text - the file's text
 * @throws AnalyzeError `INVALID_ARTIFACTS` naming `rfm.csv` and the line: a missing column, a row
 *   of another width, a field that is not a number, a quote never closed
 *
 * @example
 * ```ts
 * const text = toCsv([{ CustomerID: '=1+1', Recency: 3, Frequency: 2, Monetary: -3.5, RFMScore: '545', RFMSegment: 'Loyal', ClusterSegment: 'Regular' }]);
 * parseRfmCsv(text).get('=1+1');
 * // => { recency: 3, frequency: 2, monetary: -3.5, score: '545', rfmSegment: 'Loyal', cluster: 'Regular' }
 * ```
 */
export function parseRfmCsv(text: string): Map<string, CustomerRfm> {
  return readRfmCsv(text, (why) => new AnalyzeError('INVALID_ARTIFACTS', `rfm.csv ${why}`, { parameter: 'rfm.csv', allowed: 'the file analyze wrote' }));
}

function readRfmCsv(text: string, invalid: (why: string) => AnalyzeError, scores?: Map<string, CustomerScores>): Map<string, CustomerRfm> {
  const rfm = new Map<string, CustomerRfm>();
  readArtifactCsv(text, RFM_COLUMNS, invalid, (get, line) => {
    const recency = Number(get('Recency'));
    const frequency = Number(get('Frequency'));
    const monetary = Number(get('Monetary'));
    if (![recency, frequency, monetary].every(Number.isFinite)) return `has a Recency, Frequency or Monetary that is not a number on line ${line}`;
    const id = get('CustomerID')!;
    const score = get('RFMScore')!;
    rfm.set(id, { recency, frequency, monetary, score, rfmSegment: get('RFMSegment')!, cluster: get('ClusterSegment')! });
    if (scores) {
      // the R, F and M columns (1 to 5), else the digits of a three-digit RFMScore
      const digit = (column: 'R' | 'F' | 'M', d: number) => {
        const v = Number(get(column) ?? (/^\d{3}$/.test(score) ? score[d] : NaN));
        return Number.isInteger(v) && v >= 1 && v <= 9 ? v : null;
      };
      scores.set(id, { r: digit('R', 0), f: digit('F', 1), m: digit('M', 2) });
    }
    return null;
  });
  return rfm;
}

/**
 * Reads a CSV file analyze wrote (cells escaped by csv.ts; a CR in a cell is data): checks the
 * header names every `required` column and every row has the header's width, then gives each row
 * to `row` as a cell getter by column name (undefined for a column the header lacks). `row` returns
 * null, or what is wrong with the row; the first problem (or an empty file, or a quote never
 * closed) is thrown as `invalid(problem)`. O(length).
 */
function readArtifactCsv(text: string, required: readonly string[], invalid: (why: string) => Error, row: (get: (column: string) => string | undefined, line: number) => string | null): void {
  let index: Map<string, number> | null = null;
  let width = 0;
  let problem: string | null = null;
  const reader = new CsvReader(
    (chunk, starts, ends, kinds, n, line) => {
      if (problem) return;
      const cell = (k: number) => csvUnescape(fieldText(chunk, starts[k]!, ends[k]!, kinds[k]!));
      if (!index) {
        index = new Map(Array.from({ length: n }, (_, k) => [cell(k), k] as const).reverse()); // the first of a repeated name
        width = n;
        const absent = required.filter((c) => !index!.has(c));
        if (absent.length) problem = `has no column ${absent.join(', ')} (line 1)`;
        return;
      }
      if (n !== width) {
        problem = `has ${n} fields on line ${line}, where the header has ${width}`;
        return;
      }
      const at = index;
      problem = row((column) => {
        const k = at.get(column);
        return k === undefined ? undefined : cell(k);
      }, line);
    },
    (line, reason) => {
      problem ??= `cannot be read as CSV on line ${line} (${reason})`;
    },
    { delimiter: ',', universalLineBreaks: false },
  );
  reader.push(text);
  reader.end();
  if (!index && !problem) problem = 'is empty';
  if (problem) throw invalid(problem);
}

/** A table's rows grouped by customer: those of customer code `c` are `order[start[c]]` to `order[start[c + 1] - 1]`, grouped by invoice. */
export interface CustomerRows {
  readonly start: Int32Array;
  readonly order: Int32Array;
  readonly customerCode: ReadonlyMap<string, number>;
}

/** Row indices grouped by customer and, within a customer, by invoice: two stable counting sorts, O(n). */
function groupRowsByCustomer(table: TransactionTable): CustomerRows {
  const { customer, invoice } = table.columns;
  const byInvoice = countingSort(invoice, table.dictionaries.invoice.length, null).order;
  const { start, order } = countingSort(customer, table.dictionaries.customer.length, byInvoice);
  const customerCode = new Map<string, number>();
  table.dictionaries.customer.forEach((id, c) => {
    if (start[c + 1]! > start[c]!) customerCode.set(id, c);
  });
  return { start, order, customerCode };
}

/** Stable counting sort of `input` (default 0..n-1) by `keys` (rows with key -1 are left out). */
function countingSort(keys: Int32Array, size: number, input: Int32Array | null): { start: Int32Array; order: Int32Array } {
  const start = new Int32Array(size + 1);
  for (const k of keys) if (k >= 0) start[k + 1]!++;
  for (let c = 0; c < size; c++) start[c + 1]! += start[c]!;
  const order = new Int32Array(start[size]!);
  const fill = start.slice(0, size);
  const n = input ? input.length : keys.length;
  for (let r = 0; r < n; r++) {
    const i = input ? input[r]! : r;
    const k = keys[i]!;
    if (k >= 0) order[fill[k]!++] = i;
  }
  return { start, order };
}

/** One product in a customer's purchase history. */
export interface HistoryRow {
  readonly stockCode: string;
  readonly description: string | null;
  readonly orders: number;
  readonly quantity: number;
  readonly revenue: number;
  readonly lastPurchase: string;
}

/**
 * A customer's products, most ordered first (distinct invoices), then by revenue and StockCode.
 * O(rows of the customer) with scratch arrays reused across calls.
 */
function historyReader(table: TransactionTable, rows: CustomerRows, descriptions: ReadonlyMap<string, string | null>): (code: number, limit: number) => HistoryRow[] {
  const { stockCode, invoice, quantity, unitPrice, invoiceDate } = table.columns;
  const items = table.dictionaries.stockCode.length;
  const lastInvoice = new Int32Array(items).fill(-1);
  const orders = new Int32Array(items);
  const qty = new Float64Array(items);
  const revenue = new Float64Array(items);
  const last = new Float64Array(items);
  return (code, limit) => {
    const touched: number[] = [];
    for (let r = rows.start[code]!; r < rows.start[code + 1]!; r++) {
      const i = rows.order[r]!;
      const j = stockCode[i]!;
      if (lastInvoice[j] === -1) {
        touched.push(j);
        orders[j] = 0;
        qty[j] = 0;
        revenue[j] = 0;
        last[j] = -Infinity;
      }
      if (lastInvoice[j] !== invoice[i]) {
        orders[j]!++; // rows are grouped by invoice within the customer, so this counts distinct invoices
        lastInvoice[j] = invoice[i]!;
      }
      qty[j]! += quantity[i]!;
      revenue[j]! += quantity[i]! * unitPrice[i]!;
      if (invoiceDate[i]! > last[j]!) last[j] = invoiceDate[i]!;
    }
    const codes = table.dictionaries.stockCode;
    touched.sort((a, b) => orders[b]! - orders[a]! || revenue[b]! - revenue[a]! || (codes[a]! < codes[b]! ? -1 : 1));
    const out = touched.slice(0, limit).map((j) => ({
      stockCode: codes[j]!,
      description: descriptions.get(codes[j]!) ?? null,
      orders: orders[j]!,
      quantity: qty[j]!,
      revenue: Math.round(revenue[j]! * 100) / 100,
      lastPurchase: formatWallClock(last[j]!).slice(0, 10),
    }));
    for (const j of touched) lastInvoice[j] = -1;
    return out;
  };
}

/**
 * `analysis.json`'s issue-16 fields, or the defaults an older artifact set is served with: GBP, the
 * k sentence made from its chooseK report, no segmentation story, the last month computed from the
 * table (wall-clock calendar), no score meanings. O(rows) for the last date.
 */
function summaryExtras(summary: AnalysisSummary, table: TransactionTable): SummaryExtras {
  const s = summary as Partial<AnalysisSummary> & AnalysisSummary;
  let lastPeriod = s.lastPeriod;
  if (lastPeriod === undefined) {
    let last = -Infinity;
    for (const t of table.columns.invoiceDate) if (t > last) last = t;
    const d = new Date(Number.isFinite(last) ? last : 0);
    const daysInMonth = new Date(new Date(0).setUTCFullYear(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
    lastPeriod = { month: formatWallClock(d.getTime()).slice(0, 7), days: d.getUTCDate(), daysInMonth, partial: d.getUTCDate() < daysInMonth };
  }
  return {
    currency: s.currency ?? GBP,
    k: s.k ?? kStory(s.chooseK, s.segments.length, false, s.customers),
    segmentation: s.segmentation ?? null,
    lastPeriod,
    scoreMeanings: s.scoreMeanings ?? {},
  };
}

/** A product's cancellations over the whole log, as `eda/cancellations-by-product.csv` holds them. */
export interface ProductCancellationFigures {
  readonly quantity: number;
  readonly revenue: number;
  readonly lines: number;
  /** Of its sales revenue. */
  readonly share: number;
}

/** Reads `eda/cancellations-by-product.csv` (as analyze writes it) into figures by StockCode. */
export function readCancellationsCsv(text: string, invalid: (why: string) => Error): Map<string, ProductCancellationFigures> {
  const out = new Map<string, ProductCancellationFigures>();
  readArtifactCsv(text, ['stockCode', 'cancelledQuantity', 'cancelledRevenue', 'cancellationLines', 'share'], invalid, (get, line) => {
    const figures = { quantity: Number(get('cancelledQuantity')), revenue: Number(get('cancelledRevenue')), lines: Number(get('cancellationLines')), share: Number(get('share')) };
    if (!Object.values(figures).every((v) => Number.isFinite(v) && v >= 0)) return `has a figure that is not a non-negative number on line ${line}`;
    out.set(get('stockCode')!, figures);
    return null;
  });
  return out;
}

/**
 * Reads `clv.csv` (as analyze writes it: CustomerID, ExpectedPurchases12m, PAlive, ExpectedSpend,
 * CLV12m) into each customer's value by CustomerID. O(length).
 *
 * @throws the error `invalid` makes: a missing column, a figure that is not a finite number, a
 *   P(alive) outside [0, 1], a row of another width, a quote never closed
 */
export function readClvCsv(text: string, invalid: (why: string) => Error): Map<string, CustomerClv> {
  const out = new Map<string, CustomerClv>();
  readArtifactCsv(text, ['CustomerID', 'ExpectedPurchases12m', 'PAlive', 'CLV12m'], invalid, (get, line) => {
    const value = { clv12m: Number(get('CLV12m')), pAlive: Number(get('PAlive')), expectedPurchases12m: Number(get('ExpectedPurchases12m')) };
    if (!Object.values(value).every((x) => Number.isFinite(x) && x >= 0) || value.pAlive > 1) return `has a CLV12m, PAlive or ExpectedPurchases12m that is not a non-negative number (PAlive at most 1) on line ${line}`;
    out.set(get('CustomerID')!, value);
    return null;
  });
  return out;
}
