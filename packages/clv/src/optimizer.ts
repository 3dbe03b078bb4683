/**
 * The optimiser every model fit uses: BFGS (quasi-Newton) on the log parameters, with a backtracking
 * Armijo line search and the first-step Hessian scaling of Nocedal and Wright (2006, eq. 6.20).
 *
 * Why BFGS: the BTYD likelihoods are smooth in the log parameters, have three or four parameters and
 * analytic gradients (Pareto/NBD's through the term-by-term derivatives of its 2F1 series), so a
 * quasi-Newton method converges in 20-40 gradient evaluations where Nelder-Mead (lifetimes' choice) needs several hundred likelihood
 * evaluations; a full Newton method would need the Hessian at every step, which costs more than the
 * iterations it saves. Working on log parameters keeps every parameter positive without bounds.
 */

/** The objective: fills `gradient` at `x` and returns the value (NaN or Infinity where undefined). */
export type Objective = (x: Float64Array, gradient: Float64Array) => number;

/** Options of {@link minimizeBfgs}. */
export interface BfgsOptions {
  /** Most iterations. */
  readonly maxIterations: number;
  /** Convergence when the largest gradient component is below this. */
  readonly tolerance: number;
}

/** What {@link minimizeBfgs} found. */
export interface BfgsResult {
  /** The minimiser found. */
  readonly x: Float64Array;
  /** The objective there. */
  readonly value: number;
  /** The gradient there. */
  readonly gradient: Float64Array;
  /** Iterations done. */
  readonly iterations: number;
  /** Objective evaluations (each with its gradient). */
  readonly evaluations: number;
  /** Whether the largest gradient component fell below `tolerance`. */
  readonly converged: boolean;
  /** Why the optimiser stopped, in words. */
  readonly message: string;
}

const infNorm = (g: Float64Array) => {
  let m = 0;
  for (let i = 0; i < g.length; i++) m = Math.max(m, Math.abs(g[i]!));
  return m;
};

/**
 * Minimises a smooth function of a few variables by BFGS with a backtracking Armijo line search
 * (sufficient decrease 1e-4, halving, at most 60 halvings); a step to a point where the objective is
 * not finite is halved like one that does not decrease. The inverse-Hessian estimate is reset to the
 * identity when a direction is not a descent direction. Stops when the largest gradient component is
 * below `tolerance` (converged), after `maxIterations`, when no step decreases the objective, or
 * when the objective has changed by less than 1e-15 (relative) for 10 iterations (a parameter walking
 * to a boundary along a flat ridge); only the first counts as converged.
 * O(iterations x (cost of the objective + d^2)).
 *
 * @param objective - value and gradient
 * @param start - the starting point (not modified)
 * @param options - `maxIterations`, `tolerance`
 * @returns the minimiser, value, gradient and the convergence report
 */
export function minimizeBfgs(objective: Objective, start: ArrayLike<number>, options: BfgsOptions): BfgsResult {
  const d = start.length;
  let x = Float64Array.from(start);
  let g = new Float64Array(d);
  let f = objective(x, g);
  let evaluations = 1;
  const H = identity(d);
  let scaled = false;
  const p = new Float64Array(d);
  let xNew = new Float64Array(d);
  let gNew = new Float64Array(d);
  const s = new Float64Array(d);
  const y = new Float64Array(d);
  const Hy = new Float64Array(d);
  if (!Number.isFinite(f)) return { x, value: f, gradient: g, iterations: 0, evaluations, converged: false, message: 'the objective is not finite at the starting point' };
  let iterations = 0;
  let message = `stopped after maxIterations = ${options.maxIterations}`;
  let converged = false;
  let flat = 0;
  for (; iterations < options.maxIterations; iterations++) {
    if (infNorm(g) < options.tolerance) {
      converged = true;
      message = `gradient below tolerance ${options.tolerance}`;
      break;
    }
    let slope = 0;
    for (let i = 0; i < d; i++) {
      let v = 0;
      for (let j = 0; j < d; j++) v -= H[i * d + j]! * g[j]!;
      p[i] = v;
      slope += v * g[i]!;
    }
    if (!(slope < 0)) {
      resetIdentity(H, d);
      scaled = false;
      slope = 0;
      for (let i = 0; i < d; i++) {
        p[i] = -g[i]!;
        slope -= g[i]! * g[i]!;
      }
    }
    // a first step of at most 1 in each log parameter
    let step = Math.min(1, 1 / Math.max(infNorm(p), 1e-300));
    let accepted = false;
    let fNew = NaN;
    for (let halvings = 0; halvings < 60; halvings++) {
      for (let i = 0; i < d; i++) xNew[i] = x[i]! + step * p[i]!;
      fNew = objective(xNew, gNew);
      evaluations++;
      if (Number.isFinite(fNew) && fNew <= f + 1e-4 * step * slope) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) {
      if (!isIdentity(H, d)) {
        resetIdentity(H, d);
        scaled = false;
        continue;
      }
      message = 'no step along the gradient decreases the objective (at the limit of double precision)';
      break;
    }
    let sy = 0;
    let yy = 0;
    for (let i = 0; i < d; i++) {
      s[i] = xNew[i]! - x[i]!;
      y[i] = gNew[i]! - g[i]!;
      sy += s[i]! * y[i]!;
      yy += y[i]! * y[i]!;
    }
    [x, xNew] = [xNew, x];
    [g, gNew] = [gNew, g];
    flat = f - fNew <= 1e-15 * Math.max(1, Math.abs(f)) ? flat + 1 : 0;
    f = fNew;
    if (flat >= 10) {
      message = 'the objective stopped changing for 10 iterations (a flat likelihood: a parameter may be heading to a boundary, such as a Gamma or Beta distribution degenerating)';
      break;
    }
    if (sy > 1e-300 && yy > 0) {
      if (!scaled) {
        // Nocedal and Wright (6.20): scale the identity before the first update
        const gamma = sy / yy;
        for (let i = 0; i < d * d; i++) H[i]! *= gamma;
        scaled = true;
      }
      let yHy = 0;
      for (let i = 0; i < d; i++) {
        let v = 0;
        for (let j = 0; j < d; j++) v += H[i * d + j]! * y[j]!;
        Hy[i] = v;
        yHy += v * y[i]!;
      }
      const rho = 1 / sy;
      const coef = (1 + rho * yHy) * rho;
      for (let i = 0; i < d; i++) {
        for (let j = 0; j < d; j++) H[i * d + j]! += coef * s[i]! * s[j]! - rho * (Hy[i]! * s[j]! + s[i]! * Hy[j]!);
      }
    }
  }
  if (!converged && infNorm(g) < options.tolerance) {
    converged = true;
    message = `gradient below tolerance ${options.tolerance}`;
  }
  return { x, value: f, gradient: g, iterations, evaluations, converged, message };
}

