/**
 * The analysis the page runs, in any JavaScript runtime: no Node built-in is imported here or by the
 * packages' main entries, so esbuild bundles it for the browser (`build.mjs`), and Node runs the same
 * code (`main.ts`), which is how the test checks that both print the same thing.
 */
import { cleanTransactions, parseTransactions, topProducts } from '@shopper-spectrum/core';
import type { ParseSource } from '@shopper-spectrum/core';
import { BUSINESS_SEGMENTS, rfmScores, rfmTable, segmentRfm, segmentSummary } from '@shopper-spectrum/rfm';
import { fitPipeline, kmeans, nameSegments, toRows } from '@shopper-spectrum/cluster';
import { buildInteractions, ease, itemKnn } from '@shopper-spectrum/recommend';
import { evaluate, temporalSplit } from '@shopper-spectrum/metrics';

/** Runs the whole analysis on a log (text, bytes, a File, a stream; CSV or CSV.gz) and returns its report, line by line. */
export async function analyse(source: ParseSource, cutoff: string): Promise<string[]> {
  const out: string[] = [];
  const { table: raw, summary } = await parseTransactions(source);
  const { table, report } = cleanTransactions(raw, { preset: 'notebook' });
  out.push(`read ${summary.rowsRead} rows (${summary.format}), kept ${report.rowsKept} after cleaning`);
  out.push(`top product by revenue: ${topProducts(table, { limit: 1 })[0]!.stockCode}`);

  const rfm = rfmTable(table);
  const segments = segmentRfm(rfmScores(rfm, { bins: 5, ties: 'rank-first' }), BUSINESS_SEGMENTS);
  out.push(`RFM segments: ${segmentSummary(rfm, segments).map((s) => `${s.segment} ${s.customers}`).join(', ')}`);

  const rows = Array.from({ length: rfm.length }, (_, i) => [rfm.recency[i]!, rfm.frequency[i]!, rfm.monetary[i]!]);
  const prep = fitPipeline(rows, ['log1p', 'standard']);
  const model = kmeans(prep.transform(rows), { k: 4, seed: 42 });
  const { names } = nameSegments(toRows(prep.inverseTransform(model.centroids)), ['recency', 'frequency', 'monetary']);
  out.push(`k-means k = 4: ${names.map((n, c) => `${n} ${model.labels.filter((l) => l === c).length}`).join(', ')}`);

  const { train, test } = temporalSplit(table, { cutoff });
  const matrix = buildInteractions(train);
  const cosine = itemKnn(matrix, { similarity: 'cosine', neighbours: 100 });
  const r = evaluate({ train, test, k: [5], excludeSeen: true, rank: (c) => cosine.recommend(c, 5, { explain: false }).map((x) => x.item) });
  out.push(`item cosine, split at ${cutoff}: MAP@5 ${r.means['map@5']!.toFixed(4)} on new products for ${r.evaluated} customers`);
  // EASE's inverse runs in WebAssembly SIMD kernels, in the page as in Node (single precision: 'single')
  const easeModel = ease(matrix, { inverse: 'single' });
  const e = evaluate({ train, test, k: [5], excludeSeen: true, rank: (c) => easeModel.recommend(c, 5, { explain: false }).map((x) => x.item) });
  out.push(`EASE (${matrix.items.length} products, WebAssembly inverse): MAP@5 ${e.means['map@5']!.toFixed(4)} on new products`);
  return out;
}
