// The shopper-spectrum dashboard: plain JavaScript over the JSON API. Every page is a hash route
// with its whole state in the URL (#/customers?country=France&sort=revenue), so the back button
// and a shared link give the same page; one filter bar (dates, country, RFM segment, cluster)
// applies to every figure of every page. Charts are Vega-Lite specs built here (charts.js) from the
// API's data and drawn through Vega's expression interpreter: the Content-Security-Policy needs
// neither 'unsafe-eval' nor an inline script.
import * as charts from '/charts.js';

const $ = (id) => document.getElementById(id);
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const fmtInt = (x) => (x === null || x === undefined || Number.isNaN(x) ? '-' : Math.round(x).toLocaleString('en-GB'));
const fmtNum = (x, d = 1) => (x === null || x === undefined ? '-' : Number(x).toLocaleString('en-GB', { maximumFractionDigits: d, minimumFractionDigits: d }));
const fmtPct = (x, d = 1) => (x === null || x === undefined ? '-' : `${(x * 100).toFixed(d)}%`);
const FILTER_KEYS = ['from', 'to', 'country', 'segment', 'cluster'];
const PAGE_SIZE = 25;

// ---- the token: a server started with one wants it on every API request; asked once per tab ----
const TOKEN_KEY = 'shopper-spectrum-token';
function authHeaders(init) {
  const token = sessionStorage.getItem(TOKEN_KEY);
  const headers = new Headers(init?.headers);
  if (token) headers.set('authorization', `Bearer ${token}`);
  return { ...init, headers };
}
let asking = null;
function askToken(message) {
  asking ??= new Promise((done) => {
    const box = $('token-box');
    $('token-message').textContent = message;
    box.hidden = false;
    $('token-input').focus();
    $('token-form').addEventListener(
      'submit',
      (ev) => {
        ev.preventDefault();
        sessionStorage.setItem(TOKEN_KEY, $('token-input').value.trim());
        $('token-input').value = '';
        box.hidden = true;
        asking = null;
        done();
      },
      { once: true },
    );
  });
  return asking;
}

async function apiResponse(path, init) {
  for (;;) {
    const res = await fetch(path, authHeaders(init));
    if (res.status !== 401) return res;
    const body = await res.json().catch(() => ({}));
    await askToken(body.error ? body.error.message : 'This server needs a token.');
  }
}

/** An API refusal: the one error shape's code, message and parameter. */
class ApiError extends Error {
  constructor(status, error, path) {
    super(error?.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = error?.code ?? 'HTTP';
    this.parameter = error?.parameter ?? null;
    this.path = path;
  }
  /** The route is not on this server (yet). */
  get missingRoute() {
    return this.status === 404 && this.code === 'NOT_FOUND' && this.parameter === 'path';
  }
  /** A filter the route does not take (yet): not the analyst's mistake. */
  get unsupportedFilter() {
    return this.code === 'UNKNOWN_PARAMETER' && FILTER_KEYS.includes(this.parameter);
  }
  /** A filter value the server refuses (a reversed range, an unknown country, ...). */
  get badFilter() {
    return this.status === 400 && !this.unsupportedFilter && FILTER_KEYS.includes(this.parameter);
  }
}

/** Every JSON answer the current page fetched, by path (dashboard.answers in the console and the tests). */
const answers = new Map();
async function api(path, init) {
  const res = await apiResponse(path, init);
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, body.error, path);
  answers.set(path, body);
  return body;
}

/** Saves an API CSV answer (fetched with the token, which a plain link could not send). */
/**
 * The name a CSV answer is saved under: the server's (its exact `filename*=UTF-8''...` when given,
 * else the ASCII `filename`), else `fallback`, the name the page makes the same way (the table,
 * then what the filter keeps: a segment drill-down saves customers-segment-At-Risk-....csv).
 */
function savedName(disposition, fallback) {
  const exact = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '')?.[1];
  if (exact) {
    try {
      return decodeURIComponent(exact.trim());
    } catch {
      // a malformed escape: the ASCII name below
    }
  }
  return /filename="([^"]+)"/.exec(disposition ?? '')?.[1] ?? fallback;
}
async function download(path, fallbackName) {
  const res = await apiResponse(path);
  if (!res.ok) {
    const body = await res.json().catch(() => ({}));
    throw new ApiError(res.status, body.error, path);
  }
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = savedName(res.headers.get('content-disposition'), fallbackName);
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// ---- what the whole app knows once: the data's period, currency, countries, segment and cluster names ----
const meta = { currency: { code: 'GBP', symbol: '£' }, period: null, countries: [], rfmSegments: [], clusters: [], models: [] };
let moneyFormat = null;
function money(x, digits) {
  if (x === null || x === undefined || Number.isNaN(x)) return '-';
  const d = digits ?? (Math.abs(x) >= 1000 ? 0 : 2);
  moneyFormat ??= new Map();
  if (!moneyFormat.has(d)) moneyFormat.set(d, new Intl.NumberFormat('en-GB', { style: 'currency', currency: meta.currency.code, minimumFractionDigits: d, maximumFractionDigits: d }));
  return moneyFormat.get(d).format(x);
}

// ---- routes: #/<page>/<arg>/<arg>?<filters and page state> ----
function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const q = raw.indexOf('?');
  const path = (q < 0 ? raw : raw.slice(0, q)).split('/').filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
  return { page: path[0] || 'overview', args: path.slice(1), params };
}
function filterOf(params) {
  const f = {};
  for (const k of FILTER_KEYS) f[k] = params.get(k) || null;
  return f;
}
function filterQuery(filter, extra = {}) {
  const p = new URLSearchParams();
  for (const k of FILTER_KEYS) if (filter[k]) p.set(k, filter[k]);
  for (const [k, v] of Object.entries(extra)) if (v !== null && v !== undefined && v !== '') p.set(k, String(v));
  return p;
}
/** A link to a page with the current filters (and any page state). */
function href(path, extra = {}) {
  const q = filterQuery(current.filter, extra).toString();
  return `#/${path.map(encodeURIComponent).join('/')}${q ? `?${q}` : ''}`;
}
/** Changes page state in the URL (a new history entry: the back button undoes it). */
function go(extra, { replace = false } = {}) {
  const { page, args, params } = parseHash();
  for (const [k, v] of Object.entries(extra)) {
    if (v === null || v === undefined || v === '') params.delete(k);
    else params.set(k, String(v));
  }
  const q = params.toString();
  const next = `#/${[page, ...args].map(encodeURIComponent).join('/')}${q ? `?${q}` : ''}`;
  if (replace) history.replaceState(null, '', next);
  else location.hash = next;
  if (replace) render();
}

/** "France, 2011-09-01 to 2011-11-30, RFM segment At-Risk" (every filter set; the whole period otherwise). */
function describeFilter(echo) {
  const f = echo ?? current.filter;
  const parts = [];
  parts.push(f.country ?? 'all countries');
  const from = f.from ?? meta.period?.from;
  const to = f.to ?? meta.period?.to;
  if (f.from || f.to) parts.push(`${from} to ${to}`);
  else if (from) parts.push(`${from} to ${to} (the whole log)`);
  if (f.segment) parts.push(`RFM segment ${f.segment}`);
  if (f.cluster) parts.push(`cluster ${f.cluster}`);
  return parts.join(', ');
}
/** Only the filters that are set, in words: "country France, from 2011-09-01, RFM segment At-Risk". */
const setFilters = (f) =>
  [f.country && `country ${f.country}`, f.from && `from ${f.from}`, f.to && `to ${f.to}`, f.segment && `RFM segment ${f.segment}`, f.cluster && `cluster ${f.cluster}`].filter(Boolean).join(', ');
const echoOf = (answer) => answer?.filter ?? answer?.filters ?? null;
/** The months a monthly chart covers: the filter's dates, else the data's period ({ from, to } YYYY-MM-DD). */
const monthsOf = (echo) => {
  const f = echo ?? current.filter;
  const from = f.from ?? current.filter.from ?? meta.period?.from;
  const to = f.to ?? current.filter.to ?? meta.period?.to;
  return from && to ? { from: String(from).slice(0, 10), to: String(to).slice(0, 10) } : {};
};
/** A filter echo without one key (a segment page's own segment, said in its title already). */
const without = (echo, key) => (echo && key ? { ...current.filter, ...echo, [key]: null } : echo);

// ---- the page being shown ----
const current = { gen: 0, filter: {}, page: 'overview', failed: false };
const view = $('view');

/** A card: a title that says what it shows, a body, optional buttons. */
function card(parent, { id, title, wide = false, cls = '' }) {
  const el = document.createElement('section');
  el.className = `card ${wide ? 'wide' : ''} ${cls}`;
  el.innerHTML = `<div class="card-head"><h2></h2><span class="tools"></span></div><div class="body"></div>`;
  if (id) el.id = `card-${id}`;
  el.querySelector('h2').textContent = title;
  parent.append(el);
  const body = el.querySelector('.body');
  return {
    el,
    body,
    title: (t) => (el.querySelector('h2').textContent = t),
    tools: el.querySelector('.tools'),
    /** A chart container inside the card (its id names the view in dashboard.views). */
    chart: (chartId) => {
      const c = document.createElement('div');
      c.className = 'chart';
      c.id = `chart-${chartId}`;
      body.append(c);
      return c;
    },
  };
}
function grid(parent, cls = 'grid') {
  const g = document.createElement('div');
  g.className = cls;
  parent.append(g);
  return g;
}
const narrowNow = () => view.clientWidth < 560;

/** 'customers-segment-At-Risk-France-from-2011-09-01.csv': the table, then what the filter keeps (as the server names it). */
const csvFileName = (base, f) => `${[base, f.segment && `segment-${f.segment}`, f.cluster && `cluster-${f.cluster}`, f.country, f.from && `from-${f.from}`, f.to && `to-${f.to}`].filter(Boolean).join('-')}.csv`;

/** Adds a CSV button to a card that saves the API's CSV of `path`. */
function csvButton(c, path, name, label = 'Download CSV') {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'csv';
  b.textContent = label;
  b.dataset.csv = path;
  b.dataset.name = name;
  b.addEventListener('click', () => download(path, name).catch((e) => (c.body.insertAdjacentHTML('afterbegin', `<p class="error">${esc(e.message)}</p>`))));
  c.tools.append(b);
  return b;
}

/**
 * Fills a card from `fill()`; a route this server does not have yet says so in the card; a
 * refused filter clears the whole page into the error state (no figure of another filter stays).
 */
async function load(c, fill) {
  const gen = current.gen;
  c.el.classList.add('loading');
  try {
    await fill();
  } catch (e) {
    if (gen !== current.gen) return;
    if (e instanceof ApiError && e.badFilter) return filterFailed(e);
    c.body.innerHTML = '';
    if (e instanceof ApiError && e.missingRoute) c.body.innerHTML = `<p class="na">Not available from this server: ${esc(e.path.split('?')[0])} is not one of its routes yet.</p>`;
    else if (e instanceof ApiError && e.unsupportedFilter) c.body.innerHTML = `<p class="na">Not available with this filter: ${esc(e.path.split('?')[0])} does not take ${esc(e.parameter)}= on this server yet, so no figure is shown rather than an unfiltered one.</p>`;
    else c.body.innerHTML = `<p class="error">${esc(e.message)}</p>`;
    c.el.classList.add('unavailable');
  } finally {
    c.el.classList.remove('loading');
  }
}
const live = (gen) => gen === current.gen;

