/**
 * `@shopper-spectrum/core`: load, clean and explore retail transaction logs.
 *
 * @packageDocumentation
 * @module @shopper-spectrum/core
 */
export { ShopperSpectrumError, isShopperSpectrumError } from '@shopper-spectrum/internal';
export type { ErrorDetails, ErrorJSON } from '@shopper-spectrum/internal';
export { CoreError } from './errors.js';
export type { CoreErrorCode, CoreErrorDetails } from './errors.js';
export { TransactionTable, totalPrices, selectRows, requireProducts, checkTable, FULL_SCHEMA } from './transactionTable.js';
export type { Transaction, TransactionColumns, TransactionDictionaries, TransactionSchema } from './transactionTable.js';
export { formatWallClock, wallClockFromLocalDate, MS_PER_DAY } from './wallClock.js';
export { dateExtent, DATE_EXTENT_DEFAULTS } from './dateExtent.js';
export type { DateExtent, DateExtentOptions } from './dateExtent.js';
export {
  resolveColumns,
  TRANSACTION_FIELDS,
  REQUIRED_FIELDS,
  MINIMAL_FIELDS,
  ONLINE_RETAIL_COLUMNS,
  ONLINE_RETAIL_II_COLUMNS,
  COLUMN_PRESETS,
} from './columnMapping.js';
export type { TransactionField, ColumnMapping, ColumnsOption, ResolvedColumns } from './columnMapping.js';
export { parseDecimal } from './parseNumber.js';
export { parseIsoDate, parseMdyDate, parseDmyDate, patternDateParser, resolveDateParser } from './parseDate.js';
export type { DateFormat, DateParser, ResolvedDateFormat } from './parseDate.js';
export { CsvReader, detectDelimiter, fieldText, FieldKind } from './csvReader.js';
export type { CsvRecordHandler, CsvMalformedHandler, CsvMalformedReason } from './csvReader.js';
export type { LoadIssue, LoadIssueCode, LoadSummary, LoadResult, LoadWarning } from './loadResult.js';
export { NO_PRODUCT } from './transactionsParser.js';
export type { ParseTransactionsOptions, CellValue, ValueLimits, DateRange, TextEncoding } from './transactionsParser.js';
export { PARSE_DEFAULTS } from './parseDefaults.js';
export { parseTransactionsCsv, parseTransactionsCsvStream } from './parseTransactionsCsv.js';
export { parseTransactionRows } from './parseTransactionRows.js';
export type { TransactionInput } from './parseTransactionRows.js';
export { parseTransactions, sniffFormat, PARSE_TRANSACTIONS_DEFAULTS } from './parseTransactions.js';
export type { ParseOptions, ParseSource, TextFormat } from './parseTransactions.js';
export {
  cleanTransactions,
  entityCounts,
  CLEAN_DEFAULTS,
  CLEANING_RULES,
  CLEANING_PRESETS,
  DEFAULT_NON_PRODUCT_CODES,
} from './cleanTransactions.js';
export type { CleaningRuleName, CleaningPreset, CleanOptions, CleanResult, CleaningReport, RuleOutcome, EntityCounts } from './cleanTransactions.js';
export { netCancellations } from './netCancellations.js';
export type { CancellationReport, NettingResult, UnmatchedCancellation } from './netCancellations.js';
export { topProducts, productSummary, mostFrequentDescription, TOP_PRODUCTS_DEFAULTS } from './topProducts.js';
export type { ProductSummaryRow, ProductRanking, ProductSummaryOptions, TopProductsOptions } from './topProducts.js';
export { salesTrend, SALES_TREND_DEFAULTS } from './salesTrend.js';
export type { SalesTrendOptions, TrendInterval, TrendPoint } from './salesTrend.js';
export { selectRowIndices } from './rowSelection.js';
export type { RowFilter } from './rowSelection.js';
export { dateIndex } from './dateIndex.js';
export type { DateIndex } from './dateIndex.js';
export { returnsSummary, RETURNS_SUMMARY_DEFAULTS } from './returnsSummary.js';
export type { ReturnsSummary, ReturnsSummaryOptions, CancelledProduct, CancellingCustomer } from './returnsSummary.js';
export { revenueByCountry } from './revenueByCountry.js';
export type { CountryRow } from './revenueByCountry.js';
export { customerDistributions } from './customerDistributions.js';
export type { CustomerDistributions } from './customerDistributions.js';
export { groupRows, inGroupOrder, distinctInGroups } from './distinct.js';
export { groupTotals } from './groupTotals.js';
export type { GroupTotals } from './groupTotals.js';
export type { RowGroups } from './distinct.js';
export { histogram, HISTOGRAM_DEFAULTS } from './histogram.js';
export type { Histogram, HistogramBin, HistogramOptions } from './histogram.js';
export { paretoCurve, PARETO_DEFAULTS } from './paretoCurve.js';
export type { ParetoCurve, ParetoOptions } from './paretoCurve.js';
export { generateTransactions, generateTransactionsCsv, GENERATE_DEFAULTS } from './generateTransactions.js';
export type { GenerateOptions } from './generateTransactions.js';
export { SeededRandom } from '@shopper-spectrum/internal';
export { WeightedSampler } from './weightedSampler.js';
export { cohortRetention } from './cohortRetention.js';
export type { CohortRetentionOptions, CohortRow } from './cohortRetention.js';
