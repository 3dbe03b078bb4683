/**
 * The Node entry of `@shopper-spectrum/cluster`: silhouettes on worker threads over shared memory,
 * so the O(n^2) pass uses every core, and a `chooseK` whose silhouettes run on a worker while the
 * clusterer fits the next k. Same results as the main entry's `silhouette` and
 * `silhouettes`, bit for bit (the same tiles, summed in the same fixed order). Everything else is in
 * the main entry.
 *
 * @packageDocumentation
 * @module @shopper-spectrum/cluster/node
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { checkClustering, checkClusterings, chooseK, finishChooseK, planChooseK } from './chooseK.js';
import type { ChooseKOptions, KChoice } from './chooseK.js';
import type { Clustering } from './clustering.js';
import { ClusterError } from './errors.js';
import { toMatrix } from './matrix.js';
import type { MatrixInput } from './matrix.js';
import { prepareLabelings } from './silhouette.js';
import type { Silhouette } from './silhouette.js';
import { addRowPartials, condensedRowDistances, SILHOUETTE_BLOCK, silhouettesFromSums, silhouetteTile, tilePairSums } from './silhouetteTiles.js';

/**
 * The defaults of {@link silhouetteParallel} and {@link silhouettesParallel}.
 *
 * @example
 * ```ts
 * SILHOUETTE_PARALLEL_DEFAULTS.threads;
 * // => 'available'
 * ```
 */
export const SILHOUETTE_PARALLEL_DEFAULTS = Object.freeze({
  /** Worker threads: the machine's available parallelism (`os.availableParallelism()`), read when called. */
  threads: 'available' as const,
});

/** Options of {@link silhouetteParallel} and {@link silhouettesParallel}. */
export interface SilhouetteParallelOptions {
  /**
   * Worker threads to run the tiles on (the calling thread only waits, so its event loop stays
   * free). Inputs of one tile (n <= 8,192 rows) run on the calling thread: one tile cannot be split
   * without changing the summation order.
   * @defaultValue {@link SILHOUETTE_PARALLEL_DEFAULTS | SILHOUETTE_PARALLEL_DEFAULTS.threads}: `os.availableParallelism()`
   */
  readonly threads?: number;
}

/**
 * The worker's whole program, run from its source text (so it needs no file of this package): it
 * is given the tile kernel and the worker's own `require`, maps the shared buffers, and for each
 * block row it is sent takes tiles from a shared counter until none is left.
 */
function silhouetteWorker(tile: typeof silhouetteTile, load: (id: string) => unknown): void {
  const { parentPort, workerData } = load('node:worker_threads') as typeof import('node:worker_threads');
  const B = 8192;
  const n: number = workerData.n;
  const d: number = workerData.d;
  const total: number = workerData.total;
  const L: number = workerData.L;
  const data = new Float64Array(workerData.data as SharedArrayBuffer);
  const flat = new Int32Array(workerData.flat as SharedArrayBuffer);
  const sums = new Float64Array(workerData.sums as SharedArrayBuffer);
  const rowBuf = new Float64Array(workerData.rowBuf as SharedArrayBuffer);
  const control = new Int32Array(workerData.control as SharedArrayBuffer);
  const colTmp = new Float64Array(total * B);
  const acc = new Float64Array(total);
  const row = new Float64Array(B);
  parentPort!.on('message', (r0: number) => {
    const r1 = Math.min(n, r0 + B);
    const tiles = Math.ceil((n - r0) / B);
    for (;;) {
      const t = Atomics.add(control, 0, 1);
      if (t >= tiles) break;
      const c0 = r0 + t * B;
      tile(data, d, n, flat, L, total, sums, colTmp, rowBuf.subarray(t * total * B, (t + 1) * total * B), acc, row, r0, r1, c0, Math.min(n, c0 + B));
    }
    parentPort!.postMessage(0);
  });
}

const shared = <T extends Float64Array | Int32Array>(make: (buffer: SharedArrayBuffer) => T, bytes: number): T => make(new SharedArrayBuffer(bytes));