/** The error state: every figure cleared, the reason, a way back. */
function filterFailed(e) {
  if (current.failed) return;
  current.failed = true;
  current.gen++; // late answers of this render are dropped
  document.body.dataset.render = String(current.gen);
  for (const v of charts.views.values()) v.finalize();
  charts.views.clear();
  view.innerHTML = `<section class="card filter-error" id="filter-error"><h2>No figures: the filter is not valid</h2><p class="error">${esc(e.message)}</p><p><a href="#/${esc(current.page)}">Clear the filters</a> or change them above.</p></section>`;
  $('f-error').textContent = e.message;
  document.body.dataset.state = 'filter-error';
}

// ---- the filter bar ----
function fillFilterBar(filter) {
  $('f-from').value = filter.from ?? '';
  $('f-to').value = filter.to ?? '';
  for (const [key, el] of [
    ['country', $('f-country')],
    ['segment', $('f-segment')],
    ['cluster', $('f-cluster')],
  ]) {
    const v = filter[key] ?? '';
    // a shared link may name a value this data does not have: shown, and refused by the server
    if (v && ![...el.options].some((o) => o.value === v)) el.insertAdjacentHTML('beforeend', `<option value="${esc(v)}" data-unknown="1">${esc(v)} (not in the data)</option>`);
    el.value = v;
  }
  const set = FILTER_KEYS.filter((k) => filter[k]);
  $('f-summary').textContent = set.length ? `Showing: ${describeFilter(filter)}` : '';
}
$('filters').addEventListener('submit', (e) => {
  e.preventDefault();
  const next = { from: $('f-from').value, to: $('f-to').value, country: $('f-country').value, segment: $('f-segment').value, cluster: $('f-cluster').value };
  go({ ...next, page: null });
});
$('f-reset').addEventListener('click', () => go({ from: null, to: null, country: null, segment: null, cluster: null, page: null }));

/** A filter the page can refuse without asking: a reversed range or a date that is not a date. */
function checkFilter(f) {
  for (const k of ['from', 'to']) {
    if (f[k] && !(/^\d{4}-\d{2}-\d{2}$/.test(f[k]) && new Date(`${f[k]}T00:00:00Z`).toISOString().slice(0, 10) === f[k])) return new ApiError(400, { code: 'INVALID_PARAMETER', message: `${k} must be a real date YYYY-MM-DD, got ${JSON.stringify(f[k])}`, parameter: k });
  }
  if (f.from && f.to && f.to < f.from) return new ApiError(400, { code: 'INVALID_PARAMETER', message: `to (${f.to}) is before from (${f.from})`, parameter: 'to' });
  // a value the data does not have (a shared link of another analysis, a typed URL); the server would refuse it too
  for (const [key, known, what] of [
    ['country', meta.countries, 'country'],
    ['segment', meta.rfmSegments, 'RFM segment'],
    ['cluster', meta.clusters, 'cluster'],
  ]) {
    if (f[key] && known.length && !known.includes(f[key])) return new ApiError(400, { code: 'INVALID_PARAMETER', message: `${what} ${JSON.stringify(f[key])} is not in the data (${known.length} ${what === 'country' ? 'countries' : `${what}s`} are)`, parameter: key });
  }
  return null;
}

// ---- rendering a route ----
const PAGES = { overview: overviewPage, customers: customersPage, customer: customerPage, segments: segmentsPage, segment: segmentPage, recommendations: recommendationsPage, products: productsPage, product: productPage };
const NAV = { customer: 'customers', segment: 'segments', product: 'products' };

async function render() {
  const route = parseHash();
  const gen = ++current.gen;
  const known = Boolean(PAGES[route.page]) && !(route.page === 'segment' && (!['rfm', 'cluster'].includes(route.args[0]) || !route.args[1]));
  current.page = known ? route.page : 'not-found';
  current.filter = filterOf(route.params);
  current.failed = false;
  current.params = route.params;
  answers.clear();
  for (const v of charts.views.values()) v.finalize();
  charts.views.clear();
  view.innerHTML = '';
  $('f-error').textContent = '';
  document.body.dataset.state = 'loading';
  document.body.dataset.render = String(gen);
  document.body.dataset.page = current.page;
  delete document.body.dataset.notFound;
  fillFilterBar(current.filter);
  for (const a of document.querySelectorAll('#nav a')) {
    a.classList.toggle('active', a.dataset.page === (NAV[current.page] ?? current.page));
    a.href = href([a.dataset.page]);
  }
  if (!known) {
    noSuchPage(route);
    document.body.dataset.state = 'ready';
    return;
  }
  const bad = checkFilter(current.filter);
  if (bad) return filterFailed(bad);
  try {
    await PAGES[current.page]({ args: route.args, params: route.params, filter: current.filter, gen });
  } catch (e) {
    if (!live(gen)) return;
    if (e instanceof ApiError && e.badFilter) return filterFailed(e);
    view.insertAdjacentHTML('beforeend', `<section class="card"><p class="error">${esc(e.message)}</p></section>`);
  }
  if (live(gen)) document.body.dataset.state = 'ready';
}

/** A hash that is no page of the dashboard (a typo, an old link): says so, with a way to the overview. */
function noSuchPage(route) {
  const asked = `#/${[route.page, ...route.args].map(encodeURIComponent).join('/')}`;
  const pages = Object.keys(PAGES).filter((p) => !NAV[p]);
  view.innerHTML = `<section class="card not-found" id="not-found"><h2>No such page: ${esc(asked)}</h2><p>The dashboard has no page at this address. Go to <a id="to-overview" href="${href(['overview'])}">the overview</a>, or one of: ${pages
    .filter((p) => p !== 'overview')
    .map((p) => `<a href="${href([p])}">${esc(p)}</a>`)
    .join(', ')}.</p>${route.page === 'segment' ? '<p class="muted">A segment page is #/segment/rfm/&lt;RFM segment&gt; or #/segment/cluster/&lt;cluster&gt;.</p>' : ''}</section>`;
}

/**
 * A customer, product or segment the data does not have: one card that says so in an analyst's
 * words, with where to look instead (no API route, no figure of something else).
 */
function notInData({ title, text, links }) {
  for (const v of charts.views.values()) v.finalize();
  charts.views.clear();
  view.innerHTML = `<section class="card not-found" id="not-found"><h2>${esc(title)}</h2><p>${text}</p>${links.length ? `<p>${links.map(([h, label]) => `<a href="${h}">${esc(label)}</a>`).join(' · ')}</p>` : ''}</section>`;
  document.body.dataset.notFound = '1';
}
const isUnknown = (e, code) => e instanceof ApiError && e.status === 404 && e.code === code;
/** Ends the current render on a not-in-the-data card (late answers of its other cards are dropped). */
function pageNotInData(opts) {
  current.gen++;
  document.body.dataset.render = String(current.gen);
  notInData(opts);
  document.body.dataset.state = 'ready';
}
/** "the log (source, 2010-12-01 to 2011-12-09)" for the not-in-the-data cards. */
const theData = () => `this analysis (${esc(meta.source ?? 'the data')}, ${esc(meta.period?.from ?? '')} to ${esc(meta.period?.to ?? '')})`;

function kpiRow(parent, items) {
  const row = document.createElement('div');
  row.className = 'kpis';
  row.innerHTML = items
    .map(([id, label, value, change]) => `<div class="kpi" id="kpi-${id}"><div class="v">${esc(value)}</div><div class="l">${esc(label)}</div>${change ? `<div class="change ${change.cls}">${esc(change.text)}</div>` : ''}</div>`)
    .join('');
  parent.append(row);
  return row;
}

/** "+12.3% vs 2011-06-03 to 2011-08-31", or why there is no comparison. */
function changeText(value, change, previous) {
  if (!change || change.ratio === null || change.ratio === undefined || !previous) return null;
  if (!change.previous) return { cls: 'flat', text: `none in ${previous.from} to ${previous.to}` };
  const r = (value - change.previous) / change.previous;
  return { cls: r > 0.0005 ? 'up' : r < -0.0005 ? 'down' : 'flat', text: `${r >= 0 ? '+' : '−'}${Math.abs(r * 100).toFixed(1)}% vs ${previous.from} to ${previous.to}` };
}

