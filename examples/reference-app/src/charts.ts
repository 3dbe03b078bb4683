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
/** The width every report chart fits in, axes and legends included (report.html scales them down on narrow screens). */
export const REPORT_WIDTH = 960;

/** The currency of every money figure (`--currency`): the ISO 4217 code and its symbol. */
export interface Currency {
  readonly code: string;
  readonly symbol: string;
}

/** Pounds sterling, the currency of Online Retail (the default of `--currency`). */
export const GBP: Currency = { code: 'GBP', symbol: '£' };

/**
 * The currency of an ISO 4217 code (`Intl.supportedValuesOf('currency')`), its symbol as en-GB
 * writes it (`'£'`, `'€'`, `'US$'`, `'CHF'`), or null for an unknown code.
 */
export function currencyOf(code: string): Currency | null {
  const upper = code.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(upper) || !Intl.supportedValuesOf('currency').includes(upper)) return null;
  const symbol = new Intl.NumberFormat('en-GB', { style: 'currency', currency: upper }).formatToParts(1).find((p) => p.type === 'currency')?.value ?? upper;
  return { code: upper, symbol };
}

/** A money formatter in the currency: `'£1,234'` (whole units unless `digits`), `'CHF 1,234'`. */
export function moneyFormatter(currency: Currency, digits = 0): (value: number) => string {
  const f = new Intl.NumberFormat('en-GB', { style: 'currency', currency: currency.code, minimumFractionDigits: digits, maximumFractionDigits: digits });
  return (value: number) => f.format(value);
}

/** Vega's number locale with the currency, so that `$` formats (`'$,.0f'`, `'$~s'`) write its symbol. */
function currencyConfig(currency: Currency) {
  const prefix = /[A-Za-z]$/.test(currency.symbol) ? `${currency.symbol}\u00a0` : currency.symbol;
  return { locale: { number: { decimal: '.', thousands: ',', grouping: [3], currency: [prefix, ''] as [string, string] } } };
}

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

