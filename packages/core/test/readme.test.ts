/** The example of packages/core/README.md, with the output it shows. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cleanTransactions, generateTransactions, parseTransactionsCsv, topProducts } from '@shopper-spectrum/core';

describe('README example', () => {
  it('prints what the README says it prints', () => {
    const printed: string[] = [];
    const log = (...xs: unknown[]) => printed.push(xs.join(' '));
    const { table, summary } = parseTransactionsCsv(generateTransactions({ seed: 7, customers: 200 }));
    log(summary.rowsRead, summary.rowsKept, summary.rowsRejected);
    const { table: clean, report } = cleanTransactions(table, { preset: 'strict' });
    log(report.dropped.map((d) => `${d.rule} ${d.rows}`).join(', '));
    log(topProducts(clean, { limit: 1 })[0]!.stockCode);
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(`prints\n\n\`\`\`\n${printed.join('\n')}\n\`\`\``);
  });
});
