// The shopper-spectrum dashboard: plain JavaScript over the JSON API; charts are Vega-Lite specs
// the API returns, embedded with vega-embed (served locally, no network needed). Vega's expressions
// run through its interpreter, so the page's Content-Security-Policy needs no 'unsafe-eval'.
import { expressionInterpreter } from '/vendor/vega-interpreter.js';

const $ = (id) => document.getElementById(id);
const fmtInt = (x) => Math.round(x).toLocaleString('en-GB');
const fmtMoney = (x) => x.toLocaleString('en-GB', { maximumFractionDigits: 0 });
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const COLOURS = { 'High-Value': '#1b9e77', Regular: '#7570b3', Occasional: '#e6ab02', 'At-Risk': '#d95f02' };

// A server started with a token wants it on every API request: asked once, kept for this tab only.
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

async function api(path, init) {
  const res = await apiResponse(path, init);
  const body = await res.json();
  if (!res.ok) {
    const e = new Error(body.error ? body.error.message : `HTTP ${res.status}`);
    e.status = res.status;
    e.body = body;
    throw e;
  }
  return body;
}

function chart(el, spec) {
  if (!spec) return;
  return vegaEmbed(el, spec, { actions: { export: true, source: false, compiled: false, editor: false }, renderer: 'svg', ast: true, expr: expressionInterpreter }).catch((e) => {
    el.textContent = `chart failed: ${e.message}`;
  });
}

function table(headers, rows, numeric = []) {
  return `<table><thead><tr>${headers.map((h, i) => `<th class="${numeric[i] ? 'n' : ''}">${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c, i) => `<td class="${numeric[i] ? 'n' : ''}">${c}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

// ---- navigation ----
for (const b of document.querySelectorAll('nav button')) {
  b.addEventListener('click', () => show(b.dataset.page));
}
const loaded = new Set();
function show(page) {
  for (const b of document.querySelectorAll('nav button')) b.classList.toggle('active', b.dataset.page === page);
  for (const s of document.querySelectorAll('.page')) s.classList.toggle('active', s.id === page);
  if (!loaded.has(page)) {
    loaded.add(page);
    ({ overview: loadOverview, segments: loadSegments, recommendations: loadRecommendations, products: loadProducts })[page]();
  }
  history.replaceState(null, '', `#${page}`);
}

// ---- overview ----
function filterQuery() {
  const p = new URLSearchParams();
  if ($('f-from').value) p.set('from', $('f-from').value);
  if ($('f-to').value) p.set('to', $('f-to').value);
  if ($('f-country').value !== 'all') p.set('country', $('f-country').value);
  return p;
}

async function refreshOverview() {
  const p = filterQuery();
  p.set('interval', $('f-interval').value);
  p.set('chart', '1');
  $('f-error').textContent = '';
  try {
    const [sales, top] = await Promise.all([api(`/api/sales?${p}`), api(`/api/products/top?${filterQuery()}&limit=15&chart=1`)]);
    $('kpi-revenue').textContent = fmtMoney(sales.kpis.revenue);
    $('kpi-orders').textContent = fmtInt(sales.kpis.orders);
    $('kpi-customers').textContent = fmtInt(sales.kpis.customers);
    $('kpi-aov').textContent = fmtMoney(sales.kpis.averageOrderValue);
    $('kpi-products').textContent = fmtInt(sales.kpis.products);
    document.body.dataset.filters = JSON.stringify(sales.filters);
    await Promise.all([chart($('chart-sales'), sales.chart), chart($('chart-top'), top.chart)]);
    if (loaded.has('products')) loadProducts();
  } catch (e) {
    $('f-error').textContent = e.message;
  }
}

async function loadOverview() {
  const [health, countries] = await Promise.all([api('/api/health'), api('/api/countries')]);
  $('source').textContent = `${health.source} · ${health.period.from.slice(0, 10)} to ${health.period.to.slice(0, 10)}`;
  $('f-from').min = $('f-to').min = health.period.from.slice(0, 10);
  $('f-from').max = $('f-to').max = health.period.to.slice(0, 10);
  for (const c of countries.countries) $('f-country').insertAdjacentHTML('beforeend', `<option value="${esc(c.country)}">${esc(c.country)}</option>`);
  await Promise.all([refreshOverview(), api('/api/charts/countries').then((s) => chart($('chart-countries'), s)), api('/api/charts/pareto').then((s) => chart($('chart-pareto'), s))]);
}
$('filters').addEventListener('submit', (e) => {
  e.preventDefault();
  refreshOverview();
});
$('f-reset').addEventListener('click', () => {
  $('f-from').value = $('f-to').value = '';
  $('f-country').value = 'all';
  refreshOverview();
});

