/** Experiment (issue 6): re-order scores from invoice counts, repurchase rates and decay, tuned by coordinate ascent on June-August 2011 only, then checked on September-December. */
import { cleanTransactions, MS_PER_DAY } from '@shopper-spectrum/core';
import { loadTransactions } from '@shopper-spectrum/core/node';
import type { TransactionTable } from '@shopper-spectrum/core';
import { evaluate, temporalSplit } from '@shopper-spectrum/metrics';

const path = new URL('../../../shared/data/online-retail.csv.gz', import.meta.url).pathname;
const all = cleanTransactions((await loadTransactions(path)).table).table;

function stats(t: TransactionTable) {
  const { customer, stockCode, invoice, invoiceDate } = t.columns;
  let last = -Infinity;
  for (let i = 0; i < t.length; i++) if (invoiceDate[i]! > last) last = invoiceDate[i]!;
  // invoices per customer in time order
  const invDate = new Map<number, number>();
  const invCust = new Map<number, number>();
  for (let i = 0; i < t.length; i++) (invDate.set(invoice[i]!, invoiceDate[i]!), invCust.set(invoice[i]!, customer[i]!));
  const custInvoices = new Map<number, number[]>();
  for (const [inv, c] of invCust) {
    if (!custInvoices.has(c)) custInvoices.set(c, []);
    custInvoices.get(c)!.push(invDate.get(inv)!);
  }
  for (const v of custInvoices.values()) v.sort((a, b) => a - b);
  // per (c, item): set of invoices, first date, last date
  const cell = new Map<string, { invs: Set<number>; first: number; last: number }>();
  for (let i = 0; i < t.length; i++) {
    const key = `${customer[i]}|${stockCode[i]}`;
    let e = cell.get(key);
    if (!e) cell.set(key, (e = { invs: new Set(), first: Infinity, last: -Infinity }));
    e.invs.add(invoice[i]!);
    e.first = Math.min(e.first, invoiceDate[i]!);
    e.last = Math.max(e.last, invoiceDate[i]!);
  }
  const pop = new Map<number, Set<number>>();
  for (let i = 0; i < t.length; i++) {
    if (!pop.has(stockCode[i]!)) pop.set(stockCode[i]!, new Set());
    pop.get(stockCode[i]!)!.add(customer[i]!);
  }
  return { last, custInvoices, cell, pop };
}


function feats(train: TransactionTable) {
  const s = stats(train);
  const { customer, stockCode, invoiceDate } = train.columns;
  const pop90 = new Map<number, Set<number>>();
  const lastSold = new Map<number, number>();
  for (let i = 0; i < train.length; i++) {
    const it = stockCode[i]!;
    lastSold.set(it, Math.max(lastSold.get(it) ?? -Infinity, invoiceDate[i]!));
    if (s.last - invoiceDate[i]! < 90 * MS_PER_DAY) {
      if (!pop90.has(it)) pop90.set(it, new Set());
      pop90.get(it)!.add(customer[i]!);
    }
  }
  const byCust = new Map<string, { item: number; f: number[] }[]>();
  for (const [key, e] of s.cell) {
    const [c, item] = key.split('|').map(Number) as [number, number];
    const invs = s.custInvoices.get(c)!;
    let since = 0;
    for (const d of invs) if (d >= e.first) since++;
    const id = train.dictionaries.customer[c]!;
    if (!byCust.has(id)) byCust.set(id, []);
    const n = e.invs.size;
    byCust.get(id)!.push({ item, f: [Math.log1p(n), (s.last - e.last) / MS_PER_DAY / 100, Math.log1p(pop90.get(item)?.size ?? 0), Math.log1p(s.pop.get(item)!.size), (s.last - lastSold.get(item)!) / MS_PER_DAY / 100, n / since, Math.log1p(invs.length) * Math.log1p(n)] });
  }
  return { byCust, s };
}
function score(train: TransactionTable, test: TransactionTable, F: ReturnType<typeof feats>, w: number[]) {
  return evaluate({ train, test, k: [5], excludeSeen: false, rank: (id) => {
    const rows = (F.byCust.get(id) ?? []).map((x) => ({ item: x.item, s: x.f.reduce((a, v, i) => a + v * w[i]!, 0) }));
    rows.sort((a, b) => b.s - a.s || F.s.pop.get(b.item)!.size - F.s.pop.get(a.item)!.size);
    return rows.slice(0, 5).map((x) => train.dictionaries.stockCode[x.item]!);
  } }).means['map@5']!;
}
const cut = process.argv[2] ?? '2011-09-01';
const { train, test } = temporalSplit(all, { cutoff: cut });
const v = temporalSplit(train, { cutoff: '2011-06-01' });

const Fv = feats(v.train);
const Ft = feats(train);
let w = [1, 0, 0, 0, 0, 0, 0];
let best = score(v.train, v.test, Fv, w);
console.log('start val', best.toFixed(4), 'test', score(train, test, Ft, w).toFixed(4));
for (let round = 0; round < 3; round++) {
  for (let f = 1; f < w.length; f++) {
    for (const step of [-1, -0.5, -0.25, -0.1, 0.1, 0.25, 0.5, 1]) {
      const c = w.slice(); c[f]! += step;
      const m = score(v.train, v.test, Fv, c);
      if (m > best + 1e-5) { best = m; w = c; }
    }
  }
  console.log('round', round, 'w', w.join(','), 'val', best.toFixed(4), 'test', score(train, test, Ft, w).toFixed(4));
}
