/**
 * One size of the built-in against mljs comparison, in its own process: the built-in runs first,
 * then the mljs library on the same matrix, so the peak RSS after the built-in is the built-in's and
 * the process peak at the end includes mljs (bench/src/clusterMljs.ts prints the table).
 *
 *   tsx --conditions=@shopper-spectrum/source src/mljsScenario.ts kmeans <file.csv> [rows]
 *   tsx --conditions=@shopper-spectrum/source src/mljsScenario.ts ward <file.csv> [rows]
 *
 * kmeans: `kmeans(X, { k: 4, seed: 0, nInit })` against `mlKmeansClusterer({ seed: 0, nInit })`
 * (ml-kmeans run nInit times, the lowest within-cluster sum of squares kept), for nInit 10 and 1.
 * ward: `agglomerative(X, { linkage: 'ward' }).cut({ k: 4 })` against `mlHclustClusterer({ method:
 * 'ward2' })(X, 4)` (agnes' ward2 is the same criterion: R's ward.D2). Prints one JSON line.
 */
import { readFileSync } from 'node:fs';
import { adjustedRandIndex, agglomerative, kmeans, withinClusterSS } from '@shopper-spectrum/cluster';
import type { Matrix } from '@shopper-spectrum/cluster';
import { mlHclustClusterer, mlKmeansClusterer } from '@shopper-spectrum/cluster/mljs';

/** Timings of one implementation: the first run, the median, how many runs. */
export interface Timing {
  readonly first: number;
  readonly median: number;
  readonly runs: number;
}

/** One line of the comparison. */
export interface MljsPair {
  /** What was compared, such as `'k-means k = 4, nInit = 10'`. */
  readonly task: string;
  readonly builtIn: Timing;
  readonly mljs: Timing;
  /** Adjusted Rand index between the two partitions (1: the same clusters). */
  readonly agreement: number;
  /** Within-cluster sum of squares of each partition (lower is a better k-means optimum). */
  readonly wss: { readonly builtIn: number; readonly mljs: number };
}

/** What the scenario prints. */
export interface MljsScenarioResult {
  readonly rows: number;
  readonly pairs: MljsPair[];
  /** Peak RSS of the process after the built-in's runs (before mljs ran), bytes. */
  readonly rssAfterBuiltIn: number;
  /** Peak RSS of the process at the end (built-in and mljs), bytes. */
  readonly rssAfterBoth: number;
}

/** Runs `f` up to 5 times while the total stays under `budgetMs` (at least once); returns the times and the last result. */
function repeat<T>(f: () => T, budgetMs = 2000): { timing: Timing; result: T } {
  const times: number[] = [];
  let total = 0;
  let result!: T;
  while (times.length < 5 && (times.length === 0 || total < budgetMs)) {
    const t = performance.now();
    result = f();
    const ms = performance.now() - t;
    times.push(ms);
    total += ms;
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { timing: { first: times[0]!, median: sorted[Math.floor((sorted.length - 1) / 2)]!, runs: times.length }, result };
}

/** A CSV of numbers (no header) as a matrix, optionally its first `rows` rows. */
export function readMatrix(file: string, rows?: number): Matrix {
  let lines = readFileSync(file, 'utf8').trim().split('\n');
  if (rows !== undefined) lines = lines.slice(0, rows);
  const cols = lines[0]!.split(',').length;
  const data = new Float64Array(lines.length * cols);
  lines.forEach((line, i) => line.split(',').forEach((v, j) => (data[i * cols + j] = Number(v))));
  return { rows: lines.length, cols, data };
}

const rss = () => process.resourceUsage().maxRSS * 1024;

function main(): void {
  const [task, file, rowsText] = process.argv.slice(2) as [string, string, string | undefined];
  const X = readMatrix(file, rowsText === undefined ? undefined : Number(rowsText));
  const builtIns: (() => { task: string; timing: Timing; labels: Int32Array })[] = [];
  const mljs: (() => { timing: Timing; labels: Int32Array })[] = [];
  if (task === 'kmeans') {
    for (const nInit of [10, 1]) {
      builtIns.push(() => ({ task: `k-means k = 4, nInit = ${nInit}`, ...run(() => kmeans(X, { k: 4, seed: 0, nInit }).labels) }));
      const clusterer = mlKmeansClusterer({ seed: 0, nInit });
      mljs.push(() => run(() => clusterer(X, 4).labels));
    }
  } else if (task === 'ward') {
    builtIns.push(() => ({ task: 'ward, cut at k = 4', ...run(() => agglomerative(X, { linkage: 'ward' }).cut({ k: 4 }).labels) }));
    const clusterer = mlHclustClusterer({ method: 'ward2' });
    mljs.push(() => run(() => clusterer(X, 4).labels));
  } else throw new Error(`unknown task ${task}: kmeans or ward`);
  const ours = builtIns.map((f) => f());
  const rssAfterBuiltIn = rss();
  const theirs = mljs.map((f) => f());
  const pairs: MljsPair[] = ours.map((o, i) => ({
    task: o.task,
    builtIn: o.timing,
    mljs: theirs[i]!.timing,
    agreement: adjustedRandIndex(o.labels, theirs[i]!.labels),
    wss: { builtIn: withinClusterSS(X, o.labels), mljs: withinClusterSS(X, theirs[i]!.labels) },
  }));
  const result: MljsScenarioResult = { rows: X.rows, pairs, rssAfterBuiltIn, rssAfterBoth: rss() };
  console.log(JSON.stringify(result));
}

function run(f: () => Int32Array): { timing: Timing; labels: Int32Array } {
  const { timing, result } = repeat(f);
  return { timing, labels: result };
}

main();
