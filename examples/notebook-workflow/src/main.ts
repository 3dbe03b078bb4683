/**
 * The first seed's notebook workflow, as a user would write it with shopper-spectrum: load and clean
 * the Online Retail log (the notebooks' rules), RFM per customer, k-means with k = 4 on log1p +
 * standardised RFM with business names, item-based cosine recommendations, and the notebooks'
 * Precision@5 / MAP@5 next to the honest figures of a split in time.
 *
 *   pnpm --dir examples/notebook-workflow start --data ../shared/data/online-retail.csv.gz
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { cleanTransactions } from '@shopper-spectrum/core';
import { loadTransactions } from '@shopper-spectrum/core/node';
import { rfmTable } from '@shopper-spectrum/rfm';
import { fitPipeline, kmeans, nameSegments, toRows } from '@shopper-spectrum/cluster';
import { buildInteractions, itemKnn } from '@shopper-spectrum/recommend';
import type { Recommender } from '@shopper-spectrum/recommend';
import { evaluate, temporalSplit } from '@shopper-spectrum/metrics';
import type { TransactionTable } from '@shopper-spectrum/core';

const { values } = parseArgs({ options: { data: { type: 'string' } } });
const file = values.data ? resolve(process.env.INIT_CWD ?? process.cwd(), values.data) : (process.env.SHOPPER_SPECTRUM_DATA ?? '');
if (!file || !existsSync(file)) {
  console.error(`Pass the UCI Online Retail file with --data (got ${JSON.stringify(file || null)}); see the README.`);
  process.exit(3);
}
const fmt = (n: number) => n.toLocaleString('en-GB');

// 1. Load and clean (drop missing CustomerID, cancelled invoices, quantity or price <= 0)
const loaded = await loadTransactions(file);
const { table, report } = cleanTransactions(loaded.table, { preset: 'notebook' });
console.log(`loaded ${fmt(loaded.summary.rowsRead)} rows, kept ${fmt(report.rowsKept)} after the notebook cleaning`);

// 2. RFM per customer (snapshot = last invoice + 1 day)
const rfm = rfmTable(table);
const c = rfm.row(rfm.indexOf('12347'));
console.log(`RFM of ${fmt(rfm.length)} customers; 12347: recency ${c.recency} days, ${c.frequency} orders, ${c.monetary.toFixed(2)} spent`);

// 3. k-means, k = 4, on log1p + standardised R, F, M, named from the centroids
const rows = Array.from({ length: rfm.length }, (_, i) => [rfm.recency[i]!, rfm.frequency[i]!, rfm.monetary[i]!]);
const prep = fitPipeline(rows, ['log1p', 'standard']);
const model = kmeans(prep.transform(rows), { k: 4, seed: 42 });
const { names } = nameSegments(toRows(prep.inverseTransform(model.centroids)), ['recency', 'frequency', 'monetary']);
const sizes = names.map((name, k) => `${name} ${fmt(model.labels.filter((l) => l === k).length)}`);
console.log(`k-means k = 4: ${sizes.join(', ')}`);

// 4. Item-based collaborative filtering: cosine between products over customers, as the notebooks
const cosine = (t: TransactionTable): Recommender => itemKnn(buildInteractions(t), { similarity: 'cosine', neighbours: Infinity });
const items = cosine(table);
const similar = items.similarItems('85123A', 3).map((r) => `${r.item} ${r.score.toFixed(3)}`);
console.log(`similar to 85123A (WHITE HANGING HEART T-LIGHT HOLDER): ${similar.join(', ')}`);

// 5. The notebooks' figure: ranked and scored on the purchases the model was fitted on (in-sample)
const top5 = (m: Recommender, seen: 'allow' | 'exclude') => (customer: string) => m.recommend(customer, 5, { seen, explain: false }).map((r) => r.item);
const inSample = evaluate({ train: table, test: table, k: [5], excludeSeen: false, rank: top5(items, 'allow') });
console.log(`in-sample (the notebooks' figure): P@5 ${inSample.means['precision@5']!.toFixed(4)}, MAP@5 ${inSample.means['map@5']!.toFixed(4)}`);

// 6. The honest figure: fit before 2011-09-01, score what each customer bought after it
const { train, test } = temporalSplit(table, { cutoff: '2011-09-01' });
const past = cosine(train);
const fresh = evaluate({ train, test, k: [5], excludeSeen: true, rank: top5(past, 'exclude') });
const again = evaluate({ train, test, k: [5], excludeSeen: false, rank: top5(past, 'allow') });
console.log(`honest, split at 2011-09-01: MAP@5 ${fresh.means['map@5']!.toFixed(4)} on new products (${fmt(fresh.evaluated)} customers), ${again.means['map@5']!.toFixed(4)} with repeats (${fmt(again.evaluated)})`);
