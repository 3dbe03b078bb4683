/**
 * The two documents a person reads: `summary.md` (first, in a terminal or on GitHub) and a
 * self-contained `report.html` (charts inlined as SVG, no network needed).
 */
import type { Analysis } from './analyze.js';
import { describeModel } from './recommenders.js';
import { commandPrefix } from './invocation.js';
import { GBP, moneyFormatter, monthName } from './charts.js';

const int = (x: number) => Math.round(x).toLocaleString('en-GB');
/** Money in the analysis's currency (`summary.currency`; GBP for artifacts written before it). */
const moneyOf = (a: Analysis) => moneyFormatter(a.summary.currency ?? GBP);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const f4 = (x: number) => x.toFixed(4);

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The best recommender by MAP@5 under a policy, or null. */
function best(a: Analysis, policy: 'exclude' | 'allow') {
  const rows = a.evaluation.rows.filter((r) => r.policy === policy && r.k === 5);
  return rows.length ? rows.reduce((x, y) => (y.map > x.map ? y : x)) : null;
}

/** Key findings, as sentences (shared by both documents). */
export function findings(a: Analysis): string[] {
  const s = a.summary;
  const money = moneyOf(a);
  const out: string[] = [];
  const what = s.loading.schema.products ? `bought ${int(s.products)} products on ${int(s.invoices)} invoices` : `made ${int(s.invoices)} purchases (one per customer and date: the log has no invoices or products)`;
  out.push(`${int(s.rows.kept)} of ${int(s.rows.loaded)} rows are usable (${pct(s.rows.kept / Math.max(1, s.rows.loaded))}); ${int(s.customers)} customers ${what} from ${s.period.from.slice(0, 10)} to ${s.period.to.slice(0, 10)}, for ${money(s.revenue)} in revenue.`);
  out.push(`The top 20% of customers bring ${pct(s.pareto.topCustomerShare)} of revenue${s.pareto.topProductShare === null ? '' : `; the top 20% of products bring ${pct(s.pareto.topProductShare)}`}.`);
  const c = s.cancellations;
  if (c && c.lines > 0) out.push(`Cancellations take back ${pct(c.cancelledShare)} of sales revenue; ${int(c.matchedLines + c.partlyMatchedLines)} of ${int(c.lines)} cancellation lines were netted against the orders they cancel (${money(c.revenueNetted)} taken off them), ${int(c.unmatchedLines)} matched no earlier purchase.`);
  const whys = [...new Set(s.skipped.map((x) => x.why))];
  for (const why of whys) out.push(`Skipped ${s.skipped.filter((x) => x.why === why).map((x) => x.stage).join(', ')}: ${why}.`);
  const peak = a.monthly.reduce((x, y) => (y.revenue > x.revenue ? y : x), a.monthly[0]!);
  if (peak) out.push(`The best month is ${monthName(peak.period.slice(0, 7))} with ${money(peak.revenue)} in revenue.`);
  if (s.lastPeriod.partial) out.push(`The log ends on day ${s.lastPeriod.days} of ${monthName(s.lastPeriod.month)} (${s.lastPeriod.days} of its ${s.lastPeriod.daysInMonth} days): that month is partial, so its totals are not a fall in sales; the charts keep it, drawn hollow.`);
  const topCountry = a.countries[0];
  if (topCountry && topCountry.country !== null) out.push(`${topCountry.country ?? '(unknown)'} brings ${pct(topCountry.revenueShare)} of revenue.`);
  const hv = s.rfmSegments.reduce<(typeof s.rfmSegments)[number] | null>((x, y) => (x === null || y.revenueShare > x.revenueShare ? y : x), null);
  if (hv) out.push(`The RFM segment ${hv.segment} (${int(hv.customers)} customers, ${pct(hv.customerShare)}) brings ${pct(hv.revenueShare)} of revenue; its median customer last ordered ${hv.medianRecency} days before the end of the log and ordered ${hv.medianFrequency} times.`);
  const top = s.segments.reduce<(typeof s.segments)[number] | null>((x, y) => (x === null || y.centroid.monetary > x.centroid.monetary ? y : x), null);
  if (top) out.push(`The highest-spending cluster, "${top.name}" (${int(top.size)} customers), has its centre at ${Math.max(0, Math.round(top.centroid.recency))} days since the last order, ${top.centroid.frequency.toFixed(1)} orders and ${money(top.centroid.monetary)} spent.`);
  out.push(`${s.k.text} The segments come from ${s.clusterer}. ${s.segmentation.agreement.text}`);
  const bx = best(a, 'exclude');
  const ba = best(a, 'allow');
  if (bx && ba) out.push(`On the temporal split at ${s.evaluationProtocol.cutoff}, the best recommender for new products is ${bx.recommender} (MAP@5 ${f4(bx.map)}); with re-orders allowed it is ${ba.recommender} (MAP@5 ${f4(ba.map)}).`);
  else if (s.evaluationProtocol.note && !s.skipped.some((x) => x.stage === 'evaluate')) out.push(`Evaluation skipped: ${s.evaluationProtocol.note}.`);
  return out;
}

