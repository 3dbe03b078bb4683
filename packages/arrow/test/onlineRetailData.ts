/**
 * The real UCI Online Retail file (../shared/data/online-retail.csv.gz beside the repository), loaded
 * as a user would with core's loader. In CI (CI=true) the tests that use it always run and fail if the
 * file is missing; in a clone without ../shared they are skipped, unless SHOPPER_SPECTRUM_DATA points
 * at the file.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadTransactions } from '@shopper-spectrum/core/node';
import type { TransactionTable } from '@shopper-spectrum/core';

export const onlineRetailPath = process.env.SHOPPER_SPECTRUM_DATA ?? fileURLToPath(new URL('../../../../shared/data/online-retail.csv.gz', import.meta.url));
export const mustRun = process.env.CI === 'true' || process.env.CI === '1' || process.env.SHOPPER_SPECTRUM_DATA !== undefined || existsSync(onlineRetailPath);

let cached: Promise<TransactionTable> | undefined;
/** The file parsed by core's CSV loader (once per test file). */
export function onlineRetail(): Promise<TransactionTable> {
  cached ??= loadTransactions(onlineRetailPath).then((r) => r.table);
  return cached;
}

/** Every row of two tables equal, value for value (dictionaries may differ in order). */
export function sameRows(a: TransactionTable, b: TransactionTable): string | null {
  if (a.length !== b.length) return `lengths ${a.length} and ${b.length}`;
  for (let i = 0; i < a.length; i++) {
    const x = a.row(i);
    const y = b.row(i);
    for (const k of Object.keys(x) as (keyof typeof x)[]) {
      if (!Object.is(x[k], y[k])) return `row ${i} ${k}: ${JSON.stringify(x[k])} and ${JSON.stringify(y[k])}`;
    }
  }
  return null;
}
