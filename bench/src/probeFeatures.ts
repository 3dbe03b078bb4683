/**
 * Probe for the re-order bar of issue 6 (not part of `pnpm bench`): writes the learned ranker's
 * candidates for every customer, with 34 features (the ranker's 15 plus customer activity, the
 * customer's per-product re-order interval, days since last bought, quantities, revenue, product
 * trend and price), as CSV for bench/python/probe_rerank.py.
 * Usage: tsx --conditions=@shopper-spectrum/source src/probeFeatures.ts <cutoff> <out prefix> [test end]
 * writes <prefix>-inner.csv (the last 90 days before the cutoff, predicted from what came before: the
 * data an honest model may learn from) and <prefix>-test.csv (the test period after the cutoff).
 */
import { writeFileSync } from 'node:fs';
import { MS_PER_DAY, cleanTransactions, selectRows } from '@shopper-spectrum/core';
import { loadTransactions } from '@shopper-spectrum/core/node';
import type { TransactionTable } from '@shopper-spectrum/core';
import { buildInteractions, ease, itemKnn, userKnn } from '@shopper-spectrum/recommend';
import type { Recommender } from '@shopper-spectrum/recommend';

const cutoffIso = process.argv[2] ?? '2011-09-01';
const out = process.argv[3] ?? '/tmp/exp';
const useEase = process.env.NO_EASE ? false : true;
const path = new URL('../../../shared/data/online-retail.csv.gz', import.meta.url).pathname;
const all = cleanTransactions((await loadTransactions(path)).table).table;
const cutoff = Date.parse(cutoffIso + 'T00:00:00Z');
const endIso = process.argv[4];
const end = endIso ? Date.parse(endIso + 'T00:00:00Z') : Infinity;

const rowsWhere = (t: TransactionTable, f: (d: number) => boolean) => {
  const r: number[] = [];
  for (let i = 0; i < t.length; i++) if (t.columns.customer[i]! >= 0 && f(t.columns.invoiceDate[i]!)) r.push(i);
  return selectRows(t, r);
};

// the ranker's own scaling (a private helper of packages/recommend/src/learnedFeatures.ts, not part
// of the package's API), restated so that this probe writes the same feature values
const scaled = (model: Recommender, id: string): Float64Array => {
  const { scores } = model.scoreAll(id);
  let max = 0;
  for (const v of scores) if (v > max) max = v;
  if (max > 0) for (let j = 0; j < scores.length; j++) scores[j] = scores[j]! > 0 ? scores[j]! / max : 0;
  else scores.fill(0);
  return scores;
};
const topRanks = (s: Float64Array, top: number): Map<number, number> => {
  const idx: number[] = [];
  for (let j = 0; j < s.length; j++) if (s[j]! > 0) idx.push(j);
  idx.sort((a, b) => s[b]! - s[a]! || a - b);
  return new Map(idx.slice(0, top).map((j, r) => [j, r]));
};
const L = Math.log1p;

