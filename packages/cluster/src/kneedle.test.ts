import { describe, expect, it } from 'vitest';
import { KNEEDLE_DEFAULTS, kneedle } from '@shopper-spectrum/cluster';
import { codeOf } from '../test/helpers.js';

describe('kneedle', () => {
  it('returns a knee or null with a reason, never a silent first point', () => {
    // worked by hand with kneed's steps: difference curve 0, .467, .489, .344, .178, 0; peak at x = 3,
    // threshold .489 - 0.2 = .289, first value below it at x = 5 -> knee 3
    expect(kneedle([1, 2, 3, 4, 5, 6], [100, 40, 20, 15, 12, 10]).knee).toBe(3);
    const flat = kneedle([1, 2, 3, 4], [10, 10, 10, 10]);
    expect(flat.knee).toBeNull();
    expect(flat.reason.length).toBeGreaterThan(10);
    const straight = kneedle([1, 2, 3, 4, 5], [5, 4, 3, 2, 1]);
    expect(straight.knee).toBeNull();
    expect(kneedle([1, 2, 3, 4, 5, 6], [1, 3, 6, 8, 9, 9.5], { curve: 'concave', direction: 'increasing' }).knee).toBe(4);
    expect(codeOf(() => kneedle([1, 2], [1, 2]))).toBe('INVALID_OPTION');
    expect(codeOf(() => kneedle([1, 3, 2], [1, 2, 3]))).toBe('INVALID_OPTION');
  });

  it('finds the knee of an increasing concave curve', () => {
    expect(kneedle([1, 2, 3, 4, 5, 6], [1, 3, 6, 8, 9, 9.5], { curve: 'concave', direction: 'increasing' }).knee).toBe(4);
  });

  it('says why when the curve is highest at an end point', () => {
    const r = kneedle([1, 2, 3, 4], [10, 1, 0.9, 0.8], { sensitivity: 10 });
    expect(r.knee).toBeNull();
    expect(r.reason.length).toBeGreaterThan(10);
  });

  it('reads its defaults from KNEEDLE_DEFAULTS, a frozen object', () => {
    expect(Object.isFrozen(KNEEDLE_DEFAULTS)).toBe(true);
    const y = [100, 40, 20, 15, 12, 10];
    expect(kneedle([1, 2, 3, 4, 5, 6], y, { ...KNEEDLE_DEFAULTS })).toEqual(kneedle([1, 2, 3, 4, 5, 6], y));
  });

  it('rejects bad options and non-finite values', () => {
    expect(codeOf(() => kneedle([1, 2, 3], [1, 2, 3], { curve: 'wavy' as never }))).toBe('INVALID_OPTION');
    expect(codeOf(() => kneedle([1, 2, 3], [1, 2, 3], { direction: 'up' as never }))).toBe('INVALID_OPTION');
    expect(codeOf(() => kneedle([1, 2, 3], [1, 2, 3], { sensitivity: -1 }))).toBe('INVALID_OPTION');
    expect(codeOf(() => kneedle([1, 2, 3], [1, Number.NaN, 3]))).toBe('INVALID_OPTION');
  });
});
