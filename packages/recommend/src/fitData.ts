import type { TransactionTable } from '@shopper-spectrum/core';
import type { FitData } from './definition.js';
import { RecommendError } from './errors.js';
import { buildInteractions, resolveInteractionOptions } from './interactions.js';
import type { InteractionMatrix, InteractionOptions } from './interactions.js';

/** What a recommender can be fitted on: a cleaned table, an interaction matrix, or {@link FitData}. */
export type FitSource = TransactionTable | InteractionMatrix | FitData;

const isMatrix = (v: object): v is InteractionMatrix => 'indptr' in v && 'customerIndex' in v && 'items' in v;
const isTable = (v: object): v is TransactionTable => 'columns' in v && 'dictionaries' in v && 'length' in v;
const isFitData = (v: object): v is FitData => typeof (v as { interactions?: unknown }).interactions === 'function' && 'table' in v;

/**
 * The data to fit recommenders on, from a cleaned transaction table (each model builds the matrix it
 * needs, once per weighting and decay, shared by every model fitted on the same `FitData`) or from an
 * interaction matrix (every model uses it as it is; the learned ranker, which needs dates, refuses
 * it). A `FitData` is returned as is.
 *
 * @param source - a cleaned table, an interaction matrix, or fit data
 * @returns the fit data
 * @throws {@link RecommendError} `INVALID_ARGUMENT` for anything else
 * @example
 * ```ts
 * const data = fitData(train);
 * data.interactions({ weight: 'invoices' }) === data.interactions({ weight: 'invoices' });
 * // => true (built once)
 * ```
 */
export function fitData(source: FitSource): FitData {
  if (source === null || typeof source !== 'object') throw new RecommendError('INVALID_ARGUMENT', 'data', source, 'a TransactionTable, an InteractionMatrix or FitData');
  if (isFitData(source)) return source;
  if (isMatrix(source)) return { table: null, interactions: () => source };
  if (!isTable(source)) throw new RecommendError('INVALID_ARGUMENT', 'data', source, 'a TransactionTable, an InteractionMatrix or FitData');
  const built = new Map<string, InteractionMatrix>();
  return {
    table: source,
    interactions(options: InteractionOptions = {}) {
      const resolved = resolveInteractionOptions(options);
      const key = `${resolved.weight}|${resolved.halfLifeDays}`;
      let m = built.get(key);
      if (!m) built.set(key, (m = buildInteractions(source, resolved)));
      return m;
    },
  };
}

/**
 * Internal: the matrix a definition fits on: its default interaction options overridden by the ones
 * given (`{ halfLifeDays: 180 }` keeps the model's weight).
 */
export function matrixFor(data: FitData, given: InteractionOptions | undefined, defaults: InteractionOptions): InteractionMatrix {
  if (given !== undefined && (given === null || typeof given !== 'object')) throw new RecommendError('INVALID_OPTION', 'interactions', given, '{ weight, halfLifeDays }');
  return data.interactions({ ...defaults, ...given });
}