/** The RFM segment x cluster table as rows: one per RFM segment, a count per cluster, the total. */
function crosstabRows(a: Analysis): string[][] {
  const t = a.summary.segmentation.crosstab;
  return t.rfmSegments.map((name, i) => [name, ...t.counts[i]!.map(int), int(t.counts[i]!.reduce((x, y) => x + y, 0))]);
}

/** For each cluster, the RFM segment most of its customers are in. */
function clusterMix(a: Analysis): string[] {
  const t = a.summary.segmentation.crosstab;
  return t.clusters.map((c, j) => {
    const col = t.counts.map((row) => row[j]!);
    const total = col.reduce((x, y) => x + y, 0) || 1;
    const order = col.map((n, i) => [n, i] as const).sort((x, y) => y[0] - x[0]).slice(0, 2).filter(([n]) => n > 0);
    return `"${c}": ${order.map(([n, i]) => `${pct(n / total)} ${t.rfmSegments[i]}`).join(', ')}`;
  });
}

/** Each served model's scores for the example customer: raw, and scaled to 0-1 within the list. */
function scoreRows(a: Analysis): string[][] {
  const ex = a.scoreExamples;
  if (!ex) return [];
  return ex.models.flatMap((m) => m.rows.map((r, i) => [i === 0 ? m.model : '', String(i + 1), r.item, r.description ?? '', r.score.toFixed(3), r.scaled.toFixed(2)]));
}

function evaluationMarkdown(a: Analysis): string[] {
  const lines = ['| recommender | policy | P@5 | R@5 | MAP@5 | NDCG@5 | HR@5 | MAP@10 | customers |', '|---|---|---:|---:|---:|---:|---:|---:|---:|'];
  for (const r of a.evaluation.rows.filter((x) => x.k === 5)) {
    const r10 = a.evaluation.rows.find((x) => x.k === 10 && x.recommender === r.recommender && x.policy === r.policy)!;
    lines.push(`| ${r.recommender} | ${r.policy === 'exclude' ? 'new products only' : 'repeats allowed'} | ${f4(r.precision)} | ${f4(r.recall)} | ${f4(r.map)} | ${f4(r.ndcg)} | ${f4(r.hitRate)} | ${f4(r10.map)} | ${int(r.users)} |`);
  }
  return lines;
}

/** The "Customer value" section: the model, its parameters, and CLV per RFM segment (absent in an older summary). */
function customerValueParts(a: Analysis): { text: string[]; rows: string[][] } | null {
  const v = a.summary.customerValue;
  if (!v) return null;
  const money = moneyOf(a);
  if (v.model === null) return { text: [`The customer-value models (BG/NBD and Gamma-Gamma) were not fitted: ${v.reason}.`], rows: [] };
  const fmt = (p: Readonly<Record<string, number>>) => Object.entries(p).map(([k, x]) => `${k} ${x.toPrecision(4)}`).join(', ');
  const conv = v.converged.bgNbd && v.converged.gammaGamma ? 'both fits converged' : `did not converge: ${[!v.converged.bgNbd && 'BG/NBD', !v.converged.gammaGamma && 'Gamma-Gamma'].filter(Boolean).join(' and ')}`;
  return {
    text: [
      `BG/NBD (purchases, fitted in ${v.unit}: ${fmt(v.params.bgNbd)}) and Gamma-Gamma (spend per purchase, on the ${int(v.repeatCustomers - v.nonPositiveRepeatSpend)} customers who bought on more than one day${v.nonPositiveRepeatSpend ? ` and spent more than nothing on their repeat days (${int(v.nonPositiveRepeatSpend)} others get the mean spend)` : ''}: ${fmt(v.params.gammaGamma)}); ${conv}.${v.newCustomers ? ` ${int(v.newCustomers)} customer${v.newCustomers === 1 ? '' : 's'} first seen on the last day ${v.newCustomers === 1 ? 'gets' : 'get'} a new customer's expected purchases and P(alive) 1.` : ''}`,
      `Expected ${v.horizonMonths}-month customer value, discounted ${pct(v.discount)} a month: ${money(v.totalClv)} in total, ${money(v.meanClv)} per customer. Per customer in \`clv.csv\`; the models in \`models/clv.json\`.`,
      calibrationSentence(v.calibration),
      v.meaning,
    ],
    rows: v.bySegment.map((g) => [g.segment, int(g.customers), money(g.meanClv), money(g.totalClv)]),
  };
}

