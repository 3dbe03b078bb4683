/**
 * `@shopper-spectrum/internal`: what every package shares, written once and bundled into each at
 * build time (never installed on its own).
 *
 * @packageDocumentation
 */
export { ShopperSpectrumError, ParameterError, isShopperSpectrumError, describeValue, invalidMessage } from './errors.js';
export type { ErrorDetails, ErrorJSON } from './errors.js';
export { SeededRandom } from './random.js';
export { selectTop, topIndices, TOP_SAMPLE } from './topK.js';
export type { SelectTopOptions } from './topK.js';
export { quantileSorted } from './quantile.js';
export { allowedNames, resolveStrategy, unreachable } from './strategy.js';
