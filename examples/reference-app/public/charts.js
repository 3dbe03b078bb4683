// The dashboard's charts: Vega-Lite specs built in the browser from the API's answers, each sized to
// its container (width 'container', autosize fit within the padding) and drawn by vega-embed with
// Vega's expression interpreter (the page's Content-Security-Policy has no 'unsafe-eval').
// Every dataset is named 'table', so a test (or an analyst in the console) can read what a chart
// draws with dashboard.views.get(id).data('table').
import { expressionInterpreter } from '/vendor/vega-interpreter.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** The colours of the segments and clusters: a stable palette by position in their lists. */
export const PALETTE = ['#1b9e77', '#7570b3', '#e6ab02', '#d95f02', '#e7298a', '#66a61e', '#a6761d', '#1f78b4', '#666666', '#b2df8a', '#fb9a99', '#cab2d6'];

/** The drawn views by container id (dashboard.views in the console). */
export const views = new Map();

/** A money axis label: the currency symbol and an SI-suffixed figure (£1.2M). */
const moneyAxis = (currency) => ({ labelExpr: `${JSON.stringify(currency.symbol)} + format(datum.value, '~s')` });

const base = (height, extra) => ({
  $schema: SCHEMA,
  width: 'container',
  height,
  autosize: { type: 'fit', contains: 'padding' },
  config: { view: { stroke: null }, axis: { labelFontSize: 11, titleFontSize: 11, titleColor: '#5b6473', labelColor: '#3b4352', gridColor: '#eceff3' }, legend: { labelFontSize: 11, titleFontSize: 11 } },
  ...extra,
});

const legendAt = (narrow) => (narrow ? { orient: 'bottom', direction: 'horizontal', columns: 2, labelLimit: 150 } : { orient: 'right' });

/**
 * Draws `spec` in `el` (replacing what was there) and records its view under `el.id`.
 * @returns the vega-embed result, or undefined when drawing failed (the container says why)
 */
export async function draw(el, spec) {
  const old = views.get(el.id);
  if (old) old.finalize();
  views.delete(el.id);
  try {
    const result = await vegaEmbed(el, spec, { actions: el.clientWidth < 500 ? false : { export: true, source: false, compiled: false, editor: false }, renderer: 'svg', ast: true, expr: expressionInterpreter });
    views.set(el.id, result.view);
    el.dataset.drawn = String(spec.data?.values?.length ?? spec.layer?.[0]?.data?.values?.length ?? 0);
    return result;
  } catch (e) {
    el.textContent = `chart failed: ${e.message}`;
    el.classList.add('error');
    return undefined;
  }
}

/**
 * Sales by period. Month and week: bars, the partial periods (cut by the data's end or the filter)
 * in a lighter colour and named in the legend. Day: the daily revenue as faint points under its
 * 7-day rolling mean as a line.
 * @param points `[{ period, revenue, orders, customers, partial, rolling7? }]`, formatted text added
 */
