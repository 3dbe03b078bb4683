import { checkTable } from '@shopper-spectrum/core';
import type { TransactionTable } from '@shopper-spectrum/core';
import type { FitData } from './definition.js';
import { RecommendError } from './errors.js';
import type { InteractionMatrix } from './interactions.js';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object';

/** Internal: whether a value is a table `checkTable` accepts (for hints only: the check itself is core's). */
const isTable = (v: unknown): v is TransactionTable => {
  try {
    checkTable(v);
    return true;
  } catch {
    return false;
  }
};

/** Internal: whether a value is fit data (what `fitData` returns). */
export const isFitData = (v: unknown): v is FitData => isObject(v) && typeof v.interactions === 'function' && 'table' in v;

/** Internal: whether a value claims to be an interaction matrix (then {@link checkMatrix} says what is wrong with it). */
export const looksLikeMatrix = (v: unknown): boolean => isObject(v) && 'indptr' in v && 'customerIndex' in v && 'items' in v;

/**
 * Internal: what to pass instead of a wrong argument, for the usual slips (a table where a matrix
 * goes, a whole `{ table, report }` result, fit data, CSR parts, a fitted model), as a sentence; `''`
 * when the value is none of them.
 *
 * @param value - the argument
 * @param wanted - what the function takes
 */
export function argumentHint(value: unknown, wanted: 'matrix' | 'data' | 'table'): string {
  if (!isObject(value)) return '';
  if (wanted === 'matrix' && isTable(value)) return 'Got a TransactionTable: pass buildInteractions(table), or use fitRecommender(kind, table).';
  if (isFitData(value)) return wanted === 'table' ? 'Got FitData: pass its .table.' : 'Got FitData: pass data.interactions(), or use fitRecommender(kind, data).';
  if (wanted !== 'table' && !isTable(value) && isTable(value.table)) {
    const keys = Object.keys(value).join(', ');
    return wanted === 'matrix'
      ? `Got a result object { ${keys} }: pass buildInteractions(result.table), or use fitRecommender(kind, result.table).`
      : `Got a result object { ${keys} }: pass its .table.`;
  }
  if (wanted === 'table' && looksLikeMatrix(value)) return 'Got an InteractionMatrix: it is built already; pass it to the model function (itemKnn(matrix), ...) or to fitRecommender(kind, matrix).';
  if (typeof value.recommend === 'function' && isObject(value.matrix)) return 'Got a fitted Recommender: pass its .matrix.';
  if ('indptr' in value && 'indices' in value && 'data' in value && !('itemIndptr' in value)) return 'Got CSR parts: pass matrixFromCsr(parts).';
  return '';
}

/** The fields of a matrix that must be typed arrays, with their type and the length they must have. */
const ARRAYS = [
  ['indptr', Int32Array, (m: Record<string, unknown>) => (m.customers as unknown[]).length + 1, 'customers + 1 offsets'],
  ['indices', Int32Array, (m: Record<string, unknown>) => m.nnz as number, 'nnz column indices'],
  ['data', Float64Array, (m: Record<string, unknown>) => m.nnz as number, 'nnz values'],
  ['itemIndptr', Int32Array, (m: Record<string, unknown>) => (m.items as unknown[]).length + 1, 'items + 1 offsets'],
  ['itemCustomers', Int32Array, (m: Record<string, unknown>) => m.nnz as number, 'nnz row indices'],
  ['itemData', Float64Array, (m: Record<string, unknown>) => m.nnz as number, 'nnz values'],
  ['popularity', Int32Array, (m: Record<string, unknown>) => (m.items as unknown[]).length, 'one count per item'],
] as const;

/**
 * Checks that an argument is an {@link InteractionMatrix}: the one check every function taking a
 * matrix makes first, so a wrong argument is a coded error naming it, with what to pass instead for
 * the usual slips (a transaction table: `buildInteractions(table)`; a whole `{ table, ... }` result;
 * fit data: `data.interactions()`; CSR parts: `matrixFromCsr(parts)`), never a `TypeError` later.
 * It checks the shape in O(1) (every field there, with its type, and the arrays' lengths agreeing);
 * the cells themselves are checked where a matrix is made from outside data (`matrixFromCsr`, the
 * model loader).
 *
 * @param value - the argument
 * @param parameter - its name, for the error
 * @returns the matrix
 * @throws {@link RecommendError} `INVALID_ARGUMENT` naming the parameter (or its field, such as
 * `matrix.indptr`)
 * @example
 * ```ts
 * checkMatrix(table);
 * // => throws RecommendError INVALID_ARGUMENT: Invalid matrix: got TransactionTable {...}; allowed: an InteractionMatrix (what buildInteractions returns). Got a TransactionTable: pass buildInteractions(table), or use fitRecommender(kind, table).
 * checkMatrix(buildInteractions(table)).nnz > 0;
 * // => true
 * ```
 */
export function checkMatrix(value: unknown, parameter = 'matrix'): InteractionMatrix {
  const allowed = 'an InteractionMatrix (what buildInteractions returns)';
  if (!looksLikeMatrix(value)) {
    const hint = argumentHint(value, 'matrix');
    throw new RecommendError('INVALID_ARGUMENT', parameter, value, allowed, hint ? { detail: hint } : {});
  }
  const m = value as Record<string, unknown>;
  const fail = (field: string, allowedHere: string): never => {
    throw new RecommendError('INVALID_ARGUMENT', `${parameter}.${field}`, m[field], allowedHere, { detail: `A matrix is made by buildInteractions or matrixFromCsr; ${parameter} is not one.` });
  };
  for (const field of ['customers', 'items', 'descriptions'] as const) if (!Array.isArray(m[field])) fail(field, 'an array');
  if ((m.descriptions as unknown[]).length !== (m.items as unknown[]).length) fail('descriptions', `one description per item (${(m.items as unknown[]).length})`);
  for (const field of ['customerIndex', 'itemIndex'] as const) if (!isObject(m[field]) || typeof (m[field] as { get?: unknown }).get !== 'function') fail(field, 'a Map');
  if (!Number.isInteger(m.nnz) || (m.nnz as number) < 0) fail('nnz', 'the number of stored cells');
  for (const [field, type, length, what] of ARRAYS) {
    const a = m[field];
    if (!(a instanceof type) || a.length !== length(m)) fail(field, `${type === Int32Array ? 'an' : 'a'} ${type.name} of ${length(m)} values (${what})`);
  }
  if ((m.indptr as Int32Array)[(m.customers as unknown[]).length] !== m.nnz) fail('indptr', `offsets ending at nnz (${m.nnz as number})`);
  return value as InteractionMatrix;
}

/**
 * Internal: a table argument, checked by core's `checkTable`; an interaction matrix or fit data (the
 * slips core cannot name) is refused here with what to pass instead.
 *
 * @param value - the argument
 * @param parameter - its name, for the error
 * @param matrixHint - what to say to a matrix (the default: it is built already)
 * @throws {@link RecommendError} `INVALID_ARGUMENT` for a matrix or fit data; core's `CoreError`
 * `INVALID_ARGUMENT` for anything else that is not a table
 */
export function checkTableArgument(value: unknown, parameter: string, matrixHint?: string): TransactionTable {
  const hint = looksLikeMatrix(value) ? (matrixHint ?? argumentHint(value, 'table')) : isFitData(value) ? argumentHint(value, 'table') : '';
  if (hint) throw new RecommendError('INVALID_ARGUMENT', parameter, value, 'a TransactionTable', { detail: hint });
  return checkTable(value, parameter);
}
