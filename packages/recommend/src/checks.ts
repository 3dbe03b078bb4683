import { allowedNames, resolveStrategy } from '@shopper-spectrum/internal';
import { RecommendError } from './errors.js';

/**
 * A check of one value: a test, and what it allows in words (the `allowed` of the error). The same
 * checks validate the options a model is fitted with (`INVALID_OPTION`) and the options and state a
 * saved model is restored from (`INVALID_MODEL`), so both refuse the same values with the same words.
 *
 * @typeParam T - the type a value has once it passes
 */
export interface Check<T> {
  /** What passes, in words: `'a positive integer'`. */
  readonly allowed: string;
  /** Whether a value passes. */
  readonly test: (value: unknown) => value is T;
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * The checks the built-in recommenders use, for a restore of your own (see `savedModelReader`).
 *
 * @example
 * ```ts
 * [CHECKS.positiveInteger.test(3), CHECKS.positiveInteger.test(2.5), CHECKS.positiveInteger.allowed];
 * // => [true, false, 'a positive integer']
 * ```
 */
export const CHECKS = Object.freeze({
  /** A finite number. */
  finite: { allowed: 'a finite number', test: isNumber } as Check<number>,
  /** A finite number > 0. */
  positive: { allowed: 'a positive number', test: (v: unknown): v is number => isNumber(v) && v > 0 } as Check<number>,
  /** A finite number >= 0. */
  nonNegative: { allowed: 'a number >= 0', test: (v: unknown): v is number => isNumber(v) && v >= 0 } as Check<number>,
  /** A number from 0 to 1. */
  unitInterval: { allowed: 'a number from 0 to 1', test: (v: unknown): v is number => isNumber(v) && v >= 0 && v <= 1 } as Check<number>,
  /** An integer >= 1. */
  positiveInteger: { allowed: 'a positive integer', test: (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 1 } as Check<number>,
  /** An integer >= 1, or `Infinity` (no limit). */
  positiveIntegerOrInfinity: { allowed: 'a positive integer or Infinity', test: (v: unknown): v is number => v === Infinity || (Number.isInteger(v) && (v as number) >= 1) } as Check<number>,
  /** An integer >= 0. */
  nonNegativeInteger: { allowed: 'an integer >= 0', test: (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0 } as Check<number>,
  /** `true` or `false`. */
  boolean: { allowed: 'true or false', test: (v: unknown): v is boolean => typeof v === 'boolean' } as Check<boolean>,
  /** A non-empty string. */
  text: { allowed: 'a non-empty string', test: (v: unknown): v is string => typeof v === 'string' && v.length > 0 } as Check<string>,
});

/**
 * A check that a value is one of the keys of a lookup object (`'cosine', 'jaccard' or ...`).
 *
 * @param table - the lookup object whose keys are the accepted names
 * @returns the check
 */
export function oneOf<K extends string>(table: Readonly<Record<K, unknown>>): Check<K> {
  return { allowed: allowedNames(table), test: (v: unknown): v is K => typeof v === 'string' && Object.prototype.hasOwnProperty.call(table, v) };
}

/**
 * An option's value, or its default when absent; refused with `INVALID_OPTION` when it fails the
 * check.
 *
 * @param value - the value given (`undefined` for absent)
 * @param fallback - the default
 * @param name - the option's name, for the error
 * @param check - what the value must be
 * @returns the value
 */
export function optionValue<T>(value: T | undefined, fallback: T, name: string, check: Check<T>): T {
  const v = value === undefined ? fallback : value;
  if (!check.test(v)) throw new RecommendError('INVALID_OPTION', name, v, check.allowed);
  return v;
}

/**
 * An options argument: `{}` when absent; anything but an object (`null`, an array, a number) is
 * refused, so that reading an option never throws a `TypeError`.
 *
 * @param options - the argument
 * @param parameter - its name, for the error
 * @returns the options
 * @throws {@link RecommendError} `INVALID_OPTION`
 */
export function optionsObject<T extends object>(options: T | undefined, parameter = 'options'): T {
  if (options === undefined) return {} as T;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) throw new RecommendError('INVALID_OPTION', parameter, options, 'an options object');
  return options;
}

/**
 * Options over their defaults, where an option given as `undefined` counts as absent (`{ ...defaults,
 * ...given }` would let it hide the default: `{ halfLifeDays: undefined }` fitting with no half-life).
 *
 * @param defaults - the defaults
 * @param given - the options given
 * @returns a new object: the defaults, then every option given with a value
 */
export function withDefaults<T extends object>(defaults: object, given: object): T {
  return Object.fromEntries([...Object.entries(defaults), ...Object.entries(given).filter(([, v]) => v !== undefined)]) as T;
}

/**
 * A strategy name, resolved against its lookup object in the one way every package shares
 * (`resolveStrategy`): the name when it is a key, else `INVALID_OPTION` listing the accepted names.
 *
 * @param table - the lookup object
 * @param chosen - the name given
 * @param parameter - the option's name, for the error
 * @returns the name
 */
export function resolveName<K extends string>(table: Readonly<Record<K, unknown>>, chosen: unknown, parameter: string): K {
  const fail = (p: string, v: unknown, allowed: string): never => {
    throw new RecommendError('INVALID_OPTION', p, v, allowed);
  };
  if (typeof chosen !== 'string') return fail(parameter, chosen, allowedNames(table));
  resolveStrategy(table as Readonly<Record<string, unknown>>, chosen, parameter, fail);
  return chosen as K;
}

/** Throws the caller's error for a field: `INVALID_ARGUMENT` for an argument, `INVALID_MODEL` for a saved model. */
export type Fail = (field: string, value: unknown, allowed: string) => never;

/**
 * Checks CSR offsets: an `Int32Array` of `rows + 1` values from 0, never decreasing, ending at `end`.
 *
 * @param indptr - the offsets
 * @param rows - the number of rows
 * @param end - the number of stored cells
 * @param field - the field's name, for the error
 * @param fail - throws the caller's error
 * @returns the offsets
 */
export function checkOffsets(indptr: unknown, rows: number, end: number, field: string, fail: Fail): Int32Array {
  if (!(indptr instanceof Int32Array) || indptr.length !== rows + 1) return fail(field, indptr, `an Int32Array of ${rows + 1} offsets`);
  if (indptr[0] !== 0) return fail(`${field}[0]`, indptr[0], '0');
  for (let r = 0; r < rows; r++) if (!(indptr[r + 1]! >= indptr[r]!)) return fail(`${field}[${r + 1}]`, indptr[r + 1], `an offset >= ${indptr[r]} (offsets never decrease)`);
  if (indptr[rows] !== end) return fail(`${field}[${rows}]`, indptr[rows], `${end} (the number of stored cells)`);
  return indptr;
}

/**
 * Checks CSR column indices: an `Int32Array` of `length` values from 0 to `cols - 1`, strictly
 * ascending within each row of `indptr` when `ascending` is set.
 *
 * @param indices - the column indices
 * @param indptr - the checked row offsets
 * @param cols - the number of columns
 * @param ascending - whether each row must be strictly ascending
 * @param field - the field's name, for the error
 * @param fail - throws the caller's error
 * @returns the indices
 */
export function checkIndices(indices: unknown, indptr: Int32Array, cols: number, ascending: boolean, field: string, fail: Fail): Int32Array {
  const nnz = indptr[indptr.length - 1]!;
  if (!(indices instanceof Int32Array) || indices.length !== nnz) return fail(field, indices, `an Int32Array of ${nnz} column indices`);
  for (let r = 0; r + 1 < indptr.length; r++) {
    let previous = -1;
    for (let p = indptr[r]!; p < indptr[r + 1]!; p++) {
      const j = indices[p]!;
      if (!(j >= 0 && j < cols)) return fail(`${field}[${p}]`, j, `a column index from 0 to ${cols - 1}`);
      if (ascending && !(j > previous)) return fail(`${field}[${p}]`, j, `a column above ${previous} (ascending within row ${r})`);
      previous = j;
    }
  }
  return indices;
}

/**
 * Checks a `Float64Array` (or `Float32Array`) of `length` finite values, optionally bounded below.
 *
 * @param values - the array
 * @param type - the array type expected
 * @param length - the length expected
 * @param field - the field's name, for the error
 * @param fail - throws the caller's error
 * @param min - values must be above (`exclusive`) or at least this
 * @returns the array
 */
export function checkFloats<T extends Float64Array | Float32Array>(
  values: unknown,
  type: new (n: number) => T,
  length: number,
  field: string,
  fail: Fail,
  min?: { readonly value: number; readonly exclusive: boolean },
): T {
  if (!(values instanceof type) || values.length !== length) return fail(field, values, `a ${type.name} of ${length} values`);
  const a = values as T;
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    if (!Number.isFinite(v) || (min && (min.exclusive ? !(v > min.value) : !(v >= min.value)))) {
      return fail(`${field}[${i}]`, v, min ? `a finite number ${min.exclusive ? '>' : '>='} ${min.value}` : 'a finite number');
    }
  }
  return a;
}

/**
 * Checks a list of distinct strings (ids) of a given length.
 *
 * @param values - the list
 * @param length - the length expected, or `undefined` for any
 * @param field - the field's name, for the error
 * @param fail - throws the caller's error
 * @returns the list
 */
export function checkIds(values: unknown, length: number | undefined, field: string, fail: Fail): string[] {
  if (!Array.isArray(values) || (length !== undefined && values.length !== length)) return fail(field, values, `an array of ${length ?? 'any number of'} strings`);
  const seen = new Set<string>();
  for (let i = 0; i < values.length; i++) {
    const v: unknown = values[i];
    if (typeof v !== 'string') return fail(`${field}[${i}]`, v, 'a string');
    if (seen.has(v)) return fail(`${field}[${i}]`, v, 'an id listed once');
    seen.add(v);
  }
  return values as string[];
}