export function salesSpec({ points, interval, currency, money, narrow }) {
  const values = points.map((p) => ({ ...p, revenueText: money(p.revenue), state: p.partial ? 'partial period' : 'complete period' }));
  const timeFormat = interval === 'month' ? '%b %Y' : '%d %b %Y';
  const x = { field: 'period', type: 'temporal', title: null, scale: { type: 'utc' }, axis: { format: timeFormat, labelAngle: 0, labelOverlap: true, tickCount: interval === 'month' ? { interval: 'month', step: 1 } : narrow ? 4 : 8 } };
  const tooltip = [
    { field: 'period', type: 'temporal', format: timeFormat, title: interval },
    { field: 'revenueText', title: `revenue (${currency.code})` },
    { field: 'orders', format: ',' },
    { field: 'customers', format: ',' },
    { field: 'state', title: 'period' },
  ];
  if (interval === 'day') {
    return base(narrow ? 220 : 280, {
      data: { name: 'table', values },
      layer: [
        { mark: { type: 'point', size: 10, filled: true, opacity: 0.35 }, encoding: { x, y: { field: 'revenue', type: 'quantitative', title: `revenue (${currency.code})`, axis: moneyAxis(currency) }, color: { datum: 'daily revenue' }, tooltip } },
        {
          mark: { type: 'line', strokeWidth: 2.5 },
          encoding: {
            x,
            y: { field: 'rolling7', type: 'quantitative' },
            color: { datum: '7-day rolling mean', scale: { domain: ['daily revenue', '7-day rolling mean'], range: ['#9aa3b2', '#2f6fde'] }, legend: { title: null, ...legendAt(true), orient: 'top' } },
            tooltip: [{ field: 'period', type: 'temporal', format: timeFormat, title: 'day' }, { field: 'rolling7', format: ',.0f', title: `7-day mean (${currency.code})` }],
          },
        },
      ],
    });
  }
  for (const v of values) v.end = periodEnd(v.period, interval);
  return base(narrow ? 220 : 280, {
    data: { name: 'table', values },
    mark: { type: 'bar', tooltip: true, x2Offset: interval === 'month' ? -3 : -1 },
    encoding: {
      x,
      x2: { field: 'end' },
      y: { field: 'revenue', type: 'quantitative', title: `revenue (${currency.code})`, axis: moneyAxis(currency) },
      y2: { datum: 0 },
      color: { field: 'state', type: 'nominal', scale: { domain: ['complete period', 'partial period'], range: ['#2f6fde', '#b9cdf3'] }, legend: { title: null, orient: 'top' } },
      tooltip,
    },
  });
}

/** The first day after a period starting on `period` (YYYY-MM-DD): the next month's first, or a week on. */
function periodEnd(period, interval) {
  const d = new Date(`${String(period).slice(0, 10)}T00:00:00Z`);
  if (interval === 'month') d.setUTCMonth(d.getUTCMonth() + 1, 1);
  else d.setUTCDate(d.getUTCDate() + (interval === 'week' ? 7 : 1));
  return d.toISOString().slice(0, 10);
}

/** Horizontal ranked bars: `rows` of `{ label, value, valueText }`, label text cut at what the width allows. */
export function rankedBarsSpec({ rows, valueTitle, currency, narrow, color = '#2f6fde' }) {
  const values = rows.map((r, i) => ({ ...r, rank: i + 1 }));
  return base(Math.max(60, values.length * (narrow ? 18 : 17) + 30), {
    data: { name: 'table', values },
    mark: { type: 'bar', color, tooltip: true },
    encoding: {
      y: { field: 'label', type: 'nominal', sort: null, title: null, axis: { labelLimit: narrow ? 120 : 260 } },
      x: { field: 'value', type: 'quantitative', title: valueTitle, axis: currency ? { ...moneyAxis(currency), tickCount: narrow ? 3 : 6 } : { tickCount: narrow ? 3 : 6 } },
      tooltip: [{ field: 'rank', title: '#' }, { field: 'label', title: 'name' }, { field: 'valueText', title: valueTitle }],
    },
  });
}

/** The top country against the rest: one bar split in two, shares written on it. */
export function topVsRestSpec({ top, rest, money, narrow }) {
  const values = [
    { part: top.country, revenue: top.revenue, share: top.share, text: `${top.country} ${(top.share * 100).toFixed(1)}%`, revenueText: money(top.revenue) },
    { part: `the other ${rest.countries}`, revenue: rest.revenue, share: rest.share, text: `rest ${(rest.share * 100).toFixed(1)}%`, revenueText: money(rest.revenue) },
  ];
  return base(narrow ? 56 : 48, {
    data: { name: 'table', values },
    layer: [
      {
        mark: { type: 'bar', tooltip: true },
        encoding: {
          x: { field: 'share', type: 'quantitative', stack: 'zero', axis: null, scale: { domain: [0, 1] } },
          color: { field: 'part', type: 'nominal', sort: null, scale: { range: ['#2f6fde', '#e6ab02'] }, legend: null },
          order: { field: 'order' },
          tooltip: [{ field: 'part', title: 'countries' }, { field: 'revenueText', title: 'revenue' }, { field: 'share', format: '.1%' }],
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 6, color: '#fff', fontWeight: 600 },
        encoding: { x: { field: 'share', type: 'quantitative', stack: 'zero', bandPosition: 0 }, text: { field: 'text' }, detail: { field: 'part' }, opacity: { condition: { test: 'datum.share > 0.12', value: 1 }, value: 0 } },
      },
    ],
  });
}

