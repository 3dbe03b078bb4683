import { RecommendError } from '../errors.js';
import { instantiateKernels, kernelModule, runCalls } from './kernels.js';
import type { KernelCall } from './kernels.js';
import { denseRows } from './denseRows.js';
import { denseWorkers } from './parallel.js';

/** Columns per panel of the blocked factorisation (a multiple of 4). */
const PANEL = 64;
/** Rows per share of a step (shares go round robin to the threads). */
const ROWS = 64;

/** The leading dimension of an n x n single-precision matrix: a multiple of 4, never a multiple of 1,024 (cache-set aliasing). */
const leading = (n: number): number => {
  const ld = (n + 3) & ~3;
  return ld % 1024 === 0 ? ld + 4 : ld;
};

/**
 * EASE's weights B = -P diag(1 / diag P) (zero diagonal, row-major n x n, single precision) with
 * P = G^-1 for a symmetric positive-definite G, by the WebAssembly SIMD kernels: a blocked
 * left-looking Cholesky G = L L^T, U = L^-T row by row, then the lower part of P = U U^T; about
 * n^3 / 2 multiply-adds. Uses the worker threads installed by `useWorkerThreads`
 * (`@shopper-spectrum/recommend/node`) when there are any, else this thread.
 * Returns null where WebAssembly SIMD is not available (the caller falls back to JavaScript).
 *
 * @param n - the order of G
 * @param gramRow - writes row i of G's lower part, G[i][0..i], into out (i + 1 entries)
 * @throws RecommendError `INVALID_OPTION` (parameter lambda) when G is not positive definite
 */
export function easeWeightsWasm(n: number, gramRow: (i: number, out: Float32Array) => void): Float32Array | null {
  const workers = denseWorkers();
  const shared = workers !== undefined && workers.threads > 0;
  const module = kernelModule(shared);
  if (!module) return shared ? easeWeightsOn(n, gramRow, null) : null;
  return easeWeightsOn(n, gramRow, shared ? module : null) ?? null;
}

function easeWeightsOn(n: number, gramRow: (i: number, out: Float32Array) => void, sharedModule: WebAssembly.Module | null): Float32Array | null {
  const workers = sharedModule ? denseWorkers() : undefined;
  const module = sharedModule ?? kernelModule(false);
  if (!module) return null;
  const ld = leading(n);
  const bytes = 64 + 2 * 4 * n * ld;
  const pages = Math.ceil(bytes / 65_536);
  const memory = sharedModule ? new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true }) : new WebAssembly.Memory({ initial: pages, maximum: pages });
  const kernels = instantiateKernels(module, memory);
  const f = new Float32Array(memory.buffer);
  const offA = 64;
  const offU = offA + 4 * n * ld;
  const a0 = offA >> 2;
  for (let i = 0; i < n; i++) gramRow(i, f.subarray(a0 + i * ld, a0 + i * ld + i + 1));
  const threads = workers ? workers.threads + 1 : 1;
  if (workers) workers.attach(module, memory);
  /** Runs shares[0] here and the rest on the workers, then waits for them. */
  const run = (shares: KernelCall[][]): void => {
    if (workers) {
      workers.start(shares.slice(1));
      try {
        runCalls(kernels, shares[0]!);
      } finally {
        workers.wait();
      }
    } else runCalls(kernels, shares.flat());
  };
  /** Round-robin shares of the row blocks [from, to) of ROWS rows: calls(r0, r1) for each block. */
  const split = (from: number, to: number, calls: (r0: number, r1: number) => KernelCall[], shares: KernelCall[][] = Array.from({ length: threads }, () => [])): KernelCall[][] => {
    let t = 0;
    for (let r = from; r < to; r += ROWS, t = (t + 1) % threads) shares[t]!.push(...calls(r, Math.min(r + ROWS, to)));
    return shares;
  };
  const row = (base: number, i: number) => base + 4 * i * ld;

  try {
    // 1. Cholesky, left-looking by panels of PANEL columns
    for (let j0 = 0; j0 < n; j0 += PANEL) {
      const j1 = Math.min(j0 + PANEL, n);
      const w = j1 - j0;
      if (j0 > 0) run(split(j0, n, (r0, r1) => [['gemmNT', row(offA, r0) + 4 * j0, ld, row(offA, r0), ld, row(offA, j0), ld, r1 - r0, w, 0, j0, r0, j0, 0, -1]]));
      factorDiagonal(f, a0, ld, j0, j1);
      if (j1 < n) run(split(j1, n, (r0, r1) => [['trsmRows', offA, ld, j0, w, r0, r1]]));
    }
    // 2. U = L^-T: every row of U needs only itself and L, so each thread does its rows for every panel
    const shares: KernelCall[][] = Array.from({ length: threads }, () => []);
    for (let i0 = 0; i0 < n; i0 += PANEL) {
      const i1 = Math.min(i0 + PANEL, n);
      split(0, i1, (r0, r1) => {
        const calls: KernelCall[] = [];
        if (r0 < i0) calls.push(['gemmNT', row(offU, r0) + 4 * i0, ld, row(offU, r0), ld, row(offA, i0), ld, Math.min(r1, i0) - r0, i1 - i0, 0, i0, r0, i0, 1, 1]);
        calls.push(['triInvRows', offU, offA, ld, i0, i1 - i0, r0, r1]);
        return calls;
      }, shares);
    }
    run(shares);
    // 3. the lower part of P = U U^T (k from max(i, j): U's zeros below its diagonal are stored), over L
    f.fill(0, a0, a0 + n * ld);
    run(split(0, n, (r0, r1) => [['gemmNT', row(offA, r0), ld, row(offU, r0), ld, offU, ld, r1 - r0, r1, 0, ld, r0, 0, 7, 1]]));
    // 4. the weights, over U
    run(split(0, n, (r0, r1) => [['easeWeights', offA, ld, n, offU, r0, r1]]));
  } finally {
    workers?.detach();
  }
  const dense = denseRows(n);
  if (!dense) return f.slice(offU >> 2, (offU >> 2) + n * n);
  dense.B.set(f.subarray(offU >> 2, (offU >> 2) + n * n));
  return dense.B;
}

/** Factors the diagonal block [j0, j1) in place (its columns already updated by the panels before). */
function factorDiagonal(f: Float32Array, a0: number, ld: number, j0: number, j1: number): void {
  for (let c = j0; c < j1; c++) {
    const rc = a0 + c * ld;
    let s = f[rc + c]!;
    for (let k = j0; k < c; k++) s -= f[rc + k]! * f[rc + k]!;
    if (!(s > 0)) throw new RecommendError('INVALID_OPTION', 'lambda', s, 'a regularisation large enough to keep X^T X + lambda I positive definite');
    const d = Math.sqrt(s);
    f[rc + c] = d;
    for (let i = c + 1; i < j1; i++) {
      const ri = a0 + i * ld;
      let t = f[ri + c]!;
      for (let k = j0; k < c; k++) t -= f[ri + k]! * f[rc + k]!;
      f[ri + c] = t / d;
    }
  }
}
