import { checkFloats, checkIds, checkIndices, checkOffsets } from './checks.js';
import type { Check, Fail } from './checks.js';
import type { SavedModel } from './definition.js';
import { RecommendError } from './errors.js';
import type { InteractionMatrix } from './interactions.js';
import type { Recommender } from './recommender.js';

/**
 * Checked access to a {@link SavedModel}, for a definition's `restore`: each method returns the
 * field when it is what the model needs and otherwise throws `INVALID_MODEL` naming the field
 * (`item-knn.state.indices[12]`), the value and what is allowed. A field is a state key, or a key
 * and an index (`'weights[1]'`) for an element of a saved array.
 */
export interface SavedModelReader {
  /** The saved model read. */
  readonly saved: SavedModel;
  /**
   * An option, checked.
   *
   * @param name - the option
   * @param check - what it must be
   * @returns the value
   */
  option<T>(name: string, check: Check<T>): T;
  /**
   * A state value (a number, a string...), checked.
   *
   * @param field - the state field
   * @param check - what it must be
   * @returns the value
   */
  value<T>(field: string, check: Check<T>): T;
  /**
   * A `Float64Array` of `length` finite values (each > `above`, when given).
   *
   * @param field - the state field
   * @param length - the number of values
   * @param above - a lower bound the values must exceed
   * @returns the array
   */
  floats(field: string, length: number, above?: number): Float64Array;
  /**
   * A `Float32Array` of `length` finite values.
   *
   * @param field - the state field
   * @param length - the number of values
   * @returns the array
   */
  float32s(field: string, length: number): Float32Array;
  /**
   * An `Int32Array` of `length` integers from `min` to `max`.
   *
   * @param field - the state field
   * @param length - the number of values, or `undefined` for any
   * @param min - the smallest allowed
   * @param max - the largest allowed
   * @returns the array
   */
  ints(field: string, length: number | undefined, min: number, max: number): Int32Array;
  /**
   * CSR offsets: an `Int32Array` of `rows + 1` values from 0, never decreasing, ending at `end`.
   *
   * @param field - the state field
   * @param rows - the number of rows
   * @param end - the number of stored cells
   * @returns the offsets
   */
  offsets(field: string, rows: number, end: number): Int32Array;
  /**
   * CSR column indices for checked offsets: an `Int32Array` of the offsets' last value, each from 0 to
   * `cols - 1` (strictly ascending within a row when `ascending`).
   *
   * @param field - the state field
   * @param offsets - the row offsets, checked
   * @param cols - the number of columns
   * @param ascending - whether rows must be strictly ascending
   * @returns the indices
   */
  indices(field: string, offsets: Int32Array, cols: number, ascending?: boolean): Int32Array;
  /**
   * An array of distinct strings.
   *
   * @param field - the state field
   * @param length - the number of strings, or `undefined` for any
   * @returns the strings
   */
  strings(field: string, length?: number): string[];
  /**
   * A matrix saved in the state, for the same customers and products (in the same order) as the
   * model's own matrix.
   *
   * @param field - the state field
   * @returns the matrix
   */
  matrix(field: string): InteractionMatrix;
  /**
   * The model's parts, which must be of these kinds, in this order.
   *
   * @param kinds - the kinds expected
   * @returns the restored parts
   */
  parts(kinds: readonly string[]): Recommender[];
  /**
   * Refuses options and state fields other than these, and parts of other kinds than `parts` (none
   * by default; `'any'` leaves the parts to the caller).
   *
   * @param options - the option names the model saves
   * @param state - the state fields the model saves
   * @param parts - the kinds of the parts, in order, or `'any'`
   */
  only(options: readonly string[], state: readonly string[], parts?: readonly string[] | 'any'): void;
  /**
   * Throws the `INVALID_MODEL` error of a field (for checks of your own).
   *
   * @param field - the state field (or `options.x`)
   * @param value - what was found
   * @param allowed - what is allowed
   */
  fail(field: string, value: unknown, allowed: string): never;
}

/**
 * Reads a saved model with checks: the one set of validators every built-in `restore` uses, for a
 * recommender of your own too. Every method throws {@link RecommendError} `INVALID_MODEL` naming the
 * field, the value found and what is allowed.
 *
 * @param saved - what the model file holds for the model
 * @returns the reader
 * @example
 * ```ts
 * const r = savedModelReader({ kind: 'mine', options: { days: 30 }, state: { scores: Float64Array.of(1, 2) }, matrix, parts: [] });
 * r.option('days', CHECKS.positive);
 * // => 30
 * r.floats('scores', 3);
 * // => throws RecommendError INVALID_MODEL "Invalid mine.state.scores: got Float64Array of 2 values; allowed: a Float64Array of 3 values."
 * ```
 */
