import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { generateTransactionsCsv } from '@shopper-spectrum/core';
import { main } from './cli.js';

describe('reference app CLI', () => {
  it('runs on the embedded default and writes explore.json', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ss-app-'));
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const code = await main(['--customers', '200', '--out', out]);
    log.mockRestore();
    expect(code).toBe(0);
    const artifact = JSON.parse(readFileSync(join(out, 'explore.json'), 'utf8'));
    expect(artifact.load.rowsRead).toBe(artifact.load.rowsKept + artifact.load.rowsRejected);
    expect(artifact.top50ByRevenue.length).toBeGreaterThan(10);
    expect(artifact.cleaning.rowsIn).toBe(artifact.load.rowsKept);
    const segmented = artifact.segments.business.reduce((n: number, s: { customers: number }) => n + s.customers, 0);
    expect(segmented).toBe(artifact.segments.customers);
    expect(artifact.clusters.segments.map((s: { name: string }) => s.name).sort()).toEqual(['At-Risk', 'High-Value', 'Occasional', 'Regular']);
    expect(artifact.clusters.model.kmeans.centroids).toHaveLength(4);
    expect(artifact.evaluation.protocol.evaluated).toBeGreaterThan(0);
    expect(artifact.evaluation.means['buy again']['map@5']).toBeGreaterThan(0);
  });

  it('reads a file given with --data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ss-app-'));
    const file = join(dir, 'log.csv');
    writeFileSync(file, generateTransactionsCsv({ seed: 9, customers: 30 }));
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const code = await main(['--', '--data', file, '--preset', 'strict', '--out', dir]);
    const printed = log.mock.calls.flat().join('\n');
    log.mockRestore();
    expect(code).toBe(0);
    expect(printed).toContain(`Source: ${file}`);
    expect(printed).toContain('duplicate');
  });

  it('says what is wrong with bad arguments or a missing file', async () => {
    const err = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(await main(['--preset', 'tidy'])).toBe(2);
    expect(await main(['--bogus'])).toBe(2);
    expect(await main(['--data', '/nonexistent/file.csv'])).toBe(1);
    expect(err.mock.calls.flat().join('\n')).toContain('READ_FAILED');
    err.mockRestore();
  });
});
