// the "sql-aggregates" helper's sub-index (re-exported by ../index.ts)
export { RELATION_COLUMNS, tableRelation } from './relation.js';
export type { AggregateRelation, RelationColumns, RelationInput } from './relation.js';
export { exactSum } from './exactSum.js';
export { rfmTableStatement, sqlRfmTable } from './rfmTable.js';
export type { SqlRfmTableOptions } from './rfmTable.js';
export { rfmScoresStatement, sqlRfmScores } from './rfmScores.js';
export type { SqlRfmResult, SqlRfmScoreOptions } from './rfmScores.js';
export { sqlTopProducts, topProductsStatement } from './topProducts.js';
export type { SqlTopProductsOptions } from './topProducts.js';
export { salesTrendStatement, sqlSalesTrend } from './salesTrend.js';
export type { SqlSalesTrendOptions } from './salesTrend.js';
export { revenueByCountryStatement, sqlRevenueByCountry } from './revenueByCountry.js';
export { paretoCurveStatement, sqlParetoCurve } from './paretoCurve.js';
export type { SqlParetoOptions } from './paretoCurve.js';
export { interactionCellsStatement, interactionDictionariesStatement, sqlInteractions } from './interactions.js';
export type { InteractionCells, SqlInteractionOptions, SqlInteractionWeight } from './interactions.js';
export { itemCooccurrenceStatement, sqlItemCooccurrence } from './itemCooccurrence.js';
export type { ItemCooccurrence, SqlCooccurrenceOptions } from './itemCooccurrence.js';
