import { loadTransactions, cleanTransactions } from '@shopper-spectrum/core';
import { rfmTable, rfmScores, segmentRfm, segmentSummary, RF_GRID_SEGMENTS, BUSINESS_SEGMENTS, repeatPurchaseSummary, median } from '@shopper-spectrum/rfm';
const { table } = await loadTransactions('/work/shared/data/online-retail.csv.gz');
const c = cleanTransactions(table).table;
let t = performance.now();
const rfm = rfmTable(c);
const s = rfmScores(rfm);
const seg = segmentRfm(s, RF_GRID_SEGMENTS);
console.log('ms', performance.now() - t);
for (const id of ['12346', '12347', '14646', '17850', '18287']) { const i = rfm.indexOf(id); console.log(rfm.row(i), s.code(i), seg.nameOf(i)); }
const mean = (a: ArrayLike<number>) => Array.from(a).reduce((x, y) => x + y, 0) / a.length;
console.log(rfm.length, mean(rfm.recency), median(rfm.recency), mean(rfm.frequency), median(rfm.frequency), mean(rfm.monetary), median(rfm.monetary));
console.log(seg.counts, s.recency.ranges, s.warnings);
console.log(segmentSummary(rfm, segmentRfm(s, BUSINESS_SEGMENTS)));
const sh = rfmScores(rfm, { ties: 'shared' }); console.log(sh.frequency.edges, sh.frequency.ranges, sh.warnings);
const rp = repeatPurchaseSummary(c); const i = rp.customerIds.indexOf('12347'); console.log(rp.frequency[i], rp.recency[i], rp.T[i], rp.monetaryValue[i]);