/** A Pareto curve: share of revenue against the share of customers, most valuable first. */
export function paretoSpec({ curve, topFraction, topRevenueShare, what }) {
  return base(240, {
    data: { name: 'table', values: curve },
    layer: [
      { mark: { type: 'area', line: { color: '#2f6fde' }, color: '#dbe6fb' }, encoding: { x: { field: 'x', type: 'quantitative', title: `share of ${what} (largest first)`, axis: { format: '%' } }, y: { field: 'y', type: 'quantitative', title: 'share of revenue', axis: { format: '%' } }, tooltip: [{ field: 'x', format: '.0%', title: what }, { field: 'y', format: '.1%', title: 'revenue' }] } },
      { data: { values: [{ x: topFraction, y: topRevenueShare }] }, mark: { type: 'rule', strokeDash: [4, 3], color: '#d95f02' }, encoding: { x: { field: 'x', type: 'quantitative' } } },
      { data: { values: [{ x: topFraction, y: topRevenueShare }] }, mark: { type: 'point', filled: true, color: '#d95f02', size: 50 }, encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } },
    ],
  });
}

/**
 * Monthly cohort retention: rows are first-purchase months, columns months since, colour the share.
 * Each row keeps a readable height whatever the number of rows (the height is a step per row; only
 * the width fits the container). A cell the answer leaves null (a month outside the filter) is not drawn.
 */
export function cohortSpec({ cohorts, narrow }) {
  const values = [];
  for (const c of cohorts) {
    c.retention.forEach((r, i) => {
      if (r === null || r === undefined) return;
      values.push({ cohort: c.cohort, cohortLabel: cohortLabel(c), customers: c.customers, offset: i, retention: r, label: narrow ? '' : `${Math.round(r * 100)}` });
    });
  }
  const order = cohorts.map(cohortLabel);
  return base({ step: narrow ? 20 : 22 }, {
    autosize: { type: 'fit-x', contains: 'padding' },
    data: { name: 'table', values },
    encoding: {
      x: { field: 'offset', type: 'ordinal', title: 'months after the first purchase', axis: { labelAngle: 0, labelOverlap: true } },
      y: { field: 'cohortLabel', type: 'ordinal', sort: order, title: null, scale: { domain: order } },
    },
    layer: [
      { mark: { type: 'rect', tooltip: true }, encoding: { color: { field: 'retention', type: 'quantitative', title: 'buying again', scale: { scheme: 'blues', domain: [0, 0.5], clamp: true }, legend: { format: '%', ...legendAt(narrow), ...(narrow ? { direction: 'horizontal' } : {}) } }, tooltip: [{ field: 'cohortLabel', title: 'first bought in' }, { field: 'customers', format: ',' }, { field: 'offset', title: 'months after' }, { field: 'retention', format: '.1%', title: 'buying again' }] } },
      { mark: { type: 'text', fontSize: 9 }, encoding: { text: { field: 'label' }, color: { condition: { test: 'datum.retention > 0.3', value: '#fff' }, value: '#1d2330' } } },
    ],
  });
}

/** 'Sep 2011', or 'Dec 2011 (part)' for a cohort acquired over part of its month. */
const cohortLabel = (c) => `${monthLabel(c.cohort)}${c.partial ? ' (part)' : ''}`;

