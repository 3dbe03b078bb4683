/**
 * `analyze` on a minimal log: the CDNOW purchases of the customer-value papers (customer, date, CDs,
 * dollars: no invoice, no product, no unit price), read through a column mapping given on the
 * command line. Loading, cleaning, exploring, RFM, segments, clusters and customer value (BG/NBD + Gamma-Gamma) run; the product stages are
 * skipped, and the summary says so. Totals from ../shared/data/cdnow/README.md.
 *
 * Runs in CI (fails without the file); skipped in a clone without ../shared.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkArtifacts, run } from './helpers.js';

const path = fileURLToPath(new URL('../../../../shared/data/cdnow/cdnow-master.csv.gz', import.meta.url));
const mustRun = process.env.CI === 'true' || process.env.CI === '1' || existsSync(path);

describe.runIf(mustRun)('analyze on the CDNOW log (customer, date, amount)', () => {
  it('runs RFM, segments and clusters from a --columns mapping and says which stages it skipped', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ss-cdnow-'));
    const columns = 'customerId=customer_id,invoiceDate=date,amount=dollar_value,quantity=number_of_cds';
    const r = await run(['analyze', '--data', path, '--columns', columns, '--out', out, '--json', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.rows.loaded).toBe(69_659); // every purchase of the master file read
    expect(doc.rows.rejectedBy).toEqual({ 'non-positive-price': 80 }); // zero-dollar purchases
    expect(doc.loading.schema).toEqual({ invoices: 'derived', products: false, prices: 'derived' });
    expect(doc.products).toBe(0);
    expect(doc.customers).toBe(23_502); // the 23,570 customers less 68 whose only purchases were free
    expect(doc.revenue).toBeCloseTo(2_500_315.63, 2); // the README's total dollars
    expect(doc.segments).toHaveLength(4);
    expect(doc.segments.reduce((n: number, s: { size: number }) => n + s.size, 0)).toBe(23_502);
    expect(doc.skipped.map((s: { stage: string }) => s.stage)).toEqual(['top products', 'recommend', 'evaluate']);
    expect(doc.evaluation).toEqual([]);
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toContain('Skipped top products, recommend, evaluate: the log has customers, dates and amounts only');
    // customer value on the minimal log: both models fitted, one clv.csv row per customer
    expect(doc.customerValue.model).toBe('bg-nbd + gamma-gamma');
    expect(doc.customerValue.converged).toEqual({ bgNbd: true, gammaGamma: true });
    expect(readFileSync(join(out, 'clv.csv'), 'utf8').trim().split('\n')).toHaveLength(23_502 + 1);
    expect(doc.customerValue.bySegment.reduce((n: number, g: { customers: number }) => n + g.customers, 0)).toBe(23_502);
    checkArtifacts(out);
  }, 180_000);
});