function dump(T: TransactionTable, labels: TransactionTable, file: string) {
  const t0 = performance.now();
  const binary = buildInteractions(T);
  const invoices = buildInteractions(T, { weight: 'invoices' });
  const recent = buildInteractions(T, { halfLifeDays: 30 });
  const n = binary.items.length;
  const m = binary.customers.length;
  const E = useEase ? ease(binary) : null; // EASE_DEFAULTS, as the learned ranker's base
  const U = userKnn(recent, { neighbours: 100 });
  const I = itemKnn(binary, { neighbours: 200, selfSimilarity: false });
  const { customer, stockCode, invoiceDate, invoice, quantity, unitPrice } = T.columns;
  let last = -Infinity;
  for (let i = 0; i < T.length; i++) if (invoiceDate[i]! > last) last = invoiceDate[i]!;
  const colOf = new Int32Array(T.dictionaries.stockCode.length).fill(-1);
  T.dictionaries.stockCode.forEach((s, c) => (colOf[c] = binary.itemIndex.get(s) ?? -1));
  const rowOf = new Int32Array(T.dictionaries.customer.length).fill(-1);
  T.dictionaries.customer.forEach((s, c) => (rowOf[c] = binary.customerIndex.get(s) ?? -1));
  // item stats
  const first = new Float64Array(n).fill(Infinity), lastSold = new Float64Array(n).fill(-Infinity);
  const pop30 = new Float64Array(n), pop90 = new Float64Array(n), popPrev30 = new Float64Array(n), inv30 = new Float64Array(n);
  const priceSum = new Float64Array(n), priceN = new Float64Array(n);
  const s30 = new Set<number>(), s90 = new Set<number>(), sp30 = new Set<number>(), si30 = new Set<number>();
  // customer stats
  const cInv = new Float64Array(m), cInv90 = new Float64Array(m), cFirst = new Float64Array(m).fill(Infinity), cLast = new Float64Array(m).fill(-Infinity);
  const cSeen = new Set<number>();
  // own stats keyed row*n+j
  const own = new Map<number, { inv: number; i30: number; i90: number; first: number; last: number; qty: number; rev: number }>();
  const ownSeen = new Set<number>();
  for (let i = 0; i < T.length; i++) {
    const c = rowOf[customer[i]!]!, j = colOf[stockCode[i]!]!;
    if (c < 0 || j < 0) continue;
    const d = invoiceDate[i]!, age = last - d, key = c * n + j, inv = invoice[i]!;
    if (d < first[j]!) first[j] = d;
    if (d > lastSold[j]!) lastSold[j] = d;
    priceSum[j]! += unitPrice[i]!; priceN[j]!++;
    if (age < 30 * MS_PER_DAY && !s30.has(key)) (s30.add(key), pop30[j]!++);
    if (age < 90 * MS_PER_DAY && !s90.has(key)) (s90.add(key), pop90[j]!++);
    if (age >= 30 * MS_PER_DAY && age < 60 * MS_PER_DAY && !sp30.has(key)) (sp30.add(key), popPrev30[j]!++);
    const ik = inv * n + j;
    if (age < 30 * MS_PER_DAY && !si30.has(ik)) (si30.add(ik), inv30[j]!++);
    if (!cSeen.has(inv)) {
      cSeen.add(inv); cInv[c]!++;
      if (age < 90 * MS_PER_DAY) cInv90[c]!++;
    }
    if (d < cFirst[c]!) cFirst[c] = d;
    if (d > cLast[c]!) cLast[c] = d;
    let o = own.get(key);
    if (!o) own.set(key, (o = { inv: 0, i30: 0, i90: 0, first: d, last: d, qty: 0, rev: 0 }));
    o.qty += quantity[i]!; o.rev += quantity[i]! * unitPrice[i]!;
    if (d < o.first) o.first = d;
    if (d > o.last) o.last = d;
    if (!ownSeen.has(ik)) {
      ownSeen.add(ik); o.inv++;
      if (age < 30 * MS_PER_DAY) o.i30++;
      if (age < 90 * MS_PER_DAY) o.i90++;
    }
  }
  const repeatRate = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let again = 0;
    for (let q = invoices.itemIndptr[j]!; q < invoices.itemIndptr[j + 1]!; q++) if (invoices.itemData[q]! >= 2) again++;
    repeatRate[j] = again / (binary.popularity[j]! + 5);
  }
  const trending = [...pop30.keys()].sort((a, b) => pop30[b]! - pop30[a]! || a - b).slice(0, 50);
  // labels
  const future = new Map<number, Set<string>>();
  for (let i = 0; i < labels.length; i++) {
    const id = labels.dictionaries.customer[labels.columns.customer[i]!]!;
    const row = binary.customerIndex.get(id);
    if (row === undefined) continue;
    if (!future.has(row)) future.set(row, new Set());
    future.get(row)!.add(labels.dictionaries.stockCode[labels.columns.stockCode[i]!]!);
  }
  const head = ['cust', 'item', 'label', 'nrel', 'nrelnew', 'pop', 'pop30', 'pop90', 'popPrev30', 'inv30', 'trend', 'age', 'lastSold', 'repeatRate', 'price',
    'ownInv', 'ownRecent', 'ownShare', 'bought', 'ownDaysLast', 'ownDaysFirst', 'ownFrac', 'ownQty', 'ownRev', 'own30', 'own90', 'ownInterval', 'overdue',
    'cInv', 'cInv90', 'cDaysLast', 'cTenure', 'cItems', 'ease', 'user', 'itemk', 'easeRank', 'userRank', 'itemRank'];
  const lines = [head.join(',')];
  const DL = (t: number) => (last - t) / MS_PER_DAY;
  for (const [row, bought] of [...future.entries()].sort((a, b) => a[0] - b[0])) {
    const id = binary.customers[row]!;
    const se = E ? scaled(E, id) : new Float64Array(n);
    const su = scaled(U, id), sk = scaled(I, id);
    const re = topRanks(se, 100), ru = topRanks(su, 100), rk = topRanks(sk, 100);
    const set = new Set<number>([...re.keys(), ...ru.keys(), ...topRanks(sk, 50).keys(), ...trending]);
    let most = 0;
    for (let p = invoices.indptr[row]!; p < invoices.indptr[row + 1]!; p++) (set.add(invoices.indices[p]!), (most = Math.max(most, invoices.data[p]!)));
    const rmap = new Map<number, number>();
    for (let p = recent.indptr[row]!; p < recent.indptr[row + 1]!; p++) rmap.set(recent.indices[p]!, recent.data[p]!);
    let nrelnew = 0;
    for (const s of bought) {
      const j = binary.itemIndex.get(s);
      let mine = false;
      if (j !== undefined) for (let p = invoices.indptr[row]!; p < invoices.indptr[row + 1]!; p++) if (invoices.indices[p] === j) mine = true;
      if (!mine) nrelnew++;
    }
    const cItems = invoices.indptr[row + 1]! - invoices.indptr[row]!;
    for (const j of [...set].sort((a, b) => a - b)) {
      const o = own.get(row * n + j);
      const interval = o && o.inv > 1 ? (o.last - o.first) / MS_PER_DAY / (o.inv - 1) : 0;
      const f = [
        row, j, bought.has(binary.items[j]!) ? 1 : 0, bought.size, nrelnew,
        L(binary.popularity[j]!), L(pop30[j]!), L(pop90[j]!), L(popPrev30[j]!), L(inv30[j]!), (pop30[j]! + 1) / (popPrev30[j]! + 1), L(DL(first[j]!)), L(DL(lastSold[j]!)), repeatRate[j]!, L(priceSum[j]! / priceN[j]!),
        o ? L(o.inv) : 0, rmap.get(j) ?? 0, o ? o.inv / most : 0, o ? 1 : 0, o ? L(DL(o.last)) : -1, o ? L(DL(o.first)) : -1, o ? o.inv / cInv[row]! : 0, o ? L(Math.max(0, o.qty)) : 0, o ? L(Math.max(0, o.rev)) : 0, o ? o.i30 : 0, o ? o.i90 : 0,
        o ? L(interval) : -1, o && o.inv > 1 ? DL(o.last) / Math.max(1, interval) : -1,
        L(cInv[row]!), L(cInv90[row]!), L(DL(cLast[row]!)), L(DL(cFirst[row]!)), L(cItems),
        se[j]!, su[j]!, sk[j]!, re.has(j) ? 1 / (1 + re.get(j)!) : 0, ru.has(j) ? 1 / (1 + ru.get(j)!) : 0, rk.has(j) ? 1 / (1 + rk.get(j)!) : 0,
      ];
      lines.push(f.map((v) => (Number.isInteger(v) ? String(v) : v.toPrecision(6))).join(','));
    }
  }
  writeFileSync(file, lines.join('\n') + '\n');
  console.log(`${file}: ${future.size} customers, ${lines.length - 1} rows, ${(performance.now() - t0).toFixed(0)} ms`);
}

const T = rowsWhere(all, (d) => d < cutoff);
let lastT = -Infinity;
for (let i = 0; i < T.length; i++) if (T.columns.invoiceDate[i]! > lastT) lastT = T.columns.invoiceDate[i]!;
const cut = Math.floor((lastT - 90 * MS_PER_DAY) / MS_PER_DAY) * MS_PER_DAY;
dump(rowsWhere(T, (d) => d < cut), rowsWhere(T, (d) => d >= cut), `${out}-inner.csv`);
dump(T, rowsWhere(all, (d) => d >= cutoff && d < end), `${out}-test.csv`);
