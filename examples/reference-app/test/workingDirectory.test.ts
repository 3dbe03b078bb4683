/**
 * Relative paths resolve from the directory the command was run in, also through `pnpm` from a
 * subdirectory of the repository (pnpm runs the script at the root; `INIT_CWD` says where the user stands).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { generateTransactionsCsv } from '@shopper-spectrum/core';

const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const here = join(root, 'coverage', `cwd-${process.pid}`); // a directory outside the app's package, ignored by git
afterAll(() => rmSync(here, { recursive: true, force: true }));

/** pnpm as the test runner was started (pnpm test), or pnpm 10 through npx. */
function pnpm(): [string, string[]] {
  const exec = process.env.npm_execpath; // read before shellEnv() leaves it out of the child's environment
  return exec && /pnpm/.test(exec) ? [process.execPath, [exec]] : ['npx', ['-y', 'pnpm@10']];
}

/** The environment of a user's shell: none of the variables the package manager running this test set. */
function shellEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'INIT_CWD' && !k.startsWith('npm_') && !k.startsWith('PNPM_')));
}

describe('the working directory', () => {
  it('pnpm shopper-spectrum analyze --data small.csv --out out, run in a subdirectory, reads and writes there', async () => {
    mkdirSync(here, { recursive: true });
    writeFileSync(join(here, 'small.csv'), generateTransactionsCsv({ seed: 3, customers: 120 }));
    const [cmd, pre] = pnpm();
    const { stdout } = await run(cmd, [...pre, '-s', 'shopper-spectrum', 'analyze', '--data', 'small.csv', '--out', 'out', '--quiet', '--json', '--models', 'popularity', '--k', '2'], { cwd: here, maxBuffer: 64 << 20, env: shellEnv() });
    expect(JSON.parse(stdout).source).toBe(join(here, 'small.csv'));
    expect(existsSync(join(here, 'out', 'analysis.json'))).toBe(true);
  }, 120_000);
});