/** The calibration check in one sentence: expected against actual holdout purchases per customer, or why it was skipped. */
export function calibrationSentence(c: Extract<Analysis['summary']['customerValue'], { model: string }>['calibration']): string {
  if ('skipped' in c) return `Calibration check (BG/NBD refitted before a cut-off, scored on the holdout after it): skipped, ${c.skipped}.`;
  const ratio = c.actualPerCustomer > 0 ? ` (expected / actual ${(c.expectedPerCustomer / c.actualPerCustomer).toFixed(2)})` : '';
  return `Calibration check: BG/NBD refitted on the ${int(c.customers)} customers first seen before ${c.calibrationEnd}, on their purchases to that day${c.converged ? '' : ' (the fit did not converge)'}, expects ${c.expectedPerCustomer.toFixed(3)} purchase days per customer in the ${c.holdoutDays}-day holdout to ${c.holdoutEnd}; they made ${c.actualPerCustomer.toFixed(3)}${ratio}. The calibration chart shows both by calibration frequency.`;
}

/** The At-Risk rule in the words of `summary.atRisk` (absent in an older summary). */
function atRiskLines(a: Analysis): string[] {
  const r = a.summary.atRisk;
  if (!r) return [];
  return [`**At-Risk rule (\`--at-risk ${r.rule === 'rfm' ? 'rfm' : r.asked}\`).** ${r.definition}. ${r.text}`];
}

