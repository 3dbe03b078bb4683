/**
 * `@shopper-spectrum/sql/clickhouse`: the ClickHouse adapter (HTTP interface, plain `fetch`, no
 * driver), its dialect, a sharded table of transactions behind a `Distributed` table, and the
 * pushed-down cleaning report, RFM table, top products, revenue by country and interaction cells in
 * forms that run on ClickHouse 18.16 (no window functions, no query parameters) and later.
 *
 * @packageDocumentation
 * @module @shopper-spectrum/sql/clickhouse
 */
export { connectClickHouse } from './dialects/clickhouseHttp.js';
export type { ClickHouseOptions, ClickHouseEngine } from './dialects/clickhouseHttp.js';
export { CLICKHOUSE_DIALECT } from './dialects/clickhouse.js';
export { clickhouseLiteral, clickhouseIdentifier } from './dialects/clickhouseLiteral.js';
export { createShardedTransactions, insertTransactions, CLICKHOUSE_SHARDING_KEY } from './dialects/clickhouseSharding.js';
export type { ShardedTableOptions, ShardedTable, InsertTransactionsOptions } from './dialects/clickhouseSharding.js';
export { clickhouseCleaned, clickhouseCleaningReport, CLICKHOUSE_FIELDS } from './dialects/clickhouseCleaning.js';
export type { ClickHouseCleaned } from './dialects/clickhouseCleaning.js';
export { clickhouseRfmTable, clickhouseTopProducts, clickhouseRevenueByCountry, clickhouseInteractionCells } from './dialects/clickhouseAggregates.js';
export type { ClickHouseRfmOptions, ClickHouseTopProductsOptions, ClickHouseCellWeight, ClickHouseCells } from './dialects/clickhouseAggregates.js';