function identity(d: number): Float64Array {
  const H = new Float64Array(d * d);
  resetIdentity(H, d);
  return H;
}

function resetIdentity(H: Float64Array, d: number): void {
  H.fill(0);
  for (let i = 0; i < d; i++) H[i * d + i] = 1;
}

function isIdentity(H: Float64Array, d: number): boolean {
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) if (H[i * d + j] !== (i === j ? 1 : 0)) return false;
  return true;
}

/**
 * The Hessian of an objective at a point by central differences of its gradient (step 1e-4 in
 * each variable), symmetrised. O(d) gradient evaluations.
 *
 * @param objective - value and gradient
 * @param x - the point
 * @returns the d x d Hessian, row-major
 */
export function hessianAt(objective: Objective, x: Float64Array): Float64Array {
  const d = x.length;
  const H = new Float64Array(d * d);
  const probe = Float64Array.from(x);
  const up = new Float64Array(d);
  const down = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    const h = 1e-4;
    probe[j] = x[j]! + h;
    objective(probe, up);
    probe[j] = x[j]! - h;
    objective(probe, down);
    probe[j] = x[j]!;
    for (let i = 0; i < d; i++) H[i * d + j] = (up[i]! - down[i]!) / (2 * h);
  }
  for (let i = 0; i < d; i++) {
    for (let j = i + 1; j < d; j++) {
      const m = 0.5 * (H[i * d + j]! + H[j * d + i]!);
      H[i * d + j] = m;
      H[j * d + i] = m;
    }
  }
  return H;
}

/**
 * The inverse of a small symmetric matrix by Gauss-Jordan elimination with partial pivoting; null
 * when it is singular.
 *
 * @param A - d x d, row-major (not modified)
 * @param d - the size
 * @returns the inverse, or null
 */
export function invert(A: Float64Array, d: number): Float64Array | null {
  const M = Float64Array.from(A);
  const inv = identity(d);
  for (let c = 0; c < d; c++) {
    let pivot = c;
    for (let r = c + 1; r < d; r++) if (Math.abs(M[r * d + c]!) > Math.abs(M[pivot * d + c]!)) pivot = r;
    const pv = M[pivot * d + c]!;
    if (!(Math.abs(pv) > 1e-300)) return null;
    if (pivot !== c) {
      for (let k = 0; k < d; k++) {
        [M[c * d + k], M[pivot * d + k]] = [M[pivot * d + k]!, M[c * d + k]!];
        [inv[c * d + k], inv[pivot * d + k]] = [inv[pivot * d + k]!, inv[c * d + k]!];
      }
    }
    for (let k = 0; k < d; k++) {
      M[c * d + k]! /= pv;
      inv[c * d + k]! /= pv;
    }
    for (let r = 0; r < d; r++) {
      if (r === c) continue;
      const f = M[r * d + c]!;
      if (f === 0) continue;
      for (let k = 0; k < d; k++) {
        M[r * d + k]! -= f * M[c * d + k]!;
        inv[r * d + k]! -= f * inv[c * d + k]!;
      }
    }
  }
  return inv;
}
