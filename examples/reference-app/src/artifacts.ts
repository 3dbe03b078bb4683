/**
 * Loads what `analyze` wrote into the in-memory state `serve` answers from: the cleaned table (for
 * filtered sales and top products), the served recommenders, the segment model, the RFM table and
 * the chart specs. Reads only fixed file names inside the artifacts directory, once, at start-up.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TransactionTable } from '@shopper-spectrum/core';
import { loadRecommender } from '@shopper-spectrum/recommend';
import type { Recommender } from '@shopper-spectrum/recommend';
import type { AnalysisSummary } from './analyze.js';
import type { ChartSpec } from './charts.js';
import { SERVED_MODELS } from './recommenders.js';
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
  /** Row indices of each customer code, for the purchase history. */
  readonly rowsByCustomer: (customerCode: number) => Int32Array;
  readonly customerCode: ReadonlyMap<string, number>;
  readonly descriptions: ReadonlyMap<string, string | null>;
}

/** The chart specs `analyze` saves and `serve` hands out as they are. */
export const STATIC_CHARTS = ['pareto', 'rfm-distributions', 'choose-k', 'cluster-scatter', 'dendrogram', 'similarity-heatmap', 'evaluation', 'countries'] as const;

function need(dir: string, name: string): string {
  const path = join(dir, name);
  if (!existsSync(path)) throw new Error(`${name} is missing from ${dir}: run analyze --out ${dir} again`);
  return path;
}

/** Reads an artifacts directory. O(rows) for the customer index. */
export function loadArtifacts(dir: string): LoadedArtifacts {
  const summary = JSON.parse(readFileSync(need(dir, 'analysis.json'), 'utf8')) as AnalysisSummary;
  const table = decodeTable(readFileSync(need(dir, 'models/transactions.sstb')));
  const models = new Map<string, Recommender>();
  for (const name of SERVED_MODELS) models.set(name, loadRecommender(new Uint8Array(readFileSync(need(dir, `models/${name}.ssrm`)))));
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
  // customer -> rows, as one counting sort
  const customers = table.dictionaries.customer;
  const { customer } = table.columns;
  const start = new Int32Array(customers.length + 1);
  for (let i = 0; i < table.length; i++) if (customer[i]! >= 0) start[customer[i]! + 1]!++;
  for (let c = 0; c < customers.length; c++) start[c + 1]! += start[c]!;
  const order = new Int32Array(start[customers.length]!);
  const fill = start.slice(0, customers.length);
  for (let i = 0; i < table.length; i++) if (customer[i]! >= 0) order[fill[customer[i]!]!++] = i;
  const customerCode = new Map<string, number>();
  for (let c = 0; c < customers.length; c++) if (start[c + 1]! > start[c]!) customerCode.set(customers[c]!, c);
  const itemModel = models.get('item-cosine')!;
  const descriptions = new Map<string, string | null>(itemModel.matrix.items.map((s, j) => [s, itemModel.matrix.descriptions[j]!]));
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
    rowsByCustomer: (c) => order.subarray(start[c]!, start[c + 1]!),
    customerCode,
    descriptions,
  };
}
