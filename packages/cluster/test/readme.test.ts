/** The example of packages/cluster/README.md, with the output it shows. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cleanTransactions, generateTransactions, parseTransactionsCsv } from '@shopper-spectrum/core';
import { rfmTable } from '@shopper-spectrum/rfm';
import { adjustedRandIndex, agglomerative, chooseK, fitPipeline, kmeans, nameSegments, toRows } from '@shopper-spectrum/cluster';

describe('README example', () => {
  it('prints what the README says it prints', () => {
    const printed: string[] = [];
    const log = (...xs: unknown[]) => printed.push(xs.join(' '));
    // --- example start
    const rfm = rfmTable(cleanTransactions(parseTransactionsCsv(generateTransactions({ seed: 7, customers: 400 })).table).table);
    const rows = Array.from({ length: rfm.length }, (_, i) => [rfm.recency[i]!, rfm.frequency[i]!, rfm.monetary[i]!]);

    const prep = fitPipeline(rows, ['log1p', 'standard']); // fitted once, reused for typed-in values
    const X = prep.transform(rows);
    const choice = chooseK(X, { kRange: [2, 8], seed: 42 });
    log('elbow:', choice.elbow.knee, '| best silhouette:', choice.best.silhouette);

    const model = kmeans(X, { k: 4, seed: 42 });
    const ward = agglomerative(X, { linkage: 'ward' }).cut({ k: 4 });
    log('k-means vs ward, ARI:', adjustedRandIndex(model.labels, ward.labels).toFixed(3));

    const { names } = nameSegments(toRows(prep.inverseTransform(model.centroids)), ['recency', 'frequency', 'monetary']);
    log('segments:', names.join(', '));
    log('a customer seen 10 days ago, 8 orders, 3,000 spent:', names[model.predict(prep.transformPoint([10, 8, 3000]))]);
    // --- example end
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const source = readFileSync(new URL(import.meta.url), 'utf8');
    const code = source.slice(source.indexOf('// --- example start') + 21, source.indexOf('    // --- example end')).replace(/^ {4}/gm, '').replaceAll('log(', 'console.log(');
    expect(readme).toContain(code.trim());
    expect(readme).toContain(`prints\n\n\`\`\`\n${printed.join('\n')}\n\`\`\``);
  });
});
