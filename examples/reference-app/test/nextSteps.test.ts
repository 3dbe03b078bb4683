/**
 * The lines analyze prints for the next step run as printed: in this repository they take the
 * README's form (`npx -y pnpm@10 shopper-spectrum ...`), quote what needs quoting, and the
 * "Dashboard:" line, run in a shell from a fresh directory, serves what analyze wrote. (The packed
 * CLI's form, `npx shopper-spectrum ...`, is run the same way by .ci/pack-check.mjs.)
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from './helpers.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const here = join(root, 'coverage', `next-steps-${process.pid}`); // outside every package, ignored by git
afterAll(() => rmSync(here, { recursive: true, force: true }));

/** The environment of a user's shell: none of the variables the package manager running this test set. */
const shellEnv = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'INIT_CWD' && !/^(npm_|pnpm_)/i.test(k)));

const portFree = (port: number) =>
  new Promise<boolean>((answer) => {
    const probe = createServer();
    probe.once('error', () => answer(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => answer(true)));
  });

describe('the next steps analyze prints', () => {
  const out = join(here, 'my artifacts');
  let printed = '';

  it('take the README form and quote a directory with a space', async () => {
    mkdirSync(here, { recursive: true });
    const r = await run(['analyze', '--customers', '150', '--k', '2', '--models', 'popularity', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    printed = r.stdout;
    expect(r.stdout).toContain(`\nDashboard: npx -y pnpm@10 shopper-spectrum serve --artifacts "${out}"\n`);
    expect(r.stdout).toContain('Your own data: npx -y pnpm@10 shopper-spectrum analyze --data path/to/online-retail.csv.gz');
  }, 60_000);

  it('the Dashboard line, run as printed in a shell from a fresh directory, serves those artifacts', async () => {
    const line = /^Dashboard: (.*)$/m.exec(printed)?.[1];
    expect(line).toBeDefined();
    // as printed; plus --port 0 only where port 3000 is taken (another server on this machine)
    const command = (await portFree(3000)) ? line! : `${line!} --port 0`;
    const child = spawn('sh', ['-c', command], { cwd: here, env: shellEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    try {
      const url = await new Promise<string>((found, fail) => {
        let text = '';
        child.stdout.on('data', (d: Buffer) => {
          text += d.toString();
          const m = /Dashboard: (http:\/\/[^/\s]+)\//.exec(text);
          if (m) found(m[1]!);
        });
        void exited.then(() => fail(new Error(`serve exited before listening:\n${text}${stderr}`)));
      });
      const health = (await (await fetch(`${url}/api/health`)).json()) as { status: string };
      expect(health.status).toBe('ok');
    } finally {
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
    }
  }, 120_000);
});
