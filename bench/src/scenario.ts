/**
 * One benchmark scenario, run in its own process so that its peak memory (maxRSS) is its own.
 * Prints one JSON line: per-stage times of every run, and memory figures.
 */
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { cleanTransactions, CsvReader, customerDistributions, paretoCurve, revenueByCountry, salesTrend, topProducts } from '@shopper-spectrum/core';
import { loadTransactions } from '@shopper-spectrum/core/node';
import type { TransactionTable } from '@shopper-spectrum/core';
import { BUSINESS_SEGMENTS, repeatPurchaseSummary, rfmScores, rfmTable, segmentRfm, segmentSummary } from '@shopper-spectrum/rfm';

const [kind, file, runsText, preset] = process.argv.slice(2) as [string, string, string, 'notebook' | 'strict'];
const runs = Number(runsText);

function exploreAll(table: TransactionTable): void {
  topProducts(table, { by: 'revenue', limit: 50 });
  topProducts(table, { by: 'quantity' });
  salesTrend(table, { interval: 'day' });
  salesTrend(table, { interval: 'week' });
  salesTrend(table, { interval: 'month' });
  revenueByCountry(table);
  customerDistributions(table);
  paretoCurve(table, { by: 'customer' });
  paretoCurve(table, { by: 'product' });
}

function tableBytes(t: TransactionTable): number {
  return Object.values(t.columns).reduce((n, c) => n + c.byteLength, 0);
}

const result: { runs: Record<string, number>[]; rows: number; tableBytes?: number; heapAfterLoad?: number; maxRssBytes?: number } = { runs: [], rows: 0 };

if (kind === 'pipeline') {
  for (let r = 0; r < runs; r++) {
    let t = performance.now();
    const { table } = await loadTransactions(file);
    const load = performance.now() - t;
    if (r === 0) {
      result.rows = table.length;
      result.tableBytes = tableBytes(table);
      result.heapAfterLoad = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    }
    t = performance.now();
    const cleaned = cleanTransactions(table, { preset });
    const clean = performance.now() - t;
    t = performance.now();
    exploreAll(cleaned.table);
    const explore = performance.now() - t;
    t = performance.now();
    const rfm = rfmTable(cleaned.table);
    const scores = rfmScores(rfm);
    segmentSummary(rfm, segmentRfm(scores, BUSINESS_SEGMENTS));
    const rfmMs = performance.now() - t;
    t = performance.now();
    repeatPurchaseSummary(cleaned.table);
    const repeat = performance.now() - t;
    result.runs.push({ load, clean, explore, rfm: rfmMs, repeat, total: load + clean + explore });
  }
} else if (kind === 'papaparse' || kind === 'tokenizer') {
  const text = gunzipSync(readFileSync(file)).toString('utf8');
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    let rows = 0;
    if (kind === 'papaparse') rows = Papa.parse<string[]>(text, { delimiter: ',', newline: '\n' }).data.length - 1;
    else {
      const reader = new CsvReader(() => rows++, () => undefined);
      reader.push(text);
      reader.end();
      rows -= 1;
    }
    result.rows = rows;
    result.runs.push({ parse: performance.now() - t });
  }
}
result.maxRssBytes = process.resourceUsage().maxRSS * 1024;
console.log(JSON.stringify(result));