/**
 * Silhouettes of several labellings of the same rows on worker threads: the main entry's
 * {@link @shopper-spectrum/cluster!silhouettes} with the O(n^2 (d + L)) pass over the pairs split
 * across threads. The rows are cut into
 * blocks of 8,192; block row by block row, the tiles (this block against each later one) go to
 * whichever thread is free, each writing only its own columns and its own slot of row partials,
 * which are then added in block order: the summation order of every sum is the fixed one of the
 * single-threaded version, so the results are identical whatever the number of threads. The
 * tiles bound the speed-up on 2 threads at 1.24x for 9,200 rows, 1.87x for 20,000, 1.91x for
 * 100,000 (the longest chain of tiles); the CPU time is that of one thread (no overhead
 * measured). The workers are stopped before the promise settles.
 *
 * @param X - rows, or a row-major matrix
 * @param labelings - the labellings
 * @param options - the number of threads
 * @returns one silhouette per labelling, equal to `silhouettes(X, labelings)`
 * @throws {@link @shopper-spectrum/cluster!ClusterError} (rejects with) as `silhouettes`, and
 *   `INVALID_OPTION` for threads that are not a positive integer
 * @example
 * ```ts
 * const [s2, s3] = await silhouettesParallel(X, [labels2, labels3], { threads: 2 });
 * s2.score === silhouettes(X, [labels2, labels3])[0].score;
 * // => true
 * ```
 */
