import type { TransactionTable } from '@shopper-spectrum/core';
import { optionsObject, withDefaults } from './checks.js';
import { argumentHint, checkMatrix, checkTableArgument, isFitData, looksLikeMatrix } from './checkMatrix.js';
import type { FitData } from './definition.js';
import { RecommendError } from './errors.js';
import { buildInteractions, resolveInteractionOptions } from './interactions.js';
import type { InteractionMatrix, InteractionOptions } from './interactions.js';

/** What a recommender can be fitted on: a cleaned table, an interaction matrix, or {@link FitData}. */
export type FitSource = TransactionTable | InteractionMatrix | FitData;

const ALLOWED = 'a TransactionTable, an InteractionMatrix or FitData';

/**
 * The data to fit recommenders on, from a cleaned transaction table (each model builds the matrix it
 * needs, once per weighting and decay, shared by every model fitted on the same `FitData`) or from an
 * interaction matrix (every model uses it as it is; the learned ranker, which needs dates, refuses
 * it). A `FitData` is returned as is.
 *
 * @param source - a cleaned table, an interaction matrix, or fit data
 * @returns the fit data
 * @throws {@link RecommendError} `INVALID_ARGUMENT` for anything else, saying what to pass for the
 * usual slips (a whole `{ table, report }` result: its `.table`)
 * @example
 * ```ts
 * const data = fitData(train);
 * data.interactions({ weight: 'invoices' }) === data.interactions({ weight: 'invoices' });
 * // => true (built once)
 * ```
 */
export function fitData(source: FitSource): FitData {
  if (isFitData(source)) return source;
  if (looksLikeMatrix(source)) {
    const matrix = checkMatrix(source, 'data');
    return { table: null, interactions: () => matrix };
  }
  let table: TransactionTable;
  try {
    table = checkTableArgument(source, 'data');
  } catch (e) {
    const hint = argumentHint(source, 'data');
    throw new RecommendError('INVALID_ARGUMENT', 'data', source, ALLOWED, hint ? { detail: hint, cause: e } : { cause: e });
  }
  const built = new Map<string, InteractionMatrix>();
  return {
    table,
    interactions(options: InteractionOptions = {}) {
      const resolved = resolveInteractionOptions(options);
      const key = `${resolved.weight}|${resolved.halfLifeDays}`;
      let m = built.get(key);
      if (!m) built.set(key, (m = buildInteractions(table, resolved)));
      return m;
    },
  };
}

/**
 * Internal: checks what a definition's `fit` is called with (`fitRecommender` passes fit data and
 * merged options; a direct call passes what the caller gives).
 */
export function checkFitData(data: unknown): FitData {
  if (isFitData(data)) return data;
  const hint = argumentHint(data, 'data');
  throw new RecommendError('INVALID_ARGUMENT', 'data', data, 'FitData (what fitData(table) returns)', {
    detail: hint || 'A definition is fitted through fitRecommender(kind, data), which makes it.',
  });
}

/**
 * Internal: the matrix a definition fits on and its other options: the data and options checked,
 * the definition's default interaction options overridden by the ones given (`{ halfLifeDays: 180 }`
 * keeps the model's weight; an option given as `undefined` keeps the default).
 */
export function fitInputs<O extends { readonly interactions?: InteractionOptions }>(data: FitData, options: O | undefined, defaults: InteractionOptions): { matrix: InteractionMatrix; options: Omit<O, 'interactions'> } {
  const fd = checkFitData(data);
  const { interactions, ...rest } = optionsObject(options);
  if (interactions !== undefined && (interactions === null || typeof interactions !== 'object' || Array.isArray(interactions))) throw new RecommendError('INVALID_OPTION', 'interactions', interactions, '{ weight, halfLifeDays }');
  return { matrix: fd.interactions(withDefaults(defaults, interactions ?? {})), options: rest };
}
