/**
 * Every chart of the reference app as a Vega-Lite spec: one builder per chart, used both by the CLI
 * (rendered to SVG in Node by Vega's headless view) and by the dashboard (the API returns the same
 * spec and the page embeds it with vega-embed). Builders take plain data and return JSON.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Histogram, ProductSummaryRow, TrendPoint } from '@shopper-spectrum/core';

/** A Vega-Lite spec as plain JSON. */
export type ChartSpec = TopLevelSpec;

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const WIDTH = 560;

/** Segment colours, stable across every chart and page. */
export const SEGMENT_COLOURS: Readonly<Record<string, string>> = {
  'High-Value': '#1b9e77',
  Regular: '#7570b3',
  Occasional: '#e6ab02',
  'At-Risk': '#d95f02',
};

function segmentScale(names: readonly string[]) {
  const domain = [...names];
  return { domain, range: domain.map((n, i) => SEGMENT_COLOURS[n] ?? ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b'][i % 6]!) };
}

/** Revenue (area) and orders (line) per period. */
export function salesTrendChart(points: readonly TrendPoint[], title = 'Revenue by month'): ChartSpec {
  const values = points.map((p) => ({ period: p.period.slice(0, 10), revenue: Math.round(p.revenue * 100) / 100, orders: p.orders, customers: p.customers }));
  return {
    $schema: SCHEMA,
    title,
    width: WIDTH,
    height: 240,
    data: { values },
    encoding: { x: { field: 'period', type: 'temporal', title: null } },
    layer: [
      { mark: { type: 'area', color: '#4c78a8', opacity: 0.35, line: { color: '#4c78a8' } }, encoding: { y: { field: 'revenue', type: 'quantitative', title: 'Revenue', axis: { format: '~s' } }, tooltip: [{ field: 'period', type: 'temporal' }, { field: 'revenue', format: ',.0f' }, { field: 'orders' }, { field: 'customers' }] } },
      { mark: { type: 'line', color: '#f58518', point: true }, encoding: { y: { field: 'orders', type: 'quantitative', title: 'Orders', axis: { titleColor: '#f58518' } } } },
    ],
    resolve: { scale: { y: 'independent' } },
  } as ChartSpec;
}

/** Horizontal bars of one measure per label, biggest first. */
function barsChart(title: string, values: readonly Record<string, string | number>[], label: string, measure: string, colour: string, extra: readonly string[] = []): ChartSpec {
  return {
    $schema: SCHEMA,
    title,
    width: WIDTH - 200,
    height: { step: 16 },
    data: { values },
    mark: { type: 'bar', color: colour },
    encoding: {
      y: { field: label, type: 'nominal', sort: '-x', title: null },
      x: { field: measure, type: 'quantitative', title: measure[0]!.toUpperCase() + measure.slice(1), axis: { format: '~s' } },
      tooltip: [{ field: label }, { field: measure, format: ',.0f' }, ...extra.map((field) => ({ field }))],
    },
  } as ChartSpec;
}

/** The top products as horizontal bars of `by` (revenue, quantity, orders or customers). */
export function topProductsChart(rows: readonly ProductSummaryRow[], title = 'Top products by revenue', by: 'revenue' | 'quantity' | 'orders' | 'customers' = 'revenue'): ChartSpec {
  const values = rows.map((r) => ({ product: `${r.stockCode} ${(r.description ?? '').slice(0, 34)}`, revenue: Math.round(r.revenue), quantity: r.quantity, orders: r.orders, customers: r.customers }));
  return barsChart(title, values, 'product', by, '#54a24b', ['revenue', 'orders', 'customers'].filter((f) => f !== by));
}

/** Revenue by country (the top `limit`). */
export function countriesChart(rows: readonly { country: string | null; revenue: number }[], limit = 12): ChartSpec {
  const values = rows.slice(0, limit).map((r) => ({ country: r.country ?? '(unknown)', revenue: Math.round(r.revenue) }));
  return barsChart('Revenue by country', values, 'country', 'revenue', '#72b7b2');
}

/**
 * The Pareto (Lorenz-style) curve: the share of revenue from the top x% of customers, with the 80/20
 * reference lines. Thins the curve to at most `points` points.
 */
export function paretoChart(entityShare: ArrayLike<number>, revenueShare: ArrayLike<number>, topShare: number, points = 200): ChartSpec {
  const n = entityShare.length;
  const step = Math.max(1, Math.floor(n / points));
  const values: { customers: number; revenue: number }[] = [];
  for (let i = 0; i < n; i += step) values.push({ customers: entityShare[i]!, revenue: revenueShare[i]! });
  if (n > 0 && (n - 1) % step !== 0) values.push({ customers: entityShare[n - 1]!, revenue: revenueShare[n - 1]! });
  return {
    $schema: SCHEMA,
    title: `Pareto curve: the top 20% of customers bring ${(topShare * 100).toFixed(1)}% of revenue`,
    width: 360,
    height: 300,
    layer: [
      {
        data: { values },
        mark: { type: 'line', color: '#4c78a8' },
        encoding: {
          x: { field: 'customers', type: 'quantitative', title: 'Share of customers (biggest first)', axis: { format: '%' } },
          y: { field: 'revenue', type: 'quantitative', title: 'Share of revenue', axis: { format: '%' } },
        },
      },
      { data: { values: [{ x: 0.2 }] }, mark: { type: 'rule', strokeDash: [4, 4], color: '#888' }, encoding: { x: { field: 'x', type: 'quantitative' } } },
      { data: { values: [{ y: topShare }] }, mark: { type: 'rule', strokeDash: [4, 4], color: '#e45756' }, encoding: { y: { field: 'y', type: 'quantitative' } } },
    ],
  } as ChartSpec;
}

/** Three pre-binned histograms (recency, frequency, monetary) side by side. */
export function rfmDistributionChart(hists: Readonly<Record<'recency' | 'frequency' | 'monetary', Histogram>>): ChartSpec {
  const panel = (name: 'recency' | 'frequency' | 'monetary', title: string, log: boolean, colour: string) => ({
    title,
    width: 170,
    height: 160,
    data: { values: hists[name].bins.map((b) => ({ x0: b.x0, x1: b.x1, count: b.count })) },
    mark: { type: 'rect', color: colour, stroke: 'white', strokeWidth: 0.5 },
    encoding: {
      x: { field: 'x0', type: 'quantitative', title: null, scale: log ? { type: 'log' } : { zero: true }, axis: { format: '~s' } },
      x2: { field: 'x1' },
      y: { field: 'count', type: 'quantitative', title: 'Customers' },
      tooltip: [{ field: 'x0', format: ',.0f', title: 'from' }, { field: 'x1', format: ',.0f', title: 'to' }, { field: 'count' }],
    },
  });
  return {
    $schema: SCHEMA,
    title: 'RFM distributions',
    hconcat: [panel('recency', 'Recency (days)', false, '#4c78a8'), panel('frequency', 'Frequency (orders, log)', true, '#f58518'), panel('monetary', 'Monetary (log)', true, '#54a24b')],
  } as ChartSpec;
}

/** Elbow (inertia) and silhouette by k, with the chosen k marked. */
export function chooseKChart(ks: readonly number[], inertia: readonly number[], silhouette: readonly number[], chosen: number, elbow: number | null): ChartSpec {
  const values = ks.map((k, i) => ({ k, inertia: inertia[i]!, silhouette: silhouette[i]! }));
  const panel = (field: 'inertia' | 'silhouette', title: string, colour: string, mark: number | null) => ({
    title,
    width: 260,
    height: 200,
    data: { values },
    layer: [
      { mark: { type: 'line', color: colour, point: true }, encoding: { x: { field: 'k', type: 'ordinal', title: 'k' }, y: { field, type: 'quantitative', title: field, scale: { zero: false } }, tooltip: [{ field: 'k' }, { field, format: '.3f' }] } },
      ...(mark === null ? [] : [{ data: { values: [{ k: mark }] }, mark: { type: 'rule', strokeDash: [4, 4], color: '#e45756' }, encoding: { x: { field: 'k', type: 'ordinal' } } }]),
    ],
  });
  return {
    $schema: SCHEMA,
    title: `Choosing k (chosen: ${chosen})`,
    hconcat: [panel('inertia', `Elbow${elbow === null ? '' : ` (knee at k = ${elbow})`}`, '#4c78a8', elbow), panel('silhouette', 'Silhouette', '#f58518', chosen)],
  } as ChartSpec;
}

/** One point of the cluster scatter. */
export interface ScatterPoint {
  readonly recency: number;
  readonly frequency: number;
  readonly monetary: number;
  readonly segment: string;
}

/** Customers by recency and monetary value (log), coloured by segment; size by frequency. */
export function clusterScatterChart(points: readonly ScatterPoint[], names: readonly string[], highlight?: ScatterPoint, total = points.length): ChartSpec {
  const values = points.map((p) => ({ ...p, monetary: Math.max(p.monetary, 1) }));
  const layers: unknown[] = [
    {
      data: { values },
      mark: { type: 'circle', opacity: 0.55 },
      encoding: {
        x: { field: 'recency', type: 'quantitative', title: 'Recency (days since last order)' },
        y: { field: 'monetary', type: 'quantitative', title: 'Monetary (log)', scale: { type: 'log' }, axis: { format: '~s' } },
        size: { field: 'frequency', type: 'quantitative', title: 'Orders', scale: { type: 'sqrt', range: [6, 160] } },
        color: { field: 'segment', type: 'nominal', title: 'Segment', scale: segmentScale(names) },
        tooltip: [{ field: 'segment' }, { field: 'recency' }, { field: 'frequency' }, { field: 'monetary', format: ',.0f' }],
      },
    },
  ];
  if (highlight) {
    layers.push({
      data: { values: [{ ...highlight, monetary: Math.max(highlight.monetary, 1) }] },
      mark: { type: 'point', shape: 'diamond', size: 260, filled: true, color: 'black' },
      encoding: { x: { field: 'recency', type: 'quantitative' }, y: { field: 'monetary', type: 'quantitative' }, tooltip: [{ field: 'segment', title: 'your point' }] },
    });
  }
  return { $schema: SCHEMA, title: `Customer clusters (${points.length < total ? `${points.length.toLocaleString('en-GB')} of ` : ''}${total.toLocaleString('en-GB')} customers)`, width: WIDTH, height: 320, layer: layers } as ChartSpec;
}

/** One U-shaped link of a dendrogram. */
export interface DendrogramLink {
  readonly leftX: number;
  readonly rightX: number;
  readonly leftHeight: number;
  readonly rightHeight: number;
  readonly height: number;
}

/** A dendrogram drawn as rule marks: two legs and a bar per merge. */
export function dendrogramChart(links: readonly DendrogramLink[], leaves: readonly { x: number; label: string }[], title: string): ChartSpec {
  const segments: { x: number; x2: number; y: number; y2: number }[] = [];
  for (const l of links) {
    segments.push({ x: l.leftX, x2: l.leftX, y: l.leftHeight, y2: l.height });
    segments.push({ x: l.rightX, x2: l.rightX, y: l.rightHeight, y2: l.height });
    segments.push({ x: l.leftX, x2: l.rightX, y: l.height, y2: l.height });
  }
  return {
    $schema: SCHEMA,
    title,
    width: WIDTH,
    height: 260,
    layer: [
      { data: { values: segments }, mark: { type: 'rule', color: '#4c78a8' }, encoding: { x: { field: 'x', type: 'quantitative', axis: null }, x2: { field: 'x2' }, y: { field: 'y', type: 'quantitative', title: 'Ward distance' }, y2: { field: 'y2' } } },
      { data: { values: leaves }, mark: { type: 'text', angle: 270, align: 'right', dx: -4, fontSize: 9 }, encoding: { x: { field: 'x', type: 'quantitative' }, y: { datum: 0 }, text: { field: 'label' } } },
    ],
  } as ChartSpec;
}

/** A symmetric similarity heatmap of the given products. */
export function similarityHeatmapChart(labels: readonly string[], similarity: readonly (readonly number[])[]): ChartSpec {
  const values: { a: string; b: string; similarity: number }[] = [];
  for (let i = 0; i < labels.length; i++) for (let j = 0; j < labels.length; j++) values.push({ a: labels[i]!, b: labels[j]!, similarity: Math.round(similarity[i]![j]! * 1000) / 1000 });
  return {
    $schema: SCHEMA,
    title: 'Item-item cosine similarity of the top products',
    data: { values },
    width: { step: 16 },
    height: { step: 16 },
    mark: 'rect',
    encoding: {
      x: { field: 'a', type: 'nominal', sort: [...labels], title: null, axis: { labelAngle: -60, labelLimit: 160 } },
      y: { field: 'b', type: 'nominal', sort: [...labels], title: null, axis: { labelLimit: 160 } },
      color: { field: 'similarity', type: 'quantitative', scale: { scheme: 'blues', domain: [0, 1] } },
      tooltip: [{ field: 'a' }, { field: 'b' }, { field: 'similarity' }],
    },
  } as ChartSpec;
}

/** Evaluation results as grouped bars of MAP@5 per recommender and policy. */
export function evaluationChart(rows: readonly { recommender: string; policy: string; k: number; map: number }[]): ChartSpec {
  return {
    $schema: SCHEMA,
    title: 'MAP@5 on the temporal split',
    data: { values: rows.filter((r) => r.k === 5) },
    width: 240,
    height: { step: 14 },
    mark: 'bar',
    encoding: {
      row: { field: 'policy', type: 'nominal', title: null },
      y: { field: 'recommender', type: 'nominal', sort: '-x', title: null },
      x: { field: 'map', type: 'quantitative', title: 'MAP@5' },
      color: { field: 'policy', type: 'nominal', legend: null },
      tooltip: [{ field: 'recommender' }, { field: 'policy' }, { field: 'map', format: '.4f' }],
    },
    resolve: { scale: { y: 'independent' } },
  } as ChartSpec;
}

/**
 * Renders a Vega-Lite spec to an SVG string in Node (Vega's headless view; no browser, no canvas).
 *
 * @param spec - the chart
 * @returns the SVG document
 */
export async function renderSvg(spec: ChartSpec): Promise<string> {
  // loaded here, not at the top: the chart specs (all the server needs) come without Vega
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
