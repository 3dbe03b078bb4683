/**
 * `@shopper-spectrum/sql`: the shopper-spectrum definitions compiled to SQL per dialect and pushed
 * down to an engine (DuckDB, PostgreSQL, ClickHouse), returning the same typed results as
 * in-process. This entry holds the definitions only (no engine, so it bundles for a browser); the
 * engines are `@shopper-spectrum/sql/duckdb`, `/postgres` and `/clickhouse`.
 *
 * @packageDocumentation
 * @module @shopper-spectrum/sql
 */
export { SqlError, redact, registerSecret } from './errors.js';
export type { SqlErrorCode, SqlErrorDetails } from './errors.js';
export { sql, rawSql, joinSql, toStatement } from './statement.js';
export type { SqlFragment, SqlStatement, SqlValue } from './statement.js';
export { quoteIdentifier } from './dialect.js';
export type { Dialect, TruncUnit, CastType } from './dialect.js';
export { DUCKDB_DIALECT } from './dialects/duckdb.js';
export { POSTGRES_DIALECT } from './dialects/postgres.js';
export { streamRows } from './engine.js';
export type { SqlEngine, QueryResult, ResultColumn, ResultValue, StreamOptions } from './engine.js';
export { tableSource, querySource, fileSource, sourceLabel, sourceRelation, resolveSource, resolveSourceColumns } from './source.js';
export type { Source, TableSource, QuerySource, FileSource, CsvReadOptions, SourceColumnsOptions, ResolvedSource } from './source.js';
export { transactionsRelation, TRANSACTION_COLUMNS } from './transactionsRelation.js';
export { cleanedRelation, nonProductRelation } from './cleanedRelation.js';
export { materializeRelation } from './materialize.js';
export type { MaterializeOptions, MaterializedRelation } from './materialize.js';
export { cleaningReport } from './cleaningReport.js';
export { readTransactions } from './readTransactions.js';
export type { ReadTransactionsOptions } from './readTransactions.js';
// the aggregates (src/aggregate/)
export { RELATION_COLUMNS, tableRelation } from './aggregate/relation.js';
export type { AggregateRelation, RelationColumns, RelationInput } from './aggregate/relation.js';
export { exactSum } from './aggregate/exactSum.js';
export { rfmTableStatement, sqlRfmTable } from './aggregate/rfmTable.js';
export type { SqlRfmTableOptions } from './aggregate/rfmTable.js';
export { rfmScoresStatement, sqlRfmScores } from './aggregate/rfmScores.js';
export type { SqlRfmResult, SqlRfmScoreOptions } from './aggregate/rfmScores.js';
export { sqlTopProducts, topProductsStatement } from './aggregate/topProducts.js';
export type { SqlTopProductsOptions } from './aggregate/topProducts.js';
export { salesTrendStatement, sqlSalesTrend } from './aggregate/salesTrend.js';
export type { SqlSalesTrendOptions } from './aggregate/salesTrend.js';
export { revenueByCountryStatement, sqlRevenueByCountry } from './aggregate/revenueByCountry.js';
export { paretoCurveStatement, sqlParetoCurve } from './aggregate/paretoCurve.js';
export type { SqlParetoOptions } from './aggregate/paretoCurve.js';
export { interactionCellsStatement, interactionDictionariesStatement, sqlInteractions } from './aggregate/interactions.js';
export type { InteractionCells, SqlInteractionOptions, SqlInteractionWeight } from './aggregate/interactions.js';
export { itemCooccurrenceStatement, sqlItemCooccurrence } from './aggregate/itemCooccurrence.js';
export type { ItemCooccurrence, SqlCooccurrenceOptions } from './aggregate/itemCooccurrence.js';
