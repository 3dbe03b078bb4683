import type { KernelCall } from './kernels.js';

/**
 * Worker threads that run the dense kernels on a shared memory, installed by the Node entry
 * (`useWorkerThreads` of `@shopper-spectrum/recommend/node`). The caller runs its own share of each
 * step and then blocks until the workers' shares are done (the fits stay synchronous).
 */
export interface DenseWorkers {
  /** Worker threads (the calling thread comes on top). */
  readonly threads: number;
  /** Gives the workers the memory of the next run (and the module to instantiate on it). */
  attach(module: WebAssembly.Module, memory: WebAssembly.Memory): void;
  /** Lets the workers drop the memory of the run that ended. */
  detach(): void;
  /** Starts shares[w] on worker w (shares.length <= threads). */
  start(shares: readonly (readonly KernelCall[])[]): void;
  /** Blocks until every started share is done; throws when a worker failed or died. */
  wait(): void;
}

let installed: DenseWorkers | undefined;

/** Installs (or, with undefined, removes) the workers the dense kernels use. */
export function setDenseWorkers(workers: DenseWorkers | undefined): void {
  installed = workers;
}

/** The installed workers, if any. */
export function denseWorkers(): DenseWorkers | undefined {
  return installed;
}
