import { allowedNames, resolveStrategy } from '@shopper-spectrum/internal';
import { ClusterError } from '../errors.js';
import { toMatrix } from '../matrix.js';
import type { Matrix, MatrixInput } from '../matrix.js';
import { affineFromParameters, fitLog1p, fitMinMaxScaler, fitRobustScaler, fitStandardScaler } from './scalers.js';
import { elementwise } from './transform.js';
import type { FittedTransform, TransformJSON } from './transform.js';

/**
 * The built-in transforms by name, each a `fit(X)` function; the names {@link fitPipeline} accepts.
 *
 * @example
 * ```ts
 * Object.keys(TRANSFORMS);
 * // => ['log1p', 'standard', 'minmax', 'robust']
 * ```
 */
export const TRANSFORMS = {
  /** {@link fitLog1p} */
  log1p: fitLog1p,
  /** {@link fitStandardScaler} */
  standard: fitStandardScaler,
  /** {@link fitMinMaxScaler} */
  minmax: (X: MatrixInput) => fitMinMaxScaler(X),
  /** {@link fitRobustScaler} */
  robust: fitRobustScaler,
} as const;

const invalid = (parameter: string, value: unknown, allowed: string): never => {
  throw new ClusterError('INVALID_OPTION', parameter, value, allowed);
};

/** A pipeline step: a built-in by name, or any `fit(X)` function. */
export type PipelineStep = keyof typeof TRANSFORMS | ((X: Matrix) => FittedTransform);

/**
 * Fits transforms one after the other (each on the output of the previous) and returns one
 * transform that applies them in order, and undoes them in reverse order. The usual RFM
 * preparation is `['log1p', 'standard']`. Serialisable, so a dashboard can transform a typed-in
 * R/F/M exactly as training did.
 *
 * @param X - the training rows
 * @param steps - the steps, in order
 * @returns the fitted pipeline
 * @throws {@link ClusterError} `INVALID_OPTION` for an unknown step (a name not in {@link TRANSFORMS},
 *   a function whose result is not a fitted transform) or an empty list
 * @example
 * ```ts
 * const prep = fitPipeline(rfmRows, ['log1p', 'standard']);
 * prep.inverseTransformPoint(prep.transformPoint([30, 4, 1200]));
 * // => [30, 4, 1200] (to rounding)
 * ```
 */
export function fitPipeline(X: MatrixInput, steps: readonly PipelineStep[]): FittedTransform {
  if (!Array.isArray(steps) || steps.length === 0) throw new ClusterError('INVALID_OPTION', 'steps', steps, `a non-empty list of ${allowedNames(TRANSFORMS)} or fit functions`);
  let current = toMatrix(X);
  const fitted: FittedTransform[] = [];
  for (const [i, step] of steps.entries()) {
    const fit = resolveStrategy<(X: Matrix) => FittedTransform>(TRANSFORMS, step, `steps[${i}]`, invalid);
    const t = fit(current);
    if (t === null || typeof t !== 'object' || typeof t.transform !== 'function' || typeof t.inverseTransform !== 'function' || typeof t.toJSON !== 'function') {
      invalid(`steps[${i}]`, typeof step === 'function' ? `a function returning ${t === null ? 'null' : typeof t}` : step, 'a fit function returning a fitted transform (transform, inverseTransform, toJSON)');
    }
    fitted.push(t);
    current = t.transform(current);
  }
  return chain(fitted);
}

function chain(fitted: FittedTransform[]): FittedTransform {
  const features = fitted[0]!.features;
  const forward = (X: MatrixInput) => fitted.reduce<Matrix>((m, t) => t.transform(m), toMatrix(X));
  const inverse = (X: MatrixInput) => fitted.reduceRight<Matrix>((m, t) => t.inverseTransform(m), toMatrix(X));
  const point = (f: (X: MatrixInput) => Matrix) => (x: readonly number[]) => Array.from(f([x as number[]]).data);
  return {
    kind: 'pipeline',
    features,
    transform: forward,
    inverseTransform: inverse,
    transformPoint: point(forward),
    inverseTransformPoint: point(inverse),
    toJSON: () => ({ kind: 'pipeline', features, steps: fitted.map((t) => t.toJSON()) }),
  };
}

/**
 * Rebuilds a fitted transform or pipeline from its `toJSON()`; it transforms exactly as the original.
 *
 * @param json - the serialised transform
 * @returns the transform
 * @throws {@link ClusterError} `INVALID_MODEL` for anything else
 * @example
 * ```ts
 * const copy = transformFromJSON(JSON.parse(JSON.stringify(prep.toJSON())));
 * copy.transformPoint([30, 4, 1200]);
 * // => the same values as prep.transformPoint([30, 4, 1200])
 * ```
 */
export function transformFromJSON(json: unknown): FittedTransform {
  const j = json as Partial<TransformJSON> | null;
  const bad = () => new ClusterError('INVALID_MODEL', 'json', json, 'the output of a fitted transform toJSON()');
  if (j === null || typeof j !== 'object' || !Number.isInteger(j.features) || j.features! < 1) throw bad();
  const vec = (v: unknown): number[] => {
    if (!Array.isArray(v) || v.length !== j.features || !v.every((x) => Number.isFinite(x))) throw bad();
    return v as number[];
  };
  switch (j.kind) {
    case 'log1p':
      return elementwise('log1p', j.features!, Math.log1p, Math.expm1, () => ({ kind: 'log1p', features: j.features! }));
    case 'standard':
    case 'minmax':
    case 'robust':
      return affineFromParameters(j.kind, vec(j.offset), vec(j.scale), vec(j.shift));
    case 'pipeline':
      if (!Array.isArray(j.steps) || j.steps.length === 0) throw bad();
      return chain(j.steps.map((s) => transformFromJSON(s)));
    default:
      throw bad();
  }
}