/** One pair of R, F and M: each customer a point, coloured by segment (or cluster), log scales for F and M. */
export function scatterSpec({ points, x, y, colourBy, names, narrow }) {
  const scale = (f) => (f === 'recency' ? { type: 'symlog', constant: 10 } : { type: 'log' });
  const title = { recency: 'recency (days since last order)', frequency: 'frequency (orders)', monetary: 'monetary (spend)' };
  return base(narrow ? 240 : 260, {
    data: { name: 'table', values: points },
    mark: { type: 'point', filled: true, size: 12, opacity: 0.55 },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: title[x], scale: scale(x), axis: { tickCount: narrow ? 3 : 5, labelOverlap: true } },
      y: { field: 'y', type: 'quantitative', title: title[y], scale: scale(y), axis: { tickCount: 5 } },
      color: { field: colourBy, type: 'nominal', title: colourBy === 'cluster' ? 'cluster' : 'RFM segment', scale: { domain: names, range: PALETTE }, legend: { ...legendAt(true), orient: 'bottom', labelLimit: 220 } },
      tooltip: [{ field: 'customerId', title: 'customer' }, { field: 'x', title: x, format: ',.0f' }, { field: 'y', title: y, format: ',.0f' }, { field: 'rfmSegment', title: 'RFM segment' }, { field: 'cluster' }],
    },
  });
}

/** Histograms of one of R, F, M over the scatter's sample. */
export function histogramSpec({ points, field, title }) {
  const values = points.map((p) => ({ v: field === 'recency' ? p.v : Math.log10(Math.max(p.v, 1)) }));
  const top = Math.ceil(Math.max(1, ...values.map((v) => v.v)));
  const log = { values: Array.from({ length: top + 1 }, (_, i) => i), labelExpr: "format(pow(10, datum.value), '~s')" };
  return base(160, {
    data: { name: 'table', values },
    mark: { type: 'bar', color: '#7570b3' },
    encoding: {
      x: { field: 'v', bin: field === 'recency' ? { maxbins: 30 } : { step: 0.1 }, type: 'quantitative', title, ...(field === 'recency' ? {} : { axis: log }) },
      y: { aggregate: 'count', type: 'quantitative', title: 'customers' },
    },
  });
}

/**
 * One index behind the choice of k, by k, with the chosen k and the suggested one marked (a solid
 * rule and a dashed one, the points coloured). `measure` 'inertia' is the spread within clusters,
 * whose bend (elbow) the suggestion comes from; 'silhouette' is how clearly the clusters are apart.
 */
export function chooseKSpec({ chooseK, chosen, suggested, measure = 'silhouette' }) {
  const suggestion = suggested ?? chooseK.chosen;
  const kind = (k) => (k === chosen && k === suggestion ? 'chosen and suggested' : k === chosen ? 'chosen' : k === suggestion ? 'suggested' : 'other');
  const values = chooseK.ks.map((k, i) => ({ k, silhouette: chooseK.silhouette[i], daviesBouldin: chooseK.daviesBouldin?.[i] ?? null, inertia: chooseK.inertia[i], mark: kind(k) }));
  const field = measure === 'inertia' ? 'inertia' : 'silhouette';
  const title = measure === 'inertia' ? 'spread within clusters' : 'silhouette (higher: more apart)';
  const x = { field: 'k', type: 'ordinal', title: 'k (number of clusters)', axis: { labelAngle: 0 } };
  const marks = [['chosen', '#d95f02'], ['suggested', '#1b9e77'], ['chosen and suggested', '#7570b3'], ['other', '#c8ced8']].filter(([m]) => values.some((v) => v.mark === m));
  const rules = [{ k: chosen, what: 'chosen' }, ...(suggestion !== undefined && suggestion !== chosen ? [{ k: suggestion, what: 'suggested' }] : [])];
  const heading = measure === 'inertia' ? `Spread within clusters${chooseK.elbow ? ` (bend at k = ${chooseK.elbow})` : ''}` : 'Silhouette (how far apart)';
  return base(200, {
    title: { text: heading, fontSize: 12, fontWeight: 600, anchor: 'start', color: '#3b4352', limit: 320 },
    data: { name: 'table', values },
    layer: [
      { data: { values: rules }, mark: { type: 'rule', strokeWidth: 1.5, color: '#9aa3b2' }, encoding: { x, strokeDash: { field: 'what', type: 'nominal', scale: { domain: ['chosen', 'suggested'], range: [[1, 0], [5, 4]] }, legend: null } } },
      { mark: { type: 'line', color: measure === 'inertia' ? '#2f6fde' : '#9aa3b2' }, encoding: { x, y: { field, type: 'quantitative', title, scale: { zero: false }, axis: measure === 'inertia' ? { format: '~s' } : {} } } },
      {
        mark: { type: 'point', filled: true, size: 80, tooltip: true },
        encoding: {
          x,
          y: { field, type: 'quantitative' },
          color: { field: 'mark', type: 'nominal', title: null, scale: { domain: marks.map(([m]) => m), range: marks.map(([, c]) => c) }, legend: { orient: 'top', values: marks.map(([m]) => m).filter((m) => m !== 'other') } },
          tooltip: [{ field: 'k' }, { field: 'inertia', format: ',.1f', title: 'spread within clusters' }, { field: 'silhouette', format: '.3f' }, { field: 'daviesBouldin', format: '.3f', title: 'Davies-Bouldin (lower is better)' }, { field: 'mark', title: 'this k' }],
        },
      },
    ],
  });
}

