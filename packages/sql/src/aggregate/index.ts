// placeholder: the "sql-aggregates" helper's sub-index (re-exported by ../index.ts)
export {};
