// WebAssembly SIMD kernels of the blocked inverse of a symmetric positive-definite matrix
// (packages/recommend/src/linalg/spdInverse.ts drives them). AssemblyScript, compiled by
// `node scripts/build-wasm.mjs` (assemblyscript from npm) into src/linalg/spdKernelsWasm.ts.
// Single precision, row-major, every leading dimension a multiple of 4 and every matrix 16-byte
// aligned; all pointers are byte offsets into the imported (shared) memory.

@inline function hsum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}

@inline function rowPtr(base: usize, row: i32, ld: i32): usize {
  return base + ((<usize>row * <usize>ld) << 2);
}

/** sum over k in [from, to) of x[k] * y[k]; `from` a multiple of 4 (SIMD), the tail scalar. */
@inline function dot(x: usize, y: usize, from: i32, to: i32): f32 {
  let s = f32x4.splat(0);
  let k = from;
  for (; k + 4 <= to; k += 4) {
    const o = <usize>k << 2;
    s = f32x4.add(s, f32x4.mul(v128.load(x + o), v128.load(y + o)));
  }
  let t = hsum(s);
  for (; k < to; k++) t += load<f32>(x + (<usize>k << 2)) * load<f32>(y + (<usize>k << 2));
  return t;
}

@inline function kStart(kc: i32, gi: i32, gj: i32, flags: i32): i32 {
  let ks = kc;
  if (flags & 1) ks = max(ks, gi & ~3);
  if (flags & 2) ks = max(ks, gj & ~3);
  return ks;
}

@inline function edge(c: usize, ldc: i32, a: usize, lda: i32, b: usize, ldb: i32, i: i32, j: i32, ks: i32, ke: i32, sign: f32): void {
  if (ks >= ke) return;
  const pc = c + ((<usize>i * <usize>ldc + <usize>j) << 2);
  store<f32>(pc, load<f32>(pc) + sign * dot(rowPtr(a, i, lda), rowPtr(b, j, ldb), ks, ke));
}

/**
 * C[i][j] += sign * sum_k A[i][k] * B[j][k] for rows i < m of A, rows j < n of B, k in [kFrom, kTo)
 * (both multiples of 4). aRow0 and bRow0 are the global row numbers of A's and B's first rows.
 * flags: 1 = A is upper triangular (k starts at A's global row, rounded down to 4: the zeros below
 * are stored), 2 = the same for B, 4 = only the lower part (global j <= global i; the 4 x 2 tiles on
 * the diagonal also compute a few entries above it).
 */
