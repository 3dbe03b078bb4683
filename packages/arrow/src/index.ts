/**
 * `@shopper-spectrum/arrow`: a `TransactionTable` to and from Apache Arrow tables and Parquet files,
 * so a log moves between shopper-spectrum, DuckDB, Polars and pandas without a CSV in between. Pure
 * JavaScript (apache-arrow, hyparquet, hyparquet-writer): it runs in a browser too.
 *
 * @packageDocumentation
 * @module @shopper-spectrum/arrow
 */
export { ArrowError } from './errors.js';
export type { ArrowErrorCode } from './errors.js';
export { toArrow } from './toArrow.js';
export { fromArrow } from './fromArrow.js';
export type { FromArrowOptions } from './fromArrow.js';
export { toParquet, TO_PARQUET_DEFAULTS } from './toParquet.js';
export type { ToParquetOptions } from './toParquet.js';
export { fromParquet } from './fromParquet.js';
export type { FromParquetOptions, ParquetSource } from './fromParquet.js';
export type { ReadTableOptions } from './tableFromColumns.js';
