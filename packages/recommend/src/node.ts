/**
 * The Node entry of `@shopper-spectrum/recommend`: worker threads for the dense linear algebra
 * (EASE's inverse), so a fit uses every core. Everything else is in the main entry.
 * @module
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { CHECKS, optionsObject, optionValue } from './checks.js';
import type { KernelCall } from './linalg/kernels.js';
import { denseWorkers, setDenseWorkers } from './linalg/parallel.js';
import type { DenseWorkers } from './linalg/parallel.js';

/** Options of {@link useWorkerThreads}. */
export interface WorkerThreadsOptions {
  /**
   * Threads in all, this one included (so 1 turns the workers off).
   * @defaultValue the machine's available parallelism (`os.availableParallelism()`)
   */
  readonly threads?: number;
}

/** What {@link useWorkerThreads} installed. */
export interface WorkerThreads {
  /** Threads in all, the calling one included. */
  readonly threads: number;
  /** Stops the workers and goes back to this thread alone. */
  close(): Promise<void>;
}

/**
 * The worker's whole program, as text (a string, so that no bundler rewrites its `require`):
 * instantiate the kernels on each run's shared memory, run the calls it is sent, count them done.
 * signal[0] counts finished shares, signal[1] is set when a share failed, signal[2] counts workers
 * ready, signal[3] workers that died.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const signal = new Int32Array(workerData.signal);
// a worker that dies says so (signal[3]), so that a fit waiting for it fails instead of hanging
const died = () => {
  Atomics.add(signal, 3, 1);
  Atomics.notify(signal, 0);
};
process.on('exit', died);
let kernels;
parentPort.on('message', (message) => {
  if (message.detach) {
    kernels = undefined; // let the run's memory go
    return;
  }
  if (message.memory) {
    try {
      kernels = new WebAssembly.Instance(message.module, { env: { memory: message.memory } }).exports;
    } catch {
      kernels = undefined;
    }
    return;
  }
  try {
    if (!kernels) throw new Error('no kernels');
    for (const [name, ...args] of message.calls) kernels[name](...args);
  } catch {
    Atomics.store(signal, 1, 1);
  }
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
});
Atomics.add(signal, 2, 1);
Atomics.notify(signal, 2);
`;

/** How long useWorkerThreads waits for its workers to start before it goes on with this thread alone. */
const START_TIMEOUT_MS = 10_000;

/**
 * Starts worker threads for EASE's dense inverse (and installs them for every later fit in this
 * process): the fit stays synchronous, this thread runs its share and waits for the others on a
 * shared counter. With 2 cores, about 1.8x faster than one thread. The workers do not keep the
 * process alive. Workers that do not start within 10 s are stopped and this thread goes on alone
 * (`threads` then says 1).
 *
 * @param options - the number of threads
 * @returns the installed threads, with close()
 * @throws {@link @shopper-spectrum/recommend!RecommendError} `INVALID_OPTION` for a threads value that is not a positive integer
 * @example
 * ```ts
 * const pool = useWorkerThreads({ threads: 2 });
 * pool.threads;
 * // => 2
 * await pool.close();
 * ```
 */
export function useWorkerThreads(options: WorkerThreadsOptions = {}): WorkerThreads {
  options = optionsObject(options);
  const threads = optionValue(options.threads, availableParallelism(), 'threads', CHECKS.positiveInteger);
  const previous = denseWorkers() as (DenseWorkers & { close?: () => Promise<void> }) | undefined;
  if (previous?.close) void previous.close();
  if (threads === 1) {
    setDenseWorkers(undefined);
    return { threads: 1, close: async () => {} };
  }
  const signalBuffer = new SharedArrayBuffer(16);
  const signal = new Int32Array(signalBuffer);
  const workers: Worker[] = [];
  const alone = (): WorkerThreads => {
    for (const w of workers) void w.terminate();
    setDenseWorkers(undefined);
    return { threads: 1, close: async () => {} };
  };
  try {
    for (let i = 1; i < threads; i++) {
      const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { signal: signalBuffer } });
      w.unref();
      workers.push(w);
    }
  } catch {
    return alone(); // no worker threads here (a permission model, a sandbox): this thread alone
  }
  // wait for them to start (a worker that cannot start would otherwise leave a fit waiting forever)
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (let ready = Atomics.load(signal, 2); ready < workers.length && Date.now() < deadline; ready = Atomics.load(signal, 2)) Atomics.wait(signal, 2, ready, 50);
  if (Atomics.load(signal, 2) < workers.length) return alone();
  let expected = 0;
  const installed: DenseWorkers & { close(): Promise<void> } = {
    threads: threads - 1,
    attach(module, memory) {
      for (const w of workers) w.postMessage({ module, memory });
    },
    start(shares: readonly (readonly KernelCall[])[]) {
      shares.forEach((calls, i) => {
        expected++;
        workers[i]!.postMessage({ calls });
      });
    },
    detach() {
      for (const w of workers) w.postMessage({ detach: true });
    },
    wait() {
      for (let seen = Atomics.load(signal, 0); seen < expected && Atomics.load(signal, 3) === 0; seen = Atomics.load(signal, 0)) Atomics.wait(signal, 0, seen, 1000);
      if (Atomics.load(signal, 3) !== 0) {
        // a worker died: this pool is done for; the fits after this one run on this thread
        void installed.close();
        throw new Error('a dense-kernel worker thread died during the fit');
      }
      if (Atomics.exchange(signal, 1, 0) !== 0) throw new Error('a dense-kernel worker failed (its WebAssembly kernels could not run on the memory it was given)');
    },
    async close() {
      if (denseWorkers() === installed) setDenseWorkers(undefined);
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
  setDenseWorkers(installed);
  return { threads, close: () => installed.close() };
}