export async function silhouettesParallel(X: MatrixInput, labelings: readonly ArrayLike<number>[], options: SilhouetteParallelOptions = {}): Promise<Silhouette[]> {
  const threads = options.threads ?? availableParallelism();
  if (!Number.isInteger(threads) || threads < 1) throw new ClusterError('INVALID_OPTION', 'threads', threads, 'a positive integer');
  const m = toMatrix(X);
  const { rows: n, cols: d } = m;
  const { lab, counts } = prepareLabelings(n, labelings);
  const B = SILHOUETTE_BLOCK;
  const blocks = Math.ceil(n / B);
  if (blocks === 1 || threads === 1) return silhouettesFromSums(n, lab, counts, tilePairSums(m.data, d, n, lab));
  const data = shared((b) => new Float64Array(b), m.data.byteLength);
  data.set(m.data);
  const flat = shared((b) => new Int32Array(b), lab.flat.byteLength);
  flat.set(lab.flat);
  const sums = shared((b) => new Float64Array(b), lab.total * n * 8);
  const rowBuf = shared((b) => new Float64Array(b), blocks * lab.total * B * 8);
  const control = shared((b) => new Int32Array(b), 4);
  // The worker's `require` is passed in (bundlers rewrite a literal `require` call); `__name` is
  // what a keepNames transform (tsx) may insert into the functions' text.
  const source = `var __name = (f) => f;\n(${silhouetteWorker.toString()})(${silhouetteTile.toString()}, require);`;
  const workerData = { n, d, total: lab.total, L: lab.ks.length, data: data.buffer, flat: flat.buffer, sums: sums.buffer, rowBuf: rowBuf.buffer, control: control.buffer };
  // execArgv: [] so that the workers, plain scripts, load none of the parent's loaders (tsx's hooks)
  const workers = Array.from({ length: Math.min(threads, blocks) }, () => new Worker(source, { eval: true, workerData, execArgv: [] }));
  let failed: ((e: unknown) => void) | undefined;
  const failure = new Promise<never>((_, reject) => (failed = reject));
  // not unref'd: the caller is waiting for them; they are terminated once the result is in
  for (const w of workers) w.on('error', (e) => failed!(e));
  try {
    for (let r0 = 0; r0 < n; r0 += B) {
      const r1 = Math.min(n, r0 + B);
      Atomics.store(control, 0, 0);
      const done = workers.map((w) => new Promise<void>((resolve) => w.once('message', () => resolve())));
      for (const w of workers) w.postMessage(r0);
      await Promise.race([Promise.all(done), failure]);
      const tiles = Math.ceil((n - r0) / B);
      for (let t = 0; t < tiles; t++) addRowPartials(sums, n, lab.total, rowBuf.subarray(t * lab.total * B, (t + 1) * lab.total * B), r0, r1);
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return silhouettesFromSums(n, lab, counts, sums);
}

/**
 * The silhouette of one labelling on worker threads: {@link silhouettesParallel} with one
 * labelling, equal bit for bit to the main entry's `silhouette(X, labels)` (the mean and every
 * per-row value).
 *
 * @param X - rows, or a row-major matrix
 * @param labels - cluster of each row
 * @param options - the number of threads
 * @returns the mean score and per-row values
 * @throws {@link @shopper-spectrum/cluster!ClusterError} (rejects with) as `silhouette`, and
 *   `INVALID_OPTION` for threads that are not a positive integer
 * @example
 * ```ts
 * const s = await silhouetteParallel(X, labels, { threads: 2 });
 * s.score === silhouette(X, labels).score;
 * // => true
 * ```
 */
export async function silhouetteParallel(X: MatrixInput, labels: ArrayLike<number>, options: SilhouetteParallelOptions = {}): Promise<Silhouette> {
  const [s] = await silhouettesParallel(X, [labels], options);
  return s!;
}

/** Rows up to which a sweep worker keeps the condensed distances (128 MiB). */
const CACHED_ROWS = 5792;

/** Options of {@link chooseKParallel}: those of the main entry's `chooseK`, and the workers. */
export interface ChooseKParallelOptions extends ChooseKOptions {
  /**
   * Worker threads for the silhouettes (the labellings are dealt to them in turn); the clusterer
   * fits on the calling thread meanwhile.
   * @defaultValue `os.availableParallelism() - 1`, at least 1
   */
  readonly threads?: number;
}

/**
 * A worker of {@link chooseKParallel}: for each labelling it is sent, the silhouette pair sums of
 * that labelling alone, tile by tile in the fixed order of the main entry's `silhouettes`
 * (each labelling's sums do not depend on the others'), sent back. It keeps the distances
 * (up to 5,792 rows, 128 MiB), computed once, so each labelling costs only its additions.
 */
function sweepWorker(tile: typeof silhouetteTile, addRows: typeof addRowPartials, distances: typeof condensedRowDistances, load: (id: string) => unknown): void {
  const { parentPort, workerData } = load('node:worker_threads') as typeof import('node:worker_threads');
  const B = 8192;
  const n: number = workerData.n;
  const d: number = workerData.d;
  const data = new Float64Array(workerData.data as SharedArrayBuffer);
  const row = new Float64Array(B);
  // at most 128 MiB of distances (CACHED_ROWS): computed once, while the first k is being fitted
  const cache = distances(data, d, n);
  parentPort!.on('message', (message: { index: number; k: number; labels: Int32Array }) => {
    const k = message.k;
    const sums = new Float64Array(k * n);
    const colTmp = new Float64Array(k * B);
    const rowOut = new Float64Array(k * B);
    const acc = new Float64Array(k);
    for (let r0 = 0; r0 < n; r0 += B) {
      const r1 = Math.min(n, r0 + B);
      for (let c0 = r0; c0 < n; c0 += B) {
        tile(data, d, n, message.labels, 1, k, sums, colTmp, rowOut, acc, row, r0, r1, c0, Math.min(n, c0 + B), cache);
        addRows(sums, n, k, rowOut, r0, r1);
      }
    }
    parentPort!.postMessage({ index: message.index, sums }, [sums.buffer]);
  });
}

/**
 * The main entry's `chooseK` with its silhouettes off the calling thread: up to 5,792 rows, the
 * clusterer fits k after k here while worker threads (which keep the pairwise distances, 128 MiB
 * at most) compute the silhouettes of the k already fitted, so on 2 idle cores the sweep takes
 * about as long as the longer of the two (on the 4,338 RFM rows, k = 2..10: fits 350 ms and
 * silhouettes 430 ms of CPU, against 800 ms for `chooseK`; the worker adds about 0.3 s of CPU
 * for its start and its distances, and gains nothing on a machine whose cores are busy); above, every k is fitted first and the silhouettes of all k then share
 * one pass over the pairs split across `threads + 1` threads ({@link silhouettesParallel}). The same {@link @shopper-spectrum/cluster!KChoice}
 * as `chooseK(X, options)`, bit for bit (the same fits, and each labelling's silhouette summed in
 * the same order). The calling thread is busy while the clusterer fits (as with `chooseK`).
 * With `silhouette: false` there is nothing to move, and it is `chooseK`.
 *
 * @param X - rows, a row-major matrix or an ml-matrix `Matrix` (scale them first)
 * @param options - the options of `chooseK`, and the worker threads
 * @returns the figures and the choice, as `chooseK`
 * @throws {@link @shopper-spectrum/cluster!ClusterError} (rejects with) as `chooseK` (a clusterer's
 *   result is checked right after its fit, so of two bad results the first is reported), and
 *   `INVALID_OPTION` for threads that are not a positive integer
 * @example
 * ```ts
 * const choice = await chooseKParallel(scaled, { kRange: [2, 10], seed: 42 });
 * choice.silhouette.join() === chooseK(scaled, { kRange: [2, 10], seed: 42 }).silhouette.join();
 * // => true
 * ```
 */
export async function chooseKParallel(X: MatrixInput, options: ChooseKParallelOptions = {}): Promise<KChoice> {
  const { threads: given, ...rest } = options;
  const threads = given ?? Math.max(1, availableParallelism() - 1);
  if (!Number.isInteger(threads) || threads < 1) throw new ClusterError('INVALID_OPTION', 'threads', threads, 'a positive integer');
  const m = toMatrix(X);
  const plan = planChooseK(m, rest);
  if (!plan.silhouette) return chooseK(m, rest);
  const { rows: n, cols: d } = m;
  if (n > CACHED_ROWS) {
    // every labelling's own pass would recompute the distances: fit all, then one shared pass on threads
    const clusterings = typeof plan.clusterer.sweep === 'function' ? plan.clusterer.sweep(m, plan.ks) : plan.ks.map((k) => plan.clusterer(m, k));
    const labels = checkClusterings(plan, n, clusterings);
    const sil = (await silhouettesParallel(m, labels, { threads: threads + 1 })).map((x) => x.score);
    return finishChooseK(m, plan, clusterings, labels, sil);
  }
  const data = shared((b) => new Float64Array(b), m.data.byteLength);
  data.set(m.data);
  const source = `var __name = (f) => f;\n(${sweepWorker.toString()})(${silhouetteTile.toString()}, ${addRowPartials.toString()}, ${condensedRowDistances.toString()}, require);`;
  const workers = Array.from({ length: Math.min(threads, plan.ks.length) }, () => new Worker(source, { eval: true, workerData: { n, d, data: data.buffer }, execArgv: [] }));
  const sums: (Float64Array | undefined)[] = plan.ks.map(() => undefined);
  let received = 0;
  let settle: { resolve: () => void; reject: (e: unknown) => void } | undefined;
  const all = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  for (const w of workers) {
    w.on('message', (message: { index: number; sums: Float64Array }) => {
      sums[message.index] = message.sums;
      if (++received === plan.ks.length) settle!.resolve();
    });
    w.on('error', (e) => settle!.reject(e));
  }
  try {
    const send = (index: number, labels: Int32Array): void => workers[index % workers.length]!.postMessage({ index, k: plan.ks[index]!, labels });
    let clusterings: Clustering[];
    let labels: Int32Array[];
    if (typeof plan.clusterer.sweep === 'function') {
      clusterings = plan.clusterer.sweep(m, plan.ks);
      labels = checkClusterings(plan, n, clusterings);
      labels.forEach((l, i) => send(i, l));
    } else {
      clusterings = [];
      labels = [];
      plan.ks.forEach((k, i) => {
        const c = plan.clusterer(m, k);
        const l = checkClustering(c, k, n, plan.name);
        clusterings.push(c);
        labels.push(l);
        send(i, l);
      });
    }
    await all;
    const sil = labels.map((l, i) => {
      const { lab, counts } = prepareLabelings(n, [l]);
      return silhouettesFromSums(n, lab, counts, sums[i]!)[0]!.score;
    });
    return finishChooseK(m, plan, clusterings, labels, sil);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
