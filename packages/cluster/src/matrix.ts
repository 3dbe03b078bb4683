import { ClusterError } from './errors.js';

/** A dense row-major matrix: row `i`, column `j` is `data[i * cols + j]`. */
export interface Matrix {
  /** Number of rows (points). */
  readonly rows: number;
  /** Number of columns (features). */
  readonly cols: number;
  /** The values, row after row. */
  readonly data: Float64Array;
}

/**
 * A matrix object of another library, read through its accessors: ml-matrix's `Matrix` (and its
 * views) fits, as does anything with `rows`, `columns` and either `get(row, column)` or
 * `to2DArray()`. Duck-typed: this package has no dependency on ml-matrix.
 */
export type MatrixLike =
  | { readonly rows: number; readonly columns: number; get(row: number, column: number): number }
  | { readonly rows: number; readonly columns: number; to2DArray(): number[][] };

/** One row of a matrix given as rows: an array of numbers, or a typed array (`Float64Array`, `Float32Array`, `Int32Array`, ...). */
export type MatrixRow = readonly number[] | Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array | Uint8ClampedArray;

/**
 * What the functions of this package accept as data: an array of equal-length rows (arrays or
 * typed arrays), a {@link Matrix}, or a {@link MatrixLike} such as an ml-matrix `Matrix`.
 */
export type MatrixInput = readonly MatrixRow[] | Matrix | MatrixLike;

/**
 * Checks and converts input to a {@link Matrix}: at least one row and one column, equal row lengths,
 * finite values. Rows may be arrays or typed arrays (`[Float64Array.of(1, 2), ...]`). A `Matrix`
 * is checked (whole numbers of rows and columns, `rows x cols` values) and returned as is (not
 * copied); a {@link MatrixLike} (an ml-matrix `Matrix`) is copied through `get(i, j)`, or
 * `to2DArray()` when it has no `get`. O(n d).
 *
 * @param X - rows, a matrix, or an ml-matrix `Matrix`
 * @param parameter - the argument name used in errors
 * @returns the matrix
 * @throws {@link ClusterError} `EMPTY_INPUT`, `RAGGED_MATRIX`, `NON_FINITE`
 * @example
 * ```ts
 * toMatrix([[1, 2], [3, 4]]).data;
 * // => Float64Array [1, 2, 3, 4]
 * toMatrix(new MlMatrix([[1, 2], [3, 4]])).cols; // ml-matrix's Matrix
 * // => 2
 * toMatrix([Float64Array.of(1, 2), Float64Array.of(3, 4)]).rows; // typed-array rows
 * // => 2
 * ```
 */
export function toMatrix(X: MatrixInput, parameter = 'X'): Matrix {
  let m: Matrix;
  if (Array.isArray(X)) {
    m = fromRows(X as readonly MatrixRow[], parameter);
  } else if (X !== null && typeof X === 'object' && (X as Matrix).data instanceof Float64Array && typeof (X as Matrix).cols === 'number') {
    m = X as Matrix;
    if (!(Number.isInteger(m.rows) && Number.isInteger(m.cols) && m.rows > 0 && m.cols > 0)) throw new ClusterError('EMPTY_INPUT', parameter, `${String(m.rows)} x ${String(m.cols)}`, 'at least one row and one column, whole numbers of each');
    if (m.data.length !== m.rows * m.cols) throw new ClusterError('RAGGED_MATRIX', `${parameter}.data`, `${m.data.length} values`, `rows x cols = ${m.rows * m.cols}`);
  } else if (isMatrixLike(X)) {
    m = fromMatrixLike(X, parameter);
  } else {
    throw new ClusterError('EMPTY_INPUT', parameter, X === null ? null : typeof X, 'an array of rows, { rows, cols, data: Float64Array }, or a matrix with rows, columns and get(i, j) (ml-matrix)');
  }
  const d = m.data;
  for (let i = 0; i < d.length; i++) {
    if (!Number.isFinite(d[i]!)) {
      throw new ClusterError('NON_FINITE', `${parameter}[${Math.floor(i / m.cols)}][${i % m.cols}]`, String(d[i]), 'finite numbers');
    }
  }
  return m;
}

/** Whether a value can be a row: an array, or a typed array of numbers (not a DataView, not BigInt64Array). */
function isRow(row: unknown): row is MatrixRow {
  if (Array.isArray(row)) return true;
  return ArrayBuffer.isView(row) && !(row instanceof DataView) && !(row instanceof BigInt64Array) && !(row instanceof BigUint64Array);
}

function fromRows(rows: readonly MatrixRow[], parameter: string): Matrix {
  if (rows.length === 0) throw new ClusterError('EMPTY_INPUT', parameter, [], 'at least one row');
  const first = rows[0];
  if (!isRow(first)) throw new ClusterError('EMPTY_INPUT', `${parameter}[0]`, first, 'a row: an array or typed array of numbers');
  if (first.length === 0) throw new ClusterError('EMPTY_INPUT', `${parameter}[0]`, first, 'rows with at least one value');
  const cols = first.length;
  const data = new Float64Array(rows.length * cols);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (!isRow(row) || row.length !== cols) {
      throw new ClusterError('RAGGED_MATRIX', `${parameter}[${i}]`, isRow(row) ? `${row.length} values` : row, `${cols} values, as row 0`);
    }
    for (let j = 0; j < cols; j++) data[i * cols + j] = row[j]!;
  }
  return { rows: rows.length, cols, data };
}