// ---- segments ----
async function loadSegments() {
  const s = await api('/api/segments');
  $('segment-table').innerHTML = table(
    ['segment', 'customers', 'recency (days)', 'orders', 'monetary', 'why'],
    s.segments.map((g) => [`<span class="segment-badge" style="background:${COLOURS[g.name] || '#555'}">${esc(g.name)}</span>`, fmtInt(g.size), g.centroid.recency.toFixed(0), g.centroid.frequency.toFixed(1), fmtMoney(g.centroid.monetary), `<span class="why">${esc(g.reason)}</span>`]),
    [false, true, true, true, true, false],
  );
  $('rfm-table').innerHTML = table(
    ['segment', 'customers', 'share of revenue', 'median recency', 'median orders'],
    s.rfmSegments.business.map((g) => [esc(g.segment), fmtInt(g.customers), `${(g.revenueShare * 100).toFixed(1)}%`, g.medianRecency, g.medianFrequency]),
    [false, true, true, true, true],
  );
  await Promise.all(
    [
      ['cluster-scatter', 'chart-scatter'],
      ['choose-k', 'chart-choosek'],
      ['rfm-distributions', 'chart-rfm'],
      ['dendrogram', 'chart-dendrogram'],
    ].map(([name, el]) => api(`/api/charts/${name}`).then((spec) => chart($(el), spec))),
  );
}
$('predict').addEventListener('submit', async (e) => {
  e.preventDefault();
  const body = { recency: Number($('p-recency').value), frequency: Number($('p-frequency').value), monetary: Number($('p-monetary').value) };
  const out = $('predict-result');
  try {
    const r = await api('/api/segments/predict', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    out.innerHTML = `<p>Segment: <span class="segment-badge" id="predicted-segment" style="background:${COLOURS[r.segment] || '#555'}">${esc(r.segment)}</span></p><p class="why">${esc(r.reason)}</p>${table(
      ['centroid', 'distance (scaled)', 'recency', 'orders', 'monetary'],
      r.distances.map((d) => [esc(d.segment), d.distance.toFixed(3), d.centroid[0].toFixed(0), d.centroid[1].toFixed(1), fmtMoney(d.centroid[2])]),
      [false, true, true, true, true],
    )}`;
    const q = new URLSearchParams(Object.entries(body).map(([k, v]) => [k, String(v)]));
    chart($('chart-scatter'), await api(`/api/charts/cluster-scatter?${q}`));
  } catch (err) {
    out.innerHTML = `<p class="error">${esc(err.message)}</p>`;
  }
});

// ---- recommendations ----
async function loadRecommendations() {
  const health = await api('/api/health');
  for (const m of health.models) $('r-model').insertAdjacentHTML('beforeend', `<option>${esc(m)}</option>`);
  const top = await api('/api/products/top?by=customers&limit=1');
  if (top.rows[0]) $('s-query').placeholder = `e.g. ${top.rows[0].stockCode} or ${String(top.rows[0].description || '').toLowerCase().split(' ').slice(0, 2).join(' ')}`;
  await Promise.all([api('/api/charts/similarity-heatmap').then((s) => chart($('chart-heatmap'), s)), loadEvaluation()]);
}
async function loadEvaluation() {
  const e = await api('/api/evaluation');
  if (!e.rows.length) {
    $('eval-table').innerHTML = `<p class="note">Not evaluated: ${esc(e.protocol.note || '')}</p>`;
    return;
  }
  $('eval-table').innerHTML = `<p>Temporal split at ${esc(e.protocol.cutoff)}, ${fmtInt(e.protocol.evaluated)} customers, K = 5.</p>${table(
    ['recommender', 'policy', 'P@5', 'R@5', 'MAP@5', 'NDCG@5', 'HR@5'],
    e.rows.filter((r) => r.k === 5).map((r) => [esc(r.recommender), r.policy === 'exclude' ? 'new products only' : 'repeats allowed', r.precision.toFixed(4), r.recall.toFixed(4), r.map.toFixed(4), r.ndcg.toFixed(4), r.hitRate.toFixed(4)]),
    [false, false, true, true, true, true, true],
  )}`;
  api('/api/charts/evaluation').then((s) => chart($('chart-eval'), s)).catch(() => {});
}
$('rec').addEventListener('submit', async (e) => {
  e.preventDefault();
  const out = $('rec-result');
  const id = $('r-customer').value.trim();
  const q = new URLSearchParams({ k: $('r-k').value || '10', seen: $('r-seen').value, model: $('r-model').value });
  try {
    const r = await api(`/api/customers/${encodeURIComponent(id)}/recommendations?${q}`);
    const profile = r.profile ? `<p>Recency ${r.profile.recency} days · ${r.profile.frequency} orders · ${fmtMoney(r.profile.monetary)} spent · RFM ${esc(r.profile.score)} (${esc(r.profile.rfmSegment)}) · cluster <b>${esc(r.profile.cluster)}</b></p>` : '';
    out.innerHTML = `${r.known ? '' : `<p class="note" id="fallback-note">${esc(r.note)}</p>`}${profile}${table(
      ['#', 'StockCode', 'product', 'score', 'because'],
      r.recommendations.map((x, i) => [i + 1, esc(x.stockCode), esc(x.description), x.score.toFixed(3), `<span class="why">${esc(x.because)}</span>`]),
      [true, false, false, true, false],
    )}${r.history.length ? `<h2>Purchase history (most ordered first)</h2>${table(['StockCode', 'product', 'orders', 'quantity', 'revenue', 'last'], r.history.slice(0, 15).map((h) => [esc(h.stockCode), esc(h.description), h.orders, fmtInt(h.quantity), fmtMoney(h.revenue), h.lastPurchase]), [false, false, true, true, true, false])}` : ''}`;
    out.dataset.count = String(r.recommendations.length);
  } catch (err) {
    out.innerHTML = `<p class="error">${esc(err.message)}</p>`;
  }
});
$('sim').addEventListener('submit', async (e) => {
  e.preventDefault();
  const out = $('sim-result');
  const query = $('s-query').value.trim();
  try {
    const found = await api(`/api/products/search?q=${encodeURIComponent(query)}&limit=5`);
    if (!found.matches.length) {
      out.innerHTML = `<p class="error">${esc(found.note)}</p>`;
      return;
    }
    const best = found.matches[0];
    const r = await api(`/api/products/${encodeURIComponent(best.stockCode)}/similar?k=10`);
    const others = found.matches.slice(1).map((m) => `<a href="#" data-code="${esc(m.stockCode)}">${esc(m.stockCode)} ${esc(m.description)}</a>`).join(' · ');
    out.innerHTML = `<p>Products similar to <b>${esc(r.product.stockCode)} ${esc(r.product.description)}</b> (bought by ${fmtInt(r.product.customers)} customers)${others ? `<br><span class="why">other matches: ${others}</span>` : ''}</p>${table(
      ['#', 'StockCode', 'product', 'similarity', 'because'],
      r.similar.map((x, i) => [i + 1, esc(x.stockCode), esc(x.description), x.score.toFixed(3), `<span class="why">${esc(x.because)}</span>`]),
      [true, false, false, true, false],
    )}`;
    out.dataset.count = String(r.similar.length);
    for (const a of out.querySelectorAll('a[data-code]')) {
      a.addEventListener('click', (ev) => {
        ev.preventDefault();
        $('s-query').value = a.dataset.code;
        $('sim').requestSubmit();
      });
    }
  } catch (err) {
    out.innerHTML = `<p class="error">${esc(err.message)}</p>`;
  }
});

// ---- products ----
let productRows = [];
let sortKey = 'revenue';
let sortDesc = true;
async function loadProducts() {
  const q = filterQuery();
  q.set('limit', '50');
  const r = await api(`/api/products/top?${q}`);
  productRows = r.rows;
  q.set('format', 'csv');
  $('download').dataset.query = String(q);
  renderProducts();
}
// the CSV is fetched with the token (a plain link could not send it) and saved from memory
$('download').addEventListener('click', async (ev) => {
  ev.preventDefault();
  const res = await apiResponse(`/api/products/top?${ev.currentTarget.dataset.query ?? 'limit=50&format=csv'}`);
  if (!res.ok) return;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'top-products.csv';
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
});
function renderProducts() {
  const cols = [
    ['stockCode', 'StockCode', false],
    ['description', 'Description', false],
    ['revenue', 'Revenue', true],
    ['quantity', 'Quantity', true],
    ['orders', 'Orders', true],
    ['customers', 'Customers', true],
  ];
  const rows = [...productRows].sort((a, b) => {
    const x = a[sortKey];
    const y = b[sortKey];
    const c = typeof x === 'number' ? x - y : String(x ?? '').localeCompare(String(y ?? ''));
    return sortDesc ? -c : c;
  });
  $('products-table').innerHTML = `<table><thead><tr><th class="n">#</th>${cols.map(([k, label, num]) => `<th class="sortable ${num ? 'n' : ''}" data-key="${k}">${label}${k === sortKey ? (sortDesc ? ' ▼' : ' ▲') : ''}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r, i) => `<tr><td class="n">${i + 1}</td>${cols.map(([k, , num]) => `<td class="${num ? 'n' : ''}">${num ? (k === 'revenue' ? fmtMoney(r[k]) : fmtInt(r[k])) : esc(r[k])}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
  for (const th of $('products-table').querySelectorAll('th[data-key]')) {
    th.addEventListener('click', () => {
      if (sortKey === th.dataset.key) sortDesc = !sortDesc;
      else {
        sortKey = th.dataset.key;
        sortDesc = true;
      }
      renderProducts();
    });
  }
}

const PAGES = ['overview', 'segments', 'recommendations', 'products'];
window.addEventListener('hashchange', () => {
  const page = location.hash.slice(1);
  if (PAGES.includes(page)) show(page);
});
const first = (location.hash || '#overview').slice(1);
show(PAGES.includes(first) ? first : 'overview');
