/**
 * Side by side, whole processes: `shopper-spectrum analyze` (the built CLI with its default models,
 * the built CLI without EASE and the learned ranker, and from the sources under tsx) and the same
 * steps in pandas + scikit-learn (bench/python/analyze_pandas.py), on the real file, alternating,
 * medians of wall time, CPU time and peak RSS (GNU time), and the stages inside each process. Needs /usr/bin/python3 with pandas, scikit-learn, scipy and matplotlib (Debian packages
 * python3-pandas python3-sklearn python3-matplotlib); never part of CI.
 * Usage: tsx src/sideBySide.ts [file] [runs] [--before <worktree> [--before-heavy]]   Prints Markdown tables; the last line is JSON.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const positional = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--before');
const file = positional[0] ?? process.env.SHOPPER_SPECTRUM_DATA ?? resolve(root, '../shared/data/online-retail.csv.gz');
const runs = Number(positional[1] ?? 3);
const python = '/usr/bin/python3';

/** True when python3 has what the script imports. */
export function pythonReady(): boolean {
  if (!existsSync(python)) return false;
  try {
    execFileSync(python, ['-c', 'import pandas, sklearn, scipy, matplotlib'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

if (!pythonReady()) {
  console.log('python3 with pandas, scikit-learn, scipy and matplotlib not found: apt-get install -y python3-pandas python3-sklearn python3-matplotlib');
  process.exit(0);
}
if (!existsSync(file)) {
  console.log(`no data at ${file}`);
  process.exit(0);
}
/** A whole process under GNU time: wall, CPU (user + sys) and peak RSS, and what it printed. */
function timedProcess(cmd: string, args: string[]): { out: string; wall: number; cpu: number; rssMiB: number } {
  const t = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S %M', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const wall = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
  const [user, sys, rss] = r.stderr.trim().split('\n').at(-1)!.split(' ').map(Number) as [number, number, number];
  return { out: r.stdout, wall, cpu: user + sys, rssMiB: rss / 1024 };
}

interface Whole {
  wall: number;
  cpu: number;
  rssMiB: number;
  timings: Record<string, number>;
}
const tsx = resolve(root, 'node_modules/.bin/tsx');
const builtCli = resolve(root, 'examples/reference-app/dist/cli.js');
const variants: { name: string; run: () => Whole }[] = [];
const ourArgs = (extra: string[]) => ['analyze', '--data', file, '--out', mkdtempSync(join(tmpdir(), 'ss-side-')), '--json', '--quiet', ...extra];
const ourRun = (cmd: string, pre: string[], extra: string[]) => (): Whole => {
  const r = timedProcess(cmd, [...pre, ...ourArgs(extra)]);
  const d = JSON.parse(r.out) as { timings: Record<string, number> };
  return { wall: r.wall, cpu: r.cpu, rssMiB: r.rssMiB, timings: d.timings };
};
const LIGHT = ['--models', 'popularity,repeat-purchase,item-knn,user-knn,tifu-knn,content'];
const DEFAULT = 'popularity,repeat-purchase,item-knn,user-knn,tifu-knn,content,ease';
if (existsSync(builtCli)) {
  variants.push({ name: 'shopper-spectrum analyze, built CLI (node dist/cli.js), default models (EASE included)', run: ourRun(process.execPath, [builtCli], []) });
  variants.push({ name: 'shopper-spectrum analyze, built CLI, default models + learned-ranker', run: ourRun(process.execPath, [builtCli], ['--models', `${DEFAULT},learned-ranker`]) });
  variants.push({ name: 'shopper-spectrum analyze, built CLI, without EASE (the models of the run before)', run: ourRun(process.execPath, [builtCli], LIGHT) });
}
variants.push({ name: 'shopper-spectrum analyze from the sources (tsx, what `pnpm shopper-spectrum` runs), default models', run: ourRun(tsx, ['--conditions=@shopper-spectrum/source', resolve(root, 'examples/reference-app/src/cli.ts')], []) });
// --before <worktree>: the built CLI of another revision (its dependencies installed and built), in the same run
const beforeAt = process.argv.indexOf('--before');
if (beforeAt > 0) {
  const dir = resolve(process.argv[beforeAt + 1]!);
  const rev = execFileSync('git', ['-C', dir, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  const cli = join(dir, 'examples/reference-app/dist/cli.js');
  variants.push({ name: `before (${rev}), built CLI, its default models (no EASE, no learned ranker)`, run: ourRun(process.execPath, [cli], []) });
  if (process.argv.includes('--before-heavy')) variants.push({ name: `before (${rev}), built CLI, with EASE and the learned ranker`, run: ourRun(process.execPath, [cli], ['--models', 'popularity,repeat-purchase,item-knn,user-knn,tifu-knn,content,ease,learned-ranker']) });
}
let map5: Record<string, number> = {};
variants.push({
  name: 'pandas + scikit-learn (bench/python/analyze_pandas.py)',
  run: () => {
    const r = timedProcess(python, [join(here, '../python/analyze_pandas.py'), file, mkdtempSync(join(tmpdir(), 'py-side-'))]);
    const p = JSON.parse(r.out.trim().split('\n').at(-1)!) as { timings: Record<string, number>; map5: Record<string, number> };
    map5 = p.map5;
    return { wall: r.wall, cpu: r.cpu, rssMiB: r.rssMiB, timings: p.timings };
  },
});
const results = variants.map(() => [] as Whole[]);
for (let i = 0; i < runs; i++) variants.forEach((v, j) => results[j]!.push(v.run())); // alternating
const py = results.at(-1)!;
const pyWall = median(py.map((r) => r.wall));
const pyCpu = median(py.map((r) => r.cpu));
console.log(`Whole processes on ${file.split('/').at(-1)}, median of ${runs} alternating runs (${cpus().length} cores).`);
console.log('');
console.log('| command | wall s | CPU s (user + sys) | peak RSS MiB | wall against Python |');
console.log('| --- | ---: | ---: | ---: | ---: |');
variants.forEach((v, j) => {
  const rs = results[j]!;
  const w = median(rs.map((r) => r.wall));
  console.log(`| ${v.name} | ${w.toFixed(2)} | ${median(rs.map((r) => r.cpu)).toFixed(2)} | ${median(rs.map((r) => r.rssMiB)).toFixed(0)} | ${(w / pyWall).toFixed(2)}x |`);
});
const stages = ['load', 'clean', 'explore', 'rfm', 'segment', 'recommend', 'charts', 'evaluate', 'write', 'total'];
console.log('');
console.log(`Stages inside the process (seconds; ours: ${variants[0]!.name}; evaluate runs in worker threads from the end of cleaning, overlapping the stages after it):`);
console.log('');
console.log('| stage | shopper-spectrum | pandas + scikit-learn |');
console.log('| --- | ---: | ---: |');
for (const st of stages) console.log(`| ${st} | ${median(results[0]!.map((r) => r.timings[st] ?? 0)).toFixed(2)} | ${median(py.map((r) => r.timings[st] ?? 0)).toFixed(2)} |`);
console.log('');
console.log(`pandas + scikit-learn MAP@5 (same protocol): ${Object.entries(map5).map(([k, v]) => `${k} ${v.toFixed(4)}`).join(', ')}`);
console.log(JSON.stringify({ python: { wall: pyWall, cpu: pyCpu }, ours: variants.slice(0, -1).map((v, j) => ({ name: v.name, wall: median(results[j]!.map((r) => r.wall)), ratio: median(results[j]!.map((r) => r.wall)) / pyWall })) }));