// ================= Overview =================
async function overviewPage({ params, filter, gen }) {
  const q = filterQuery(filter);
  const interval = ['month', 'week', 'day'].includes(params.get('interval')) ? params.get('interval') : 'month';
  const head = document.createElement('div');
  view.append(head);
  const kpis = card(view, { id: 'kpis', title: `Headline figures, ${describeFilter()}`, cls: 'plain' });
  const sales = card(view, { id: 'sales', title: `Revenue by ${interval}` });
  const g = grid(view);
  const top = card(g, { id: 'top', title: 'Top products by revenue' });
  const pareto = card(g, { id: 'pareto', title: 'How concentrated revenue is' });
  const countries = card(view, { id: 'countries', title: 'Revenue by country' });
  const cohorts = card(view, { id: 'cohorts', title: 'Monthly cohort retention' });

  sales.tools.innerHTML = `<label class="inline">Interval <select id="o-interval">${['month', 'week', 'day'].map((i) => `<option${i === interval ? ' selected' : ''}>${i}</option>`).join('')}</select></label>`;
  sales.tools.querySelector('select').addEventListener('change', (e) => go({ interval: e.target.value }));

  await Promise.all([
    load(kpis, async () => {
      let o;
      try {
        o = await api(`/api/overview?${q}`);
      } catch (e) {
        if (!(e instanceof ApiError && e.missingRoute)) throw e;
        const s = await api(`/api/sales?${q}`);
        o = { filter: echoOf(s), kpis: s.kpis, change: null, previous: undefined };
      }
      if (!live(gen)) return;
      kpis.title(`Headline figures, ${describeFilter(echoOf(o))}`);
      const c = (k) => changeText(o.kpis[k], o.change?.[k], o.previous);
      kpiRow(kpis.body, [
        ['revenue', `Revenue (${meta.currency.code})`, money(o.kpis.revenue, 0), c('revenue')],
        ['orders', 'Orders', fmtInt(o.kpis.orders), c('orders')],
        ['customers', 'Customers', fmtInt(o.kpis.customers), c('customers')],
        ['aov', `Average order value (${meta.currency.code})`, money(o.kpis.averageOrderValue, 2), c('averageOrderValue')],
        ['products', 'Products', fmtInt(o.kpis.products), c('products')],
      ]);
      if (o.previous === null) kpis.body.insertAdjacentHTML('beforeend', '<p class="muted" id="no-previous">No change against a previous period: set a date range with a period of the same length inside the data before it.</p>');
      if (o.previous === undefined) kpis.body.insertAdjacentHTML('beforeend', '<p class="na">Change against the previous period: not available from this server (no /api/overview route yet).</p>');
    }),
    load(sales, async () => {
      const s = await api(`/api/sales?${filterQuery(filter, { interval })}`);
      if (!live(gen)) return;
      const points = s.points.map((p) => ({ ...p }));
      if (interval === 'day' && points.length && points[0].rolling7 === undefined) rolling(points);
      const partial = points.filter((p) => p.partial);
      sales.title(`Revenue by ${interval} (${meta.currency.code}), ${describeFilter(echoOf(s))}${interval === 'day' ? ': daily revenue and its 7-day rolling mean' : ''}`);
      if (!points.length) return void (sales.body.innerHTML = '<p class="na">No sales in this filter.</p>');
      await charts.draw(sales.chart('sales'), charts.salesSpec({ points, interval, currency: meta.currency, money, narrow: narrowNow() }));
      if (partial.length) sales.body.insertAdjacentHTML('beforeend', `<p class="note">Lighter bars are partial periods (cut by the end of the data or the filter): ${partial.map((p) => esc(periodLabel(p.period, interval))).join(', ')}. Compare them with care.</p>`);
      else if (points[0].partial === undefined && meta.lastPeriod?.partial) sales.body.insertAdjacentHTML('beforeend', `<p class="note">The last month of the log, ${esc(charts.monthLabel(meta.lastPeriod.month))}, has ${meta.lastPeriod.days} of ${meta.lastPeriod.daysInMonth} days of data.</p>`);
    }),
    load(top, async () => {
      const t = await api(`/api/products/top?${filterQuery(filter, { limit: 15, by: 'revenue' })}`);
      if (!live(gen)) return;
      top.title(`Top ${t.rows.length} products by revenue (${meta.currency.code}), ${describeFilter(echoOf(t))}`);
      if (!t.rows.length) return void (top.body.innerHTML = '<p class="na">No products sold in this filter.</p>');
      await charts.draw(top.chart('top'), charts.rankedBarsSpec({ rows: t.rows.map((r) => ({ label: `${r.description ?? r.stockCode}`, stockCode: r.stockCode, value: r.revenue, valueText: money(r.revenue) })), valueTitle: `revenue (${meta.currency.code})`, currency: meta.currency, narrow: narrowNow() }));
    }),
    load(countries, async () => {
      const c = await api(`/api/countries/revenue?${q}`);
      if (!live(gen)) return;
      countries.title(`Revenue by country (${meta.currency.code}), ${describeFilter(echoOf(c))}`);
      if (!c.rows.length) return void (countries.body.innerHTML = '<p class="na">No sales in this filter.</p>');
      const only = c.rows.find((r) => r.country === c.top.country) ?? c.top;
      if (!c.rest.countries) return void countries.body.insertAdjacentHTML('beforeend', `<p class="lead">All revenue in this filter, <b>${money(c.top.revenue, 0)}</b>, is from ${esc(c.top.country)} (${fmtInt(only.customers)} customers, ${fmtInt(only.orders)} orders).</p>`);
      countries.body.insertAdjacentHTML('beforeend', `<p class="lead">${esc(c.top.country)}: <b>${money(c.top.revenue, 0)}</b> (${fmtPct(c.top.share)}) against <b>${money(c.rest.revenue, 0)}</b> (${fmtPct(c.rest.share)}) from ${fmtInt(c.rest.countries)} other ${c.rest.countries === 1 ? 'country' : 'countries'}.</p>`);
      await charts.draw(countries.chart('countries-split'), charts.topVsRestSpec({ top: c.top, rest: c.rest, money, narrow: narrowNow() }));
      const rest = c.rows.filter((r) => r.country !== c.top.country);
      if (rest.length) {
        countries.body.insertAdjacentHTML('beforeend', `<h3>The other ${rest.length} ranked (${meta.currency.code})</h3>`);
        await charts.draw(countries.chart('countries'), charts.rankedBarsSpec({ rows: rest.map((r) => ({ label: r.country, value: r.revenue, valueText: `${money(r.revenue)} (${fmtPct(r.share)}; ${fmtInt(r.customers)} customers)` })), valueTitle: `revenue (${meta.currency.code})`, currency: meta.currency, narrow: narrowNow(), color: '#e6ab02' }));
      }
    }),
    load(pareto, async () => {
      const p = await api(`/api/pareto?${q}`);
      if (!live(gen)) return;
      const c = p.customers;
      pareto.title(`Top ${fmtPct(c.topFraction, 0)} of customers bring ${fmtPct(c.topRevenueShare)} of revenue, ${describeFilter(echoOf(p))}`);
      if (!c.count) return void (pareto.body.innerHTML = '<p class="na">No customers in this filter.</p>');
      pareto.body.insertAdjacentHTML('beforeend', `<p class="muted">${fmtInt(c.count)} customers, ranked by revenue in the filter.</p>`);
      await charts.draw(pareto.chart('pareto'), charts.paretoSpec({ ...c, what: 'customers' }));
    }),
    load(cohorts, async () => {
      const c = await api(`/api/cohorts?${q}`);
      if (!live(gen)) return;
      const echo = echoOf(c);
      const filtered = FILTER_KEYS.some((k) => (echo ?? current.filter)[k]);
      const wholeLog = cohortsByWholeLog(c);
      cohorts.title(
        wholeLog
          ? `Monthly cohort retention: customers by the month of their first purchase in the whole log; the share of each cohort buying in each later month${filtered ? `, counted within ${describeFilter(echo)}` : `, ${describeFilter(echo)}`}`
          : `Monthly cohort retention: customers by the month of their first purchase within the filter; the share of each cohort buying in each later month, ${describeFilter(echo)}`,
      );
      cohorts.body.insertAdjacentHTML(
        'beforeend',
        `<p class="muted chart-sub" id="cohort-basis">${
          wholeLog
            ? `${esc(c.basis?.text ?? `A cohort is the customers whose first purchase in the whole log falls in that month.`)}${c.excluded ? ` ${fmtInt(c.excluded)} customers who bought in the filter first bought before it (or outside it) and are in no cohort.` : ''}`
            : 'A cohort is the customers whose first purchase inside the filter falls in that month (this server counts first purchases within the filter, so a customer who bought before the filter starts is counted as new).'
        } Column 0 is the first month itself (100%).${c.lastMonth?.partial ? ` The last column, ${esc(charts.monthLabel(c.lastMonth.month))}, is a partial month (cut by the filter or the end of the data): compare it with care.` : ''}${c.cohorts.some((x) => x.partial) ? ' A cohort marked “(part)” was acquired over part of its month.' : ''}</p>`,
      );
      if (!c.cohorts.length) return void cohorts.body.insertAdjacentHTML('beforeend', '<p class="na">No cohorts in this filter.</p>');
      await charts.draw(cohorts.chart('cohorts'), charts.cohortSpec({ cohorts: c.cohorts, narrow: narrowNow() }));
    }),
  ]);
}
/**
 * Whether a /api/cohorts answer groups customers by their first purchase in the whole log (the
 * server says so in `basis.firstPurchase`), rather than by their first purchase inside the filter.
 */
function cohortsByWholeLog(c) {
  return c.basis?.firstPurchase === 'whole log';
}
function rolling(points) {
  let sum = 0;
  points.forEach((p, i) => {
    sum += p.revenue;
    if (i >= 7) sum -= points[i - 7].revenue;
    p.rolling7 = sum / Math.min(i + 1, 7);
  });
}
function periodLabel(period, interval) {
  return interval === 'month' ? charts.monthLabel(period) : interval === 'week' ? `week of ${period}` : period;
}

// ================= Customers =================
const CUSTOMER_COLUMNS = [
  ['customerId', 'Customer', false],
  ['country', 'Country', false],
  ['recency', 'Recency (days)', true],
  ['frequency', 'Frequency (orders)', true],
  ['monetary', 'Monetary', true],
  ['score', 'RFM score', false],
  ['rfmSegment', 'RFM segment', false],
  ['cluster', 'Cluster', false],
  ['revenue', 'Revenue in filter', true],
  ['orders', 'Orders in filter', true],
  ['clv12m', 'CLV 12 months', true],
];

/**
 * The customer list in a card: search by CustomerID prefix, sort by a header, pages; its state is
 * the URL's (q, sort, order, page), and `fixed` adds filters (a segment page's own segment).
 */
async function customerList(c, { params, filter, gen, fixed = {}, what = 'Customers', omit = null }) {
  const sort = params.get('sort') || 'revenue';
  const order = params.get('order') === 'asc' ? 'asc' : 'desc';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const q = params.get('q') || '';
  const f = { ...filter, ...fixed };
  const query = filterQuery(f, { q, sort, order, page, pageSize: PAGE_SIZE });
  const r = await api(`/api/customers?${query}`);
  if (!live(gen)) return;
  const pages = Math.max(1, Math.ceil(r.total / r.pageSize));
  c.title(`${what}: ${fmtInt(r.total)}${q ? ` with an id starting ${q}` : ''}, by ${sort} (${order === 'desc' ? 'largest first' : 'smallest first'}), ${describeFilter(without(echoOf(r) ?? f, omit))}`);
  csvButton(c, `/api/customers?${filterQuery(f, { q, sort, order, format: 'csv' })}`, csvFileName('customers', f), 'Download CSV (customers with RFM)');
  c.body.innerHTML = `<form class="row search" id="c-search"><label>CustomerID starts with <input id="c-q" value="${esc(q)}" inputmode="numeric" placeholder="e.g. 123"></label><button type="submit">Search</button></form>
  <div class="scroll"><table id="customers-table"><thead><tr>${CUSTOMER_COLUMNS.map(([k, label, num]) => `<th class="sortable ${num ? 'n' : ''}" data-key="${k}" aria-sort="${k === sort ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}">${esc(label)}${k === sort ? (order === 'desc' ? ' ▼' : ' ▲') : ''}</th>`).join('')}</tr></thead><tbody>${r.rows
    .map(
      (x) =>
        `<tr><td><a href="${href(['customer', x.customerId])}">${esc(x.customerId)}</a></td><td>${esc(x.country)}</td><td class="n">${fmtInt(x.recency)}</td><td class="n">${fmtInt(x.frequency)}</td><td class="n">${money(x.monetary)}</td><td>${esc(x.score)}</td><td><a href="${href(['segment', 'rfm', x.rfmSegment])}">${esc(x.rfmSegment)}</a></td><td><a href="${href(['segment', 'cluster', x.cluster])}">${esc(x.cluster)}</a></td><td class="n">${money(x.revenue)}</td><td class="n">${fmtInt(x.orders)}</td><td class="n">${x.clv12m === null || x.clv12m === undefined ? '-' : money(x.clv12m)}</td></tr>`,
    )
    .join('')}</tbody></table></div>
  <div class="pager"><button type="button" data-page="${page - 1}" ${page <= 1 ? 'disabled' : ''}>‹ Previous</button> <span>page ${fmtInt(page)} of ${fmtInt(pages)} (${PAGE_SIZE} a page)</span> <button type="button" data-page="${page + 1}" ${page >= pages ? 'disabled' : ''}>Next ›</button></div>`;
  c.body.querySelector('#c-search').addEventListener('submit', (e) => {
    e.preventDefault();
    go({ q: c.body.querySelector('#c-q').value.trim(), page: null });
  });
  for (const th of c.body.querySelectorAll('th[data-key]')) th.addEventListener('click', () => go({ sort: th.dataset.key, order: th.dataset.key === sort && order === 'desc' ? 'asc' : 'desc', page: null }));
  for (const b of c.body.querySelectorAll('.pager button')) b.addEventListener('click', () => go({ page: b.dataset.page }));
}