/** The RFM-segment x cluster crosstab as a heatmap with the counts written in. */
export function crosstabSpec({ crosstab, narrow }) {
  const values = [];
  crosstab.rfmSegments.forEach((s, i) => crosstab.clusters.forEach((c, j) => values.push({ segment: s, cluster: c, customers: crosstab.counts[i][j] })));
  return base(Math.max(120, crosstab.rfmSegments.length * 34 + (narrow ? 190 : 110)), {
    data: { name: 'table', values },
    encoding: {
      x: { field: 'cluster', type: 'nominal', sort: crosstab.clusters, title: 'cluster (data-driven, named by its centroid)', axis: { labelAngle: narrow ? -65 : -25, labelLimit: narrow ? 200 : 200, labelFontSize: narrow ? 10 : 11 } },
      y: { field: 'segment', type: 'nominal', sort: crosstab.rfmSegments, title: 'RFM segment', axis: { labelLimit: 110 } },
    },
    layer: [
      { mark: { type: 'rect', tooltip: true }, encoding: { color: { field: 'customers', type: 'quantitative', scale: { scheme: 'greens' }, legend: null } } },
      { mark: { type: 'text', fontSize: 11 }, encoding: { text: { field: 'customers', format: ',' }, color: { condition: { test: `datum.customers > ${Math.max(...values.map((v) => v.customers)) / 2}`, value: '#fff' }, value: '#1d2330' } } },
    ],
  });
}

/** A ward dendrogram from the segments of the stored chart (x, x2, y, y2). */
export function dendrogramSpec({ lines, labels }) {
  return base(220, {
    data: { name: 'table', values: lines },
    layer: [
      { mark: { type: 'rule', color: '#3b4352' }, encoding: { x: { field: 'x', type: 'quantitative', axis: null }, x2: { field: 'x2' }, y: { field: 'y', type: 'quantitative', title: 'merge distance (ward)' }, y2: { field: 'y2' } } },
      ...(labels.length ? [{ data: { values: labels }, mark: { type: 'text', angle: 270, align: 'right', baseline: 'middle', dx: -4, fontSize: 9, color: '#5b6473' }, encoding: { x: { field: 'x', type: 'quantitative' }, y: { datum: 0 }, text: { field: 'text' } } }] : []),
    ],
  });
}

/**
 * A time series of one measure by month (a segment's or a product's), the partial months lighter.
 * With `from` and `to` (YYYY-MM-DD: the filter's dates, else the data's period) there is a bar for
 * every month between them, a month the answer leaves out drawn as `zero`, and the axis covers
 * exactly those months.
 */
