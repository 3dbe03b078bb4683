/**
 * The CDNOW data of the BTYD papers (../shared/data/cdnow/, see its README), loaded as a user would:
 * core's parser with the minimal-log column mapping, rfm's repeatPurchaseSummary, weeks = days / 7.
 *
 * In CI (CI=true) the tests that use it always run and fail if the files are missing; in a clone
 * without ../shared they are skipped, unless SHOPPER_SPECTRUM_CDNOW points at the folder.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseTransactionsCsv } from '@shopper-spectrum/core';
import type { TransactionTable } from '@shopper-spectrum/core';

export const cdnowDir = process.env.SHOPPER_SPECTRUM_CDNOW ?? fileURLToPath(new URL('../../../../shared/data/cdnow/', import.meta.url));
export const mustRun = process.env.CI === 'true' || process.env.CI === '1' || process.env.SHOPPER_SPECTRUM_CDNOW !== undefined || existsSync(`${cdnowDir}/cdnow-summary.csv`);

/** cdnow-summary.csv: the papers' calibration summary (2-decimal weeks and spend). */
export function readSummaryCsv(): { id: number[]; frequency: number[]; recency: number[]; T: number[]; monetary: number[] } {
  const rows = readFileSync(`${cdnowDir}/cdnow-summary.csv`, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
  return { id: rows.map((r) => r[0]!), frequency: rows.map((r) => r[1]!), recency: rows.map((r) => r[2]!), T: rows.map((r) => r[3]!), monetary: rows.map((r) => r[4]!) };
}

/** cdnow-sample.csv (the cohort's 6,919 purchases) as a transaction table, customers by sample id. */
export function readSampleTable(): TransactionTable {
  const text = readFileSync(`${cdnowDir}/cdnow-sample.csv`, 'utf8');
  const result = parseTransactionsCsv(text, { columns: { customerId: 'sample_id', invoiceDate: 'date', amount: 'dollar_value', quantity: 'number_of_cds' } });
  if (result.issues.length > 0) throw new Error(`cdnow-sample.csv: ${result.issues.length} issues`);
  return result.table;
}