async function customersPage(ctx) {
  const c = card(view, { id: 'customers', title: 'Customers' });
  await load(c, () => customerList(c, ctx));
}

// ================= Customer =================
async function customerPage({ args, params, filter, gen }) {
  const id = args[0] ?? '';
  // A customer's page is the customer's whole history as of the analysis: the filter bar does not
  // narrow it (a profile cut to a country or a date range would misstate the customer's R, F, M and
  // segment), and every title says so; its links to other pages keep the filters.
  const whole = 'whole history; the filters do not apply';
  const head = card(view, { id: 'customer', title: `Customer ${id} (${whole})` });
  const set = FILTER_KEYS.filter((k) => filter[k]);
  if (set.length) head.body.insertAdjacentHTML('beforebegin', `<p class="note" id="filters-not-applied">The filters (${esc(setFilters(filter))}) do not apply to a customer's page: every figure here is customer ${esc(id)}'s whole history in the log. Links to other pages keep them.</p>`);
  const g = grid(view);
  const rfm = card(g, { id: 'customer-rfm', title: `RFM scores of customer ${id} and what they mean (as of the analysis; the filters do not apply)` });
  const timeline = card(g, { id: 'customer-timeline', title: `Orders of customer ${id} over time (${whole})` });
  const products = card(view, { id: 'customer-products', title: `Products customer ${id} bought (${whole})` });
  const recs = card(view, { id: 'customer-recs', title: `Recommendations for customer ${id}` });
  await Promise.all([
    load(head, async () => {
      let d;
      try {
        d = await api(`/api/customers/${encodeURIComponent(id)}`);
      } catch (e) {
        if (isUnknown(e, 'UNKNOWN_CUSTOMER') && live(gen)) {
          const prefix = id.replace(/\D/g, '').slice(0, 3);
          return pageNotInData({
            title: `No customer ${id} in this analysis`,
            text: `There is no customer with CustomerID <b>${esc(id)}</b> in ${theData()}. A CustomerID is a number such as 12347; lines without one are left out of the customer figures.`,
            links: [...(prefix ? [[href(['customers'], { q: prefix }), `Customers whose id starts ${prefix}`]] : []), [href(['customers']), 'All customers'], [href(['overview']), 'Overview']],
          });
        }
        if (!(e instanceof ApiError && e.missingRoute)) throw e;
        head.body.innerHTML = '<p class="na">The customer profile route (/api/customers/:id) is not on this server yet; the recommendations below show the RFM profile and history.</p>';
        rfm.body.innerHTML = timeline.body.innerHTML = products.body.innerHTML = '<p class="na">Not available from this server yet.</p>';
        return;
      }
      if (!live(gen)) return;
      head.title(`Customer ${d.customerId}, ${d.country}: ${String(d.firstPurchase).slice(0, 10)} to ${String(d.lastPurchase).slice(0, 10)} (${whole})`);
      head.body.innerHTML = `<dl class="facts"><div><dt>Country</dt><dd>${esc(d.country)}</dd></div><div><dt>First purchase</dt><dd>${esc(String(d.firstPurchase).slice(0, 10))}</dd></div><div><dt>Last purchase</dt><dd>${esc(String(d.lastPurchase).slice(0, 10))}</dd></div><div><dt>Orders</dt><dd>${fmtInt(d.orders)}</dd></div><div><dt>Revenue (${meta.currency.code})</dt><dd>${money(d.revenue)}</dd></div><div><dt>RFM segment</dt><dd><a href="${href(['segment', 'rfm', d.rfmSegment])}">${esc(d.rfmSegment)}</a></dd></div><div><dt>Cluster</dt><dd><a href="${href(['segment', 'cluster', d.cluster])}">${esc(d.cluster)}</a></dd></div>${d.clv12m === null || d.clv12m === undefined ? '' : `<div><dt>CLV, 12 months (${meta.currency.code})</dt><dd id="customer-clv">${money(d.clv12m)}</dd></div><div><dt>P(alive)</dt><dd id="customer-palive">${fmtPct(d.pAlive)}</dd></div><div><dt>Expected purchases, 12 months</dt><dd id="customer-expected">${esc(Number(d.expectedPurchases12m).toFixed(1))}</dd></div>`}</dl>${d.clv12m === null || d.clv12m === undefined ? '' : `<p class="muted" id="customer-value-meaning">As of the analysis, from the BG/NBD and Gamma-Gamma models: P(alive) is the chance the customer has not lapsed for good, expected purchases count the days with a purchase expected in the next 12 months, and CLV is the spend they are expected to bring in those 12 months, discounted 1% a month.</p>`}`;
      const m = d.rfm;
      rfm.body.innerHTML = `<div class="scroll"><table class="rfm stack"><thead><tr><th></th><th class="n">value</th><th class="n">score (1-5)</th><th>what it means</th></tr></thead><tbody>
        <tr><th>Recency</th><td class="n" data-label="value">${fmtInt(m.recency)} ${m.recency === 1 ? 'day' : 'days'}</td><td class="n" data-label="score (1-5)">${esc(m.r)}</td><td class="meaning" data-label="what it means">${esc(m.meaning?.r)}</td></tr>
        <tr><th>Frequency</th><td class="n" data-label="value">${fmtInt(m.frequency)} ${m.frequency === 1 ? 'order' : 'orders'}</td><td class="n" data-label="score (1-5)">${esc(m.f)}</td><td class="meaning" data-label="what it means">${esc(m.meaning?.f)}</td></tr>
        <tr><th>Monetary</th><td class="n" data-label="value">${money(m.monetary)}</td><td class="n" data-label="score (1-5)">${esc(m.m)}</td><td class="meaning" data-label="what it means">${esc(m.meaning?.m)}</td></tr></tbody></table></div>
        <p>RFM score <b>${esc(m.score)}</b>: segment <b>${esc(d.rfmSegment)}</b> (the business rules); cluster <b>${esc(d.cluster)}</b> (the data-driven view, named by its centroid).</p>`;
      timeline.title(`Orders of customer ${d.customerId} over time: ${fmtInt(d.timeline.length)} invoices (${meta.currency.code}; ${whole})`);
      if (d.timeline.length) await charts.draw(timeline.chart('customer-timeline'), charts.timelineSpec({ timeline: d.timeline, currency: meta.currency, money }));
      const latest = [...d.timeline].sort((a, b) => (a.date < b.date ? 1 : -1)).slice(0, 12);
      timeline.body.insertAdjacentHTML('beforeend', `<div class="scroll"><table><thead><tr><th>Invoice</th><th>Date</th><th class="n">Lines</th><th class="n">Quantity</th><th class="n">Revenue</th></tr></thead><tbody>${latest.map((t) => `<tr class="${t.cancelled ? 'cancelled' : ''}"><td>${esc(t.invoice)}${t.cancelled ? ' (cancelled)' : ''}</td><td class="date">${esc(String(t.date).slice(0, 10))}</td><td class="n">${fmtInt(t.lines)}</td><td class="n">${fmtInt(t.quantity)}</td><td class="n">${money(t.revenue)}</td></tr>`).join('')}</tbody></table></div>${d.timeline.length > 12 ? `<p class="muted">The latest 12 of ${fmtInt(d.timeline.length)} invoices.</p>` : ''}`);
      products.title(`Products customer ${d.customerId} bought: ${fmtInt(d.products.length)}, most revenue first (${whole})`);
      csvButton(products, `/api/customers/${encodeURIComponent(id)}/products?format=csv`, `customer-${id}-products.csv`);
      products.body.innerHTML = productTable(d.products.slice(0, 30), true) + (d.products.length > 30 ? `<p class="muted">The first 30 of ${fmtInt(d.products.length)}; the CSV has them all.</p>` : '');
    }),
    load(recs, () => recommendationList(recs, { id, params, gen, withProfile: false, scope: 'from the whole history; the filters do not apply' })),
  ]);
}

function productTable(rows, withLast) {
  return `<div class="scroll"><table class="products stack"><thead><tr><th>StockCode</th><th>Product</th><th class="n">Orders</th><th class="n">Quantity</th><th class="n">Revenue</th>${withLast ? '<th>Last bought</th>' : ''}</tr></thead><tbody>${rows
    .map((p) => `<tr><td data-label="StockCode"><a href="${href(['product', p.stockCode])}">${esc(p.stockCode)}</a></td><td data-label="Product">${esc(p.description)}</td><td class="n" data-label="Orders">${fmtInt(p.orders)}</td><td class="n" data-label="Quantity">${fmtInt(p.quantity)}</td><td class="n" data-label="Revenue">${money(p.revenue)}</td>${withLast ? `<td class="date" data-label="Last bought">${esc(String(p.lastPurchase ?? '').slice(0, 10))}</td>` : ''}</tr>`)
    .join('')}</tbody></table></div>`;
}