export function gemmNT(c: usize, ldc: i32, a: usize, lda: i32, b: usize, ldb: i32, m: i32, n: i32, kFrom: i32, kTo: i32, aRow0: i32, bRow0: i32, flags: i32, sign: f32): void {
  const KC: i32 = 512;
  const NB: i32 = 32;
  const ldc4 = <usize>ldc << 2;
  for (let kc = kFrom; kc < kTo; kc += KC) {
    const ke = min(kc + KC, kTo);
    for (let jb = 0; jb < n; jb += NB) {
      const jbEnd = min(jb + NB, n);
      let i = 0;
      for (; i + 4 <= m; i += 4) {
        const gi = aRow0 + i;
        if ((flags & 4) && bRow0 + jb > gi + 3) continue;
        const pa0 = rowPtr(a, i, lda);
        const pa1 = pa0 + (<usize>lda << 2);
        const pa2 = pa1 + (<usize>lda << 2);
        const pa3 = pa2 + (<usize>lda << 2);
        let j = jb;
        for (; j + 2 <= jbEnd; j += 2) {
          const gj = bRow0 + j;
          if ((flags & 4) && gj > gi + 3) break;
          const ks = kStart(kc, gi, gj, flags);
          if (ks >= ke) continue;
          const pb0 = rowPtr(b, j, ldb);
          const pb1 = pb0 + (<usize>ldb << 2);
          let s00 = f32x4.splat(0), s01 = f32x4.splat(0), s10 = f32x4.splat(0), s11 = f32x4.splat(0);
          let s20 = f32x4.splat(0), s21 = f32x4.splat(0), s30 = f32x4.splat(0), s31 = f32x4.splat(0);
          for (let k = ks; k < ke; k += 4) {
            const o = <usize>k << 2;
            const b0 = v128.load(pb0 + o);
            const b1 = v128.load(pb1 + o);
            const a0 = v128.load(pa0 + o);
            s00 = f32x4.add(s00, f32x4.mul(a0, b0));
            s01 = f32x4.add(s01, f32x4.mul(a0, b1));
            const a1 = v128.load(pa1 + o);
            s10 = f32x4.add(s10, f32x4.mul(a1, b0));
            s11 = f32x4.add(s11, f32x4.mul(a1, b1));
            const a2 = v128.load(pa2 + o);
            s20 = f32x4.add(s20, f32x4.mul(a2, b0));
            s21 = f32x4.add(s21, f32x4.mul(a2, b1));
            const a3 = v128.load(pa3 + o);
            s30 = f32x4.add(s30, f32x4.mul(a3, b0));
            s31 = f32x4.add(s31, f32x4.mul(a3, b1));
          }
          const pc = c + ((<usize>i * <usize>ldc + <usize>j) << 2);
          store<f32>(pc, load<f32>(pc) + sign * hsum(s00));
          store<f32>(pc + 4, load<f32>(pc + 4) + sign * hsum(s01));
          store<f32>(pc + ldc4, load<f32>(pc + ldc4) + sign * hsum(s10));
          store<f32>(pc + ldc4 + 4, load<f32>(pc + ldc4 + 4) + sign * hsum(s11));
          store<f32>(pc + 2 * ldc4, load<f32>(pc + 2 * ldc4) + sign * hsum(s20));
          store<f32>(pc + 2 * ldc4 + 4, load<f32>(pc + 2 * ldc4 + 4) + sign * hsum(s21));
          store<f32>(pc + 3 * ldc4, load<f32>(pc + 3 * ldc4) + sign * hsum(s30));
          store<f32>(pc + 3 * ldc4 + 4, load<f32>(pc + 3 * ldc4 + 4) + sign * hsum(s31));
        }
        for (; j < jbEnd; j++) {
          const gj = bRow0 + j;
          if ((flags & 4) && gj > gi + 3) break;
          for (let r = 0; r < 4; r++) edge(c, ldc, a, lda, b, ldb, i + r, j, kStart(kc, gi + r, gj, flags), ke, sign);
        }
      }
      for (; i < m; i++) {
        const gi = aRow0 + i;
        for (let j = jb; j < jbEnd; j++) {
          const gj = bRow0 + j;
          if ((flags & 4) && gj > gi) break;
          edge(c, ldc, a, lda, b, ldb, i, j, kStart(kc, gi, gj, flags), ke, sign);
        }
      }
    }
  }
}

/**
 * The panel of a left-looking Cholesky below its diagonal block: for rows i in [rowFrom, rowTo) and
 * columns c in [j0, j0 + w): L[i][c] = (A[i][c] - sum_{k in [j0, c)} L[i][k] L[c][k]) / L[c][c], in
 * place (the diagonal block L[j0 .. j0 + w) is already factored; j0 a multiple of 4).
 */
export function trsmRows(l: usize, ld: i32, j0: i32, w: i32, rowFrom: i32, rowTo: i32): void {
  for (let i = rowFrom; i < rowTo; i++) {
    const pi = rowPtr(l, i, ld);
    for (let c = j0; c < j0 + w; c++) {
      const pc = rowPtr(l, c, ld);
      const v = load<f32>(pi + (<usize>c << 2)) - dot(pi, pc, j0, c);
      store<f32>(pi + (<usize>c << 2), v / load<f32>(pc + (<usize>c << 2)));
    }
  }
}

/**
 * One column block [i0, i0 + w) of U = L^-T (upper triangular, row-major): for rows j in
 * [rowFrom, rowTo), U[j][j] = 1 / L[j][j] and, for i > j in the block,
 * U[j][i] = -(U[j][i] + sum_{k in [max(j, i0), i)} L[i][k] U[j][k]) / L[i][i], where U[j][i] holds
 * on entry the part of the sum over k < i0 (from gemmNT), or 0.
 */
export function triInvRows(u: usize, l: usize, ld: i32, i0: i32, w: i32, rowFrom: i32, rowTo: i32): void {
  for (let j = rowFrom; j < rowTo; j++) {
    const pu = rowPtr(u, j, ld);
    const lo = max(j, i0);
    for (let i = lo; i < i0 + w; i++) {
      const pl = rowPtr(l, i, ld);
      const lii = load<f32>(pl + (<usize>i << 2));
      if (i == j) {
        store<f32>(pu + (<usize>i << 2), 1 / lii);
        continue;
      }
      // from lo rounded down to 4: U's entries left of its diagonal are stored zeros
      const s = load<f32>(pu + (<usize>i << 2)) + dot(pl, pu, lo & ~3, i);
      store<f32>(pu + (<usize>i << 2), -s / lii);
    }
  }
}

