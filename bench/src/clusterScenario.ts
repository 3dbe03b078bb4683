/**
 * One clustering task on one matrix (CSV, no header), in its own process so its peak RSS is its own.
 * Prints one JSON line: { ms, maxRssBytes, detail }.
 */
import { readFileSync } from 'node:fs';
import { agglomerative, chooseK, kmeans, silhouette } from '@shopper-spectrum/cluster';
import type { Matrix } from '@shopper-spectrum/cluster';

const [task, file] = process.argv.slice(2) as [string, string];
const lines = readFileSync(file, 'utf8').trim().split('\n');
const cols = lines[0]!.split(',').length;
const data = new Float64Array(lines.length * cols);
lines.forEach((line, i) => line.split(',').forEach((v, j) => (data[i * cols + j] = Number(v))));
const X: Matrix = { rows: lines.length, cols, data };

/** Runs a task up to 5 times while the total stays under 2 s; returns every time. */
function repeat(run: () => void): number[] {
  const times: number[] = [];
  let total = 0;
  while (times.length < 5 && (times.length === 0 || total < 2000)) {
    const t = performance.now();
    run();
    const ms = performance.now() - t;
    times.push(ms);
    total += ms;
  }
  return times;
}

let times: number[];
if (task === 'kmeans') times = repeat(() => kmeans(X, { k: 4, nInit: 10, seed: 0 }));
else if (task === 'sweep') times = repeat(() => chooseK(X, { kRange: [2, 10], seed: 0, nInit: 10 }));
else if (task === 'ward') times = repeat(() => agglomerative(X, { linkage: 'ward' }));
else if (task === 'silhouette') {
  const labels = kmeans(X, { k: 4, nInit: 1, seed: 0 }).labels;
  times = repeat(() => silhouette(X, labels));
} else throw new Error(`unknown task ${task}`);
const sorted = [...times].sort((a, b) => a - b);
console.log(JSON.stringify({ first: times[0], median: sorted[Math.floor((sorted.length - 1) / 2)], runs: times.length, maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