/** A customer's recommendations with their reasons, the model's score meaning, and its CSV. */
async function recommendationList(c, { id, params, gen, withProfile, scope = 'from the whole history' }) {
  const model = meta.models.includes(params.get('model')) ? params.get('model') : meta.models[0];
  const k = Math.min(100, Math.max(1, Number(params.get('k')) || 10));
  const seen = params.get('seen') === 'allow' ? 'allow' : 'exclude';
  const q = new URLSearchParams({ k: String(k), seen, ...(model ? { model } : {}) });
  const r = await api(`/api/customers/${encodeURIComponent(id)}/recommendations?${q}`);
  if (!live(gen)) return;
  c.title(`${k} recommendations for customer ${r.customer} by ${r.model} (${seen === 'exclude' ? 'products new to the customer' : 're-orders allowed'}; ${scope})`);
  csvButton(c, `/api/customers/${encodeURIComponent(id)}/recommendations?${q}&format=csv`, `recommendations-${id}.csv`);
  const max = Math.max(...r.recommendations.map((x) => x.score), 0);
  const meaning = r.scoreMeaning ?? null;
  const form = `<form class="row" id="rec-form"><label>Model <select id="r-model">${meta.models.map((m) => `<option${m === model ? ' selected' : ''}>${esc(m)}</option>`).join('')}</select></label><label>How many <input id="r-k" type="number" min="1" max="100" value="${k}"></label><label>Products <select id="r-seen"><option value="exclude"${seen === 'exclude' ? ' selected' : ''}>new to the customer</option><option value="allow"${seen === 'allow' ? ' selected' : ''}>including re-orders</option></select></label><button type="submit">Recommend</button></form>`;
  const profile = withProfile && r.profile ? `<p>Recency ${fmtInt(r.profile.recency)} ${r.profile.recency === 1 ? 'day' : 'days'} · ${fmtInt(r.profile.frequency)} orders · ${money(r.profile.monetary)} spent · RFM ${esc(r.profile.score)}, segment <a href="${href(['segment', 'rfm', r.profile.rfmSegment])}">${esc(r.profile.rfmSegment)}</a> · cluster <a href="${href(['segment', 'cluster', r.profile.cluster])}">${esc(r.profile.cluster)}</a> · <a href="${href(['customer', r.customer])}">customer page</a></p>` : '';
  c.body.innerHTML = `${form}${r.known ? '' : `<p class="note" id="fallback-note">${esc(r.note)}</p>`}${profile}<p class="muted" id="score-meaning">Score: ${esc(meaning ?? 'the model\u2019s raw score')}, scaled 0-1 within this list (the best is 1); the raw score is in each bar's tooltip.</p><div class="scroll"><table id="rec-table" class="stack"><thead><tr><th class="n">#</th><th>StockCode</th><th>Product</th><th class="score">Score (0-1)</th><th>Because</th></tr></thead><tbody>${r.recommendations
    .map((x, i) => {
      const scaled = x.scoreScaled ?? (max > 0 ? x.score / max : 0);
      return `<tr><td class="n rank" data-label="#">${i + 1}</td><td data-label="#${i + 1} StockCode"><a href="${href(['product', x.stockCode])}">${esc(x.stockCode)}</a></td><td data-label="Product">${esc(x.description)}</td><td class="score" data-label="Score (0-1)" title="raw score ${esc(x.score)}${meaning ? ` (${esc(meaning)})` : ''}" data-raw="${esc(x.score)}" data-scaled="${scaled}"><span class="bar"><span style="width:${(scaled * 100).toFixed(1)}%"></span></span> ${scaled.toFixed(2)}</td><td class="why" data-label="Because">${esc(x.because)}</td></tr>`;
    })
    .join('')}</tbody></table></div>`;
  c.body.dataset.count = String(r.recommendations.length);
  c.body.dataset.customer = r.customer;
  c.body.querySelector('#rec-form').addEventListener('submit', (e) => {
    e.preventDefault();
    go({ model: c.body.querySelector('#r-model').value, k: c.body.querySelector('#r-k').value, seen: c.body.querySelector('#r-seen').value });
  });
}

// ================= Segments =================
async function segmentsPage({ params, filter, gen }) {
  const q = filterQuery(filter);
  const colourBy = params.get('colour') === 'cluster' ? 'cluster' : 'rfmSegment';
  const story = card(view, { id: 'story', title: 'One segmentation story: which names, and why' });
  const rfm = card(view, { id: 'rfm-segments', title: 'RFM segments (the business names)' });
  const value = card(view, { id: 'customer-value', title: 'Customer value (BG/NBD + Gamma-Gamma, next 12 months)' });
  const clusters = card(view, { id: 'clusters', title: 'Clusters (data-driven, named by their centroids)' });
  const cross = card(view, { id: 'crosstab', title: 'RFM segment x cluster: how the two agree' });
  const scatter = card(view, { id: 'scatter', title: 'Customers in R, F and M' });
  const g2 = grid(view);
  const choose = card(g2, { id: 'choosek', title: 'The choice of k' });
  const dendro = card(g2, { id: 'dendrogram', title: 'Ward dendrogram' });
  const predict = card(view, { id: 'predict', title: 'Which segment is this customer? (the cluster model on R, F, M)' });

  const answer = api(`/api/segments?${q}`);
  answer.catch(() => undefined); // each card that awaits it reports a failure
  await Promise.all([
    load(value, () => customerValueCard(value, answer, gen)),
    load(story, async () => {
      const s = await answer;
      if (!live(gen)) return;
      const seg = s.segmentation ?? s.summary?.segmentation;
      const k = s.k ?? s.summary?.k;
      const lines = [];
      if (seg) lines.push(`<p id="drives-names"><b>Names: ${seg.drivesNames === 'rfm' ? 'RFM segments' : 'clusters'}.</b> ${esc(seg.why)}</p>`);
      else lines.push('<p class="na">Which segmentation drives the names: not available from this server yet.</p>');
      if (k) lines.push(`<p id="k-text"><b>How many clusters.</b> ${esc(k.text)}</p>`);
      else lines.push(`<p class="na" id="k-text">The k text is not available from this server yet (k-means ran with ${s.segments.length} clusters).</p>`);
      if (seg?.agreement) lines.push(`<p id="agreement"><b>How far to trust the clusters.</b> ${esc(seg.agreement.text)}</p>`);
      if (s.atRisk) lines.push(`<p id="at-risk-rule"><b>At-Risk${s.atRisk.rule === 'p-alive' ? ' by P(alive)' : ' by recency'}.</b> ${esc(s.atRisk.text)} <span class="why">${esc(s.atRisk.definition)}.</span></p>`);
      story.body.innerHTML = lines.join('');
      const echo = echoOf(s);
      const segRows = rfmSegmentRows(s);
      rfm.title(`RFM segments (the business names): customers and revenue, ${describeFilter(echo)}`);
      csvButton(rfm, `/api/segments?${filterQuery(filter, { format: 'csv' })}`, 'segments.csv');
      // mean and total CLV per segment when the server gives them (an artifact set with clv.csv)
      const withClv = segRows.some((r) => r.meanClv !== null && r.meanClv !== undefined);
      const clvHead = withClv ? `<th class="n">Mean CLV 12m</th><th class="n">Total CLV 12m</th><th class="n">Mean P(alive)</th>` : '';
      const clvCells = (r) => (withClv ? `<td class="n" data-label="Mean CLV 12m">${money(r.meanClv)}</td><td class="n" data-label="Total CLV 12m">${money(r.totalClv, 0)}</td><td class="n" data-label="Mean P(alive)">${fmtPct(r.meanPAlive)}</td>` : '');
      rfm.body.innerHTML = `<div class="scroll"><table id="rfm-table" class="stack"><thead><tr><th>Segment</th><th class="n">Customers</th><th class="n">Share of revenue</th><th class="n">Median recency</th><th class="n">Median orders</th><th class="n">Median spend</th>${clvHead}</tr></thead><tbody>${segRows
        .map((r, i) => `<tr><td data-label="Segment"><span><span class="dot" style="background:${charts.PALETTE[i % charts.PALETTE.length]}"></span><a href="${href(['segment', 'rfm', r.segment])}">${esc(r.segment)}</a></span></td><td class="n" data-label="Customers">${fmtInt(r.customers)}</td><td class="n" data-label="Share of revenue">${fmtPct(r.revenueShare)}</td><td class="n" data-label="Median recency (days)">${fmtInt(r.medianRecency)}</td><td class="n" data-label="Median orders">${fmtInt(r.medianFrequency)}</td><td class="n" data-label="Median spend">${money(r.medianMonetary)}</td>${clvCells(r)}</tr>`)
        .join('')}</tbody></table></div>${withClv ? `<p class="muted" id="rfm-clv-note">Customers, revenue and medians within the filter; CLV (the spend BG/NBD and Gamma-Gamma expect in the next 12 months, discounted 1% a month) and P(alive) as of the analysis, over the segment's customers in the filter.</p>` : ''}`;
      clusters.title(`Clusters (data-driven, named by their centroids), ${describeFilter(echo)}`);
      clusters.body.innerHTML = `<div class="scroll"><table id="cluster-table" class="stack"><thead><tr><th>Cluster</th><th class="n">Customers</th><th class="n">Recency</th><th class="n">Orders</th><th class="n">Spend</th><th>Why this name</th></tr></thead><tbody>${s.segments
        .map((g, i) => `<tr><td data-label="Cluster"><span><span class="dot" style="background:${charts.PALETTE[i % charts.PALETTE.length]}"></span><a href="${href(['segment', 'cluster', g.name])}">${esc(g.name)}</a></span></td><td class="n" data-label="Customers">${fmtInt(g.customers ?? g.size)}</td><td class="n" data-label="Recency (days)">${fmtInt(g.centroid.recency)}</td><td class="n" data-label="Orders">${fmtNum(g.centroid.frequency)}</td><td class="n" data-label="Spend">${money(g.centroid.monetary)}</td><td class="why" data-label="Why this name">${esc(g.reason)}</td></tr>`)
        .join('')}</tbody></table></div><p class="muted">Recency, orders and spend are the cluster's centroid (as of the analysis).</p>`;
      if (seg?.crosstab) {
        cross.title(`RFM segment x cluster: customers in both (as of the analysis)`);
        const total = seg.crosstab.counts.flat().reduce((a, b) => a + b, 0);
        const diagonal = seg.crosstab.rfmSegments.map((name, i) => {
          const row = seg.crosstab.counts[i];
          const j = row.indexOf(Math.max(...row));
          const n = row.reduce((a, b) => a + b, 0);
          return `${esc(name)}: ${fmtPct(n ? row[j] / n : 0, 0)} in “${esc(seg.crosstab.clusters[j])}”`;
        });
        cross.body.insertAdjacentHTML('beforeend', `<p>Each row is an RFM segment, each column a cluster; a cell counts the customers in both (${fmtInt(total)} in all). Where most of each segment falls: ${diagonal.join('; ')}.</p>`);
        await charts.draw(cross.chart('crosstab'), charts.crosstabSpec({ crosstab: seg.crosstab, narrow: narrowNow() }));
      } else cross.body.innerHTML = '<p class="na">The RFM segment x cluster crosstab is not available from this server yet.</p>';
      const chosen = k?.k ?? s.segments.length;
      const suggested = k?.suggested ?? s.chooseK?.chosen;
      choose.title(`The choice of k: ${chosen} clusters${s.chooseK ? `; the indices suggest ${suggested}` : ''} (as of the analysis; filters do not apply)`);
      if (s.chooseK) {
        // the suggestion comes from the bend (elbow) of the spread within clusters: that curve first, silhouette beside it
        const elbow = s.chooseK.elbow ?? null;
        choose.body.insertAdjacentHTML('beforeend', `<p class="muted" id="choosek-how">First chart: the spread within clusters (each customer's squared distance to its cluster's centre, summed); each added cluster lowers it, and the suggestion is the bend${elbow !== null ? ` at k = ${elbow}` : ''}, beyond which more clusters help much less. Second: the silhouette, how clearly the clusters are apart (up to 1). The solid line marks the chosen k = ${chosen}${suggested !== chosen ? `, the dashed one the suggested k = ${suggested}` : ' (also the suggested one)'}.</p>`);
        const pair = grid(choose.body, 'grid two');
        const holder = (id) => {
          const el = document.createElement('div');
          el.className = 'chart';
          el.id = `chart-${id}`;
          pair.append(el);
          return el;
        };
        const spread = holder('choosek-spread');
        const silhouette = holder('choosek');
        await Promise.all([charts.draw(spread, charts.chooseKSpec({ chooseK: s.chooseK, chosen, suggested, measure: 'inertia' })), charts.draw(silhouette, charts.chooseKSpec({ chooseK: s.chooseK, chosen, suggested, measure: 'silhouette' }))]);
      }
      meta.segmentsAnswer = s;
    }),
    load(scatter, async () => {
      scatter.tools.innerHTML = `<label class="inline">Colour by <select id="s-colour"><option value="rfmSegment"${colourBy === 'rfmSegment' ? ' selected' : ''}>RFM segment</option><option value="cluster"${colourBy === 'cluster' ? ' selected' : ''}>cluster</option></select></label>`;
      scatter.tools.querySelector('select').addEventListener('change', (e) => go({ colour: e.target.value }));
      const pairs = [
        ['recency', 'frequency'],
        ['recency', 'monetary'],
        ['frequency', 'monetary'],
      ];
      const got = await Promise.all(pairs.map(([x, y]) => api(`/api/scatter?${filterQuery(filter, { x, y, limit: 2000 })}`)));
      if (!live(gen)) return;
      const first = got[0];
      scatter.title(`Customers in each pair of R, F and M, coloured by ${colourBy === 'cluster' ? 'cluster' : 'RFM segment'}: ${fmtInt(first.points.length)}${first.total > first.points.length ? ` of ${fmtInt(first.total)} (a fixed sample)` : ''}, ${describeFilter(echoOf(first))}`);
      const names = colourBy === 'cluster' ? meta.clusters : meta.rfmSegments;
      const row = grid(scatter.body, 'grid three');
      await Promise.all(
        got.map((a, i) => {
          const holder = document.createElement('div');
          row.append(holder);
          const el = document.createElement('div');
          el.className = 'chart';
          el.id = `chart-scatter-${pairs[i][0][0]}${pairs[i][1][0]}`;
          holder.append(el);
          return charts.draw(el, charts.scatterSpec({ points: a.points, x: pairs[i][0], y: pairs[i][1], colourBy, names, narrow: true }));
        }),
      );
      // the distributions of R, F and M over the same sample
      const dist = grid(scatter.body, 'grid three');
      const hist = [
        ['recency', got[0].points.map((p) => ({ v: p.x })), 'recency (days)'],
        ['frequency', got[0].points.map((p) => ({ v: p.y })), 'frequency (orders, log scale)'],
        ['monetary', got[1].points.map((p) => ({ v: p.y })), 'monetary (spend, log scale)'],
      ];
      await Promise.all(
        hist.map(([field, points, title]) => {
          const el = document.createElement('div');
          el.className = 'chart';
          el.id = `chart-dist-${field}`;
          dist.append(el);
          return charts.draw(el, charts.histogramSpec({ points, field, title }));
        }),
      );
    }),
    load(dendro, async () => {
      const spec = await api('/api/charts/dendrogram');
      if (!live(gen)) return;
      const layers = spec.layer ?? [spec];
      const lines = layers.find((l) => l.data?.values?.[0]?.x2 !== undefined)?.data.values ?? [];
      const labelLayer = layers.find((l) => l.mark === 'text' || l.mark?.type === 'text');
      const labels = (labelLayer?.data?.values ?? []).map((v) => ({ x: v.x, text: String(v.label ?? v.text ?? v.size ?? '') }));
      const t = typeof spec.title === 'string' ? spec.title : spec.title?.text;
      dendro.title(`${[t ?? 'Ward dendrogram'].flat().join(' ')} (as of the analysis; filters do not apply)`);
      await charts.draw(dendro.chart('dendrogram'), charts.dendrogramSpec({ lines, labels }));
    }),
  ]);
  predictForm(predict);
}

