/**
 * Start-up of the built CLI, whole processes, as a user feels it: `node -e 0` against
 * `shopper-spectrum --help`, `analyze --help` and `serve --help` run from the tsup build
 * (`examples/reference-app/dist/cli.js`, what `npx shopper-spectrum` runs once installed),
 * alternating, `runs` rounds; wall time of each process from spawn to exit.
 * Prints one JSON line: `{ runs, medians: { name: ms }, ratios: { name: x } }`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const bin = resolve(root, 'examples/reference-app/dist/cli.js');
const runs = Number(process.argv[2] ?? 5);
if (!existsSync(bin)) {
  console.error(`${bin} is missing: build it first (pnpm --filter shopper-spectrum build)`);
  process.exit(1);
}

const commands: [string, string[]][] = [
  ['node -e 0', ['-e', '0']],
  ['shopper-spectrum --help', [bin, '--help']],
  ['shopper-spectrum analyze --help', [bin, 'analyze', '--help']],
  ['shopper-spectrum serve --help', [bin, 'serve', '--help']],
];
const times = new Map<string, number[]>(commands.map(([name]) => [name, []]));
const wall = (args: string[]) => {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${String(r.stderr).slice(0, 300)}`);
  return ms;
};
for (const [, args] of commands) wall(args); // warm the file cache once
for (let i = 0; i < runs; i++) for (const [name, args] of commands) times.get(name)!.push(wall(args));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const medians = Object.fromEntries([...times].map(([k, v]) => [k, median(v)]));
const base = medians['node -e 0']!;
console.log(JSON.stringify({ runs, medians, ratios: Object.fromEntries(Object.entries(medians).map(([k, v]) => [k, v / base])) }));
