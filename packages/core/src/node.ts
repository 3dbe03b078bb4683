/**
 * `@shopper-spectrum/core/node`: the Node-only part of core, reading files (CSV, CSV.gz, XLSX) from
 * disk with Node's file system, zlib and streams. Everything else, parsing included, is in the main
 * entry `@shopper-spectrum/core`, which uses no Node built-in and bundles for browsers and edge
 * runtimes.
 *
 * @packageDocumentation
 * @module @shopper-spectrum/core/node
 */
export { loadTransactions, loadTransactionsInParallel, LOAD_DEFAULTS } from './loadTransactions.js';
export type { LoadTransactionsOptions, TransactionSource } from './loadTransactions.js';
export { PARALLEL_DEFAULTS } from './parallelLoad.js';
export type { ParallelLoadResult, ParallelParseOptions, ParallelParseReport } from './parallelLoad.js';