/** The RFM segments of a /api/segments answer, within the filter where the server gives that. */
function rfmSegmentRows(s) {
  const list = s.rfmSegments?.business ?? s.rfmSegments ?? [];
  return list.map((r) => ({ segment: r.segment ?? r.name, customers: r.customers ?? r.size, revenueShare: r.revenueShare, medianRecency: r.medianRecency ?? r.median?.recency, medianFrequency: r.medianFrequency ?? r.median?.frequency, medianMonetary: r.medianMonetary ?? r.median?.monetary, meanClv: r.meanClv ?? null, totalClv: r.totalClv ?? null, meanPAlive: r.meanPAlive ?? null }));
}

/**
 * The Customer value card of the segments page: the value of the filter's customers (total and
 * mean 12-month CLV, mean P(alive)), the models' totals and calibration check as of the analysis,
 * and the CLV distribution and calibration charts (charts/clv-*, drawn when the set has them).
 */
/** Whether a filter echo keeps less than the whole data (a country, a segment, a cluster or dates). */
const filtered = (echo) => Boolean(echo && FILTER_KEYS.some((k) => echo[k] !== null && echo[k] !== undefined && echo[k] !== ''));

async function customerValueCard(c, answer, gen) {
  const s = await answer;
  if (!live(gen)) return;
  const v = s.customerValue;
  if (!v) {
    c.body.innerHTML = `<p class="na" id="clv-none">No customer value in this analysis: ${s.customerValue === undefined ? 'this server does not give it yet' : 'the artifact set has no clv.csv (written before customer value, or the models could not be fitted: see summary.md)'}.</p>`;
    return;
  }
  const f = v.filtered;
  const echo = echoOf(s);
  c.title(`Customer value (BG/NBD + Gamma-Gamma, next ${v.horizonMonths} months), ${describeFilter(echo)}`);
  kpiRow(c.body, [
    ['clv-total', `Total CLV ${v.horizonMonths} months (${meta.currency.code})`, money(f.totalClv, 0)],
    ['clv-mean', `Mean CLV per customer (${meta.currency.code})`, money(f.meanClv)],
    ['clv-palive', 'Mean P(alive)', fmtPct(f.meanPAlive)],
    ['clv-customers', 'Customers valued', fmtInt(f.customers)],
  ]);
  const cal = v.calibration;
  const ratio = cal && !cal.skipped && cal.actualPerCustomer > 0 ? ` (expected / actual ${fmtNum(cal.expectedPerCustomer / cal.actualPerCustomer, 2)})` : '';
  const calText = !cal
    ? ''
    : cal.skipped
      ? `<p id="clv-calibration-text"><b>Calibration check:</b> skipped, ${esc(cal.skipped)}.</p>`
      : `<p id="clv-calibration-text"><b>Calibration check.</b> BG/NBD refitted on the ${fmtInt(cal.customers)} customers first seen before ${esc(cal.calibrationEnd)}, on their purchases to that day, expects <b>${fmtNum(cal.expectedPerCustomer, 3)}</b> purchase days per customer in the ${fmtInt(cal.holdoutDays)}-day holdout to ${esc(cal.holdoutEnd)}; they made <b>${fmtNum(cal.actualPerCustomer, 3)}</b>${ratio}.</p>`;
  c.body.insertAdjacentHTML(
    'beforeend',
    `<p id="clv-analysis">${filtered(echo) ? `Over all the analysis's customers: ${money(v.totalClv, 0)} in total, ${money(v.meanClv)} per customer, mean P(alive) ${fmtPct(v.meanPAlive)}. ` : ''}As of the analysis, discounted ${fmtPct(v.discount, 0)} a month; the figures above sum clv.csv, rounded to cents per customer.${v.newCustomers ? ` ${fmtInt(v.newCustomers)} ${v.newCustomers === 1 ? 'customer' : 'customers'} first seen on the last day ${v.newCustomers === 1 ? 'gets' : 'get'} a new customer's figures (P(alive) 1).` : ''}</p>${calText}<p class="muted">${esc(v.meaning)}</p>`,
  );
  const pair = grid(c.body, 'grid two');
  const holder = (id, title) => {
    const box = document.createElement('div');
    box.innerHTML = `<h3>${esc(title)}</h3>`;
    const el = document.createElement('div');
    el.className = 'chart';
    el.id = `chart-${id}`;
    box.append(el);
    pair.append(box);
    return el;
  };
  const [dist, calib] = await Promise.all([api('/api/charts/clv-distribution').catch(() => null), cal && !cal.skipped ? api('/api/charts/clv-calibration').catch(() => null) : null]);
  if (!live(gen)) return;
  const draws = [];
  if (dist) {
    const bins = dist.layer?.find((l) => l.mark?.type === 'rect')?.data?.values ?? [];
    draws.push(charts.draw(holder('clv-distribution', `How CLV spreads over the customers (log scale; the dashed line is the mean; as of the analysis, filters do not apply)`), charts.clvDistributionSpec({ bins, mean: v.meanClv, currency: meta.currency, money, horizonMonths: v.horizonMonths })));
  } else pair.insertAdjacentHTML('beforeend', '<p class="na">The CLV distribution chart is not in this artifact set.</p>');
  if (calib) draws.push(charts.draw(holder('clv-calibration', 'Calibration: holdout purchases per customer, actual and expected, by repeat purchases before the cut-off (as of the analysis)'), charts.clvCalibrationSpec({ rows: calib.data?.values ?? [], narrow: narrowNow() })));
  else if (cal && !cal.skipped) pair.insertAdjacentHTML('beforeend', '<p class="na">The calibration chart is not in this artifact set.</p>');
  await Promise.all(draws);
}

function predictForm(c) {
  c.body.innerHTML = `<form id="predict-form" class="row"><label>Recency (days since last order) <input id="p-recency" type="number" min="0" step="any" required value="30"></label><label>Frequency (orders) <input id="p-frequency" type="number" min="1" step="any" required value="5"></label><label>Monetary (${esc(meta.currency.code)}) <input id="p-monetary" type="number" min="0" step="any" required value="1500"></label><button type="submit">Predict segment</button></form><div id="predict-result"></div>`;
  c.body.querySelector('#predict-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const out = c.body.querySelector('#predict-result');
    const body = { recency: Number($('p-recency').value), frequency: Number($('p-frequency').value), monetary: Number($('p-monetary').value) };
    try {
      const r = await api('/api/segments/predict', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      out.innerHTML = `<p>Nearest cluster: <b id="predicted-segment">${esc(r.segment)}</b>${r.reason ? ` <span class="why">${esc(r.reason)}</span>` : ''}</p><div class="scroll"><table><thead><tr><th>Cluster</th><th class="n">Distance (scaled)</th><th class="n">Recency</th><th class="n">Orders</th><th class="n">Spend</th></tr></thead><tbody>${(r.distances ?? [])
        .map((d) => `<tr><td>${esc(d.segment)}</td><td class="n">${fmtNum(d.distance, 3)}</td><td class="n">${fmtInt(d.centroid[0])}</td><td class="n">${fmtNum(d.centroid[1])}</td><td class="n">${money(d.centroid[2])}</td></tr>`)
        .join('')}</tbody></table></div>`;
    } catch (err) {
      out.innerHTML = `<p class="error">${esc(err.message)}</p>`;
    }
  });
}

