import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { loadRecommender } from '@shopper-spectrum/recommend';
import { main } from '../src/cli.js';
import { decodeTable } from '../src/tableFile.js';

/** Runs the CLI with captured stdout and stderr. */
export async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, cwd: process.cwd() });
  return { code, stdout, stderr };
}

/** Checks that every artifact analyze lists exists and parses; returns the summary. */
export function checkArtifacts(out: string): Record<string, unknown> & { artifacts: string[] } {
  const summary = JSON.parse(readFileSync(join(out, 'analysis.json'), 'utf8'));
  for (const name of summary.artifacts as string[]) {
    const path = join(out, name);
    expect(existsSync(path), name).toBe(true);
    const bytes = readFileSync(path);
    if (name.endsWith('.json')) expect(() => JSON.parse(bytes.toString('utf8')), name).not.toThrow();
    else if (name.endsWith('.csv')) {
      const lines = bytes.toString('utf8').trim().split('\n');
      expect(lines.length, name).toBeGreaterThan(1);
      const cols = lines[0]!.split(',').length;
      expect(lines.every((l) => l.split(',').length >= cols), name).toBe(true);
    } else if (name.endsWith('.svg')) expect(bytes.toString('utf8'), name).toMatch(/^<svg[\s\S]*<\/svg>$/);
    else if (name.endsWith('.ssrm')) {
      const model = loadRecommender(new Uint8Array(bytes));
      expect(model.recommend(model.matrix.customers[0]!, 5), name).toHaveLength(5);
    }
    else if (name.endsWith('.sstb')) expect(decodeTable(bytes).length).toBe(summary.rows.kept);
    else if (name.endsWith('.html')) expect(bytes.toString('utf8')).toMatch(/^<!doctype html>[\s\S]*<svg[\s\S]*<\/html>\s*$/);
    else if (name.endsWith('.md')) expect(bytes.toString('utf8')).toContain('## Key findings');
    else throw new Error(`unexpected artifact ${name}`);
  }
  return summary;
}

