/**
 * EASE's fit against numpy's inverse of the same matrix, in one run: the Gram matrix of Online
 * Retail (notebook preset, the whole cleaned log, binary customer x product), written to a file
 * that bench/python/ease_inverse.py inverts with np.linalg.inv (Debian's numpy on OpenBLAS, both
 * cores); our `ease` fits the same matrix with one thread and with `useWorkerThreads` (both cores),
 * runs alternating, medians. With `--map`, also MAP@5 at the issue-6 cutoff of EASE with the single-
 * precision WebAssembly inverse against the double-precision JavaScript one (slow: about 35 s).
 * Usage: tsx src/easeScenario.ts [runs] [--map]   Prints a Markdown table.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanTransactions } from '@shopper-spectrum/core';
import { loadTransactions } from '@shopper-spectrum/core/node';
import { evaluate, temporalSplit } from '@shopper-spectrum/metrics';
import { buildInteractions, ease } from '@shopper-spectrum/recommend';
import { useWorkerThreads } from '@shopper-spectrum/recommend/node';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const file = process.env.SHOPPER_SPECTRUM_DATA ?? resolve(root, '../shared/data/online-retail.csv.gz');
const runs = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 3);
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const table = cleanTransactions((await loadTransactions(file)).table, { preset: 'notebook' }).table;
const matrix = buildInteractions(table);
const n = matrix.items.length;
const G = new Float64Array(n * n);
for (let u = 0; u < matrix.customers.length; u++)
  for (let p = matrix.indptr[u]!; p < matrix.indptr[u + 1]!; p++)
    for (let q = matrix.indptr[u]!; q < matrix.indptr[u + 1]!; q++) G[matrix.indices[p]! * n + matrix.indices[q]!]! += matrix.data[p]! * matrix.data[q]!;
for (let i = 0; i < n; i++) G[i * n + i]! += 500;
const dir = join(tmpdir(), 'shopper-spectrum-bench');
mkdirSync(dir, { recursive: true });
const gramFile = join(dir, `gram-${n}.f64`);
writeFileSync(gramFile, new Uint8Array(G.buffer));

/** One fit on a fresh copy of the matrix (ease remembers the weights of a matrix it has fitted). */
const fitSeconds = () => {
  const fresh = buildInteractions(table);
  const t = performance.now();
  ease(fresh);
  return (performance.now() - t) / 1000;
};
const numpy = { inv: [] as number[], ease: [] as number[], version: '' };
const one: number[] = [];
const two: number[] = [];
for (let r = 0; r < runs; r++) {
  const out = JSON.parse(execFileSync(python, [join(here, '../python/ease_inverse.py'), gramFile, String(n), '1'], { encoding: 'utf8' }).trim().split('\n').at(-1)!) as { inv: number[]; ease: number[]; numpy: string };
  numpy.inv.push(...out.inv);
  numpy.ease.push(...out.ease);
  numpy.version = out.numpy;
  one.push(fitSeconds());
  const pool = useWorkerThreads({ threads: 2 });
  two.push(fitSeconds());
  await pool.close();
}
const inv = median(numpy.inv);
console.log(`EASE on Online Retail (notebook preset, ${matrix.customers.length.toLocaleString('en-GB')} customers x ${n.toLocaleString('en-GB')} products, lambda 500), medians of ${runs} alternating runs, seconds:`);
console.log('');
console.log('| | seconds | against np.linalg.inv |');
console.log('| --- | ---: | ---: |');
console.log(`| numpy ${numpy.version}: np.linalg.inv(G) (OpenBLAS) | ${inv.toFixed(2)} | 1.00x |`);
console.log(`| numpy: EASE weights (inv + divide) | ${median(numpy.ease).toFixed(2)} | ${(median(numpy.ease) / inv).toFixed(2)}x |`);
console.log(`| shopper-spectrum ease(), one thread (Gram + inverse + weights) | ${median(one).toFixed(2)} | ${(median(one) / inv).toFixed(2)}x |`);
console.log(`| shopper-spectrum ease(), useWorkerThreads (2 threads) | ${median(two).toFixed(2)} | ${(median(two) / inv).toFixed(2)}x |`);

if (process.argv.includes('--map')) {
  const { train, test } = temporalSplit(table, { cutoff: '2011-09-01' });
  const m = buildInteractions(train);
  console.log('');
  console.log('| inverse | MAP@5 new products | MAP@5 repeats allowed | fit s |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const inverse of ['single', 'double'] as const) {
    const t = performance.now();
    const model = ease(m, { inverse });
    const s = (performance.now() - t) / 1000;
    const map = (excludeSeen: boolean) => evaluate({ train, test, k: [5], excludeSeen, rank: (c) => model.recommend(c, 5, { seen: excludeSeen ? 'exclude' : 'allow', explain: false }).map((x) => x.item) }).means['map@5']!;
    console.log(`| ${inverse} | ${map(true).toFixed(4)} | ${map(false).toFixed(4)} | ${s.toFixed(1)} |`);
  }
}