// ================= Segment =================
async function segmentPage({ args, params, filter, gen }) {
  const kind = args[0] === 'cluster' ? 'cluster' : 'rfm';
  const name = args[1] ?? '';
  const what = kind === 'cluster' ? 'Cluster' : 'RFM segment';
  const known = kind === 'cluster' ? meta.clusters : meta.rfmSegments;
  if (known.length && !known.includes(name)) {
    return notInData({
      title: `Unknown ${kind === 'cluster' ? 'cluster' : 'RFM segment'}: “${name}”`,
      text: `This analysis has no ${kind === 'cluster' ? 'cluster' : 'RFM segment'} named <b>${esc(name)}</b>. Its ${kind === 'cluster' ? 'clusters' : 'RFM segments'} are: ${known.map((n) => `<a href="${href(['segment', kind, n])}">${esc(n)}</a>`).join(', ')}.`,
      links: [[href(['segments']), 'All segments and clusters']],
    });
  }
  const head = card(view, { id: 'segment', title: `${what} ${name}` });
  const g = grid(view);
  const rev = card(g, { id: 'segment-revenue', title: `Revenue of ${name} by month` });
  const cus = card(g, { id: 'segment-customers', title: `Customers of ${name} buying, by month` });
  const list = card(view, { id: 'segment-list', title: `Customers in ${name}` });
  const fixed = kind === 'cluster' ? { cluster: name } : { segment: name };
  const clash = filter[kind === 'cluster' ? 'cluster' : 'segment'];
  if (clash && clash !== name) head.body.insertAdjacentHTML('beforeend', `<p class="note">The filter's ${kind === 'cluster' ? 'cluster' : 'segment'} (${esc(clash)}) is replaced on this page by the one it shows.</p>`);
  await Promise.all([
    load(head, async () => {
      const own = kind === 'cluster' ? 'cluster' : 'segment';
      const s = await api(`/api/segments/${encodeURIComponent(name)}?${filterQuery({ ...filter, ...fixed, segment: kind === 'rfm' ? null : filter.segment, cluster: kind === 'cluster' ? null : filter.cluster }, { kind })}`);
      if (!live(gen)) return;
      const echo = without(echoOf(s), own);
      head.title(`${what} ${s.name}: ${fmtInt(s.customers)} customers, ${fmtPct(s.revenueShare)} of revenue, ${describeFilter(echo)}`);
      kpiRow(head.body, [
        ['seg-customers', 'Customers', fmtInt(s.customers)],
        ['seg-revenue', `Revenue (${meta.currency.code})`, money(s.revenue, 0)],
        ['seg-share', 'Share of revenue', fmtPct(s.revenueShare)],
        ['seg-recency', 'Median recency (days)', fmtInt(s.median?.recency)],
        ['seg-frequency', 'Median orders', fmtNum(s.median?.frequency)],
        ['seg-monetary', `Median spend (${meta.currency.code})`, money(s.median?.monetary)],
        ...(s.meanClv === null || s.meanClv === undefined
          ? []
          : [
              ['seg-clv-total', `Total CLV 12 months (${meta.currency.code})`, money(s.totalClv, 0)],
              ['seg-clv-mean', `Mean CLV 12 months (${meta.currency.code})`, money(s.meanClv)],
              ['seg-palive', 'Mean P(alive)', fmtPct(s.meanPAlive)],
            ]),
      ]);
      head.body.insertAdjacentHTML('beforeend', `<p><a href="${href([kind === 'cluster' ? 'segments' : 'segments'])}">All segments and clusters</a> · <a href="${href(['recommendations'], { ...fixed })}">Recommendations for its customers</a></p>`);
      const monthly = (s.monthly ?? []).map((m) => ({ ...m, partial: m.partial ?? (meta.lastPeriod?.partial && String(m.period).slice(0, 7) === meta.lastPeriod.month) }));
      rev.title(`Revenue of ${s.name} by month (${meta.currency.code}), ${describeFilter(echo)}`);
      cus.title(`Customers of ${s.name} buying in each month, ${describeFilter(echo)}`);
      if (!monthly.length) rev.body.innerHTML = cus.body.innerHTML = '<p class="na">No purchases in this filter.</p>';
      else
        await Promise.all([
          charts.draw(rev.chart('segment-revenue'), charts.monthlySpec({ values: monthly, field: 'revenue', title: `revenue (${meta.currency.code})`, currency: meta.currency, money, ...monthsOf(echoOf(s)), zero: { revenue: 0, customers: 0 } })),
          charts.draw(cus.chart('segment-customers'), charts.monthlySpec({ values: monthly, field: 'customers', title: 'customers buying', ...monthsOf(echoOf(s)), zero: { revenue: 0, customers: 0 } })),
        ]);
    }),
    load(list, () => customerList(list, { params, filter: { ...filter, segment: kind === 'rfm' ? null : filter.segment, cluster: kind === 'cluster' ? null : filter.cluster }, gen, fixed, what: `Customers in ${kind === 'cluster' ? 'cluster' : 'RFM segment'} ${name}`, omit: kind === 'cluster' ? 'cluster' : 'segment' })),
  ]);
}

