import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { buildInteractions, ease, invertSpd } from '@shopper-spectrum/recommend';
import { useWorkerThreads } from '@shopper-spectrum/recommend/node';
import { cleanTransactions, generateTransactionsCsv, parseTransactionsCsv } from '@shopper-spectrum/core';
import { denseRows, denseRowsOf } from './denseRows.js';
import { easeWeightsWasm as weightsOfRows } from './easeWeights.js';

/** The kernels on a dense row-major G (its lower part). */
const easeWeightsWasm = (G: Float64Array, n: number) => weightsOfRows(n, (i, out) => out.set(G.subarray(i * n, i * n + i + 1)));

/** A Gram matrix X^T X + lambda I of a seeded random 0/1 matrix with `rows` rows. */
function gram(n: number, rows: number, density: number, lambda: number, seed: number): Float64Array {
  let s = seed || 1;
  const rnd = () => (s = (s * 48271) % 2147483647) / 2147483647;
  const G = new Float64Array(n * n);
  for (let r = 0; r < rows; r++) {
    const on: number[] = [];
    for (let i = 0; i < n; i++) if (rnd() < density) on.push(i);
    for (const i of on) for (const j of on) G[i * n + j]! += 1;
  }
  for (let i = 0; i < n; i++) G[i * n + i]! += lambda;
  return G;
}

/** EASE's weights from the double-precision JavaScript inverse. */
function reference(G: Float64Array, n: number): Float64Array {
  const P = invertSpd(G, n);
  const B = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) B[i * n + j] = i === j ? 0 : -P[i * n + j]! / P[j * n + j]!;
  return B;
}

const maxError = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let e = 0;
  for (let i = 0; i < a.length; i++) e = Math.max(e, Math.abs(a[i]! - b[i]!));
  return e;
};

describe('easeWeightsWasm', () => {
  it('gives the weights of the double-precision inverse to single precision, at every order around the panel and tile sizes (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 140 }), fc.integer({ min: 1, max: 1e6 }), fc.double({ min: 0.5, max: 50, noNaN: true }), (n, seed, lambda) => {
        const G = gram(n, 2 * n + 3, 0.15, lambda, seed);
        const B = easeWeightsWasm(G, n)!;
        expect(B).toBeInstanceOf(Float32Array);
        expect(B.length).toBe(n * n);
        expect(maxError(B, reference(G, n))).toBeLessThan(2e-5);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses a matrix that is not positive definite, naming lambda', () => {
    const G = Float64Array.of(1, 2, 2, 1);
    expect(() => easeWeightsWasm(G, 2)).toThrow(expect.objectContaining({ code: 'INVALID_OPTION', parameter: 'lambda' }));
  });
});

describe('useWorkerThreads', () => {
  const pools: { close(): Promise<void> }[] = [];
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
  });

  it('splits the inverse over worker threads with the very same result as one thread', () => {
    const n = 301;
    const G = gram(n, 700, 0.05, 3, 7);
    const one = easeWeightsWasm(G, n)!;
    const pool = useWorkerThreads({ threads: 3 });
    pools.push(pool);
    expect(pool.threads).toBe(3);
    const three = easeWeightsWasm(G, n)!;
    expect(Buffer.from(three.buffer).equals(Buffer.from(one.buffer))).toBe(true);
  });

  it('refuses a thread count that is not a positive integer', () => {
    for (const threads of [0, 1.5, -2, Number.NaN]) expect(() => useWorkerThreads({ threads })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION', parameter: 'threads' }));
  });

  it('goes back to one thread with threads 1 and after close()', async () => {
    const n = 70;
    const G = gram(n, 200, 0.1, 2, 3);
    const pool = useWorkerThreads({ threads: 2 });
    const two = easeWeightsWasm(G, n)!;
    await pool.close();
    expect(Buffer.from(easeWeightsWasm(G, n)!.buffer).equals(Buffer.from(two.buffer))).toBe(true);
    expect(useWorkerThreads({ threads: 1 }).threads).toBe(1);
  });
});

describe("ease's inverse option", () => {
  const table = cleanTransactions(parseTransactionsCsv(generateTransactionsCsv({ seed: 5, customers: 300, products: 120 })).table).table;
  const m = buildInteractions(table);

  it("scores the same with 'single' (WebAssembly) and 'double' (JavaScript) to single precision", () => {
    const single = ease(m, { inverse: 'single' });
    const double = ease(m, { inverse: 'double' });
    for (const customer of m.customers.slice(0, 40)) {
      const a = single.recommend(customer, 5);
      const b = double.recommend(customer, 5);
      expect(a.map((r) => r.score)).toEqual(b.map((r) => expect.closeTo(r.score, 4)));
    }
  });

  it('refuses an inverse it does not know', () => {
    expect(() => ease(m, { inverse: 'quad' as never })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION', parameter: 'inverse' }));
  });
});

describe('the shipped WebAssembly module', () => {
  it('is what assembly/spdKernels.ts compiles to (scripts/build-wasm.mjs --check)', () => {
    const script = fileURLToPath(new URL('../../scripts/build-wasm.mjs', import.meta.url));
    expect(execFileSync(process.execPath, [script, '--check'], { encoding: 'utf8' })).toContain('matches its source');
  }, 120_000);
});

describe('denseRows', () => {
  it('adds weighted rows bit for bit as the JavaScript loop does (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 37 }), fc.array(fc.tuple(fc.nat(), fc.double({ min: -1e3, max: 1e3, noNaN: true })), { maxLength: 60 }), fc.integer({ min: 1, max: 1e6 }), (n, picks, seed) => {
        let s = seed;
        const rnd = () => (s = (s * 48271) % 2147483647) / 2147483647 - 0.5;
        const dense = denseRows(n)!;
        for (let i = 0; i < n * n; i++) dense.B[i] = rnd() * 10;
        const rows = picks.map(([r]) => r % n);
        const weights = picks.map(([, w]) => w);
        const start = Float64Array.from({ length: n }, () => rnd());
        const expected = Float64Array.from(start);
        rows.forEach((r, t) => {
          for (let j = 0; j < n; j++) expected[j]! += weights[t]! * dense.B[r * n + j]!;
        });
        const got = Float64Array.from(start);
        dense.addRows(rows, weights, rows.length, got);
        expect(Buffer.from(got.buffer).equals(Buffer.from(expected.buffer))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps a copy of a matrix it did not make, and the matrix itself when it did', () => {
    const B = Float32Array.of(0, 1, 2, 0);
    const copy = denseRowsOf(B, 2)!;
    expect(copy.B).not.toBe(B);
    expect([...copy.B]).toEqual([0, 1, 2, 0]);
    expect(denseRowsOf(copy.B, 2)).toBe(copy);
  });
});
