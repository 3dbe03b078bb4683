import { instantiateKernels, kernelModule } from './kernels.js';

/**
 * A dense n x n single-precision matrix kept in WebAssembly memory, with a SIMD kernel that adds
 * weighted rows of it to a score vector (EASE's x_u B), bit for bit what the JavaScript loop
 * `out[j] += w * B[r * n + j]` gives, row after row.
 */
export interface DenseRows {
  /** The matrix, row-major (a view of the WebAssembly memory). */
  readonly B: Float32Array;
  /** out[j] += sum over t < count of weights[t] * B[rows[t]][j], in the order of t. */
  addRows(rows: ArrayLike<number>, weights: ArrayLike<number>, count: number, out: Float64Array): void;
}

const byMatrix = new WeakMap<Float32Array, DenseRows>();

/** A matrix's rows in WebAssembly memory: B itself when it was made by {@link denseRows}, else a copy; null without WebAssembly SIMD. */
export function denseRowsOf(B: Float32Array, n: number): DenseRows | null {
  const known = byMatrix.get(B);
  if (known) return known;
  const made = denseRows(n);
  if (!made) return null;
  made.B.set(B);
  return made;
}

/** A new n x n matrix (zeros) in WebAssembly memory, to be filled through .B; null without WebAssembly SIMD. */
export function denseRows(n: number): DenseRows | null {
  const module = kernelModule(false);
  if (!module) return null;
  const vec = (n * 8 + 15) & ~15;
  const offOut = 16;
  const offRows = offOut + vec;
  const offWeights = offRows + vec;
  const offB = offWeights + vec;
  const pages = Math.ceil((offB + 4 * n * n) / 65_536);
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
  const kernels = instantiateKernels(module, memory);
  const buffer = memory.buffer;
  const out64 = new Float64Array(buffer, offOut, n);
  const rows32 = new Int32Array(buffer, offRows, n);
  const weights64 = new Float64Array(buffer, offWeights, n);
  const B = new Float32Array(buffer, offB, n * n);
  const made: DenseRows = {
    B,
    addRows(rows, weights, count, out) {
      out64.set(out.subarray(0, n));
      for (let from = 0; from < count; from += n) {
        const c = Math.min(n, count - from);
        for (let t = 0; t < c; t++) {
          rows32[t] = rows[from + t]!;
          weights64[t] = weights[from + t]!;
        }
        kernels.addRows(offB, n, offRows, offWeights, c, offOut);
      }
      out.set(out64);
    },
  };
  byMatrix.set(B, made);
  return made;
}