export function monthlySpec({ values, field, title, currency, money, from, to, zero = {} }) {
  const filled = from && to ? everyMonth({ values, from, to, zero }) : values;
  const rows = filled.map((v) => ({ ...v, period: `${String(v.period).slice(0, 7)}-01`, end: periodEnd(`${String(v.period).slice(0, 7)}-01`, 'month'), state: v.partial ? 'partial month' : 'complete month', text: currency ? money(v[field]) : Number(v[field]).toLocaleString('en-GB') }));
  const domain = rows.length ? [Date.parse(`${rows[0].period}T00:00:00Z`), Date.parse(`${rows[rows.length - 1].end}T00:00:00Z`)] : undefined;
  return base(180, {
    data: { name: 'table', values: rows },
    mark: { type: 'bar', tooltip: true, x2Offset: -2 },
    encoding: {
      x: { field: 'period', type: 'temporal', title: null, scale: { type: 'utc', ...(domain ? { domain } : {}) }, axis: { format: '%b %Y', labelOverlap: true, labelAngle: 0, tickCount: { interval: 'month', step: 1 } } },
      x2: { field: 'end' },
      y: { field, type: 'quantitative', title, ...(currency ? { axis: moneyAxis(currency) } : {}) },
      y2: { datum: 0 },
      color: { field: 'state', type: 'nominal', scale: { domain: ['complete month', 'partial month'], range: ['#2f6fde', '#b9cdf3'] }, legend: { title: null, orient: 'top' } },
      tooltip: [{ field: 'period', type: 'temporal', format: '%b %Y', title: 'month' }, { field: 'text', title }, { field: 'state', title: 'month' }],
    },
  });
}

/**
 * Every month from `from`'s to `to`'s (YYYY-MM-DD): the answer's row for it, or `zero` with the
 * period. A month cut by `from` or `to` (starting after its 1st, ending before its last day) is
 * partial, as is a month the answer marks partial.
 */
export function everyMonth({ values, from, to, zero = {} }) {
  const byMonth = new Map(values.map((v) => [String(v.period).slice(0, 7), v]));
  const out = [];
  const d = new Date(`${from.slice(0, 7)}-01T00:00:00Z`);
  const last = to.slice(0, 7);
  while (out.length < 1200) {
    const month = d.toISOString().slice(0, 7);
    if (month > last) break;
    const next = new Date(d);
    next.setUTCMonth(next.getUTCMonth() + 1, 1);
    const lastDay = new Date(next.getTime() - 86_400_000).toISOString().slice(0, 10);
    const cut = (month === from.slice(0, 7) && from.slice(8, 10) !== '01') || (month === last && to.slice(0, 10) < lastDay);
    const got = byMonth.get(month);
    out.push(got ? { ...got, period: `${month}-01`, partial: Boolean(got.partial) || cut } : { ...zero, period: `${month}-01`, partial: cut });
    d.setTime(next.getTime());
  }
  return out;
}

/** A customer's orders over time: revenue per invoice, cancellations in red. */
export function timelineSpec({ timeline, currency, money }) {
  const values = timeline.map((t) => ({ ...t, kind: t.cancelled ? 'cancellation' : 'order', text: money(t.revenue) }));
  return base(180, {
    data: { name: 'table', values },
    mark: { type: 'point', filled: true, size: 60, tooltip: true },
    encoding: {
      x: { field: 'date', type: 'temporal', title: null, axis: { format: '%b %Y', labelOverlap: true } },
      y: { field: 'revenue', type: 'quantitative', title: `revenue of the invoice (${currency.code})`, axis: moneyAxis(currency) },
      color: { field: 'kind', type: 'nominal', title: null, scale: { domain: ['order', 'cancellation'], range: ['#2f6fde', '#b42318'] }, legend: { orient: 'top' } },
      tooltip: [{ field: 'invoice' }, { field: 'date', type: 'temporal', format: '%d %b %Y' }, { field: 'text', title: 'revenue' }, { field: 'lines' }, { field: 'quantity' }, { field: 'kind' }],
    },
  });
}

/** MAP@K of every recommender by K, one line per recommender and policy. */
export function evaluationSpec({ rows, narrow }) {
  const values = rows.map((r) => ({ ...r, series: `${r.recommender} (${r.policy === 'exclude' ? 'new products' : 'repeats allowed'})` }));
  return base(220, {
    data: { name: 'table', values },
    mark: { type: 'line', point: true, tooltip: true },
    encoding: {
      x: { field: 'k', type: 'ordinal', title: 'K (list length)', axis: { labelAngle: 0 } },
      y: { field: 'map', type: 'quantitative', title: 'MAP@K' },
      color: { field: 'series', type: 'nominal', title: null, scale: { scheme: 'tableau20' }, legend: { ...legendAt(narrow), labelLimit: 220 } },
    },
  });
}

