/**
 * Clustering tasks, each in its own process so its peak RSS is its own.
 *
 *   clusterScenario.ts TASK FILE      one task on one matrix (CSV, no header); prints one JSON line:
 *                                     { first, median, runs, maxRssBytes, ...task figures }
 *   clusterScenario.ts report FILE... every task on every file, one process each, and
 *                                     scripts/reference/cluster_timings.py (scikit-learn 1.2 / scipy
 *                                     1.10, Debian's python3) on the same files in the same run;
 *                                     prints a markdown table with the ratios.
 *
 * Tasks: kmeans (k = 4, nInit = 10), sweep (chooseK k = 2..10, nInit = 10), sweep-parallel (the same
 * with chooseKParallel: silhouettes on a worker), ward (the whole tree),
 * silhouette (k-means k = 4 labels; one thread), silhouette-parallel (the same on worker threads,
 * `@shopper-spectrum/cluster/node`, every core), sampled-silhouette (sampledSilhouette, 1,000 rows,
 * seed 0, 95%: its time and interval; the report sets it against the exact score).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { agglomerative, chooseK, kmeans, sampledSilhouette, silhouette } from '@shopper-spectrum/cluster';
import type { Matrix } from '@shopper-spectrum/cluster';
import { chooseKParallel, silhouetteParallel } from '@shopper-spectrum/cluster/node';

const TASKS = ['kmeans', 'sweep', 'sweep-parallel', 'ward', 'silhouette', 'silhouette-parallel', 'sampled-silhouette'] as const;
type Task = (typeof TASKS)[number];

interface TaskResult {
  first: number;
  median: number;
  runs: number;
  maxRssBytes: number;
  score?: number;
  lower?: number;
  upper?: number;
  sampleSize?: number;
  threads?: number;
}

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');

function readMatrix(file: string): Matrix {
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  const cols = lines[0]!.split(',').length;
  const data = new Float64Array(lines.length * cols);
  lines.forEach((line, i) => line.split(',').forEach((v, j) => (data[i * cols + j] = Number(v))));
  return { rows: lines.length, cols, data };
}

/** Runs a task up to 5 times while the total stays under 2 s; returns every time. */
async function repeat(run: () => unknown): Promise<number[]> {
  const times: number[] = [];
  let total = 0;
  while (times.length < 5 && (times.length === 0 || total < 2000)) {
    const t = performance.now();
    await run();
    const ms = performance.now() - t;
    times.push(ms);
    total += ms;
  }
  return times;
}