// ================= Recommendations =================
async function recommendationsPage({ params, filter, gen }) {
  const pick = card(view, { id: 'rec-pick', title: 'Whose recommendations' });
  const recs = card(view, { id: 'recs', title: 'Recommendations' });
  const g = grid(view);
  const sim = card(g, { id: 'similar', title: 'Similar products' });
  const evaluation = card(g, { id: 'evaluation', title: 'How the recommenders did on the temporal split' });
  let customer = params.get('customer');
  await load(pick, async () => {
    const r = await api(`/api/customers?${filterQuery(filter, { sort: 'revenue', order: 'desc', pageSize: 50, page: 1 })}`);
    if (!live(gen)) return;
    pick.title(`Whose recommendations: the top ${fmtInt(r.rows.length)} of the ${fmtInt(r.total)} customers by revenue, ${describeFilter(echoOf(r))}`);
    if (!customer) customer = r.rows[0]?.customerId ?? null;
    pick.body.innerHTML = `<form class="row" id="pick-form"><label>Customer <select id="r-pick">${r.rows.map((x) => `<option value="${esc(x.customerId)}"${x.customerId === customer ? ' selected' : ''}>${esc(x.customerId)} · ${esc(x.country)} · ${esc(x.rfmSegment)} · ${money(x.revenue, 0)}</option>`).join('')}${customer && !r.rows.some((x) => x.customerId === customer) ? `<option selected value="${esc(customer)}">${esc(customer)} (not in the filter's top ${r.rows.length})</option>` : ''}</select></label><label>or any CustomerID <input id="r-customer" placeholder="e.g. 12347" value=""></label><button type="submit">Show</button></form>`;
    pick.body.querySelector('#r-pick').addEventListener('change', (e) => go({ customer: e.target.value }));
    pick.body.querySelector('#pick-form').addEventListener('submit', (e) => {
      e.preventDefault();
      go({ customer: pick.body.querySelector('#r-customer').value.trim() || pick.body.querySelector('#r-pick').value });
    });
    if (!r.rows.length) pick.body.insertAdjacentHTML('beforeend', '<p class="na">No customers in this filter.</p>');
  });
  if (!live(gen) || current.failed) return;
  const tasks = [loadEvaluation(evaluation, gen), similarProducts(sim, params, gen)];
  if (customer) tasks.push(load(recs, () => recommendationList(recs, { id: customer, params, gen, withProfile: true })));
  else recs.body.innerHTML = '<p class="na">Pick a customer above.</p>';
  await Promise.all(tasks);
}

async function loadEvaluation(c, gen) {
  await load(c, async () => {
    const e = await api('/api/evaluation');
    if (!live(gen)) return;
    if (!e.rows.length) return void (c.body.innerHTML = `<p class="note">Not evaluated: ${esc(e.protocol.note || '')}</p>`);
    c.title(`How the recommenders did on the temporal split at ${String(e.protocol.cutoff).slice(0, 10)} (all customers; filters do not apply)`);
    c.body.innerHTML = `<p class="muted">${fmtInt(e.protocol.evaluated)} customers evaluated; K = 5 in the table.</p><div class="scroll"><table id="eval-table"><thead><tr><th>Recommender</th><th>Policy</th><th class="n">P@5</th><th class="n">R@5</th><th class="n">MAP@5</th><th class="n">NDCG@5</th><th class="n">HR@5</th></tr></thead><tbody>${e.rows
      .filter((r) => r.k === 5)
      .map((r) => `<tr><td>${esc(r.recommender)}</td><td>${r.policy === 'exclude' ? 'new products only' : 'repeats allowed'}</td><td class="n">${fmtNum(r.precision, 4)}</td><td class="n">${fmtNum(r.recall, 4)}</td><td class="n">${fmtNum(r.map, 4)}</td><td class="n">${fmtNum(r.ndcg, 4)}</td><td class="n">${fmtNum(r.hitRate, 4)}</td></tr>`)
      .join('')}</tbody></table></div>`;
    await charts.draw(c.chart('evaluation'), charts.evaluationSpec({ rows: e.rows, narrow: narrowNow() }));
  });
}

async function similarProducts(c, params, gen) {
  const query = params.get('similar') || '';
  c.body.innerHTML = `<form class="row" id="sim-form"><label>StockCode or product name <input id="s-query" value="${esc(query)}" placeholder="e.g. 85123A or heart t-light"></label><button type="submit">Find similar</button></form><div id="sim-result"></div>`;
  c.body.querySelector('#sim-form').addEventListener('submit', (e) => {
    e.preventDefault();
    go({ similar: c.body.querySelector('#s-query').value.trim() });
  });
  if (!query) return;
  await load(c, async () => {
    const found = await api(`/api/products/search?q=${encodeURIComponent(query)}&limit=5`);
    if (!live(gen)) return;
    const out = c.body.querySelector('#sim-result');
    if (!found.matches.length) return void (out.innerHTML = `<p class="error">${esc(found.note)}</p>`);
    const best = found.matches[0];
    const r = await api(`/api/products/${encodeURIComponent(best.stockCode)}/similar?k=10`);
    if (!live(gen)) return;
    c.title(`Products similar to ${r.product.stockCode} ${r.product.description ?? ''}`);
    const others = found.matches.slice(1).map((m) => `<a href="${href(['product', m.stockCode])}">${esc(m.stockCode)} ${esc(m.description)}</a>`).join(' · ');
    out.innerHTML = `<p>Products similar to <a href="${href(['product', r.product.stockCode])}"><b>${esc(r.product.stockCode)} ${esc(r.product.description)}</b></a> (bought by ${fmtInt(r.product.customers)} customers)${others ? `<br><span class="why">other matches: ${others}</span>` : ''}</p>${similarTable(r.similar)}`;
    out.dataset.count = String(r.similar.length);
  });
}

function similarTable(rows) {
  return `<div class="scroll"><table class="similar stack"><thead><tr><th class="n">#</th><th>StockCode</th><th>Product</th><th class="n">Similarity</th><th>Because</th></tr></thead><tbody>${rows
    .map((x, i) => `<tr><td class="n rank" data-label="#">${i + 1}</td><td data-label="#${i + 1} StockCode"><a href="${href(['product', x.stockCode])}">${esc(x.stockCode)}</a></td><td data-label="Product">${esc(x.description)}</td><td class="n" data-label="Similarity">${fmtNum(x.score, 3)}</td><td class="why" data-label="Because">${esc(x.because)}</td></tr>`)
    .join('')}</tbody></table></div>`;
}

// ================= Products =================
const PRODUCT_COLUMNS = [
  ['stockCode', 'StockCode', false],
  ['description', 'Description', false],
  ['revenue', 'Revenue', true],
  ['quantity', 'Quantity', true],
  ['orders', 'Orders', true],
  ['customers', 'Customers', true],
];
async function productsPage({ params, filter, gen }) {
  const by = ['revenue', 'quantity', 'orders', 'customers'].includes(params.get('by')) ? params.get('by') : 'revenue';
  const limit = Math.min(500, Math.max(1, Number(params.get('limit')) || 50));
  const search = card(view, { id: 'product-search', title: 'Find a product' });
  const c = card(view, { id: 'products', title: 'Top products' });
  const query = params.get('q') || '';
  search.body.innerHTML = `<form class="row" id="ps-form"><label>StockCode or product name <input id="ps-q" value="${esc(query)}" placeholder="e.g. 85123A or heart t-light"></label><button type="submit">Search</button></form><div id="ps-result"></div>`;
  search.body.querySelector('#ps-form').addEventListener('submit', (e) => {
    e.preventDefault();
    go({ q: search.body.querySelector('#ps-q').value.trim() });
  });
  await Promise.all([
    query
      ? load(search, async () => {
          const found = await api(`/api/products/search?q=${encodeURIComponent(query)}&limit=10`);
          if (!live(gen)) return;
          search.body.querySelector('#ps-result').innerHTML = found.matches.length ? `<ul class="matches">${found.matches.map((m) => `<li><a href="${href(['product', m.stockCode])}">${esc(m.stockCode)} ${esc(m.description)}</a> <span class="muted">${fmtInt(m.customers)} customers</span></li>`).join('')}</ul>` : `<p class="na">${esc(found.note)}</p>`;
        })
      : null,
    load(c, async () => {
      const r = await api(`/api/products/top?${filterQuery(filter, { by, limit })}`);
      if (!live(gen)) return;
      c.title(`The top ${fmtInt(r.rows.length)} products by ${by}${by === 'revenue' ? ` (${meta.currency.code})` : ''}, ${describeFilter(echoOf(r))}`);
      csvButton(c, `/api/products/top?${filterQuery(filter, { by, limit, format: 'csv' })}`, `top-products-by-${by}.csv`);
      const rows = r.rows;
      c.body.innerHTML = `<form class="row"><label>Rank by <select id="p-by">${['revenue', 'quantity', 'orders', 'customers'].map((x) => `<option${x === by ? ' selected' : ''}>${x}</option>`).join('')}</select></label><label>How many <select id="p-limit">${[20, 50, 100, 200].map((x) => `<option${x === limit ? ' selected' : ''}>${x}</option>`).join('')}</select></label></form><p class="muted">Click a header to rank by it.</p><div class="scroll"><table id="products-table"><thead><tr><th class="n">#</th>${PRODUCT_COLUMNS.map(([k, label, num]) => `<th class="${num && k !== 'revenue' ? 'sortable ' : k === 'revenue' ? 'sortable ' : ''}${num ? 'n' : ''}" data-key="${num ? k : ''}">${esc(label)}${k === by ? ' ▼' : ''}</th>`).join('')}</tr></thead><tbody>${rows
        .map((p, i) => `<tr><td class="n">${i + 1}</td><td><a href="${href(['product', p.stockCode])}">${esc(p.stockCode)}</a></td><td>${esc(p.description)}</td><td class="n">${money(p.revenue)}</td><td class="n">${fmtInt(p.quantity)}</td><td class="n">${fmtInt(p.orders)}</td><td class="n">${fmtInt(p.customers)}</td></tr>`)
        .join('')}</tbody></table></div>`;
      c.body.querySelector('#p-by').addEventListener('change', (e) => go({ by: e.target.value }));
      c.body.querySelector('#p-limit').addEventListener('change', (e) => go({ limit: e.target.value }));
      for (const th of c.body.querySelectorAll('th[data-key]')) if (th.dataset.key) th.addEventListener('click', () => go({ by: th.dataset.key }));
    }),
  ]);
}

// ================= Product =================
async function productPage({ args, params, filter, gen }) {
  const code = args[0] ?? '';
  const k = Math.min(100, Math.max(1, Number(params.get('k')) || 10));
  const head = card(view, { id: 'product', title: `Product ${code}` });
  const g = grid(view);
  const trend = card(g, { id: 'product-trend', title: `Sales of ${code} by month` });
  const buyers = card(g, { id: 'product-buyers', title: `Who buys ${code}` });
  const sim = card(view, { id: 'product-similar', title: `Products similar to ${code}` });
  const unknown = (e) => {
    if (!isUnknown(e, 'UNKNOWN_PRODUCT') || !live(gen)) throw e;
    pageNotInData({
      title: `No product ${code} in this analysis`,
      text: `There is no product with StockCode <b>${esc(code)}</b> in ${theData()}. A StockCode is the product's code on the invoice, such as 85123A; the product search finds one by its name too.`,
      links: [[href(['products'], { q: code }), `Search the products for “${code}”`], [href(['products']), 'Top products'], [href(['overview']), 'Overview']],
    });
  };
  await Promise.all([
    load(head, async () => {
      const p = await api(`/api/products/${encodeURIComponent(code)}?${filterQuery(filter)}`).catch(unknown);
      if (!p || !live(gen)) return;
      const echo = echoOf(p);
      head.title(`${p.stockCode} ${p.description ?? ''}, ${describeFilter(echo)}`);
      kpiRow(head.body, [
        ['p-revenue', `Revenue (${meta.currency.code})`, money(p.revenue, 0)],
        ['p-quantity', 'Quantity', fmtInt(p.quantity)],
        ['p-orders', 'Orders', fmtInt(p.orders)],
        ['p-customers', 'Customers', fmtInt(p.customers)],
        ['p-cancelled', p.cancelled ? 'Cancelled (share of its sales revenue, whole log)' : 'Cancellations: not in these artifacts', p.cancelled ? fmtPct(p.cancelled.share) : '-'],
      ]);
      if (p.cancelled) head.body.insertAdjacentHTML('beforeend', `<p class="muted">Cancellation lines of this product over the whole log (the filter does not apply; the figures above are net of the orders they cancel): ${fmtInt(p.cancelled.lines)} lines, ${fmtInt(p.cancelled.quantity)} units, ${money(p.cancelled.revenue)}.</p>`);
      trend.title(`Sales of ${p.stockCode} by month (${meta.currency.code}), ${describeFilter(echo)}`);
      if (p.trend.length) await charts.draw(trend.chart('product-trend'), charts.monthlySpec({ values: p.trend, field: 'revenue', title: `revenue (${meta.currency.code})`, currency: meta.currency, money, ...monthsOf(echo), zero: { revenue: 0, quantity: 0 } }));
      else trend.body.innerHTML = '<p class="na">No sales in this filter.</p>';
      buyers.title(`Who buys ${p.stockCode}: the top ${fmtInt(Math.min(20, p.buyers.length))} of ${fmtInt(p.customers)} customers by revenue, ${describeFilter(echo)}`);
      buyers.body.innerHTML = `<div class="scroll"><table id="buyers-table"><thead><tr><th>Customer</th><th class="n">Revenue</th><th class="n">Quantity</th><th class="n">Orders</th></tr></thead><tbody>${p.buyers
        .slice(0, 20)
        .map((b) => `<tr><td><a href="${href(['customer', b.customerId])}">${esc(b.customerId)}</a></td><td class="n">${money(b.revenue)}</td><td class="n">${fmtInt(b.quantity)}</td><td class="n">${fmtInt(b.orders)}</td></tr>`)
        .join('')}</tbody></table></div>`;
    }),
    load(sim, async () => {
      // the product page's own answer says when the product is not in the data; here only that the model does not know it
      const r = await api(`/api/products/${encodeURIComponent(code)}/similar?k=${k}`).catch((e) => {
        if (!isUnknown(e, 'UNKNOWN_PRODUCT')) throw e;
        sim.body.innerHTML = `<p class="na">No similar products: the similarity model does not know ${esc(code)}.</p>`;
        return null;
      });
      if (!r || !live(gen)) return;
      sim.title(`The ${r.similar.length} products most similar to ${r.product.stockCode} ${r.product.description ?? ''} (bought by the same customers; all data)`);
      sim.body.innerHTML = `<form class="row" id="k-form"><label>How many <input id="sim-k" type="number" min="1" max="100" value="${k}"></label><button type="submit">Show</button></form>${similarTable(r.similar)}`;
      sim.body.dataset.count = String(r.similar.length);
      sim.body.querySelector('#k-form').addEventListener('submit', (e) => {
        e.preventDefault();
        go({ k: sim.body.querySelector('#sim-k').value });
      });
    }),
  ]);
}

// ---- start: what the server serves, then the page of the URL ----
async function boot() {
  const [health, countries] = await Promise.all([api('/api/health'), api('/api/countries')]);
  meta.period = { from: String(health.period.from).slice(0, 10), to: String(health.period.to).slice(0, 10) };
  meta.models = health.models ?? [];
  meta.source = health.source;
  if (health.currency?.code) meta.currency = health.currency;
  if (health.lastPeriod) meta.lastPeriod = health.lastPeriod;
  $('source').textContent = `${health.source} · ${meta.period.from} to ${meta.period.to}`;
  for (const el of [$('f-from'), $('f-to')]) {
    el.min = meta.period.from;
    el.max = meta.period.to;
  }
  meta.countries = countries.countries.map((c) => c.country);
  $('f-country').insertAdjacentHTML('beforeend', meta.countries.map((c) => `<option value="${esc(c)}">${esc(c)}</option>`).join(''));
  try {
    const s = await api('/api/segments');
    if (s.currency?.code && !health.currency) meta.currency = s.currency;
    const lp = s.lastPeriod ?? s.summary?.lastPeriod;
    if (lp && !meta.lastPeriod) meta.lastPeriod = lp;
    meta.rfmSegments = rfmSegmentRows(s).map((r) => r.segment);
    meta.clusters = s.segments.map((g) => g.name);
    $('f-segment').insertAdjacentHTML('beforeend', meta.rfmSegments.map((c) => `<option value="${esc(c)}">${esc(c)}</option>`).join(''));
    $('f-cluster').insertAdjacentHTML('beforeend', meta.clusters.map((c) => `<option value="${esc(c)}">${esc(c)}</option>`).join(''));
  } catch (e) {
    $('f-error').textContent = `segments: ${e.message}`;
  }
  moneyFormat = null;
  window.addEventListener('hashchange', render);
  await render();
}

/** For the console and the tests: the drawn views, the fetched answers, the current route. */
window.dashboard = { views: charts.views, answers, current, meta };
boot().catch((e) => {
  view.innerHTML = `<section class="card"><p class="error">The dashboard could not start: ${esc(e.message)}</p></section>`;
});
