/**
 * The customer-value benchmark: fit time and peak memory of each BTYD model on the CDNOW cohort
 * (2,357), the CDNOW master log (23,570), Online Retail (4,338, from rfm's repeatPurchaseSummary) and
 * a synthetic population of 1,000,000 customers, against scipy.optimize fits of the same likelihoods
 * (scripts/reference/btyd_scipy.py, Debian python3-scipy) in the same run. Prints a markdown table.
 *
 *   tsx --conditions=@shopper-spectrum/source bench/src/clvScenario.ts            # everything
 *   tsx --conditions=@shopper-spectrum/source bench/src/clvScenario.ts --no-million
 *
 * Each (data set, model) fit runs in its own process, so its peak RSS is its own (it includes
 * Node itself and reading the summary CSV). Times are the median of up to 15 fits in that process
 * (while the total stays under 3 s: a fitted-many-times steady state; the first, JIT warm-up included,
 * in brackets); scipy's are one fit each (CPython does not warm up).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { cleanTransactions, parseTransactionsCsv } from '@shopper-spectrum/core';
import { loadTransactions } from '@shopper-spectrum/core/node';
import { repeatPurchaseSummary } from '@shopper-spectrum/rfm';
import { calibrationHoldoutSplit, fitBgNbd, fitGammaGamma, fitModifiedBgNbd, fitParetoNbd } from '@shopper-spectrum/clv';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const shared = resolve(root, '../shared/data');
const cache = join(tmpdir(), 'shopper-spectrum-bench', 'clv');
/** Debian's python3 (python3-scipy), where installed; else the python3 on PATH. */
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const MODELS = ['bg-nbd', 'pareto-nbd', 'modified-bg-nbd', 'gamma-gamma'] as const;

interface Columns {
  frequency: ArrayLike<number>;
  recency: ArrayLike<number>;
  T: ArrayLike<number>;
  monetary: ArrayLike<number>;
}

function readCsv(file: string): { frequency: Float64Array; recency: Float64Array; T: Float64Array; monetary: Float64Array } {
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  const n = lines.length - 1;
  const cols = [new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  for (let i = 0; i < n; i++) {
    const parts = lines[i + 1]!.split(',');
    for (let j = 0; j < 4; j++) cols[j]![i] = Number(parts[j]);
  }
  return { frequency: cols[0]!, recency: cols[1]!, T: cols[2]!, monetary: cols[3]! };
}

function writeCsv(file: string, s: Columns): void {
  const out = ['x,t_x,T,monetary'];
  for (let i = 0; i < s.frequency.length; i++) out.push(`${s.frequency[i]},${s.recency[i]},${s.T[i]},${s.monetary[i]}`);
  writeFileSync(file, `${out.join('\n')}\n`);
}

/**
 * A population in whole days (the form repeatPurchaseSummary writes), seeded: Poisson purchases and
 * exponential lifetimes with heterogeneous rates (Gamma-like: an exponential times U^(1/shape), not
 * exactly Gamma), so no model is fitted to its own generating process.
 */
function synthetic(n: number, seed: number): Columns {
  let state = seed >>> 0;
  const u = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  const gamma = (shape: number, scale: number) => -Math.log(u()) * u() ** (1 / shape) * scale;
  const frequency = new Float64Array(n);
  const recency = new Float64Array(n);
  const T = new Float64Array(n);
  const monetary = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const age = 1 + Math.floor(u() * 365);
    const rate = gamma(0.7, 1 / 15);
    const life = -Math.log(u()) / gamma(0.6, 1 / 100);
    const spendRate = gamma(4, 1 / 15);
    let t = 0;
    let x = 0;
    let last = 0;
    let spend = 0;
    for (let k = 0; k < 10_000; k++) {
      t += -Math.log(u()) / rate;
      if (t > Math.min(age, life)) break;
      const day = Math.max(1, Math.floor(t));
      if (day > last) {
        x++;
        spend += gamma(6, 1 / spendRate);
      }
      last = day;
    }
    frequency[i] = x;
    recency[i] = x === 0 ? 0 : last;
    T[i] = age;
    monetary[i] = x === 0 ? 0 : spend / x;
  }
  return { frequency, recency, T, monetary };
}

function fitOnce(model: string, s: Columns): { params: Record<string, number>; converged: boolean; iterations: number } {
  // Gamma-Gamma: customers with repeat purchases of positive mean spend (CDNOW master has $0 purchases)
  const spend = () => {
    const keep = [...Array(s.frequency.length).keys()].filter((i) => s.frequency[i]! > 0 && s.monetary[i]! > 0);
    return fitGammaGamma({ frequency: keep.map((i) => s.frequency[i]!), monetary: keep.map((i) => s.monetary[i]!) });
  };
  const m = model === 'bg-nbd' ? fitBgNbd(s) : model === 'pareto-nbd' ? fitParetoNbd(s) : model === 'modified-bg-nbd' ? fitModifiedBgNbd(s) : spend();
  return { params: m.params as unknown as Record<string, number>, converged: m.report.converged, iterations: m.report.iterations };
}