export function savedModelReader(saved: SavedModel): SavedModelReader {
  const kind = typeof saved?.kind === 'string' ? saved.kind : 'model';
  const fail: Fail = (field, value, allowed) => {
    throw new RecommendError('INVALID_MODEL', `${kind}.${/^(options|parts|state)(\.|\[|$)/.test(field) ? field : `state.${field}`}`, value, allowed);
  };
  const state = saved?.state !== null && typeof saved?.state === 'object' ? saved.state : fail('state', saved?.state, 'an object');
  const options = saved?.options !== null && typeof saved?.options === 'object' ? saved.options : fail('options', saved?.options, 'an object');
  /** The value at `key` or `key[index]`. */
  const at = (field: string): unknown => {
    const m = /^(.+)\[(\d+)\]$/.exec(field);
    if (!m) return Object.prototype.hasOwnProperty.call(state, field) ? state[field] : undefined;
    const list = Object.prototype.hasOwnProperty.call(state, m[1]!) ? state[m[1]!] : undefined;
    if (!Array.isArray(list)) return fail(m[1]!, list, 'an array');
    return list[Number(m[2])];
  };
  const matrix = saved.matrix;
  const parts = (kinds: readonly string[]): Recommender[] => {
    const saves = Array.isArray(saved.parts) ? saved.parts : [];
    const found = saves.map((p) => p?.model?.kind);
    if (found.length !== kinds.length || found.some((k, i) => k !== kinds[i])) fail('parts', found, kinds.length ? `parts of kinds ${kinds.join(', ')}, in that order` : 'no parts');
    return saves.map((p) => p.model);
  };
  return {
    saved,
    option(name, check) {
      const v = Object.prototype.hasOwnProperty.call(options, name) ? options[name] : undefined;
      if (!check.test(v)) fail(`options.${name}`, v, check.allowed);
      return v as never;
    },
    value(field, check) {
      const v = at(field);
      if (!check.test(v)) fail(field, v, check.allowed);
      return v as never;
    },
    floats: (field, length, above) => checkFloats(at(field), Float64Array, length, field, fail, above === undefined ? undefined : { value: above, exclusive: true }),
    float32s: (field, length) => checkFloats(at(field), Float32Array, length, field, fail),
    ints(field, length, min, max) {
      const v = at(field);
      if (!(v instanceof Int32Array) || (length !== undefined && v.length !== length)) return fail(field, v, `an Int32Array of ${length ?? 'any number of'} integers`);
      for (let i = 0; i < v.length; i++) if (!(v[i]! >= min && v[i]! <= max)) fail(`${field}[${i}]`, v[i], `an integer from ${min} to ${max}`);
      return v;
    },
    offsets: (field, rows, end) => checkOffsets(at(field), rows, end, field, fail),
    indices: (field, offsets, cols, ascending = false) => checkIndices(at(field), offsets, cols, ascending, field, fail),
    strings: (field, length) => checkIds(at(field), length, field, fail),
    matrix(field) {
      const m = at(field) as InteractionMatrix | undefined;
      const isMatrix = m !== null && typeof m === 'object' && m.customerIndex instanceof Map && m.indptr instanceof Int32Array;
      if (!isMatrix) return fail(field, m, 'a saved interaction matrix');
      const same = m.customers.length === matrix.customers.length && m.items.length === matrix.items.length && m.customers.every((c, r) => c === matrix.customers[r]) && m.items.every((s, j) => s === matrix.items[j]);
      if (!same) fail(field, `${m.customers.length} customers x ${m.items.length} products`, `a matrix of the model's ${matrix.customers.length} customers x ${matrix.items.length} products, in the same order`);
      return m;
    },
    parts,
    only(optionNames, stateNames, partKinds = []) {
      for (const k of Object.keys(options)) if (!optionNames.includes(k)) fail(`options.${k}`, options[k], optionNames.length ? `only the options ${optionNames.join(', ')}` : 'no options');
      for (const k of Object.keys(state)) if (!stateNames.includes(k)) fail(k, '(a field)', stateNames.length ? `only the fields ${stateNames.join(', ')}` : 'no state');
      if (partKinds !== 'any') parts(partKinds);
    },
    fail,
  };
}