/**
 * The spread of 12-month CLV (from charts/clv-distribution, as analyze binned it): customers per bin,
 * the bins equally wide on a log scale, the mean as a dashed rule.
 * @param bins `[{ x0, x1, count }]`; mean the mean CLV (no rule when not positive)
 */
export function clvDistributionSpec({ bins, mean, currency, money, horizonMonths = 12 }) {
  const values = bins.map((b) => ({ ...b, range: `${money(b.x0)} to ${money(b.x1)}` }));
  // ticks at the powers of ten the bins span
  const lo = Math.floor(Math.log10(Math.min(...bins.map((b) => b.x0), Infinity)));
  const hi = Math.ceil(Math.log10(Math.max(...bins.map((b) => b.x1), 1)));
  const ticks = Number.isFinite(lo) ? Array.from({ length: Math.max(0, hi - lo + 1) }, (_, i) => 10 ** (lo + i)) : [];
  const x = { field: 'x0', type: 'quantitative', title: `CLV ${horizonMonths} months (${currency.code}, log scale)`, scale: { type: 'log' }, axis: { ...moneyAxis(currency), labelOverlap: true, ...(ticks.length ? { values: ticks } : {}) } };
  return base(200, {
    data: { name: 'table', values },
    layer: [
      { mark: { type: 'rect', color: '#2f6fde', stroke: 'white', strokeWidth: 0.5 }, encoding: { x, x2: { field: 'x1' }, y: { field: 'count', type: 'quantitative', title: 'customers' }, tooltip: [{ field: 'range', title: 'CLV' }, { field: 'count', title: 'customers', format: ',' }] } },
      { data: { values: mean > 0 ? [{ mean, text: `mean ${money(mean)}` }] : [] }, mark: { type: 'rule', strokeDash: [4, 4], color: '#d95f02', strokeWidth: 1.5 }, encoding: { x: { field: 'mean', type: 'quantitative' }, tooltip: [{ field: 'text', title: 'mean CLV' }] } },
    ],
  });
}

/**
 * The calibration check (from charts/clv-calibration): by calibration frequency, the mean actual
 * holdout purchases (solid) and the mean BG/NBD expects (dashed).
 * @param rows `[{ frequency, orMore, customers, actual, predicted }]`
 */
export function clvCalibrationSpec({ rows, narrow }) {
  const values = rows.flatMap((r) => {
    const label = `${r.frequency}${r.orMore ? '+' : ''}`;
    return [
      { label, series: 'actual', value: r.actual, customers: r.customers },
      { label, series: 'expected (BG/NBD)', value: r.predicted, customers: r.customers },
    ];
  });
  const order = rows.map((r) => `${r.frequency}${r.orMore ? '+' : ''}`);
  return base(narrow ? 220 : 240, {
    data: { name: 'table', values },
    mark: { type: 'line', point: true, tooltip: true },
    encoding: {
      x: { field: 'label', type: 'ordinal', sort: order, title: 'repeat purchase days before the cut-off', axis: { labelAngle: 0 } },
      y: { field: 'value', type: 'quantitative', title: narrow ? 'holdout purchases / customer' : 'holdout purchase days per customer' },
      color: { field: 'series', type: 'nominal', title: null, scale: { domain: ['actual', 'expected (BG/NBD)'], range: ['#2f6fde', '#d95f02'] }, legend: { orient: 'top' } },
      strokeDash: { field: 'series', type: 'nominal', scale: { domain: ['actual', 'expected (BG/NBD)'], range: [[1, 0], [5, 4]] }, legend: null },
      tooltip: [{ field: 'label', title: 'calibration frequency' }, { field: 'series' }, { field: 'value', format: '.3f', title: 'per customer' }, { field: 'customers', format: ',' }],
    },
  });
}

/** 'Dec 2010' for '2010-12' or '2010-12-01'. */
export function monthLabel(period) {
  const [y, m] = String(period).split('-');
  return `${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][Number(m) - 1] ?? m} ${y}`;
}
