import { Matrix as MlMatrix, MatrixSubView } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { agglomerative, chooseK, kmeans, toMatrix, toRows } from '@shopper-spectrum/cluster';
import { FOUR } from '../test/fixtures/blobs.js';
import { codeOf, errorOf } from '../test/helpers.js';

describe('toMatrix', () => {
  it('packs rows into a row-major Float64Array', () => {
    const m = toMatrix([[1, 2], [3, 4], [5, 6]]);
    expect([m.rows, m.cols]).toEqual([3, 2]);
    expect([...m.data]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(toRows(m)).toEqual([[1, 2], [3, 4], [5, 6]]);
  });

  it('returns a Matrix as is, without copying', () => {
    const m = { rows: 1, cols: 2, data: Float64Array.of(1, 2) };
    expect(toMatrix(m)).toBe(m);
  });

  it('reads an ml-matrix Matrix (and its views) through get(i, j)', () => {
    const ml = new MlMatrix([[1, 2], [3, 4], [5, 6]]);
    expect([...toMatrix(ml).data]).toEqual([1, 2, 3, 4, 5, 6]);
    expect([...toMatrix(ml.transpose()).data]).toEqual([1, 3, 5, 2, 4, 6]);
    expect(toRows(toMatrix(new MatrixSubView(ml, 1, 2, 0, 1)))).toEqual([[3, 4], [5, 6]]);
  });

  it('reads a matrix with only to2DArray()', () => {
    const like = { rows: 2, columns: 1, to2DArray: () => [[7], [8]] };
    expect([...toMatrix(like).data]).toEqual([7, 8]);
    expect(codeOf(() => toMatrix({ rows: 3, columns: 1, to2DArray: () => [[7], [8]] }))).toBe('RAGGED_MATRIX');
  });

  it('lets every algorithm take an ml-matrix Matrix', () => {
    const ml = new MlMatrix(FOUR);
    expect([...kmeans(ml, { k: 4, seed: 3 }).labels]).toEqual([...kmeans(FOUR, { k: 4, seed: 3 }).labels]);
    expect(agglomerative(ml).linkageMatrix()).toEqual(agglomerative(FOUR).linkageMatrix());
    expect(chooseK(ml, { kRange: [2, 5] }).k).toBe(chooseK(FOUR, { kRange: [2, 5] }).k);
  });

  it('rejects empty, ragged and non-finite input with the place of the problem', () => {
    expect(codeOf(() => toMatrix([]))).toBe('EMPTY_INPUT');
    expect(codeOf(() => toMatrix([[]]))).toBe('EMPTY_INPUT');
    expect(codeOf(() => toMatrix({ rows: 0, cols: 2, data: new Float64Array(0) }))).toBe('EMPTY_INPUT');
    expect(codeOf(() => toMatrix(new MlMatrix(0, 0)))).toBe('EMPTY_INPUT');
    expect(codeOf(() => toMatrix('rows' as never))).toBe('EMPTY_INPUT');
    expect(errorOf(() => toMatrix([[1, 2], [3]])).parameter).toBe('X[1]');
    expect(codeOf(() => toMatrix({ rows: 2, cols: 2, data: new Float64Array(3) }))).toBe('RAGGED_MATRIX');
    expect(errorOf(() => toMatrix([[1, 2], [3, Number.NaN]])).parameter).toBe('X[1][1]');
    expect(errorOf(() => toMatrix(new MlMatrix([[1, Infinity]]))).parameter).toBe('X[0][1]');
  });

  it('takes typed-array rows (Float64Array, Float32Array, Int32Array...) as array rows', () => {
    const typed = toMatrix([Float64Array.of(1, 2), Float32Array.of(3, 4), Int32Array.of(5, 6)]);
    expect([typed.rows, typed.cols]).toEqual([3, 2]);
    expect([...typed.data]).toEqual([1, 2, 3, 4, 5, 6]);
    const rows = FOUR.map((r) => Float64Array.from(r));
    expect([...kmeans(rows, { k: 4, seed: 3 }).labels]).toEqual([...kmeans(FOUR, { k: 4, seed: 3 }).labels]);
    expect(errorOf(() => toMatrix([Float64Array.of(1, 2), Float64Array.of(3)])).parameter).toBe('X[1]');
    expect(codeOf(() => toMatrix([new Float64Array(0)]))).toBe('EMPTY_INPUT');
    // not rows: a DataView, BigInt64Array, a number
    expect(codeOf(() => toMatrix([new DataView(new ArrayBuffer(16))] as never))).toBe('EMPTY_INPUT');
    expect(codeOf(() => toMatrix([[1], BigInt64Array.of(1n)] as never))).toBe('RAGGED_MATRIX');
    expect(errorOf(() => toMatrix([5] as never)).allowed).toMatch(/array or typed array/);
  });

  it('refuses a Matrix whose rows or cols are not whole numbers', () => {
    expect(codeOf(() => toMatrix({ rows: 2.5, cols: 2, data: new Float64Array(5) }))).toBe('EMPTY_INPUT');
    expect(codeOf(() => toMatrix({ rows: 4, cols: 0.5, data: new Float64Array(2) }))).toBe('EMPTY_INPUT');
    expect(codeOf(() => toMatrix({ rows: '2', cols: 1, data: new Float64Array(2) } as never))).toBe('EMPTY_INPUT');
    expect(codeOf(() => toMatrix({ rows: Number.NaN, cols: 1, data: new Float64Array(0) }))).toBe('EMPTY_INPUT');
  });
});
