// placeholder: the "sql-engines" helper owns this file (keep the line below: the aggregates' sub-index)
export * from './aggregate/index.js';
