/** The example of packages/recommend/README.md, with the output it shows. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cleanTransactions, generateTransactions, parseTransactionsCsv } from '@shopper-spectrum/core';
import { buildInteractions, findItems, itemKnn, loadRecommender, serializeRecommender, tifuKnn } from '@shopper-spectrum/recommend';

describe('README example', () => {
  it('prints what the README says it prints', () => {
    const printed: string[] = [];
    const log = (...xs: unknown[]) => printed.push(xs.join(' '));
    // --- example start
    const table = cleanTransactions(parseTransactionsCsv(generateTransactions({ seed: 7, customers: 200 })).table).table;
    const matrix = buildInteractions(table, { weight: 'binary' });
    const items = itemKnn(matrix, { similarity: 'cosine', neighbours: 100 });

    for (const r of items.recommend(matrix.customers[0]!, 3)) log(r.item, r.score.toFixed(2), '-', r.because);
    log('similar to', matrix.items[0], ':', items.similarItems(matrix.items[0]!, 2).map((r) => `${r.item} (${r.because})`).join('; '));
    const newcomer = items.recommend('new customer', 2, { history: [matrix.items[0]!] });
    log('new customer:', newcomer.map((r) => `${r.item} via ${r.source}`).join(', '));
    log('search:', findItems(matrix, 'chrismas notebok', { limit: 1 }).map((m) => `${m.item} ${m.description}`).join(''));
    const reorders = tifuKnn(buildInteractions(table, { weight: 'invoices' }), { neighbours: 20 });
    for (const r of reorders.recommend(matrix.customers[0]!, 2, { seen: 'allow' })) log('next order:', r.item, '-', r.because);
    const loaded = loadRecommender(serializeRecommender(items));
    log('reloaded gives the same list:', JSON.stringify(loaded.recommend(matrix.customers[0]!, 3)) === JSON.stringify(items.recommend(matrix.customers[0]!, 3)));
    // --- example end
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const source = readFileSync(new URL(import.meta.url), 'utf8');
    const code = source.slice(source.indexOf('// --- example start') + 21, source.indexOf('    // --- example end')).replace(/^ {4}/gm, '').replaceAll('log(', 'console.log(');
    expect(readme).toContain(code.trim());
    expect(readme).toContain(`prints\n\n\`\`\`\n${printed.join('\n')}\n\`\`\``);
  });
});
