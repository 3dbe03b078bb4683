import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../src/analyze.js';

let cached: Promise<string> | undefined;

/** An artifacts directory from `analyze` on a small synthetic log (made once per test file). */
export function smallArtifacts(): Promise<string> {
  cached ??= (async () => {
    const out = mkdtempSync(join(tmpdir(), 'ss-artifacts-'));
    await analyze({ source: { seed: 7, customers: 400 }, preset: 'notebook', k: 4, seed: 42, out });
    return out;
  })();
  return cached;
}
