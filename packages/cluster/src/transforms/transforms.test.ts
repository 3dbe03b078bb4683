import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitLog1p, fitMinMaxScaler, fitPipeline, fitRobustScaler, fitStandardScaler, toMatrix, transformFromJSON, TRANSFORMS } from '@shopper-spectrum/cluster';
import { FOUR } from '../../test/fixtures/blobs.js';
import { codeOf, errorOf } from '../../test/helpers.js';

describe('transforms', () => {
  it('inverse(transform(x)) returns x (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: 0, max: 1e5, noNaN: true }), fc.double({ min: 0, max: 400, noNaN: true })), { minLength: 2, maxLength: 30 }), fc.constantFrom(['log1p', 'standard'], ['minmax'], ['robust'], ['log1p', 'robust']), (rows, steps) => {
        const X = rows.map(([a, b]) => [a, b]);
        const t = fitPipeline(X, steps as never);
        const back = t.inverseTransform(t.transform(X)).data;
        toMatrix(X).data.forEach((v, i) => expect(back[i]!).toBeCloseTo(v, 6 - Math.max(0, Math.floor(Math.log10(Math.max(1, Math.abs(v)))))));
      }),
    );
  });

  it('serialises to JSON and transforms identically after loading', () => {
    const t = fitPipeline(FOUR.map((r) => r.map(Math.abs)), ['log1p', 'standard']);
    const copy = transformFromJSON(JSON.parse(JSON.stringify(t.toJSON())));
    expect(copy.transformPoint([1, 2, 3])).toEqual(t.transformPoint([1, 2, 3]));
    expect(codeOf(() => transformFromJSON({ kind: 'standard', features: 2, offset: [1], scale: [1, 1], shift: [0, 0] }))).toBe('INVALID_MODEL');
  });

  it('rejects values log1p cannot take, wrong widths and unknown steps', () => {
    expect(codeOf(() => fitPipeline([[-2]], ['log1p']))).toBe('NON_FINITE');
    expect(codeOf(() => fitPipeline([[1, 2]], ['standard']).transform([[1]]))).toBe('DIMENSION_MISMATCH');
    expect(codeOf(() => fitPipeline([[1]], ['zscore' as never]))).toBe('INVALID_OPTION');
    expect(codeOf(() => fitPipeline([[1]], []))).toBe('INVALID_OPTION');
    // names of Object.prototype are not steps (they used to be looked up and fail with a TypeError)
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const e = errorOf(() => fitPipeline([[1]], [name as never]));
      expect([e.code, e.parameter, e.value]).toEqual(['INVALID_OPTION', 'steps[0]', name]);
    }
    expect(errorOf(() => fitPipeline([[1]], ['log1p', 'constructor' as never])).parameter).toBe('steps[1]');
    expect(codeOf(() => fitPipeline([[1]], [42 as never]))).toBe('INVALID_OPTION');
    // a fit function that does not return a fitted transform
    expect(codeOf(() => fitPipeline([[1]], [() => ({}) as never]))).toBe('INVALID_OPTION');
    expect(codeOf(() => fitPipeline([[1]], [() => null as never]))).toBe('INVALID_OPTION');
  });

  it('fits each scaler as scikit-learn on a small column (worked by hand)', () => {
    expect(fitLog1p([[0, 9]]).transformPoint([0, 9])).toEqual([0, Math.log(10)]);
    expect(fitStandardScaler([[1], [3]]).transformPoint([3])).toEqual([1]);
    expect(fitMinMaxScaler([[2], [4]]).transformPoint([3])).toEqual([0.5]);
    expect(fitMinMaxScaler([[2], [4]], [-1, 1]).transformPoint([4])).toEqual([1]);
    expect(fitRobustScaler([[1], [2], [3], [4], [100]]).transformPoint([3])).toEqual([0]);
  });

  it('keeps scale 1 for a constant feature', () => {
    expect(fitStandardScaler([[5], [5]]).transformPoint([6])).toEqual([1]);
  });

  it('lists its built-ins in TRANSFORMS', () => {
    expect(Object.keys(TRANSFORMS)).toEqual(['log1p', 'standard', 'minmax', 'robust']);
    expect(codeOf(() => fitMinMaxScaler([[1]], [1, 0]))).toBe('INVALID_OPTION');
  });
});
