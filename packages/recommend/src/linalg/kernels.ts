import { SPD_KERNELS_WASM, SPD_KERNELS_WASM_SHARED } from './spdKernelsWasm.js';

/** The exports of the dense kernels (assembly/spdKernels.ts); every pointer a byte offset. */
export interface SpdKernelExports {
  gemmNT(c: number, ldc: number, a: number, lda: number, b: number, ldb: number, m: number, n: number, kFrom: number, kTo: number, aRow0: number, bRow0: number, flags: number, sign: number): void;
  trsmRows(l: number, ld: number, j0: number, w: number, rowFrom: number, rowTo: number): void;
  triInvRows(u: number, l: number, ld: number, i0: number, w: number, rowFrom: number, rowTo: number): void;
  easeWeights(p: number, ld: number, n: number, out: number, rowFrom: number, rowTo: number): void;
  addRows(b: number, n: number, rows: number, weights: number, count: number, out: number): void;
}

/** A kernel call: its name and arguments (what a worker thread is sent). */
export type KernelCall = readonly [name: keyof SpdKernelExports, ...args: number[]];

const decode = (b64: string): Uint8Array<ArrayBuffer> => {
  const text = atob(b64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
};

let plainModule: WebAssembly.Module | null | undefined;
let sharedModule: WebAssembly.Module | null | undefined;

function compile(b64: string): WebAssembly.Module | null {
  try {
    if (typeof WebAssembly !== 'object') return null;
    const bytes = decode(b64);
    if (!WebAssembly.validate(bytes)) return null; // no SIMD here
    return new WebAssembly.Module(bytes);
  } catch {
    return null;
  }
}

/** The compiled kernels over a plain (`shared` false) or shared memory; null where WebAssembly SIMD is missing. */
export function kernelModule(shared: boolean): WebAssembly.Module | null {
  if (shared) {
    if (sharedModule === undefined) sharedModule = typeof SharedArrayBuffer === 'function' ? compile(SPD_KERNELS_WASM_SHARED) : null;
    return sharedModule;
  }
  if (plainModule === undefined) plainModule = compile(SPD_KERNELS_WASM);
  return plainModule;
}

/** Instantiates the kernels over a memory. */
export function instantiateKernels(module: WebAssembly.Module, memory: WebAssembly.Memory): SpdKernelExports {
  return new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as SpdKernelExports;
}

/** Runs a list of calls on an instance. */
export function runCalls(kernels: SpdKernelExports, calls: readonly KernelCall[]): void {
  for (const [name, ...args] of calls) (kernels[name] as (...a: number[]) => void)(...args);
}
