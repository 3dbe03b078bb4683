/**
 * Loads what `analyze` wrote into the in-memory state `serve` answers from: the cleaned table (for
 * filtered sales and top products), the served recommenders, the segment model, the RFM table and
 * the chart specs. Reads only fixed file names inside the artifacts directory, once, at start-up.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatWallClock } from '@shopper-spectrum/core';
import type { TransactionTable } from '@shopper-spectrum/core';
import { loadRecommender } from '@shopper-spectrum/recommend';
import type { Recommender } from '@shopper-spectrum/recommend';
import type { AnalysisSummary } from './analyze.js';
import type { ChartSpec } from './charts.js';
import { SERVED_MODELS } from './recommenders.js';
import { AnalyzeError } from './errors.js';
import { isShopperSpectrumError } from '@shopper-spectrum/core';
import { segmentPredictor } from './segmentation.js';
import type { SegmentModel, SegmentPrediction } from './segmentation.js';
import { decodeTable } from './tableFile.js';

/** One customer's RFM row, as in `rfm.csv`. */
export interface CustomerRfm {
  readonly recency: number;
  readonly frequency: number;
  readonly monetary: number;
  readonly score: string;
  readonly rfmSegment: string;
  readonly cluster: string;
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
  readonly charts: ReadonlyMap<string, ChartSpec>;
  readonly rfmSegments: unknown;
  /** Customer id -> customer code in the table. */
  readonly customerCode: ReadonlyMap<string, number>;
  readonly descriptions: ReadonlyMap<string, string | null>;
  /** The purchase history of a customer code, at most `limit` products. */
  readonly history: (customerCode: number, limit: number) => HistoryRow[];
}

/** The chart specs `analyze` saves and `serve` hands out as they are. */
export const STATIC_CHARTS = ['pareto', 'rfm-distributions', 'choose-k', 'cluster-scatter', 'dendrogram', 'similarity-heatmap', 'evaluation', 'countries'] as const;

function need(dir: string, name: string): string {
  const path = join(dir, name);
  if (!existsSync(path)) throw new AnalyzeError('MISSING_ARTIFACT', `${name} is missing from ${dir}: run analyze --out ${dir} again`, { parameter: name, value: dir, allowed: 'the files analyze writes' });
  return path;
}

/** Reads an artifacts directory. O(rows) for the customer index. */
export function loadArtifacts(dir: string): LoadedArtifacts {
  const summary = JSON.parse(readFileSync(need(dir, 'analysis.json'), 'utf8')) as AnalysisSummary;
  const table = decodeTable(readFileSync(need(dir, 'models/transactions.sstb')));
  const models = new Map<string, Recommender>();
  for (const name of summary.servedModels ?? SERVED_MODELS) {
    const file = `models/${name}.ssrm`;
    try {
      // the file must hold the kind its name says: a swapped file is refused, not served
      models.set(name, loadRecommender(new Uint8Array(readFileSync(need(dir, file))), { kind: name }));
    } catch (error) {
      if (isShopperSpectrumError(error) && error.code === 'UNKNOWN_KIND') {
        throw new AnalyzeError('UNKNOWN_KIND', `${file} holds a '${name}' model, a kind registered by a plugin: start serve with the same --plugin as analyze.`, { parameter: '--plugin', value: name, allowed: 'the plugin module that defines it', cause: error });
      }
      if (!isShopperSpectrumError(error)) throw new AnalyzeError('INVALID_PLUGIN', `${file}: the '${name}' definition's restore failed: ${(error as Error)?.message ?? String(error)}`, { parameter: '--plugin', value: name, allowed: 'a definition whose restore returns a Recommender', cause: error });
      if (isShopperSpectrumError(error)) throw new AnalyzeError('INVALID_ARTIFACTS', `${file}: ${error.message}`, { parameter: file, value: error.value, allowed: error.allowed ?? 'the file analyze wrote', cause: error });
      throw error;
    }
  }
  const segmentModel = JSON.parse(readFileSync(need(dir, 'models/segment-model.json'), 'utf8')) as SegmentModel;
  const rfm = new Map<string, CustomerRfm>();
  const lines = readFileSync(need(dir, 'rfm.csv'), 'utf8').split('\n');
  const head = lines[0]!.split(',');
  const col = (name: string) => head.indexOf(name);
  const [ci, ri, fi, mi, si, gi, ki] = ['CustomerID', 'Recency', 'Frequency', 'Monetary', 'RFMScore', 'RFMSegment', 'ClusterSegment'].map(col);
  for (const line of lines.slice(1)) {
    if (!line) continue;
    const c = line.split(',');
    rfm.set(c[ci!]!, { recency: Number(c[ri!]), frequency: Number(c[fi!]), monetary: Number(c[mi!]), score: c[si!]!, rfmSegment: c[gi!]!, cluster: c[ki!]! });
  }
  const charts = new Map<string, ChartSpec>();
  for (const name of STATIC_CHARTS) {
    const path = join(dir, 'charts', `${name}.vl.json`);
    if (existsSync(path)) charts.set(name, JSON.parse(readFileSync(path, 'utf8')) as ChartSpec);
  }
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
    predict: segmentPredictor(segmentModel),
    rfm,
    charts,
    rfmSegments: JSON.parse(readFileSync(need(dir, 'segments/rfm-segments.json'), 'utf8')),
    customerCode: byCustomer.customerCode,
    descriptions,
    history: historyReader(table, byCustomer, descriptions),
  };
}

interface CustomerRows {
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