/**
 * EASE's weights from the lower part of P = G^-1 (leading dimension ld): out[i * n + j] =
 * -P[i][j] / P[j][j], 0 on the diagonal, written row-major with leading dimension n, for rows
 * [rowFrom, rowTo). P[i][j] for j > i is read from P[j][i] (tiled so both reads stay in cache).
 */
export function easeWeights(p: usize, ld: i32, n: i32, out: usize, rowFrom: i32, rowTo: i32): void {
  const T: i32 = 64;
  for (let ib = rowFrom; ib < rowTo; ib += T) {
    const ie = min(ib + T, rowTo);
    for (let jb = 0; jb < n; jb += T) {
      const je = min(jb + T, n);
      for (let i = ib; i < ie; i++) {
        const po = out + ((<usize>i * <usize>n) << 2);
        for (let j = jb; j < je; j++) {
          let v: f32 = 0;
          if (j < i) v = load<f32>(rowPtr(p, i, ld) + (<usize>j << 2));
          else if (j > i) v = load<f32>(rowPtr(p, j, ld) + (<usize>i << 2));
          const d = load<f32>(rowPtr(p, j, ld) + (<usize>j << 2));
          store<f32>(po + (<usize>j << 2), i == j ? 0 : -v / d);
        }
      }
    }
  }
}

/**
 * out[j] += sum over t < count of weights[t] * B[rows[t]][j] for j < n (B row-major n x n single
 * precision, unaligned rows allowed; out and weights double precision; rows int32): each product in
 * double precision, added to out in the order of t, so the result is the one plain JavaScript
 * computes, bit for bit.
 */
export function addRows(b: usize, n: i32, rows: usize, weights: usize, count: i32, out: usize): void {
  let t = 0;
  for (; t + 2 <= count; t += 2) {
    const r0 = b + ((<usize>load<i32>(rows + (<usize>t << 2)) * <usize>n) << 2);
    const r1 = b + ((<usize>load<i32>(rows + (<usize>(t + 1) << 2)) * <usize>n) << 2);
    const w0 = load<f64>(weights + (<usize>t << 3));
    const w1 = load<f64>(weights + (<usize>(t + 1) << 3));
    const v0 = f64x2.splat(w0);
    const v1 = f64x2.splat(w1);
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const x0 = v128.load(r0 + (<usize>j << 2));
      const x1 = v128.load(r1 + (<usize>j << 2));
      const po = out + (<usize>j << 3);
      let lo = v128.load(po);
      let hi = v128.load(po + 16);
      lo = f64x2.add(f64x2.add(lo, f64x2.mul(v0, f64x2.promote_low_f32x4(x0))), f64x2.mul(v1, f64x2.promote_low_f32x4(x1)));
      hi = f64x2.add(f64x2.add(hi, f64x2.mul(v0, f64x2.promote_low_f32x4(i32x4.shuffle(x0, x0, 2, 3, 0, 1)))), f64x2.mul(v1, f64x2.promote_low_f32x4(i32x4.shuffle(x1, x1, 2, 3, 0, 1))));
      v128.store(po, lo);
      v128.store(po + 16, hi);
    }
    for (; j < n; j++) {
      const po = out + (<usize>j << 3);
      store<f64>(po, load<f64>(po) + w0 * <f64>load<f32>(r0 + (<usize>j << 2)) + w1 * <f64>load<f32>(r1 + (<usize>j << 2)));
    }
  }
  for (; t < count; t++) {
    const r0 = b + ((<usize>load<i32>(rows + (<usize>t << 2)) * <usize>n) << 2);
    const w0 = load<f64>(weights + (<usize>t << 3));
    const v0 = f64x2.splat(w0);
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const x0 = v128.load(r0 + (<usize>j << 2));
      const po = out + (<usize>j << 3);
      v128.store(po, f64x2.add(v128.load(po), f64x2.mul(v0, f64x2.promote_low_f32x4(x0))));
      v128.store(po + 16, f64x2.add(v128.load(po + 16), f64x2.mul(v0, f64x2.promote_low_f32x4(i32x4.shuffle(x0, x0, 2, 3, 0, 1)))));
    }
    for (; j < n; j++) {
      const po = out + (<usize>j << 3);
      store<f64>(po, load<f64>(po) + w0 * <f64>load<f32>(r0 + (<usize>j << 2)));
    }
  }
}