/** `summary.md`: what a person reads first. */
export function renderSummaryMd(a: Analysis): string {
  const s = a.summary;
  const money = moneyOf(a);
  const lines: string[] = [`# shopper-spectrum analysis`, '', `Source: ${s.source} (cleaning preset: ${s.preset}).`, '', s.stages.text, '', '## Key findings', ''];
  for (const f of findings(a)) lines.push(`- ${f}`);
  lines.push('', '## Cleaning', '', '| rule | rows dropped | revenue removed |', '|---|---:|---:|');
  for (const d of a.cleaning.dropped) lines.push(`| ${d.rule} | ${int(d.rows)} | ${money(d.revenue)} |`);
  for (const [code, n] of Object.entries(a.load.rejectedBy)) if (n > 0) lines.push(`| parse: ${code} | ${int(n)} | |`);
  lines.push('', `Rows: ${int(s.rows.loaded)} loaded, ${int(s.rows.kept)} kept, ${int(s.rows.rejected)} rejected; every row is accounted for in \`cleaning-report.json\`.`);
  lines.push('', `Read as: ${s.loading.encoding} text, ${int(s.loading.lines)} lines${s.loading.delimiter === null ? '' : `, fields separated by ${s.loading.delimiter === '\t' ? 'tabs' : `"${s.loading.delimiter}"`}`}${s.loading.decimalSeparator === ',' ? ', decimal commas' : ''}; dates ${s.loading.dateFormat ?? 'none'}${s.loading.dateFormatReason ? ` (${s.loading.dateFormatReason})` : ''}; ${s.loading.schema.products ? 'a full log (invoices, products, prices)' : 'a log of customers, dates and amounts (invoices derived per customer and day, no products)'}.`);
  for (const w of s.loading.warnings) lines.push(`- Warning: ${w}`);
  if (s.cancellations && s.cancellations.topProducts.length) {
    lines.push('', '## Cancellations', '', `${pct(s.cancellations.cancelledShare)} of sales revenue was cancelled. The most cancelled products:`, '', '| StockCode | description | revenue cancelled |', '|---|---|---:|');
    for (const p of s.cancellations.topProducts) lines.push(`| ${p.stockCode} | ${p.description ?? ''} | ${money(p.revenue)} |`);
  }
  lines.push('', '## Segmentation', '', s.segmentation.why, '', `**${s.k.text}**`);
  lines.push('', '### RFM quintile segments (the names)', '', ...atRiskLines(a).flatMap((x) => [x, '']), `| segment | customers | share of revenue | median recency (days) | median orders | median spend (${s.currency.code}) |`, '|---|---:|---:|---:|---:|---:|');
  for (const g of s.rfmSegments) lines.push(`| ${g.segment} | ${int(g.customers)} | ${pct(g.revenueShare)} | ${g.medianRecency} | ${g.medianFrequency} | ${money(g.medianMonetary)} |`);
  lines.push('', `### Clusters (${s.clusterer} on log1p + standardised R, F, M; named by their centres)`, '', `| cluster | customers | recency (days) | frequency (orders) | monetary (${s.currency.code}) | why this name |`, '|---|---:|---:|---:|---:|---|');
  for (const g of s.segments) lines.push(`| ${g.name} | ${int(g.size)} | ${g.centroid.recency.toFixed(0)} | ${g.centroid.frequency.toFixed(1)} | ${money(g.centroid.monetary)} | ${g.reason} |`);
  const t = s.segmentation.crosstab;
  lines.push('', '### RFM segment x cluster (customers)', '', `| RFM segment | ${t.clusters.join(' | ')} | total |`, `|---|${t.clusters.map(() => '---:').join('|')}|---:|`);
  for (const r of crosstabRows(a)) lines.push(`| ${r.join(' | ')} |`);
  lines.push('', `Where each cluster's customers are: ${clusterMix(a).join('; ')}.`, '', s.segmentation.rfmAgreement.text, '', s.segmentation.agreement.text);
  const cv = customerValueParts(a);
  if (cv) {
    lines.push('', '## Customer value', '', ...cv.text.flatMap((x) => [x, '']));
    if (cv.rows.length) {
      lines.push(`| RFM segment | customers | mean CLV 12m (${s.currency.code}) | total CLV 12m (${s.currency.code}) |`, '|---|---:|---:|---:|');
      for (const r of cv.rows) lines.push(`| ${r.join(' | ')} |`);
    }
  }
  if (a.cohorts.length) {
    const c = a.cohorts[0]!;
    lines.push('', '## Cohort retention', '', `Customers grouped by the month of their first purchase; the share of each cohort buying again in each later month is in \`eda/cohorts.csv\` and the report's heatmap. The first cohort (${monthName(c.cohort)}, ${int(c.customers)} customers): ${c.retention.slice(1, 7).map((r) => pct(r)).join(', ')} in the next six months.`);
  }
  lines.push('', `## Recommenders on the temporal split (cutoff ${s.evaluationProtocol.cutoff})`, '');
  if (a.evaluation.rows.length) {
    const p = a.evaluation.protocol!;
    lines.push(`Fit on the rows before the cutoff, ranked for the ${int(p.evaluated)} customers who bought in both periods, scored against what they bought on or after it. AP@K normalised by min(K, |relevant|).`, '');
    lines.push(...evaluationMarkdown(a));
    lines.push('');
    for (const name of new Set(a.evaluation.rows.map((r) => r.recommender))) lines.push(`- **${name}**: ${describeModel(name)}`);
  } else lines.push(`Not evaluated: ${s.evaluationProtocol.note}.`);
  if (a.scoreExamples) {
    lines.push('', '## What a recommendation score means', '', 'Each model scores on its own scale, so scores are comparable within one list only; "scaled" is the score divided by the list\'s top score (0 to 1).', '');
    for (const [kind, meaning] of Object.entries(s.scoreMeanings)) lines.push(`- **${kind}**: ${meaning}`);
    lines.push('', `The top 5 of each served model for customer ${a.scoreExamples.customerId}:`, '', '| model | rank | StockCode | description | score | scaled |', '|---|---:|---|---|---:|---:|');
    for (const r of scoreRows(a)) lines.push(`| ${r.join(' | ')} |`);
  }
  lines.push('', '## Timings (seconds)', '', Object.entries(s.timings).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(' · '));
  lines.push('', '## Files', '', `Open \`report.html\` for the charts. Serve the dashboard and API with \`${commandPrefix()} serve --artifacts <this directory>\`.`, '');
  for (const f of s.artifacts) lines.push(`- \`${f}\``);
  return `${lines.join('\n')}\n`;
}

