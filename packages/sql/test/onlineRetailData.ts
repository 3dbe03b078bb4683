/**
 * The real Online Retail file (../shared/data/online-retail.csv.gz), loaded once per test file with
 * core's loader, as a user would. In CI (CI=true) or with SHOPPER_SPECTRUM_DATA set, the tests that
 * use it run and fail if the file is missing; in a clone without ../shared they are skipped.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadTransactions } from '@shopper-spectrum/core/node';
import type { CleaningReport, TransactionTable } from '@shopper-spectrum/core';
import { expect } from 'vitest';

export const onlineRetailPath = process.env.SHOPPER_SPECTRUM_DATA ?? fileURLToPath(new URL('../../../../shared/data/online-retail.csv.gz', import.meta.url));
export const mustRun = process.env.CI === 'true' || process.env.CI === '1' || process.env.SHOPPER_SPECTRUM_DATA !== undefined || existsSync(onlineRetailPath);

let loaded: Promise<TransactionTable> | null = null;
/** The raw table (541,909 rows). */
export function onlineRetail(): Promise<TransactionTable> {
  loaded ??= loadTransactions(onlineRetailPath).then((r) => r.table);
  return loaded;
}

/**
 * Revenues of two reports agree within 1e-9 of the input's absolute revenue (sums of doubles in
 * another order); every count and every other field is equal.
 */
export function expectSameReport(got: CleaningReport, want: CleaningReport): void {
  const scale = 1e-9 * Math.max(1, Math.abs(want.revenueIn));
  const close = (a: number, b: number, what: string) => expect(Math.abs(a - b), `${what}: ${a} vs ${b}`).toBeLessThanOrEqual(scale);
  close(got.revenueIn, want.revenueIn, 'revenueIn');
  close(got.revenueKept, want.revenueKept, 'revenueKept');
  got.dropped.forEach((d, k) => close(d.revenue, want.dropped[k]!.revenue, `dropped[${k}].revenue`));
  if (want.cancellations && got.cancellations) {
    close(got.cancellations.revenueNetted, want.cancellations.revenueNetted, 'revenueNetted');
    close(got.cancellations.revenueOfCancellations, want.cancellations.revenueOfCancellations, 'revenueOfCancellations');
  }
  const strip = (r: CleaningReport) => ({
    ...r,
    revenueIn: 0,
    revenueKept: 0,
    dropped: r.dropped.map((d) => ({ ...d, revenue: 0 })),
    cancellations: r.cancellations === null ? null : { ...r.cancellations, revenueNetted: 0, revenueOfCancellations: 0 },
  });
  expect(strip(got)).toEqual(strip(want));
}

/** Two tables with equal columns, dictionaries and schema. */
export function expectSameTable(got: TransactionTable, want: TransactionTable): void {
  expect(got.length).toBe(want.length);
  expect(got.schema).toEqual(want.schema);
  for (const k of Object.keys(want.dictionaries) as (keyof TransactionTable['dictionaries'])[]) expect(got.dictionaries[k], `dictionary ${k}`).toEqual(want.dictionaries[k]);
  for (const k of Object.keys(want.columns) as (keyof TransactionTable['columns'])[]) expect(got.columns[k], `column ${k}`).toEqual(want.columns[k]);
}