function isMatrixLike(X: unknown): X is MatrixLike {
  if (X === null || typeof X !== 'object') return false;
  const o = X as { rows?: unknown; columns?: unknown; get?: unknown; to2DArray?: unknown };
  return typeof o.rows === 'number' && typeof o.columns === 'number' && (typeof o.get === 'function' || typeof o.to2DArray === 'function');
}

function fromMatrixLike(X: MatrixLike, parameter: string): Matrix {
  const { rows, columns: cols } = X;
  if (!(Number.isInteger(rows) && Number.isInteger(cols) && rows > 0 && cols > 0)) throw new ClusterError('EMPTY_INPUT', parameter, `${rows} x ${cols}`, 'at least one row and one column');
  if ('get' in X && typeof X.get === 'function') {
    const data = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) data[i * cols + j] = X.get(i, j);
    return { rows, cols, data };
  }
  const m = fromRows((X as { to2DArray(): number[][] }).to2DArray(), parameter);
  if (m.rows !== rows || m.cols !== cols) throw new ClusterError('RAGGED_MATRIX', parameter, `to2DArray() gave ${m.rows} x ${m.cols}`, `${rows} x ${cols}, as rows and columns say`);
  return m;
}

/**
 * Rows of a matrix as arrays (for JSON and display). O(n d).
 *
 * @param m - the matrix
 * @returns one array per row
 * @example
 * ```ts
 * toRows({ rows: 2, cols: 1, data: Float64Array.of(1, 2) });
 * // => [[1], [2]]
 * ```
 */
export function toRows(m: Matrix): number[][] {
  return Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
}

/** Checks one point against a dimension; returns it as an array. */
export function checkPoint(x: readonly number[], cols: number, parameter = 'x'): readonly number[] {
  if (!Array.isArray(x) || x.length !== cols) throw new ClusterError('DIMENSION_MISMATCH', parameter, Array.isArray(x) ? `${x.length} values` : x, `${cols} values`);
  for (let j = 0; j < cols; j++) if (!Number.isFinite(x[j]!)) throw new ClusterError('NON_FINITE', `${parameter}[${j}]`, String(x[j]), 'finite numbers');
  return x;
}

/** Checks that labels are an array-like of one integer >= 0 per row; returns the largest (-1 for none). */
function scanLabels(labels: ArrayLike<number>, n: number, parameter: string, below?: number): number {
  if (labels === null || typeof labels !== 'object' || typeof labels.length !== 'number') throw new ClusterError('INVALID_LABELS', parameter, labels, `an array of one label per row (${n})`);
  if (labels.length !== n) throw new ClusterError('INVALID_LABELS', parameter, `${labels.length} labels`, `one label per row (${n})`);
  let max = -1;
  for (let i = 0; i < n; i++) {
    const l = labels[i]!;
    if (!Number.isInteger(l) || l < 0) throw new ClusterError('INVALID_LABELS', `${parameter}[${i}]`, l, 'integers >= 0');
    if (below !== undefined && l >= below) throw new ClusterError('INVALID_LABELS', `${parameter}[${i}]`, l, `integers from 0 to k - 1 (${below - 1})`);
    if (l > max) max = l;
  }
  return max;
}

/**
 * Checks labels used as names of groups (the indices, silhouettes, within-cluster sums): one per
 * row, integers >= 0, not necessarily contiguous. Returns them as an Int32Array of cluster numbers
 * and the cluster count: the labels themselves when they are all below n, otherwise renumbered
 * 0, 1, ... in increasing order of label (the same groups in the same order, so every figure is
 * unchanged), so that memory stays O(n) whatever the label values (2^40 included).
 */
export function checkLabels(labels: ArrayLike<number>, n: number, parameter = 'labels'): { labels: Int32Array; k: number } {
  const max = scanLabels(labels, n, parameter);
  if (max < n) return { labels: Int32Array.from({ length: n }, (_, i) => labels[i]!), k: max + 1 };
  const names = [...new Set(Array.from({ length: n }, (_, i) => labels[i]!))].sort((a, b) => a - b);
  const number = new Map(names.map((name, c) => [name, c]));
  return { labels: Int32Array.from({ length: n }, (_, i) => number.get(labels[i]!)!), k: names.length };
}

/**
 * Checks labels used as cluster numbers (a clustering's labels): one per row, integers from 0 to
 * k - 1 when `k` is given. Without `k`, k is the largest label + 1, and a label of n or more is
 * refused at once (n rows cannot fill more than n clusters: the first empty one is named) rather
 * than sizing anything by it.
 */
export function checkClusterLabels(labels: ArrayLike<number>, n: number, k?: number, parameter = 'labels'): { labels: Int32Array; k: number } {
  const max = scanLabels(labels, n, parameter, k);
  if (k === undefined && max >= n) {
    const used = new Uint8Array(n);
    for (let i = 0; i < n; i++) if (labels[i]! < n) used[labels[i]!] = 1;
    throw new ClusterError('INVALID_LABELS', parameter, `no row in cluster ${used.indexOf(0)}`, `every cluster 0..${max} used by at least one row (label ${max} asks for ${max + 1} clusters of ${n} rows)`);
  }
  return { labels: Int32Array.from({ length: n }, (_, i) => labels[i]!), k: k ?? max + 1 };
}
