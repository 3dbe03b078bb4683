/**
 * The README's `--json` command, exactly as the README shows it, run in a shell from a fresh
 * directory of the repository with a user's environment: everything it writes to stdout is one
 * JSON document (pnpm's banner stays off stdout with `-s`).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const here = join(root, 'coverage', `readme-json-${process.pid}`); // a directory outside every package, ignored by git
afterAll(() => rmSync(here, { recursive: true, force: true }));

/** The commands of the README's sh code blocks, without their comments. */
function shCommands(markdown: string): string[] {
  const blocks = [...markdown.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
  return blocks.flatMap((b) => b.split('\n')).map((l) => l.replace(/\s+#.*$/, '').trim()).filter(Boolean);
}

const readme = readFileSync(join(root, 'README.md'), 'utf8');
const jsonCommands = shCommands(readme).filter((c) => /\s--json(\s|$)/.test(c));

describe("the README's --json command", () => {
  it('is one command, through pnpm with -s', () => {
    expect(jsonCommands).toHaveLength(1);
    expect(jsonCommands[0]).toMatch(/^npx -y pnpm@10 -s shopper-spectrum analyze .*--json/);
  });

  it('prints only one JSON document on stdout, run as shown from a fresh directory', () => {
    mkdirSync(here, { recursive: true });
    const command = jsonCommands[0]!;
    // a user's shell: none of the variables the package manager running this test set
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'INIT_CWD' && !/^(npm_|pnpm_)/i.test(k)));
    const r = spawnSync('sh', ['-c', command], { cwd: here, env, encoding: 'utf8', maxBuffer: 64 << 20, timeout: 170_000 });
    expect(r.status, r.stderr).toBe(0);
    // stdout as the command leaves it: in the file it redirects to, or on the pipe
    const redirect = /\s>\s*(\S+)\s*$/.exec(command)?.[1];
    const stdout = redirect ? readFileSync(join(here, redirect), 'utf8') : r.stdout;
    const doc = JSON.parse(stdout) as { rows: { loaded: number; kept: number; rejected: number }; segments: unknown[]; artifacts: string[] };
    expect(doc.rows.loaded).toBe(doc.rows.kept + doc.rows.rejected);
    expect(doc.segments.length).toBeGreaterThan(0);
    expect(doc.artifacts).toContain('analysis.json');
    // the same document analyze wrote (relative paths resolved where the command ran)
    expect(JSON.parse(readFileSync(join(here, 'out', 'analysis.json'), 'utf8'))).toEqual(doc);
  }, 180_000);
});