function table(headers: readonly string[], rows: readonly (readonly (string | number)[])[], numeric: readonly boolean[]): string {
  const th = headers.map((h, i) => `<th${numeric[i] ? ' class="n"' : ''}>${escapeHtml(h)}</th>`).join('');
  const tr = rows.map((r) => `<tr>${r.map((c, i) => `<td${numeric[i] ? ' class="n"' : ''}>${escapeHtml(String(c))}</td>`).join('')}</tr>`).join('\n');
  return `<div class="table"><table><thead><tr>${th}</tr></thead><tbody>${tr}</tbody></table></div>`;
}

function customerValueHtml(a: Analysis): string {
  const cv = customerValueParts(a);
  if (!cv) return '';
  const code = a.summary.currency.code;
  const svg = (name: string) => (a.svgs[name] ? `<figure>${a.svgs[name]}</figure>` : '');
  return `<h2>Customer value</h2>${cv.text.map((x) => `<p>${escapeHtml(x)}</p>`).join('')}${cv.rows.length ? table(['RFM segment', 'customers', `mean CLV 12m (${code})`, `total CLV 12m (${code})`], cv.rows, [false, true, true, true]) : ''}${svg('clv-distribution')}${svg('clv-calibration')}`;
}

/** `report.html`: every chart inline as SVG, the tables, no external resources. */
export function renderReportHtml(a: Analysis): string {
  const s = a.summary;
  const money = moneyOf(a);
  const t = s.segmentation.crosstab;
  const svg = (name: string) => (a.svgs[name] ? `<figure>${a.svgs[name]}</figure>` : '');
  const kpi = (label: string, value: string) => `<div class="kpi"><div class="v">${escapeHtml(value)}</div><div class="l">${escapeHtml(label)}</div></div>`;
  const evalRows = a.evaluation.rows
    .filter((r) => r.k === 5)
    .map((r) => [r.recommender, r.policy === 'exclude' ? 'new products only' : 'repeats allowed', f4(r.precision), f4(r.recall), f4(r.map), f4(r.ndcg), f4(r.hitRate), int(r.users)]);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>shopper-spectrum report</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{margin:0 0 4px}h2{margin-top:36px;border-bottom:1px solid #d8dce3;padding-bottom:4px}
.src{color:#5b6473}.kpis{display:flex;gap:12px;flex-wrap:wrap;margin:16px 0}
.kpi{background:#fff;border:1px solid #e2e5ea;border-radius:8px;padding:10px 16px;min-width:140px}
.kpi .v{font-size:22px;font-weight:600}.kpi .l{color:#5b6473;font-size:12px}
figure{background:#fff;border:1px solid #e2e5ea;border-radius:8px;padding:8px;margin:12px 0;overflow-x:auto}
figure svg{display:block;max-width:100%;height:auto}
.table{overflow-x:auto}.k{font-weight:600}
table{border-collapse:collapse;background:#fff;margin:8px 0}td,th{border:1px solid #e2e5ea;padding:4px 8px}
th{background:#eef1f5;text-align:left}.n{text-align:right;font-variant-numeric:tabular-nums}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(480px,100%),1fr));gap:12px}
</style></head><body><main>
<h1>shopper-spectrum report</h1>
<div class="src">${escapeHtml(s.source)} · preset ${escapeHtml(s.preset)} · ${escapeHtml(s.period.from.slice(0, 10))} to ${escapeHtml(s.period.to.slice(0, 10))}</div>
<p class="src">${escapeHtml(s.stages.text)}</p>
<div class="kpis">${kpi('revenue', money(s.revenue))}${kpi('orders', int(s.invoices))}${kpi('customers', int(s.customers))}${kpi('products', int(s.products))}${kpi('rows kept', `${int(s.rows.kept)} / ${int(s.rows.loaded)}`)}</div>
<h2>Key findings</h2><ul>${findings(a).map((f) => `<li>${escapeHtml(f)}</li>`).join('')}</ul>
<h2>Cleaning</h2>
${table(['rule', 'rows dropped', `revenue removed (${s.currency.code})`], a.cleaning.dropped.map((d) => [d.rule, int(d.rows), money(d.revenue)]), [false, true, true])}
<h2>Sales</h2>${s.lastPeriod.partial ? `<p>${escapeHtml(monthName(s.lastPeriod.month))} is partial (the log ends on day ${s.lastPeriod.days} of ${s.lastPeriod.daysInMonth}): it is kept in the monthly trend and drawn hollow.</p>` : ''}${svg('sales-trend')}${svg('sales-daily')}${svg('countries')}<div class="grid">${svg('top-products')}${svg('pareto')}</div>
${svg('cohort-retention')}
<h2>Segmentation</h2><p>${escapeHtml(s.segmentation.why)}</p><p class="k">${escapeHtml(s.k.text)}</p>${svg('rfm-distributions')}
<h3>RFM quintile segments (the names)</h3>
${atRiskLines(a).map((x) => `<p>${escapeHtml(x.replace(/\*\*|`/g, ''))}</p>`).join('')}
${table(['RFM segment', 'customers', 'share of revenue', 'median recency (days)', 'median orders', `median spend (${s.currency.code})`], s.rfmSegments.map((g) => [g.segment, int(g.customers), pct(g.revenueShare), g.medianRecency, g.medianFrequency, money(g.medianMonetary)]), [false, true, true, true, true, true])}
<h3>Clusters (${escapeHtml(s.clusterer)}, named by their centres)</h3>
${table(['cluster', 'customers', 'recency (days)', 'orders', `monetary (${s.currency.code})`, 'why this name'], s.segments.map((g) => [g.name, int(g.size), g.centroid.recency.toFixed(0), g.centroid.frequency.toFixed(1), money(g.centroid.monetary), g.reason]), [false, true, true, true, true, false])}
<h3>RFM segment x cluster (customers)</h3>
${table(['RFM segment', ...t.clusters, 'total'], crosstabRows(a), [false, ...t.clusters.map(() => true), true])}
<p>Where each cluster's customers are: ${escapeHtml(clusterMix(a).join('; '))}.</p><p>${escapeHtml(s.segmentation.rfmAgreement.text)}</p><p>${escapeHtml(s.segmentation.agreement.text)}</p>
${svg('choose-k')}${svg('cluster-pairs')}${svg('dendrogram')}
${customerValueHtml(a)}
<h2>Recommendations</h2>${svg('similarity-heatmap')}
${a.scoreExamples ? `<h3>What a recommendation score means</h3><p>Each model scores on its own scale, so scores compare within one list only; "scaled" is the score divided by the list's top score (0 to 1).</p><ul>${Object.entries(s.scoreMeanings).map(([kind, m]) => `<li><b>${escapeHtml(kind)}</b>: ${escapeHtml(m)}</li>`).join('')}</ul><p>The top 5 of each served model for customer ${escapeHtml(a.scoreExamples.customerId)}:</p>${table(['model', 'rank', 'StockCode', 'description', 'score', 'scaled (0-1)'], scoreRows(a), [false, true, false, false, true, true])}` : ''}
${evalRows.length ? `<p>Temporal split at ${escapeHtml(s.evaluationProtocol.cutoff)}: fit before, score what ${int(s.evaluationProtocol.evaluated ?? 0)} customers bought on or after it (K = 5).</p>${table(['recommender', 'policy', 'P@5', 'R@5', 'MAP@5', 'NDCG@5', 'HR@5', 'customers'], evalRows, [false, false, true, true, true, true, true, true])}${svg('evaluation')}` : `<p>Not evaluated: ${escapeHtml(s.evaluationProtocol.note ?? '')}</p>`}
<h2>Top 50 products by revenue</h2>
${table(['StockCode', 'description', `revenue (${s.currency.code})`, 'quantity', 'orders', 'customers'], a.top50.map((p) => [p.stockCode, p.description ?? '', money(p.revenue), int(p.quantity), int(p.orders), int(p.customers)]), [false, false, true, true, true, true])}
<h2>Timings</h2><p>${Object.entries(s.timings).map(([k, v]) => `${escapeHtml(k)} ${v.toFixed(2)} s`).join(' · ')}</p>
</main></body></html>
`;
}