async function runTask(task: Task, file: string): Promise<TaskResult> {
  const X = readMatrix(file);
  const extra: Partial<TaskResult> = {};
  let times: number[];
  if (task === 'kmeans') times = await repeat(() => kmeans(X, { k: 4, nInit: 10, seed: 0 }));
  else if (task === 'sweep') times = await repeat(() => (extra.score = chooseK(X, { kRange: [2, 10], seed: 0, nInit: 10 }).silhouette[2]!));
  else if (task === 'sweep-parallel') {
    extra.threads = availableParallelism();
    times = await repeat(async () => (extra.score = (await chooseKParallel(X, { kRange: [2, 10], seed: 0, nInit: 10 })).silhouette[2]!));
  }
  else if (task === 'ward') times = await repeat(() => agglomerative(X, { linkage: 'ward' }));
  else {
    const labels = kmeans(X, { k: 4, nInit: 1, seed: 0 }).labels;
    if (task === 'silhouette') times = await repeat(() => (extra.score = silhouette(X, labels).score));
    else if (task === 'silhouette-parallel') {
      extra.threads = availableParallelism();
      times = await repeat(async () => (extra.score = (await silhouetteParallel(X, labels)).score));
    } else if (task === 'sampled-silhouette') {
      times = await repeat(() => {
        const s = sampledSilhouette(X, labels, { sampleSize: 1000, seed: 0, confidence: 0.95 });
        Object.assign(extra, { score: s.score, lower: s.lower, upper: s.upper, sampleSize: s.sampleSize });
      });
    } else throw new Error(`unknown task ${String(task)}`);
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { first: times[0]!, median: sorted[Math.floor((sorted.length - 1) / 2)]!, runs: times.length, maxRssBytes: process.resourceUsage().maxRSS * 1024, ...extra };
}

const ms = (v: number): string => (v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`);
const timing = (r: TaskResult): string => (r.runs > 1 ? `${ms(r.median)} (${ms(r.first)})` : ms(r.first));

/** scikit-learn's figure "123 ms (150 ms)" or "4299 ms" as its median in ms, or NaN when not run. */
const referenceMs = (v: unknown): number => {
  const m = typeof v === 'string' ? /^(\d+) ms/.exec(v) : null;
  return m ? Number(m[1]) : NaN;
};

async function report(files: string[]): Promise<void> {
  const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  const self = fileURLToPath(import.meta.url);
  const tsx = resolve(root, 'node_modules/.bin/tsx');
  console.log(`Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} threads available, Node ${process.version}. Ours: median of up to 5 runs within 2 s (first run in brackets), one process per task; scikit-learn / scipy: the same, by scripts/reference/cluster_timings.py in this run.`);
  console.log();
  console.log('| data | rows | task | ours, 1 thread | ours, all cores | scikit-learn / scipy | ours / theirs | notes |');
  console.log('| --- | ---: | --- | ---: | ---: | ---: | ---: | --- |');
  for (const file of files) {
    const rows = readFileSync(file, 'utf8').trim().split('\n').length;
    const task = (name: Task): TaskResult => JSON.parse(execFileSync(tsx, ['--conditions=@shopper-spectrum/source', self, name, file], { encoding: 'utf8', maxBuffer: 1 << 24 }).trim().split('\n').at(-1)!) as TaskResult;
    let ref: Record<string, unknown> = {};
    try {
      ref = JSON.parse(execFileSync(python, [join(root, 'scripts/reference/cluster_timings.py'), file], { encoding: 'utf8', maxBuffer: 1 << 24 }).trim().split('\n').at(-1)!) as Record<string, unknown>;
    } catch (e) {
      ref = { error: String((e as Error).message).split('\n')[0] };
    }
    const name = file.split('/').at(-1)!;
    const line = (t: string, one: string, all: string, theirs: unknown, ours: number, notes = '') => {
      const r = referenceMs(theirs);
      console.log(`| ${name} | ${rows.toLocaleString('en-GB')} | ${t} | ${one} | ${all} | ${theirs ?? 'not run'} | ${Number.isNaN(r) ? '' : (ours / r).toFixed(2)} | ${notes} |`);
    };
    const k = task('kmeans');
    line('k-means k = 4, nInit = 10', timing(k), '', ref.kmeans, k.median);
    if (rows <= 20_000) {
      const s = task('sweep');
      const sp = task('sweep-parallel');
      const same = sp.score === s.score ? 'same silhouettes' : `DIFFERENT silhouette at k = 4: ${sp.score} vs ${s.score}`;
      line('k = 2..10 sweep (k-means + silhouette + CH + DB)', timing(s), `${timing(sp)} (chooseKParallel)`, ref.sweep, s.median, `${same}; all cores / theirs: ${(sp.median / referenceMs(ref.sweep)).toFixed(2)}`);
    }
    const w = task('ward');
    line('ward (whole tree)', timing(w), '', ref.ward, w.median, `scipy linkage(X, 'ward') alone: ${ref.scipyWard ?? 'not run'}`);
    const exact = task('silhouette');
    const par = task('silhouette-parallel');
    const same = par.score === exact.score ? 'same score, bit for bit' : `DIFFERENT score: ${par.score} vs ${exact.score}`;
    line('silhouette (k-means k = 4 labels)', timing(exact), `${timing(par)} (${par.threads} threads)`, ref.silhouette, par.median, `${same}; 1 thread / all cores: ${(exact.median / par.median).toFixed(2)}x`);
    const sam = task('sampled-silhouette');
    const inside = sam.lower! <= exact.score! && exact.score! <= sam.upper!;
    line(
      `sampled silhouette (${sam.sampleSize} rows, 95%)`,
      timing(sam),
      '',
      undefined,
      NaN,
      `${sam.score!.toFixed(4)} in [${sam.lower!.toFixed(4)}, ${sam.upper!.toFixed(4)}] against the exact ${exact.score!.toFixed(4)} (${inside ? 'inside' : 'OUTSIDE'}); ${(exact.median / sam.median).toFixed(0)}x faster than exact`,
    );
  }
}

const [task, ...files] = process.argv.slice(2) as [string, ...string[]];
if (task === 'report') await report(files);
else if ((TASKS as readonly string[]).includes(task)) console.log(JSON.stringify(await runTask(task as Task, files[0]!)));
else throw new Error(`unknown task ${task}: one of ${TASKS.join(', ')}, or report`);
