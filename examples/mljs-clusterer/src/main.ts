/**
 * Plugging the mljs libraries into shopper-spectrum's clustering: `mlKmeansClusterer` (ml-kmeans)
 * and `mlHclustClusterer` (ml-hclust's agnes) are `Clusterer`s like the built-ins, so `chooseK` and
 * segment naming take them as they are, and an ml-matrix `Matrix` is accepted wherever a matrix is.
 *
 *   pnpm --dir examples/mljs-clusterer start
 */
import { Matrix } from 'ml-matrix';
import { cleanTransactions, generateTransactionsCsv, parseTransactionsCsv } from '@shopper-spectrum/core';
import { rfmTable } from '@shopper-spectrum/rfm';
import { adjustedRandIndex, agglomerativeClusterer, chooseK, fitPipeline, kmeansClusterer, nameSegments, toRows, withinClusterSS } from '@shopper-spectrum/cluster';
import type { Clusterer } from '@shopper-spectrum/cluster';
import { mlHclustClusterer, mlKmeansClusterer } from '@shopper-spectrum/cluster/mljs';

// the seeded synthetic shop: 500 customers' recency, frequency and monetary value, log1p + standardised
const table = cleanTransactions(parseTransactionsCsv(generateTransactionsCsv({ seed: 5, customers: 500 })).table).table;
const rfm = rfmTable(table);
const rows = Array.from({ length: rfm.length }, (_, i) => [rfm.recency[i]!, rfm.frequency[i]!, rfm.monetary[i]!]);
const prep = fitPipeline(rows, ['log1p', 'standard']);
const X = new Matrix(toRows(prep.transform(rows))); // an ml-matrix Matrix, taken as is

const clusterers: Record<string, Clusterer> = {
  'built-in k-means': kmeansClusterer({ seed: 1 }),
  'ml-kmeans': mlKmeansClusterer({ seed: 1 }),
  'built-in ward': agglomerativeClusterer({ linkage: 'ward' }),
  'ml-hclust (agnes, ward2)': mlHclustClusterer(),
};
const labels: Record<string, Int32Array> = {};
for (const [name, clusterer] of Object.entries(clusterers)) {
  const choice = chooseK(X, { kRange: [2, 8], clusterer }); // any clusterer: the elbow is computed from its labels
  const fitted = choice.clusterings[choice.ks.indexOf(4)]!; // the sweep's fit at k = 4, reused
  labels[name] = fitted.labels;
  const { names } = nameSegments(toRows(prep.inverseTransform(fitted.centroids)), ['recency', 'frequency', 'monetary']);
  const wcss = withinClusterSS(X, fitted.labels).toFixed(1);
  console.log(`${name.padEnd(25)} elbow k = ${choice.elbow.knee}; k = 4 (WCSS ${wcss}): ${names.map((n, c) => `${n} ${fitted.sizes[c]}`).join(', ')}`);
}
const ari = (a: string, b: string) => adjustedRandIndex(labels[a]!, labels[b]!).toFixed(3);
console.log(`agreement (adjusted Rand index): k-means ${ari('built-in k-means', 'ml-kmeans')}, ward ${ari('built-in ward', 'ml-hclust (agnes, ward2)')}`);
