import { describe, expect, it } from 'vitest';
import { errorOf } from '../test/codeOf.js';
import { line, shop } from '../test/fixtures/shop.js';
import { parseTransactionRows } from '@shopper-spectrum/core';
import { buildInteractions, CHECKS, savedModelReader } from '@shopper-spectrum/recommend';
import type { SavedModel } from '@shopper-spectrum/recommend';

const m = buildInteractions(shop);
const saved = (state: Record<string, unknown>, options: Record<string, unknown> = {}): SavedModel => ({ kind: 'mine', options, state, matrix: m, parts: [] });

describe('savedModelReader', () => {
  it('returns fields that are what the model needs', () => {
    const r = savedModelReader(saved({ scores: Float64Array.of(1, 2, 3, 4), codes: Int32Array.of(0, 3), rows: [Float64Array.of(1)], names: ['a', 'b'] }, { days: 30 }));
    expect([...r.floats('scores', 4, 0)]).toEqual([1, 2, 3, 4]);
    expect([...r.ints('codes', 2, 0, 3)]).toEqual([0, 3]);
    expect([...r.floats('rows[0]', 1)]).toEqual([1]);
    expect(r.strings('names', 2)).toEqual(['a', 'b']);
    expect(r.option('days', CHECKS.positive)).toBe(30);
  });

  it('throws INVALID_MODEL naming the field, the value and what is allowed', () => {
    const r = savedModelReader(saved({ scores: Float64Array.of(1, NaN), codes: Int32Array.of(0, 9), names: ['a', 'a'] }, { days: -1 }));
    const cases: [() => unknown, string, string][] = [
      [() => r.floats('scores', 3), 'mine.state.scores', 'a Float64Array of 3 values'],
      [() => r.floats('scores', 2), 'mine.state.scores[1]', 'a finite number'],
      [() => r.float32s('scores', 2), 'mine.state.scores', 'a Float32Array of 2 values'],
      [() => r.ints('codes', 2, 0, 3), 'mine.state.codes[1]', 'an integer from 0 to 3'],
      [() => r.strings('names'), 'mine.state.names[1]', 'an id listed once'],
      [() => r.option('days', CHECKS.positive), 'mine.options.days', 'a positive number'],
      [() => r.floats('missing', 1), 'mine.state.missing', 'a Float64Array of 1 values'],
      [() => r.matrix('scores'), 'mine.state.scores', 'a saved interaction matrix'],
      [() => r.parts(['ease']), 'mine.parts', 'parts of kinds ease, in that order'],
      [() => r.only(['days'], ['scores']), 'mine.state.codes', 'only the fields scores'],
    ];
    for (const [read, parameter, allowed] of cases) {
      const e = errorOf(read);
      expect([e.code, e.parameter, e.allowed]).toEqual(['INVALID_MODEL', parameter, allowed]);
    }
  });

  it('checks CSR offsets and indices against the matrix', () => {
    const r = savedModelReader(saved({ indptr: Int32Array.of(0, 2, 1, 3, 3, 3), indices: Int32Array.of(0, 1, 2) }));
    expect(errorOf(() => r.offsets('indptr', 5, 3)).parameter).toBe('mine.state.indptr[2]');
    const ok = savedModelReader(saved({ indptr: Int32Array.of(0, 2, 2, 3, 3, 3), indices: Int32Array.of(1, 0, 2) }));
    const offsets = ok.offsets('indptr', 5, 3);
    expect([...ok.indices('indices', offsets, 4)]).toEqual([1, 0, 2]);
    expect(errorOf(() => ok.indices('indices', offsets, 4, true)).parameter).toBe('mine.state.indices[1]');
    expect(errorOf(() => ok.indices('indices', offsets, 2)).parameter).toBe('mine.state.indices[2]');
  });

  it('accepts a matrix of the same customers and products only', () => {
    const r = savedModelReader(saved({ same: buildInteractions(shop, { weight: 'invoices' }), other: buildInteractions(parseTransactionRows([line('1', 'u1', 'A'), line('2', 'u2', 'B')]).table) }));
    expect(r.matrix('same').customers).toEqual(m.customers);
    expect(errorOf(() => r.matrix('other')).parameter).toBe('mine.state.other');
  });
});
