/**
 * The second seed's app (three Streamlit modules) as library calls a user's own app would make:
 * 1. similar products, by StockCode or by a product name typed with typos;
 * 2. the segment of a customer from typed-in recency, frequency and monetary values;
 * 3. the top 50 products by revenue.
 *
 *   pnpm --dir examples/three-modules start --data ../shared/data/online-retail.csv.gz --name "jumbo bag retrospt" --rfm 10,8,3000
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { cleanTransactions, topProducts } from '@shopper-spectrum/core';
import { loadTransactions } from '@shopper-spectrum/core/node';
import { rfmTable } from '@shopper-spectrum/rfm';
import { fitPipeline, kmeans, nameSegments, toRows } from '@shopper-spectrum/cluster';
import { buildInteractions, findItems, itemKnn } from '@shopper-spectrum/recommend';

const { values } = parseArgs({ options: { data: { type: 'string' }, code: { type: 'string', default: '85123A' }, name: { type: 'string', default: 'jumbo bag retrospot' }, rfm: { type: 'string', default: '10,8,3000' } } });
const file = values.data ? resolve(process.env.INIT_CWD ?? process.cwd(), values.data) : (process.env.SHOPPER_SPECTRUM_DATA ?? '');
if (!file || !existsSync(file)) {
  console.error(`Pass the UCI Online Retail file with --data (got ${JSON.stringify(file || null)}); see the README.`);
  process.exit(3);
}
const rfmValues = values.rfm.split(',').map(Number);
if (rfmValues.length !== 3 || !rfmValues.every((v) => Number.isFinite(v) && v >= 0)) {
  console.error(`--rfm takes recency (days), frequency (orders) and monetary (spend), e.g. 10,8,3000; got ${JSON.stringify(values.rfm)}`);
  process.exit(2);
}
const table = cleanTransactions((await loadTransactions(file)).table, { preset: 'notebook' }).table;

// 1. Similar products: item cosine over customers, 100 neighbours kept per product
const matrix = buildInteractions(table);
const model = itemKnn(matrix, { similarity: 'cosine', neighbours: 100 });
const show = (code: string) => model.similarItems(code, 3).map((r) => `  ${r.item.padEnd(7)} ${(matrix.descriptions[matrix.itemIndex.get(r.item)!] ?? '').padEnd(36)} ${r.because}`).join('\n');
console.log(`similar to ${values.code}:\n${show(values.code)}`);
const [match] = findItems(matrix, values.name, { limit: 1 });
console.log(`"${values.name}" is ${match!.item} (${match!.description}); similar:\n${show(match!.item)}`);

// 2. The segment of typed-in R, F, M: k-means (k = 4) on log1p + standardised RFM, named from centroids
const rfm = rfmTable(table);
const rows = Array.from({ length: rfm.length }, (_, i) => [rfm.recency[i]!, rfm.frequency[i]!, rfm.monetary[i]!]);
const prep = fitPipeline(rows, ['log1p', 'standard']);
const clusters = kmeans(prep.transform(rows), { k: 4, seed: 42 });
const { names } = nameSegments(toRows(prep.inverseTransform(clusters.centroids)), ['recency', 'frequency', 'monetary']);
const [r, f, m] = rfmValues as [number, number, number];
console.log(`a customer last seen ${r} days ago, ${f} orders, ${m} spent: ${names[clusters.predict(prep.transformPoint([r, f, m]))]}`);

// 3. The top 50 products by revenue
const top = topProducts(table, { by: 'revenue', limit: 50 });
const total = top.reduce((s, p) => s + p.revenue, 0);
console.log(`top 50 products by revenue (${total.toLocaleString('en-GB', { maximumFractionDigits: 0 })} in all); the first five:`);
for (const p of top.slice(0, 5)) console.log(`  ${p.stockCode.padEnd(7)} ${(p.description ?? '').padEnd(36)} ${p.revenue.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).padStart(10)}`);