if (process.argv[2] === 'child') {
  const [, , , model, file] = process.argv as [string, string, string, string, string];
  const s = readCsv(file);
  const times: number[] = [];
  let last: ReturnType<typeof fitOnce> | undefined;
  let total = 0;
  while (times.length < 15 && (times.length === 0 || total < 3000)) {
    const t = performance.now();
    last = fitOnce(model, s);
    const ms = performance.now() - t;
    times.push(ms);
    total += ms;
  }
  const sorted = [...times].sort((a, b) => a - b);
  console.log(JSON.stringify({ first: times[0], median: sorted[Math.floor((sorted.length - 1) / 2)], runs: times.length, ...last, maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
} else {
  mkdirSync(cache, { recursive: true });
  const sets: { name: string; file: string; customers: number }[] = [];
  const add = (name: string, file: string, s: Columns) => {
    writeCsv(file, s);
    sets.push({ name, file, customers: s.frequency.length });
  };
  const cdnowMinimal = { customerId: 'customer_id', invoiceDate: 'date', amount: 'dollar_value', quantity: 'number_of_cds' };
  const cohort = calibrationHoldoutSplit(parseTransactionsCsv(readFileSync(join(shared, 'cdnow/cdnow-sample.csv'), 'utf8'), { columns: { ...cdnowMinimal, customerId: 'sample_id' } }).table, { calibrationEnd: '1997-09-30', timeUnit: 'week' });
  add('CDNOW cohort (weeks)', join(cache, 'cdnow-cohort.csv'), cohort);
  const master = calibrationHoldoutSplit(parseTransactionsCsv(gunzipSync(readFileSync(join(shared, 'cdnow/cdnow-master.csv.gz'))).toString('utf8'), { columns: cdnowMinimal }).table, { calibrationEnd: '1997-09-30', timeUnit: 'week' });
  add('CDNOW master (weeks)', join(cache, 'cdnow-master.csv'), master);
  if (existsSync(join(shared, 'online-retail.csv.gz'))) {
    const { table } = await loadTransactions(join(shared, 'online-retail.csv.gz'));
    const s = repeatPurchaseSummary(cleanTransactions(table, { preset: 'notebook' }).table);
    // T = 0 (first purchase on the last day) is refused by the models: those customers are left out
    const keep = [...s.T.keys()].filter((i) => s.T[i]! > 0);
    add('Online Retail (days)', join(cache, 'online-retail.csv'), {
      frequency: keep.map((i) => s.frequency[i]!),
      recency: keep.map((i) => s.recency[i]!),
      T: keep.map((i) => s.T[i]!),
      monetary: keep.map((i) => s.monetaryValue[i]!),
    });
  }
  if (!process.argv.includes('--no-million')) add('synthetic (days)', join(cache, 'synthetic-1m.csv'), synthetic(1_000_000, 17));
  const tsx = resolve(root, 'node_modules/.bin/tsx');
  const scipy = new Map<string, { ms: number; maxRssBytes: number; converged: boolean }>();
  for (const set of sets) {
    const out = execFileSync(python, [join(root, 'scripts/reference/btyd_scipy.py'), 'bench', set.file], { encoding: 'utf8', maxBuffer: 1 << 24 });
    for (const line of out.trim().split('\n')) {
      const r = JSON.parse(line) as { model: string; ms: number; maxRssBytes: number; converged: boolean };
      scipy.set(`${set.file}|${r.model}`, r);
    }
  }
  const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
  const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`);
  console.log('| data | customers | model | fit (ours) | peak RSS (ours) | converged | scipy fit | scipy peak RSS | speed-up |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const set of sets) {
    for (const model of MODELS) {
      const ours = JSON.parse(execFileSync(tsx, ['--conditions=@shopper-spectrum/source', fileURLToPath(import.meta.url), 'child', model, set.file], { encoding: 'utf8', maxBuffer: 1 << 24 }).trim().split('\n').at(-1)!) as { first: number; median: number; runs: number; converged: boolean; maxRssBytes: number };
      const ref = scipy.get(`${set.file}|${model}`)!;
      console.log(`| ${set.name} | ${set.customers.toLocaleString('en-US')} | ${model} | ${fmt(ours.median)} (${fmt(ours.first)}) | ${mb(ours.maxRssBytes)} | ${ours.converged ? 'yes' : 'no'} | ${fmt(ref.ms)}${ref.converged ? '' : ' (not converged)'} | ${mb(ref.maxRssBytes)} | ${(ref.ms / ours.median).toFixed(1)}x |`);
    }
  }
}
