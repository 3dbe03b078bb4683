import { invalidOption } from './errors.js';

/** One histogram bin: values `x` with `x0 <= x < x1` (the last bin also holds `x1`). */
export interface HistogramBin {
  /** Lower edge (inclusive). */
  readonly x0: number;
  /** Upper edge (exclusive, except for the last bin). */
  readonly x1: number;
  /** Values in the bin. */
  readonly count: number;
}

/** Options of {@link histogram}. */
export interface HistogramOptions {
  /**
   * Number of bins.
   * @defaultValue {@link HISTOGRAM_DEFAULTS | HISTOGRAM_DEFAULTS.bins} (`20`)
   */
  readonly bins?: number;
  /**
   * `'linear'`: equal-width bins; `'log'`: equal width in log10, for skewed positive data such as
   * spend (values <= 0 are then counted in `excluded`).
   * @defaultValue {@link HISTOGRAM_DEFAULTS | HISTOGRAM_DEFAULTS.scale} (`'linear'`)
   */
  readonly scale?: 'linear' | 'log';
  /**
   * `[min, max]` of the binned range; values outside it are counted in `excluded`.
   * @defaultValue computed from the data: its min and max (of the positive values on the log scale)
   */
  readonly domain?: readonly [number, number];
}

/**
 * The defaults of {@link histogram}, in one place: 20 equal-width bins on a linear scale. The domain
 * has no fixed default: it is computed from the data.
 *
 * @example
 * ```ts
 * HISTOGRAM_DEFAULTS;
 * // => { bins: 20, scale: 'linear' }
 * ```
 */
export const HISTOGRAM_DEFAULTS: Readonly<Required<Pick<HistogramOptions, 'bins' | 'scale'>>> = Object.freeze({
  bins: 20,
  scale: 'linear',
});

/** A histogram and the values it could not place. */
export interface Histogram {
  /** The bins, low to high. */
  readonly bins: readonly HistogramBin[];
  /** Values outside the domain, NaN, or (log scale) not positive. */
  readonly excluded: number;
}

/**
 * Counts values into equal-width bins (linear or log10), d3-array's `bin()` edge convention
 * (lower edge inclusive, the last bin closed). O(n + bins).
 *
 * @param values - the values
 * @param options - bin count, scale, domain
 * @returns the bins and the count of excluded values
 * @throws {@link CoreError} `INVALID_OPTION` for a bin count that is not a positive integer, an
 *   unknown scale, or a domain whose lower bound exceeds its upper bound
 * @example
 * ```ts
 * histogram([1, 2, 2, 3], { bins: 2 }).bins;
 * // => [{ x0: 1, x1: 2, count: 1 }, { x0: 2, x1: 3, count: 3 }]
 * ```
 */
export function histogram(values: ArrayLike<number>, options: HistogramOptions = {}): Histogram {
  const binCount = options.bins ?? HISTOGRAM_DEFAULTS.bins;
  if (!Number.isInteger(binCount) || binCount < 1) invalidOption('bins', binCount, 'a positive integer');
  const scale = options.scale ?? HISTOGRAM_DEFAULTS.scale;
  if (scale !== 'linear' && scale !== 'log') invalidOption('scale', scale, "'linear' or 'log'");
  const t = scale === 'log' ? Math.log10 : (x: number) => x;
  const usable = (x: number) => !Number.isNaN(x) && (scale === 'linear' || x > 0);
  let lo: number;
  let hi: number;
  if (options.domain) {
    [lo, hi] = options.domain;
    if (!(lo <= hi) || (scale === 'log' && !(lo > 0))) invalidOption('domain', options.domain, 'a [min, max] pair with min <= max (min > 0 on the log scale)');
  } else {
    lo = Infinity;
    hi = -Infinity;
    for (let i = 0; i < values.length; i++) {
      const x = values[i]!;
      if (!usable(x)) continue;
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
  }
  if (lo > hi) return { bins: [], excluded: values.length };
  const a = t(lo);
  const b = t(hi);
  const width = (b - a) / binCount;
  const counts = new Float64Array(binCount);
  let excluded = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (!usable(x) || x < lo || x > hi) {
      excluded++;
      continue;
    }
    let k = width === 0 ? 0 : Math.floor((t(x) - a) / width);
    if (k >= binCount) k = binCount - 1;
    if (k < 0) k = 0;
    counts[k]!++;
  }
  const edge = (k: number) => (k === binCount ? hi : scale === 'log' ? 10 ** (a + k * width) : a + k * width);
  const bins: HistogramBin[] = [];
  for (let k = 0; k < binCount; k++) bins.push({ x0: k === 0 ? lo : edge(k), x1: edge(k + 1), count: counts[k]! });
  return { bins, excluded };
}
