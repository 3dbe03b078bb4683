/** The example of packages/rfm/README.md, with the output it shows. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cleanTransactions, generateTransactions, parseTransactionsCsv } from '@shopper-spectrum/core';
import { BUSINESS_SEGMENTS, rfmScores, rfmTable, segmentRfm, segmentSummary } from '@shopper-spectrum/rfm';

describe('README example', () => {
  it('prints what the README says it prints', () => {
    const printed: string[] = [];
    const log = (...xs: unknown[]) => printed.push(xs.join(' '));
    // --- example start
    const { table } = cleanTransactions(parseTransactionsCsv(generateTransactions({ seed: 7, customers: 200 })).table);
    const rfm = rfmTable(table);
    const scores = rfmScores(rfm, { bins: 5, ties: 'rank-first' });
    const r = rfm.row(0);
    log(r.customerId, r.recency, r.frequency, r.monetary.toFixed(2), scores.code(0));
    const segments = segmentRfm(scores, BUSINESS_SEGMENTS);
    for (const s of segmentSummary(rfm, segments)) {
      log(s.segment.padEnd(10), String(s.customers).padStart(4), `${(s.revenueShare * 100).toFixed(1)}% of revenue`);
    }
    // --- example end
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const source = readFileSync(new URL(import.meta.url), 'utf8');
    const code = source.slice(source.indexOf('// --- example start') + 21, source.indexOf('    // --- example end')).replace(/^ {4}/gm, '').replaceAll('log(', 'console.log(');
    expect(readme).toContain(code.trim());
    expect(readme).toContain(`prints\n\n\`\`\`\n${printed.join('\n')}\n\`\`\``);
  });
});
