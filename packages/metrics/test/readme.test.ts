/** The example of packages/metrics/README.md, with the output it shows. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cleanTransactions, generateTransactions, parseTransactionsCsv, topProducts } from '@shopper-spectrum/core';
import { averagePrecisionAtK, compareEvaluations, evaluate, temporalSplit } from '@shopper-spectrum/metrics';

describe('README example', () => {
  it('prints what the README says it prints', () => {
    const printed: string[] = [];
    const log = (...xs: unknown[]) => printed.push(xs.join(' '));
    // --- example start
    // One user: AP@5 under each declared normaliser.
    const ranked = ['A', 'x', 'B', 'y', 'z'];
    const relevant = new Set(['A', 'B', 'C', 'D', 'E', 'F']);
    for (const apNormalization of ['min-k-relevant', 'relevant', 'hits'] as const) {
      log(apNormalization.padEnd(15), averagePrecisionAtK(ranked, relevant, 5, { apNormalization }).toFixed(4));
    }

    // A shop: split in time, evaluate two baselines, compare them.
    const table = cleanTransactions(parseTransactionsCsv(generateTransactions({ seed: 7, customers: 400 })).table).table;
    const { train, test, report } = temporalSplit(table, { cutoff: '2011-11-01' });
    log('evaluated customers:', report.evaluated, '| excluded:', JSON.stringify(report.excluded));
    const popular = topProducts(train, { by: 'customers', limit: 100 }).map((p) => p.stockCode);
    const byRevenue = topProducts(train, { by: 'revenue', limit: 100 }).map((p) => p.stockCode);
    const results = {
      'top revenue': evaluate({ train, test, rank: (_c, k) => byRevenue.slice(0, k), k: [5] }),
      'most customers': evaluate({ train, test, rank: (_c, k) => popular.slice(0, k), k: [5] }),
    };
    log(compareEvaluations(results, { metric: 'map@5', seed: 1 }).table);
    // --- example end
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const source = readFileSync(new URL(import.meta.url), 'utf8');
    const code = source.slice(source.indexOf('// --- example start') + 21, source.indexOf('    // --- example end')).replace(/^ {4}/gm, '').replaceAll('log(', 'console.log(');
    expect(readme).toContain(code.trim());
    expect(readme).toContain(`prints\n\n\`\`\`\n${printed.join('\n')}\n\`\`\``);
  });
});