/** Options of the sales charts. */
export interface SalesChartOptions {
  /** The currency of the revenue axis and tooltips. */
  readonly currency?: Currency;
  /** The last period when the data ends inside it: drawn hollow and named in the subtitle (kept, not dropped). */
  readonly partial?: { readonly period: string; readonly label: string } | null;
  /** The chart's width (the plot area). */
  readonly width?: number;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `'2011-12'` as `'December 2011'`. */
export function monthName(month: string): string {
  return `${MONTHS[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;
}

/**
 * Revenue (area) and orders (line) per period; months are labelled with their year. A partial last
 * period (the data ends inside it) is kept and drawn hollow, with a note, so that it does not read
 * as a collapse.
 */
export function salesTrendChart(points: readonly TrendPoint[], title = 'Revenue by month', options: SalesChartOptions = {}): ChartSpec {
  const partial = options.partial ?? null;
  const values = points.map((p) => ({ period: p.period.slice(0, 10), revenue: Math.round(p.revenue * 100) / 100, orders: p.orders, customers: p.customers, partial: partial !== null && p.period.slice(0, 10) === partial.period.slice(0, 10) }));
  const monthly = title.includes('month');
  const revenueTooltip = { field: 'revenue', title: 'revenue', format: options.currency ? '$,.0f' : ',.0f' };
  return {
    $schema: SCHEMA,
    title: partial ? { text: title, subtitle: wrap(`${partial.label}: drawn hollow, it is not a fall in sales`, 110) } : title,
    width: options.width ?? WIDTH,
    height: 240,
    data: { values },
    encoding: { x: { field: 'period', type: 'temporal', title: null, axis: monthly ? { format: '%b %Y', labelAngle: -40, tickCount: 'month' } : { format: '%d %b %Y' } } },
    layer: [
      {
        encoding: { y: { field: 'revenue', type: 'quantitative', title: `Revenue${options.currency ? ` (${options.currency.code})` : ''}`, axis: { format: options.currency ? '$~s' : '~s' } } },
        layer: [
          { mark: { type: 'area', color: '#4c78a8', opacity: 0.3, line: { color: '#4c78a8' } } },
          ...[false, true].map((hollow) => ({
            transform: [{ filter: hollow ? 'datum.partial' : '!datum.partial' }],
            mark: { type: 'point', color: '#4c78a8', size: hollow ? 90 : 50, filled: !hollow, strokeWidth: 2 },
            encoding: { tooltip: [{ field: 'period', type: 'temporal', format: monthly ? '%B %Y' : '%d %B %Y', title: 'period' }, revenueTooltip, { field: 'orders' }, { field: 'customers' }, { field: 'partial', title: 'partial period' }] },
          })),
        ],
      },
      { mark: { type: 'line', color: '#f58518', point: true, strokeDash: [1, 0] }, encoding: { y: { field: 'orders', type: 'quantitative', title: 'Orders', axis: { titleColor: '#f58518' } } } },
    ],
    resolve: { scale: { y: 'independent' } },
    ...(options.currency ? { config: currencyConfig(options.currency) } : {}),
  } as ChartSpec;
}

/** The 7-day rolling mean of daily revenue over calendar days (days without sales count as 0; the first six days average the days so far). */
export function rolling7(points: readonly { readonly start: number; readonly revenue: number }[]): number[] {
  const out: number[] = [];
  let sum = 0;
  let from = 0;
  const DAY = 86_400_000;
  for (let i = 0; i < points.length; i++) {
    sum += points[i]!.revenue;
    while (points[from]!.start <= points[i]!.start - 7 * DAY) sum -= points[from++]!.revenue;
    const days = Math.min(7, Math.round((points[i]!.start - points[0]!.start) / DAY) + 1);
    out.push(sum / days);
  }
  return out;
}

/** Daily revenue as one line: its 7-day rolling mean; the days themselves as faint bars behind it. */
export function dailySalesChart(points: readonly TrendPoint[], options: SalesChartOptions = {}): ChartSpec {
  const roll = rolling7(points);
  const values = points.map((p, i) => ({ day: p.period.slice(0, 10), revenue: Math.round(p.revenue * 100) / 100, rolling7: Math.round(roll[i]! * 100) / 100, orders: p.orders }));
  const money = options.currency ? '$,.0f' : ',.0f';
  return {
    $schema: SCHEMA,
    title: { text: 'Daily revenue, 7-day rolling mean', subtitle: wrap('the line averages the 7 calendar days up to each day (days without sales count as 0); the bars are the days themselves', 110) },
    width: options.width ?? WIDTH,
    height: 220,
    data: { values },
    encoding: { x: { field: 'day', type: 'temporal', title: null, axis: { format: '%b %Y', labelAngle: -40, tickCount: 'month' } } },
    layer: [
      { mark: { type: 'bar', color: '#c6d4e6', width: 1.6 }, encoding: { y: { field: 'revenue', type: 'quantitative', title: `Revenue per day${options.currency ? ` (${options.currency.code})` : ''}`, axis: { format: options.currency ? '$~s' : '~s' } } } },
      { mark: { type: 'line', color: '#1f4e8c', strokeWidth: 2 }, encoding: { y: { field: 'rolling7', type: 'quantitative' }, tooltip: [{ field: 'day', type: 'temporal', format: '%a %d %B %Y', title: 'day' }, { field: 'revenue', format: money, title: 'revenue that day' }, { field: 'rolling7', format: money, title: '7-day mean' }, { field: 'orders' }] } },
    ],
    ...(options.currency ? { config: currencyConfig(options.currency) } : {}),
  } as ChartSpec;
}

/** Horizontal bars of one measure per label, biggest first. */
function barsChart(title: string, values: readonly Record<string, string | number>[], label: string, measure: string, colour: string, extra: readonly string[] = [], currency?: Currency): ChartSpec {
  const money = currency !== undefined && measure === 'revenue';
  return {
    $schema: SCHEMA,
    title,
    width: WIDTH - 200,
    height: { step: 16 },
    data: { values },
    mark: { type: 'bar', color: colour },
    encoding: {
      y: { field: label, type: 'nominal', sort: '-x', title: null },
      x: { field: measure, type: 'quantitative', title: `${measure[0]!.toUpperCase()}${measure.slice(1)}${money ? ` (${currency.code})` : ''}`, axis: { format: money ? '$~s' : '~s' } },
      tooltip: [{ field: label }, { field: measure, format: money ? '$,.0f' : ',.0f' }, ...extra.map((field) => (field === 'revenue' && currency ? { field, format: '$,.0f' } : { field }))],
    },
    ...(currency ? { config: currencyConfig(currency) } : {}),
  } as ChartSpec;
}

/** The top products as horizontal bars of `by` (revenue, quantity, orders or customers). */
export function topProductsChart(rows: readonly ProductSummaryRow[], title = 'Top products by revenue', by: 'revenue' | 'quantity' | 'orders' | 'customers' = 'revenue', currency?: Currency): ChartSpec {
  const values = rows.map((r) => ({ product: `${r.stockCode} ${(r.description ?? '').slice(0, 34)}`, revenue: Math.round(r.revenue), quantity: r.quantity, orders: r.orders, customers: r.customers }));
  return barsChart(title, values, 'product', by, '#54a24b', ['revenue', 'orders', 'customers'].filter((f) => f !== by), currency);
}

/**
 * Revenue by country as two views: the biggest country against all the others together (on
 * Online Retail: the United Kingdom vs the rest), then the others ranked on their own scale, so
 * that the small ones are not invisible next to the first.
 */
export function countriesChart(rows: readonly { country: string | null; revenue: number; customers?: number }[], options: { readonly currency?: Currency; readonly width?: number } = {}): ChartSpec {
  const total = rows.reduce((n, r) => n + r.revenue, 0) || 1;
  const name = (r: { country: string | null }) => r.country ?? '(unknown)';
  const [top, ...rest] = rows;
  const restRevenue = rest.reduce((n, r) => n + r.revenue, 0);
  const money = options.currency ? '$,.0f' : ',.0f';
  const axis = { format: options.currency ? '$~s' : '~s' };
  const unit = options.currency ? ` (${options.currency.code})` : '';
  const width = (options.width ?? REPORT_WIDTH) - 260;
  const split = top
    ? [
        { part: name(top), revenue: Math.round(top.revenue), share: top.revenue / total },
        { part: `the other ${rest.length} countries`, revenue: Math.round(restRevenue), share: restRevenue / total },
      ]
    : [];
  const ranked = rest.map((r, i) => ({ rank: i + 2, country: name(r), revenue: Math.round(r.revenue), share: r.revenue / total, shareOfRest: restRevenue ? r.revenue / restRevenue : 0 }));
  return {
    $schema: SCHEMA,
    title: top ? `Revenue by country: ${name(top)} vs the rest` : 'Revenue by country',
    vconcat: [
      {
        width,
        height: { step: 22 },
        data: { values: split },
        encoding: {
          y: { field: 'part', type: 'nominal', sort: null, title: null, axis: { labelLimit: 220 } },
          x: { field: 'revenue', type: 'quantitative', title: `Revenue${unit}`, axis },
        },
        layer: [
          { mark: { type: 'bar', color: '#72b7b2' }, encoding: { tooltip: [{ field: 'part', title: 'who' }, { field: 'revenue', format: money }, { field: 'share', format: '.1%' }] } },
          { mark: { type: 'text', align: 'left', dx: 4 }, encoding: { text: { field: 'share', format: '.1%' } } },
        ],
      },
      {
        title: { text: `The other ${rest.length} countries, ranked`, fontSize: 12 },
        width,
        height: { step: 13 },
        data: { values: ranked },
        mark: { type: 'bar', color: '#4c9f9a' },
        encoding: {
          y: { field: 'country', type: 'nominal', sort: '-x', title: null, axis: { labelLimit: 220, labelFontSize: 10 } },
          x: { field: 'revenue', type: 'quantitative', title: `Revenue${unit}`, axis },
          tooltip: [{ field: 'rank' }, { field: 'country' }, { field: 'revenue', format: money }, { field: 'share', format: '.2%', title: 'share of all revenue' }, { field: 'shareOfRest', format: '.1%', title: 'share of the rest' }],
        },
      },
    ],
    ...(options.currency ? { config: currencyConfig(options.currency) } : {}),
  } as ChartSpec;
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
export function rfmDistributionChart(hists: Readonly<Record<'recency' | 'frequency' | 'monetary', Histogram>>, options: { readonly currency?: Currency; readonly width?: number } = {}): ChartSpec {
  // three panels and their axes within the width
  const each = Math.max(120, Math.floor(((options.width ?? REPORT_WIDTH) - 3 * 75) / 3));
  const panel = (name: 'recency' | 'frequency' | 'monetary', title: string, log: boolean, colour: string) => ({
    title,
    width: each,
    height: 170,
    data: { values: hists[name].bins.map((b) => ({ x0: b.x0, x1: b.x1, count: b.count })) },
    mark: { type: 'rect', color: colour, stroke: 'white', strokeWidth: 0.5 },
    encoding: {
      x: { field: 'x0', type: 'quantitative', title: null, scale: log ? { type: 'log' } : { zero: true }, axis: { format: name === 'monetary' && options.currency ? '$~s' : '~s', labelOverlap: true } },
      x2: { field: 'x1' },
      y: { field: 'count', type: 'quantitative', title: 'Customers' },
      tooltip: [{ field: 'x0', format: name === 'monetary' && options.currency ? '$,.0f' : ',.0f', title: 'from' }, { field: 'x1', format: name === 'monetary' && options.currency ? '$,.0f' : ',.0f', title: 'to' }, { field: 'count' }],
    },
  });
  return {
    $schema: SCHEMA,
    title: 'RFM distributions',
    hconcat: [panel('recency', 'Recency (days)', false, '#4c78a8'), panel('frequency', 'Frequency (orders, log)', true, '#f58518'), panel('monetary', `Monetary (${options.currency ? `${options.currency.code}, ` : ''}log)`, true, '#54a24b')],
    ...(options.currency ? { config: currencyConfig(options.currency) } : {}),
  } as ChartSpec;
}

/**
 * The spread within clusters (the elbow curve) and the silhouette by k: the k the indices suggest
 * as a dashed red rule, the k the segments use (when given) as a solid one. `text` (summary.k's
 * sentence) is the subtitle, so that the chart says what the CLI and the report say.
 */
export function chooseKChart(ks: readonly number[], inertia: readonly number[], silhouette: readonly number[], suggested: number, elbow: number | null, used?: number, text?: string): ChartSpec {
  const values = ks.map((k, i) => ({ k, inertia: inertia[i]!, silhouette: silhouette[i]! }));
  const rule = (k: number, dashed: boolean) => ({ data: { values: [{ k }] }, mark: { type: 'rule', strokeDash: dashed ? [4, 4] : [1, 0], color: dashed ? '#e45756' : '#1d2330', strokeWidth: dashed ? 1.5 : 1 }, encoding: { x: { field: 'k', type: 'ordinal' } } });
  const panel = (field: 'inertia' | 'silhouette', title: string, axisTitle: string, colour: string) => ({
    title,
    width: 300,
    height: 200,
    data: { values },
    layer: [
      { mark: { type: 'line', color: colour, point: true }, encoding: { x: { field: 'k', type: 'ordinal', title: 'k (number of clusters)' }, y: { field, type: 'quantitative', title: axisTitle, scale: { zero: false } }, tooltip: [{ field: 'k' }, { field, format: '.3f' }] } },
      rule(suggested, true),
      ...(used !== undefined && used !== suggested ? [rule(used, false)] : []),
    ],
  });
  const heading = used === undefined ? `Choosing k: the indices suggest ${suggested}` : used === suggested ? `Choosing k: k = ${used}, as the indices suggest` : `Choosing k: the segments use k = ${used} (solid), the indices suggest ${suggested} (dashed)`;
  return {
    $schema: SCHEMA,
    title: text ? { text: heading, subtitle: wrap(text, 110) } : heading,
    hconcat: [panel('inertia', `Spread within clusters${elbow === null ? ' (no clear bend)' : ` (bend at k = ${elbow})`}`, 'within-cluster sum of squares', '#4c78a8'), panel('silhouette', 'How clearly clusters are apart (silhouette)', 'silhouette (up to 1)', '#f58518')],
  } as ChartSpec;
}

/** Splits a sentence into lines of at most `width` characters (a Vega subtitle takes an array of lines). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
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

/**
 * The clusters in all three pairs of R, F and M (recency x frequency, recency x monetary, frequency
 * x monetary; frequency and monetary on log scales), coloured by cluster, with one legend below.
 */
export function clusterPairsChart(points: readonly ScatterPoint[], names: readonly string[], total = points.length, options: { readonly currency?: Currency; readonly width?: number } = {}): ChartSpec {
  const values = points.map((p) => ({ ...p, monetary: Math.max(p.monetary, 1) }));
  const each = Math.max(160, Math.floor(((options.width ?? REPORT_WIDTH) - 3 * 70) / 3));
  const money = options.currency ? '$~s' : '~s';
  const axes = {
    recency: { field: 'recency', type: 'quantitative', title: 'Recency (days since last order)' },
    frequency: { field: 'frequency', type: 'quantitative', title: 'Frequency (orders, log)', scale: { type: 'log' }, axis: { format: '~s' } },
    monetary: { field: 'monetary', type: 'quantitative', title: `Monetary (${options.currency ? `${options.currency.code}, ` : ''}log)`, scale: { type: 'log' }, axis: { format: money } },
  } as const;
  const panel = (x: keyof typeof axes, y: keyof typeof axes) => ({
    width: each,
    height: each,
    mark: { type: 'circle', opacity: 0.5, size: 14 },
    encoding: {
      x: axes[x],
      y: axes[y],
      color: { field: 'segment', type: 'nominal', title: 'Cluster', scale: segmentScale(names), legend: { orient: 'bottom', columns: 2, labelLimit: 400, symbolOpacity: 1 } },
      tooltip: [{ field: 'segment', title: 'cluster' }, { field: 'recency' }, { field: 'frequency' }, { field: 'monetary', format: options.currency ? '$,.0f' : ',.0f' }],
    },
  });
  return {
    $schema: SCHEMA,
    title: `Clusters in each pair of R, F and M (${points.length < total ? `${points.length.toLocaleString('en-GB')} of ` : ''}${total.toLocaleString('en-GB')} customers)`,
    data: { values },
    hconcat: [panel('recency', 'frequency'), panel('recency', 'monetary'), panel('frequency', 'monetary')],
    ...(options.currency ? { config: currencyConfig(options.currency) } : {}),
  } as ChartSpec;
}

/** One cohort row of the retention heatmap (core's `cohortRetention`). */
export interface CohortCells {
  readonly cohort: string;
  readonly customers: number;
  readonly retention: readonly number[];
}

/**
 * Monthly cohort retention as a heatmap: one row per first-purchase month, one column per month
 * after it, the share of the cohort buying in that month as colour and text. Cells in a partial
 * last month (`partialMonth`, 'YYYY-MM') are outlined and named in the subtitle.
 */
export function cohortHeatmapChart(cohorts: readonly CohortCells[], options: { readonly partialMonth?: string | null; readonly partialLabel?: string; readonly width?: number } = {}): ChartSpec {
  const values: { cohort: string; label: string; offset: number; retention: number; customers: number; month: string; partial: boolean }[] = [];
  const addMonths = (month: string, n: number) => {
    const key = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
    return `${Math.floor(key / 12)}-${String((key % 12) + 1).padStart(2, '0')}`;
  };
  const short = (month: string) => `${monthName(month).slice(0, 3)} ${month.slice(0, 4)}`;
  for (const c of cohorts) {
    c.retention.forEach((r, offset) => {
      const month = addMonths(c.cohort, offset);
      values.push({ cohort: c.cohort, label: `${short(c.cohort)} (${c.customers.toLocaleString('en-GB')})`, offset, retention: Math.round(r * 1000) / 1000, customers: Math.round(r * c.customers), month: short(month), partial: month === options.partialMonth });
    });
  }
  const columns = Math.max(1, ...cohorts.map((c) => c.retention.length));
  const step = Math.max(24, Math.min(56, Math.floor(((options.width ?? REPORT_WIDTH) - 170) / columns)));
  return {
    $schema: SCHEMA,
    title: { text: 'Monthly cohort retention', subtitle: wrap(options.partialMonth ? `cohort (customers) by month of first purchase; outlined cells fall in a partial month (${options.partialLabel ?? options.partialMonth}), so they read low` : 'cohort (customers) by month of first purchase', 90) },
    data: { values },
    width: { step },
    height: { step: 22 },
    encoding: {
      x: { field: 'offset', type: 'ordinal', title: 'Months after the first purchase', axis: { labelAngle: 0 } },
      y: { field: 'label', type: 'ordinal', sort: { field: 'cohort' }, title: null },
    },
    layer: [
      {
        mark: { type: 'rect' },
        encoding: {
          color: { field: 'retention', type: 'quantitative', title: 'share buying', scale: { scheme: 'blues', domain: [0, 0.6], clamp: true }, legend: { format: '.0%' } },
          stroke: { condition: { test: 'datum.partial', value: '#d62728' }, value: null },
          strokeWidth: { condition: { test: 'datum.partial', value: 1.5 }, value: 0 },
          tooltip: [{ field: 'label', title: 'cohort (customers)' }, { field: 'month', title: 'month' }, { field: 'offset', title: 'months after' }, { field: 'retention', format: '.1%', title: 'share buying' }, { field: 'customers', title: 'customers buying' }, { field: 'partial', title: 'partial month' }],
        },
      },
      {
        mark: { type: 'text', fontSize: 9 },
        encoding: {
          text: { field: 'retention', format: '.0%' },
          color: { condition: { test: 'datum.retention > 0.4', value: 'white' }, value: '#1d2330' },
        },
      },
    ],
  } as ChartSpec;
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
export function dendrogramChart(links: readonly DendrogramLink[], leaves: readonly { x: number; label: string }[], title: string, options: { readonly subtitle?: string; readonly width?: number } = {}): ChartSpec {
  const segments: { x: number; x2: number; y: number; y2: number }[] = [];
  for (const l of links) {
    segments.push({ x: l.leftX, x2: l.leftX, y: l.leftHeight, y2: l.height });
    segments.push({ x: l.rightX, x2: l.rightX, y: l.rightHeight, y2: l.height });
    segments.push({ x: l.leftX, x2: l.rightX, y: l.height, y2: l.height });
  }
  return {
    $schema: SCHEMA,
    title: options.subtitle ? { text: title, subtitle: wrap(options.subtitle, 110) } : title,
    width: options.width ?? WIDTH,
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

/** Options of {@link clvDistributionChart}. */
export interface ClvDistributionOptions {
  /** The currency of the CLV axis and tooltips. @defaultValue none (plain numbers) */
  readonly currency?: Currency;
  /** The plot area's width. @defaultValue 560 */
  readonly width?: number;
  /** The number of bins on the log scale. @defaultValue 30 */
  readonly bins?: number;
  /** The CLV horizon in months, for the titles. @defaultValue 12 */
  readonly horizonMonths?: number;
}

/**
 * The spread of customer lifetime value: a histogram of the per-customer CLV on a log scale
 * (bins equally wide in log10, from the smallest to the largest positive CLV), the mean as a
 * dashed red rule; customers whose CLV is not positive cannot sit on a log axis and are counted
 * in the subtitle.
 *
 * @example
 * ```ts
 * clvDistributionChart(Float64Array.of(5, 50, 500), 185).layer.length;
 * // => 2
 * ```
 */
export function clvDistributionChart(clv: ArrayLike<number>, mean: number, options: ClvDistributionOptions = {}): ChartSpec {
  const positive: number[] = [];
  for (let i = 0; i < clv.length; i++) if (clv[i]! > 0 && Number.isFinite(clv[i]!)) positive.push(clv[i]!);
  const nBins = options.bins ?? 30;
  const values: { x0: number; x1: number; count: number }[] = [];
  if (positive.length) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of positive) ((lo = Math.min(lo, v)), (hi = Math.max(hi, v)));
    const l0 = Math.log10(lo);
    const span = Math.max(Math.log10(hi) - l0, 1e-9);
    const counts = new Float64Array(nBins);
    for (const v of positive) counts[Math.min(nBins - 1, Math.floor(((Math.log10(v) - l0) / span) * nBins))]!++;
    counts.forEach((count, b) => values.push({ x0: 10 ** (l0 + (span * b) / nBins), x1: 10 ** (l0 + (span * (b + 1)) / nBins), count }));
  }
  const horizon = options.horizonMonths ?? 12;
  const money = options.currency ? moneyFormatter(options.currency) : (x: number) => Math.round(x).toLocaleString('en-GB');
  const unit = options.currency ? ` (${options.currency.code}, log scale)` : ' (log scale)';
  const fmt = options.currency ? '$,.2f' : ',.2f';
  const left = clv.length - positive.length;
  return {
    $schema: SCHEMA,
    title: { text: `Customer lifetime value, next ${horizon} months`, subtitle: `${clv.length.toLocaleString('en-GB')} customers; mean ${money(mean)} (dashed)${left ? `; ${left.toLocaleString('en-GB')} with no positive CLV not shown` : ''}` },
    width: options.width ?? WIDTH,
    height: 220,
    layer: [
      {
        data: { values },
        mark: { type: 'rect', color: '#4c78a8', stroke: 'white', strokeWidth: 0.5 },
        encoding: {
          x: { field: 'x0', type: 'quantitative', title: `CLV ${horizon} months${unit}`, scale: { type: 'log' }, axis: { format: options.currency ? '$~s' : '~s', labelOverlap: true } },
          x2: { field: 'x1' },
          y: { field: 'count', type: 'quantitative', title: 'Customers' },
          tooltip: [{ field: 'x0', format: fmt, title: 'from' }, { field: 'x1', format: fmt, title: 'to' }, { field: 'count', title: 'customers' }],
        },
      },
      { data: { values: mean > 0 ? [{ mean }] : [] }, mark: { type: 'rule', strokeDash: [4, 4], color: '#e45756', strokeWidth: 1.5 }, encoding: { x: { field: 'mean', type: 'quantitative' }, tooltip: [{ field: 'mean', format: fmt, title: 'mean CLV' }] } },
    ],
    ...(options.currency ? { config: currencyConfig(options.currency) } : {}),
  } as ChartSpec;
}

/** One row of {@link clvCalibrationChart}: `holdoutByFrequency`'s row. */
export interface CalibrationBinRow {
  readonly frequency: number;
  readonly orMore: boolean;
  readonly customers: number;
  readonly actual: number;
  readonly predicted: number;
}

/** Options of {@link clvCalibrationChart}. */
export interface ClvCalibrationOptions {
  /** The plot area's width. @defaultValue 560 */
  readonly width?: number;
  /** A line under the title (the cut-off and the holdout). @defaultValue none */
  readonly subtitle?: string;
}

/**
 * The papers' calibration check (Fader, Hardie and Lee 2005, figure 4): customers grouped by their
 * repeat purchase days in the calibration period, the mean actual purchases in the holdout (solid)
 * against the mean the model expects (dashed). The rows are the chart's data as given.
 *
 * @example
 * ```ts
 * clvCalibrationChart([{ frequency: 0, orMore: false, customers: 10, actual: 0.2, predicted: 0.25 }]).data.values.length;
 * // => 1
 * ```
 */
export function clvCalibrationChart(rows: readonly CalibrationBinRow[], options: ClvCalibrationOptions = {}): ChartSpec {
  const label = (r: CalibrationBinRow) => `${r.frequency}${r.orMore ? '+' : ''}`;
  const order = rows.map(label);
  const x = { field: 'label', type: 'ordinal', title: 'Repeat purchase days in the calibration period', sort: order, axis: { labelAngle: 0 } };
  const tooltip = [{ field: 'label', title: 'calibration frequency' }, { field: 'customers' }, { field: 'actual', format: '.3f', title: 'actual (mean)' }, { field: 'predicted', format: '.3f', title: 'expected (mean)' }];
  const line = (field: 'actual' | 'predicted', colour: string, dashed: boolean) => ({
    mark: { type: 'line', color: colour, point: { color: colour }, ...(dashed ? { strokeDash: [5, 4] } : {}) },
    encoding: { x, y: { field, type: 'quantitative', title: 'Purchase days in the holdout, per customer' }, tooltip },
  });
  return {
    $schema: SCHEMA,
    title: { text: 'Calibration: actual (solid) and expected (dashed, BG/NBD) holdout purchases', ...(options.subtitle ? { subtitle: wrap(options.subtitle, 110) } : {}) },
    width: options.width ?? WIDTH,
    height: 240,
    data: { values: rows.map((r) => ({ ...r, label: label(r) })) },
    layer: [line('actual', '#4c78a8', false), line('predicted', '#e45756', true)],
  } as ChartSpec;
}
