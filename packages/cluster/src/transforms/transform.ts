import { ClusterError } from '../errors.js';
import { checkPoint, toMatrix } from '../matrix.js';
import type { Matrix, MatrixInput } from '../matrix.js';

/** The serialised form of a fitted transform: its kind and per-feature parameters. */
export interface TransformJSON {
  /** The transform's name. */
  readonly kind: 'log1p' | 'standard' | 'minmax' | 'robust' | 'pipeline';
  /** Number of features it was fitted on. */
  readonly features: number;
  /** Per-feature offset subtracted first (centre, min...). */
  readonly offset?: number[];
  /** Per-feature divisor applied after the offset. */
  readonly scale?: number[];
  /** For min-max: the target range start added last. */
  readonly shift?: number[];
  /** For pipelines: the steps in order. */
  readonly steps?: TransformJSON[];
}

/** A fitted transform: applies to new rows exactly as to the training rows, and back. */
export interface FittedTransform {
  /** The transform's name. */
  readonly kind: TransformJSON['kind'];
  /** Number of features. */
  readonly features: number;
  /** Transforms rows. */
  transform(X: MatrixInput): Matrix;
  /** Undoes `transform`. */
  inverseTransform(X: MatrixInput): Matrix;
  /** Transforms one point. */
  transformPoint(x: readonly number[]): number[];
  /** Undoes `transformPoint`. */
  inverseTransformPoint(x: readonly number[]): number[];
  /** Parameters as JSON ({@link transformFromJSON} reads them back). */
  toJSON(): TransformJSON;
}

/** Builds a FittedTransform from per-value forward and inverse functions of (value, feature). */
export function elementwise(
  kind: TransformJSON['kind'],
  features: number,
  forward: (v: number, j: number) => number,
  inverse: (v: number, j: number) => number,
  json: () => TransformJSON,
): FittedTransform {
  const apply = (X: MatrixInput, f: (v: number, j: number) => number, name: string): Matrix => {
    const m = toMatrix(X);
    if (m.cols !== features) throw new ClusterError('DIMENSION_MISMATCH', 'X', `${m.cols} columns`, `${features} columns, as fitted`);
    const out = new Float64Array(m.data.length);
    for (let i = 0; i < m.data.length; i++) {
      const v = f(m.data[i]!, i % features);
      if (!Number.isFinite(v)) throw new ClusterError('NON_FINITE', `X[${Math.floor(i / features)}][${i % features}]`, m.data[i], `values ${name} maps to finite numbers`);
      out[i] = v;
    }
    return { rows: m.rows, cols: features, data: out };
  };
  return {
    kind,
    features,
    transform: (X) => apply(X, forward, kind),
    inverseTransform: (X) => apply(X, inverse, `the inverse of ${kind}`),
    transformPoint: (x) => Array.from(apply({ rows: 1, cols: features, data: Float64Array.from(checkPoint(x, features)) }, forward, kind).data),
    inverseTransformPoint: (x) => Array.from(apply({ rows: 1, cols: features, data: Float64Array.from(checkPoint(x, features)) }, inverse, `the inverse of ${kind}`).data),
    toJSON: json,
  };
}

/** Per-column values of a matrix, sorted ascending. */
export function sortedColumn(m: Matrix, j: number): Float64Array {
  const col = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) col[i] = m.data[i * m.cols + j]!;
  return col.sort();
}

/** scikit-learn's `_handle_zeros_in_scale`: a zero (or near-zero) scale becomes 1. */
export function safeScale(s: number): number {
  return s < 10 * Number.EPSILON ? 1 : s;
}
