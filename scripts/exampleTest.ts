/**
 * The test every example shares: run the example's script as its README says (a `sh` block naming
 * `src/<script>.ts`, followed by `prints` and a block), and compare what it prints with that block,
 * whole. Examples on the real data run when the file is there, and always in CI (where a missing
 * file fails the test instead of skipping it).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** Where the real Online Retail file is (SHOPPER_SPECTRUM_DATA, or ../shared beside the repository). */
export const REAL_DATA = process.env.SHOPPER_SPECTRUM_DATA ?? fileURLToPath(new URL('../../shared/data/online-retail.csv.gz', import.meta.url));
const inCi = process.env.CI === 'true' || process.env.CI === '1';

/** One documented run: the script, its arguments, the output the README shows. */
export interface DocumentedRun {
  readonly script: string;
  readonly args: string[];
  readonly expected: string;
}

/** Splits a command line as a POSIX shell would for plain words and '...' or "..." quoting. */
function shellWords(line: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

/** The documented runs of a README: ```sh blocks whose command runs `src/x.ts`, each followed by `prints` and a block. */
export function documentedRuns(markdown: string): DocumentedRun[] {
  const runs: DocumentedRun[] = [];
  const re = /```sh\n([\s\S]*?)\n```\s*\nprints:?\s*\n\s*```\w*\n([\s\S]*?)\n```/g;
  for (let m = re.exec(markdown); m; m = re.exec(markdown)) {
    // a line `... start <args>  # src/x.ts`: the script from the comment, the arguments after `start`
    const command = m[1]!.split('\n').find((l) => /#.*src\/[\w-]+\.ts/.test(l));
    if (!command) continue;
    const script = /src\/[\w-]+\.ts/.exec(command.slice(command.indexOf('#')))![0];
    const words = shellWords(command.slice(0, command.indexOf('#')));
    const at = words.indexOf('start');
    const args = at < 0 ? [] : words.slice(at + 1);
    runs.push({ script, args, expected: m[2]! });
  }
  return runs;
}

/**
 * Declares the example's test: each documented run prints exactly what the README shows.
 *
 * @param exampleUrl - `new URL('..', import.meta.url)` from the example's test file (its folder)
 * @param options - `realData`: the runs need the real file (skipped without it outside CI)
 */
export function exampleOutputTest(exampleUrl: URL, options: { readonly realData?: boolean; readonly timeoutMs?: number } = {}): void {
  const dir = fileURLToPath(exampleUrl);
  const readme = readFileSync(join(dir, 'README.md'), 'utf8');
  const runs = documentedRuns(readme);
  const enabled = !options.realData || inCi || existsSync(REAL_DATA);
  describe.runIf(enabled)(`the example in ${dir.split('/').filter(Boolean).at(-1)}`, () => {
    it('documents at least one run with its output', () => expect(runs.length).toBeGreaterThan(0));
    it.each(runs.map((r) => [`${r.script} ${r.args.join(' ')}`.trim(), r] as const))('%s prints what its README shows', (_name, run) => {
      if (options.realData) expect(existsSync(REAL_DATA), `the real data file ${REAL_DATA}`).toBe(true);
      const tsx = createRequire(join(dir, 'package.json')).resolve('tsx/cli');
      const r = spawnSync(process.execPath, [tsx, '--conditions=@shopper-spectrum/source', run.script, ...run.args], {
        cwd: dir,
        encoding: 'utf8',
        // as `pnpm --dir examples/x start` from the repository root: relative paths are the root's
        env: { ...process.env, SHOPPER_SPECTRUM_DATA: REAL_DATA, INIT_CWD: fileURLToPath(new URL('..', import.meta.url)), NO_COLOR: '1' },
        timeout: options.timeoutMs ?? 300_000,
        maxBuffer: 1 << 24,
      });
      expect(r.stderr.includes('Error') ? r.stderr : '', 'stderr').not.toMatch(/\n\s+at /);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout.replace(/\n$/, '')).toBe(run.expected);
    }, options.timeoutMs ?? 300_000);
  });
}

